package org.londiste4j.apply;

import org.londiste4j.L4jException;

/**
 * A row event that cannot be applied to the subscriber: the table or one of the event's columns is missing
 * there, the event is malformed, or the subscriber refused the statement (the SQL error is the cause).
 */
public class ApplyException extends L4jException {
    public ApplyException(String message) {
        super(message);
    }

    public ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
