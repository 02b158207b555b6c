package org.londiste4j.worker;

import org.londiste4j.L4jException;

/**
 * The worker cannot go on with the current batch or table: a lost queue position, an event it does not know, a
 * table state that breaks the copy protocol. The job logs it, stores it as the consumer's error
 * ({@code pgq_node.set_consumer_error}) and retries after {@code exception_sleep}; nothing of the batch was
 * committed on the subscriber.
 */
public class ReplayException extends L4jException {
    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
