package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.londiste.ExecAttrs;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.node.NodeApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code londiste3 CONFIG execute FILE...} on the root (reference 1.5): each file runs in a transaction of its
 * own, between {@code londiste.execute_start} and {@code londiste.execute_finish}, with
 * {@code session_replication_role = local}; {@code execute_finish} puts the script into the queue as an
 * {@code EXECUTE} event in that same transaction, so every subscriber replays it at the same queue position.
 *
 * <p>Invariant: a file either commits together with its event or not at all. A file whose name was applied
 * before is skipped (idempotency by name, as the original). Every file is read and the node checked to be the
 * root before the first one runs, so a refusal changes nothing.
 */
public final class ExecuteScript {
    private static final Logger log = LoggerFactory.getLogger(ExecuteScript.class);

    /** What happened to one file. */
    public enum Outcome {
        /** Ran here and queued for the subscribers. */
        EXECUTED,
        /** Its header says it does not run here; still queued for the subscribers. */
        NOT_NEEDED,
        /** A file of that name was applied before: nothing done. */
        ALREADY_APPLIED
    }

    /** One script: the name the nodes record (the file's base name) and its SQL. */
    public record Script(String name, String sql) {
        /** Reads {@code file}; the recorded name is its base name, as the original's. */
        public static Script read(Path file) {
            try {
                return new Script(file.getFileName().toString(), Files.readString(file));
            } catch (IOException e) {
                throw new L4jException("execute: cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    /** The outcome of one file. */
    public record Result(String name, Outcome outcome) {
    }

    private final Connection conn;
    private final String queue;

    /** {@code conn}: the root's connection; its autocommit is turned off and put back. */
    public ExecuteScript(Connection conn, String queue) {
        this.conn = conn;
        this.queue = queue;
    }

    /**
     * Runs the scripts in order, one transaction each.
     *
     * @throws L4jException (a {@code NodeException} with code 401 when this is not the root; a failing statement
     *                      names its file); the failing file's transaction is rolled back, earlier ones stay
     */
    public List<Result> run(List<Script> scripts) {
        List<Result> out = new ArrayList<>();
        try {
            boolean auto = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try {
                checkRoot();
                for (Script s : scripts) {
                    out.add(runOne(s));
                }
            } finally {
                conn.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new L4jException("execute: " + e.getMessage(), e);
        }
        return out;
    }

    private void checkRoot() throws SQLException {
        try {
            if (!new NodeApi(conn).isRootNode(queue)) {
                throw new L4jException("execute: Node is not root; run execute with the root's config (queue "
                        + queue + ")");
            }
        } finally {
            conn.rollback();
        }
    }

    private Result runOne(Script s) throws SQLException {
        LondisteApi api = new LondisteApi(conn);
        try {
            ExecAttrs attrs = ExecAttrs.parseSql(s.sql());
            api.setSessionReplicationRole("local", true);
            int rc = api.executeStart(queue, s.name(), s.sql(), true, attrs.toUrlenc()).retCode();
            if (rc > 200) {
                log.warn("Skipping execution of '{}': already applied", s.name());
                conn.rollback();
                return new Result(s.name(), Outcome.ALREADY_APPLIED);
            }
            ExecAttrs.LocalNames local = ExecAttrs.LocalNames.read(api, queue);
            Outcome o;
            if (attrs.needExecute(conn, local)) {
                log.info("{}: executing sql", s.name());
                try (Statement st = conn.createStatement()) {
                    st.execute(attrs.processSql(s.sql(), local));
                }
                o = Outcome.EXECUTED;
            } else {
                log.info("{}: this SQL does not need to run on this node", s.name());
                o = Outcome.NOT_NEEDED;
            }
            api.executeFinish(queue, s.name());
            conn.commit();
            return new Result(s.name(), o);
        } catch (SQLException e) {
            conn.rollback();
            throw new L4jException("execute: " + s.name() + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            conn.rollback();
            throw e;
        }
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "failed";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
