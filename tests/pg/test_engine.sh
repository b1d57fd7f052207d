#!/usr/bin/env bash
# irt on a PostgreSQL server (src/core/db_pg.c): the schema created on the
# first change, a URI carrying a password refused, and every fault a clear
# one-line error, exit 1 and nothing half-written: a server that does not
# answer, a refused login, a newer schema, the writers' lock held past
# the busy timeout, the connection dropped while waiting, a statement
# timeout; irt verify names a disabled append-only trigger; irt backup
# writes an SQLite file holding the server's record. Needs $IRT and
# $IRT_HOOKED.
. "$(dirname "$0")/lib.sh"
: "${IRT:?IRT must name the irt binary}" "${IRT_HOOKED:?IRT_HOOKED must name irt-test}"
export IRT_ACTOR=tester

PG_ONE_LINE_ERRORS=1 # every refusal here is one line
sql() { PGOPTIONS="-c search_path=irt" psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

psql -X -q -d postgres -c "CREATE ROLE irt_test LOGIN" \
	-c "CREATE DATABASE t OWNER irt_test LOCALE 'C' TEMPLATE template0" \
	-c "CREATE DATABASE newer OWNER irt_test LOCALE 'C' TEMPLATE template0" >/dev/null ||
	fail "cannot create the databases"
DB=t
export IRT_DB="postgresql://irt_test@/t?host=$PGHOST&port=$PGPORT"

# Reading an empty database creates nothing; the first change does.
expect 1 "$IRT" list
says "no irt database at"
equals "$(sql "SELECT count(*) FROM pg_namespace WHERE nspname = 'irt'")" 0 "nothing created by a read"
expect 0 "$IRT" new "Disk full on db-01" --severity high
expect 0 "$IRT" note 1 "rolled back the deploy"
expect 0 "$IRT" verify
n_migrations=$(find "$IRT_SRC/data/pg" -name '[0-9][0-9][0-9]-*.sql' | wc -l)
equals "$(sql "SELECT max(version) FROM schema_version")" "$n_migrations" \
	"the schema version: one per migration"

# A database at schema 1 (001-init.sql applied by hand, as the setup
# does) is migrated on the first change; its search then cuts words as
# SQLite does (002): text joined by U+200B, a version, an address.
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE v1 OWNER irt_test LOCALE 'C' TEMPLATE template0" >/dev/null &&
	psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d v1 -U irt_test \
		-f "$IRT_SRC/data/pg/001-init.sql" >/dev/null || fail "cannot make a schema-1 database"
V1="postgresql://irt_test@/v1?host=$PGHOST&port=$PGPORT"
expect 0 "$IRT" --db "$V1" new "Old server"
expect 0 "$IRT" --db "$V1" note 1 $'admin\u200bistrator fixed v1.2.3 for ops@example.org'
equals "$(psql -X -At -d v1 -c "SELECT max(version) FROM irt.schema_version")" \
	"$n_migrations" "the schema-1 database migrated"
for word in istrator admin v1.2.3 2 example ops@example.org; do
	expect 0 "$IRT" --db "$V1" search "$word" --json
	equals "$(jq '.hits | length' "$PG_DIR/out")" 1 "search $word"
done
expect 0 "$IRT" --db "$V1" search "administrator" --json
equals "$(jq '.hits | length' "$PG_DIR/out")" 0 "search administrator (two words)"

# A password in the URI is refused before connecting.
expect 2 "$IRT" --db "postgresql://irt_test:secret@127.0.0.1:$PGPORT/t" list
says "carries a password"
says "~/.pgpass"
# No server there; a login the server refuses.
expect 1 "$IRT" --db "postgresql://irt_test@127.0.0.1:1/t" list
says "cannot connect to the database"
expect 1 "$IRT" --db "postgresql://nobody@/t?host=$PGHOST&port=$PGPORT" list
says 'role "nobody" does not exist'

# A newer schema is refused untouched.
NEWER="postgresql://irt_test@/newer?host=$PGHOST&port=$PGPORT"
"$IRT" --db "$NEWER" new "From a newer irt" >/dev/null || fail "new on newer"
psql -X -q -v ON_ERROR_STOP=1 -d newer -c "INSERT INTO irt.schema_version (version, name) VALUES (99, '099-future.sql')" >/dev/null ||
	fail "cannot mark the schema newer"
expect 1 "$IRT" --db "$NEWER" list
says "newer irt"
equals "$(psql -X -At -d newer -c "SELECT count(*) FROM irt.events")" 1 "the newer database untouched"

# The writers' lock held past the busy timeout: busy, nothing written.
n=$(sql "SELECT count(*) FROM events")
psql -X -q -d t -c "BEGIN; LOCK TABLE irt.incidents IN SHARE ROW EXCLUSIVE MODE; SELECT pg_sleep(30)" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do
	[ "$(psql -X -At -d t -c "SELECT count(*) FROM pg_locks WHERE relation = 'irt.incidents'::regclass AND mode = 'ShareRowExclusiveLock' AND granted")" = 1 ] && break
	sleep 0.05
done
IRT_BUSY_TIMEOUT_MS=300 expect 1 "$IRT_HOOKED" note 1 "while locked"
says "database busy"
# A statement timeout.
PGOPTIONS="-c statement_timeout=200" expect 1 "$IRT" note 1 "while locked"
says "statement timeout"
# The connection dropped while it waits.
"$IRT" note 1 "dropped" 2>"$PG_DIR/dropped.err" &
waiter=$!
for _ in $(seq 1 100); do
	psql -X -At -d t -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'irt' AND wait_event_type = 'Lock'" | grep -q t && break
	sleep 0.05
done
got=0
wait "$waiter" || got=$?
equals "$got" 1 "a dropped connection exits 1"
grep -q "lost" "$PG_DIR/dropped.err" || fail "dropped connection: $(cat "$PG_DIR/dropped.err")"
kill "$holder" 2>/dev/null
psql -X -q -d t -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$holder" 2>/dev/null
equals "$(sql "SELECT count(*) FROM events")" "$n" "nothing written by the refused writes"
expect 0 "$IRT" note 1 "after the lock"

# A backup is an SQLite file holding the server's whole record: the same
# export, and it verifies; a file already there is replaced only by a
# complete copy.
echo "not a database" >"$PG_DIR/copy.db"
expect 0 "$IRT" backup "$PG_DIR/copy.db"
equals "$(head -c 15 "$PG_DIR/copy.db")" "SQLite format 3" "the backup is an SQLite file"
expect 0 "$IRT" --db "$PG_DIR/copy.db" verify
"$IRT" export 1 --format json -o "$PG_DIR/server.json" || fail "export from the server"
"$IRT" --db "$PG_DIR/copy.db" export 1 --format json -o "$PG_DIR/backup.json" || fail "export from the backup"
N_CHECKS=$((N_CHECKS + 1))
cmp -s "$PG_DIR/server.json" "$PG_DIR/backup.json" || fail "the backup's export differs from the server's"
N_CHECKS=$((N_CHECKS + 1))
[ -z "$(ls "$PG_DIR" | grep -F copy.db.tmp-)" ] || fail "a temporary file was left: $(ls "$PG_DIR")"

# verify: an append-only guard switched off is named.
expect 0 "$IRT" verify
psql -X -q -d t -c "ALTER TABLE irt.events DISABLE TRIGGER events_append_only" >/dev/null
N_CHECKS=$((N_CHECKS + 2))
! "$IRT" verify >"$PG_DIR/out" 2>"$PG_DIR/err" || fail "verify passed with a trigger disabled"
grep -q "events_append_only" "$PG_DIR/out" "$PG_DIR/err" || fail "verify does not name the trigger: $(cat "$PG_DIR/out" "$PG_DIR/err")"
done_ok
