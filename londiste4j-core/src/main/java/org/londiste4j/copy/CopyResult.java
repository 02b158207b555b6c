package org.londiste4j.copy;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one initial copy.
 *
 * @param snapshot {@code txid_current_snapshot()} text of the provider transaction that read the rows: the
 *                 worker stores it as the table's {@code custom_snapshot} and skips every event whose transaction
 *                 it sees (those rows are already in the copy)
 * @param rows     rows written to the subscriber
 * @param bytes    bytes of COPY data moved
 * @param took     wall time of the whole copy (index drop and rebuild, ANALYZE included)
 * @param warnings things the DBA should know, one line each (columns on one side only, a trigger that fired);
 *                 not logged by the copy: the caller shows them
 */
public record CopyResult(String snapshot, long rows, long bytes, Duration took, List<String> warnings) {
    public CopyResult {
        warnings = List.copyOf(warnings);
    }
}
