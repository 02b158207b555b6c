package org.londiste4j.copy;

import org.londiste4j.db.Quote;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The initial copy of one table (londiste's {@code copy} step, state {@code in-copy}): the provider's rows under
 * one consistent snapshot, streamed by COPY straight into the subscriber's table, with the destination's
 * indexes and constraints (primary key included, unless a foreign key needs it) dropped before and rebuilt after,
 * then ANALYZE.
 *
 * <p>Invariant: the returned snapshot is exactly the one the rows were read under, so the worker can skip the
 * events of every transaction it sees and apply the others (none lost or doubled). On the subscriber everything
 * (TRUNCATE, index drop, COPY, rebuild) happens in the caller's open transaction and is never committed here: the
 * caller commits it together with the table's new state, so a crash anywhere leaves the table as it was.
 *
 * <p>Memory is constant: each COPY row read from the provider is written on to the subscriber at once (one thread,
 * the sockets' buffers are the pipe), no temporary file. Binary COPY is used when every copied column has the
 * same built-in type on both sides (its wire form is version independent for those); otherwise text COPY in fixed
 * {@code DateStyle}/{@code IntervalStyle}/{@code extra_float_digits}, which reads back exactly on any version.
 */
public final class TableCopy {
    private static final Logger log = LoggerFactory.getLogger(TableCopy.class);
    private static final long PROGRESS_NANOS = 1_000_000_000L;

    /** Measured knobs (bench/README.md); tests and the benchmark switch them, callers use {@link #DEFAULT}. */
    record Tuning(boolean binary, boolean freeze, boolean dropIndexes, boolean dropPrimaryKey) {
    }

    // the primary key too: rebuilding it by one sort after the COPY beat maintaining it row by row (bench/README.md)
    static final Tuning DEFAULT = new Tuning(true, true, true, true);

    private TableCopy() {
    }

    /**
     * Copies one table from provider to subscriber.
     *
     * <p>Transactions: opens its own REPEATABLE READ, READ ONLY transaction on {@code provider} (which must have
     * none open) and ends it, leaving its autocommit as found; on {@code subscriber} it works inside the caller's
     * open transaction (autocommit off) and never commits.
     *
     * @throws CopyException naming the table: missing on a side, no common column, or a server error; the
     *                       subscriber's transaction must then be rolled back. Retrying later is the remedy for
     *                       a lost connection ({@link CopyException#sqlState()} class 08).
     */
    public static CopyResult copy(Connection provider, Connection subscriber, CopyRequest req,
                                  CopyProgress progress) {
        return copy(provider, subscriber, req, progress, DEFAULT);
    }

    static CopyResult copy(Connection provider, Connection subscriber, CopyRequest req, CopyProgress progress,
                           Tuning tuning) {
        long t0 = System.nanoTime();
        RelName src = RelName.parse(req.sourceTable());
        RelName dst = RelName.parse(req.destTable());
        try {
            if (subscriber.getAutoCommit()) {
                throw new CopyException("table " + dst + ": the subscriber connection is in autocommit; the copy "
                        + "runs in the caller's transaction so that it commits with the table's state");
            }
            boolean providerAuto = provider.getAutoCommit();
            provider.setAutoCommit(false);
            boolean done = false;
            try {
                Run run = new Run(provider, subscriber, req, src, dst, progress == null ? CopyProgress.NONE : progress,
                        tuning);
                run.execute();
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                log.info("copy {}: {} rows, {} bytes in {} ms", dst, run.rows, run.bytes, took.toMillis());
                done = true;
                return new CopyResult(run.snapshot, run.rows, run.bytes, took, run.warnings);
            } finally {
                endProviderTx(provider, providerAuto, done);
            }
        } catch (SQLException e) {
            throw new CopyException("table " + dst + ": copy from the provider's " + src + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Ends the provider's read-only transaction. After a cancelled COPY the server's "canceling statement" error
     * arrives with the first rollback; the second one then finds the connection idle. When the copy already
     * failed, its own exception is the one the caller needs, so a failing rollback is only logged.
     */
    private static void endProviderTx(Connection provider, boolean autoCommit, boolean copyDone)
            throws SQLException {
        try {
            provider.rollback();
        } catch (SQLException first) {
            try {
                provider.rollback();
            } catch (SQLException second) {
                if (copyDone) {
                    throw second;
                }
                log.debug("provider rollback after a failed copy: {}", second.getMessage());
            }
            log.debug("provider rollback after a cancelled COPY: {}", first.getMessage());
        }
        provider.setAutoCommit(autoCommit);
    }

    /** The state of one copy while it runs. */
    private static final class Run {
        final Connection provider;
        final Connection subscriber;
        final CopyRequest req;
        final RelName src;
        final RelName dst;
        final CopyProgress progress;
        final Tuning tuning;
        final List<String> warnings = new ArrayList<>();
        String snapshot;
        boolean binary;
        long rows;
        long bytes;

        Run(Connection provider, Connection subscriber, CopyRequest req, RelName src, RelName dst,
            CopyProgress progress, Tuning tuning) {
            this.provider = provider;
            this.subscriber = subscriber;
            this.req = req;
            this.src = src;
            this.dst = dst;
            this.progress = progress;
            this.tuning = tuning;
        }

        void execute() throws SQLException {
            Catalog.exec(provider, "set transaction isolation level repeatable read, read only");
            // the first query takes the transaction's snapshot: what txid_current_snapshot() returns is what COPY reads
            snapshot = Catalog.scalar(provider, "select txid_current_snapshot()::text");
            Map<String, String> out = new HashMap<>(SessionSettings.TEXT_IO);
            out.put("extra_float_digits", "3");
            SessionSettings.apply(provider, out);

            Catalog.Rel srcRel = Catalog.table(provider, src, "provider");
            Catalog.Rel dstRel = Catalog.table(subscriber, dst, "subscriber");
            List<Catalog.Column> srcCols = Catalog.columns(provider, srcRel.oid());
            List<Catalog.Column> dstCols = Catalog.columns(subscriber, dstRel.oid());
            List<Catalog.Column[]> pairs = commonColumns(srcCols, dstCols);
            // timestamps travel as 64-bit integers in binary: both servers must store them so (9.6 could be built
            // with float datetimes)
            binary = tuning.binary() && pairs.stream().allMatch(p -> p[0].binary() && p[1].binary()
                    && p[0].typeOid() == p[1].typeOid() && p[0].type().equals(p[1].type()))
                    && "on".equals(Catalog.scalar(provider, "select current_setting('integer_datetimes')"))
                    && "on".equals(Catalog.scalar(subscriber, "select current_setting('integer_datetimes')"));

            Catalog.exec(subscriber, "lock table " + dst.quoted() + " in access exclusive mode");
            Map<String, String> in = new LinkedHashMap<>();
            in.put("DateStyle", "ISO, YMD");
            in.put("IntervalStyle", "postgres");
            in.put("lc_monetary", "C");
            if ("on".equals(Catalog.scalar(subscriber, "select current_setting('is_superuser')"))) {
                // as the worker applies events: the destination's own triggers and FK checks stay quiet
                in.put("session_replication_role", "replica");
            } else {
                warnings.add("table " + dst + ": not a superuser on the subscriber; its triggers fire during the copy");
            }
            SessionSettings settings = SessionSettings.setLocal(subscriber, in);

            boolean rebuildable = "t".equals(Catalog.scalarWith(subscriber,
                    "select has_schema_privilege(?, 'CREATE')", dst.schema()));
            if (tuning.dropIndexes() && !rebuildable) {
                // an index is made in its table's schema: without CREATE there, a dropped one could not come back
                warnings.add("table " + dst + ": indexes kept during the copy (slower): no CREATE privilege on schema "
                        + Quote.ident(dst.schema()) + " to rebuild them");
            }
            IndexStash stash = tuning.dropIndexes() && rebuildable
                    ? IndexStash.drop(subscriber, dstRel, tuning.dropPrimaryKey()) : null;
            String cols = pairs.stream().map(p -> Quote.ident(p[1].name())).collect(Collectors.joining(", "));
            String copyOut = copyOutSql(srcRel, pairs, binary);
            boolean freeze = tuning.freeze() && !req.skipTruncate() && !dstRel.partitioned();
            CopyManager outApi = provider.unwrap(PGConnection.class).getCopyAPI();
            CopyManager inApi = subscriber.unwrap(PGConnection.class).getCopyAPI();

            Catalog.exec(subscriber, "savepoint londiste4j_copy");
            truncate(dstRel);
            CopyIn ci;
            try {
                ci = inApi.copyIn(copyInSql(dstRel, cols, binary, freeze));
            } catch (SQLException e) {
                if (!freeze) {
                    throw e;
                }
                // COPY FREEZE refuses a transaction that holds a snapshot or an open cursor: copy without it
                log.debug("copy {}: COPY FREEZE refused ({}); copying without it", dst, e.getMessage());
                Catalog.exec(subscriber, "rollback to savepoint londiste4j_copy");
                truncate(dstRel);
                ci = inApi.copyIn(copyInSql(dstRel, cols, binary, false));
            }
            log.debug("copy {}: {} <- {}", dst, copyInSql(dstRel, cols, binary, freeze), copyOut);
            pump(outApi, copyOut, ci);
            Catalog.exec(subscriber, "release savepoint londiste4j_copy");
            progress.rebuilding(req.destTable(), rows, bytes);

            if (stash != null) {
                stash.restore(subscriber, dstRel);
            }
            Catalog.exec(subscriber, "analyze " + dst.quoted());
            settings.restore();
            progress.update(req.destTable(), rows, bytes);
        }

        private void truncate(Catalog.Rel dstRel) throws SQLException {
            if (!req.skipTruncate()) {
                // a partitioned parent cannot be truncated ONLY; its partitions are its rows
                Catalog.exec(subscriber, "truncate " + (dstRel.partitioned() ? "" : "only ") + dst.quoted());
            }
        }

        private void pump(CopyManager outApi, String copyOut, CopyIn ci) throws SQLException {
            CopyOut co;
            try {
                co = outApi.copyOut(copyOut);
            } catch (SQLException e) {
                cancel(ci);
                throw e;
            }
            // a first report after 256 rows (the copy is moving), then about once a second; the clock is read every
            // 256 rows so that a slow copy of wide rows still reports each second
            long nextReport = System.nanoTime();
            try {
                byte[] buf;
                while ((buf = co.readFromCopy()) != null) {
                    ci.writeToCopy(buf, 0, buf.length);
                    rows++;
                    bytes += buf.length;
                    if ((rows & 0xff) == 0 && System.nanoTime() > nextReport) {
                        progress.update(req.destTable(), rows, bytes);
                        nextReport = System.nanoTime() + PROGRESS_NANOS;
                    }
                }
                ci.endCopy();
            } catch (SQLException | RuntimeException e) {
                cancel(co);
                cancel(ci);
                throw e;
            }
            if (binary && rows > 0) {
                rows--; // binary COPY ends with a trailer message of its own (the header rides with the first row)
            }
        }

        private static void cancel(CopyIn op) {
            try {
                if (op.isActive()) {
                    op.cancelCopy();
                }
            } catch (SQLException e) {
                log.debug("cancelling COPY: {}", e.getMessage());
            }
        }

        /**
         * Stops the provider's COPY and reads what is still in flight up to the server's error, so that the connection
         * is back in step for the rollback (pgjdbc's cancelCopy of a COPY TO leaves the error for the next statement,
         * which then reads the wrong replies).
         */
        private void cancel(CopyOut op) {
            if (!op.isActive()) {
                return;
            }
            try {
                provider.unwrap(PGConnection.class).cancelQuery();
                while (op.readFromCopy() != null) {
                    // discarded: the copy is abandoned
                }
            } catch (SQLException e) {
                log.debug("cancelling COPY: {}", e.getMessage());
            }
        }

        private List<Catalog.Column[]> commonColumns(List<Catalog.Column> srcCols, List<Catalog.Column> dstCols) {
            Map<String, Catalog.Column> dstByName = new LinkedHashMap<>();
            dstCols.forEach(c -> dstByName.put(c.name(), c));
            Map<String, Catalog.Column> srcByName = new LinkedHashMap<>();
            srcCols.forEach(c -> srcByName.put(c.name(), c));
            List<Catalog.Column[]> pairs = new ArrayList<>();
            for (Catalog.Column s : srcCols) {
                Catalog.Column d = dstByName.get(s.name());
                if (d == null) {
                    warnings.add("table " + dst + ": column " + Quote.ident(s.name())
                            + " of the provider is not on the subscriber; not copied");
                } else if (d.generated() == 0) {
                    pairs.add(new Catalog.Column[] {s, d});
                }
            }
            for (Catalog.Column d : dstCols) {
                if (!srcByName.containsKey(d.name()) && d.generated() == 0) {
                    warnings.add("table " + dst + ": column " + Quote.ident(d.name())
                            + " of the subscriber is not on the provider; left to its default");
                }
            }
            if (pairs.isEmpty()) {
                throw new CopyException("table " + dst + ": no column in common with the provider's " + src);
            }
            return pairs;
        }

        private String copyOutSql(Catalog.Rel srcRel, List<Catalog.Column[]> pairs, boolean binary) {
            String cols = pairs.stream().map(p -> Quote.ident(p[0].name())).collect(Collectors.joining(", "));
            boolean anyGenerated = pairs.stream().anyMatch(p -> p[0].generated() != 0);
            String format = binary ? " with (format binary)" : "";
            if (!srcRel.partitioned() && req.condition() == null && !anyGenerated) {
                // COPY of a table reads that table only, never inheritance children, as londiste's copy
                return "copy " + src.quoted() + " (" + cols + ") to stdout" + format;
            }
            String where = req.condition() == null ? "" : " where (" + req.condition() + ")";
            // a partitioned parent is read whole, through its partitions
            String from = srcRel.partitioned() ? "" : "only ";
            return "copy (select " + cols + " from " + from + src.quoted() + where + ") to stdout" + format;
        }

        private String copyInSql(Catalog.Rel dstRel, String cols, boolean binary, boolean freeze) {
            List<String> opts = new ArrayList<>();
            if (binary) {
                opts.add("format binary");
            }
            if (freeze) {
                opts.add("freeze");
            }
            return "copy " + dstRel.name().quoted() + " (" + cols + ") from stdin"
                    + (opts.isEmpty() ? "" : " with (" + String.join(", ", opts) + ")");
        }
    }
}
