package org.londiste4j.pgq;

/**
 * One step of PgQ maintenance as {@code pgq.maint_operations()} lists it: a function to call with an optional
 * argument ({@code pgq.maint_rotate_tables_step1('q')}), or {@code vacuum} of a table.
 *
 * <p>Each step runs in its own transaction: rotation step 2 must see step 1 committed.
 */
public record MaintOperation(String funcName, String funcArg) {

    /** True for the {@code vacuum <table>} pseudo-function, which is a command, not a function call. */
    public boolean isVacuum() {
        return "vacuum".equalsIgnoreCase(funcName);
    }
}
