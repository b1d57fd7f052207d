#!/usr/bin/env bash
# The team server's schema and roles (data/pg, docs/team-server.md), on a
# private cluster, through psql: the schema is SQLite's after its last
# migration, versioned forward only; responders append and never
# rewrite, auditors only read, and the append-only tables refuse change
# to everyone, their owner included. Every refusal is checked by its
# error, and what was refused is checked to be still there.
# Run: bash tests/pg/test_schema.sh
# shellcheck source=tests/pg/lib.sh
. "$(dirname "$0")/lib.sh"

# ---- the cluster ------------------------------------------------------

equals "$(psql -X -At -c 'SHOW fsync')" on "fsync"
equals "$(psql -X -At -c 'SHOW listen_addresses')" 127.0.0.1 "listen_addresses"
equals "$(psql -X -At "$IRT_PG_TCP_URI" -c 'SELECT inet_server_addr()')" \
	127.0.0.1 "a TCP connection to 127.0.0.1"
equals "$(psql -X -At "$IRT_PG_URI" -c 'SELECT 1')" 1 "the socket URI"

# ---- the schema applies to an empty database ---------------------------

pg_schema
# One version per migration, numbered in the order they apply.
versions=$(n=0; for m in "$IRT_SRC"/data/pg/[0-9][0-9][0-9]-*.sql; do
	n=$((n + 1)); printf ' %d|%s|irt_owner' "$n" "$(basename "$m")"
done)
equals "$(value irt_owner "SELECT string_agg(version || '|' || name || '|' || applied_by, ' ' ORDER BY version) FROM schema_version")" \
	"${versions# }" "the versions recorded"
equals "$(value irt_owner "SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'irt'")" \
	irt_owner "the schema's owner"

# Tables, columns, types, NOT NULL, defaults and primary keys are
# SQLite's after every migration in data/migrations: INTEGER is bigint,
# REAL double precision, TEXT text. (A migration added to SQLite and not
# here fails this.)
command -v sqlite3 >/dev/null || fail "sqlite3 (tools/debian-packages.txt) is needed"
lite="$PG_DIR/lite.db"
cat "$PG_SRC"/data/migrations/*.sql | sqlite3 "$lite" ||
	fail "data/migrations does not apply to SQLite"
sqlite3 -separator '|' "$lite" "
SELECT m.name, p.name,
       CASE lower(p.type) WHEN 'integer' THEN 'bigint'
            WHEN 'real' THEN 'double precision' ELSE lower(p.type) END,
       (p.\"notnull\" OR p.pk > 0), coalesce(p.dflt_value, '-'), p.pk
FROM sqlite_schema m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'search_fts%' AND m.name NOT IN ('search_keys', 'search_marks')
ORDER BY 1, 2" >"$PG_DIR/lite.columns"
value irt_owner "
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       a.attnotnull::int,
       coalesce(regexp_replace(regexp_replace(pg_get_expr(d.adbin, d.adrelid),
                '::[a-z ]+$', ''), '^''(-?[0-9.]+)''$', '\1'), '-'),
       coalesce(array_position(p.conkey, a.attnum), 0)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'irt'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
LEFT JOIN pg_constraint p ON p.conrelid = c.oid AND p.contype = 'p'
WHERE c.relkind = 'r' AND c.relname <> 'schema_version'
ORDER BY 1, 2" >"$PG_DIR/pg.columns"
N_CHECKS=$((N_CHECKS + 1))
diff "$PG_DIR/lite.columns" "$PG_DIR/pg.columns" >"$PG_DIR/diff" ||
	fail "the columns differ from SQLite's (< SQLite, > PostgreSQL): $(cat "$PG_DIR/diff")"
equals "$(wc -l <"$PG_DIR/pg.columns")" 131 "the number of columns compared"

# Unique keys, indexes and foreign keys, likewise.
sqlite3 -separator '|' "$lite" "
SELECT m.name, CASE l.origin WHEN 'c' THEN l.name ELSE l.origin END,
       (SELECT group_concat(name, ',') FROM
        (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))
FROM sqlite_schema m, pragma_index_list(m.name) l
WHERE m.type = 'table' AND m.name NOT LIKE 'search_fts%' AND m.name NOT IN ('search_keys', 'search_marks')
  AND l.origin <> 'pk'
UNION ALL
SELECT m.name, 'fk', f.\"from\" || '>' || f.\"table\" || '.' || f.\"to\"
FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND m.name NOT IN ('search_keys', 'search_marks')
ORDER BY 1, 2, 3" >"$PG_DIR/lite.keys"
value irt_owner "
SELECT c.relname, CASE WHEN k.contype = 'u' THEN 'u' ELSE i.relname END,
       (SELECT string_agg(a.attname, ',' ORDER BY o.n) FROM
        unnest(x.indkey) WITH ORDINALITY o(attnum, n)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = o.attnum)
FROM pg_index x
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'irt'
JOIN pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_constraint k ON k.conindid = x.indexrelid
WHERE (k.contype IS NULL OR k.contype = 'u') AND i.relname <> 'notes_fts'
UNION ALL
SELECT c.relname, 'fk', a.attname || '>' || r.relname || '.' || ra.attname
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'irt'
JOIN pg_class r ON r.oid = k.confrelid
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
JOIN pg_attribute ra ON ra.attrelid = r.oid AND ra.attnum = k.confkey[1]
WHERE k.contype = 'f'
ORDER BY 1, 2, 3" >"$PG_DIR/pg.keys"
N_CHECKS=$((N_CHECKS + 1))
diff "$PG_DIR/lite.keys" "$PG_DIR/pg.keys" >"$PG_DIR/diff" ||
	fail "the keys and indexes differ from SQLite's (< SQLite, > PostgreSQL): $(cat "$PG_DIR/diff")"
equals "$(wc -l <"$PG_DIR/pg.keys")" 12 "the keys and indexes compared"

# ---- versions: forward only ---------------------------------------------

apply_init() {
	psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d irt -U "$1" \
		-f "$PG_SRC/data/pg/001-init.sql" >"$PG_DIR/out" 2>"$PG_DIR/err"
}
N_CHECKS=$((N_CHECKS + 1))
! apply_init irt_owner || fail "001-init.sql applied twice"
N_PG_MIGRATIONS=$(ls "$PG_SRC"/data/pg/[0-9][0-9][0-9]-*.sql | wc -l)
grep -qF "ERROR:  irt: the schema is already at version $N_PG_MIGRATIONS; 001-init.sql applies to a database without irt and was not applied" \
	"$PG_DIR/err" || fail "applying twice: $(cat "$PG_DIR/err")"
equals "$(value irt_owner "SELECT count(*) FROM schema_version")" "$N_PG_MIGRATIONS" \
	"versions after a second apply"

# A schema another database's (or a newer irt's) migrations left.
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE other OWNER irt_owner" >/dev/null
psql -X -q -d other -U irt_owner -c "CREATE SCHEMA irt; CREATE TABLE irt.t (x int)"
N_CHECKS=$((N_CHECKS + 1))
! psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d other -U irt_owner \
	-f "$PG_SRC/data/pg/001-init.sql" >/dev/null 2>"$PG_DIR/err" ||
	fail "001-init.sql applied over a foreign schema irt"
grep -qF "ERROR:  irt: the schema irt exists but has no schema_version: it is not irt's; it was not touched" \
	"$PG_DIR/err" || fail "a foreign schema irt: $(cat "$PG_DIR/err")"
equals "$(psql -X -At -d other -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'irt'")" \
	1 "the foreign schema's tables"
# Not UTF-8, or by a superuser: refused before anything is made.
psql -X -q -c "CREATE DATABASE latin OWNER irt_owner ENCODING 'LATIN1' TEMPLATE template0"
N_CHECKS=$((N_CHECKS + 1))
! psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d latin -U irt_owner \
	-f "$PG_SRC/data/pg/001-init.sql" >/dev/null 2>"$PG_DIR/err" ||
	fail "001-init.sql applied to a LATIN1 database"
grep -qF "ERROR:  irt: database latin is not UTF-8" "$PG_DIR/err" ||
	fail "a LATIN1 database: $(cat "$PG_DIR/err")"
psql -X -q -c "CREATE DATABASE fresh"
N_CHECKS=$((N_CHECKS + 1))
! psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d fresh -U postgres \
	-f "$PG_SRC/data/pg/001-init.sql" >/dev/null 2>"$PG_DIR/err" ||
	fail "001-init.sql applied by a superuser"
grep -qF "ERROR:  irt: postgres is a superuser" "$PG_DIR/err" ||
	fail "by a superuser: $(cat "$PG_DIR/err")"
equals "$(psql -X -At -d fresh -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'irt'")" \
	0 "the schema after a superuser's attempt"

# roles.sql: by the schema owner only, and again to the same effect.
N_CHECKS=$((N_CHECKS + 1))
! psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d irt -U postgres \
	-f "$PG_SRC/data/pg/roles.sql" >/dev/null 2>"$PG_DIR/err" ||
	fail "roles.sql ran as a superuser"
grep -qF "ERROR:  irt: run roles.sql as the schema owner, irt_owner, not as postgres" \
	"$PG_DIR/err" || fail "roles.sql by another role: $(cat "$PG_DIR/err")"
grants() {
	value irt_owner "SELECT c.relname, coalesce(c.relacl::text, '') FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'irt'
		ORDER BY 1"
}
before=$(grants)
ok irt_owner "GRANT DELETE ON events TO irt_responder"
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d irt -U irt_owner \
	-f "$PG_SRC/data/pg/roles.sql" >/dev/null 2>"$PG_DIR/err" ||
	fail "roles.sql did not run again: $(cat "$PG_DIR/err")"
equals "$(grants)" "$before" "privileges after roles.sql ran again"

# ---- people -------------------------------------------------------------

psql -X -q -v ON_ERROR_STOP=1 -d irt -U irt_owner \
	-c "CREATE ROLE alice LOGIN IN ROLE irt_responder" \
	-c "CREATE ROLE bob LOGIN IN ROLE irt_responder" \
	-c "CREATE ROLE audrey LOGIN IN ROLE irt_auditor" \
	-c "CREATE ROLE carl LOGIN" \
	-c "GRANT CONNECT ON DATABASE irt TO carl" \
	-c "GRANT USAGE ON SCHEMA irt TO carl" \
	-c "GRANT ALL ON ALL TABLES IN SCHEMA irt TO carl" ||
	fail "cannot create the people"
# carl is what a careless administrator made: every privilege on every
# table, as if the owner. Only the triggers stand in his way.

# ---- a responder appends, in a write transaction -------------------------

ok alice "BEGIN;
LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE;
INSERT INTO incidents (id, uuid, title, created_ms)
	VALUES (1, 'inc-1', 'Login outage 🔥', 1700000000000);
SELECT n_events, head_hash FROM incidents WHERE id = 1 FOR UPDATE;
INSERT INTO events (incident_id, seq, uuid, at_ms, recorded_ms, actor, kind,
                    text, prev_hash, hash)
	VALUES (1, 1, 'ev-1', -9223372036854775808, 9223372036854775807,
	        'alice', 'note', 'Rolled back the deploy at 03:12 — ünïcode',
	        '', 'h1');
INSERT INTO ledger (seq, recorded_ms, kind, incident_uuid, incident_id,
                    ref_uuid, ref_seq, ref_hash, actor, prev_hash, hash)
	VALUES (1, 1700000000000, 'event', 'inc-1', 1, 'ev-1', 1, 'h1', 'alice',
	        '', 'l1');
INSERT INTO signatures (hash, signature) VALUES ('h1', 'SSH SIGNATURE');
INSERT INTO policy_events (seq, uuid, at_ms, recorded_ms, actor, key,
                           new_value, prev_hash, hash)
	VALUES (1, 'pe-1', 1, 1, 'alice', 'ack_days', '3', '', 'p1');
INSERT INTO policy (key, value) VALUES ('ack_days', '3')
	ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
INSERT INTO actions (incident_id, n, title, type) VALUES (1, 1, 'Alert', 'detective');
INSERT INTO notifications (incident_id, seq, audience, at_ms)
	VALUES (1, 1, 'platform', 1);
INSERT INTO incidents (id, uuid, title, n_events, head_hash, cvss_score)
	VALUES (1, 'inc-1', 'Login outage 🔥', 1, 'h1', 9.8)
	ON CONFLICT (id) DO UPDATE SET n_events = EXCLUDED.n_events,
	    head_hash = EXCLUDED.head_hash, cvss_score = EXCLUDED.cvss_score;
COMMIT"
# It reads back what it wrote, every value as written.
equals "$(value alice "SELECT id, at_ms, recorded_ms, actor, text FROM events")" \
	"1|-9223372036854775808|9223372036854775807|alice|Rolled back the deploy at 03:12 — ünïcode" \
	"the event read back"
equals "$(value alice "SELECT title, n_events, head_hash, cvss_score FROM incidents")" \
	"Login outage 🔥|1|h1|9.8" "the projection read back"
# The next event gets the next id, though nobody may use the sequence.
ok bob "INSERT INTO events (incident_id, seq, uuid, at_ms, recorded_ms, actor,
	kind, text, prev_hash, hash) VALUES (1, 2, 'ev-2', 2, 2, 'bob', 'note',
	'Paged the database team', 'h1', 'h2')"
equals "$(value bob "SELECT id FROM events WHERE uuid = 'ev-2'")" 2 "the second event's id"
# A second append with a sequence number taken forks nothing.
refused bob "INSERT INTO events (incident_id, seq, uuid, at_ms, recorded_ms,
	actor, kind, prev_hash, hash) VALUES (1, 2, 'ev-x', 2, 2, 'bob', 'note',
	'h1', 'hx')" 'duplicate key value violates unique constraint "events_incident_id_seq_key"'
refused bob "INSERT INTO ledger (seq, recorded_ms, kind, ref_uuid, ref_seq,
	ref_hash, prev_hash, hash) VALUES (1, 2, 'event', 'ev-x', 2, 'hx', '', 'lx')" \
	'duplicate key value violates unique constraint "ledger_pkey"'

# Notes are found by words, in any case, through the index: its
# expression, as data/pg/002-notes-words.sql makes it.
class=$(sed -n "s/.*regexp_replace(text, '\(.*\)', ' ', 'g').*/\1/p" \
	"$PG_SRC/data/pg/002-notes-words.sql")
[ -n "$class" ] || fail "no index expression in 002-notes-words.sql"
words="to_tsvector('simple', regexp_replace(text, '$class', ' ', 'g'))"
equals "$(value audrey "SELECT uuid FROM events WHERE $words @@
	(phraseto_tsquery('simple', 'ROLLED') && phraseto_tsquery('simple', 'deploy'))")" \
	ev-1 "a search for two words"
equals "$(value audrey "SELECT count(*) FROM events WHERE $words @@
	phraseto_tsquery('simple', 'deploy rolled')")" 0 "a phrase out of order"
ok audrey "SET enable_seqscan = off; EXPLAIN SELECT id FROM events
	WHERE $words @@ phraseto_tsquery('simple', 'deploy')"
N_CHECKS=$((N_CHECKS + 1))
grep -q "Index Scan on notes_fts" "$PG_DIR/out" ||
	fail "a search does not use notes_fts: $(cat "$PG_DIR/out")"

# ---- what responders may not do ----------------------------------------

# The four append-only tables (and the versions), each with a row and a
# condition that holds for it.
batch_begin
append_only="events:seq=1 policy_events:seq=1 ledger:seq=1 signatures:hash='h1' schema_version:version=1"
for t in $append_only; do
	table=${t%%:*} where=${t#*:}
	col=${where%%=*}
	for who in alice bob; do
		refused "$who" "UPDATE $table SET $col = $col WHERE $where" \
			"permission denied for table $table"
		refused "$who" "DELETE FROM $table WHERE $where" \
			"permission denied for table $table"
		refused "$who" "TRUNCATE $table" "permission denied for table $table"
	done
	refused alice "DROP TABLE $table" "must be owner of table $table"
	refused alice "ALTER TABLE $table DISABLE TRIGGER USER" \
		"must be owner of table $table"
	refused alice "SELECT * FROM $table FOR UPDATE" \
		"permission denied for table $table"
done
refused alice "INSERT INTO schema_version (version, name) VALUES (3, 'x')" \
	"permission denied for table schema_version"
# The projections: rewritten in place, never emptied or dropped.
for table in incidents actions notifications policy; do
	refused alice "DELETE FROM $table" "permission denied for table $table"
	refused alice "TRUNCATE $table" "permission denied for table $table"
	refused alice "DROP TABLE $table" "must be owner of table $table"
done
ok alice "UPDATE incidents SET updated_ms = 1 WHERE id = 1"
# A responder's incident number cannot move away from its timeline.
refused alice "UPDATE incidents SET id = 7 WHERE id = 1" \
	'update or delete on table "incidents" violates foreign key constraint'
refused alice "CREATE TABLE irt.mine (x int)" "permission denied for schema irt"
# The hook state (004-hook-state.sql): a responder claims a run by an
# insert, once per key, and rewrites nothing.
ok alice "INSERT INTO hook_fired VALUES ('u1', 'overdue', 'remediate', 1, 2, 'alice')"
refused bob "INSERT INTO hook_fired VALUES ('u1', 'overdue', 'remediate', 1, 3, 'bob')" \
	"duplicate key value violates unique constraint"
refused alice "UPDATE hook_fired SET fired_ms = 0" "permission denied for table hook_fired"
refused alice "DELETE FROM hook_fired" "permission denied for table hook_fired"
batch_end

# ---- an auditor writes nothing ------------------------------------------

# Every table, with its first column.
tables=$(value irt_owner "SELECT c.relname || ':' || a.attname FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'irt'
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
	WHERE c.relkind = 'r' ORDER BY 1")
equals "$(echo "$tables" | paste -sd " ")" "actions:incident_id events:id hook_fired:incident_uuid incidents:id ledger:seq notifications:incident_id policy:key policy_events:id schema_version:version signatures:hash" \
	"the tables"
batch_begin
for t in $tables; do
	table=${t%%:*} col=${t#*:}
	ok audrey "SELECT count(*) FROM $table"
	refused audrey "INSERT INTO $table DEFAULT VALUES" \
		"permission denied for table $table"
	refused audrey "UPDATE $table SET $col = $col" \
		"permission denied for table $table"
	refused audrey "DELETE FROM $table" "permission denied for table $table"
	refused audrey "TRUNCATE $table" "permission denied for table $table"
	refused audrey "SELECT * FROM $table FOR UPDATE" \
		"permission denied for table $table"
done
refused audrey "BEGIN; LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE; COMMIT" \
	"permission denied for table incidents"
refused audrey "DROP TABLE events" "must be owner of table events"
batch_end

# ---- the triggers: for a role granted everything, and the owner ---------

refuses_all() {
	local who=$1
	refused "$who" "UPDATE events SET text = 'nothing happened' WHERE seq = 1" \
		"the timeline is append-only: events cannot be changed"
	refused "$who" "DELETE FROM events WHERE seq = 2" \
		"the timeline is append-only: events cannot be deleted"
	refused "$who" "TRUNCATE events" \
		"the timeline is append-only: events cannot be truncated"
	refused "$who" "UPDATE policy_events SET new_value = '30'" \
		"the policy timeline is append-only: changes cannot be edited"
	refused "$who" "DELETE FROM policy_events" \
		"the policy timeline is append-only: changes cannot be deleted"
	refused "$who" "TRUNCATE policy_events" \
		"the policy timeline is append-only: changes cannot be truncated"
	refused "$who" "UPDATE ledger SET actor = 'mallory'" \
		"the ledger is append-only: entries cannot be changed"
	refused "$who" "DELETE FROM ledger" \
		"the ledger is append-only: entries cannot be deleted"
	refused "$who" "TRUNCATE ledger" \
		"the ledger is append-only: entries cannot be truncated"
	refused "$who" "UPDATE signatures SET signature = 'forged'" \
		"signatures are append-only: they cannot be changed"
	refused "$who" "DELETE FROM signatures" \
		"signatures are append-only: they cannot be deleted"
	refused "$who" "TRUNCATE signatures" \
		"signatures are append-only: they cannot be truncated"
	refused "$who" "UPDATE schema_version SET version = 0" \
		"schema versions are append-only: they cannot be changed"
	refused "$who" "DELETE FROM schema_version" \
		"schema versions are append-only: they cannot be deleted"
	refused "$who" "TRUNCATE schema_version" \
		"schema versions are append-only: they cannot be truncated"
	# Emptying the incidents takes their timeline with them: refused.
	refused "$who" "TRUNCATE incidents CASCADE" \
		"the timeline is append-only: events cannot be truncated"
}
batch_begin
refuses_all carl
refuses_all irt_owner
batch_end

# ---- one writer at a time ------------------------------------------------

# alice holds the write lock in an open transaction; bob's, and any
# change of an incident, wait for it (here: give up after 200 ms);
# audrey still reads.
coproc WRITER { PGOPTIONS="-c search_path=irt" psql -X -q -At -d irt -U alice 2>&1; }
# bash unsets WRITER_PID once the session has ended: keep it.
writer_pid=$WRITER_PID
echo "BEGIN; LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE; SELECT 'locked';" >&"${WRITER[1]}"
read -r -t 30 line <&"${WRITER[0]}" || fail "alice could not take the write lock"
equals "$line" locked "alice's write lock"
refused bob "BEGIN; SET lock_timeout = '200ms'; LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE; COMMIT" \
	"canceling statement due to lock timeout"
refused bob "SET lock_timeout = '200ms'; INSERT INTO incidents (id, uuid)
	VALUES (2, 'inc-2')" "canceling statement due to lock timeout"
equals "$(value audrey "SELECT count(*) FROM events")" 2 "a read while alice writes"
echo "COMMIT; SELECT 'released';" >&"${WRITER[1]}"
read -r -t 30 line <&"${WRITER[0]}" || fail "alice could not release the write lock"
equals "$line" released "alice's commit"
echo '\q' >&"${WRITER[1]}"
wait "$writer_pid" || fail "alice's session did not end cleanly"
ok bob "INSERT INTO actions (incident_id, n, title, type) VALUES (1, 2, 'Runbook', 'preventive')"

# ---- nothing refused changed anything ------------------------------------

equals "$(value audrey "SELECT string_agg(uuid || '=' || hash || '=' || text, ';' ORDER BY id) FROM events")" \
	"ev-1=h1=Rolled back the deploy at 03:12 — ünïcode;ev-2=h2=Paged the database team" \
	"the timeline after every refusal"
equals "$(value audrey "SELECT concat_ws(' ', (SELECT count(*) FROM ledger),
	(SELECT count(*) FROM signatures), (SELECT count(*) FROM policy_events),
	(SELECT count(*) FROM schema_version), (SELECT count(*) FROM incidents),
	(SELECT count(*) FROM actions), (SELECT count(*) FROM notifications),
	(SELECT count(*) FROM policy), (SELECT count(*) FROM hook_fired))")" \
	"1 1 1 $N_PG_MIGRATIONS 1 2 1 1 1" \
	"the rows of every table after every refusal"
equals "$(value audrey "SELECT signature FROM signatures")" "SSH SIGNATURE" "the signature"

done_ok
