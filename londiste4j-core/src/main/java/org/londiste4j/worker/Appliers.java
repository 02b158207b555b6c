package org.londiste4j.worker;

import org.londiste4j.apply.ApplySettings;
import org.londiste4j.apply.BatchApplier;
import org.londiste4j.copy.CopyProgress;
import org.londiste4j.copy.CopyRequest;
import org.londiste4j.copy.CopyResult;
import org.londiste4j.copy.TableCopy;
import org.londiste4j.pgq.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.function.BooleanSupplier;

/**
 * The worker's default parts: the project's batch applier (helper "apply") and table copy (helper "copy").
 */
public final class Appliers {
    private static final Logger log = LoggerFactory.getLogger(Appliers.class);
    private Appliers() {
    }

    /** {@code org.londiste4j.apply.BatchApplier} with its default settings (set-wise, bounded buffers). */
    public static RowApplier.Factory batchApplier() {
        return batchApplier(ApplySettings.defaults());
    }

    /** {@code org.londiste4j.apply.BatchApplier} with the given settings. */
    public static RowApplier.Factory batchApplier(ApplySettings settings) {
        return conn -> {
            BatchApplier a = new BatchApplier(conn, settings);
            return new RowApplier() {
                @Override
                public void add(Event ev, String destTable) {
                    a.add(ev, destTable);
                }

                @Override
                public void flush() {
                    a.flush();
                }

                @Override
                public void invalidate(String destTable) {
                    a.invalidate(destTable);
                }

                @Override
                public void close() {
                    a.close();
                }
            };
        };
    }

    /**
     * {@code org.londiste4j.copy.TableCopy}, with a progress callback that abandons the copy when the worker stops
     * (SPEC 6.11: copies stop with the worker; the subscriber transaction is then rolled back, nothing half done).
     */
    static TableCopier tableCopier() {
        return new TableCopier() {
            @Override
            public Outcome copy(Connection provider, Connection subscriber, String source, String dest,
                                boolean skipTruncate, BooleanSupplier stop) {
                return copy(provider, subscriber, source, dest, skipTruncate, stop, CopyProgress.NONE);
            }

            @Override
            public Outcome copy(Connection provider, Connection subscriber, String source, String dest,
                                boolean skipTruncate, BooleanSupplier stop, CopyProgress report) {
                CopyProgress progress = new CopyProgress() {
                    @Override
                    public void update(String table, long rows, long bytes) {
                        if (stop.getAsBoolean()) {
                            throw new ReplayException("table " + table + ": copy abandoned, the worker is stopping");
                        }
                        log.debug("{}: {} rows, {} bytes copied", table, rows, bytes);
                        report.update(table, rows, bytes);
                    }

                    @Override
                    public void rebuilding(String table, long rows, long bytes) {
                        report.rebuilding(table, rows, bytes);
                    }
                };
                CopyResult r = TableCopy.copy(provider, subscriber, new CopyRequest(source, dest, skipTruncate,
                        null), progress);
                r.warnings().forEach(w -> log.warn("{}", w));
                return new Outcome(r.snapshot(), r.rows(), r.bytes());
            }
        };
    }
}
