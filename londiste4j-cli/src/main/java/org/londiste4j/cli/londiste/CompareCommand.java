package org.londiste4j.cli.londiste;

import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.Compare;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code compare [TABLE...]}: row count and checksum of each table on the provider and here, at the same tick;
 * results on stdout (SPEC.md 6.6), exit code 3 when a table differs.
 */
@Command(name = "compare", description = "Compare row counts and checksums of tables, provider vs this node.")
final class CompareCommand implements Callable<Integer> {
    @Mixin
    GenericOptions generic;
    @Spec
    CommandSpec spec;
    @Option(names = "--count-only", description = "Compare row counts only.")
    boolean countOnly;
    @Option(names = "--force", description = "Wait for this node's worker past lock_timeout.")
    boolean force;
    @Parameters(paramLabel = "TABLE", arity = "0..*", description = "tables (default: every table in sync)")
    List<String> tables;

    @Override
    public Integer call() {
        JobConfig cf = Invocation.config(generic);
        var out = spec.commandLine().getOut();
        var results = new Compare(AdminSettings.from(cf), cf.get(ConfigKeys.LOCK_TIMEOUT))
                .run(tables == null ? List.of() : tables, countOnly, force, r -> {
                    print(out, r);
                    out.flush();
                });
        var differ = results.stream().filter(Compare.Result::differs).map(Compare.Result::table).toList();
        out.println(differ.isEmpty() ? "compare: " + results.size() + " table(s) checked, no differences"
                : "compare: " + differ.size() + " of " + results.size() + " table(s) differ: "
                + String.join(", ", differ));
        out.flush();
        return differ.isEmpty() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
    }

    /** The result lines of one table; a compatibility surface for scripts. */
    static void print(PrintWriter out, Compare.Result r) {
        if (r.skipped() != null) {
            out.println(r.table() + ": skipped: " + r.skipped());
            return;
        }
        out.println(r.table() + ": provider " + r.provider());
        out.println(r.table() + ": subscriber " + r.subscriber());
        out.println(r.table() + ": " + (r.differs() ? "DIFFERENT" : "ok"));
    }
}
