#!/usr/bin/env bash
# Initial copy of pgbench scale 10 (1,000,110 rows) from PostgreSQL FROM to TO by londiste4j's TableCopy, in each
# tuning, next to PostgreSQL's own logical replication initial sync of the same tables (TO -> TO), ROUNDS rounds;
# prints seconds per round, the medians, and what TableChecksum costs on pgbench_accounts. Embedded servers of the
# testkit (zonky binaries), nothing else to install. See bench/README.md.
#   bench/copy-time.sh                 # FROM=9.6 TO=18 ROUNDS=3
#   FROM=18 TO=9.6 ROUNDS=1 bench/copy-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FROM=${FROM:-9.6}
TO=${TO:-18}
ROUNDS=${ROUNDS:-3}
mvn -B -ntp -q install -DskipTests -pl londiste4j-core -am
mvn -B -ntp verify -pl londiste4j-core -Dit.test=CopyBenchIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.copy=true -Dbench.from="$FROM" -Dbench.to="$TO" -Dbench.rounds="$ROUNDS" -Dpg.versions="$FROM,$TO" \
    > target/copy-time.log 2>&1 || { tail -50 target/copy-time.log; exit 1; }
out=londiste4j-core/target/failsafe-reports/org.londiste4j.copy.CopyBenchIT-output.txt
grep -E '^(copy|native|checksum|medians|  )' "$out"
