package org.londiste4j.admin;

import org.londiste4j.copy.TableDdl;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.SeqInfo;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sequences of a node ({@code add-seq}, {@code remove-seq}): on the root, an added sequence is published to
 * the cascade by the worker; below, the node learns the provider's sequences first, then marks the named ones
 * local. As for tables, every name is checked before anything changes, in one local transaction.
 */
public final class SeqAdmin {
    private static final Logger log = LoggerFactory.getLogger(SeqAdmin.class);

    private final AdminSettings settings;
    private final TableAdmin tables;

    public SeqAdmin(AdminSettings settings) {
        this.settings = settings;
        this.tables = new TableAdmin(settings);
    }

    /**
     * {@code add-seq}.
     *
     * @return the sequences added
     */
    public List<String> addSeqs(List<String> names, boolean all, boolean create, boolean skipNonExisting) {
        if (names.isEmpty() && !all) {
            throw new AdminException("add-seq: no sequences given; name them (globs allowed) or give --all");
        }
        return tables.local("add-seq", (local, lapi) -> {
            String queue = settings.queue();
            NodeInfo node = NodeAdmin.requireNode(local, queue);
            if (node.nodeType() != NodeType.ROOT) {
                try (Connection provider = tables.openProvider(local, node, null)) {
                    var src = TableAdmin.byName(new LondisteApi(provider).getSeqList(queue), SeqInfo::seqName);
                    provider.rollback();
                    syncSeqList(lapi, src);
                }
            }
            Set<String> done = new HashSet<>();
            lapi.getSeqList(queue).stream().filter(SeqInfo::local).forEach(s -> done.add(s.seqName()));
            var sel = Names.resolve(names, all, tables.missing(lapi, "S"), done);
            sel.already().forEach(s -> log.info("{}: already added", s));
            var problems = new Problems("add-seq");
            sel.unknown().forEach(s -> skip(skipNonExisting, problems, s, "no such sequence to add",
                    "check the names (see 'missing'); on a branch or leaf add it on the root first"));
            List<String> chosen = new ArrayList<>(sel.selected());
            var toCreate = new ArrayList<String>();
            for (String s : List.copyOf(chosen)) {
                if (!exists(local, s)) {
                    if (create && node.nodeType() != NodeType.ROOT) {
                        toCreate.add(s);
                    } else if (create) {
                        chosen.remove(s);
                        problems.add("cannot be created on the root", s, "create them there by hand");
                    } else {
                        chosen.remove(s);
                        skip(skipNonExisting, problems, s, "no such sequence on this node",
                                "create them first, or give --create (or --skip-non-existing)");
                    }
                }
            }
            problems.throwIfAny(local);
            if (!toCreate.isEmpty()) {
                try (Connection provider = tables.openProvider(local, node, null)) {
                    for (String s : toCreate) {
                        TableDdl.createSequence(local, TableDdl.readSequence(provider, s));
                        log.info("{}: created from the provider's definition", s);
                    }
                    provider.rollback();
                }
            }
            for (String s : chosen) {
                log.info("{}", lapi.localAddSeq(queue, s).retNote());
            }
            return chosen;
        });
    }

    /** {@code remove-seq}. */
    public List<String> removeSeqs(List<String> names, boolean skipNonExisting) {
        return tables.local("remove-seq", (local, lapi) -> {
            var mine = lapi.getSeqList(settings.queue()).stream().filter(SeqInfo::local).map(SeqInfo::seqName)
                    .toList();
            var sel = TableAdmin.resolveExisting("remove-seq", names, false, mine, skipNonExisting,
                    "not added on this node");
            for (String s : sel) {
                log.info("{}", lapi.localRemoveSeq(settings.queue(), s).retNote());
            }
            return sel;
        });
    }

    private static void skip(boolean skip, Problems problems, String s, String what, String todo) {
        if (skip) {
            log.warn("{}: {}, skipping", s, what);
        } else {
            problems.add(what, s, todo);
        }
    }

    /** As the original's {@code sync_seq_list}: learn the provider's sequences, forget those it dropped. */
    private void syncSeqList(LondisteApi lapi, java.util.Map<String, SeqInfo> src) {
        String queue = settings.queue();
        var dst = TableAdmin.byName(lapi.getSeqList(queue), SeqInfo::seqName);
        for (SeqInfo s : src.values()) {
            if (!dst.containsKey(s.seqName()) && settings.registers(s.seqName(), true)) {
                log.info("Sequence {} info missing from subscriber, adding", s.seqName());
                lapi.globalUpdateSeq(queue, s.seqName(), s.lastValue());
            }
        }
        for (String s : dst.keySet()) {
            if (!src.containsKey(s)) {
                log.info("Sequence {} gone but exists on subscriber, removing", s);
                lapi.globalRemoveSeq(queue, s);
            }
        }
    }

    static boolean exists(Connection c, String seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_catalog.pg_class c join "
                + "pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and n.nspname || '.' || "
                + "c.relname = ?")) {
            ps.setString(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
