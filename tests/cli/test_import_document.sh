#!/bin/bash
# test_import_document.sh - how import compares a file with its own
# timeline. Each event of the file is checked against what its rebuilt
# event serialises to as it is read, and then dropped from the document;
# the rest of the document is compared with the one the replayed
# timeline gives. Here every way of changing the "events" list, the
# incident part or the top level of a sound export is refused, with the
# message naming what differs, and nothing is written; `irt verify
# --file`, which reads exports the same way, refuses them too.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-04T12:00:00Z"
A="$T/a.db"
check "new" $IRT --db "$A" new "Token leak" --severity high --owner alice \
	--reported "2026-03-01T08:00Z"
check "ack" $IRT --db "$A" ack 1 --at "2026-03-01T09:00Z"
check "note" $IRT --db "$A" note 1 "first" --at "2026-03-01T09:10Z"
check "note" $IRT --db "$A" note 1 "second" --at "2026-03-01T09:20Z"
check "advance" $IRT --db "$A" advance 1 --at "2026-03-01T10:00Z"
expect_exit 0 $IRT --db "$A" export 1 --format json -o "$T/a.json"
n=$(jq '.events | length' "$T/a.json")

# refused NAME JQ-FILTER MESSAGE [STATUS]: the export changed by the
# filter is refused by import with MESSAGE and exit STATUS (default 1:
# tampered; 2: not an export), nothing is imported, and verify --file
# says NOT VERIFIED with the same message.
refused() {
	jq "$2" "$T/a.json" >"$T/t.json"
	cmp -s <(jq -S . "$T/a.json") <(jq -S . "$T/t.json") &&
		fail "'$1' changed nothing"
	rm -f "$T/fresh.db"
	expect_exit "${4:-1}" $IRT --db "$T/fresh.db" import "$T/t.json"
	contains "$T/err" "$3"
	expect_exit 0 $IRT --db "$T/fresh.db" list --all --json
	equals "$(jq '.incidents | length' "$T/out")" 0 "nothing imported ($1)"
	expect_exit 1 $IRT verify --file "$T/t.json"
	contains "$T/out" "NOT VERIFIED: "
	contains "$T/out" "$3"
}

# The events list.
uuid() { jq -r ".events[$1].uuid" "$T/a.json"; }
refused "last event repeated" '.events += [.events[-1]]' \
	"the file's timeline does not verify: event $n ($(uuid -1)): event $n is out of sequence (expected $((n + 1)))"
refused "an event dropped" 'del(.events[2])' \
	"the file's timeline does not verify: event 4 ($(uuid 3)): event 4 is out of sequence (expected 3): an event was removed or inserted (and more problems after it); nothing imported"
refused "two events swapped" '.events |= [.[0], .[2], .[1]] + .[3:]' \
	"the file's timeline does not verify: event 3 ($(uuid 2)): event 3 is out of sequence (expected 2)"
# Still a chain, but not the one the incident part describes.
refused "last event dropped" 'del(.events[-1])' \
	"the file was altered: the incident's \""
refused "an event not an object" '.events[1] = "event"' \
	"event 2 of the file is not an object" 2
refused "an event with one member more" '.events[3].extra = 1' \
	"event 4 ($(uuid 3)) was altered: its \"extra\" does not match the rest of the event"
refused "an event with one member less" 'del(.events[3].backdated)' \
	"its \"backdated\" does not match the rest of the event"

# The incident part, which is compared whole.
refused "head hash" '.incident.head_hash = ("0" * 64)' \
	"the file was altered: the incident's \"head_hash\" does not match its own timeline"
refused "a stage interval" '.incident.stage_intervals[0].left_ms += 1' \
	"the incident's \"stage_intervals\" does not match"
refused "a response time" '.incident.response_times_ms.acknowledge = 1' \
	"the incident's \"response_times_ms\" does not match"
refused "a member more in the incident" '.incident.extra = null' \
	"the incident's \"extra\" does not match"

# The top level: only "deadlines" and "policy_events" are not compared
# with the replay (the one follows from this database's policy, the
# other is a chain of its own).
refused "a member more" '.comment = "trust me"' \
	"the file was altered: the \"comment\" does not match its own timeline"
refused "a second events list" '.more_events = .events' \
	"the \"more_events\" does not match"
refused "a policy change that is not one" '.policy_events = [1]' \
	"policy change 1: event 1 of the file is not an object" 2
expect_exit 2 $IRT --db "$T/fresh.db" import "$T/t.json"
equals "$(cat "$T/err")" \
	"irt: policy change 1: event 1 of the file is not an object" \
	"the policy change's message, said once"

# The sound file still imports, and a later import of it changes nothing.
rm -f "$T/fresh.db"
expect_exit 0 $IRT --db "$T/fresh.db" import "$T/a.json"
equals "$(cat "$T/out")" 1 "the sound export imports"
expect_exit 0 $IRT --db "$T/fresh.db" verify
expect_exit 0 $IRT --db "$T/fresh.db" export 1 --format json -o "$T/b.json"
check "round trip is byte-identical" cmp "$T/a.json" "$T/b.json"
expect_exit 0 $IRT verify --file "$T/a.json"
contains "$T/out" "verdict: VERIFIED"

done_ok
