package org.londiste4j.worker;

import org.londiste4j.copy.CopyProgress;

import java.sql.Connection;
import java.util.function.BooleanSupplier;

/**
 * The bulk part of an initial copy: COPY one table from the provider into the subscriber's open transaction and
 * return the provider snapshot the rows were read in ({@code org.londiste4j.copy.TableCopy}'s contract). A seam
 * so that tests can copy with a counting or failing copier; the worker's default is {@link #tableCopy()}.
 */
public interface TableCopier {

    /** What a copy did. {@code snapshot} is {@code txid_current_snapshot()} text of the provider's read. */
    record Outcome(String snapshot, long rows, long bytes) {
    }

    /**
     * Copies {@code sourceTable} into {@code destTable}. Never commits {@code subscriber}.
     *
     * @param stop polled during the copy: when it turns true the copy is abandoned with an exception
     */
    Outcome copy(Connection provider, Connection subscriber, String sourceTable, String destTable,
                 boolean skipTruncate, BooleanSupplier stop);

    /**
     * The same, reporting its running totals to {@code progress} (for {@code status}); a copier that cannot
     * report them copies without.
     */
    default Outcome copy(Connection provider, Connection subscriber, String sourceTable, String destTable,
                         boolean skipTruncate, BooleanSupplier stop, CopyProgress progress) {
        return copy(provider, subscriber, sourceTable, destTable, skipTruncate, stop);
    }

    /** The project's {@code TableCopy} (helper "copy"). */
    static TableCopier tableCopy() {
        return Appliers.tableCopier();
    }
}
