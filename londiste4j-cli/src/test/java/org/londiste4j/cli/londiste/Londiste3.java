package org.londiste4j.cli.londiste;

import org.londiste4j.cli.LondisteMain;
import org.londiste4j.cli.logging.LogSetup;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Test driver: {@code londiste3 CONFIG.ini ...} run in-process through {@link LondisteMain}'s command line, with
 * ini files of the walkthrough's shape (no section header; db, queue_name, logfile, pidfile), stdout, stderr and
 * the exit code captured, and the node's log file readable.
 */
final class Londiste3 {
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** One node's ini file and database. */
    record Node(String name, Path ini, Path logFile, String connstr, String jdbcUrl) {
        Run run(String... args) {
            var all = new ArrayList<String>();
            all.add(ini.toString());
            all.addAll(List.of(args));
            return Londiste3.run(all.toArray(String[]::new));
        }

        String log() {
            try {
                return Files.exists(logFile) ? Files.readString(logFile) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, "postgres", "");
        }

        void sql(String... statements) throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                for (String s : statements) {
                    st.execute(s);
                }
            }
        }

        List<String> column(String query) throws SQLException {
            var out = new ArrayList<String>();
            try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private Londiste3() {
    }

    static Run run(String... args) {
        var cl = LondisteMain.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            LogSetup.consoleOnly(0, false);
        }
    }

    /** Writes {@code <dir>/<name>.ini} as the walkthrough prints it. */
    static Node node(Path dir, String name, String queue, String connstr, String jdbcUrl) {
        Path ini = dir.resolve(name + ".ini");
        try {
            Files.writeString(ini, "job_name = " + name + "\ndb = " + connstr + "\nqueue_name = " + queue
                    + "\nloop_delay = 0.5\nlogfile = " + dir + "/log/%(job_name)s.log\npidfile = " + dir
                    + "/pid/%(job_name)s.pid\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Node(name, ini, dir.resolve("log/" + name + ".log"), connstr, jdbcUrl);
    }
}
