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

here=$(cd "$(dirname "$0")/.." && pwd)
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || { echo "capture-instructions: $pgbin/initdb not found; run .ci/install-deps" >&2; exit 2; }
command -v pgbench >/dev/null || { echo "capture-instructions: pgbench not found; run .ci/install-deps" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "capture-instructions: valgrind not found; apt-get install valgrind" >&2; exit 2; }
have_c=1
[ -f /usr/share/postgresql/15/extension/pgq.control ] || have_c=0

sqlfile=$(mktemp /tmp/l4j-pgq-XXXXXX.sql)
if ! "$here/bin/londiste4j" sql pgq > "$sqlfile"; then
    echo "capture-instructions: cannot print the pgq script; build first" >&2
    exit 2
fi

# as root, PostgreSQL tools run in a user namespace (TESTING.md section 6)
as=""
[ "$(id -u)" = 0 ] && as="unshare -U"
data=$(mktemp -d /tmp/l4j-cg-XXXXXX)
chmod 755 "$data"
port=$(( 20000 + RANDOM % 20000 ))
running=0
cleanup() {
    [ $running = 1 ] && $as "$pgbin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$data" "$sqlfile"
}
trap cleanup EXIT

$as "$pgbin/initdb" -A trust -U postgres -E UTF8 --locale=C -D "$data/db" >/dev/null
$as "$pgbin/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
    -o "-p $port -k '' -c listen_addresses=localhost" start >/dev/null
running=1
conn=(-h localhost -p "$port" -U postgres)
q() { psql "${conn[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }

modes=(none l4j gen)
[ $have_c = 1 ] && modes+=(c)
for m in "${modes[@]}"; do
    q -c "create database bench_$m"
    pgbench "${conn[@]}" -i -q -s "$scale" "bench_$m" >/dev/null 2>&1
    q -d "bench_$m" -c "alter table pgbench_history add column hid serial primary key"
    case $m in
        l4j|gen) q -d "bench_$m" -f "$sqlfile" >/dev/null ;;
        c) q -d bench_c -c "create extension pgq" ;;
    esac
    [ $m = none ] && continue
    q -d "bench_$m" -c "select pgq.create_queue('bench')" >/dev/null
    for t in accounts tellers branches history; do
        if [ $m = gen ]; then
            q -d bench_gen -c "select pgq.create_capture_trigger('pgbench_$t', 'bench_capture', 'bench')" >/dev/null
        else
            q -d "bench_$m" -c "create trigger bench_capture after insert or update or delete on pgbench_$t
                                for each row execute procedure pgq.logutriga('bench')"
        fi
    done
done
for m in "${modes[@]}"; do q -d "bench_$m" -c "vacuum analyze"; done
$as "$pgbin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null
running=0

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
        echo "capture-instructions: the $m run failed:" >&2; tail -5 "$data/out.$m" >&2; exit 1; }
    if grep -q "ERROR" "$data/out.$m"; then
        echo "capture-instructions: the $m run failed:" >&2; grep -m3 "ERROR" "$data/out.$m" >&2; exit 1
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
