package org.londiste4j.cli.londiste;

import org.londiste4j.admin.Failover;
import org.londiste4j.admin.Resurrect;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

/**
 * The failover side of {@code takeover} ({@code --dead-root}, {@code --dead-branch}) and {@code resurrect}: what
 * {@link NodeAdminCommands}' methods hand over to, so that the takeover command's own switchover code and this stay
 * apart. Each prints what it did and what the DBA must look at, on stdout.
 */
final class FailoverCommands {
    private FailoverCommands() {
    }

    static int takeover(GenericOptions g, String old, boolean deadRoot, boolean deadBranch, List<String> dead) {
        if (deadRoot && deadBranch) {
            throw new CommandLine.ParameterException(g.command().commandLine(), "takeover: give one of --dead-root "
                    + "and --dead-branch, not both");
        }
        var settings = TableCommands.settings(g);
        List<String> alsoDead = dead == null ? List.of() : dead;
        var f = new Failover(settings);
        var r = deadRoot ? f.deadRoot(old, alsoDead) : f.deadBranch(old, alsoDead);
        var out = Invocation.out(g);
        if (deadRoot) {
            out.println("takeover: " + r.newNode() + " is the root now, in place of the dead " + r.oldNode()
                    + " (from tick " + r.failoverTick() + "; gravestone " + Failover.gravestone(r.oldNode())
                    + " left for resurrect)");
        } else {
            out.println("takeover: " + r.newNode() + " takes the place of the dead branch " + r.oldNode());
        }
        r.moved().forEach(m -> out.println("takeover: " + m.node() + " now reads from " + m.provider()
                + " from tick " + m.tick()));
        r.sequences().forEach((s, v) -> out.println("takeover: sequence " + s + " set to at least " + v));
        r.warnings().forEach(w -> out.println("takeover: WARNING: " + w));
        out.flush();
        return ExitCodes.OK;
    }

    static int resurrect(GenericOptions g, Path dumpFile) {
        var settings = TableCommands.settings(g);
        var r = new Resurrect(settings).run(dumpFile == null ? Path.of(Resurrect.DEFAULT_DUMP_FILE) : dumpFile);
        var out = Invocation.out(g);
        Resurrect.report(r).forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }
}
