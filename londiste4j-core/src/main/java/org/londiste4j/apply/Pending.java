package org.londiste4j.apply;

import java.util.List;

/**
 * One buffered row event, kept as the text it came in (decoded again at flush time: the raw string is the
 * smallest form, and a ten-million-event batch must fit the buffer bound).
 *
 * @param id   ev_id, for error messages
 * @param kind {@link #URLENC} (logutriga), {@link #JSON} (jsontriga) or {@link #SQL} (sqltriga's partial SQL)
 * @param op   I, U or D
 * @param pkey key columns named by the event type (empty for sqltriga events)
 * @param data ev_data
 */
record Pending(long id, char kind, char op, List<String> pkey, String data) {
    static final char URLENC = 'u';
    static final char JSON = 'j';
    static final char SQL = 's';

    /** A rough heap size: the string's chars plus the objects around it. */
    long heapBytes() {
        return 96 + 2L * (data == null ? 0 : data.length());
    }
}
