#!/usr/bin/env bash
# `irt copy` between engines: an SQLite database copied to a team server
# (by a responder, into a schema made by its owner), from there to a new
# SQLite file and to a second server database: every incident's JSON
# export the same byte for byte in all four, each verifying, the
# source's checkpoint holding for each; a second copy writes nothing and
# says so; one after the source went on adds only what is new; a server
# database that went its own way is refused untouched; a copy that does
# not verify leaves the server database as it was. Needs $IRT.
. "$(dirname "$0")/lib.sh"
: "${IRT:?IRT must name the irt binary}"
export IRT_ACTOR=tester
unset IRT_DB IRT_SIGN_KEY

T=$PG_DIR
SRC="$T/src.db" BACK="$T/back.db"
uri() { echo "postgresql://$1@/$2?host=$PGHOST&port=$PGPORT"; }
# state DB: everything a server database holds, as text (did it change?).
state() {
	psql -X -At -d "$1" -c "SELECT (SELECT count(*) FROM irt.events), (SELECT count(*) FROM irt.ledger),
		(SELECT md5(string_agg(hash, ',' ORDER BY seq)) FROM irt.ledger),
		(SELECT md5(string_agg(i::text, ',' ORDER BY id)) FROM irt.incidents i)"
}
# exports_match A B...: every incident's JSON export is the same in
# each database as in A.
exports_match() {
	local a=$1 ids id db
	shift
	ids=$("$IRT" --db "$a" list --all --json | jq -r '.incidents[].id' | sort -n)
	[ -n "$ids" ] || fail "no incidents in $a"
	for id in $ids; do
		"$IRT" --db "$a" export "$id" --format json -o "$T/a.json" || fail "export #$id of $a"
		for db in "$@"; do
			N_CHECKS=$((N_CHECKS + 1))
			"$IRT" --db "$db" export "$id" --format json -o "$T/b.json" || fail "export #$id of $db"
			cmp -s "$T/a.json" "$T/b.json" || fail "the JSON export of #$id differs between $a and $db"
		done
	done
	for db in "$@"; do
		equals "$("$IRT" --db "$db" list --all --json | jq -r '.incidents[].id' | sort -n)" "$ids" "the incidents of $db"
	done
}

pg_schema
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE alice LOGIN IN ROLE irt_responder" \
	-c "CREATE DATABASE irt2 OWNER irt_owner LOCALE 'C' TEMPLATE template0" \
	-c "CREATE DATABASE irt3 OWNER irt_owner LOCALE 'C' TEMPLATE template0" >/dev/null ||
	fail "cannot create alice, irt2 and irt3"
PG=$(uri alice irt) PG2=$(uri irt_owner irt2) PG3=$(uri irt_owner irt3)

# The source: the demo, a signed note, text beyond ASCII, a policy
# change, an incident imported from elsewhere.
ssh-keygen -q -t ed25519 -N '' -f "$T/alice" -C alice || fail "ssh-keygen"
echo "alice $(cat "$T/alice.pub")" >"$T/allowed"
"$IRT" --db "$SRC" demo >/dev/null || fail "demo"
"$IRT" --db "$SRC" new "Disk full on db-01" --severity high >/dev/null || fail "new"
"$IRT" --db "$SRC" --actor alice --sign-key "$T/alice" note 6 "signed: rolled back at 03:12" || fail "signed note"
"$IRT" --db "$SRC" note 6 $'caf\u00e9 \u2014 \u65e5\u672c\u8a9e \U0001F525 "quoted" \'single\' back\\slash' || fail "note"
"$IRT" --db "$SRC" policy set remediate.high 21 --reason "tighter" >/dev/null || fail "policy"
"$IRT" --db "$T/other.db" new "Reported elsewhere" >/dev/null || fail "other"
"$IRT" --db "$T/other.db" export 1 --format json -o "$T/other.json" || fail "export"
"$IRT" --db "$SRC" import "$T/other.json" >/dev/null || fail "import"
"$IRT" --db "$SRC" --sign-key "$T/alice" --actor alice checkpoint -o "$T/cp" || fail "checkpoint"
n_ledger=$(sqlite3 "$SRC" "SELECT count(*) FROM ledger")

# 1. SQLite -> PostgreSQL, by a responder.
expect 0 "$IRT" copy --from "$SRC" --to "$PG"
says "copied $n_ledger ledger entries from $SRC to $PG" out
says "1 policy change, 1 import record, 1 signature" out
says "$PG verifies and matches $SRC" out
expect 0 "$IRT" --db "$PG" verify
expect 0 "$IRT" --db "$PG" verify --allowed-signers "$T/allowed" --checkpoint "$T/cp"
says "covered: 7 incidents, $n_ledger ledger entries" out
exports_match "$SRC" "$PG"
equals "$(psql -X -At -d irt -c "SELECT string_agg(concat_ws('|', seq, recorded_ms, kind, incident_uuid, incident_id, ref_uuid, ref_seq, ref_hash, actor, data, prev_hash, hash), E'\n' ORDER BY seq) FROM irt.ledger")" \
	"$(sqlite3 "$SRC" "SELECT seq, recorded_ms, kind, incident_uuid, incident_id, ref_uuid, ref_seq, ref_hash, actor, data, prev_hash, hash FROM ledger ORDER BY seq")" \
	"the ledger on the server, byte for byte"
expect 0 "$IRT" --db "$PG" search "rolled back"
says "#6" out

# 2. Again: nothing written, and it says so.
before=$(state irt)
expect 0 "$IRT" copy --from "$SRC" --to "$PG"
says "nothing to copy: $PG already holds all that $SRC holds" out
equals "$(state irt)" "$before" "a second copy changed nothing"

# 3. The source went on: only what is new.
"$IRT" --db "$SRC" note 6 "after the first copy" || fail "note"
"$IRT" --db "$SRC" new "A third one" >/dev/null || fail "new"
expect 0 "$IRT" copy --from "$SRC" --to "$PG"
says "copied 2 ledger entries from $SRC to $PG (the entries it lacked): 2 events" out
expect 0 "$IRT" --db "$PG" verify

# 4. PostgreSQL -> a new SQLite file, and -> another server database.
expect 0 "$IRT" copy --from "$PG" --to "$BACK"
says "$BACK verifies and matches $PG" out
expect 0 "$IRT" --db "$BACK" verify
expect 0 "$IRT" copy --from "$PG" --to "$PG2"
expect 0 "$IRT" --db "$PG2" verify
exports_match "$SRC" "$PG" "$BACK" "$PG2"
equals "$(sqlite3 "$BACK" "SELECT * FROM ledger ORDER BY seq")" "$(sqlite3 "$SRC" "SELECT * FROM ledger ORDER BY seq")" \
	"the ledger back in SQLite"
equals "$(sqlite3 "$BACK" "SELECT * FROM signatures")" "$(sqlite3 "$SRC" "SELECT * FROM signatures")" \
	"the signature back in SQLite"
expect 0 "$IRT" --db "$BACK" verify --allowed-signers "$T/allowed" --checkpoint "$T/cp"

# 5. A server database that went its own way: refused, untouched.
"$IRT" --db "$PG" note 6 "written on the server" || fail "note on the server"
"$IRT" --db "$SRC" note 6 "and in the file" || fail "note"
before=$(state irt)
expect 1 "$IRT" copy --from "$SRC" --to "$PG"
says "$PG holds a record of its own, not a copy of $SRC" err
says "nothing was written" err
equals "$(wc -l <"$T/err")" 1 "one line"
equals "$(state irt)" "$before" "a diverged server database untouched"
# ... and the other way: the file lacks what the server has.
expect 1 "$IRT" copy --from "$BACK" --to "$PG"
says "holds a record of its own" err

# 6. A copy that does not verify leaves the server database as it was.
cp "$SRC" "$T/bad.db"
sqlite3 "$T/bad.db" "UPDATE incidents SET title = 'rewritten behind irt' WHERE id = 2" || fail "tamper"
expect 1 "$IRT" copy --from "$T/bad.db" --to "$PG3"
says "does not verify" err
says "#2" err
equals "$(psql -X -At -d irt3 -c "SELECT count(*) FROM irt.incidents")|$(psql -X -At -d irt3 -c "SELECT count(*) FROM irt.ledger")" \
	"0|0" "nothing committed by a copy that does not verify"
done_ok
