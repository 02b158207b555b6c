package org.londiste4j.admin;

import org.londiste4j.L4jException;

import java.util.List;
import java.util.Optional;

/**
 * The table handlers of {@code show-handlers} (reference 1.7): what decides a table's triggers, copy and replay.
 * This build has the default one; the original's others are listed so that a config that names one gets a clear
 * "not supported" instead of a silent difference. Aliases are the original's ({@code fake_local} is
 * {@code vtable}).
 */
public final class Handlers {
    /** One handler: its name, whether this build has it, what it does, its arguments. */
    public record Handler(String name, boolean supported, String summary, List<String> args) {
    }

    /** Every handler of the original, the supported one first. */
    public static final List<Handler> ALL = List.of(
            new Handler("londiste", true, "the default handler: applies INSERT, UPDATE, DELETE and TRUNCATE"
                    + " to the table as they happened (set-wise per primary key), initial copy by COPY",
                    List.of("(no arguments; --handler-arg values are stored and ignored)")),
            new Handler("bulk", false, "OLAP loading: per batch, rows by COPY into a temp table, then one"
                    + " UPDATE/DELETE/INSERT each", List.of("method=0|1|2")),
            new Handler("dispatch", false, "partitioning and redirection by time or field (and the generated"
                    + " hourly_/daily_/monthly_/yearly_ variants, direct, bulk_direct)",
                    List.of("table_mode", "part_mode", "part_field", "period", "part_name", "part_template",
                            "part_func", "row_mode", "event_types", "load_mode", "fields", "skip_fields",
                            "retention_period", "ignore_old_events", "ignore_truncate", "encoding", "analyze")),
            new Handler("part", false, "hash sharding: root tags events with a hash, subscribers keep their"
                    + " share (also: shard)", List.of("key", "hash_key", "hash_expr", "disable_replay")),
            new Handler("qtable", false, "root-side queue table: rows go to the queue only", List.of()),
            new Handler("qsplitter", false, "forwards the table's events into another queue", List.of("queue")),
            new Handler("vtable", false, "marks a table local without table or events (also: fake_local)",
                    List.of()),
            new Handler("applyfn", false, "calls a database function per event", List.of("func_name", "func_conf")),
            new Handler("multimaster", false, "applyfn with a merge_on_time conflict function",
                    List.of("func_name", "func_conf")),
            new Handler("obfuscate", false, "keyed-hash obfuscation of columns for copy and events",
                    List.of("(obfuscator_map, obfuscator_key in the config)")));

    private Handlers() {
    }

    /** The handler of that name or alias; empty for a name the original did not have either. */
    public static Optional<Handler> find(String name) {
        String n = switch (name) {
            case "shard" -> "part";
            case "fake_local" -> "vtable";
            case "hourly_event", "hourly_batch", "hourly_field", "hourly_time", "daily_event", "daily_batch",
                 "daily_field", "daily_time", "monthly_event", "monthly_batch", "monthly_field", "monthly_time",
                 "yearly_event", "yearly_batch", "yearly_field", "yearly_time", "direct", "bulk_direct" -> "dispatch";
            default -> name.startsWith("bulk_") ? "dispatch" : name;
        };
        return ALL.stream().filter(h -> h.name().equals(n)).findFirst();
    }

    /** As {@link #find}, but a name no Londiste knows is an error naming the handlers. */
    public static Handler describe(String name) {
        return find(name).orElseThrow(() -> new L4jException("show-handlers: no handler " + name
                + "; handlers: " + String.join(", ", ALL.stream().map(Handler::name).toList())));
    }
}
