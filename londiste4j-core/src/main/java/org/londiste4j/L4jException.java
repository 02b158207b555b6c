package org.londiste4j;

/**
 * Root of londiste4j's exceptions. All are unchecked; each message follows
 * {@code <subject>: <what is wrong>[; <what to do>]} so that it can be shown to a DBA as one line.
 */
public class L4jException extends RuntimeException {
    public L4jException(String message) {
        super(message);
    }

    public L4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
