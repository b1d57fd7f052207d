#!/usr/bin/env bash
# `irt list`, `irt show` and `irt timeline` on a PostgreSQL server holding
# the benchmark database (10,000 incidents / 1,000,000 events, plus one
# incident of 10,000 events), loaded with `irt copy`, each beside `psql`
# running the same queries on the same server (the limit to approach).
# Medians of RUNS runs (default 21).
#
#   bench/pg.sh [BUILD_DIR]     (default: build)
#
# The server is a private cluster (tests/pg/cluster.sh) in $PG_BENCH_DIR
# (default /tmp/irt-bench-pg, reachable by the server's user when run as
# root); it is loaded once, kept stopped between runs and started again
# by the next, so only the first run pays for the copy (a few minutes).
# Both sides connect the same way, over the cluster's Unix socket.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
. "$here/lib.sh"
build=${1:-build}
irt="$build/irt"
runs=${RUNS:-21}
dir=${PG_BENCH_DIR:-/tmp/irt-bench-pg}
big=10001
bench_db "$build"
mkdir -p "$dir"
chmod 0711 "$dir"
bash "$src/tests/pg/cluster.sh" start "$dir/cluster" >/dev/null
trap 'bash "$src/tests/pg/cluster.sh" stop "$dir/cluster" >/dev/null' EXIT
# shellcheck disable=SC1091
. "$dir/cluster/env"
uri="postgresql://irt_owner@/irt?host=$PGHOST&port=$PGPORT"
if [ ! -f "$dir/loaded" ]; then
	echo "loading $db into the server with irt copy..." >&2
	psql -X -q -v ON_ERROR_STOP=1 -d postgres \
		-c "DROP DATABASE IF EXISTS irt" \
		-c "DO \$\$ BEGIN CREATE ROLE irt_owner LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" \
		-c "CREATE DATABASE irt OWNER irt_owner LOCALE 'C' TEMPLATE template0" >/dev/null
	# A copy of the file: irt may migrate what it opens.
	cp "$db" "$dir/source.db"
	/usr/bin/time -f "copy: %e s, %M KiB" "$irt" copy --from "$dir/source.db" --to "$uri"
	rm -f "$dir/source.db"
	psql -X -q -d irt -c "VACUUM ANALYZE" >/dev/null # as the superuser
	touch "$dir/loaded"
fi
export IRT_DB=$uri TZ=UTC LANG=C.UTF-8
q() { psql -X -q -At -d "$uri" -c "SET search_path = irt; $1"; }

list_irt=$(median_ms "$runs" "$irt" list)
list_sql=$(median_ms "$runs" q "SELECT id, title, owner, component, severity_rank, cvss_score, stage, resolution, reported_ms, acked_ms, created_ms, updated_ms, CASE stage WHEN 0 THEN entered_detect WHEN 1 THEN entered_contain WHEN 2 THEN entered_fix WHEN 3 THEN entered_notify WHEN 4 THEN entered_review ELSE entered_closed END, left_fix FROM incidents WHERE stage <> 5 ORDER BY id DESC")
show_irt=$(median_ms "$runs" "$irt" show $big)
show_sql=$(median_ms "$runs" q "SELECT * FROM incidents WHERE id = $big; SELECT * FROM actions WHERE incident_id = $big ORDER BY n; SELECT * FROM notifications WHERE incident_id = $big ORDER BY seq; SELECT p.*, s.signature FROM policy_events p LEFT JOIN signatures s ON s.hash = p.hash ORDER BY p.seq; SELECT recorded_ms, actor, ref_hash, data FROM ledger WHERE kind = 'import' AND incident_uuid = (SELECT uuid FROM incidents WHERE id = $big) ORDER BY seq")
tl_irt=$(median_ms "$runs" "$irt" timeline $big)
tl_sql=$(median_ms "$runs" q "SELECT * FROM events WHERE incident_id = $big ORDER BY at_ms, seq")
start_irt=$(median_ms "$runs" "$irt" show 1)
start_sql=$(median_ms "$runs" q "SELECT * FROM incidents WHERE id = 1")

printf '%-22s %10s %10s %7s\n' "command" "irt ms" "psql ms" "ratio"
printf '%-22s %10s %10s %7s\n' "list (10k open)" "$list_irt" "$list_sql" "$(ratio "$list_irt" "$list_sql")"
printf '%-22s %10s %10s %7s\n' "show (10k events)" "$show_irt" "$show_sql" "$(ratio "$show_irt" "$show_sql")"
printf '%-22s %10s %10s %7s\n' "timeline (10k events)" "$tl_irt" "$tl_sql" "$(ratio "$tl_irt" "$tl_sql")"
printf '%-22s %10s %10s %7s\n' "show 1 (small)" "$start_irt" "$start_sql" "$(ratio "$start_irt" "$start_sql")"
echo "medians of $runs runs; server: $dir/cluster (PostgreSQL $(psql -X -At -d "$uri" -c 'SHOW server_version'))"
