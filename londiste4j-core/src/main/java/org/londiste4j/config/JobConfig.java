package org.londiste4j.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One job's settings: the chosen section of an ini file with {@code [DEFAULT]}, {@code --set} overrides and
 * command-line values on top, read through typed getters. Precedence: command line, then {@code --set}, then
 * the section, then {@code [DEFAULT]}, then the names Skytools provides ({@code job_name} = the file's base
 * name, {@code service_name}, {@code host_name}, {@code config_dir}, {@code config_file}), then the key's built-in
 * default. Values are {@code %(name)s}-expanded against the same layers.
 *
 * <p>Immutable: {@link #reload()} (SIGHUP) returns a new instance, so a running round keeps a consistent view.
 * Values stored in the database at node creation win over config afterwards; that is decided by the callers.
 */
public final class JobConfig {
    private static final Logger log = LoggerFactory.getLogger(JobConfig.class);
    private static final Set<String> PROVIDED = Set.of("job_name", "service_name", "host_name", "config_dir",
            "config_file");

    private final IniFile ini;
    private final String section;
    private final ConfigKeys.KeySet keys;
    private final Map<String, String> sets;
    private final Map<String, String> cli;
    private final Map<String, String> provided;

    private JobConfig(IniFile ini, String section, ConfigKeys.KeySet keys, Map<String, String> sets,
            Map<String, String> cli) {
        this.ini = ini;
        this.section = section;
        this.keys = keys;
        this.sets = lowerKeys(sets);
        this.cli = lowerKeys(cli);
        this.provided = provided(ini, keys);
    }

    /**
     * Reads {@code file} and picks the section {@code keys} asks for (or the only one, or none).
     *
     * @param sets {@code --set key=value} overrides, in order
     * @throws ConfigException when the file is missing or malformed, or has several sections and none fits
     */
    public static JobConfig load(Path file, ConfigKeys.KeySet keys, Map<String, String> sets) {
        var ini = IniFile.read(file);
        return new JobConfig(ini, ini.chooseSection(keys.sections()), keys, sets, Map.of());
    }

    /** A config over an already read file and a given section (tests, {@code --ini} round trips). */
    public static JobConfig of(IniFile ini, String section, ConfigKeys.KeySet keys, Map<String, String> sets) {
        return new JobConfig(ini, section, keys, sets, Map.of());
    }

    /**
     * Parses {@code --set} arguments ({@code key=value}, blanks around key and value dropped).
     *
     * @throws ConfigException naming every argument without {@code =}
     */
    public static Map<String, String> parseSets(List<String> args) {
        var out = new LinkedHashMap<String, String>();
        var problems = new ArrayList<String>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0 || a.substring(0, eq).isBlank()) {
                problems.add("--set " + a + ": not key=value; write e.g. --set loop_delay=0.5");
            } else {
                // as Skytools: blanks around key and value are dropped
                out.put(a.substring(0, eq).strip().toLowerCase(Locale.ROOT), a.substring(eq + 1).strip());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    /** The same config with values given by command-line options, which win over everything else. */
    public JobConfig withCli(Map<String, String> values) {
        var merged = new LinkedHashMap<>(cli);
        merged.putAll(lowerKeys(values));
        return new JobConfig(ini, section, keys, sets, merged);
    }

    /** Reads the file again (SIGHUP), keeping the section, {@code --set} and command-line values. */
    public JobConfig reload() {
        var path = ini.path().orElseThrow(() -> new IllegalStateException("config was not read from a file"));
        return new JobConfig(IniFile.read(path), section, keys, sets, cli);
    }

    public String section() {
        return section;
    }

    public IniFile ini() {
        return ini;
    }

    public ConfigKeys.KeySet keys() {
        return keys;
    }

    /** {@code job_name}: set in the file, or the file's base name without extension. */
    public String jobName() {
        return get(ConfigKeys.JOB_NAME);
    }

    /**
     * The value of a declared key, or its default.
     *
     * @throws ConfigException when the key is neither set nor has a default, or its text is invalid
     */
    public <T> T get(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new ConfigException("config " + ini.source() + ": key " + key.name()
                + " is not set in " + IniFile.describe(section) + "; add '" + key.name() + " = ...' ("
                + key.doc() + ")"));
    }

    /** The value of a declared key or its default; empty when neither exists. */
    public <T> Optional<T> find(ConfigKey<T> key) {
        String name = key.name();
        Optional<String> text = string(name);
        for (var alias = key.aliases().iterator(); text.isEmpty() && alias.hasNext(); ) {
            name = alias.next();
            text = string(name);
        }
        if (text.isEmpty()) {
            String def = key.defaultText();
            if (def == null) {
                return Optional.empty();
            }
            // a default may refer to other keys: consumer_name defaults to %(job_name)s
            return Optional.of(key.parse(def.indexOf('%') < 0 ? def
                    : Interpolation.expand(where(key.name()), key.name(), def, this::raw)));
        }
        try {
            return Optional.of(key.parse(text.get()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(name) + ": " + e.getMessage());
        }
    }

    /** A file key whose empty value means "none" ({@code logfile}, {@code pidfile}). */
    public Optional<Path> optionalFile(ConfigKey<Path> key) {
        return string(key.name()).or(() -> Optional.ofNullable(key.defaultText()))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Values::file);
    }

    /** The expanded text of any key (declared or not), or empty when it is not set in any layer. */
    public Optional<String> string(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String raw = raw(n);
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.of(Interpolation.expand(where(n), n, raw, this::raw));
    }

    // python-skytools style getters for keys not declared in a registry

    public String getString(String name, String def) {
        return string(name).orElse(def);
    }

    public int getInt(String name, int def) {
        return typed(name, Values::integer).orElse(def);
    }

    public double getFloat(String name, double def) {
        return typed(name, Values::floating).orElse(def);
    }

    public boolean getBool(String name, boolean def) {
        return typed(name, Values::bool).orElse(def);
    }

    public List<String> getList(String name, List<String> def) {
        return typed(name, Values::list).orElse(def);
    }

    public Map<String, String> getDict(String name, Map<String, String> def) {
        return typed(name, Values::dict).orElse(def);
    }

    public Duration getSeconds(String name, Duration def) {
        return typed(name, Values::seconds).orElse(def);
    }

    public long getBytes(String name, long def) {
        return typed(name, Values::bytes).orElse(def);
    }

    public Path getFile(String name, Path def) {
        return typed(name, Values::file).orElse(def);
    }

    private <T> Optional<T> typed(String name, Function<String, T> parser) {
        var text = string(name);
        try {
            return text.map(parser);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(name.toLowerCase(Locale.ROOT)) + ": " + e.getMessage());
        }
    }

    /** Names of every key set in the section, {@code --set} or on the command line. */
    public Set<String> names() {
        var out = new LinkedHashSet<String>();
        out.addAll(sectionEntries().keySet());
        out.addAll(sets.keySet());
        out.addAll(cli.keySet());
        return out;
    }

    /**
     * Checks every value before anything connects: declared keys must parse; unknown keys and keys without
     * effect are warned about (logged and returned), never refused.
     *
     * @return the warnings, one line each
     * @throws ConfigException listing every invalid value at once
     */
    public List<String> check() {
        var problems = new ArrayList<String>();
        var warnings = new ArrayList<String>();
        var known = keys.byName();
        for (String name : names()) {
            ConfigKey<?> key = known.get(name);
            if (key == null) {
                if (!PROVIDED.contains(name)) {
                    warnings.add(where(name) + ": not a " + keys.program() + " setting, ignored"
                            + suggestion(name, known.keySet()));
                }
                continue;
            }
            if (key.ignored()) {
                warnings.add(where(name) + ": has no effect in londiste4j: " + key.doc());
                continue;
            }
            try {
                find(key);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!section.equals(IniFile.NO_SECTION) && ini.hasSection(IniFile.NO_SECTION)) {
            warnings.add("config " + ini.source() + ": the keys before the first [section] are ignored; the job reads "
                    + IniFile.describe(section));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        warnings.forEach(log::warn);
        return warnings;
    }

    /** Where a key's value comes from, for messages: {@code config a.ini: key loop_delay (line 4)}. */
    String where(String name) {
        if (cli.containsKey(name)) {
            return "option " + name;
        }
        if (sets.containsKey(name)) {
            return "--set " + name;
        }
        var e = sectionEntries().get(name);
        if (e != null) {
            return "config " + ini.source() + ": key " + name + " (line " + e.line() + ")";
        }
        e = ini.defaults().get(name);
        if (e != null) {
            return "config " + ini.source() + ": key " + name + " ([DEFAULT] line " + e.line() + ")";
        }
        return "config " + ini.source() + ": key " + name;
    }

    private String raw(String name) {
        String v = cli.get(name);
        if (v == null) {
            v = sets.get(name);
        }
        if (v == null) {
            var e = sectionEntries().get(name);
            if (e == null) {
                e = ini.defaults().get(name);
            }
            v = e == null ? null : e.value();
        }
        return v != null ? v : provided.get(name);
    }

    private Map<String, IniFile.Entry> sectionEntries() {
        return ini.hasSection(section) ? ini.section(section) : Map.of();
    }

    private static Map<String, String> provided(IniFile ini, ConfigKeys.KeySet keys) {
        var m = new LinkedHashMap<String, String>();
        var path = ini.path();
        String base = path.map(p -> p.getFileName().toString()).orElse(keys.program());
        int dot = base.lastIndexOf('.');
        m.put("job_name", dot > 0 ? base.substring(0, dot) : base);
        m.put("service_name", keys.program());
        m.put("host_name", hostName());
        path.ifPresent(p -> {
            var abs = p.toAbsolutePath();
            m.put("config_dir", abs.getParent() == null ? "/" : abs.getParent().toString());
            m.put("config_file", abs.toString());
        });
        return m;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static Map<String, String> lowerKeys(Map<String, String> in) {
        var out = new LinkedHashMap<String, String>();
        in.forEach((k, v) -> out.put(k.strip().toLowerCase(Locale.ROOT), v));
        return out;
    }

    /** {@code ; did you mean loop_delay?} for a name within two edits of a known key. */
    private static String suggestion(String name, Set<String> known) {
        String best = null;
        int bestDist = 3;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDist) {
                best = k;
                bestDist = d;
            }
        }
        return best == null ? "; check the spelling" : "; did you mean " + best + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
