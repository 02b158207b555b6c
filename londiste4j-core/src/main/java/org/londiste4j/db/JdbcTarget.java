package org.londiste4j.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a {@link ConnStr} leads once libpq's environment and defaults are applied ({@code PGHOST},
 * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, {@code PGDATABASE}, {@code PGPASSFILE}/{@code ~/.pgpass},
 * port 5432, user = the OS user, dbname = user), in the form pgjdbc takes: a URL and {@link Properties}.
 *
 * <p>A Unix-domain socket folder ({@code host=/dir}, or no host at all, which is libpq's socket default) is
 * reached through {@link UnixSocketFactory}, as libpq does, so that peer authentication and socket-only servers
 * work. When such a folder is one of several hosts, pgjdbc's single socket factory cannot serve both kinds: the
 * folder is then reached as {@code localhost} over TCP on the same port, and {@link #socketNote()} says so.
 *
 * @param password the password that will be sent (connection string, PGPASSWORD or pgpass), never shown
 */
public record JdbcTarget(List<String> hosts, List<String> ports, String dbname, String user,
        Optional<String> password, Optional<String> socketDir, Properties properties) {

    /** The libpq socket folder used when no host is named (Debian's). */
    static final String DEFAULT_SOCKET_DIR = "/var/run/postgresql";

    /** Resolves against this process's environment. */
    public static JdbcTarget of(ConnStr cs, String applicationName) {
        return of(cs, applicationName, System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("user.name"));
    }

    static JdbcTarget of(ConnStr cs, String applicationName, Map<String, String> env, Path home, String osUser) {
        String host = value(cs, "hostaddr", env, "PGHOSTADDR")
                .or(() -> value(cs, "host", env, "PGHOST")).orElse("");
        String port = value(cs, "port", env, "PGPORT").orElse("5432");
        String user = value(cs, "user", env, "PGUSER").orElse(osUser);
        String dbname = value(cs, "dbname", env, "PGDATABASE").orElse(user);

        var hosts = new ArrayList<String>();
        String socketDir = null;
        for (String h : (host.isEmpty() ? "" : host).split(",", -1)) {
            if (h.isEmpty() || h.startsWith("/") || h.startsWith("@")) {
                socketDir = h.isEmpty() ? DEFAULT_SOCKET_DIR : h;
                hosts.add("localhost");
            } else {
                hosts.add(h);
            }
        }
        var ports = new ArrayList<String>(List.of(port.split(",", -1)));
        for (int i = 0; i < ports.size(); i++) {
            String p = ports.get(i).strip();
            if (p.isEmpty()) {
                p = "5432";
            }
            if (!p.chars().allMatch(Character::isDigit) || p.length() > 5 || Integer.parseInt(p) > 65535) {
                throw new ConnStr.ConnStrException("port=" + ports.get(i) + ": invalid port number; write a number "
                        + "such as 5432");
            }
            ports.set(i, p);
        }
        if (ports.size() != 1 && ports.size() != hosts.size()) {
            throw new ConnStr.ConnStrException("port=" + port + ": " + ports.size() + " ports for " + hosts.size()
                    + " hosts; give one port, or one per host");
        }
        while (ports.size() < hosts.size()) {
            ports.add(ports.get(0));
        }

        Optional<String> password = value(cs, "password", env, "PGPASSWORD");
        if (password.isEmpty()) {
            Path passfile = value(cs, "passfile", env, "PGPASSFILE").map(Path::of)
                    .orElse(home.resolve(".pgpass"));
            // as libpq: with hostaddr, the pgpass line is looked up by host= when that is given too
            String[] named = value(cs, "host", env, "PGHOST").orElse("").split(",", -1);
            boolean byName = cs.get("hostaddr").isPresent() && named.length == hosts.size() && !named[0].isEmpty();
            for (int i = 0; i < hosts.size() && password.isEmpty(); i++) {
                String h = byName ? named[i]
                        : socketDir != null && hosts.get(i).equals("localhost") ? socketDir : hosts.get(i);
                password = PgPass.lookup(passfile, h, ports.get(i), dbname, user);
            }
        }
        var props = new Properties();
        props.setProperty("user", user);
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", applicationName != null ? applicationName
                : value(cs, "application_name", env, "PGAPPNAME")
                        .or(() -> cs.get("fallback_application_name")).orElse("londiste4j"));
        value(cs, "connect_timeout", env, "PGCONNECT_TIMEOUT").ifPresent(t -> props.setProperty("connectTimeout", t));
        value(cs, "options", env, "PGOPTIONS").ifPresent(o -> props.setProperty("options", o));
        value(cs, "sslmode", env, "PGSSLMODE").ifPresent(m -> props.setProperty("sslmode", m));
        cs.get("requiressl").filter("1"::equals).ifPresent(x -> props.setProperty("sslmode", "require"));
        for (String k : List.of("sslcert", "sslkey", "sslrootcert", "sslpassword")) {
            cs.get(k).ifPresent(v -> props.setProperty(k, v));
        }
        cs.get("gssencmode").ifPresent(v -> props.setProperty("gssEncMode", v));
        cs.get("krbsrvname").ifPresent(v -> props.setProperty("kerberosServerName", v));
        cs.get("keepalives").ifPresent(v -> props.setProperty("tcpKeepAlive", String.valueOf(!v.equals("0"))));
        cs.get("load_balance_hosts").ifPresent(v -> props.setProperty("loadBalanceHosts",
                String.valueOf(v.equals("random"))));
        cs.get("target_session_attrs").ifPresent(v -> props.setProperty("targetServerType", serverType(v)));
        if (socketDir != null && hosts.size() == 1) {
            props.setProperty("socketFactory", UnixSocketFactory.class.getName());
            props.setProperty("socketFactoryArg", socketDir);
            // SSL is never offered on a Unix-domain socket; libpq does not ask for it there either
            if (!props.containsKey("sslmode")) {
                props.setProperty("sslmode", "disable");
            }
        }
        return new JdbcTarget(List.copyOf(hosts), List.copyOf(ports), dbname, user, password,
                Optional.ofNullable(socketDir), props);
    }

    private static String serverType(String attrs) {
        switch (attrs.toLowerCase(Locale.ROOT)) {
            case "read-write", "primary":
                return "primary";
            case "read-only", "standby":
                return "secondary";
            case "prefer-standby":
                return "preferSecondary";
            default:
                return "any";
        }
    }

    private static Optional<String> value(ConnStr cs, String key, Map<String, String> env, String var) {
        var v = cs.get(key);
        if (v.isPresent()) {
            return v.filter(s -> !s.isEmpty());
        }
        return Optional.ofNullable(env.get(var)).filter(s -> !s.isEmpty());
    }

    /** {@code jdbc:postgresql://h1:p1,h2:p2/db}. */
    public String url() {
        var sb = new StringBuilder("jdbc:postgresql://");
        for (int i = 0; i < hosts.size(); i++) {
            String h = hosts.get(i);
            sb.append(i > 0 ? "," : "").append(h.indexOf(':') >= 0 ? "[" + h + "]" : h).append(':')
                    .append(ports.get(i));
        }
        // pgjdbc URL-decodes the database name
        return sb.append('/').append(URLEncoder.encode(dbname, StandardCharsets.UTF_8).replace("+", "%20"))
                .toString();
    }

    /** What a message may show: {@code dbname=myapp host=db1 port=5432 user=postgres}, no password. */
    public String describe() {
        String h = String.join(",", hosts);
        if (socketDir.isPresent()) {
            h = h.replace("localhost", socketDir.get());
        }
        return "dbname=" + ConnStr.quote(dbname) + " host=" + ConnStr.quote(h) + " port=" + String.join(",", ports)
                + " user=" + ConnStr.quote(user);
    }

    /** Whether the connection goes through a Unix-domain socket file. */
    public boolean unixSocket() {
        return "org.londiste4j.db.UnixSocketFactory".equals(properties.getProperty("socketFactory"));
    }

    /** Set when a Unix-domain socket folder is one of several hosts: what pgjdbc does instead. */
    public Optional<String> socketNote() {
        if (unixSocket()) {
            return Optional.empty();
        }
        return socketDir.map(d -> "host " + d + " is a Unix-domain socket folder among several hosts, which one "
                + "connection cannot mix; londiste4j connects to localhost:" + ports.get(0) + " over TCP instead");
    }

    @Override
    public String toString() {
        return describe();
    }
}
