#!/usr/bin/env bash
# Apply benchmark: londiste4j's BatchApplier draining a backlog of pgbench row events into a subscriber, set-wise
# (each batch collapsed per primary key, COPY into a staging table, one statement per table and operation)
# against its ordered path (one INSERT/UPDATE/DELETE per event, sent 200 to a round trip: the original
# Londiste 3's way), on the same machine in one run.
#
# One throw-away Debian PostgreSQL 15 cluster holds, per round, a pgbench source with pgq.logutriga on the four
# pgbench tables (pgbench_history gets the primary key the original howto adds) and one subscriber per mode, a
# copy of the source taken before the backlog. The backlog is made by pgbench (-c 4, tpcb-like: 4 row events a
# transaction) in chunks of -b events with a tick after each, so that batches have the size pgqd would give a
# busy queue. Each mode is then drained by DrainMain (the worker's replay loop without the worker: one
# transaction per batch, session_replication_role = replica) in a JVM of its own; its clock runs from the
# first batch to the empty queue. Every table is then compared with the source (md5 of its rows in key order).
# It prints each round, then the medians.
#
# Usage: bench/apply-drain.sh [-s scale] [-e backlog_events] [-b events_per_batch] [-r rounds] [-x java_heap]
# Needs: mvn -B -ntp package -DskipTests (the cli's lib/ and the core's test classes) and .ci/install-deps
# (Debian PostgreSQL 15 and pgbench).
set -euo pipefail

scale=1; backlog=80000; per_batch=2000; rounds=3; heap=256m
while getopts "s:e:b:r:x:" o; do
    case $o in
        s) scale=$OPTARG ;; e) backlog=$OPTARG ;; b) per_batch=$OPTARG ;; r) rounds=$OPTARG ;; x) heap=$OPTARG ;;
        *) echo "usage: $0 [-s scale] [-e backlog_events] [-b events_per_batch] [-r rounds] [-x java_heap]" >&2
           exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")/.." && pwd)
pgbin=/usr/lib/postgresql/15/bin
lib=$here/londiste4j-cli/target/lib
tests=$here/londiste4j-core/target/test-classes
[ -x "$pgbin/initdb" ] || { echo "apply-drain: $pgbin/initdb not found; run .ci/install-deps" >&2; exit 2; }
command -v pgbench >/dev/null || { echo "apply-drain: pgbench not found; run .ci/install-deps" >&2; exit 2; }
[ -d "$lib" ] && [ -f "$tests/org/londiste4j/apply/DrainMain.class" ] \
    || { echo "apply-drain: not built; run mvn -B -ntp package -DskipTests" >&2; exit 2; }

as=""
[ "$(id -u)" = 0 ] && as="unshare -U"
work=$(mktemp -d /tmp/l4j-apply-drain-XXXXXX)
chmod 755 "$work"
port=$(( 20000 + RANDOM % 20000 ))
while ss -Htln "sport = :$port" 2>/dev/null | grep -q .; do port=$(( 20000 + RANDOM % 20000 )); done
cleanup() {
    set +e
    $as "$pgbin/pg_ctl" -D "$work/db" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

$as "$pgbin/initdb" -A trust -U postgres -E UTF8 --locale=C -D "$work/db" >/dev/null
$as "$pgbin/pg_ctl" -D "$work/db" -l "$work/server.log" -w \
    -o "-p $port -k '' -c listen_addresses=localhost -c max_connections=100 -c shared_buffers=256MB" start >/dev/null

conn=(-h localhost -p "$port" -U postgres)
q() { psql -X -q -v ON_ERROR_STOP=1 "${conn[@]}" "$@"; }
qv() { psql -X -q -At -v ON_ERROR_STOP=1 "${conn[@]}" "$@"; }
url() { echo "jdbc:postgresql://localhost:$port/$1?user=postgres"; }
tables="pgbench_accounts:aid pgbench_branches:bid pgbench_tellers:tid pgbench_history:hid"
modes="setwise ordered"

declare -A rate
echo "apply-drain: pgbench scale $scale, backlog $backlog events in batches of $per_batch, $rounds rounds," \
     "JVM -Xmx$heap, PostgreSQL $(qv -d postgres -c 'show server_version')"
for r in $(seq 1 "$rounds"); do
    src=src_$r
    q -d postgres -c "create database $src"
    pgbench "${conn[@]}" -i -q -s "$scale" "$src" >/dev/null 2>&1
    q -d "$src" -c "alter table pgbench_history add column hid bigserial primary key"
    for m in $modes; do
        q -d postgres -c "create database dst_${m}_$r template $src"
    done
    "$here/bin/londiste4j" sql pgq | q -d "$src" >/dev/null
    q -d "$src" -c "select pgq.create_queue('benchq')" >/dev/null
    for t in $tables; do
        q -d "$src" -c "create trigger bench_cap after insert or update or delete on ${t%%:*}
                        for each row execute procedure pgq.logutriga('benchq')"
    done
    for m in $modes; do
        q -d "$src" -c "select pgq.register_consumer('benchq', '$m')" >/dev/null
    done
    # the backlog: chunks of per_batch events (4 per tpcb-like transaction, 4 clients), a tick after each
    tx_per_client=$(( per_batch / 4 / 4 )); [ "$tx_per_client" -ge 1 ] || tx_per_client=1
    made=0
    while [ "$made" -lt "$backlog" ]; do
        pgbench "${conn[@]}" -n -c 4 -j 2 -t "$tx_per_client" "$src" >/dev/null 2>&1
        q -d "$src" -c "select pgq.force_tick('benchq')" -c "select pgq.ticker()" >/dev/null
        made=$(( made + tx_per_client * 16 ))
    done
    events=$(qv -d "$src" -c "select count(*) from pgq.event_1")
    for m in $modes; do
        line=$(java "-Xmx$heap" -cp "$tests:$lib/*" org.londiste4j.apply.DrainMain "$(url "$src")" \
            "$(url "dst_${m}_$r")" benchq "$m" "$m")
        same=ok
        for t in $tables; do
            sum="select count(*) || ':' || md5(coalesce(string_agg(x::text, ',' order by ${t#*:}), ''))
                 from ${t%%:*} x"
            [ "$(qv -d "$src" -c "$sum")" = "$(qv -d "dst_${m}_$r" -c "$sum")" ] || same="DIFFERS(${t%%:*})"
        done
        eps=$(sed -n 's/.* events_per_s=\([0-9]*\).*/\1/p' <<<"$line")
        rate[$m]="${rate[$m]:-} $eps"
        printf 'round %d %-8s %7d events  %7s events/s  tables %s  | %s\n' "$r" "$m" "$events" "$eps" "$same" "$line"
    done
    for m in $modes; do q -d postgres -c "drop database dst_${m}_$r"; done
    q -d postgres -c "drop database $src"
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
s=$(median "${rate[setwise]}"); o=$(median "${rate[ordered]}")
echo "median events/s: set-wise $s, ordered $o, ratio $(awk -v s="$s" -v o="$o" 'BEGIN {printf "%.1f", s/o}')"
