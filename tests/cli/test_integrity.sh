#!/usr/bin/env bash
# The timeline is tamper-evident: two processes writing at once lose
# nothing and the chain verifies; an event edited behind irt's back (the
# append-only triggers out of the way, db_tamper) makes `irt verify` fail
# and name it.
. "$IRT_SRC/tests/lib.sh"

"$IRT" new "Concurrent notes" --severity medium >/dev/null
"$IRT" new "Bystander" >/dev/null

# Two writers, 60 notes each, at the same time.
writer() {
	for i in $(seq 1 60); do
		"$IRT" note 1 "writer $1 note $i" --actor "w$1" || exit 1
	done
}
writer A &
pa=$!
writer B &
pb=$!
wait $pa || fail "writer A failed"
wait $pb || fail "writer B failed"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq '[.events[] | select(.kind=="note")] | length' "$T/tl.json")" 120 "all notes kept"
for w in A B; do
	equals "$(jq --arg w "$w" '[.events[] | select(.text | startswith("writer " + $w + " "))] | length' "$T/tl.json")" \
		60 "writer $w complete"
done
equals "$(jq '[.events[].seq] | sort | . == [range(1; length + 1)]' "$T/tl.json")" true "seq gapless"
check "chain verifies" "$IRT" verify

# Edit an event behind irt's back.
db_tamper "UPDATE events SET text = 'writer A note 5 (edited)' WHERE incident_id = 1 AND text = 'writer A note 5'"
seq=$(db_sql "SELECT seq FROM events WHERE text LIKE '%(edited)'")
expect_exit 1 "$IRT" verify
contains "$T/err" "#1 event $seq: content does not match its hash"
lacks "$T/err" "#2"
expect_exit 1 "$IRT" verify 1
expect_exit 0 "$IRT" verify 2

# Deleting the last event is caught by the stored chain head.
"$IRT" note 2 "last words" >/dev/null
db_tamper "DELETE FROM events WHERE incident_id = 2 AND text = 'last words'"
expect_exit 1 "$IRT" verify 2
contains "$T/err" "#2: stored chain head"

# Removing an event from the middle breaks the links after it.
"$IRT" new "Third" >/dev/null
"$IRT" note 3 "one" && "$IRT" note 3 "two" && "$IRT" note 3 "three"
db_tamper "DELETE FROM events WHERE incident_id = 3 AND text = 'two'"
expect_exit 1 "$IRT" verify 3
contains "$T/err" "out of sequence"
contains "$T/err" "previous-hash link broken"

# Changing the projection alone is caught too.
"$IRT" new "Fourth" >/dev/null
db_sql "UPDATE incidents SET title = 'Renamed quietly' WHERE id = 4"
expect_exit 1 "$IRT" verify 4
contains "$T/err" "#4: stored title differs"

# The policy timeline is checked too.
db_new policy IRT_DB
"$IRT" new "Policy bystander" >/dev/null
check "policy set" "$IRT" policy set remediate.high 21 --reason "contract says 3 weeks"
check "verify with policy" "$IRT" verify
db_tamper "UPDATE policy_events SET new_value = '60' WHERE key = 'remediate.high'"
expect_exit 1 "$IRT" verify
contains "$T/err" "policy timeline"
done_ok
