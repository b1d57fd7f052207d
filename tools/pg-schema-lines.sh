#!/usr/bin/env bash
# tools/pg-schema-lines.sh - writes data/pg/schema.txt: the schema irt as
# data/pg/schema-lines.sql describes it, on a throwaway cluster
# (tests/pg/cluster.sh) where every data/pg/NNN-*.sql was applied. irt
# verify on PostgreSQL compares a server's schema with it; run this after
# adding a migration, and commit the result.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/irt-schema.XXXXXX")
chmod 0711 "$dir"
trap 'bash "$src/tests/pg/cluster.sh" stop "$dir/cluster" --immediate 2>/dev/null; rm -rf "$dir"' EXIT
bash "$src/tests/pg/cluster.sh" start "$dir/cluster" >/dev/null
# shellcheck disable=SC1091
. "$dir/cluster/env"
psql -X -q -v ON_ERROR_STOP=1 -d postgres \
	-c "CREATE ROLE irt_owner LOGIN" -c "CREATE DATABASE irt OWNER irt_owner" >/dev/null
for m in "$src"/data/pg/[0-9][0-9][0-9]-*.sql; do
	psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d irt -U irt_owner -f "$m" >/dev/null
done
psql -X -q -At -v ON_ERROR_STOP=1 -d irt -U irt_owner -f "$src/data/pg/schema-lines.sql" \
	>"$src/data/pg/schema.txt"
echo "wrote $src/data/pg/schema.txt ($(wc -l <"$src/data/pg/schema.txt") lines)"
