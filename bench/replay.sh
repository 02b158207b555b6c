#!/usr/bin/env bash
# Replay benchmark: how fast changes reach the subscriber, with londiste4j, with the original Londiste 3
# (Debian's python3-londiste, pgqd and the C pgq extensions) and with PostgreSQL's own logical replication,
# on the same machine in one run.
#
# One throw-away Debian PostgreSQL 15 cluster (wal_level=logical) holds a source and a target database per
# system. For each system and round it measures:
#   copy   seconds from "start replicating the four pgbench tables" (add-table on both nodes / CREATE
#          SUBSCRIPTION) until every table is in sync on the target (state ok / srsubstate r);
#   drain  events per second applied when a backlog is drained: the subscriber is stopped, pgbench runs
#          a fixed number of tpcb-like transactions (4 row events each), the subscriber starts again, and
#          the clock runs from the first row that reaches the target until the target has everything (the
#          source's last tick / WAL position), so that start-up times do not count;
#   lag    seconds between a source transaction (pgbench_history.mtime, its start) and the moment its row
#          lands on the target (an ENABLE ALWAYS trigger on the target's pgbench_history records
#          clock_timestamp() - mtime), under a steady pgbench -R rate: median and 95th percentile.
#   cpu    the leaf worker's CPU seconds (user + system, /proc) per million events: for the drain from its
#          start (JVM start-up and JIT included) to the end of the backlog, and for the steady lag run.
# It prints each round, then medians of the rounds and the ratios to native logical replication.
#
# Systems: l4j (londiste4j with bin/londiste4j's own JVM options), orig, native, and londiste4j variants whose
# two workers run with other JVM options, interleaved with the rest in the same run: l4jc1 (C1 alone:
# -XX:TieredStopAtLevel=1), l4jc2 (the full tiered JIT, C1 + C2), or any l4jNAME with REPLAY_JVM_l4jNAME set to
# the options (e.g. REPLAY_JVM_l4jser="-Xmx256m -XX:+UseSerialGC"). One-shot commands and pgqd keep their own.
#
# Usage: bench/replay.sh [-s scale] [-r rounds] [-e backlog_events] [-R lag_tps] [-T lag_seconds]
#                        [-m "l4j orig native"] [-C]
# -C: copy only (no drain, no lag), for working on the initial copy.
# Needs: a built tree (mvn -B -ntp package -DskipTests) for l4j, and .ci/install-deps (Debian PostgreSQL 15,
# pgbench, pgqd, python3-londiste, postgresql-15-pgq3/-pgq-node/-londiste-sql) for the others.
set -euo pipefail

scale=10; rounds=3; backlog=80000; lag_tps=200; lag_secs=30; systems="l4j orig native"; copy_only=""
while getopts "s:r:e:R:T:m:C" o; do
    case $o in
        s) scale=$OPTARG ;; r) rounds=$OPTARG ;; e) backlog=$OPTARG ;; R) lag_tps=$OPTARG ;;
        T) lag_secs=$OPTARG ;; m) systems=$OPTARG ;; C) copy_only=1 ;;
        *) echo "usage: $0 [-s scale] [-r rounds] [-e backlog_events] [-R lag_tps] [-T lag_seconds] [-m systems]" >&2
           exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")/.." && pwd)
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || { echo "replay: $pgbin/initdb not found; run .ci/install-deps" >&2; exit 2; }
command -v pgbench >/dev/null || { echo "replay: pgbench not found; run .ci/install-deps" >&2; exit 2; }
for s in $systems; do
    case $s in
        l4j*) [ -x "$here/bin/londiste3" ] && compgen -G "$here/londiste4j-cli/target/lib/londiste4j-cli*.jar" >/dev/null \
                 || { echo "replay: bin/londiste3 is not built; run mvn -B -ntp package -DskipTests" >&2; exit 2; } ;;
        orig) command -v londiste >/dev/null && [ -x /usr/bin/pgqd ] \
                 || { echo "replay: the original londiste/pgqd are not installed; run .ci/install-deps" >&2; exit 2; } ;;
        native) ;;
        *) echo "replay: unknown system '$s' (l4j, orig, native)" >&2; exit 2 ;;
    esac
done

# as root, PostgreSQL tools run in a user namespace (TESTING.md section 6); the original's python tools
# and pgqd are plain clients and need no namespace
as=""
[ "$(id -u)" = 0 ] && as="unshare -U"
work=$(mktemp -d /tmp/l4j-replay-XXXXXX)
chmod 755 "$work"
port=$(( 20000 + RANDOM % 20000 ))
while ss -Htln "sport = :$port" 2>/dev/null | grep -q .; do port=$(( 20000 + RANDOM % 20000 )); done
cleanup() {
    set +e
    for f in "$work"/*/*.pid; do
        [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    sleep 1
    for f in "$work"/*/*.pid; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
    done
    $as "$pgbin/pg_ctl" -D "$work/db" -m immediate -w stop >/dev/null 2>&1
    if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

$as "$pgbin/initdb" -A trust -U postgres -E UTF8 --locale=C -D "$work/db" >/dev/null
$as "$pgbin/pg_ctl" -D "$work/db" -l "$work/server.log" -w \
    -o "-p $port -k '' -c listen_addresses=localhost -c max_connections=100 -c wal_level=logical \
        -c max_replication_slots=10 -c max_wal_senders=10 -c max_logical_replication_workers=8 \
        -c max_worker_processes=16 -c shared_buffers=256MB" start >/dev/null
base="host=localhost port=$port user=postgres"
conn=(-h localhost -p "$port" -U postgres)
q() { psql "${conn[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }
qv() { psql "${conn[@]}" -X -At -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND until it succeeds
    local limit=$1 what=$2; shift 2
    local t0; t0=$(now)
    until "$@"; do
        if [ "$(echo "$(now) - $t0 > $limit" | bc)" = 1 ]; then
            echo "replay: gave up after ${limit}s waiting for $what (files in $work)" >&2
            KEEP=1; exit 1
        fi
        sleep 0.05
    done
}

tables="pgbench_accounts pgbench_branches pgbench_tellers pgbench_history"
# a source with pgbench data (pgbench_history gets the primary key the original howto adds) and an
# empty target with the same tables; the target records the lag of every pgbench_history row it receives
make_pair() { # make_pair SYSTEM ROUND
    local s=$1 r=$2
    q -c "create database src_${s}_$r" -c "create database dst_${s}_$r"
    pgbench "${conn[@]}" -i -q -s "$scale" "src_${s}_$r" >/dev/null 2>&1
    q -d "src_${s}_$r" -c "alter table pgbench_history add column hid bigserial primary key"
    pg_dump "${conn[@]}" -s -t 'pgbench_*' "src_${s}_$r" | q -d "dst_${s}_$r" >/dev/null
    q -d "dst_${s}_$r" <<'SQL'
create table bench_lag (seen timestamp, lag interval);
create function bench_lag() returns trigger language plpgsql as $$
begin
    insert into public.bench_lag values (clock_timestamp()::timestamp, clock_timestamp()::timestamp - new.mtime);
    return new;
end $$;
create trigger bench_lag after insert on pgbench_history for each row execute procedure bench_lag();
alter table pgbench_history enable always trigger bench_lag;
SQL
}

# ---- the two Londistes: the same commands, the same ini files, other launchers ----
launcher() { if [[ $1 == l4j* ]]; then echo "$here/bin/londiste3"; else echo londiste; fi; }
ticker() { if [[ $1 == l4j* ]]; then echo "$here/bin/pgqd"; else echo /usr/bin/pgqd; fi; }
REPLAY_JVM_l4jc1=${REPLAY_JVM_l4jc1:--Xmx256m -XX:TieredStopAtLevel=1}
REPLAY_JVM_l4jc2=${REPLAY_JVM_l4jc2:--Xmx256m}
worker_start() { # worker_start SYSTEM INI: a daemon worker, with the system's JVM options if it has any
    local v="REPLAY_JVM_$1"
    if [ -n "${!v:-}" ]; then LONDISTE4J_JAVA_OPTS="${!v}" "$(launcher "$1")" -d "$2" worker
    else "$(launcher "$1")" -d "$2" worker; fi
}
worker_cpu() { # worker_cpu SYSTEM ROUND: CPU seconds (user + system) of the leaf's worker so far, 0 if none
    local f="$work/${1}_$2/slave.pid" pid
    pid=$(cat "$f" 2>/dev/null) || { echo 0; return; }
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) / hz }' "/proc/$pid/stat" 2>/dev/null || echo 0
}
londiste_setup() { # londiste_setup SYSTEM ROUND: nodes, workers and ticker up, tables not yet added
    local s=$1 r=$2 d="$work/${1}_$2"
    mkdir -p "$d"
    local L; L=$(launcher "$s")
    cat > "$d/ticker.ini" <<EOF
[pgqd]
base_connstr = $base
database_list = src_${s}_$r
logfile = $d/ticker.log
pidfile = $d/ticker.pid
EOF
    for n in master slave; do
        local db=src; [ $n = slave ] && db=dst
        cat > "$d/$n.ini" <<EOF
[londiste]
job_name = ${s}_${r}_$n
db = $base dbname=${db}_${s}_$r
queue_name = benchq
loop_delay = 0.1
logfile = $d/$n.log
pidfile = $d/$n.pid
EOF
    done
    "$(ticker "$s")" -d "$d/ticker.ini"
    $L "$d/master.ini" create-root master "$base dbname=src_${s}_$r" >> "$d/admin.log" 2>&1
    $L "$d/slave.ini" create-leaf slave "$base dbname=dst_${s}_$r" --provider="$base dbname=src_${s}_$r" \
        >> "$d/admin.log" 2>&1
    worker_start "$s" "$d/master.ini"
    worker_start "$s" "$d/slave.ini"
}
londiste_tables_ok() { # all four tables ok on the leaf
    [ "$(qv -d "dst_${1}_$2" -c "select count(*) from londiste.table_info
                                   where queue_name = 'benchq' and local and merge_state = 'ok'")" = 4 ]
}
londiste_copy() {
    local s=$1 r=$2 d="$work/${1}_$2" L; L=$(launcher "$1")
    $L "$d/master.ini" add-table $tables >> "$d/admin.log" 2>&1
    local t0; t0=$(now)
    $L "$d/slave.ini" add-table $tables >> "$d/admin.log" 2>&1
    wait_for 1800 "the copy of $s round $r" londiste_tables_ok "$s" "$r"
    secs "$t0" "$(now)"
}
londiste_stop_leaf() { "$(launcher "$1")" -s "$work/${1}_$2/slave.ini" >/dev/null 2>&1 || true
    wait_for 60 "the leaf worker of $1 to stop" test ! -e "$work/${1}_$2/slave.pid"; }
londiste_start_leaf() { worker_start "$1" "$work/${1}_$2/slave.ini"; }
londiste_caught_up() { # the leaf has completed the root's last tick
    local last done_
    last=$(qv -d "src_${1}_$2" -c "select max(tick_id) from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
                                    where q.queue_name = 'benchq'")
    done_=$(qv -d "dst_${1}_$2" -c "select coalesce(max(last_tick_id), 0) from pgq_node.local_state
                                    where queue_name = 'benchq'")
    [ "$done_" -ge "$last" ]
}
londiste_mark_end() { qv -d "src_${1}_$2" -c "select pgq.force_tick('benchq')" >/dev/null; }
londiste_backlog_ready() { # every backlog event is behind a tick
    qv -d "src_${1}_$2" -c "select pgq.force_tick('benchq')" >/dev/null
    [ "$(qv -d "src_${1}_$2" -c "select coalesce(max(pending_events), 0) from pgq.get_consumer_info('benchq')
                                 where consumer_name not like '.%'")" -ge "$backlog" ]
}

# ---- native logical replication ----
native_setup() {
    q -d "src_native_$2" -c "create publication bench_pub for table ${tables// /, }" >/dev/null
}
native_tables_ok() {
    [ "$(qv -d "dst_native_$2" -c "select count(*) from pg_subscription_rel where srsubstate = 'r'")" = 4 ]
}
native_copy() {
    local r=$2 t0; t0=$(now)
    # subscriber and publisher share the cluster: the slot must exist before CREATE SUBSCRIPTION
    qv -d "src_native_$r" -c "select pg_create_logical_replication_slot('bench_sub_$r', 'pgoutput')" >/dev/null
    q -d "dst_native_$r" -c "create subscription bench_sub_$r connection '$base dbname=src_native_$r'
                             publication bench_pub with (create_slot = false, slot_name = 'bench_sub_$r')"
    wait_for 1800 "the native copy of round $r" native_tables_ok native "$r"
    secs "$t0" "$(now)"
}
native_stop_leaf() { q -d "dst_native_$2" -c "alter subscription bench_sub_$2 disable"
    wait_for 60 "the native apply worker to stop" native_no_worker "$2"; }
native_no_worker() { [ "$(qv -d "dst_native_$1" -c "select count(*) from pg_stat_subscription where pid is not null")" = 0 ]; }
native_start_leaf() { q -d "dst_native_$2" -c "alter subscription bench_sub_$2 enable"; }
native_target_lsn=""
native_backlog_ready() { native_mark_end "$@"; }
native_mark_end() { native_target_lsn=$(qv -d "src_native_$2" -c "select pg_current_wal_lsn()"); }
native_caught_up() {
    [ "$(qv -d "src_native_$2" -c "select confirmed_flush_lsn >= '$native_target_lsn'::pg_lsn
                                   from pg_replication_slots where slot_name = 'bench_sub_$2'")" = t ]
}

run_kind() { if [ "$1" = native ]; then echo native; else echo londiste; fi; }

drain() { # "events/s seconds cpu": the drain rate of a backlog of $backlog events, timed from the first row that
    # reaches the target (so that neither system's start-up, e.g. native's wal_retrieve_retry_interval, counts)
    # to the end, over the events after that first arrival; the seconds from start to the end; and the leaf
    # worker's CPU seconds from its start to the end per million backlog events (0 for native)
    local s=$1 r=$2 k; k=$(run_kind "$s")
    ${k}_stop_leaf "$s" "$r"
    pgbench "${conn[@]}" -n -c 4 -j 2 -t $(( backlog / 4 / 4 )) "src_${s}_$r" >/dev/null 2>&1
    wait_for 300 "the backlog of $s to be ticked" ${k}_backlog_ready "$s" "$r"
    local before first t0 t1 t2
    before=$(history_rows "$s" "$r")
    t0=$(now)
    ${k}_start_leaf "$s" "$r"
    wait_for 600 "the first row of $s's backlog" history_grew "$s" "$r" "$before"
    t1=$(now)
    first=$(history_rows "$s" "$r")
    wait_for 1800 "$s to drain its backlog" ${k}_caught_up "$s" "$r"
    t2=$(now)
    local cpu; cpu=$(worker_cpu "$s" "$r")
    # each tpcb-like transaction is 4 row events and one pgbench_history row
    echo "$(echo "($backlog - 4 * ($first - $before)) / ($t2 - $t1)" | bc -l) $(secs "$t0" "$t2") \
$(echo "$cpu * 1000000 / $backlog" | bc -l)"
}
history_rows() { qv -d "dst_${1}_$2" -c "select count(*) from pgbench_history"; }
history_grew() { [ "$(history_rows "$1" "$2")" -gt "$3" ]; }
lag() { # median and p95 lag in seconds under a steady pgbench rate, and the leaf worker's CPU seconds per
    # million events in that run
    local s=$1 r=$2 k cpu0; k=$(run_kind "$s")
    q -d "dst_${s}_$r" -c "truncate bench_lag"
    cpu0=$(worker_cpu "$s" "$r")
    pgbench "${conn[@]}" -n -c 2 -j 2 -R "$lag_tps" -T "$lag_secs" "src_${s}_$r" >/dev/null 2>&1
    ${k}_mark_end "$s" "$r"
    wait_for 300 "$s to catch up after the lag run" ${k}_caught_up "$s" "$r"
    qv -d "dst_${s}_$r" -c "select round(extract(epoch from percentile_cont(0.5) within group (order by lag))::numeric, 3)
                                || ' ' || round(extract(epoch from percentile_cont(0.95) within group (order by lag))::numeric, 3)
                            from bench_lag" | tr '\n' ' '
    # each tpcb-like transaction is 4 row events, one pgbench_history row (one bench_lag row)
    echo "($(worker_cpu "$s" "$r") - $cpu0) * 1000000 / (4 * $(qv -d "dst_${s}_$r" -c "select greatest(count(*), 1) from bench_lag"))" \
        | bc -l
}

declare -A copy_s drain_eps lag_med lag_p95 cpu_drain cpu_lag
echo "pgbench scale $scale, backlog $backlog events, lag at $lag_tps tps for ${lag_secs}s, $rounds rounds"
echo "PostgreSQL: $(qv -c 'select version()')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
    for s in $systems; do
        make_pair "$s" "$r"
        k=$(run_kind "$s")
        if [ $k = londiste ]; then londiste_setup "$s" "$r"; else native_setup "$s" "$r"; fi
        c=$(${k}_copy "$s" "$r")
        if [ -n "$copy_only" ]; then e=0 dsec=0 lm=0 lp=0 cd=0 cl=0; else
        read -r e dsec cd <<< "$(drain "$s" "$r")"
        read -r lm lp cl <<< "$(lag "$s" "$r")"
        fi
        copy_s[$s]="${copy_s[$s]:-} $c"; drain_eps[$s]="${drain_eps[$s]:-} $e"
        lag_med[$s]="${lag_med[$s]:-} $lm"; lag_p95[$s]="${lag_p95[$s]:-} $lp"
        cpu_drain[$s]="${cpu_drain[$s]:-} $cd"; cpu_lag[$s]="${cpu_lag[$s]:-} $cl"
        printf "round %d %-7s copy %7.1f s   drain %8.0f events/s (%.1f s from start)   lag median %6.3f s  p95 %6.3f s" \
            "$r" "$s" "$c" "$e" "$dsec" "$lm" "$lp"
        printf "   worker cpu s/M events: drain %5.1f lag %5.1f   load %s\n" "$cd" "$cl" "$(cut -d' ' -f1 /proc/loadavg)"
        # stop this system's daemons before the next one runs
        if [ $k = londiste ]; then
            L=$(launcher "$s")
            $L -s "$work/${s}_$r/slave.ini" >/dev/null 2>&1 || true
            $L -s "$work/${s}_$r/master.ini" >/dev/null 2>&1 || true
            "$(ticker "$s")" -s "$work/${s}_$r/ticker.ini" >/dev/null 2>&1 || true
        else
            q -d "dst_native_$r" -c "alter subscription bench_sub_$r disable"
        fi
    done
done

median() {
    tr ' ' '\n' | grep -v '^$' | sort -g \
        | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}
echo
printf "%-8s %10s %14s %12s %12s %16s %14s\n" system "copy s" "drain ev/s" "lag median" "lag p95" \
    "cpu drain s/M" "cpu lag s/M"
for s in $systems; do
    printf "%-8s %10.1f %14.0f %12.3f %12.3f %16.1f %14.1f\n" "$s" "$(echo "${copy_s[$s]}" | median)" \
        "$(echo "${drain_eps[$s]}" | median)" "$(echo "${lag_med[$s]}" | median)" "$(echo "${lag_p95[$s]}" | median)" \
        "$(echo "${cpu_drain[$s]}" | median)" "$(echo "${cpu_lag[$s]}" | median)"
done
if [[ " $systems " == *" native "* ]]; then
    echo "ratios to native logical replication (copy: time ratio, lower is better; drain: speed ratio, higher is better):"
    for s in $systems; do
        [ "$s" = native ] && continue
        if [ -n "$copy_only" ]; then
            printf "%-8s copy %6.2f x\n" "$s" \
                "$(echo "$(echo "${copy_s[$s]}" | median) / $(echo "${copy_s[native]}" | median)" | bc -l)"
            continue
        fi
        printf "%-8s copy %6.2f x   drain %6.2f x\n" "$s" \
            "$(echo "$(echo "${copy_s[$s]}" | median) / $(echo "${copy_s[native]}" | median)" | bc -l)" \
            "$(echo "$(echo "${drain_eps[$s]}" | median) / $(echo "${drain_eps[native]}" | median)" | bc -l)"
    done
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
