package org.londiste4j.cli.londiste;

import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.NodeAdmin;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.node.NodeType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Node initialization: {@code create-root}, {@code create-branch}, {@code create-leaf}. */
final class NodeInitCommands {
    private NodeInitCommands() {
    }

    /** The options the three create commands share. */
    static final class CreateArgs {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NODE",
                description = "the node's name (default: node_name of the config)")
        String node;
        @Parameters(index = "1", arity = "0..1", paramLabel = "PUBLIC_CONNSTR",
                description = "how other nodes reach this one (default: public_node_location, else db)")
        String publicConnstr;
        @Option(names = "--nocheck", description = "Do not check that PUBLIC_CONNSTR reaches this database.")
        boolean nocheck;
    }

    @Command(name = "create-root", description = {"Make this database the root node: NODE [PUBLIC_CONNSTR]",
            "Installs pgq, pgq_node and londiste, creates the queue and registers the node."})
    static int createRoot(@Mixin GenericOptions g, @Mixin CreateArgs a) {
        return create(g, NodeType.ROOT, a, null, null, null);
    }

    @Command(name = "create-branch", description = {"Make this database a branch node: NODE [PUBLIC_CONNSTR] --provider=..",
            "A branch keeps a full copy of the queue and can feed other nodes."})
    static int createBranch(@Mixin GenericOptions g, @Mixin CreateArgs a,
            @Option(names = "--provider", paramLabel = "CONNSTR", description = "the provider node's connection "
                    + "string (default: initial_provider_location)") String provider,
            @Option(names = "--sync-watermark", paramLabel = "NODES", description = "sync the watermark with "
                    + "these nodes (comma-separated)") String syncWatermark) {
        return create(g, NodeType.BRANCH, a, provider, syncWatermark, null);
    }

    @Command(name = "create-leaf", description = {"Make this database a leaf node: NODE [PUBLIC_CONNSTR] --provider=..",
            "A leaf gets the data only, without a copy of the queue."})
    static int createLeaf(@Mixin GenericOptions g, @Mixin CreateArgs a,
            @Option(names = "--provider", paramLabel = "CONNSTR", description = "the provider node's connection "
                    + "string (default: initial_provider_location)") String provider,
            @Option(names = "--merge", paramLabel = "QUEUE", description = "forward the events into this "
                    + "combined queue") String merge) {
        return create(g, NodeType.LEAF, a, provider, null, merge);
    }

    private static int create(GenericOptions g, NodeType type, CreateArgs a, String provider, String syncWatermark,
            String merge) {
        JobConfig cf = Invocation.config(g);
        AdminSettings s = AdminSettings.from(cf);
        String node = a.node != null ? a.node : cf.find(ConfigKeys.NODE_NAME).orElse(null);
        String pub = a.publicConnstr != null ? a.publicConnstr
                : cf.find(ConfigKeys.PUBLIC_NODE_LOCATION).orElse(s.dbText());
        String prov = provider != null ? provider : cf.find(ConfigKeys.INITIAL_PROVIDER_LOCATION).orElse(null);
        new NodeAdmin(s).create(new NodeAdmin.CreateRequest(type, node, pub, prov, a.nocheck, syncWatermark, merge));
        return ExitCodes.OK;
    }
}
