package org.londiste4j.config;

import java.util.HashSet;
import java.util.Set;

/**
 * The commented sample ini that {@code --ini} prints, rendered from a {@link ConfigKeys.KeySet}: keys to fill in
 * are written with a sample value, every other key commented out with its default, each under its one-line
 * doc. The output is a compatibility surface (users redirect it into their ini files) pinned by golden tests.
 */
public final class ConfigTemplate {
    private ConfigTemplate() {
    }

    /** The sample for {@code keys}, with the program's first section name as header. */
    public static String render(ConfigKeys.KeySet keys) {
        var out = new StringBuilder();
        String section = keys.sections().isEmpty() ? keys.program() : keys.sections().get(0);
        out.append("# ").append(keys.program()).append(" configuration sample (printed by --ini)\n");
        out.append("# 'key = value' sets a key; '#key = value' shows a key's default. Section [").append(section)
                .append("]\n# may be left out. %(job_name)s is the file's name without .ini; --set key=value"
                        + " overrides a key.\n");
        out.append("[").append(section).append("]\n");
        Set<String> done = new HashSet<>();
        var byName = keys.byName();
        var ignored = new StringBuilder();
        for (var group : keys.groups()) {
            if (!group.shown()) {
                // keys of the original accepted without effect: listed, so an old file's user learns why
                group.keys().stream().filter(k -> k.ignored() && done.add(k.name()))
                        .forEach(k -> ignored.append("#   ").append(k.name()).append(": ").append(k.doc())
                                .append('\n'));
                continue;
            }
            var body = new StringBuilder();
            for (var declared : group.keys()) {
                if (!done.add(declared.name())) {
                    continue;
                }
                // the key as the set resolves it: an earlier group may declare it with another default
                ConfigKey<?> key = byName.get(declared.name());
                body.append("\n# ").append(key.doc()).append('\n');
                if (key.sample() != null) {
                    body.append(key.name()).append(" = ").append(key.sample()).append('\n');
                } else {
                    String def = key.defaultText() == null ? "" : key.defaultText();
                    body.append('#').append(key.name()).append(" = ").append(def).append("\n");
                }
            }
            if (body.length() > 0) {
                out.append("\n## ").append(group.title()).append(" ##\n").append(body);
            }
        }
        if (ignored.length() > 0) {
            out.append("\n## keys accepted without effect here (each logs a warning when set) ##\n")
                    .append(ignored);
        }
        return out.toString().replace(" = \n", " =\n");
    }
}
