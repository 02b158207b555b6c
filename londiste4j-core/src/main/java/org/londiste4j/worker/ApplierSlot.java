package org.londiste4j.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;

/**
 * The row applier of one thread (the main worker's, or a copy thread's), kept while its subscriber connection
 * lives: an applier caches table metadata and staging tables of that session, so a new connection (after a
 * lost one) gets a new applier, and the old one is closed quietly.
 */
final class ApplierSlot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApplierSlot.class);

    private final RowApplier.Factory factory;
    private RowApplier applier;
    private Connection conn;

    ApplierSlot(RowApplier.Factory factory) {
        this.factory = factory;
    }

    /** The applier of {@code local}: the kept one, or a new one when the connection changed. */
    RowApplier get(Connection local) {
        if (applier == null || conn != local) {
            close();
            applier = factory.open(local);
            conn = local;
        }
        return applier;
    }

    /** Whether an applier is open on a connection other than {@code c}. */
    boolean boundToOther(Connection c) {
        return applier != null && conn != c;
    }

    @Override
    public void close() {
        if (applier != null) {
            try {
                applier.close();
            } catch (RuntimeException e) {
                log.debug("closing the applier failed: {}", e.toString());
            }
            applier = null;
            conn = null;
        }
    }
}
