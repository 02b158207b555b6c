package org.londiste4j.worker;

/**
 * The worker's default parts: the project's batch applier (helper "apply") and table copy (helper "copy").
 */
public final class Appliers {
    private Appliers() {
    }

    /** {@code org.londiste4j.apply.BatchApplier} with its default settings. */
    public static RowApplier.Factory batchApplier() {
        return conn -> {
            throw new ReplayException("apply: org.londiste4j.apply.BatchApplier is not available in this build");
        };
    }

    /** {@code org.londiste4j.copy.TableCopy}. */
    static TableCopier tableCopier() {
        return (provider, subscriber, source, dest, skipTruncate, stop) -> {
            throw new ReplayException("copy: org.londiste4j.copy.TableCopy is not available in this build");
        };
    }
}
