package org.londiste4j.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code add-table} (reference 1.3), as one parameter object the command line fills in, and how
 * they become {@code londiste.local_add_table}'s trigger arguments and table attributes (the original's
 * {@code build_tgargs} and attrs).
 */
public final class AddTableOptions {
    public boolean all;
    public boolean waitSync;
    public boolean expectSync;
    public boolean skipTruncate;
    public String destTable;
    public boolean noTriggers;
    public String triggerFlags;
    public List<String> triggerArgs = new ArrayList<>();
    public boolean skipNonExisting;
    public boolean force;
    public boolean create;
    public boolean createFull;
    public String copyNode;
    public boolean findCopyNode;
    public Integer maxParallelCopy;
    public String handler;
    public List<String> handlerArgs = new ArrayList<>();
    public boolean mergeAll;
    public boolean noMerge;

    /** The trigger arguments: {@code --trigger-arg}s, then {@code tgflags=}, {@code no_triggers}, ... */
    public List<String> triggerArguments() {
        var out = new ArrayList<>(triggerArgs);
        if (triggerFlags != null && !triggerFlags.isEmpty()) {
            out.add("tgflags=" + triggerFlags);
        }
        if (noTriggers) {
            out.add("no_triggers");
        }
        if (mergeAll) {
            out.add("merge_all");
        }
        if (noMerge) {
            out.add("no_merge");
        }
        if (expectSync) {
            out.add("expect_sync");
        }
        return out;
    }

    /** The urlencoded {@code table_attrs} ({@code handler}, {@code copy_node}, {@code skip_truncate}, ...), or null. */
    public String tableAttrs() {
        var attrs = new LinkedHashMap<String, String>();
        if (handler != null) {
            attrs.put("handler", handlerString(handler, handlerArgs));
        }
        if (findCopyNode) {
            attrs.put("copy_node", "?");
        } else if (copyNode != null) {
            attrs.put("copy_node", copyNode);
        }
        if (skipTruncate && !expectSync) {
            attrs.put("skip_truncate", "1");
        }
        if (maxParallelCopy != null) {
            attrs.put("max_parallel_copy", maxParallelCopy.toString());
        }
        return attrs.isEmpty() ? null : urlencode(attrs);
    }

    /** The table handlers londiste4j applies events with ({@code show-handlers}). */
    public static final Map<String, String> HANDLERS = Map.of("londiste",
            "the default handler: applies INSERT, UPDATE, DELETE and TRUNCATE to the table as they happened");

    /** {@code name(k=v&...)}, as the original's {@code create_handler_string}. */
    public static String handlerString(String name, List<String> args) {
        if (!HANDLERS.containsKey(name)) {
            throw new AdminException("handler " + name + ": not built into londiste4j (known: "
                    + String.join(", ", HANDLERS.keySet()) + "); Python handler modules cannot be loaded");
        }
        if (name.indexOf('(') >= 0) {
            throw new AdminException("handler " + name + ": invalid name; give the arguments with --handler-arg");
        }
        if (args == null || args.isEmpty()) {
            return name;
        }
        var m = new LinkedHashMap<String, String>();
        for (String a : args) {
            int eq = a.indexOf('=');
            m.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        return name + "(" + urlencode(m) + ")";
    }

    /** {@code k=v&k2=v2}, each part form-encoded, as skytools' {@code db_urlencode}. */
    public static String urlencode(Map<String, String> m) {
        var parts = new ArrayList<String>();
        m.forEach((k, v) -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", parts);
    }
}
