package org.londiste4j.daemon;

import org.londiste4j.config.ConfigException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon loop of every long-running program (Skytools' {@code BaseScript.run}): call {@link Work#work()};
 * when it says there may be more, call it again at once, else sleep {@code loop_delay}. When it throws, log
 * {@code job <name> crashed: <message>} (stack at DEBUG), close the job's connections through the
 * {@code onCrash} callback, sleep {@code exception_sleep} and go on, so that a restarted database or a dropped
 * connection never ends the daemon.
 *
 * <p>What ends the loop: {@link #stop()} (SIGINT, {@code -s}: the running round finishes first),
 * {@link #kill()} (SIGTERM, {@code -k}: the round is interrupted), a {@link ConfigException}, or a permanent
 * database error (bad credentials, SQLSTATE class 28; no such database): those are rethrown from {@link #run()},
 * since retrying cannot fix them. {@link #reload()} (SIGHUP) runs the reload callback between rounds.
 */
public final class Job {
    private static final Logger log = LoggerFactory.getLogger(Job.class);

    /** One round of work. */
    @FunctionalInterface
    public interface Work {
        /**
         * @return true when there may be more work right away (no sleep before the next round)
         * @throws Exception anything: logged, connections closed, retried after {@code exception_sleep}
         */
        boolean work() throws Exception;
    }

    /** The timing settings of the loop ({@code loop_delay}, {@code exception_sleep}, ...). */
    public record Policy(Duration loopDelay, Duration exceptionSleep, Duration exceptionGrace,
            Duration exceptionReset) {
        public Policy {
            Objects.requireNonNull(loopDelay);
            Objects.requireNonNull(exceptionSleep);
            Objects.requireNonNull(exceptionGrace);
            Objects.requireNonNull(exceptionReset);
        }

        /** The policy a job config asks for. */
        public static Policy of(JobConfig cf) {
            return new Policy(cf.get(ConfigKeys.LOOP_DELAY), cf.get(ConfigKeys.EXCEPTION_SLEEP),
                    cf.get(ConfigKeys.EXCEPTION_GRACE), cf.get(ConfigKeys.EXCEPTION_RESET));
        }
    }

    private final String name;
    private final Work work;
    private final Runnable onCrash;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile Policy policy;
    private volatile Runnable onReload = () -> { };
    private volatile boolean stopping;
    private volatile boolean killed;
    private volatile boolean reloadWanted;
    private volatile Thread runner;
    private long lastErrorNanos;
    private String lastError;
    private int errorCount;

    /**
     * @param onCrash closes the job's connections after a crash (and on {@link #kill()}); must not throw
     */
    public Job(String name, Policy policy, Work work, Runnable onCrash) {
        this.name = name;
        this.policy = policy;
        this.work = work;
        this.onCrash = onCrash;
    }

    /** Sets what SIGHUP does between two rounds (re-read the config, apply it, {@link #setPolicy}). */
    public Job onReload(Runnable r) {
        this.onReload = r;
        return this;
    }

    public void setPolicy(Policy p) {
        this.policy = p;
    }

    public String name() {
        return name;
    }

    /**
     * Runs rounds until stopped. Returns normally after {@link #stop()} or {@link #kill()}.
     *
     * @throws ConfigException from the work or the reload, ending the job (exit code 2)
     * @throws Db.DbException when the database refuses the job for good (bad password, no database)
     */
    public void run() {
        runner = Thread.currentThread();
        log.debug("job {} starting", name);
        try {
            while (!stopping) {
                if (reloadWanted) {
                    reloadWanted = false;
                    doReload();
                }
                boolean more;
                try {
                    more = work.work();
                } catch (ConfigException e) {
                    throw e;
                } catch (Exception e) {
                    if (killed || stopping && e instanceof InterruptedException) {
                        break;
                    }
                    crashed(e);
                    continue;
                }
                if (!more) {
                    pause(policy.loopDelay());
                }
            }
        } finally {
            runner = null;
            Thread.interrupted();
            log.debug("job {} stopped", name);
        }
    }

    private void crashed(Exception e) {
        if (e instanceof Db.DbException d && d.permanent()) {
            onCrash.run();
            throw d;
        }
        long now = System.nanoTime();
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (lastError != null && now - lastErrorNanos > policy.exceptionReset().toNanos()) {
            errorCount = 0;
        }
        boolean repeat = msg.equals(lastError) && now - lastErrorNanos < policy.exceptionGrace().toNanos();
        errorCount++;
        lastError = msg;
        lastErrorNanos = now;
        // NOTE: "job <name> crashed: " is what operators grep for; tests match it
        if (repeat) {
            log.warn("job {} crashed: {} (again, {} times in a row)", name, msg, errorCount);
        } else {
            log.error("job {} crashed: {}", name, msg);
        }
        log.debug("job {} crash details", name, e);
        try {
            onCrash.run();
        } catch (RuntimeException ce) {
            log.debug("job {}: closing connections after the crash failed", name, ce);
        }
        pause(policy.exceptionSleep());
    }

    private void doReload() {
        log.info("job {}: reloading config", name);
        try {
            onReload.run();
        } catch (ConfigException e) {
            // a bad edit must not kill a running daemon: keep the old settings
            log.error("job {}: reload failed, keeping the old config: {}", name, e.getMessage());
        }
    }

    /** Sleeps, waking early on stop, kill or reload. */
    private void pause(Duration d) {
        long left = d.toNanos();
        lock.lock();
        try {
            while (left > 0 && !stopping && !reloadWanted) {
                left = wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Graceful stop (SIGINT, {@code -s}): the current round finishes, then {@link #run()} returns. */
    public void stop() {
        stopping = true;
        signal();
    }

    /**
     * Prompt exit (SIGTERM, {@code -k}): interrupts the round and closes its connections, so that a blocked
     * query ends now; nothing is committed that was not already.
     */
    public void kill() {
        killed = true;
        stopping = true;
        signal();
        Thread t = runner;
        if (t != null) {
            t.interrupt();
            try {
                onCrash.run();
            } catch (RuntimeException e) {
                log.debug("job {}: closing connections on kill failed", name, e);
            }
        }
    }

    /** Asks for a config reload (SIGHUP) before the next round. */
    public void reload() {
        reloadWanted = true;
        signal();
    }

    /** True once {@link #stop()} or {@link #kill()} was called. */
    public boolean stopping() {
        return stopping;
    }

    /** Waits until {@link #run()} has returned or the timeout passed; for tests and shutdown hooks. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runner != null && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return runner == null;
    }
}
