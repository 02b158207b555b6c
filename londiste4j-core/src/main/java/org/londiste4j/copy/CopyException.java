package org.londiste4j.copy;

import org.londiste4j.L4jException;

/**
 * A copy, create or checksum that could not be done, named by table: a missing table, no common column, a feature
 * the destination's PostgreSQL lacks, or the server's own error with the statement's object named.
 */
public class CopyException extends L4jException {
    private final String sqlState;

    public CopyException(String message) {
        super(message);
        this.sqlState = null;
    }

    public CopyException(String message, Throwable cause) {
        super(message, cause);
        this.sqlState = cause instanceof java.sql.SQLException se ? se.getSQLState() : null;
    }

    /** The SQLSTATE of the server error behind this one, or null. */
    public String sqlState() {
        return sqlState;
    }
}
