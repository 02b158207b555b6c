package org.londiste4j.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An ini file read the way Python's {@code ConfigParser} (the dialect of every Skytools config) reads it:
 * {@code [section]} headers (names case-sensitive), {@code key = value} and {@code key: value} (keys
 * case-insensitive), a {@code [DEFAULT]} section seen from every section, full-line {@code ;} and {@code #}
 * comments, and continuation lines (indented more than their key) joined with newlines.
 *
 * <p>One deliberate difference: keys that come before any {@code [section]} header are read as if the
 * file had a header there (section {@link #NO_SECTION}), because the published walkthrough prints its ini
 * files without one (SPEC.md 1). Duplicate keys in one section and duplicate sections are errors, as in
 * {@code ConfigParser}'s strict mode. Every syntax problem of the file is reported at once.
 *
 * <p>Values are kept raw; {@link Interpolation} expands {@code %(name)s} when a {@link JobConfig} reads them.
 */
public final class IniFile {
    /** The section whose keys every other section sees. */
    public static final String DEFAULT = "DEFAULT";
    /** The section of keys written before any header. */
    public static final String NO_SECTION = "";

    /** One {@code key = value} with the line where its key stood (1-based). */
    public record Entry(String key, String value, int line) {
    }

    private final String source;
    private final Path path;
    private final Map<String, Map<String, Entry>> sections;
    private final Map<String, Entry> defaults;

    private IniFile(String source, Path path, Map<String, Map<String, Entry>> sections, Map<String, Entry> defaults) {
        this.source = source;
        this.path = path;
        this.sections = sections;
        this.defaults = defaults;
    }

    /**
     * Reads a file.
     *
     * @throws ConfigException when it cannot be read or has syntax errors (all of them listed)
     */
    public static IniFile read(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException("config " + file + ": is a folder; give the path of an ini file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config " + file + ": file not found; give the path of an ini file "
                    + "(--ini prints a sample)");
        } catch (MalformedInputException e) {
            throw new ConfigException("config " + file + ": not UTF-8 text; save the file as UTF-8");
        } catch (IOException e) {
            throw new ConfigException("config " + file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString(), file);
    }

    /** Parses text; {@code source} names it in messages. */
    public static IniFile parse(String text, String source) {
        return parse(text, source, null);
    }

    private static IniFile parse(String text, String source, Path path) {
        var sections = new LinkedHashMap<String, Map<String, Entry>>();
        var defaults = new LinkedHashMap<String, Entry>();
        var problems = new ArrayList<String>();
        var headerLines = new LinkedHashMap<String, Integer>();

        Map<String, Entry> current = null;
        String currentName = null;
        // the key being read and its value lines, so that continuation lines can be added to it
        String optName = null;
        int optLine = 0;
        List<String> optLines = null;
        int indentLevel = 0;

        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String stripped = line.strip();
            boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
            if (stripped.isEmpty() || comment) {
                // as ConfigParser: a blank line inside a value is kept (trailing ones are dropped), a comment is not
                if (!comment && optLines != null) {
                    optLines.add("");
                }
                continue;
            }
            int indent = indentOf(line);
            if (optLines != null && indent > indentLevel) {
                optLines.add(stripped);
                continue;
            }
            // a new key or section ends the value being read
            if (optLines != null) {
                current.put(optName, new Entry(optName, joinValue(optLines), optLine));
                optLines = null;
            }
            indentLevel = indent;
            if (stripped.startsWith("[") && stripped.indexOf(']') > 1) {
                String name = stripped.substring(1, stripped.lastIndexOf(']'));
                if (name.equals(DEFAULT)) {
                    current = defaults;
                } else if (sections.containsKey(name)) {
                    problems.add("config " + source + ": line " + lineNo + ": section [" + name
                            + "] already began on line " + headerLines.get(name) + "; merge the two sections");
                    current = sections.get(name);
                } else {
                    current = new LinkedHashMap<>();
                    sections.put(name, current);
                    headerLines.put(name, lineNo);
                }
                currentName = name;
                continue;
            }
            int delim = firstDelimiter(stripped);
            if (delim <= 0) {
                problems.add("config " + source + ": line " + lineNo + ": '" + abbreviate(stripped)
                        + "' is neither [section] nor key = value; fix or comment it out with #");
                continue;
            }
            if (current == null) {
                // a file without a header line is read as if it had one (SPEC.md 1)
                current = sections.computeIfAbsent(NO_SECTION, k -> new LinkedHashMap<>());
                currentName = NO_SECTION;
            }
            String key = stripped.substring(0, delim).strip().toLowerCase(Locale.ROOT);
            Entry previous = current.get(key);
            if (previous != null) {
                problems.add("config " + source + ": line " + lineNo + ": key " + key + " is already set on line "
                        + previous.line() + " of " + describe(currentName) + "; keep one of them");
            }
            optName = key;
            optLine = lineNo;
            optLines = new ArrayList<>();
            optLines.add(stripped.substring(delim + 1).strip());
        }
        if (optLines != null) {
            current.put(optName, new Entry(optName, joinValue(optLines), optLine));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        sections.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return new IniFile(source, path, Collections.unmodifiableMap(sections), Collections.unmodifiableMap(defaults));
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }

    /** ConfigParser takes whichever of {@code =} and {@code :} comes first. */
    private static int firstDelimiter(String s) {
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String joinValue(List<String> lines) {
        int end = lines.size();
        while (end > 1 && lines.get(end - 1).isEmpty()) {
            end--;
        }
        return String.join("\n", lines.subList(0, end)).stripTrailing();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    static String describe(String section) {
        return NO_SECTION.equals(section) ? "the lines before any [section]" : "section [" + section + "]";
    }

    /** Where the text came from (a path or a name given to {@link #parse}). */
    public String source() {
        return source;
    }

    /** The file read, when it was read from one. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Section names in file order, without {@code DEFAULT}; {@link #NO_SECTION} first when present. */
    public List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    /** The section's own entries, without {@code DEFAULT}'s. */
    public Map<String, Entry> section(String name) {
        var s = sections.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no section " + name);
        }
        return s;
    }

    /** The {@code [DEFAULT]} entries. */
    public Map<String, Entry> defaults() {
        return defaults;
    }

    /**
     * Picks the job's section: the first of {@code preferred} that exists, else the only section, else (a file
     * with no section or only {@code [DEFAULT]}) an empty one named after the first preferred name.
     *
     * @throws ConfigException when several sections exist and none is preferred
     */
    public String chooseSection(List<String> preferred) {
        for (String p : preferred) {
            if (sections.containsKey(p)) {
                return p;
            }
        }
        if (sections.size() == 1) {
            return sections.keySet().iterator().next();
        }
        if (sections.isEmpty()) {
            return preferred.isEmpty() ? NO_SECTION : preferred.get(0);
        }
        var names = new ArrayList<String>();
        sections.keySet().forEach(s -> names.add(NO_SECTION.equals(s) ? "(no section)" : "[" + s + "]"));
        String want = preferred.isEmpty() ? "the job's section" : "[" + String.join("] or [", preferred) + "]";
        throw new ConfigException("config " + source + ": " + names.size() + " sections (" + String.join(", ", names)
                + ") and none is " + want + "; name the job's section " + want.split(" or ")[0]);
    }
}
