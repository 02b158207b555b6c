package org.londiste4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command line shown in the docs (indented or fenced lines that start with {@code londiste3}, {@code pgqd}
 * or {@code londiste4j}) and in the {@code --help} examples parses with the launchers' real command lines: a
 * renamed command or option cannot leave the tutorial or an example behind. Parsing only; nothing runs.
 */
class DocCommandsTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Map<String, CommandLine> CACHE = new HashMap<>();

    @Test
    void commandLinesInTheDocsShouldParse() throws IOException {
        var bad = new ArrayList<String>();
        int seen = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(DOCS)) {
            files = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path f : files) {
            List<String> lines = joinContinuations(Files.readAllLines(f));
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                // code only: fenced, or indented by four (also inside a '>' quote); prose may name a launcher
                String unquoted = line.replaceFirst("^\\s*>", "");
                if (!fenced && !unquoted.startsWith("    ")) {
                    continue;
                }
                String cmd = commandIn(line);
                if (cmd != null) {
                    seen++;
                    String problem = parse(cmd);
                    if (problem != null) {
                        bad.add(f.getFileName() + ": " + cmd + "\n    " + problem);
                    }
                }
            }
        }
        assertTrue(seen >= 20, "only " + seen + " command lines found in docs/*.md");
        assertEquals("", String.join("\n", bad), "command lines in docs/ that the launchers refuse");
    }

    @Test
    void examplesInTheHelpShouldParse() {
        var bad = new ArrayList<String>();
        for (String launcher : ReferenceDoc.launchers()) {
            ReferenceDoc.commands(launcher).forEach((name, cl) -> {
                var footer = joinContinuations(List.of(cl.getCommandSpec().usageMessage().footer()));
                for (String line : footer) {
                    String cmd = commandIn(line);
                    String problem = cmd == null ? null : parse(cmd);
                    if (problem != null) {
                        bad.add(launcher + " " + name + ": " + cmd + "\n    " + problem);
                    }
                }
            });
        }
        assertEquals("", String.join("\n", bad), "examples in --help that the launchers refuse");
    }

    @Test
    void aWrongCommandLineShouldBeCaught() {
        assertTrue(parse("londiste3 slave.ini add-table --al") != null);
        assertTrue(parse("londiste3 slave.ini add-tables --all") != null);
        assertEquals(null, parse("londiste3 slave.ini add-table --all --create"));
        assertEquals(null, parse("pgqd -d ticker.ini"));
        assertEquals(null, parse("londiste3 root.ini resurrect [--dump-file=FILE]"));
        assertTrue(parse("londiste3 root.ini resurrect [--dump-file=FILE] --dumpfile=x") != null);
    }

    /** Lines ending in a backslash continue on the next one, as in a shell. */
    private static List<String> joinContinuations(List<String> lines) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        for (String l : lines) {
            String t = l.stripTrailing();
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
            } else {
                out.add(cur.append(t).toString());
                cur.setLength(0);
            }
        }
        return out;
    }

    /** The command on a doc line (after indentation or a markdown quote), or null when the line is not one. */
    static String commandIn(String line) {
        String t = line.strip();
        while (t.startsWith(">")) {
            t = t.substring(1).strip();
        }
        if (t.startsWith("bin/")) {
            t = t.substring(4);
        }
        for (String p : List.of("londiste3 ", "londiste ", "pgqd ", "londiste4j ")) {
            if (t.startsWith(p) && !t.contains("`")) {
                return t;
            }
        }
        return null;
    }

    /** Parses {@code cmd} with its launcher; null when it parses, else picocli's complaint. */
    static String parse(String cmd) {
        List<String> words = withoutOptionalParts(words(cmd));
        Supplier<CommandLine> launcher = switch (words.get(0)) {
            case "londiste3", "londiste" -> LondisteMain::commandLine;
            case "pgqd" -> PgqdMain::commandLine;
            case "londiste4j" -> L4jMain::commandLine;
            default -> throw new IllegalArgumentException(cmd);
        };
        // building londiste3's command line is the slow part: reuse one, except for a daemon signal, which the
        // switches remember across parses (-s then -k would be refused as contradicting)
        boolean signal = words.stream().anyMatch(w -> w.equals("-s") || w.equals("-k") || w.equals("-r"));
        CommandLine cl = signal ? launcher.get() : CACHE.computeIfAbsent(words.get(0), w -> launcher.get());
        try {
            var parsed = cl.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
            if (words.get(0).startsWith("londiste3") || words.get(0).equals("londiste")) {
                // a londiste3 line names a command unless it is --ini, --help or a signal to a daemon
                boolean command = parsed.hasSubcommand();
                boolean standalone = words.stream().anyMatch(w -> w.equals("--ini") || w.equals("-h")
                        || w.equals("--help") || w.equals("-s") || w.equals("-k") || w.equals("-r"));
                if (!command && !standalone) {
                    return "no command";
                }
            }
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
    }

    /** A synopsis's optional parts ({@code [--dead=NODE ...]}) and ellipses are notation, not arguments. */
    static List<String> withoutOptionalParts(List<String> words) {
        var out = new ArrayList<String>();
        int depth = 0;
        for (String w : words) {
            if (w.startsWith("[")) {
                depth++;
            }
            if (depth == 0 && !w.equals("...")) {
                out.add(w);
            }
            if (w.endsWith("]") && depth > 0) {
                depth--;
            }
        }
        return out;
    }

    /** Shell words: quotes group, a {@code #} comment or a redirection/pipe ends the command. */
    static List<String> words(String cmd) {
        var out = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (!inWord && (c == '#' || c == '>' || c == '|' || c == ';' || c == '&')) {
                break;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
