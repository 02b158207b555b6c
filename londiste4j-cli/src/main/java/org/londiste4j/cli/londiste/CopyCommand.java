package org.londiste4j.cli.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.cli.GenericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code copy TABLE}: in the original, the copy process the worker starts for one table. Here the worker copies
 * in threads of its own; the command is kept so that scripts calling it get a clear answer.
 */
@Command(name = "copy", description = "Internal: the worker's copy of one table (runs inside the worker here).")
final class CopyCommand implements Callable<Integer> {
    @Mixin
    GenericOptions generic;
    @Parameters(paramLabel = "TABLE", arity = "0..*")
    java.util.List<String> tables;

    @Override
    public Integer call() {
        Invocation.config(generic);
        throw new L4jException("copy: the worker copies tables in threads of its own; run 'worker' (add-table "
                + "or resync starts a copy)");
    }
}
