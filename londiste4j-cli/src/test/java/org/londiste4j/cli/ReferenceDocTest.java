package org.londiste4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/reference.md is what {@link ReferenceDoc} renders from the code, every command's help has an example, and
 * the launchers' {@code --help} match their golden files. After a deliberate change of a command or key,
 * regenerate with {@value ReferenceDoc#REGENERATE} and review the diff.
 */
class ReferenceDocTest {
    /** The module's folder is surefire's working directory; the docs are next to it. */
    private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

    @Test
    void committedReferenceShouldBeWhatTheCodeRenders() throws IOException {
        golden(REFERENCE, ReferenceDoc.render());
    }

    /** Compares {@code file} (read from the source tree, not the classpath) with {@code actual}. */
    static void golden(Path file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            ReferenceDoc.write(file, actual);
        }
        assertTrue(Files.exists(file), file + " is missing; regenerate: " + ReferenceDoc.REGENERATE);
        assertEquals(Files.readString(file), actual,
                file + " differs from what the code prints; if deliberate, regenerate: " + ReferenceDoc.REGENERATE);
    }

    @Test
    void referenceShouldNameEveryCommandAndKey() {
        String md = ReferenceDoc.render();
        for (String c : LondisteMainTest.COMMANDS) {
            assertTrue(md.contains("londiste3 CONFIG.ini " + c + "\n"), c);
        }
        for (var set : List.of(org.londiste4j.config.ConfigKeys.LONDISTE, org.londiste4j.config.ConfigKeys.PGQD)) {
            set.byName().keySet().forEach(k -> assertTrue(md.contains("| `" + k + "` |")
                    || set.byName().get(k).aliases().contains(k), set.program() + " key " + k));
        }
    }

    @Test
    void everyCommandShouldShowAnExample() {
        var missing = new ArrayList<String>();
        for (String launcher : ReferenceDoc.launchers()) {
            ReferenceDoc.commands(launcher).forEach((name, cl) -> {
                if (name.equals("help")) {
                    return;
                }
                String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
                String program = launcher.equals("pgqd") ? "pgqd " : launcher + " ";
                if (!help.contains("Example") || !help.contains("\n  " + program)) {
                    missing.add(launcher + " " + name);
                }
            });
        }
        assertEquals(List.of(), missing, "commands whose --help has no 'Example' footer with a command line");
    }

    @Test
    void helpLinesShouldFitATerminal() {
        for (String launcher : ReferenceDoc.launchers()) {
            ReferenceDoc.commands(launcher).forEach((name, cl) -> cl.getUsageMessage(CommandLine.Help.Ansi.OFF)
                    .lines().forEach(l -> assertTrue(l.length() <= 100, launcher + " " + name + ": " + l)));
        }
    }

    @Test
    void pgqdHelpShouldMatchGolden() throws IOException {
        golden(Path.of("src/test/resources/golden/pgqd-help.txt"),
                PgqdMain.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
    }

    @Test
    void londiste4jHelpShouldMatchGolden() throws IOException {
        golden(Path.of("src/test/resources/golden/londiste4j-help.txt"),
                L4jMain.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
}
