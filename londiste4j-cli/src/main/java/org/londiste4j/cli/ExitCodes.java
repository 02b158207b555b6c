package org.londiste4j.cli;

/** Exit codes of every londiste4j program (SPEC.md section 3). Scripts rely on them. */
public final class ExitCodes {
    /** done */
    public static final int OK = 0;
    /** a runtime failure: a database error, a lost connection, a failed operation */
    public static final int FAILURE = 1;
    /** bad usage or bad config: nothing was changed */
    public static final int USAGE = 2;
    /** {@code compare} ran fine and found differences */
    public static final int DIFFERENCES = 3;

    private ExitCodes() {
    }
}
