package org.londiste4j.admin;

import org.londiste4j.copy.TableDdl;
import org.londiste4j.db.Db;
import org.londiste4j.db.Quote;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.MissingObject;
import org.londiste4j.londiste.SeqInfo;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;
import org.londiste4j.node.RetNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The tables of a node ({@code add-table}, {@code remove-table}, {@code resync}, {@code change-handler}): on
 * the root, adding a table registers it and creates its triggers; on a branch or leaf it marks the table local,
 * and the worker copies it.
 *
 * <p>Invariant (SPEC.md 6.4): every named table is checked first (known, a primary key, not a partition of a
 * replicated parent) and the refusal names all of them at once; the registry sync from the provider and the
 * additions are one local transaction, so a refusal changes nothing.
 */
public final class TableAdmin {
    /** How long add-table and remove-table keep trying to lock tables that the application is busy with. */
    static final Duration LOCK_PATIENCE = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(TableAdmin.class);

    private final AdminSettings settings;

    public TableAdmin(AdminSettings settings) {
        this.settings = settings;
    }

    /**
     * {@code add-table}.
     *
     * @return the tables added, in order
     * @throws AdminException naming every table that cannot be added; nothing changed then
     */
    public List<String> addTables(List<String> names, AddTableOptions o) {
        String queue = settings.queue();
        if (names.isEmpty() && !o.all) {
            throw new AdminException("add-table: no tables given; name them (globs allowed) or give --all");
        }
        try (Connection local = settings.connectLocal()) {
            NodeInfo node = NodeAdmin.requireNode(local, queue);
            boolean root = node.nodeType() == NodeType.ROOT;
            var lapi = new LondisteApi(local);
            Map<String, TableInfo> src = null;
            try (Connection provider = root ? null : openProvider(local, node, o.copyNode)) {
                if (provider != null) {
                    src = byName(new LondisteApi(provider).getTableList(queue), TableInfo::tableName);
                    provider.rollback();
                    syncTableList(lapi, src);
                }
                var local0 = byName(lapi.getTableList(queue), TableInfo::tableName);
                Set<String> done = new HashSet<>();
                local0.values().stream().filter(TableInfo::local).forEach(t -> done.add(t.tableName()));
                List<String> candidates = new ArrayList<>(missing(lapi, "r"));
                if (root) {
                    TableCatalog.partitionedParents(local).stream()
                            .filter(t -> !done.contains(t) && !candidates.contains(t)).forEach(candidates::add);
                }
                var facts = TableCatalog.facts(local, candidates);
                // a partitioned table is replicated whole through its parent, never partition by partition
                var sel = Names.resolve(names, o.all, candidates.stream()
                        .filter(t -> !facts.get(t).partition()).toList(), done);
                sel.already().forEach(t -> log.info("{}: already added", t));
                var problems = new Problems("add-table");
                List<String> chosen = new ArrayList<>(sel.selected());
                unknown(sel.unknown(), o, root, local, chosen, problems);
                if (!root && !o.expectSync && !o.findCopyNode) {
                    for (String t : List.copyOf(chosen)) {
                        TableInfo p = src.get(t);
                        if (p == null || !p.local()) {
                            chosen.remove(t);
                            skipOr(o.skipNonExisting, problems, "not replicated by the provider", t,
                                    "add them on the provider first, or copy from another node (--copy-node, "
                                            + "--find-copy-node)");
                        }
                    }
                }
                if (o.destTable != null && chosen.size() > 1) {
                    throw new AdminException("add-table: --dest-table names one table, but " + chosen.size()
                            + " were selected (" + String.join(", ", chosen) + "); add them one by one");
                }
                List<String> toCreate = checkLocalTables(local, provider, chosen, o, problems);
                problems.throwIfAny(local);
                var defs = new ArrayList<org.londiste4j.copy.TableDefinition>();
                for (String t : toCreate) {
                    defs.add(TableDdl.read(provider, src.get(t) == null ? t : src.get(t).localName()));
                }
                if (!defs.isEmpty()) {
                    // in this transaction: a later failure leaves no table behind; all tables first, then the
                    // foreign keys among them, whatever their order
                    TableDdl.createAll(local, defs, o.createFull);
                    toCreate.forEach(t -> log.info("{}: created from the provider's definition{}", t,
                            o.createFull ? " (full)" : ""));
                }
                if (chosen.isEmpty()) {
                    log.info("add-table: nothing to add");
                }
                // every trigger's lock first, without ever making the application wait on us (TableLocks)
                TableLocks.lockAll(local, "add-table", chosen.stream()
                        .map(t -> o.destTable == null ? t : Names.fq(o.destTable)).toList(), LOCK_PATIENCE);
                for (String t : chosen) {
                    String dest = o.destTable == null ? null : Names.fq(o.destTable);
                    RetNote r = lapi.localAddTable(queue, t, o.triggerArguments(), o.tableAttrs(), dest);
                    log.info("{}", r.retNote());
                }
                redoPartitionTriggers(local, lapi, sel.already(), o);
                if (!root && !chosen.isEmpty()) {
                    lapi.notifyTablesChanged(queue); // the worker starts their copy now, not at its next round
                    if (o.mergeAll) {
                        lapi.notifyMergePartners(queue);
                    }
                }
                local.commit();
                if (o.waitSync && !chosen.isEmpty()) {
                    new SyncWaiter(settings).waitFor(local, chosen);
                }
                return chosen;
            }
        } catch (SQLException e) {
            throw new Db.DbException("add-table: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /**
     * PostgreSQL 10 has no row trigger on a partitioned table: each leaf partition carries its own capture
     * trigger, so adding a partitioned table again gives the partitions attached since then theirs.
     */
    private void redoPartitionTriggers(Connection local, LondisteApi lapi, List<String> already, AddTableOptions o)
            throws SQLException {
        if (already.isEmpty() || local.getMetaData().getDatabaseMajorVersion() >= 11) {
            return;
        }
        var facts = TableCatalog.facts(local, already);
        for (String t : already) {
            if (facts.get(t).partitioned()) {
                RetNote r = lapi.localAddTable(settings.queue(), t, o.triggerArguments(), o.tableAttrs(), null);
                log.info("{}: capture triggers of its partitions made again (PostgreSQL 10): {}", t, r.retNote());
            }
        }
    }

    /** Names not among the candidates: skipped, forced, or a problem. */
    private void unknown(List<String> unknown, AddTableOptions o, boolean root, Connection local,
            List<String> chosen, Problems problems) {
        if (unknown.isEmpty()) {
            return;
        }
        var facts = TableCatalog.facts(local, unknown);
        for (String t : unknown) {
            var f = facts.get(t);
            if (f.partition()) {
                problems.add("is a partition; partitioned tables are replicated whole", t,
                        "add the partitioned parent table instead");
            } else if (o.force) {
                log.warn("{}: not available, but --force is used", t);
                chosen.add(t);
            } else if (root) {
                skipOr(o.skipNonExisting, problems, "no such table in this database", t,
                        "check the names (a bare name means public.NAME)");
            } else {
                skipOr(o.skipNonExisting, problems, "not registered on the provider", t,
                        "add them on the root first (londiste3 ROOT.ini add-table ...)");
            }
        }
    }

    /**
     * The destination tables must exist here (or be created: returned) and have a primary key; a table to
     * create must have one on the provider.
     */
    private List<String> checkLocalTables(Connection local, Connection provider, List<String> chosen,
            AddTableOptions o, Problems problems) {
        List<String> dests = chosen.stream().map(t -> o.destTable == null ? t : Names.fq(o.destTable)).toList();
        var facts = TableCatalog.facts(local, dests);
        var toCreate = new ArrayList<String>();
        for (int i = chosen.size() - 1; i >= 0; i--) {
            var f = facts.get(dests.get(i));
            String t = chosen.get(i);
            if (!f.exists()) {
                if ((o.create || o.createFull) && provider != null && o.destTable == null) {
                    toCreate.add(0, t);
                } else if (o.create || o.createFull) {
                    problems.add("cannot be created here", t, provider == null
                            ? "--create takes the definition from the provider; the root has none"
                            : "--create with --dest-table is not supported; create the table by hand");
                } else if (o.skipNonExisting) {
                    log.warn("{}: no such table on this node, skipping", t);
                    chosen.remove(i);
                } else {
                    problems.add("no such table on this node", t,
                            "create them first, or give --create (or --skip-non-existing)");
                }
            } else if (f.partition()) {
                problems.add("is a partition; partitioned tables are replicated whole", t,
                        "add the partitioned parent table instead");
            } else if (!f.hasPrimaryKey()) {
                if (o.force) {
                    log.warn("{}: no primary key, not added (--force adds the others)", t);
                    chosen.remove(i);
                } else {
                    problems.add("no primary key", t, "add one (alter table ... add primary key ...), or run "
                            + "again with --force to add the other tables without them");
                }
            }
        }
        if (!toCreate.isEmpty()) {
            var pf = TableCatalog.facts(provider, toCreate);
            for (String t : List.copyOf(toCreate)) {
                if (pf.get(t).exists() && !pf.get(t).hasPrimaryKey()) {
                    toCreate.remove(t);
                    problems.add("no primary key on the provider", t, "add one there first");
                }
            }
        }
        return toCreate;
    }

    private static void skipOr(boolean skip, Problems problems, String what, String t, String todo) {
        if (skip) {
            log.warn("{}: {}, skipping", t, what);
        } else {
            problems.add(what, t, todo);
        }
    }

    /** {@code remove-table}: the tables stop being replicated here (on the root: triggers dropped). */
    public List<String> removeTables(List<String> names, boolean skipNonExisting) {
        return local("remove-table", (local, lapi) -> {
            var added = lapi.getTableList(settings.queue()).stream().filter(TableInfo::local).toList();
            var done = added.stream().map(TableInfo::tableName).toList();
            var sel = resolveExisting("remove-table", names, false, done, skipNonExisting, "not added on this node");
            TableLocks.lockAll(local, "remove-table", added.stream().filter(t -> sel.contains(t.tableName()))
                    .map(TableInfo::localName).toList(), LOCK_PATIENCE);
            for (String t : sel) {
                log.info("{}", lapi.localRemoveTable(settings.queue(), t).retNote());
            }
            return sel;
        });
    }

    /** {@code resync}: the tables are copied again from scratch by the worker. */
    public List<String> resync(List<String> names, boolean all, String copyNode, boolean findCopyNode) {
        return local("resync", (local, lapi) -> {
            String queue = settings.queue();
            var mine = lapi.getTableList(queue).stream().filter(TableInfo::local).toList();
            var sel = resolveExisting("resync", names, all, mine.stream().map(TableInfo::tableName).toList(),
                    false, "not added on this node");
            NodeInfo node = NodeAdmin.requireNode(local, queue);
            if (node.nodeType() == NodeType.ROOT) {
                throw new AdminException("resync: this node is the root; it has no provider to copy from");
            }
            if (!findCopyNode) {
                try (Connection provider = openProvider(local, node, copyNode)) {
                    var src = byName(new LondisteApi(provider).getTableList(queue), TableInfo::tableName);
                    provider.rollback();
                    var bad = sel.stream().filter(t -> src.get(t) == null || !src.get(t).local()).toList();
                    if (!bad.isEmpty()) {
                        throw new AdminException("resync: not replicated by the provider: " + String.join(", ", bad)
                                + "; copy from another node (--copy-node, --find-copy-node)");
                    }
                }
            }
            for (TableInfo t : mine) {
                if (sel.contains(t.tableName()) && (findCopyNode || copyNode != null)) {
                    var attrs = decode(t.tableAttrs());
                    attrs.put("copy_node", findCopyNode ? "?" : copyNode);
                    lapi.localSetTableAttrs(queue, t.tableName(), AddTableOptions.urlencode(attrs));
                }
            }
            var merged = MergedResync.check(local, queue, node, sel);
            for (String t : sel) {
                if (merged.containsKey(t)) {
                    MergedResync.reset(lapi, t, merged.get(t), node.combinedQueue());
                } else {
                    log.info("{}", lapi.localSetTableState(queue, t, null, null).retNote());
                }
            }
            if (!sel.isEmpty()) {
                lapi.notifyTablesChanged(queue); // the worker starts the copies now, not at its next round
            }
            return sel;
        });
    }

    /** {@code change-handler}: replaces or clears the handler of a table. */
    public void changeHandler(String table, String handler, List<String> handlerArgs) {
        local("change-handler", (local, lapi) -> {
            String t = Names.fq(table);
            TableInfo info = lapi.getTableList(settings.queue()).stream()
                    .filter(x -> x.local() && x.tableName().equals(t)).findFirst()
                    .orElseThrow(() -> new AdminException("change-handler: table " + t
                            + " is not added on this node; see 'tables'"));
            var attrs = decode(info.tableAttrs());
            if (handler == null || handler.isEmpty()) {
                attrs.remove("handler");
            } else {
                attrs.put("handler", AddTableOptions.handlerString(handler, handlerArgs));
            }
            String encoded = attrs.isEmpty() ? null : AddTableOptions.urlencode(attrs);
            if (java.util.Objects.equals(encoded, info.tableAttrs())) {
                log.info("Handler is already set to desired value, nothing done");
                return List.of();
            }
            log.info("{}", lapi.localChangeHandler(settings.queue(), t, List.of(), encoded).retNote());
            return List.of(t);
        });
    }

    /** The local tables ({@code tables}): name, merge_state, table_attrs. */
    public List<TableInfo> tables() {
        return local("tables", (local, lapi) -> lapi.getTableList(settings.queue()).stream()
                .filter(TableInfo::local).sorted(java.util.Comparator.comparing(TableInfo::tableName)).toList());
    }

    /**
     * {@code fkeys}: the foreign keys the worker dropped for initial copies and keeps in
     * {@code londiste.pending_fkeys} until both of their tables are in sync (then restores them).
     */
    public List<org.londiste4j.londiste.PendingFkey> pendingFkeys() {
        return local("fkeys", (local, lapi) -> {
            var out = new ArrayList<org.londiste4j.londiste.PendingFkey>();
            var seen = new HashSet<String>();
            for (TableInfo t : lapi.getTableList(settings.queue())) {
                if (t.local()) {
                    for (var f : lapi.getTablePendingFkeys(t.localName())) {
                        if (seen.add(f.fromTable() + "/" + f.fkeyName())) {
                            out.add(f);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** {@code missing}: objects of the provider (root: of this database) not added here. */
    public List<MissingObject> missing() {
        return local("missing", (local, lapi) -> lapi.localShowMissing(settings.queue()));
    }

    /**
     * A sequence as {@code seqs} shows it: the value the root published ({@code last_value}, ahead of the root's
     * own by a safety gap) and the local sequence's current value (SPEC.md 6.8: both are shown), null when the
     * sequence is not here.
     */
    public record SeqRow(String seqName, boolean local, long lastValue, Long currentValue) {
    }

    /** {@code seqs}: the sequences this node knows. */
    public List<SeqRow> seqs() {
        return local("seqs", (local, lapi) -> {
            var out = new ArrayList<SeqRow>();
            for (SeqInfo s : lapi.getSeqList(settings.queue())) {
                Long current = null;
                if (SeqAdmin.exists(local, s.seqName())) {
                    try (var st = local.createStatement();
                         var rs = st.executeQuery("select last_value from " + Quote.fqIdent(s.seqName()))) {
                        rs.next();
                        current = rs.getLong(1);
                    }
                }
                out.add(new SeqRow(s.seqName(), s.local(), s.lastValue(), current));
            }
            return out;
        });
    }

    // ---- shared with SeqAdmin

    /** Runs {@code body} in one local transaction on a node of the queue, committed when it returns. */
    <T> T local(String what, Body<T> body) {
        try (Connection local = settings.connectLocal()) {
            NodeAdmin.requireNode(local, settings.queue());
            T out = body.run(local, new LondisteApi(local));
            local.commit();
            return out;
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    interface Body<T> {
        T run(Connection local, LondisteApi lapi) throws SQLException;
    }

    /** Names resolved against what is added here; unknown ones refused all at once (or skipped). */
    static List<String> resolveExisting(String what, List<String> names, boolean all, List<String> existing,
            boolean skip, String why) {
        if (names.isEmpty() && !all) {
            throw new AdminException(what + ": nothing given; name them (globs allowed)" + (what.equals("resync")
                    ? " or give --all" : ""));
        }
        var sel = Names.resolve(names, all, existing, Set.of());
        if (!sel.unknown().isEmpty()) {
            if (skip) {
                sel.unknown().forEach(t -> log.warn("{}: {}, skipping", t, why));
            } else {
                throw new AdminException(what + ": " + why + ": " + String.join(", ",
                        sel.unknown().stream().sorted().toList())
                        + "; check the names (see 'tables' and 'seqs')");
            }
        }
        return sel.selected();
    }

    /** The provider's database, or {@code copyNode}'s when given. */
    Connection openProvider(Connection local, NodeInfo node, String copyNode) throws SQLException {
        if (copyNode == null) {
            if (node.providerLocation() == null) {
                throw new AdminException("queue " + settings.queue() + ": node " + node.nodeName()
                        + " has no provider location; the node is not initialized completely");
            }
            return settings.connectRemote("provider " + node.providerNode(), node.providerLocation());
        }
        if (copyNode.equals(node.nodeName())) {
            throw new AdminException("--copy-node " + copyNode + ": is this node itself; name another node");
        }
        for (NodeLocation m : new NodeApi(local).getQueueLocations(settings.queue())) {
            if (m.nodeName().equals(copyNode)) {
                return settings.connectRemote("node " + copyNode, m.nodeLocation());
            }
        }
        throw new AdminException("--copy-node " + copyNode + ": no such node in queue " + settings.queue()
                + "; see 'members'");
    }

    /** As the original's {@code sync_table_list}: learn the provider's tables, forget those it dropped. */
    private void syncTableList(LondisteApi lapi, Map<String, TableInfo> src) {
        String queue = settings.queue();
        var dst = byName(lapi.getTableList(queue), TableInfo::tableName);
        for (String t : src.keySet()) {
            if (!dst.containsKey(t) && settings.registers(t, false)) {
                log.info("Table {} info missing from subscriber, adding", t);
                lapi.globalAddTable(queue, t);
            }
        }
        for (String t : dst.keySet()) {
            if (!src.containsKey(t)) {
                log.info("Table {} gone but exists on subscriber, removing", t);
                lapi.globalRemoveTable(queue, t);
            }
        }
    }

    /** Names {@code local_show_missing} lists of one kind ({@code r} tables, {@code S} sequences). */
    List<String> missing(LondisteApi lapi, String kind) {
        return lapi.localShowMissing(settings.queue()).stream().filter(m -> kind.equals(m.objKind()))
                .map(MissingObject::objName).toList();
    }

    static <T> Map<String, T> byName(List<T> rows, Function<T, String> name) {
        var m = new LinkedHashMap<String, T>();
        rows.forEach(r -> m.put(name.apply(r), r));
        return m;
    }

    /** {@code table_attrs} decoded into an ordered map (empty for null). */
    static Map<String, String> decode(String attrs) {
        var m = new LinkedHashMap<String, String>();
        if (attrs == null || attrs.isEmpty()) {
            return m;
        }
        for (String part : attrs.split("&")) {
            int eq = part.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? part : part.substring(0, eq),
                    java.nio.charset.StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(part.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }
}
