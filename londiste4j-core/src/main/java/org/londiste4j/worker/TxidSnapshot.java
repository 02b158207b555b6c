package org.londiste4j.worker;

import java.util.Arrays;

/**
 * A {@code txid_snapshot} in its text form {@code xmin:xmax:xip1,xip2,...}: the provider snapshot of an initial
 * copy, kept in {@code londiste.table_info.custom_snapshot}. An event whose transaction is visible in it is already
 * in the copied rows and must be skipped (as londiste's copy hand-over does); any other event is applied.
 *
 * <p>Invariant: {@link #contains} is exactly PostgreSQL's {@code txid_visible_in_snapshot}, so that skipping and
 * applying split the events at the copy's snapshot with nothing lost or doubled.
 */
record TxidSnapshot(long xmin, long xmax, long[] xip) {

    static TxidSnapshot parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("txid snapshot " + text + ": not xmin:xmax:xip_list");
        }
        long xmin = Long.parseLong(parts[0]);
        long xmax = Long.parseLong(parts[1]);
        long[] xip = parts[2].isEmpty() ? new long[0]
                : Arrays.stream(parts[2].split(",")).mapToLong(s -> Long.parseLong(s.strip())).sorted().toArray();
        return new TxidSnapshot(xmin, xmax, xip);
    }

    /** True when transaction {@code txid} had committed (or aborted) before the snapshot was taken. */
    boolean contains(long txid) {
        if (txid < xmin) {
            return true;
        }
        if (txid >= xmax) {
            return false;
        }
        return Arrays.binarySearch(xip, txid) < 0;
    }

    /**
     * True when every transaction this snapshot sees is also seen by {@code later} (a snapshot taken after it, e.g.
     * a tick's): it reaches at least as far, and none of the transactions still running for {@code later} is
     * visible here.
     */
    boolean coveredBy(TxidSnapshot later) {
        if (later.xmax < xmax) {
            return false;
        }
        for (long x : later.xip) {
            if (contains(x)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(xmin).append(':').append(xmax).append(':');
        for (int i = 0; i < xip.length; i++) {
            sb.append(i > 0 ? "," : "").append(xip[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxidSnapshot s && s.xmin == xmin && s.xmax == xmax && Arrays.equals(s.xip, xip);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(xmin) * 31 + Long.hashCode(xmax) * 17 + Arrays.hashCode(xip);
    }
}
