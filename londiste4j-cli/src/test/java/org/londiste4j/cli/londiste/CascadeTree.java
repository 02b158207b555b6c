package org.londiste4j.cli.londiste;

import org.londiste4j.daemon.Job;
import org.londiste4j.worker.LondisteWorker;
import org.londiste4j.worker.WorkerSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test rig of the cascade-layout tests: real workers in job threads, a ticker on the root, a writer on the root
 * that can be held for an equality check, the independent row-by-row check, and the tree {@code status --compact}
 * prints.
 */
final class CascadeTree implements AutoCloseable {
    static final String TABLE = "create table public.acct (id int primary key, v text, n int not null default 0)";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Map<String, Running> workers = new HashMap<>();

    /** A running worker. */
    record Running(LondisteWorker worker, Job job, Thread thread) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            job.stop();
            worker.close();
            thread.join(30_000);
        }
    }

    /** The node's worker (consumer = job name = node name, as create-* registers it) in a job thread. */
    void startWorker(Londiste3.Node n) {
        var settings = WorkerSettings.of(n.name(), n.connstr(), "q").withIdle(Duration.ofMillis(10),
                Duration.ofMillis(300)).withExceptionSleep(Duration.ofMillis(200));
        var w = new LondisteWorker(settings, org.londiste4j.worker.Appliers.batchApplier(),
                org.londiste4j.worker.TableCopier.tableCopy());
        Job job = w.job(new Job.Policy(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(300),
                Duration.ofSeconds(900)));
        Thread t = new Thread(job::run, "worker-" + n.name());
        t.setDaemon(true);
        t.start();
        Running r = new Running(w, job, t);
        workers.put(n.name(), r);
        closing.add(r);
    }

    void stopWorker(String name) throws Exception {
        workers.remove(name).close();
    }

    /** {@code pgq.ticker()} on the root every 50 ms (pgqd's job). */
    void ticker(Londiste3.Node root) {
        closing.add(loop("ticker", () -> {
            try (Connection c = root.connect(); Statement st = c.createStatement()) {
                while (!Thread.currentThread().isInterrupted()) {
                    st.execute("select pgq.ticker()");
                    LockSupport.parkNanos(50_000_000L);
                }
            }
            return null;
        }, null));
    }

    /** The application: inserts, updates and deletes on the root all the time, unless held. */
    final class Writer {
        final AtomicBoolean hold = new AtomicBoolean();
        final AtomicBoolean holding = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final AtomicReference<Londiste3.Node> target = new AtomicReference<>();

        void hold() throws Exception {
            hold.set(true);
            await("the writer to hold", Duration.ofSeconds(30), holding::get);
        }

        void release() {
            hold.set(false);
        }

        /** The application moves to another node (after a switchover): held, pointed there, released. */
        void moveTo(Londiste3.Node node) throws Exception {
            hold();
            target.set(node);
            release();
        }
    }

    Writer writer(Londiste3.Node root) {
        Writer w = new Writer();
        w.target.set(root);
        closing.add(loop("writer", () -> {
            var rnd = new Random(42);
            int next = 1_000_000;
            Londiste3.Node on = null;
            Connection c = null;
            Statement st = null;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (w.hold.get()) {
                        w.holding.set(true);
                        LockSupport.parkNanos(5_000_000L);
                        continue;
                    }
                    w.holding.set(false);
                    if (on != w.target.get()) {
                        if (c != null) {
                            c.close();
                        }
                        on = w.target.get();
                        c = on.connect();
                        st = c.createStatement();
                        // a new root: keys the old one never handed out
                        next = Integer.parseInt(on.column("select coalesce(max(id), 0) + 1000 from public.acct")
                                .get(0));
                    }
                    next++;
                    st.execute("insert into public.acct (id, v) values (" + next + ", 'v" + next + "')");
                    st.execute("update public.acct set n = n + 1, v = v || 'u' where id = " + (1 + rnd.nextInt(next)));
                    if (next % 7 == 0) {
                        st.execute("delete from public.acct where id = " + (1 + rnd.nextInt(next)));
                    }
                    w.writes.incrementAndGet();
                    LockSupport.parkNanos(3_000_000L);
                }
            } finally {
                if (c != null) {
                    c.close();
                }
            }
            return null;
        }, w.failure));
        return w;
    }

    /**
     * The independent check: with the writer held, every node's table equals the root's row by row (polled until
     * the workers have caught up, or fails with the first difference).
     */
    static void assertEqual(Writer writer, Londiste3.Node root, List<Londiste3.Node> nodes) throws Exception {
        writer.hold();
        try {
            List<String> expected = rows(root);
            for (Londiste3.Node n : nodes) {
                var last = new AtomicReference<List<String>>();
                try {
                    await(n.name() + " equal to the root (" + expected.size() + " rows)", Duration.ofSeconds(90),
                            () -> {
                                last.set(rows(n));
                                return expected.equals(last.get());
                            });
                } catch (AssertionError e) {
                    assertEquals(expected, last.get(), n.name() + ": rows differ from the root's");
                }
            }
        } finally {
            writer.release();
        }
    }

    static List<String> rows(Londiste3.Node n) throws SQLException {
        return n.column("select id || '|' || coalesce(v, 'NULL') || '|' || n from public.acct order by id");
    }

    /** {@code status --compact} as a map of node to its parent in the tree (the root to null). */
    static Map<String, String> tree(String compact) {
        var out = new HashMap<String, String>();
        var stack = new ArrayList<String>();
        for (String line : compact.lines().toList()) {
            if (line.startsWith("Queue:") || line.isBlank()) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            int depth = indent / 3;
            String name = line.strip().split(" ")[0];
            while (stack.size() > depth) {
                stack.remove(stack.size() - 1);
            }
            out.put(name, depth == 0 ? null : stack.get(depth - 1));
            stack.add(name);
        }
        return out;
    }

    /** Polls {@code check} until true, or fails after {@code timeout}. */
    static void await(String what, Duration timeout, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.call()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }

    private static AutoCloseable loop(String name, Callable<Void> body, AtomicReference<Exception> failure) {
        Thread t = new Thread(() -> {
            try {
                body.call();
            } catch (Exception e) {
                if (failure != null && !Thread.currentThread().isInterrupted()) {
                    failure.set(e);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return () -> {
            t.interrupt();
            t.join(10_000);
        };
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
