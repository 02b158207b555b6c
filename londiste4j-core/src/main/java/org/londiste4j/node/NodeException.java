package org.londiste4j.node;

import org.londiste4j.L4jException;

import java.sql.SQLException;

/**
 * A call into the pgq_node SQL API failed: either the function answered with a {@code ret_code} of 300 or more
 * ({@link #code()} and {@link #note()} are what it said, e.g. 404 "Unknown queue: q"), or the server raised an
 * error ({@link #code()} is 0, {@link #sqlState()} says what, {@link #isTransient()} whether to retry).
 */
public class NodeException extends L4jException {
    private final int code;
    private final String note;
    private final String function;
    private final String sqlState;

    /** A {@code ret_code} of 300 or more from {@code function}. */
    public NodeException(String function, int code, String note) {
        super(function + ": " + code + " " + note);
        this.function = function;
        this.code = code;
        this.note = note;
        this.sqlState = null;
    }

    /** The server failed the call to {@code function}. */
    public NodeException(String function, String message, SQLException cause) {
        super(function + " failed: " + message, cause);
        this.function = function;
        this.code = 0;
        this.note = message;
        this.sqlState = cause == null ? null : cause.getSQLState();
    }

    /** Bad input found before any call. */
    NodeException(String message) {
        super(message);
        this.function = null;
        this.code = 0;
        this.note = message;
        this.sqlState = null;
    }

    /** The function's {@code ret_code} (300 and up), or 0 when the server raised an error. */
    public int code() {
        return code;
    }

    /** The function's {@code ret_note}, or the server's error message. */
    public String note() {
        return note;
    }

    /** The SQL function, e.g. {@code pgq_node.create_node}; null for bad input found before any call. */
    public String function() {
        return function;
    }

    /** The server's SQLSTATE, or null when the function answered with a ret_code. */
    public String sqlState() {
        return sqlState;
    }

    /**
     * True when trying again later may succeed: connection failures (class 08), transaction rollbacks
     * (class 40: serialization failure, deadlock) and operator intervention (57P: shutdown, crash recovery).
     */
    public boolean isTransient() {
        return sqlState != null
                && (sqlState.startsWith("08") || sqlState.startsWith("40") || sqlState.startsWith("57P"));
    }
}
