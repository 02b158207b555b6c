package org.londiste4j.cli.demo;

import org.londiste4j.L4jException;
import org.londiste4j.cli.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One run of {@code londiste4j demo}: two embedded servers (the oldest and the newest supported major), the shop
 * on the old one, the walkthrough's ini files (no section header, as published) and its commands run through the
 * real launchers {@code bin/pgqd} and {@code bin/londiste3} as child processes in the demo's folder, so that the
 * user can type the same commands afterwards.
 *
 * <p>Invariant: whatever happens (a failed step, Ctrl-C, the end of the run without {@code --keep}) everything it
 * started is stopped: the writer, the daemons (by their pidfiles, {@code -s}), then the servers. A run that ends
 * with things left running ({@code --keep}) leaves {@link #STATE_FILE} in the folder; {@link #stopKept} removes it.
 */
final class Demo {
    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    static final String SOURCE_MAJOR = "9.6";
    static final String TARGET_MAJOR = "18";
    static final String DB = "shop";
    static final String QUEUE = "shopq";
    static final String STATE_FILE = "demo.running";
    static final Duration COPY_LIMIT = Duration.ofMinutes(3);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Path dir;
    private final Duration duration;
    private final boolean keep;
    private final PrintWriter out;
    private final Path bin;
    private final Path commandsLog;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile DemoServer source;
    private volatile DemoServer target;
    private volatile Shop.Writer writer;
    private volatile boolean interrupted;
    private int step;

    Demo(Path dir, Duration duration, boolean keep, PrintWriter out) {
        this.dir = dir;
        this.duration = duration;
        this.keep = keep;
        this.out = out;
        this.bin = binDir();
        this.commandsLog = dir.resolve("log/commands.log");
    }

    /** The whole run; returns the exit code (0, or 3 when compare found differences). */
    int run() {
        Thread hook = new Thread(() -> {
            interrupted = true;
            if (!stopped.get()) {
                out.println();
                out.println("Interrupted: stopping everything the demo started...");
                out.flush();
                stopAll();
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean done = false;
        try {
            int code = walkthrough();
            done = true;
            return code;
        } catch (L4jException e) {
            throw awaitInterrupt() ? new L4jException("demo: interrupted") : e;
        } catch (RuntimeException e) {
            awaitInterrupt();
            log.debug("demo failed", e);
            throw new L4jException("demo: " + (interrupted ? "interrupted" : DemoServer.rootMessage(e))
                    + "; see " + commandsLog + " and the logs beside it", e);
        } finally {
            if (!interrupted) {
                if (done && keep) {
                    if (writer != null) {
                        writer.stop();
                    }
                    startKeptWriter();
                    printKept();
                } else {
                    heading("Stopping everything");
                    stopAll();
                    out.println("   servers, daemons and writer stopped; ini files and logs stay in " + dir);
                    out.flush();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already going down (Ctrl-C): the hook does the stopping
                }
            }
        }
    }

    /**
     * Whether the run was interrupted. Ctrl-C reaches the old major's postmaster too (9.6's pg_ctl leaves it in the
     * terminal's process group), so a step may fail with "terminating connection" a moment before this JVM's
     * shutdown hook runs: give the hook that moment, so that the user reads "interrupted", not a failure.
     */
    private boolean awaitInterrupt() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (!interrupted && System.nanoTime() < end) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return interrupted;
    }

    private int walkthrough() {
        try {
            Files.createDirectories(dir.resolve("log"));
            Files.writeString(dir.resolve(STATE_FILE), "a londiste4j demo runs here; stop it with: "
                    + stopCommand() + "\n");
        } catch (IOException e) {
            throw new L4jException("demo folder " + dir + ": cannot write: " + e.getMessage());
        }
        out.println("londiste4j demo: the upgrade walkthrough from PostgreSQL " + SOURCE_MAJOR + " to " + TARGET_MAJOR
                + ", in " + dir);
        out.println("   (every command's full output goes to " + commandsLog + ")");

        heading("Starting two PostgreSQL servers: " + SOURCE_MAJOR + " (the old one) and " + TARGET_MAJOR
                + " (the new one)");
        startServers();
        out.printf("   PostgreSQL %s: port %d, data in %s%n", SOURCE_MAJOR, source.port(), source.dataDir());
        out.printf("   PostgreSQL %s: port %d, data in %s%n", TARGET_MAJOR, target.port(), target.dataDir());

        heading("Creating the shop on " + SOURCE_MAJOR + " (database " + DB + "); " + TARGET_MAJOR
                + " gets an empty database");
        createShop();

        heading("Writing the walkthrough's ini files (no [section] line, as published)");
        writeInis();

        heading("Starting the ticker and the two nodes (the leaf's worker once its tables are added)");
        ok("pgqd", "-d", "ticker.ini");
        ok("londiste3", "master.ini", "create-root", "master", source.connstr(DB));
        ok("londiste3", "-d", "master.ini", "worker");
        ok("londiste3", "slave.ini", "create-leaf", "slave", target.connstr(DB), "--provider=" + source.connstr(DB));

        heading("Adding the tables and sequences, while the shop keeps taking orders");
        writer = new Shop.Writer(this::connectSource);
        writer.start();
        ok("londiste3", "master.ini", "add-table", "--all");
        ok("londiste3", "master.ini", "add-seq", "--all");
        // --create-full also makes invoice_no (orders.invoice's default uses it) and the foreign keys among the
        // tables; add-seq then replicates the sequences' values
        ok("londiste3", "slave.ini", "add-table", "--all", "--create-full");
        ok("londiste3", "slave.ini", "add-seq", "--all");

        // the leaf's worker starts only now, so that status shows the tables waiting for their copy (this small
        // shop copies in well under the second a status process needs to start) and the lines below follow each
        // table through in-copy, catching-up and ok
        heading("Status before the leaf's worker starts, then its initial copy table by table");
        show("londiste3", "slave.ini", "status");
        ok("londiste3", "-d", "slave.ini", "worker");
        waitCopied();

        heading("Status after the copy");
        show("londiste3", "slave.ini", "status");

        heading("Live replication for " + duration.toSeconds() + " s (orders keep coming on " + SOURCE_MAJOR + ")");
        followWriter();

        heading("Comparing both sides (row counts and checksums at the same tick, writer still running)");
        int code = show("londiste3", "slave.ini", "compare");
        checkWriter();
        if (code != ExitCodes.OK) {
            throw new L4jException("demo: compare found differences (exit " + code + "); see "
                    + dir.resolve("log/slave.log"));
        }
        printFiles();
        return ExitCodes.OK;
    }

    private void startServers() {
        var old = CompletableFuture.supplyAsync(() -> DemoServer.start(SOURCE_MAJOR,
                dir.resolve("data/pg" + SOURCE_MAJOR)));
        var young = CompletableFuture.supplyAsync(() -> DemoServer.start(TARGET_MAJOR,
                dir.resolve("data/pg" + TARGET_MAJOR)));
        try {
            source = old.join();
        } catch (CompletionException e) {
            // the other one may have come up: it is stopped with the rest
            young.thenAccept(s -> target = s).exceptionally(t -> null).join();
            throw unwrap(e);
        }
        try {
            target = young.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : e;
    }

    private void createShop() {
        for (DemoServer s : List.of(source, target)) {
            try (Connection c = s.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("create database " + DB);
            } catch (SQLException e) {
                throw new L4jException("PostgreSQL " + s.major() + ": cannot create database " + DB + ": "
                        + e.getMessage(), e);
            }
        }
        try (Connection c = source.connect(DB)) {
            Shop.create(c);
            out.printf("   %s%n", Shop.TABLES.stream().map(t -> {
                try {
                    return t.substring(t.indexOf('.') + 1) + " " + Shop.count(c, t);
                } catch (SQLException e) {
                    throw new L4jException(t + ": cannot count: " + e.getMessage(), e);
                }
            }).collect(Collectors.joining(", ", "rows: ", "")));
            out.println("   with serial keys, a sequence (invoice_no), foreign keys, numeric, NaN and Infinity, bytea,"
                    + " arrays, json, jsonb, infinity timestamps, intervals, inet, uuid, Unicode, '' beside NULL");
        } catch (SQLException e) {
            throw new L4jException("PostgreSQL " + SOURCE_MAJOR + ": cannot create the shop: " + e.getMessage(), e);
        }
    }

    private void writeInis() {
        String base = "host=localhost port=" + source.port() + " user=" + DemoServer.USER;
        write("ticker.ini", "base_connstr = " + base + "\ndatabase_list = " + DB + "\nlogfile = log/ticker.log\n"
                + "pidfile = pid/ticker.pid\n");
        write("master.ini", londisteIni(source));
        write("slave.ini", londisteIni(target));
        for (String f : List.of("ticker.ini", "master.ini", "slave.ini")) {
            out.println("   " + f + ":");
            try {
                Files.readAllLines(dir.resolve(f)).forEach(l -> out.println("      " + l));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String londisteIni(DemoServer s) {
        return "db = " + s.connstr(DB) + "\nqueue_name = " + QUEUE + "\nloop_delay = 0.2\n"
                + "logfile = log/%(job_name)s.log\npidfile = pid/%(job_name)s.pid\n";
    }

    private void write(String name, String body) {
        try {
            Files.writeString(dir.resolve(name), body);
        } catch (IOException e) {
            throw new L4jException(dir.resolve(name) + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Waits until every table is {@code ok} on the leaf, with a line each time the states change. */
    private void waitCopied() {
        long start = System.nanoTime();
        long end = start + COPY_LIMIT.toNanos();
        String last = "";
        while (true) {
            checkWriter();
            String states = tableStates();
            if (!states.equals(last)) {
                out.printf("   %s  %.1f s  %s%n", LocalTime.now().format(CLOCK), (System.nanoTime() - start) / 1e9,
                        states.isEmpty() ? "(no tables registered yet)" : states);
                out.flush();
                last = states;
            }
            if (allOk(states)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new L4jException("demo: the tables were not all ok after " + COPY_LIMIT.toSeconds()
                        + " s (" + states + "); see " + dir.resolve("log/slave.log"));
            }
            pause(200);
        }
    }

    private static boolean allOk(String states) {
        return states.startsWith("ok: " + Shop.TABLES.size());
    }

    /** {@code ok: 3, in-copy: 1}: how many of the leaf's tables are in which state. */
    private String tableStates() {
        try (Connection c = target.connect(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(merge_state, 'waiting') s, count(*) from"
                     + " londiste.table_info where queue_name = '" + QUEUE + "' and local group by 1"
                     + " order by coalesce(merge_state, 'waiting') <> 'ok', 1")) {
            List<String> parts = new ArrayList<>();
            while (rs.next()) {
                parts.add(rs.getString(1) + ": " + rs.getInt(2));
            }
            return String.join(", ", parts);
        } catch (SQLException e) {
            log.debug("table states", e); // not there yet, or the server is going away: asked again
            return "";
        }
    }

    /** The writer's transactions and both sides' order counts, every few seconds for the run's duration. */
    private void followWriter() {
        long end = System.nanoTime() + duration.toNanos();
        long nextLine = 0;
        while (true) {
            checkWriter();
            long now = System.nanoTime();
            if (now >= nextLine || now >= end) {
                out.printf("   %s  writer: %d transactions so far; orders on %s: %s, on %s: %s%n",
                        LocalTime.now().format(CLOCK), writer.transactions.get(), SOURCE_MAJOR, orders(source),
                        TARGET_MAJOR, orders(target));
                out.flush();
                nextLine = now + TimeUnit.SECONDS.toNanos(5);
            }
            if (now >= end) {
                return;
            }
            pause(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - now))));
        }
    }

    private static String orders(DemoServer s) {
        try (Connection c = s.connect(DB)) {
            return Long.toString(Shop.count(c, "public.orders"));
        } catch (SQLException e) {
            return "?";
        }
    }

    private void checkWriter() {
        if (interrupted) {
            throw new L4jException("demo: interrupted");
        }
        Shop.Writer w = writer;
        if (w != null && w.failure.get() != null) {
            throw new L4jException("demo: the shop's writer failed: " + DemoServer.rootMessage(w.failure.get()),
                    w.failure.get());
        }
    }

    private Connection connectSource() {
        try {
            return source.connect(DB);
        } catch (SQLException e) {
            throw new L4jException("PostgreSQL " + SOURCE_MAJOR + ": cannot connect: " + e.getMessage(), e);
        }
    }

    private void printFiles() {
        heading("Where things are, and what to try next");
        out.println("   folder:      " + dir);
        out.println("   ini files:   ticker.ini, master.ini, slave.ini");
        out.println("   logs:        log/ticker.log, log/master.log, log/slave.log, log/commands.log");
        out.println("   source:      '" + source.connstr(DB) + "' (PostgreSQL " + SOURCE_MAJOR + ")");
        out.println("   target:      '" + target.connstr(DB) + "' (PostgreSQL " + TARGET_MAJOR + ")");
        out.println("   launchers:   " + bin);
        out.println(keep ? "   Try, while it runs:"
                : "   Try (after 'londiste4j demo --keep', which leaves it running):");
        out.println("      cd " + shellQuote(dir.toString()) + " && export PATH=" + shellQuote(bin.toString())
                + ":$PATH");
        out.println("      londiste3 slave.ini status");
        out.println("      londiste3 slave.ini tables");
        out.println("      londiste3 slave.ini compare");
        out.println("      londiste3 slave.ini resync public.orders");
        out.println("      londiste3 --help");
        out.println("      tail -f log/slave.log");
        out.flush();
    }

    private void printKept() {
        heading("Left running (--keep)");
        out.println("   PostgreSQL " + SOURCE_MAJOR + " on port " + source.port() + ", " + TARGET_MAJOR + " on port "
                + target.port() + ", pgqd and both workers run on, and so does the writer (log/writer.log).");
        out.println("   To stop it later:");
        out.println("      " + stopCommand());
        out.flush();
    }

    /**
     * The application goes on after a {@code --keep} run: the same writer in a process of its own
     * ({@code londiste4j demo --writer-port N}), detached from this JVM, logging to {@code log/writer.log}.
     */
    private void startKeptWriter() {
        try {
            ProcessBuilder pb = new ProcessBuilder(bin.resolve("londiste4j").toString(), "demo",
                    "--dir", dir.toString(), "--writer-port", Integer.toString(source.port())).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("log/writer.log").toFile()));
            ProcessHandle.current().info().command().ifPresent(java -> pb.environment().put("JAVA", java));
            pb.start();
            Path pidfile = dir.resolve("pid/writer.pid");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pidfile) && System.nanoTime() < end) {
                pause(100);
            }
        } catch (IOException e) {
            out.println("   the writer could not be started again: " + e.getMessage());
        }
    }

    /**
     * {@code londiste4j demo --writer-port N --dir DIR}: the shop's writer against the source on port N until
     * stopped (SIGTERM), with its pid in {@code pid/writer.pid}.
     */
    static int runWriter(Path dir, int port, PrintWriter out) {
        Path pidfile = dir.resolve("pid/writer.pid");
        Shop.Writer w = new Shop.Writer(() -> {
            try {
                return java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + DB,
                        DemoServer.USER, "");
            } catch (SQLException e) {
                throw new L4jException("PostgreSQL on port " + port + ": cannot connect: " + e.getMessage(), e);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            w.stop();
            try {
                Files.deleteIfExists(pidfile);
            } catch (IOException e) {
                log.debug("cannot remove {}", pidfile, e);
            }
        }, "writer-stop"));
        try {
            Files.createDirectories(pidfile.getParent());
            Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new L4jException(pidfile + ": cannot write: " + e.getMessage(), e);
        }
        out.println(LocalTime.now().format(CLOCK) + " writer: placing orders on port " + port);
        out.flush();
        w.start();
        long reported = 0;
        while (w.failure.get() == null) {
            pause(1000);
            long n = w.transactions.get();
            if (n / 1000 > reported / 1000) {
                out.println(LocalTime.now().format(CLOCK) + " writer: " + n + " transactions");
                out.flush();
            }
            reported = n;
        }
        throw new L4jException("demo writer: " + DemoServer.rootMessage(w.failure.get()), w.failure.get());
    }

    /** Ends the kept writer by its pidfile (SIGTERM: it finishes its transaction and removes the pidfile). */
    private static void stopWriter(Path dir) {
        Path pidfile = dir.resolve("pid/writer.pid");
        try {
            if (!Files.exists(pidfile)) {
                return;
            }
            var ph = ProcessHandle.of(Long.parseLong(Files.readString(pidfile).trim()));
            if (ph.isPresent() && ph.get().info().commandLine().orElse("").contains("--writer-port")) {
                ph.get().destroy();
                ph.get().onExit().get(60, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pidfile);
        } catch (IOException | NumberFormatException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            log.debug("stopping the writer of {}", dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String stopCommand() {
        return shellQuote(bin.resolve("londiste4j").toString()) + " demo --stop --dir " + shellQuote(dir.toString());
    }

    /** Stops writer, daemons and servers; safe to call twice and from the shutdown hook. */
    private void stopAll() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Shop.Writer w = writer;
        if (w != null) {
            w.stop();
        }
        stopDaemons(dir, bin, commandsLog);
        for (DemoServer s : new DemoServer[] {target, source}) {
            if (s != null) {
                s.stop();
            }
        }
        removeData(dir);
        try {
            Files.deleteIfExists(dir.resolve(STATE_FILE));
        } catch (IOException e) {
            log.debug("cannot remove {}", STATE_FILE, e);
        }
    }

    /**
     * Removes the stopped servers' data folders (about 50 MB each, of no use without the demo's binaries); a folder
     * whose postmaster still runs is left alone.
     */
    private static void removeData(Path dir) {
        try (var dataDirs = Files.list(dir.resolve("data"))) {
            for (Path d : dataDirs.toList()) {
                if (DemoServer.postmaster(d).isEmpty()) {
                    DemoServer.deleteTree(d);
                }
            }
            Files.deleteIfExists(dir.resolve("data"));
        } catch (IOException e) {
            log.debug("cannot remove the data folders of {}", dir, e);
        }
    }

    /** {@code londiste4j demo --stop --dir DIR}: what a {@code --keep} run left in {@code dir}. */
    static boolean stopKept(Path dir, PrintWriter out) {
        if (!Files.isDirectory(dir)) {
            throw new L4jException("demo folder " + dir + ": does not exist");
        }
        Path bin = binDir();
        Path commandsLog = dir.resolve("log/commands.log");
        stopWriter(dir);
        stopDaemons(dir, bin, commandsLog);
        int servers = 0;
        try (var dataDirs = Files.list(dir.resolve("data"))) {
            for (Path d : dataDirs.toList()) {
                if (DemoServer.stopDataDir(d, Duration.ofSeconds(60))) {
                    servers++;
                    out.println("demo: PostgreSQL in " + d + " stopped");
                }
            }
        } catch (IOException e) {
            // no data folder: no server
        }
        removeData(dir);
        try {
            Files.deleteIfExists(dir.resolve(STATE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("demo: stopped (" + servers + " server(s)); ini files and logs stay in " + dir);
        out.flush();
        return true;
    }

    /** The workers then the ticker, each by its ini file's pidfile ({@code -s} waits until it has gone). */
    private static void stopDaemons(Path dir, Path bin, Path commandsLog) {
        String[][] daemons = {{"londiste3", "slave.ini"}, {"londiste3", "master.ini"}, {"pgqd", "ticker.ini"}};
        for (String[] d : daemons) {
            Path pidfile = dir.resolve("pid").resolve(d[1].replace(".ini", ".pid"));
            if (Files.exists(dir.resolve(d[1])) && Files.exists(pidfile)) {
                try {
                    runChild(dir, bin, commandsLog, List.of(d[0], "-s", d[1]), Duration.ofSeconds(90));
                } catch (RuntimeException e) {
                    log.debug("stopping {} failed", d[1], e);
                }
            }
        }
    }

    /** Runs a launcher, echoing the command; fails the demo on a non-zero exit. */
    private void ok(String tool, String... args) {
        Result r = echoRun(tool, args);
        if (r.code != 0) {
            throw new L4jException("demo: '" + r.commandLine + "' failed (exit " + r.code + "): " + firstError(r)
                    + "; see " + commandsLog);
        }
    }

    /** Runs a launcher and shows its output; returns its exit code. */
    private int show(String tool, String... args) {
        Result r = echoRun(tool, args);
        r.output.lines().forEach(l -> out.println("      " + l));
        out.flush();
        if (r.code != 0 && r.code != ExitCodes.DIFFERENCES) {
            throw new L4jException("demo: '" + r.commandLine + "' failed (exit " + r.code + "): " + firstError(r)
                    + "; see " + commandsLog);
        }
        return r.code;
    }

    private Result echoRun(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool);
        cmd.addAll(List.of(args));
        out.println("   $ " + cmd.stream().map(Demo::shellQuote).collect(Collectors.joining(" ")));
        out.flush();
        return runChild(dir, bin, commandsLog, cmd, Duration.ofMinutes(3));
    }

    record Result(String commandLine, int code, String output) {
    }

    /**
     * Runs {@code bin/<tool> args} in {@code dir} as a user would, with this JVM's java; its stdout and stderr go
     * to {@code commandsLog} too. A command still running after {@code limit} is killed and fails.
     */
    static Result runChild(Path dir, Path bin, Path commandsLog, List<String> cmd, Duration limit) {
        String line = cmd.stream().map(Demo::shellQuote).collect(Collectors.joining(" "));
        List<String> argv = new ArrayList<>(cmd);
        argv.set(0, bin.resolve(cmd.get(0)).toString());
        try {
            Files.createDirectories(commandsLog.getParent());
            Path capture = Files.createTempFile(commandsLog.getParent(), "cmd", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(capture.toFile());
                ProcessHandle.current().info().command().ifPresent(java -> pb.environment().put("JAVA", java));
                long t0 = System.nanoTime();
                Process p = pb.start();
                boolean finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    p.destroyForcibly();
                }
                String output = Files.readString(capture);
                int code = finished ? p.exitValue() : -1;
                Files.writeString(commandsLog, "$ " + line + "\n" + output + String.format("(exit %d, %s, %.1f s)%n%n",
                        code, LocalTime.now().format(CLOCK), (System.nanoTime() - t0) / 1e9),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (!finished) {
                    throw new L4jException("demo: '" + line + "' did not return within " + limit.toSeconds()
                            + " s; see " + commandsLog);
                }
                return new Result(line, code, output);
            } finally {
                Files.deleteIfExists(capture);
            }
        } catch (IOException e) {
            throw new L4jException("demo: cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new L4jException("demo: interrupted while running '" + line + "'");
        }
    }

    /**
     * The folder of the launchers: {@code -Dlondiste4j.bin=DIR}, else the {@code bin} above the {@code lib} this
     * code runs from ({@code londiste4j-cli/target/lib} in a checkout, {@code lib} in an unpacked release).
     */
    static Path binDir() {
        String prop = System.getProperty("londiste4j.bin");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = DemoServer.binariesDir().toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/londiste3")) && Files.isExecutable(p.resolve("bin/pgqd"))) {
                return p.resolve("bin");
            }
        }
        throw new L4jException("demo: the launchers bin/londiste3 and bin/pgqd were not found above "
                + DemoServer.binariesDir() + "; run the demo as bin/londiste4j demo");
    }

    private void heading(String title) {
        out.println();
        out.println("== " + (++step) + ". " + title);
        out.flush();
    }

    /** The tool's own one-line message ({@code londiste3: ...}), else the last line it printed. */
    private static String firstError(Result r) {
        String tool = r.commandLine.split(" ", 2)[0] + ": ";
        List<String> lines = r.output.lines().filter(l -> !l.isBlank()).toList();
        return lines.stream().filter(l -> l.startsWith(tool)).findFirst()
                .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1)).trim();
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./=:,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new L4jException("demo: interrupted");
        }
    }
}
