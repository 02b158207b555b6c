#!/usr/bin/env bash
# Takeover benchmark: how long a planned switchover of the root pauses a running application, with londiste4j
# and with the original Londiste 3 (Debian's python3-londiste, pgqd and the C pgq extensions), on one machine.
#
# One throw-away Debian PostgreSQL 15 cluster holds a source and a target database per system and round
# (pgbench tables, scale 1). For each: pgqd ticks both databases, the source is the root, the target a leaf
# (l4j-leaf; the original cannot promote a leaf) or a branch (l4j, orig), both workers run, the tables are in
# sync. Then an application (bench/takeover-writer.py: one small pgbench-like transaction every 5 ms) writes to
# the source; when a server refuses its transaction (the frozen root, or a subscriber) it retries on the other
# server, as an application moved at cut-over does. `takeover` is run on the target, then again the other way
# back. For each switch it prints the wall time of the command and the pause: the longest gap between two
# commits of the application while the command ran. At the end both databases must hold the same rows.
#
# Usage: bench/takeover.sh [-r rounds] [-m "l4j-leaf l4j orig"]
# Needs: a built tree (mvn -B -ntp package -DskipTests) for l4j, and .ci/install-deps for orig.
set -euo pipefail

rounds=1; systems="l4j-leaf l4j orig"
while getopts "r:m:" o; do
    case $o in
        r) rounds=$OPTARG ;; m) systems=$OPTARG ;;
        *) echo "usage: $0 [-r rounds] [-m systems]" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")/.." && pwd)
pgbin=/usr/lib/postgresql/15/bin
py=/usr/bin/python3
[ -x "$pgbin/initdb" ] || { echo "takeover: $pgbin/initdb not found; run .ci/install-deps" >&2; exit 2; }
$py -c 'import psycopg2' 2>/dev/null || { echo "takeover: $py lacks psycopg2; run .ci/install-deps" >&2; exit 2; }
for s in $systems; do
    case $s in
        l4j|l4j-leaf) [ -x "$here/bin/londiste3" ] && compgen -G "$here/londiste4j-cli/target/lib/londiste4j-cli*.jar" >/dev/null \
                 || { echo "takeover: bin/londiste3 is not built; run mvn -B -ntp package -DskipTests" >&2; exit 2; } ;;
        orig) command -v londiste >/dev/null && [ -x /usr/bin/pgqd ] \
                 || { echo "takeover: the original londiste/pgqd are not installed; run .ci/install-deps" >&2; exit 2; } ;;
        *) echo "takeover: unknown system '$s' (l4j-leaf, l4j, orig)" >&2; exit 2 ;;
    esac
done

as=""
[ "$(id -u)" = 0 ] && as="unshare -U"
work=$(mktemp -d /tmp/l4j-takeover-XXXXXX)
chmod 755 "$work"
port=$(( 20000 + RANDOM % 20000 ))
while ss -Htln "sport = :$port" 2>/dev/null | grep -q .; do port=$(( 20000 + RANDOM % 20000 )); done
cleanup() {
    set +e
    for f in "$work"/*/stop; do [ -d "$(dirname "$f")" ] && touch "$f"; done
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
    -o "-p $port -k '' -c listen_addresses=localhost -c max_connections=100" start >/dev/null
base="host=localhost port=$port user=postgres"
conn=(-h localhost -p "$port" -U postgres)
q() { psql "${conn[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }
qv() { psql "${conn[@]}" -X -At -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
    local limit=$1 what=$2; shift 2
    local t0; t0=$(now)
    until "$@"; do
        if [ "$(echo "$(now) - $t0 > $limit" | bc)" = 1 ]; then
            echo "takeover: gave up after ${limit}s waiting for $what (files in $work)" >&2
            KEEP=1; exit 1
        fi
        sleep 0.1
    done
}
launcher() { if [ "$1" = orig ]; then echo londiste; else echo "$here/bin/londiste3"; fi; }
ticker() { if [ "$1" = orig ]; then echo /usr/bin/pgqd; else echo "$here/bin/pgqd"; fi; }
tables="pgbench_accounts pgbench_branches pgbench_tellers pgbench_history"

tables_ok() { [ "$(qv -d "$1" -c "select count(*) from londiste.table_info where queue_name = 'benchq'
                                    and local and merge_state = 'ok'")" = 4 ]; }
equal() { # same rows in both databases (an independent check: every row as text, hashed)
    local a b t
    for t in $tables; do
        a=$(qv -d "$1" -c "select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from $t x")
        b=$(qv -d "$2" -c "select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from $t x")
        [ "$a" = "$b" ] || return 1
    done
}
caught_up() { # the subscriber $2 has completed the root $1's last tick
    local last done_
    qv -d "$1" -c "select pgq.force_tick('benchq')" >/dev/null
    last=$(qv -d "$1" -c "select last_tick_id from pgq.get_queue_info('benchq')")
    done_=$(qv -d "$2" -c "select coalesce(worker_last_tick, 0) from pgq_node.get_node_info('benchq')")
    [ "$done_" -ge "$last" ]
}
pause_in() { # pause_in COMMITS_FILE FROM TO: the longest gap between commits from FROM to TO
    $py - "$@" <<'PY'
import sys
f, t0, t1 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
ts = [float(l.split()[0]) for l in open(f) if l.strip()]
prev, gap = t0, 0.0
for t in ts:
    if t < t0:
        continue
    gap = max(gap, min(t, t1) - prev)
    prev = t
    if t > t1:
        break
print("%.3f" % max(gap, 0.0))
PY
}

echo "PostgreSQL: $(qv -c 'select version()')"
for r in $(seq 1 "$rounds"); do
    for s in $systems; do
        d="$work/${s}_$r"; mkdir -p "$d"
        src="src_${s//-/_}_$r"; dst="dst_${s//-/_}_$r"
        L=$(launcher "$s")
        q -c "create database $src" -c "create database $dst"
        pgbench "${conn[@]}" -i -q -s 1 "$src" >/dev/null 2>&1
        q -d "$src" -c "alter table pgbench_history add column hid bigserial primary key"
        pg_dump "${conn[@]}" -s -t 'pgbench_*' "$src" | q -d "$dst" >/dev/null
        cat > "$d/ticker.ini" <<EOF
[pgqd]
base_connstr = $base
database_list = $src, $dst
logfile = $d/ticker.log
pidfile = $d/ticker.pid
EOF
        for n in master slave; do
            db=$src; [ $n = slave ] && db=$dst
            cat > "$d/$n.ini" <<EOF
[londiste]
job_name = ${s//-/_}_${r}_$n
db = $base dbname=$db
queue_name = benchq
loop_delay = 0.1
logfile = $d/$n.log
pidfile = $d/$n.pid
EOF
        done
        kind=create-branch; [ "$s" = l4j-leaf ] && kind=create-leaf
        "$(ticker "$s")" -d "$d/ticker.ini"
        $L "$d/master.ini" create-root master "$base dbname=$src" >> "$d/admin.log" 2>&1
        $L "$d/slave.ini" $kind slave "$base dbname=$dst" --provider="$base dbname=$src" >> "$d/admin.log" 2>&1
        $L -d "$d/master.ini" worker
        $L -d "$d/slave.ini" worker
        $L "$d/master.ini" add-table $tables >> "$d/admin.log" 2>&1
        $L "$d/master.ini" add-seq pgbench_history_hid_seq >> "$d/admin.log" 2>&1
        $L "$d/slave.ini" add-table $tables >> "$d/admin.log" 2>&1
        $L "$d/slave.ini" add-seq pgbench_history_hid_seq >> "$d/admin.log" 2>&1
        wait_for 600 "the copy of $s" tables_ok "$dst"

        $py "$here/bench/takeover-writer.py" "$base dbname=$src" "$base dbname=$dst" "$d/commits" "$d/stop" \
            2> "$d/writer.err" &
        writer=$!
        sleep 3
        line="round $r $s:"
        for dir in there back; do
            if [ $dir = there ]; then cfg=slave; old=master; else cfg=master; old=slave; fi
            t0=$(now)
            if ! timeout 300 $L "$d/$cfg.ini" takeover $old > "$d/takeover-$dir.out" 2>&1; then
                echo "takeover: $s takeover $dir failed (files in $d):" >&2; cat "$d/takeover-$dir.out" >&2
                KEEP=1; exit 1
            fi
            t1=$(now)
            sleep 2
            line="$line  $dir: command $(printf '%.1f' "$(echo "$t1 - $t0" | bc -l)") s, writes paused $(pause_in "$d/commits" "$t0" "$t1") s"
            sleep 2
        done
        touch "$d/stop"; wait "$writer" || { echo "takeover: the writer of $s failed:" >&2; cat "$d/writer.err" >&2; KEEP=1; exit 1; }
        wait_for 120 "$dst to catch up" caught_up "$src" "$dst"
        if equal "$src" "$dst"; then eq="tables equal"; else eq="TABLES DIFFER"; fi
        echo "$line  ($(wc -l < "$d/commits") commits, $eq)"
        $L -s "$d/slave.ini" >/dev/null 2>&1 || true
        $L -s "$d/master.ini" >/dev/null 2>&1 || true
        "$(ticker "$s")" -s "$d/ticker.ini" >/dev/null 2>&1 || true
        sleep 1
    done
done
