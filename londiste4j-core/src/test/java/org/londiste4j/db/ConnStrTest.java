package org.londiste4j.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libpq's connection-string rules, and what pgjdbc gets out of them. */
class ConnStrTest {
    @TempDir
    Path home;

    @Test
    void shouldParsePairsWithBlanksQuotesAndEscapes() {
        var cs = ConnStr.parse("  host = db1 port=5433 dbname='my app' user=o\\'brien password='a\\'b\\\\c d' ");
        assertEquals(Map.of("host", "db1", "port", "5433", "dbname", "my app", "user", "o'brien",
                "password", "a'b\\c d"), cs.params());
        assertEquals(Optional.of(""), ConnStr.parse("password=''").get("password"));
        assertEquals("db2", ConnStr.parse("host=db1 host=db2").get("host").orElseThrow());
    }

    @Test
    void shouldReadLostHostValueAsLibpqDoesAndSaySo() {
        var e = assertThrows(ConnStr.ConnStrException.class,
                () -> ConnStr.parse("user=postgres host= dbname=myapp"));
        // NOTE: the wording of SPEC.md 1
        assertEquals("host is empty: libpq reads 'dbname=myapp' as the host; name the host or leave host out",
                e.getMessage());
        assertEquals(Optional.of(""), ConnStr.parse("user=postgres host=").get("host"));
    }

    @Test
    void shouldRefuseWhatLibpqRefuses() {
        assertEquals("invalid connection option \"hots\"; see the libpq keywords (host, port, dbname, user, "
                + "password, sslmode, ...)", assertThrows(ConnStr.ConnStrException.class,
                        () -> ConnStr.parse("hots=x")).getMessage());
        assertTrue(assertThrows(ConnStr.ConnStrException.class, () -> ConnStr.parse("host"))
                .getMessage().startsWith("missing \"=\" after \"host\""));
        assertTrue(assertThrows(ConnStr.ConnStrException.class, () -> ConnStr.parse("dbname='x"))
                .getMessage().startsWith("unterminated quoted string"));
        assertTrue(assertThrows(ConnStr.ConnStrException.class, () -> ConnStr.parse("service=prod"))
                .getMessage().contains("pg_service.conf is not read"));
    }

    @Test
    void shouldParseUrisWithPercentDecodingAndQuery() {
        var cs = ConnStr.parse("postgresql://us%40er:p%3Ass@db1:5433,[::1]:5434/my%20db?sslmode=require"
                + "&application_name=x");
        assertEquals(Map.of("user", "us@er", "password", "p:ss", "host", "db1,::1", "port", "5433,5434",
                "dbname", "my db", "sslmode", "require", "application_name", "x"), cs.params());
        assertEquals(Map.of("host", "/var/run/postgresql", "dbname", "app"),
                ConnStr.parse("postgres://%2Fvar%2Frun%2Fpostgresql/app").params());
        assertEquals(Map.of(), ConnStr.parse("postgresql://").params());
        assertEquals("require", ConnStr.parse("postgresql:///x?ssl=true").get("sslmode").orElseThrow());
        var e = assertThrows(ConnStr.ConnStrException.class, () -> ConnStr.parse("postgresql://u:secret@h/d?x=1"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid URI query parameter \"x\""), e.getMessage());
    }

    @Test
    void shouldNeverShowThePassword() {
        var cs = ConnStr.parse("host=db1 password=s3cret dbname=x");
        assertEquals("host=db1 password=******** dbname=x", cs.toString());
        assertEquals("host=db1 password=s3cret dbname=x", cs.render());
        assertFalse(JdbcTarget.of(cs, "t", Map.of(), home, "me").toString().contains("s3cret"));
    }

    @Test
    void shouldRenderWhatParsesBackToTheSameKeys() {
        var cs = ConnStr.of(Map.of("dbname", "it's a \\ db", "host", "db1")).with("password", "");
        assertEquals(cs, ConnStr.parse(cs.render()));
        assertEquals("'it\\'s a \\\\ db'", ConnStr.quote("it's a \\ db"));
        var extra = ConnStr.parse("host=a user=x").plus(ConnStr.parse("user=y sslmode=require"));
        assertEquals("host=a user=y sslmode=require", extra.render());
    }

    @Test
    void shouldApplyEnvironmentAndDefaultsLikeLibpq() {
        var env = Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser", "PGPASSWORD", "pw",
                "PGDATABASE", "envdb");
        var t = JdbcTarget.of(ConnStr.parse("dbname=app"), "londiste leaf1 worker", env, home, "me");
        assertEquals("jdbc:postgresql://envhost:6000/app", t.url());
        assertEquals("envuser", t.properties().getProperty("user"));
        assertEquals("pw", t.properties().getProperty("password"));
        assertEquals("londiste leaf1 worker", t.properties().getProperty("ApplicationName"));

        var d = JdbcTarget.of(ConnStr.parse(""), null, Map.of(), home, "me");
        assertEquals("jdbc:postgresql://localhost:5432/me", d.url());
        assertEquals("dbname=me host=/var/run/postgresql port=5432 user=me", d.describe());
        assertTrue(d.unixSocket(), "no host: libpq's default socket folder");
        assertEquals("/var/run/postgresql", d.properties().getProperty("socketFactoryArg"));
        assertEquals(Optional.empty(), d.socketNote());

        var mixed = JdbcTarget.of(ConnStr.parse("host=/tmp,db2"), null, Map.of(), home, "me");
        assertFalse(mixed.unixSocket());
        assertTrue(mixed.socketNote().orElseThrow().contains("Unix-domain socket folder among several hosts"));
    }

    @Test
    void shouldMapLibpqOptionsToPgjdbcProperties() {
        var t = JdbcTarget.of(ConnStr.parse("host=a,b port=1,2 connect_timeout=5 options='-c x=1' "
                + "sslmode=verify-full target_session_attrs=read-write keepalives=0"), "app", Map.of(), home, "me");
        assertEquals("jdbc:postgresql://a:1,b:2/me", t.url());
        var p = t.properties();
        assertEquals("5", p.getProperty("connectTimeout"));
        assertEquals("-c x=1", p.getProperty("options"));
        assertEquals("verify-full", p.getProperty("sslmode"));
        assertEquals("primary", p.getProperty("targetServerType"));
        assertEquals("false", p.getProperty("tcpKeepAlive"));
        assertThrows(ConnStr.ConnStrException.class,
                () -> JdbcTarget.of(ConnStr.parse("host=a,b,c port=1,2"), "x", Map.of(), home, "me"));
        assertThrows(ConnStr.ConnStrException.class,
                () -> JdbcTarget.of(ConnStr.parse("port=54x"), "x", Map.of(), home, "me"));
    }

    @Test
    void shouldTakePasswordFromPgpassWithWildcardsAndEscapes() throws IOException {
        Path pass = home.resolve(".pgpass");
        Files.writeString(pass, "# comment\nother:*:*:*:no\ndb1:5432:app:bob:first\n*:*:*:bob:b\\:c\\\\d\n"
                + "localhost:*:*:sock:viasocket\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        var t = JdbcTarget.of(ConnStr.parse("host=db1 dbname=app user=bob"), "x", Map.of(), home, "me");
        assertEquals(Optional.of("first"), t.password());
        assertEquals(Optional.of("b:c\\d"),
                JdbcTarget.of(ConnStr.parse("host=db2 user=bob"), "x", Map.of(), home, "me").password());
        var byAddr = JdbcTarget.of(ConnStr.parse("host=db1 hostaddr=10.0.0.1 dbname=app user=bob"), "x", Map.of(),
                home, "me");
        assertEquals("jdbc:postgresql://10.0.0.1:5432/app", byAddr.url());
        assertEquals(Optional.of("first"), byAddr.password());
        assertEquals(Optional.of("viasocket"),
                JdbcTarget.of(ConnStr.parse("host=/tmp user=sock"), "x", Map.of(), home, "me").password());
        assertEquals(Optional.of("given"), JdbcTarget.of(ConnStr.parse("host=db1 dbname=app user=bob "
                + "password=given"), "x", Map.of(), home, "me").password());
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.empty(),
                JdbcTarget.of(ConnStr.parse("host=db1 dbname=app user=bob"), "x", Map.of(), home, "me").password());
        Path other = home.resolve("pf");
        Files.writeString(other, "*:*:*:*:fromenv\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.of("fromenv"), JdbcTarget.of(ConnStr.parse("host=h"), "x",
                Map.of("PGPASSFILE", other.toString()), home, "me").password());
        assertEquals(List.of("a", "b:c", "d", "e", "f:g"), PgPass.split("a:b\\:c:d:e:f:g"));
    }
}
