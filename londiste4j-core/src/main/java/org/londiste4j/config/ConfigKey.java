package org.londiste4j.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One ini key, declared once: its name, how its text becomes a value, its built-in default (raw text as it
 * would be written in the file, or none), and the one-line doc that {@code --ini} prints.
 *
 * <p>Keys of the original that make no sense in Java ({@code handler_modules}, {@code use_skylog},
 * {@code syslog} ...) are declared {@link #ignored()}: a file may keep them, and gets a warning that they have no
 * effect. Parsing never throws anything but {@link IllegalArgumentException} with a short reason; the caller
 * adds the file, line and key.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {
    private final String name;
    private final String type;
    private final Function<String, T> parser;
    private final String defaultText;
    private final String doc;
    private final boolean ignored;
    private final String sample;
    private final List<String> aliases;

    private ConfigKey(String name, String type, Function<String, T> parser, String defaultText, String doc,
            boolean ignored, String sample) {
        this(name, type, parser, defaultText, doc, ignored, sample, List.of());
    }

    private ConfigKey(String name, String type, Function<String, T> parser, String defaultText, String doc,
            boolean ignored, String sample, List<String> aliases) {
        this.name = Objects.requireNonNull(name).toLowerCase(Locale.ROOT);
        this.type = type;
        this.parser = parser;
        this.defaultText = defaultText;
        this.doc = doc;
        this.ignored = ignored;
        this.sample = sample;
        this.aliases = List.copyOf(aliases);
    }

    /** A string; {@code def} may be null (no default). */
    public static ConfigKey<String> string(String name, String def, String doc) {
        return new ConfigKey<>(name, "text", s -> s, def, doc, false, null);
    }

    /** A path; a leading {@code ~} is the user's home folder, as Skytools' {@code getfile}. */
    public static ConfigKey<Path> file(String name, String def, String doc) {
        return new ConfigKey<>(name, "file", Values::file, def, doc, false, null);
    }

    public static ConfigKey<Integer> integer(String name, Integer def, String doc) {
        return new ConfigKey<>(name, "integer", Values::integer, def == null ? null : def.toString(), doc, false,
                null);
    }

    /** A boolean as ConfigParser reads it: 1/yes/true/on and 0/no/false/off. */
    public static ConfigKey<Boolean> bool(String name, Boolean def, String doc) {
        return new ConfigKey<>(name, "boolean", Values::bool, def == null ? null : (def ? "1" : "0"), doc, false,
                null);
    }

    /** A time in seconds (fractions allowed), as the original writes every period. */
    public static ConfigKey<Duration> seconds(String name, String def, String doc) {
        return new ConfigKey<>(name, "seconds", Values::seconds, def, doc, false, null);
    }

    /** A size: 10485760, 512k, 10 MB. */
    public static ConfigKey<Long> bytes(String name, String def, String doc) {
        return new ConfigKey<>(name, "size", Values::bytes, def, doc, false, null);
    }

    /** A comma-separated list; blanks around items are dropped, an empty value is an empty list. */
    public static ConfigKey<List<String>> list(String name, String def, String doc) {
        return new ConfigKey<>(name, "list", Values::list, def, doc, false, null);
    }

    /** A key of the original that has no effect here; accepted with a warning. */
    public static ConfigKey<String> ignored(String name, String why) {
        return new ConfigKey<>(name, "ignored", s -> s, null, why, true, null);
    }

    /** The same key, written uncommented with {@code value} in the {@code --ini} sample (keys to fill in). */
    public ConfigKey<T> inSample(String value) {
        return new ConfigKey<>(name, type, parser, defaultText, doc, ignored, value, aliases);
    }

    /**
     * The same key with a rule its values must follow; a value that breaks it is refused as
     * {@code '0' is invalid: must be > 0} (the caller adds file, line and key).
     */
    public ConfigKey<T> check(Predicate<T> ok, String rule) {
        Function<String, T> base = parser;
        return new ConfigKey<>(name, type, text -> {
            T v = base.apply(text);
            if (!ok.test(v)) {
                throw new IllegalArgumentException("'" + text.strip() + "' is invalid: must be " + rule);
            }
            return v;
        }, defaultText, doc, ignored, sample, aliases);
    }

    /** For seconds and numbers: the value must be more than zero. */
    public ConfigKey<T> positive() {
        return check(v -> v instanceof Duration d ? !d.isZero() && !d.isNegative()
                : v instanceof Number n && n.doubleValue() > 0, "> 0");
    }

    /** The same key with another default (e.g. {@code connection_lifetime} is 3600 s in pgqd, 1200 s in jobs). */
    public ConfigKey<T> withDefault(String def) {
        return new ConfigKey<>(name, type, parser, def, doc, ignored, sample, aliases);
    }

    /**
     * The same key, also read under an older name of the original ({@code pgq_queue_name} for
     * {@code queue_name}); the key's own name wins when both are set.
     */
    public ConfigKey<T> alias(String oldName) {
        var more = new ArrayList<>(aliases);
        more.add(oldName.toLowerCase(Locale.ROOT));
        return new ConfigKey<>(name, type, parser, defaultText, doc, ignored, sample, more);
    }

    public String name() {
        return name;
    }

    /** Older names this key is also read under. */
    public List<String> aliases() {
        return aliases;
    }

    /** What kind of value: text, file, integer, boolean, seconds, size, list, ignored. */
    public String type() {
        return type;
    }

    /** The built-in default as ini text, or null when the key has none. */
    public String defaultText() {
        return defaultText;
    }

    public String doc() {
        return doc;
    }

    /** True for a key of the original that londiste4j accepts but does not use. */
    public boolean ignored() {
        return ignored;
    }

    /** The value {@code --ini} writes uncommented, or null when the sample shows the default commented out. */
    public String sample() {
        return sample;
    }

    /**
     * Turns text into a value.
     *
     * @throws IllegalArgumentException with a short reason (e.g. "not a number of seconds")
     */
    public T parse(String text) {
        return parser.apply(text);
    }

    @Override
    public String toString() {
        return name;
    }
}
