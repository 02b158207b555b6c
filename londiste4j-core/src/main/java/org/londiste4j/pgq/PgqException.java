package org.londiste4j.pgq;

import org.londiste4j.L4jException;

import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A call into the PgQ SQL API failed. Raised once, by {@link PgqApi}, around the {@link SQLException} of the
 * server, with the function and the queue, consumer and batch it was called for.
 *
 * <p>{@link #isTransient()} tells a consumer loop whether waiting and trying again can help (lost connection,
 * serialization failure, deadlock, server shutting down) or whether a human must look (a missing queue, a
 * consumer that is not registered).
 */
public class PgqException extends L4jException {
    private final String function;
    private final String queue;
    private final String consumer;
    private final Long batchId;
    private final String sqlState;

    PgqException(String message, Call call, SQLException cause) {
        super(message, cause);
        this.function = call.function();
        this.queue = call.queue();
        this.consumer = call.consumer();
        this.batchId = call.batchId();
        this.sqlState = cause == null ? null : cause.getSQLState();
    }

    /** The pgq function that failed, e.g. {@code pgq.next_batch_custom}. */
    public String function() {
        return function;
    }

    public Optional<String> queue() {
        return Optional.ofNullable(queue);
    }

    public Optional<String> consumer() {
        return Optional.ofNullable(consumer);
    }

    public OptionalLong batchId() {
        return batchId == null ? OptionalLong.empty() : OptionalLong.of(batchId);
    }

    /** The server's SQLSTATE, or null when the failure did not come from the server. */
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

    /** What a call was about, to name it in a message: any part may be null. */
    record Call(String function, String queue, String consumer, Long batchId) {

        /** {@code queue "q1", consumer "c1": pgq.next_batch_info failed} */
        String describe() {
            StringBuilder sb = new StringBuilder();
            if (queue != null) {
                sb.append("queue \"").append(queue).append('"');
            }
            if (consumer != null) {
                sb.append(sb.length() > 0 ? ", " : "").append("consumer \"").append(consumer).append('"');
            }
            if (batchId != null) {
                sb.append(sb.length() > 0 ? ", " : "").append("batch ").append(batchId);
            }
            if (sb.length() == 0) {
                sb.append(function);
            } else {
                sb.append(": ").append(function);
            }
            return sb.toString();
        }
    }
}
