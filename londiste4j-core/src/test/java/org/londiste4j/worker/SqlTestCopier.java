package org.londiste4j.worker;

import org.londiste4j.db.Quote;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A plain initial copy for the worker's tests (all columns, in memory): REPEATABLE READ on the provider, its
 * snapshot, COPY out, TRUNCATE and COPY in on the subscriber. Counts its copies.
 */
final class SqlTestCopier implements TableCopier {
    final AtomicInteger copies = new AtomicInteger();

    @Override
    public Outcome copy(Connection provider, Connection subscriber, String sourceTable, String destTable,
                        boolean skipTruncate, BooleanSupplier stop) {
        try {
            provider.commit();
            provider.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (Statement st = provider.createStatement()) {
                try (ResultSet rs = st.executeQuery("select txid_current_snapshot()::text")) {
                    rs.next();
                    snapshot = rs.getString(1);
                }
                provider.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("copy " + Quote.fqIdent(sourceTable) + " to stdout", buf);
            } finally {
                provider.commit();
                provider.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            try (Statement st = subscriber.createStatement()) {
                if (!skipTruncate) {
                    st.execute("truncate only " + Quote.fqIdent(destTable));
                }
            }
            long rows = subscriber.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + Quote.fqIdent(destTable) + " from stdin",
                            new ByteArrayInputStream(buf.toByteArray()));
            copies.incrementAndGet();
            return new Outcome(snapshot, rows, buf.size());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("test copy of " + sourceTable + ": " + e.getMessage(), e);
        }
    }
}
