package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A branch keeps the root's queue and feeds a leaf; sequences follow (original extensions). */
@DisplayName("root -> branch -> leaf (original extensions)")
class BranchIT {

    @Test
    void branchOnOriginal() throws Exception {
        BranchScenarios.cascade(NodeDb.original("broot"), NodeDb.original("bbranch"), NodeDb.original("bleaf"));
    }
}
