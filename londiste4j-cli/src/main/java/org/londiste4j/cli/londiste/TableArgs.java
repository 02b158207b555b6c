package org.londiste4j.cli.londiste;

import org.londiste4j.admin.AddTableOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The options of {@code add-table} (and those {@code add-seq} and {@code resync} share), as the original's. */
final class TableArgs {
    @Option(names = "--all", description = "All tables of the provider not yet added here (root: all tables).")
    boolean all;
    @Option(names = "--wait-sync", description = "Wait until the added tables are in sync.")
    boolean waitSync;
    @Option(names = "--expect-sync", description = "No copy: the tables are already equal on both sides.")
    boolean expectSync;
    @Option(names = "--skip-truncate", description = "Copy without truncating the destination first.")
    boolean skipTruncate;
    @Option(names = "--dest-table", paramLabel = "NAME", description = "Apply into this local table.")
    String destTable;
    @Option(names = "--no-triggers", description = "Register without triggers.")
    boolean noTriggers;
    @Option(names = "--trigger-flags", paramLabel = "FLAGS", description = "Trigger shape (default AIUDL).")
    String triggerFlags;
    @Option(names = "--trigger-arg", paramLabel = "ARG", description = "Extra trigger argument (repeatable).")
    List<String> triggerArgs = new ArrayList<>();
    @Option(names = "--skip-non-existing", description = "Ignore names that do not exist.")
    boolean skipNonExisting;
    @Option(names = "--force", description = "Ignore table differences; add the tables with a primary key when "
            + "others have none.")
    boolean force;
    @Option(names = "--create", description = "Create missing tables from the provider (columns, primary key).")
    boolean create;
    @Option(names = "--create-full", description = "Create missing tables with indexes and constraints too.")
    boolean createFull;
    @Option(names = "--copy-node", paramLabel = "NODE", description = "Copy from this node, not the provider.")
    String copyNode;
    @Option(names = "--find-copy-node", description = "Copy from the first node up the cascade that has the data.")
    boolean findCopyNode;
    @Option(names = "--max-parallel-copy", paramLabel = "N", description = "Copies into the same table at once.")
    Integer maxParallelCopy;
    @Option(names = "--handler", paramLabel = "NAME", description = "Table handler (default: londiste).")
    String handler;
    @Option(names = "--handler-arg", paramLabel = "K=V", description = "Handler argument (repeatable).")
    List<String> handlerArgs = new ArrayList<>();
    @Option(names = "--merge-all", description = "Merge setups: add the table from every source queue.")
    boolean mergeAll;
    @Option(names = "--no-merge", description = "Merge setups: add the table from this queue only.")
    boolean noMerge;

    /** The same options for the core. */
    AddTableOptions toOptions() {
        var o = new AddTableOptions();
        o.all = all;
        o.waitSync = waitSync;
        o.expectSync = expectSync;
        o.skipTruncate = skipTruncate;
        o.destTable = destTable;
        o.noTriggers = noTriggers;
        o.triggerFlags = triggerFlags;
        o.triggerArgs = new ArrayList<>(triggerArgs);
        o.skipNonExisting = skipNonExisting;
        o.force = force;
        o.create = create;
        o.createFull = createFull;
        o.copyNode = copyNode;
        o.findCopyNode = findCopyNode;
        o.maxParallelCopy = maxParallelCopy;
        o.handler = handler;
        o.handlerArgs = new ArrayList<>(handlerArgs);
        o.mergeAll = mergeAll;
        o.noMerge = noMerge;
        return o;
    }
}
