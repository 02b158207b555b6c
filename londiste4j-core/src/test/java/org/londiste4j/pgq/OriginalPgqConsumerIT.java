package org.londiste4j.pgq;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The consumer scenarios on the original C pgq extension (Debian's postgresql-15-pgq3), as the reference the
 * londiste4j pgq must match. Runs on Debian's PostgreSQL 15 ({@code SystemPg}, packages of .ci/install-deps) started for the JVM,
 * or on the server of {@code -Dpgq.original.url=...}; skipped, saying so, when neither is there.
 */
@DisplayName("consumer scenarios on the original pgq extension")
class OriginalPgqConsumerIT {

    private static ConsumerScenarios scenarios() throws Exception {
        return new ConsumerScenarios(PgqDb.original());
    }

    @Test
    void txSpanningTickLandsInLaterBatch() throws Exception {
        scenarios().txSpanningTickLandsInLaterBatch();
    }

    @Test
    void noLossNorRepeatAcrossRotationsWhileLagging() throws Exception {
        scenarios().noLossNorRepeatAcrossRotationsWhileLagging();
    }

    @Test
    void retryComesBackOnlyToThatConsumer() throws Exception {
        scenarios().retryComesBackOnlyToThatConsumer();
    }

    @Test
    void twoConsumersEachSeeEveryEvent() throws Exception {
        scenarios().twoConsumersEachSeeEveryEvent();
    }

    @Test
    void lazyFetchWalksBigBatchInChunks() throws Exception {
        scenarios().lazyFetchWalksBigBatchInChunks(200_000);
    }

    @Test
    void filterAndEagerFetch() throws Exception {
        scenarios().filterAndEagerFetch();
    }

    @Test
    void customBatchConditions() throws Exception {
        scenarios().customBatchConditions();
    }

    @Test
    void partialWalkThenFinish() throws Exception {
        scenarios().partialWalkThenFinish();
    }

    @Test
    void failedBatchComesAgain() throws Exception {
        scenarios().failedBatchComesAgain();
    }

    @Test
    void crashBeforeFinishGivesBatchAgain() throws Exception {
        scenarios().crashBeforeFinishGivesBatchAgain();
    }

    @Test
    void triggerEventsDecodeToTheRow() throws Exception {
        scenarios().triggerEventsDecodeToTheRow();
    }

    @Test
    void restOfTheApi() throws Exception {
        scenarios().restOfTheApi();
    }

    @Test
    void infoAndErrors() throws Exception {
        scenarios().infoAndErrors();
    }
}
