package org.londiste4j.apply;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.pgq.BatchConsumer;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Randomized mixes of INSERT / UPDATE / DELETE / TRUNCATE on few keys (so that a batch touches each key many
 * times), captured by the real triggers on one major and applied on the other, set-wise and in order: both
 * subscribers must end equal to the provider, row by row.
 */
class ApplyMixIT {

    static Stream<Arguments> pairs() {
        return ApplyRig.pairs();
    }

    private static final String[] DDL = {
            "create table t (id int primary key, v text, n int default 7)",
            "create table c (a int, b text, v text, w numeric, primary key (a, b))",
            "create table u (id int primary key, email text not null unique, v text)",
    };

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void randomMixesEndEqualSetWiseAndOrdered(String srcMajor, String dstMajor) throws Exception {
        for (String trigger : List.of("logutriga", "jsontriga", "sqltriga")) {
            try (ApplyRig rig = ApplyRig.source(srcMajor)) {
                ApplyRig.exec(rig.admin, DDL);
                for (String tbl : List.of("t", "c", "u")) {
                    ApplyRig.exec(rig.admin, "create trigger cap after insert or update or delete on " + tbl
                            + " for each row execute procedure pgq." + trigger + "('q')",
                            "create trigger cap_t after truncate on " + tbl
                                    + " for each statement execute procedure pgq." + trigger + "('q')");
                }
                Connection setwise = rig.subscriber(dstMajor);
                Connection ordered = rig.subscriber(dstMajor);
                ApplyRig.exec(setwise, DDL);
                ApplyRig.exec(ordered, DDL);
                BatchConsumer cs = rig.consumer("setwise");
                BatchConsumer co = rig.consumer("ordered");
                Random rnd = new Random(42 + trigger.hashCode());
                ApplySettings sw = ApplySettings.defaults().withMinSetWiseEvents(1);
                long setWiseEvents = 0;
                for (int round = 0; round < 6; round++) {
                    workload(rig, rnd, round);
                    ApplyRig.Totals a = rig.drain(cs, setwise, sw);
                    ApplyRig.Totals b = rig.drain(co, ordered, ApplySettings.ordered());
                    setWiseEvents += a.stats.setWiseEvents();
                    System.out.println(trigger + " " + srcMajor + "->" + dstMajor + " round " + round + ": " + a.stats);
                    assertEquals(0, b.stats.setWiseEvents());
                    for (String[] tbl : new String[][]{{"t", "id"}, {"c", "a, b"}, {"u", "id"}}) {
                        List<String> want = ApplyRig.dump(rig.admin, tbl[0], tbl[1]);
                        assertEquals(want, ApplyRig.dump(setwise, tbl[0], tbl[1]),
                                trigger + " round " + round + " set-wise " + tbl[0]);
                        assertEquals(want, ApplyRig.dump(ordered, tbl[0], tbl[1]),
                                trigger + " round " + round + " ordered " + tbl[0]);
                    }
                }
                if (!trigger.equals("sqltriga")) {
                    assertTrue(setWiseEvents > 0, trigger + ": the set-wise path was used");
                }
            }
        }
    }

    /** One tick's worth of random statements on keys 1..12, in several transactions. */
    private static void workload(ApplyRig rig, Random rnd, int round) throws Exception {
        List<String> sql = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            int k = 1 + rnd.nextInt(12);
            int k2 = 1 + rnd.nextInt(12);
            String b = rnd.nextBoolean() ? "x" : "y y";
            switch (rnd.nextInt(14)) {
                case 0, 1 -> sql.add("insert into t (id, v) values (" + k + ", 'v" + i + "') on conflict do nothing");
                case 2 -> sql.add("insert into t values (" + k + ", null, " + i + ") on conflict do nothing");
                case 3, 4 -> sql.add("update t set v = 'u" + i + "', n = " + i + " where id = " + k);
                case 5 -> sql.add("delete from t where id = " + k);
                case 6 -> sql.add("insert into c values (" + k + ", '" + b + "', 'c" + i + "', " + i + ".50)"
                        + " on conflict do nothing");
                case 7 -> sql.add("update c set v = v || '" + i + "', w = w * 2 where a = " + k);
                case 8 -> sql.add("delete from c where a = " + k + " and b = '" + b + "'");
                case 9 -> sql.add("insert into u values (" + k + ", 'e" + k + "@x', 'n') on conflict do nothing");
                case 10 -> {
                    // swap two rows' unique emails through a spare value, as an application would
                    String both = " and (select count(*) from u where id in (" + k + ", " + k2 + ")) = 2";
                    sql.add("update u set v = email where id in (" + k + ", " + k2 + ")" + both);
                    sql.add("update u set email = 'tmp' || id where id = " + k + both);
                    sql.add("update u set email = (select v from u where id = " + k + ") where id = " + k2 + both);
                    sql.add("update u set email = (select v from u where id = " + k2 + ") where id = " + k + both);
                }
                case 11 -> sql.add("delete from u where id = " + k);
                case 12 -> sql.add("update t set v = v || '+' where id % 3 = " + (k % 3));
                default -> {
                    if (rnd.nextInt(8) == 0) {
                        sql.add("truncate " + (rnd.nextBoolean() ? "t" : "c"));
                    } else {
                        sql.add("delete from t where id = " + k);
                        sql.add("insert into t values (" + k + ", 'again', " + i + ")");
                    }
                }
            }
        }
        int at = 0;
        while (at < sql.size()) {
            int n = 1 + rnd.nextInt(20);
            List<String> tx = new ArrayList<>(sql.subList(at, Math.min(sql.size(), at + n)));
            at += n;
            tx.add(0, "begin");
            tx.add("commit");
            ApplyRig.exec(rig.admin, tx.toArray(new String[0]));
        }
    }
}
