#!/usr/bin/env bash
# `irt export` of an incident with 10,000 events in each format, and
# `irt import` of its JSON into a fresh database, side by side with the
# raw sqlite3 query that reads that incident's events (the baseline).
# Medians of RUNS runs (default 11).
#
#   bench/export.sh [BUILD_DIR]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
# The clock is pinned (IRT_NOW below), so every run exports the same
# document; only the test build honours that. It is irt's own objects plus
# the test hooks (docs/testing.md), so its times are irt's.
irt="$build/irt-test"
[ -x "$irt" ] || {
	echo "$irt is missing: it is built with the tests (BUILD_TESTING, on unless turned off)" >&2
	exit 1
}
runs=${RUNS:-11}
db=${BENCH_DB:-$here/out/bench-export.db}
mkdir -p "$here/out"
if [ ! -f "$db" ]; then
	echo "generating $db (one incident of 10,000 events)..." >&2
	"$build/bench/irt-bench-gen" "$db" 1 10 10000
fi
big=2
export IRT_DB=$db TZ=UTC LANG=C.UTF-8 IRT_NOW=2026-11-29T12:00:00Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sql=$(median_ms "$runs" sqlite3 "$db" "SELECT * FROM events WHERE incident_id = $big ORDER BY seq")
printf '%-24s %10s %10s %7s %10s\n' "command" "irt ms" "sqlite3 ms" "ratio" "bytes"
for f in json md html csv pdf; do
	t=$(median_ms "$runs" "$irt" export $big --format $f)
	size=$("$irt" export $big --format $f | wc -c)
	printf '%-24s %10s %10s %7s %10s\n' "export --format $f" "$t" "$sql" "$(ratio "$t" "$sql")" "$size"
done
"$irt" export $big --format json -o "$tmp/e.json"
import_once() { rm -f "$tmp/i.db"*; "$irt" --db "$tmp/i.db" import "$tmp/e.json"; }
t=$(median_ms "$runs" import_once)
printf '%-24s %10s %10s %7s %10s\n' "import (fresh db)" "$t" "$sql" "$(ratio "$t" "$sql")" "-"
echo "medians of $runs runs; $(sqlite3 "$db" "SELECT count(*) FROM events WHERE incident_id = $big") events; database: $db"
