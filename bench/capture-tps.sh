#!/usr/bin/env bash
# Capture benchmark: what row-change capture costs the primary, measured with pgbench.
#
# On one throw-away Debian PostgreSQL 15 cluster it runs pgbench (tpcb-like) against databases of
# the same scale: without triggers, with londiste4j's PL/pgSQL pgq.logutriga on the four pgbench tables,
# with londiste4j's generated per-table trigger functions (pgq.create_capture_trigger), and with the
# original C pgq.logutriga (Debian package postgresql-15-pgq3), and a fifth with PostgreSQL's own logical
# replication (a publication and an idle pgoutput slot; the cluster runs with wal_level=logical for all
# of them). The queues and the slot have no consumer (subscriber stopped) and a ticker runs on every queue database (a psql loop calling pgq.ticker() each second).
# Rounds are interleaved (none, londiste4j, generated, C, ..., and each round starts one mode later) so that
# other load on the machine hits all of them alike, and every run starts from the same state: autovacuum is off,
# the run's database is vacuumed and a CHECKPOINT made just before it (so that no run meets the vacuum or the
# checkpoint that another mode's changes bring on); the script prints each round, the medians and the ratios to
# the no-trigger TPS, and the server CPU time per transaction (with "CPU ratio" = no-trigger CPU/tx over this CPU/tx: the TPS
# ratio a CPU-bound server would see, and a figure that other load on the machine hardly disturbs).
#
# -S adds a sixth mode, "genset": the generated functions as they were before 2026-11-27 15:00, with a per-call
# SET search_path = pg_catalog, pg_temp (alter function), to show what that clause costs in the same run.
#
# Usage: bench/capture-tps.sh [-T seconds] [-r rounds] [-c clients] [-j threads] [-s scale] [-S]
# Needs: a built tree (mvn -B -ntp package -DskipTests), Debian's /usr/lib/postgresql/15/bin, pgbench and
# psql on PATH, postgresql-15-pgq3 for the C column (skipped with a note when absent).
set -euo pipefail

duration=30; rounds=3; clients=4; threads=2; scale=10; with_set=0
while getopts "T:r:c:j:s:S" o; do
    case $o in
        T) duration=$OPTARG ;; r) rounds=$OPTARG ;; c) clients=$OPTARG ;; j) threads=$OPTARG ;; s) scale=$OPTARG ;;
        S) with_set=1 ;;
        *) echo "usage: $0 [-T seconds] [-r rounds] [-c clients] [-j threads] [-s scale] [-S]" >&2; exit 2 ;;
    esac
done

me=capture-tps
. "$(dirname "$0")/capture-common.sh"
ticker_pids=()
on_exit() {
    for p in "${ticker_pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
cluster_start "-c max_connections=50 -c wal_level=logical -c max_replication_slots=4 -c max_wal_senders=4 \
    -c autovacuum=off"

modes=(none l4j gen)
[ $with_set = 1 ] && modes+=(genset)
[ $have_c = 1 ] && modes+=(c)
modes+=(native)
for m in "${modes[@]}"; do
    make_bench_db "$m" "$scale"
    case $m in
        none|native) continue ;;
        genset)
            q -d bench_genset -At -c "select pg_catalog.format('alter function %s() set search_path'
                || ' = pg_catalog, pg_temp;', cf_function) from pgq.capture_function" | q -d bench_genset >/dev/null ;;
    esac
    ( while true; do
          psql "${conn[@]}" -X -q -d "bench_$m" -c "select pgq.ticker()" >/dev/null 2>&1 || true
          sleep 1
      done ) &
    ticker_pids+=($!)
done
# PostgreSQL's own logical replication with its subscriber stopped: a publication of the four tables and an
# unconsumed pgoutput slot, so the primary pays for logical WAL and keeps it (every mode runs on this
# wal_level=logical cluster, so the baseline is the same for all)
q -d bench_native -c "create publication bench_pub for table pgbench_accounts, pgbench_tellers, pgbench_branches,
                      pgbench_history" >/dev/null
q -d bench_native -c "select pg_create_logical_replication_slot('bench_native', 'pgoutput')" >/dev/null
for m in "${modes[@]}"; do q -d "bench_$m" -c "vacuum analyze" ; done
if [ $with_set = 1 ]; then
    n=$(q -d bench_genset -At -c "select count(*) from pg_proc p join pgq.capture_function f
        on p.oid = f.cf_function::regproc where 'search_path=pg_catalog, pg_temp' = any (p.proconfig)")
    echo "genset: $n of 4 generated functions with SET search_path"
fi

# CPU the server spent per transaction: the postmaster's children's CPU (its backends, once they exit),
# from /proc/<pid>/stat fields cutime+cstime, in clock ticks. Unlike TPS it hardly moves with other load.
pm_pid=$(head -1 "$data/db/postmaster.pid")
hz=$(getconf CLK_TCK)
child_ticks() { awk '{print $16 + $17}' "/proc/$pm_pid/stat"; }

declare -A tps cpu
echo "pgbench tpcb-like, scale $scale, $clients clients, $threads threads, ${duration}s per run, $rounds rounds"
echo "PostgreSQL: $(q -At -c 'select version()')"
for r in $(seq 1 "$rounds"); do
    line="round $r:"
    # each round starts one mode later (none, l4j, ... then l4j, gen, ..., none): a mode always run right after
    # the heavy generic trigger would also always meet the checkpoint its WAL brings on
    k=$(( (r - 1) % ${#modes[@]} ))
    for m in "${modes[@]:k}" "${modes[@]:0:k}"; do
        # every run starts from the same state: its database vacuumed, pgbench's tables and the event tables
        # (autovacuum is off: a worker that vacuumed one mode's tables during another mode's run took CPU from it),
        # and a checkpoint just made, so that no run meets the checkpoint that the WAL of the mode before it brings
        # on, and each pays the full-page images of its first touch of each page alike (neither the vacuum's nor
        # the checkpoint's CPU is counted, for any mode)
        q -d "bench_$m" -c vacuum
        q -c checkpoint
        t0=$(child_ticks)
        out=$(pgbench "${conn[@]}" -n -c "$clients" -j "$threads" -T "$duration" "bench_$m" 2>/dev/null)
        v=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
        n=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
        # backends exit just after pgbench: wait until their CPU is accounted to the postmaster (on a loaded
        # machine that took more than 2 s, and a mode's CPU landed in the next mode's figure). An exited
        # backend's CPU reaches cutime only once the postmaster has reaped it: until then it is a zombie, whose
        # empty command line pgrep -f no longer matches, hence the second test.
        for _ in $(seq 1 100); do
            [ "$(pgrep -P "$pm_pid" -f "postgres: postgres bench_$m" | wc -l)" = 0 ] \
                && ! ps -o stat= --ppid "$pm_pid" | grep -q '^Z' && break
            sleep 0.2
        done
        us=$(echo "($(child_ticks) - $t0) * 1000000 / $hz / $n" | bc -l)
        tps[$m]="${tps[$m]:-} $v"
        cpu[$m]="${cpu[$m]:-} $us"
        line="$line $m=$(printf '%.1f' "$v") tps/$(printf '%.0f' "$us") us"
    done
    echo "$line"
done

median() {
    tr ' ' '\n' | grep -v '^$' | sort -n \
        | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
base=$(echo "${tps[none]}" | median)
cbase=$(echo "${cpu[none]}" | median)
printf "%-40s %10s %8s %14s %10s\n" "capture" "median TPS" "ratio" "server CPU/tx" "CPU ratio"
row() {
    local t c
    t=$(echo "${tps[$2]}" | median); c=$(echo "${cpu[$2]}" | median)
    printf "%-40s %10.1f %8.3f %11.0f us %10.3f\n" "$1" "$t" "$(echo "$t / $base" | bc -l)" "$c" \
        "$(echo "$cbase / $c" | bc -l)"
}
row "no triggers" none
row "londiste4j pgq.logutriga (PL/pgSQL)" l4j
row "londiste4j generated per-table trigger" gen
[ $with_set = 1 ] && row "generated, with SET search_path (before)" genset
if [ $have_c = 1 ]; then
    row "original pgq.logutriga (C, 3.5)" c
else
    echo "original pgq.logutriga: not measured (postgresql-15-pgq3 is not installed; see .ci/install-deps)"
fi
row "native logical replication (slot idle)" native
for m in l4j gen genset c; do
    [ $m = c ] && [ $have_c = 0 ] && continue
    [ $m = genset ] && [ $with_set = 0 ] && continue
    echo "events captured in bench_$m: $(q -d "bench_$m" -At -c "select count(*) from pgq.event_1")"
done
