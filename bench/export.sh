#!/usr/bin/env bash
# `irt export` of an incident with 10,000 events in each format, and
# `irt import` of its JSON into a fresh database, side by side with the
# raw sqlite3 query that reads that incident's events (the baseline);
# import also beside irt-bench-insert (bench/insert.c), a bare SQLite
# insert of the same rows in one transaction, its limit.
# Medians of RUNS runs (default 11).
#
#   bench/export.sh [BUILD_DIR]     (default: build)
#   BENCH_DB=... BIG=ID bench/export.sh ...   (another database and incident)
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
big=${BIG:-2} # the incident with 10,000 events (10001 in bench-10k.db)
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
# The limit for import (bench/insert.c): irt's schema into a fresh
# database, then the same incident row and event rows, one INSERT per
# event, in one transaction; none of import's checks, no ledger.
insert_once() { rm -f "$tmp/b.db"*; "$build/bench/irt-bench-insert" "$tmp/b.db" "$db" $big; }
import_once >/dev/null && insert_once >/dev/null
[ "$(sqlite3 "$tmp/i.db" "SELECT count(*) FROM events")" = "$(sqlite3 "$tmp/b.db" "SELECT count(*) FROM events")" ] || {
	echo "import and the bare insert stored different numbers of events" >&2
	exit 1
}
t=$(median_ms "$runs" import_once)
bare=$(median_ms "$runs" insert_once)
printf '%-24s %10s %10s %7s %10s\n' "import (fresh db)" "$t" "$sql" "$(ratio "$t" "$sql")" "-"
printf '%-24s %10s %10s %7s %10s\n' "import vs bare insert" "$t" "$bare" "$(ratio "$t" "$bare")" "-"
echo "medians of $runs runs; $(sqlite3 "$db" "SELECT count(*) FROM events WHERE incident_id = $big") events; database: $db"
echo "bare insert: bench/insert.c, one INSERT per event in one transaction into a fresh database of irt's schema"
