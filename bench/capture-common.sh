# Sourced by capture-tps.sh and capture-instructions.sh: a throw-away Debian PostgreSQL 15 cluster (initdb in
# /tmp, random port, stopped and removed on exit), this tree's pgq script, and pgbench's databases with each kind
# of row capture.
#
# Before sourcing, set me (the script's name, for messages). Sets here, pgbin, have_c (1 when the original C pgq
# of postgresql-15-pgq3 is installed), sqlfile, as, data, port and conn; defines q (psql on the cluster),
# cluster_start [options], cluster_stop and make_bench_db. A script's own on_exit runs first on exit.

here=$(cd "$(dirname "$0")/.." && pwd)
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || { echo "$me: $pgbin/initdb not found; run .ci/install-deps" >&2; exit 2; }
command -v pgbench >/dev/null || { echo "$me: pgbench not found; run .ci/install-deps" >&2; exit 2; }
have_c=1
[ -f /usr/share/postgresql/15/extension/pgq.control ] || have_c=0

sqlfile=$(mktemp /tmp/l4j-pgq-XXXXXX.sql)
if ! "$here/bin/londiste4j" sql pgq > "$sqlfile"; then
    echo "$me: cannot print the pgq script; build first" >&2
    rm -f "$sqlfile"
    exit 2
fi

# as root, PostgreSQL tools run in a user namespace (TESTING.md section 6)
as=""
[ "$(id -u)" = 0 ] && as="unshare -U"
data=$(mktemp -d /tmp/l4j-bench-XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
conn=(-h localhost -p "$port" -U postgres)
q() { psql "${conn[@]}" -X -q -v ON_ERROR_STOP=1 "$@"; }

on_exit() { :; }
cleanup() {
    on_exit
    $as "$pgbin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$data" "$sqlfile"
}
trap cleanup EXIT

$as "$pgbin/initdb" -A trust -U postgres -E UTF8 --locale=C -D "$data/db" >/dev/null

# cluster_start [server options]: starts the cluster on localhost:$port
cluster_start() {
    $as "$pgbin/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
        -o "-p $port -k '' -c listen_addresses=localhost ${1:-}" start >/dev/null
}

cluster_stop() {
    $as "$pgbin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null
}

# make_bench_db mode scale: database bench_<mode> with pgbench's tables at that scale (pgbench_history with a
# primary key, as the original howto has it) and the mode's capture on the four of them into queue 'bench':
# l4j londiste4j's pgq.logutriga, gen (and genset) the functions of pgq.create_capture_trigger, c the original C
# pgq.logutriga; any other mode none
make_bench_db() {
    local m=$1 t
    q -c "create database bench_$m"
    pgbench "${conn[@]}" -i -q -s "$2" "bench_$m" >/dev/null 2>&1
    q -d "bench_$m" -c "alter table pgbench_history add column hid serial primary key"
    case $m in
        l4j|gen|genset) q -d "bench_$m" -f "$sqlfile" >/dev/null ;;
        c) q -d bench_c -c "create extension pgq" ;;
        *) return 0 ;;
    esac
    q -d "bench_$m" -c "select pgq.create_queue('bench')" >/dev/null
    for t in accounts tellers branches history; do
        if [ "$m" = gen ] || [ "$m" = genset ]; then
            q -d "bench_$m" -c "select pgq.create_capture_trigger('pgbench_$t', 'bench_capture', 'bench')" >/dev/null
        else
            q -d "bench_$m" -c "create trigger bench_capture after insert or update or delete on pgbench_$t
                                for each row execute procedure pgq.logutriga('bench')"
        fi
    done
}
