package org.londiste4j.pgq;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * One PgQ event as a batch delivers it (the columns of {@code pgq.get_batch_events}).
 *
 * <p>{@code txid} is null for an event that came back from the retry queue (PgQ does not keep the original
 * transaction id there); {@code retry} is 0 for a first delivery and counts up with each
 * {@code pgq.event_retry}. Producers decide the meaning of {@code type}, {@code data} and the extras; for
 * table events of the PgQ triggers ({@code logutriga}, {@code sqltriga}, {@code jsontriga}) {@code extra1} is
 * the table name, and {@link #rowType()} / {@link #urlencodedRow()} / {@link #jsonRow()} decode the rest.
 */
public record Event(long id, OffsetDateTime time, Long txid, int retry, String type, String data, String extra1,
                    String extra2, String extra3, String extra4) {

    /** The row operation and primary key of a trigger event, or empty for other event types. */
    public Optional<RowEventType> rowType() {
        return RowEventType.parse(type);
    }

    /** {@code data} as a {@code logutriga} row: column to text value, in column order, null for NULL. */
    public Map<String, String> urlencodedRow() {
        return EventData.urldecode(data);
    }

    /** {@code data} as a {@code jsontriga} row: column to text value, in column order, null for NULL. */
    public Map<String, String> jsonRow() {
        return EventData.jsonRow(data);
    }

    @Override
    public String toString() {
        // as python-pgq's Event.__str__: enough to find the event again, short enough for a log line
        return "<id=" + id + " type=" + type + " data=" + data + " e1=" + extra1 + " e2=" + extra2 + " e3=" + extra3
                + " e4=" + extra4 + ">";
    }
}
