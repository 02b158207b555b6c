package org.londiste4j.cli.londiste;

import org.londiste4j.cli.GenericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
    @Option(names = "--force", description = "Do not wait for the worker to reach the same tick.")
    boolean force;
    @Parameters(paramLabel = "TABLE", arity = "0..*", description = "tables (default: every table in sync)")
    List<String> tables;

    @Override
    public Integer call() {
        return Invocation.notYet(generic, "coming in this issue");
    }
}
