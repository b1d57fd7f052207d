#!/usr/bin/env bash
# `irt init --roles` on a team server: run by the schema owner it makes
# the schema and the roles of data/pg/roles.sql and says so; again it
# changes nothing; anyone else, and an SQLite file, is refused clearly.
# Then a responder (alice) works with irt as usual and is refused, from
# psql, every rewrite of the timeline; an auditor (audrey) reads, lists
# and verifies, and each irt write is refused in one line, exit 1,
# nothing written. Needs $IRT.
. "$(dirname "$0")/lib.sh"
: "${IRT:?IRT must name the irt binary}"
export IRT_ACTOR=tester

PG_ONE_LINE_ERRORS=1 # every refusal here is one line
uri() { echo "postgresql://$1@/irt?host=$PGHOST&port=$PGPORT"; }
count() { psql -X -At -d irt -c "SELECT count(*) FROM irt.$1"; }

psql -X -q -v ON_ERROR_STOP=1 -d postgres \
	-c "CREATE ROLE irt_owner LOGIN CREATEROLE" \
	-c "CREATE DATABASE irt OWNER irt_owner LOCALE 'C' TEMPLATE template0" >/dev/null ||
	fail "cannot create the database irt"

# On an SQLite file: refused, nothing created.
expect 2 "$IRT" --db "$PG_DIR/local.db" init --roles
says "--roles is for a PostgreSQL server" err
says "$PG_DIR/local.db is an SQLite file" err
[ ! -e "$PG_DIR/local.db" ] || fail "init --roles created an SQLite file"

# As a role that does not own the database: refused, nothing made.
psql -X -q -d postgres -c "CREATE ROLE mallory LOGIN" >/dev/null
expect 1 "$IRT" --db "$(uri mallory)" init --roles
says "permission denied" err
equals "$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname IN ('irt_responder', 'irt_auditor')")" 0 \
	"no roles made by a refused init"

# As the schema owner: the schema, the roles, a message that says so.
expect 0 "$IRT" --db "$(uri irt_owner)" init --roles
says "created the roles irt_responder (reads and appends) and irt_auditor (reads only)" out
says "CREATE ROLE alice LOGIN IN ROLE irt_responder" out
equals "$(psql -X -At -d postgres -c "SELECT string_agg(rolname || ':' || rolcanlogin, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('irt_responder', 'irt_auditor')")" \
	"irt_auditor:false,irt_responder:false" "two group roles, no login"
# Again: the same privileges.
grants() { psql -X -At -d irt -c "SELECT string_agg(grantee || ' ' || table_name || ' ' || privilege_type, ',' ORDER BY 1) FROM (SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants WHERE table_schema = 'irt' AND grantee LIKE 'irt_%' AND grantee <> 'irt_owner' ORDER BY 1, 2, 3) g"; }
before=$(grants)
expect 0 "$IRT" --db "$(uri irt_owner)" init --roles
says "updated the roles" out
equals "$(grants)" "$before" "a second init --roles changes nothing"
psql -X -q -d irt -c "GRANT DELETE ON irt.actions TO irt_responder" >/dev/null
expect 0 "$IRT" --db "$(uri irt_owner)" init --roles
equals "$(grants)" "$before" "init --roles undoes a grant made by hand"
psql -X -q -v ON_ERROR_STOP=1 -d postgres \
	-c "CREATE ROLE alice LOGIN IN ROLE irt_responder" \
	-c "CREATE ROLE audrey LOGIN IN ROLE irt_auditor" >/dev/null || fail "cannot create alice and audrey"
ALICE=$(uri alice) AUDREY=$(uri audrey)
# Once the schema is there, anyone but its owner is refused.
expect 1 "$IRT" --db "$ALICE" init --roles
says "the roles were not set up" err
says "run roles.sql as the schema owner, irt_owner, not as alice" err
equals "$(grants)" "$before" "a refused init --roles changes nothing"

# The responder works as usual.
expect 0 "$IRT" --db "$ALICE" new "Token leak in CI logs" --severity high --owner alice
expect 0 "$IRT" --db "$ALICE" note 1 "rotated the tokens"
expect 0 "$IRT" --db "$ALICE" ack 1
expect 0 "$IRT" --db "$ALICE" advance 1
equals "$("$IRT" --db "$ALICE" show 1 --json | jq -r .incident.stage)" contain "alice advanced #1"
expect 0 "$IRT" --db "$ALICE" set 1 containment "tokens revoked"
expect 0 "$IRT" --db "$ALICE" action add 1 "Scan logs for secrets"
expect 0 "$IRT" --db "$ALICE" policy set remediate.high 21 --reason "team rule"
expect 0 "$IRT" --db "$ALICE" verify
n_events=$(count events)
equals "$n_events" 8 "alice's events recorded"

# ... and is refused every rewrite from psql.
batch_begin
refused alice "UPDATE irt.events SET text = 'nothing happened' WHERE seq = 2" "permission denied for table events"
refused alice "DELETE FROM irt.events" "permission denied for table events"
refused alice "TRUNCATE irt.events" "permission denied for table events"
refused alice "DROP TABLE irt.events" "must be owner of table events"
refused alice "ALTER TABLE irt.events DISABLE TRIGGER events_append_only" "must be owner of table events"
refused alice "DELETE FROM irt.ledger" "permission denied for table ledger"
refused alice "UPDATE irt.ledger SET hash = ''" "permission denied for table ledger"
refused alice "DELETE FROM irt.incidents" "permission denied for table incidents"
batch_end
equals "$(count events)" "$n_events" "the timeline untouched"

# The auditor reads and verifies.
expect 0 "$IRT" --db "$AUDREY" list
says "Token leak in CI logs" out
expect 0 "$IRT" --db "$AUDREY" show 1
says "tokens revoked" out
expect 0 "$IRT" --db "$AUDREY" timeline 1
says "rotated the tokens" out
expect 0 "$IRT" --db "$AUDREY" verify
expect 0 "$IRT" --db "$AUDREY" export 1 --format json -o "$PG_DIR/e.json"
# ... and every write is refused in one line, exit 1.
for cmd in "new Intruder" "note 1 audited" "ack 1" "advance 1 --force --reason x" \
	"assign 1 audrey" "severity 1 low" "set 1 summary x" "close 1 --resolution rejected --reason x" \
	"action add 1 More" "policy set remediate.high 7 --reason x" "import $PG_DIR/e.json"; do
	# shellcheck disable=SC2086
	expect 1 "$IRT" --db "$AUDREY" $cmd
	says "permission denied for table" err
	says "the role audrey lacks the privilege (members of irt_responder read and append, members of irt_auditor only read)" err
	says "nothing was written" err
done
expect 1 "$IRT" --db "$AUDREY" init --roles
says "the roles were not set up" err
equals "$(count events) $(count ledger)" "$n_events 9" "nothing written by the auditor"
batch_begin
refused audrey "INSERT INTO irt.policy (key, value) VALUES ('x', 'y')" "permission denied for table policy"
refused audrey "BEGIN; LOCK TABLE irt.incidents IN SHARE ROW EXCLUSIVE MODE" "permission denied for table incidents"
batch_end
done_ok
