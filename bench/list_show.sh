#!/usr/bin/env bash
# `irt list` on 10,000 incidents / 1,000,000 events and `irt show` of an
# incident with 10,000 events, each side by side with the raw sqlite3 query
# it wraps (the limit to approach). Medians of RUNS runs (default 21).
#
#   bench/list_show.sh [BUILD_DIR]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
irt="$build/irt"
runs=${RUNS:-21}
bench_db "$build"
big=10001
export IRT_DB=$db TZ=UTC LANG=C.UTF-8

list_irt=$(median_ms "$runs" "$irt" list)
# The query irt list runs (src/core/db_incident.c), without its filters.
list_sql=$(median_ms "$runs" sqlite3 "$db" "SELECT id, title, owner, component, severity_rank, cvss_score, stage, resolution, reported_ms, acked_ms, created_ms, updated_ms, CASE stage WHEN 0 THEN entered_detect WHEN 1 THEN entered_contain WHEN 2 THEN entered_fix WHEN 3 THEN entered_notify WHEN 4 THEN entered_review ELSE entered_closed END, left_fix FROM incidents WHERE stage <> 5 ORDER BY id DESC")
show_irt=$(median_ms "$runs" "$irt" show $big)
# The queries irt show runs (db_incident_load, db_policy_history_load,
# db_imports_load): the incident, its actions and notifications, the
# policy timeline its deadlines are judged by, and the ledger's records
# of imports of it (an index since schema 9; a scan of the whole ledger
# before).
show_sql=$(median_ms "$runs" sqlite3 "$db" "SELECT * FROM incidents WHERE id = $big; SELECT * FROM actions WHERE incident_id = $big ORDER BY n; SELECT * FROM notifications WHERE incident_id = $big ORDER BY seq; SELECT p.*, s.signature FROM policy_events p LEFT JOIN signatures s ON s.hash = p.hash ORDER BY p.seq; SELECT recorded_ms, actor, ref_hash, data FROM ledger WHERE kind = 'import' AND incident_uuid = (SELECT uuid FROM incidents WHERE id = $big) ORDER BY seq")
# What every irt command costs before its first query: starting the
# process (loading its libraries) and nothing else.
start_irt=$(median_ms "$runs" "$irt" --version)
start_sql=$(median_ms "$runs" sqlite3 :memory: "SELECT 1")
tl_irt=$(median_ms "$runs" "$irt" timeline $big)
tl_sql=$(median_ms "$runs" sqlite3 "$db" "SELECT * FROM events WHERE incident_id = $big ORDER BY at_ms, seq")

printf '%-22s %10s %10s %7s\n' "command" "irt ms" "sqlite3 ms" "ratio"
printf '%-22s %10s %10s %7s\n' "list (10k open)" "$list_irt" "$list_sql" "$(ratio "$list_irt" "$list_sql")"
printf '%-22s %10s %10s %7s\n' "show (10k events)" "$show_irt" "$show_sql" "$(ratio "$show_irt" "$show_sql")"
printf '%-22s %10s %10s %7s\n' "timeline (10k events)" "$tl_irt" "$tl_sql" "$(ratio "$tl_irt" "$tl_sql")"
printf '%-22s %10s %10s %7s\n' "start (--version)" "$start_irt" "$start_sql" "$(ratio "$start_irt" "$start_sql")"
echo "medians of $runs runs; database: $db"
