#!/usr/bin/env bash
# `irt verify` of the whole benchmark database (10,000 incidents,
# 1,000,000 events, one incident of 10,000, and the ledger over all of
# them), beside sqlite3 reading every row verify reads (the events in
# chain order and the ledger joined with what it records). Medians of
# RUNS runs (default 3).
#
#   bench/verify.sh [BUILD_DIR]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
irt="$build/irt"
runs=${RUNS:-3}
bench_db "$build"
export IRT_DB=$db TZ=UTC LANG=C.UTF-8
"$irt" verify || { echo "the benchmark database does not verify" >&2; exit 1; }

verify_irt=$(median_ms "$runs" "$irt" verify)
read_sql=$(median_ms "$runs" sqlite3 "$db" "SELECT * FROM events ORDER BY incident_id, seq; SELECT l.*, e.hash FROM ledger l LEFT JOIN events e ON e.uuid = l.ref_uuid ORDER BY l.seq")
events=$(sqlite3 "$db" "SELECT count(*) FROM events")

printf '%-28s %10s %12s %7s\n' "command" "irt ms" "sqlite3 ms" "ratio"
printf '%-28s %10s %12s %7s\n' "verify ($events events)" "$verify_irt" "$read_sql" "$(ratio "$verify_irt" "$read_sql")"
echo "medians of $runs runs; database: $db"
