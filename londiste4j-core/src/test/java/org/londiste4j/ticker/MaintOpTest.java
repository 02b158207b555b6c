package org.londiste4j.ticker;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaintOpTest {

    @Test
    void shouldCallFunctionWithBoundQueueName() {
        MaintOp op = new MaintOp("pgq.maint_rotate_tables_step1", "my'queue");
        assertFalse(op.isStatement());
        assertEquals(Optional.of("select \"pgq\".\"maint_rotate_tables_step1\"(?)"), op.sql());
    }

    @Test
    void shouldCallFunctionWithoutArgumentWhenArgIsNull() {
        assertEquals(Optional.of("select \"pgq\".\"maint_rotate_tables_step2\"()"),
                new MaintOp("pgq.maint_rotate_tables_step2", null).sql());
    }

    @Test
    void shouldRunVacuumAsStatementWithQuotedTable() {
        MaintOp op = new MaintOp("vacuum", "pgq.event_1_0");
        assertTrue(op.isStatement());
        assertEquals(Optional.of("vacuum \"pgq\".\"event_1_0\""), op.sql());
        assertEquals(Optional.of("vacuum analyze \"public\".\"My Table\""),
                new MaintOp("VACUUM ANALYZE", "public.My Table").sql());
    }

    @Test
    void shouldQuoteNamesSoTheyCannotInjectSql() {
        assertEquals(Optional.of("vacuum \"pgq\".\"t; drop table x\""),
                new MaintOp("vacuum", "pgq.t; drop table x").sql());
        assertEquals(Optional.of("\"a\"\"b\""), MaintOp.quoteFqName("a\"b"));
    }

    @Test
    void shouldTakeQuotedPartsAsSqlWould() {
        assertEquals(Optional.of("\"Sch.x\".\"T\"\"y\""), MaintOp.quoteFqName("\"Sch.x\".\"T\"\"y\""));
    }

    @Test
    void shouldRefuseNamesThatAreNotOneOrTwoParts() {
        assertEquals(Optional.empty(), MaintOp.quoteFqName("a.b.c"));
        assertEquals(Optional.empty(), MaintOp.quoteFqName("a..b"));
        assertEquals(Optional.empty(), MaintOp.quoteFqName(""));
        assertEquals(Optional.empty(), MaintOp.quoteFqName("\"open"));
        assertEquals(Optional.empty(), new MaintOp("vacuum", null).sql());
    }

    @Test
    void shouldRepeatOnlyOnNonZeroNumber() {
        assertTrue(Maintenance.isNonZeroNumber("1"));
        assertTrue(Maintenance.isNonZeroNumber(" 3 "));
        assertFalse(Maintenance.isNonZeroNumber("0"));
        assertFalse(Maintenance.isNonZeroNumber(""));
        assertFalse(Maintenance.isNonZeroNumber("t"));
    }
}
