package org.londiste4j.pgq;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

/**
 * The queue semantics of issue 2 through the Java consumer API on londiste4j's pgq, on every PostgreSQL major of
 * the run: ticks and transaction boundaries, rotation under a lagging consumer, retry, fan-out, lazy fetch of a
 * 200k-event batch, at-least-once on failure. The same scenarios run on the original extension in
 * {@link OriginalPgqConsumerIT}.
 */
class ConsumerSemanticsIT {

    static List<String> versions() {
        return org.londiste4j.testkit.PgServers.versions();
    }

    private static ConsumerScenarios on(String major) throws Exception {
        return new ConsumerScenarios(PgqDb.londiste4j(major));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldPutTxSpanningTickInLaterBatchAndNeverAnAbortedOne(String major) throws Exception {
        on(major).txSpanningTickLandsInLaterBatch();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldNeitherLoseNorRepeatAcrossRotationsWhileAConsumerLags(String major) throws Exception {
        on(major).noLossNorRepeatAcrossRotationsWhileLagging();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldGiveRetriedEventBackToThatConsumerOnly(String major) throws Exception {
        on(major).retryComesBackOnlyToThatConsumer();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFanOutEveryEventToEachConsumer(String major) throws Exception {
        on(major).twoConsumersEachSeeEveryEvent();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldWalkBigBatchThroughCursorInChunks(String major) throws Exception {
        on(major).lazyFetchWalksBigBatchInChunks(200_000);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldFilterByTableAndFetchEagerlyWhenAsked(String major) throws Exception {
        on(major).filterAndEagerFetch();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldJoinTicksForEventCountAndKeepLag(String major) throws Exception {
        on(major).customBatchConditions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldCloseCursorWhenWalkStopsEarly(String major) throws Exception {
        on(major).partialWalkThenFinish();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldGiveFailedBatchAgain(String major) throws Exception {
        on(major).failedBatchComesAgain();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldGiveBatchAgainAfterConnectionDiesBeforeFinish(String major) throws Exception {
        on(major).crashBeforeFinishGivesBatchAgain();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldDecodeTriggerEventsToTheRow(String major) throws Exception {
        on(major).triggerEventsDecodeToTheRow();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldAnswerEveryApiCallExactly(String major) throws Exception {
        on(major).restOfTheApi();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldReportInfoAndNameQueueAndConsumerInErrors(String major) throws Exception {
        on(major).infoAndErrors();
    }
}
