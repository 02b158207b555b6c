package org.londiste4j.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How londiste3 reads table and sequence arguments (the original's {@code solve_globbing}): a name without a
 * schema means {@code public.NAME}; {@code *} and {@code ?} are shell globs matched against the candidates
 * (a glob without a schema is prefixed with {@code public.} too); {@code --all} takes every candidate.
 *
 * <p>Pure: it only sorts names, so the callers can check every selected object before changing anything.
 */
public final class Names {
    private Names() {
    }

    /**
     * The outcome of resolving arguments: what was selected (in argument order, no duplicates), what was named
     * but is already done ({@code already}), and what was named but is not a candidate ({@code unknown}).
     */
    public record Selection(List<String> selected, List<String> already, List<String> unknown) {
        public Selection {
            selected = List.copyOf(selected);
            already = List.copyOf(already);
            unknown = List.copyOf(unknown);
        }
    }

    /** {@code public.NAME} for a name without a schema, as skytools' {@code fq_name}. */
    public static String fq(String name) {
        return name.indexOf('.') < 0 ? "public." + name : name;
    }

    public static boolean isGlob(String arg) {
        return arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0;
    }

    /** The regex of a shell glob over qualified names: {@code .} literal, {@code ?} one char, {@code *} any. */
    static Pattern globPattern(String glob) {
        var sb = new StringBuilder("^");
        for (char c : fq(glob).toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.append('$').toString());
    }

    /**
     * Resolves arguments against candidates.
     *
     * @param args       names and globs as given
     * @param all        {@code --all}: every candidate (then {@code args} may be empty)
     * @param candidates the names that may be selected (e.g. tables not yet added here)
     * @param done       names that are already in the wanted state (e.g. tables already added)
     */
    public static Selection resolve(List<String> args, boolean all, List<String> candidates, Set<String> done) {
        var selected = new LinkedHashSet<String>();
        var already = new LinkedHashSet<String>();
        var unknown = new LinkedHashSet<String>();
        if (all) {
            selected.addAll(candidates);
        }
        for (String a : args) {
            if (isGlob(a)) {
                Pattern p = globPattern(a);
                candidates.stream().filter(c -> p.matcher(c).matches()).forEach(selected::add);
            } else {
                String n = fq(a);
                if (candidates.contains(n)) {
                    selected.add(n);
                } else if (done.contains(n)) {
                    already.add(n);
                } else {
                    unknown.add(n);
                }
            }
        }
        return new Selection(new ArrayList<>(selected), new ArrayList<>(already), new ArrayList<>(unknown));
    }
}
