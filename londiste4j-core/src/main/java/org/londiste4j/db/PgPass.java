package org.londiste4j.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A libpq password file ({@code ~/.pgpass}, {@code PGPASSFILE} or {@code passfile=}): lines
 * {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \:} and {@code \\}
 * escaping, the first matching line winning. As libpq, a file that group or others may read is ignored with a
 * warning, and a Unix-socket host matches {@code localhost}.
 */
final class PgPass {
    private static final Logger log = LoggerFactory.getLogger(PgPass.class);

    private PgPass() {
    }

    /** The password for the target, or empty when the file is absent, unsafe or has no matching line. */
    static Optional<String> lookup(Path file, String host, String port, String dbname, String user) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                log.warn("password file {} has group or world access; permissions should be u=rw (0600) or less; "
                        + "it is ignored, as libpq does", file);
                return Optional.empty();
            }
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("cannot read permissions of {}: {}", file, e.toString());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("password file {} cannot be read: {}", file, e.getMessage());
            return Optional.empty();
        }
        String h = host.startsWith("/") || host.isEmpty() ? "localhost" : host;
        String[] want = {h, port, dbname, user};
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line);
            if (fields.size() < 5) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                match = fields.get(i).equals("*") || fields.get(i).equals(want[i]);
            }
            if (match) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    /** Splits on unescaped {@code :}; the fifth field (password) takes the rest of the line. */
    static List<String> split(String line) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
