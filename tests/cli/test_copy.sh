#!/usr/bin/env bash
# `irt copy --from SRC --to DST` between SQLite files: every incident,
# event, policy change, import record and signature arrives as it was
# stored (the same exports byte for byte, the same ledger, a checkpoint
# of the source holds for the copy, the signatures still check); a second
# run copies nothing and says so; a destination holding an earlier copy
# gets only what is new; one holding a record of its own is refused, as
# is a copy that does not verify, and neither is written to.
. "$IRT_SRC/tests/lib.sh"
sqlite_only "it copies between SQLite files; tests/pg/test_copy.sh copies to and from a server"

SRC="$T/src.db" DST="$T/dst.db"
export IRT_DB="$SRC"
ssh-keygen -q -t ed25519 -N '' -f "$T/alice" -C alice || fail "ssh-keygen"
echo "alice $(cat "$T/alice.pub")" >"$T/allowed"

# exports_match A B: every incident's JSON export, timeline and show are
# the same in A and B, byte for byte, and both list the same incidents.
exports_match() {
	local ids id
	ids=$("$IRT" --db "$1" list --all --json | jq -r '.incidents[].id' | sort -n)
	equals "$("$IRT" --db "$2" list --all --json | jq -r '.incidents[].id' | sort -n)" "$ids" "the same incidents in $1 and $2"
	[ -n "$ids" ] || fail "no incidents in $1"
	for id in $ids; do
		N_CHECKS=$((N_CHECKS + 1))
		cmp -s <("$IRT" --db "$1" export "$id" --format json) \
			<("$IRT" --db "$2" export "$id" --format json) ||
			fail "the JSON export of #$id differs between $1 and $2"
		cmp -s <("$IRT" --db "$1" timeline "$id" --json) \
			<("$IRT" --db "$2" timeline "$id" --json) ||
			fail "the timeline of #$id differs between $1 and $2"
	done
}
# dump DB: the whole database as SQL text (to tell whether it changed).
dump() { sqlite3 "$1" .dump; }

# A source with a bit of everything: stages, actions, a notification,
# a policy change, signed notes, text that is not ASCII, an import.
"$IRT" demo >/dev/null || fail "demo"
"$IRT" new "Disk full on db-01" --severity high --owner alice >/dev/null || fail "new"
"$IRT" --actor alice --sign-key "$T/alice" note 6 "signed: rolled back at 03:12" || fail "signed note"
"$IRT" note 6 $'caf\u00e9 \u2014 \u65e5\u672c\u8a9e \U0001F525 "quoted" \'single\'' || fail "note"
"$IRT" ack 6 || fail "ack"
"$IRT" action add 6 "Alert on disk usage" --owner bob >/dev/null || fail "action"
"$IRT" policy set remediate.high 21 --reason "tighter" >/dev/null || fail "policy"
IRT_DB="$T/other.db" "$IRT" new "Reported elsewhere" >/dev/null || fail "other"
IRT_DB="$T/other.db" "$IRT" note 1 "from the other team" || fail "other note"
IRT_DB="$T/other.db" "$IRT" export 1 --format json -o "$T/other.json" || fail "export other"
"$IRT" import "$T/other.json" >/dev/null || fail "import"
check "the source verifies" "$IRT" verify
"$IRT" --sign-key "$T/alice" --actor alice checkpoint -o "$T/cp" || fail "checkpoint"
n_ledger=$(sqlite3 "$SRC" "SELECT count(*) FROM ledger")
n_events=$(sqlite3 "$SRC" "SELECT count(*) FROM events")

# Usage and a source that is not there.
expect_exit 2 "$IRT" copy
contains "$T/err" "give --from SRC"
expect_exit 2 "$IRT" copy --from "$SRC" --to "$SRC"
contains "$T/err" "the source and the destination are both"
expect_exit 1 "$IRT" copy --from "$T/none.db" --to "$DST"
contains "$T/err" "no irt database at $T/none.db"
[ ! -e "$T/none.db" ] || fail "a missing source was created"

# 1. Into a new file.
expect_exit 0 "$IRT" copy --from "$SRC" --to "$DST"
contains "$T/out" "copied $n_ledger ledger entries from $SRC to $DST: $n_events events, 1 policy change, 1 import record, 1 signature"
contains "$T/out" "$DST verifies and matches $SRC"
check "the copy verifies" "$IRT" --db "$DST" verify
exports_match "$SRC" "$DST"
equals "$(sqlite3 "$DST" "SELECT seq, recorded_ms, kind, incident_uuid, incident_id, ref_uuid, ref_seq, ref_hash, actor, data, prev_hash, hash FROM ledger ORDER BY seq")" \
	"$(sqlite3 "$SRC" "SELECT seq, recorded_ms, kind, incident_uuid, incident_id, ref_uuid, ref_seq, ref_hash, actor, data, prev_hash, hash FROM ledger ORDER BY seq")" \
	"the ledger byte for byte"
equals "$(sqlite3 "$DST" "SELECT * FROM policy_events ORDER BY seq")" \
	"$(sqlite3 "$SRC" "SELECT * FROM policy_events ORDER BY seq")" "the policy timeline"
equals "$(sqlite3 "$DST" "SELECT * FROM policy ORDER BY key")" \
	"$(sqlite3 "$SRC" "SELECT * FROM policy ORDER BY key")" "the policy"
equals "$("$IRT" --db "$DST" policy show)" "$("$IRT" policy show)" "policy show"
equals "$(sqlite3 "$DST" "SELECT * FROM signatures ORDER BY hash")" \
	"$(sqlite3 "$SRC" "SELECT * FROM signatures ORDER BY hash")" "the signatures"
# The signed note checks in the copy as in the source (the rest is
# unsigned, so both exit 1).
expect_exit 1 "$IRT" verify --allowed-signers "$T/allowed"
mv "$T/out" "$T/src.sigs"
expect_exit 1 "$IRT" --db "$DST" verify --allowed-signers "$T/allowed"
contains "$T/out" "signed by alice"
contains "$T/out" "1 entry: #6 4"
equals "$(cat "$T/out")" "$(cat "$T/src.sigs")" "the signatures as the source's"
check "the source's checkpoint holds for the copy" \
	"$IRT" --db "$DST" verify --allowed-signers "$T/allowed" --checkpoint "$T/cp"
expect_exit 0 "$IRT" --db "$DST" show 7
contains "$T/out" "import" # where #7 came from travels with it
expect_exit 0 "$IRT" --db "$DST" search "rolled back"
contains "$T/out" "#6"
stat_mode=$(stat -c %a "$DST")
equals "$stat_mode" 600 "the new file's mode"

# 2. Again: nothing new, nothing written, and it says so.
before=$(dump "$DST")
expect_exit 0 "$IRT" copy --from "$SRC" --to "$DST"
contains "$T/out" "nothing to copy: $DST already holds all that $SRC holds ($n_ledger ledger entries"
contains "$T/out" "nothing was written"
equals "$(dump "$DST")" "$before" "a second copy changed nothing"

# 3. The source went on: only what is new is copied.
"$IRT" note 6 "after the first copy" || fail "note"
"$IRT" advance 6 --force --reason "contained by hand" >/dev/null || fail "advance"
"$IRT" new "A third one" >/dev/null || fail "new"
expect_exit 0 "$IRT" copy --from "$SRC" --to "$DST"
contains "$T/out" "copied 3 ledger entries from $SRC to $DST (the entries it lacked): 3 events, 0 policy changes"
contains "$T/out" "2 incidents written"
check "the updated copy verifies" "$IRT" --db "$DST" verify
exports_match "$SRC" "$DST"

# 4. A destination that went its own way is refused, untouched.
"$IRT" --db "$DST" note 6 "written in the copy" || fail "note in the copy"
before=$(dump "$DST")
"$IRT" note 6 "and in the source" || fail "note"
expect_exit 1 "$IRT" copy --from "$SRC" --to "$DST"
contains "$T/err" "$DST holds a record of its own, not a copy of $SRC"
contains "$T/err" "differs"
contains "$T/err" "nothing was written"
equals "$(wc -l <"$T/err")" 1 "one line"
equals "$(dump "$DST")" "$before" "a diverged destination untouched"
# ... and so is one with more than the source.
expect_exit 1 "$IRT" copy --from "$T/other.db" --to "$DST"
contains "$T/err" "holds a record of its own"
# ... and one whose chain head was rewritten, though its ledger agrees.
cp "$SRC" "$T/forked.db"
"$IRT" copy --from "$SRC" --to "$T/copy2.db" >/dev/null || fail "copy2"
"$IRT" note 6 "one more in the source" || fail "note"
head3=$(sqlite3 "$T/copy2.db" "SELECT hash FROM events WHERE incident_id = 3 AND seq = 5")
sqlite3 "$T/copy2.db" "DROP TRIGGER IF EXISTS events_no_update; UPDATE events SET hash = 'x' || substr(hash, 2) WHERE incident_id = 3 AND seq = (SELECT max(seq) FROM events WHERE incident_id = 3)" ||
	fail "tamper"
before=$(dump "$T/copy2.db")
expect_exit 1 "$IRT" copy --from "$SRC" --to "$T/copy2.db"
contains "$T/err" "holds a record of its own"
contains "$T/err" "#3 event 5 differs from the source's"
equals "$(dump "$T/copy2.db")" "$before" "a rewritten destination untouched"
# ... and one rewritten further back: the copy would not verify.
sqlite3 "$T/copy2.db" "UPDATE events SET hash = '$head3' WHERE incident_id = 3 AND seq = 5; UPDATE events SET text = 'rewritten' WHERE incident_id = 1 AND seq = 2" ||
	fail "tamper"
before=$(dump "$T/copy2.db")
expect_exit 1 "$IRT" copy --from "$SRC" --to "$T/copy2.db"
contains "$T/err" "does not verify"
equals "$(dump "$T/copy2.db")" "$before" "a rewritten destination untouched"

# 5. A source that does not verify makes a copy that does not: nothing
# is committed, the new destination holds no incident.
sqlite3 "$T/forked.db" "UPDATE incidents SET title = 'rewritten behind irt' WHERE id = 2" || fail "tamper"
expect_exit 1 "$IRT" copy --from "$T/forked.db" --to "$T/bad.db"
contains "$T/err" "does not verify"
contains "$T/err" "#2"
contains "$T/err" "nothing was written"
equals "$(sqlite3 "$T/bad.db" "SELECT count(*) FROM incidents") $(sqlite3 "$T/bad.db" "SELECT count(*) FROM ledger")" "0 0" \
	"a copy that does not verify is rolled back"
done_ok
