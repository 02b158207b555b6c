#!/usr/bin/env bash
# Capture benchmark, counted: CPU instructions that row capture adds to a pgbench-like transaction, by valgrind.
#
# capture-tps.sh measures TPS, which moves by several per cent from one run to the next on a shared 2-core
# machine. This script counts instead: one backend in single-user mode (no client, no other process) runs a DO
# block of -n pgbench tpcb-like transactions (the update of pgbench_accounts, its select, the updates of
# pgbench_tellers and pgbench_branches, the insert into pgbench_history, a COMMIT each), under valgrind's
# callgrind, collecting only inside the DO block. The count is the same from run to run, whatever else the machine
# is doing, so it shows what a change to a trigger costs or saves, to the per cent. It does not show what the
# hardware makes of it (cache misses, contention between backends, WAL flushes): capture-tps.sh does.
#
# On one throw-away Debian PostgreSQL 15 cluster, the databases of capture-tps.sh (scale -s): none (no
# triggers), l4j (londiste4j's pgq.logutriga), gen (pgq.create_capture_trigger) and c (the original C
# pgq.logutriga, when postgresql-15-pgq3 is installed). It prints the instructions per transaction of each and of
# its capture (the difference to none).
#
# Usage: bench/capture-instructions.sh [-n transactions] [-s scale]
# Needs: a built tree (mvn -B -ntp package -DskipTests), Debian's /usr/lib/postgresql/15/bin, pgbench, psql and
# valgrind on PATH; postgresql-15-pgq3 for the C row.
set -euo pipefail

n=2000; scale=1
while getopts "n:s:" o; do
    case $o in
        n) n=$OPTARG ;; s) scale=$OPTARG ;;
        *) echo "usage: $0 [-n transactions] [-s scale]" >&2; exit 2 ;;
    esac
done

me=capture-instructions
command -v valgrind >/dev/null || { echo "$me: valgrind not found; apt-get install valgrind" >&2; exit 2; }
. "$(dirname "$0")/capture-common.sh"
cluster_start

modes=(none l4j gen)
[ $have_c = 1 ] && modes+=(c)
for m in "${modes[@]}"; do
    make_bench_db "$m" "$scale"
    q -d "bench_$m" -c "vacuum analyze"
done
cluster_stop

# the transactions, as one line for the single-user backend (a newline ends a command there); its txid and
# WAL are real, its commit does not wait for the disk (the count does not depend on it)
accounts=$(( 100000 * scale ))
loop="do \$\$ declare a int; b int; t int; d int; x int; begin for i in 1..$n loop
    a := 1 + (i * 7919) % $accounts; b := 1 + i % $scale; t := 1 + i % (10 * $scale); d := (i % 10001) - 5000;
    update pgbench_accounts set abalance = abalance + d where aid = a;
    select abalance into x from pgbench_accounts where aid = a;
    update pgbench_tellers set tbalance = tbalance + d where tid = t;
    update pgbench_branches set bbalance = bbalance + d where bid = b;
    insert into pgbench_history (tid, bid, aid, delta, mtime) values (t, b, a, d, current_timestamp);
    commit; end loop; end \$\$;"
printf 'set synchronous_commit = off\n%s\n' "$(echo "$loop" | tr '\n' ' ')" > "$data/loop.sql"

declare -A ir
echo "pgbench tpcb-like transactions in one backend, scale $scale, $n transactions per mode, PostgreSQL 15, callgrind"
for m in "${modes[@]}"; do
    $as valgrind --tool=callgrind --toggle-collect=ExecuteDoStmt --callgrind-out-file="$data/cg.$m" \
        "$pgbin/postgres" --single -D "$data/db" "bench_$m" < "$data/loop.sql" > "$data/out.$m" 2>&1 || {
        echo "$me: the $m run failed:" >&2; tail -5 "$data/out.$m" >&2; exit 1; }
    if grep -q "ERROR" "$data/out.$m"; then
        echo "$me: the $m run failed:" >&2; grep -m3 "ERROR" "$data/out.$m" >&2; exit 1
    fi
    total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$data/out.$m")
    ir[$m]=$(( total / n ))
done
label() {
    case $1 in
        none) echo "no triggers" ;; l4j) echo "londiste4j pgq.logutriga (PL/pgSQL)" ;;
        gen) echo "londiste4j generated per-table trigger" ;; c) echo "original pgq.logutriga (C, 3.5)" ;;
    esac
}
printf '%-40s %14s %14s %10s\n' "capture" "instr./tx" "of capture" "vs C"
for m in "${modes[@]}"; do
    cap=$(( ${ir[$m]} - ${ir[none]} ))
    vsc="-"
    if [ $have_c = 1 ] && [ $m != none ]; then
        vsc=$(echo "$cap / (${ir[c]} - ${ir[none]})" | bc -l | xargs printf '%.3f')
    fi
    printf '%-40s %14d %14d %10s\n' "$(label $m)" "${ir[$m]}" "$cap" "$vsc"
done
