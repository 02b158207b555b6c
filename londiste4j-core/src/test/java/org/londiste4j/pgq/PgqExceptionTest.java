package org.londiste4j.pgq;

import org.junit.jupiter.api.Test;
import org.londiste4j.pgq.PgqException.Call;

import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgqExceptionTest {

    @Test
    void shouldNameWhatTheCallWasAbout() {
        assertEquals("queue \"q\", consumer \"c\": pgq.next_batch_info",
                new Call("pgq.next_batch_info", "q", "c", null).describe());
        assertEquals("batch 7: pgq.finish_batch", new Call("pgq.finish_batch", null, null, 7L).describe());
        assertEquals("pgq.ticker", new Call("pgq.ticker", null, null, null).describe());
        assertEquals("queue \"q\", batch 3: commit", new Call("commit", "q", null, 3L).describe());
    }

    @Test
    void shouldWrapOnceWithContextAndTheServerState() {
        SQLException cause = new SQLException("ERROR: Not subscriber to queue: q/c", "P0001");
        PgqException e = PgqSql.wrap(new Call("pgq.next_batch_info", "q", "c", null), cause);
        assertEquals("queue \"q\", consumer \"c\": pgq.next_batch_info failed: ERROR: Not subscriber to queue: q/c",
                e.getMessage());
        assertEquals(cause, e.getCause());
        assertEquals("P0001", e.sqlState());
        assertEquals(Optional.of("q"), e.queue());
        assertEquals(OptionalLong.empty(), e.batchId());
        assertFalse(e.isTransient());
    }

    @Test
    void shouldTellTransientFailures() {
        for (String state : new String[] {"08006", "08003", "40001", "40P01", "57P01", "57P03"}) {
            assertTrue(PgqSql.wrap(new Call("f", null, null, null), new SQLException("x", state)).isTransient(),
                    state);
        }
        for (String state : new String[] {"P0001", "42883", "23505", "57014", "28P01"}) {
            assertFalse(PgqSql.wrap(new Call("f", null, null, null), new SQLException("x", state)).isTransient(),
                    state);
        }
        assertFalse(PgqSql.wrap(new Call("f", null, null, null), new SQLException("x")).isTransient());
    }
}
