#!/usr/bin/env bash
# The record as a whole cannot be rewritten unnoticed by someone who holds
# the database (the sqlite3 shell, the server's superuser): every stored column is rebuilt from the events and
# compared, the gates read only what the events say, and the ledger names
# deleted, cut, renumbered and swapped incidents, an emptied policy
# timeline, an event slipped in, and dropped append-only triggers.
. "$IRT_SRC/tests/lib.sh"

FORGE="$IRT_SRC/tests/cli/forge.py"

check "demo" "$IRT" demo
LIVE=$IRT_DB
check "intact" "$IRT" verify
# fresh NAME: a copy of the demo database to tamper with, in $DB.
fresh() {
	db_copy "$1" DB
}

# tamper SQL: runs SQL on $DB with the guards out of the way, then puts
# them back exactly as they were (an attacker who knows the schema does
# the same).
tamper() {
	db_tamper -d "$DB" "$1"
}

# 1. The notifications table: audience and status are compared, and the
# notify gate reads the timeline, not the table.
fresh notify
stage=$("$IRT" --db "$DB" show 4 --json | jq -r .incident.stage)
equals "$stage" notify "demo incident 4 waits in notify"
check "internal note" "$IRT" --db "$DB" notify 4 --audience internal --channel chat
tamper "UPDATE notifications SET audience = 'platform' WHERE incident_id = 4"
expect_exit 1 "$IRT" --db "$DB" advance 4
contains "$T/err" "#4 does not verify"
contains "$T/err" "nothing was recorded"
equals "$("$IRT" --db "$DB" show 4 --json | jq -r .incident.stage)" notify "still in notify"
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "#4: stored notification of event"
fresh status
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[notify]\ncommand = false\n' >"$XDG_CONFIG_HOME/irt/config"
expect_exit 1 "$IRT" --db "$DB" notify 4 --audience platform --to vendor@example.com --send
rm "$XDG_CONFIG_HOME/irt/config"
equals "$(db_sql -d "$DB" "SELECT status FROM notifications WHERE incident_id = 4 AND audience = 'platform'")" \
	failed "a failed send is recorded as failed"
tamper "UPDATE notifications SET status = 'sent' WHERE incident_id = 4 AND audience = 'platform'"
expect_exit 1 "$IRT" --db "$DB" advance 4
contains "$T/err" "#4 does not verify"
expect_exit 1 "$IRT" --db "$DB" verify 4
contains "$T/err" "stored notification of event"

# Every other stored column is compared too.
for edit in \
	"incidents SET cvss_version = '2.0' WHERE id = 1|#1: stored severity or CVSS score" \
	"incidents SET updated_ms = 5 WHERE id = 2|#2: stored times differ" \
	"actions SET created_ms = 5 WHERE incident_id = 4 AND n = 1|#4: stored action 1 differs" \
	"incidents SET owner = 'mallory' WHERE id = 3|#3: stored current owner (\"mallory\"" \
	"incidents SET severity_rank = 1 WHERE id = 1|#1: stored severity" \
	"incidents SET n_events = 3 WHERE id = 2|#2: stored chain head"; do
	fresh column
	tamper "UPDATE ${edit%%|*}"
	expect_exit 1 "$IRT" --db "$DB" verify
	contains "$T/err" "${edit#*|}"
done
# A planted owner is refused as evidence, not listed as the truth for
# long: the next write to the incident refuses.
fresh owner
tamper "UPDATE incidents SET owner = 'mallory', owner_detect = 'mallory' WHERE id = 1"
expect_exit 1 "$IRT" --db "$DB" note 1 "hello"
contains "$T/err" "#1 does not verify"

# An event rewritten and its chain recomputed, as an attacker would: the
# chain agrees with itself, the ledger does not.
fresh rehash
note_seq=$("$IRT" --db "$DB" timeline 1 --json | jq '[.events[] | select(.kind == "note")][0].seq')
check "forge" python3 "$FORGE" db "$DB" 1 --set "$note_seq" text=rewritten
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "#1 event $note_seq: differs from the event the ledger recorded"

# 4. The tail of a chain deleted and the earlier projection restored.
fresh tail
db_sql -d "$DB" "CREATE TABLE saved AS SELECT * FROM incidents WHERE id = 2"
check "note to cut" "$IRT" --db "$DB" note 2 "this will be cut"
check "later note elsewhere" "$IRT" --db "$DB" note 3 "written after"
cut=$("$IRT" --db "$DB" timeline 2 --json | jq '.events[-1].seq')
tamper "DELETE FROM events WHERE incident_id = 2 AND seq = $cut;
	DELETE FROM incidents WHERE id = 2; INSERT INTO incidents SELECT * FROM saved; DROP TABLE saved"
check "the projection agrees with the cut chain" "$IRT" --db "$DB" verify 2
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "#2 event $cut: recorded in the ledger but missing"

# A whole incident deleted.
fresh delete
n=$("$IRT" --db "$DB" timeline 5 --json | jq '.events | length')
tamper "DELETE FROM events WHERE incident_id = 5; DELETE FROM actions WHERE incident_id = 5;
	DELETE FROM notifications WHERE incident_id = 5; DELETE FROM incidents WHERE id = 5"
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "#5 events 1-$n: recorded in the ledger but missing"

# Two incidents swapped by renumbering.
fresh swap
tamper "UPDATE incidents SET id = 100 WHERE id = 1; UPDATE events SET incident_id = 100 WHERE incident_id = 1;
	UPDATE incidents SET id = 1 WHERE id = 2; UPDATE events SET incident_id = 1 WHERE incident_id = 2;
	UPDATE incidents SET id = 2 WHERE id = 100; UPDATE events SET incident_id = 2 WHERE incident_id = 100;
	UPDATE actions SET incident_id = 3 - incident_id WHERE incident_id IN (1, 2);
	UPDATE notifications SET incident_id = 3 - incident_id WHERE incident_id IN (1, 2)"
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "#1 events 1-"
contains "$T/err" "renumbered: the ledger records this incident as #2"
contains "$T/err" "renumbered: the ledger records this incident as #1"

# The policy timeline emptied (and the policy table with it).
fresh policy
check "policy change" "$IRT" --db "$DB" policy set ack-business-days 3 --reason "contract"
tamper "DELETE FROM policy_events; DELETE FROM policy"
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "policy timeline change 1: recorded in the ledger but missing"

# An event slipped in with a valid chain link but no ledger entry.
fresh slipped
head=$(db_sql -d "$DB" "SELECT head_hash FROM incidents WHERE id = 1")
db_sql -d "$DB" "INSERT INTO events (incident_id, seq, uuid, at_ms, recorded_ms, actor, kind, field, text, prev_hash, hash)
	VALUES (1, 99, '00000000-0000-4000-8000-000000000099', 1, 1, 'x', 'note', 'note', 'slipped', '$head', '$head')"
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "#1 event 99: not in the ledger: added outside irt"

# The append-only guards dropped (and not put back).
for guard in events:update events:delete policy_events:delete ledger:delete; do
	fresh trigger
	trig=$(db_drop_trigger -d "$DB" "${guard%:*}" "${guard#*:}") || exit 1
	expect_exit 1 "$IRT" --db "$DB" verify
	contains "$T/err" "schema: trigger $trig is missing or was changed"
done
# A table or trigger added.
fresh extra
db_sql -d "$DB" "CREATE TABLE shadow (x integer)"
expect_exit 1 "$IRT" --db "$DB" verify
if on_pg; then
	contains "$T/err" "schema: column shadow.x is not irt's"
else
	contains "$T/err" "schema: table shadow is not irt's"
fi
fresh trigger_added
if on_pg; then
	db_sql -d "$DB" "CREATE TRIGGER quiet BEFORE UPDATE ON incidents FOR EACH ROW
		EXECUTE FUNCTION suppress_redundant_updates_trigger()"
else
	db_sql -d "$DB" "CREATE TRIGGER quiet AFTER INSERT ON events BEGIN SELECT 1; END"
fi
expect_exit 1 "$IRT" --db "$DB" verify
contains "$T/err" "schema: trigger quiet is not irt's"

# A database of SQLite's schema 2, from before the ledger, and irt 0.1's
# laxer rules with it: the server's schema has had the ledger from its
# first version, so there is no such database to migrate there.
if sqlite_part "a database of SQLite's schema 2 (before the ledger) migrates"; then
	# What migration 005 added (the post-mortem's fields), undone to make a
	# database of an older schema.
	DROP_005="ALTER TABLE incidents DROP COLUMN triggered_by;
		ALTER TABLE incidents DROP COLUMN contributing_factors;
		ALTER TABLE incidents DROP COLUMN response;
		ALTER TABLE incidents DROP COLUMN went_well;
		ALTER TABLE incidents DROP COLUMN went_wrong;
		ALTER TABLE incidents DROP COLUMN lucky;"

	# A database from before the ledger (schema 2) gets one when it is first
	# opened, with an entry for everything it held, and verifies.
	fresh schema2
	check "policy change before" "$IRT" --db "$DB" policy set remediate.low 60 --reason "v2 era"
	db_sql -d "$DB" "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;
		DROP TABLE ledger; DROP TRIGGER signatures_no_update;
		DROP TRIGGER signatures_no_delete; DROP TABLE signatures; $DROP_005
		ALTER TABLE incidents DROP COLUMN repro; ALTER TABLE incidents DROP COLUMN poc;
		ALTER TABLE incidents DROP COLUMN started; ALTER TABLE actions DROP COLUMN ticket;
		$UNDO_SEARCH_TIME PRAGMA user_version = 2"
	events=$(db_sql -d "$DB" "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM policy_events)")
	check "migrates and verifies" "$IRT" --db "$DB" verify
	equals "$(db_sql -d "$DB" "SELECT count(*) FROM ledger")" "$events" "one ledger entry per event"
	equals "$(db_sql -d "$DB" "PRAGMA user_version")" "$(db_sql "PRAGMA user_version")" "the current schema"
	check "writes after migration" "$IRT" --db "$DB" note 1 "after the upgrade"
	check "verifies after a write" "$IRT" --db "$DB" verify

	# irt 0.1 checked less: a schema-2 database whose history breaks a rule
	# (here an acknowledgement dated before the report) migrates, verify names
	# the event, and the incident stays writable.
	fresh legacy
	ack_seq=$("$IRT" --db "$DB" timeline 2 --json | jq '[.events[] | select(.kind == "ack")][0].seq')
	check "forge" python3 "$FORGE" db "$DB" 2 --set "$ack_seq" at_ms=946684800000 \
		--set "$ack_seq" new=2000-01-01T00:00:00.000Z
	# (and the stored state irt 0.1 would have written with it)
	db_sql -d "$DB" "UPDATE incidents SET acked_ms = 946684800000 WHERE id = 2;
		DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;
		DROP TABLE ledger; DROP TRIGGER signatures_no_update;
		DROP TRIGGER signatures_no_delete; DROP TABLE signatures; $DROP_005
		ALTER TABLE incidents DROP COLUMN repro; ALTER TABLE incidents DROP COLUMN poc;
		ALTER TABLE incidents DROP COLUMN started; ALTER TABLE actions DROP COLUMN ticket;
		$UNDO_SEARCH_TIME PRAGMA user_version = 2"
	expect_exit 1 "$IRT" --db "$DB" verify
	contains "$T/err" "#2 event $ack_seq: breaks a rule (ack by"
	contains "$T/err" "before the report"
	contains "$T/err" "irt: 1 problem ("
	check "still writable" "$IRT" --db "$DB" note 2 "written after the upgrade"
	expect_exit 1 "$IRT" --db "$DB" verify
	contains "$T/err" "irt: 1 problem ("
fi

# Recorded times never go backwards along the database: a clock a little
# behind the last entry records at that entry's time; one further behind
# is refused, nothing recorded (the test build pins the clock).
need_hooked
db_new clock IRT_DB
IRT_NOW=2026-06-01T10:00:00Z check "first" "$IRT_HOOKED" new "Clock"
IRT_NOW=2026-06-01T09:58:00Z check "2 minutes behind" "$IRT_HOOKED" note 1 "slightly behind"
equals "$("$IRT" timeline 1 --json | jq -r '.events[-1].recorded')" \
	2026-06-01T10:00:00.000Z "recorded at the last entry's time"
IRT_NOW=2026-06-01T09:00:00Z expect_exit 1 "$IRT_HOOKED" note 1 "an hour behind"
contains "$T/err" "the system clock (2026-06-01 09:00:00 +00:00) is behind the last entry"
contains "$T/err" "nothing was recorded"
lacks "$T/err" "database is damaged"
equals "$("$IRT" timeline 1 --json | jq '.events | length')" 2 "nothing recorded"
IRT_NOW=2026-06-01T09:00:00Z expect_exit 1 "$IRT_HOOKED" policy set remediate.low 30
contains "$T/err" "is behind the last entry"
check "verifies" "$IRT" verify
IRT_DB=$LIVE

# The untouched database still verifies, and says what it checked.
expect_exit 0 "$IRT" verify
done_ok
