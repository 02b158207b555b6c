package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The worker stopped during a copy and started again (original extensions, the project's copy and applier). */
@DisplayName("worker stopped during a copy and restarted (original extensions)")
class StopRestartIT {

    @Test
    void stopDuringCopyOnOriginal() throws Exception {
        StopRestartScenarios.stopDuringCopy(NodeDb.original("sroot"), NodeDb.original("sleaf"),
                Cascade.Parts.project(), 600_000);
    }
}
