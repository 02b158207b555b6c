package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** The initial-copy protocol on the original extensions (Debian PostgreSQL 15). */
@DisplayName("initial copy under writes (original extensions)")
class CopyIT {

    @Test
    void copyOnOriginal() throws Exception {
        CopyScenarios.copyUnderWrites(NodeDb.original("croot"), NodeDb.original("cleaf"), new SqlTestCopier(), null);
    }

    @Test
    void copyThroughKilledConnectionsOnOriginal() throws Exception {
        CopyScenarios.copyUnderWrites(NodeDb.original("croot"), NodeDb.original("cleaf"), new SqlTestCopier(),
                Duration.ofMillis(700));
    }
}
