#!/bin/bash
# test_import_many.sh - an import stores its events many rows to an
# INSERT statement (db_import.c). With more events than one statement
# takes (450: two full statements and a shorter last one), every event is
# stored as irt's writer stores it: the round trip is byte-identical, the
# database verifies (chains, projection, ledger), every note is in the
# full-text index, the first, a middle and the last event keep their
# numbers, and a later export adding a few events extends the import.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT=$IRT_HOOKED
# After the generator's ledger entries, which carry the real clock.
export IRT_NOW="2030-03-01T12:00:00Z"
G="$T/g.db" F="$T/f.db"
# One incident of 450 events: create, severity, owner, 447 notes.
check "generate" "$IRT_BUILD/bench/irt-bench-gen" "$G" 0 0 450
expect_exit 0 $IRT --db "$G" export 1 --format json -o "$T/g.json"
equals "$(jq '.events | length' "$T/g.json")" 450 "events in the export"

expect_exit 0 $IRT --db "$F" import "$T/g.json"
equals "$(cat "$T/out")" 1 "imported as #1"
expect_exit 0 $IRT --db "$F" verify
expect_exit 0 $IRT --db "$F" export 1 --format json -o "$T/f.json"
check "round trip is byte-identical" cmp "$T/g.json" "$T/f.json"
expect_exit 0 $IRT --db "$F" timeline 1 --json
equals "$(jq '.events | length' "$T/out")" 450 "events in the timeline"
equals "$(jq '[.events[].seq] == [range(1; 451)]' "$T/out")" true \
	"every event in order"

# Every note searchable: one from each statement's rows.
for n in 3 201 399 449; do
	expect_exit 0 $IRT --db "$F" search "$n" --json
	equals "$(jq "[.hits[] | select(.snippet | startswith(\"note [$n]:\"))] | length" "$T/out")" 1 \
		"note $n in the full-text index"
done
expect_exit 0 $IRT --db "$F" search note --json
equals "$(jq '.hits | length' "$T/out")" \
	"$(expect_exit 0 $IRT --db "$G" search note --json && jq '.hits | length' "$T/out")" \
	"as many notes found as in the original"

# Three more events there: the import appends them.
for i in 1 2 3; do
	check "note $i" $IRT --db "$G" note 1 "later note $i"
done
expect_exit 0 $IRT --db "$G" export 1 --format json -o "$T/g2.json"
expect_exit 0 $IRT --db "$F" import "$T/g2.json"
contains "$T/err" "3 newer events added"
expect_exit 0 $IRT --db "$F" verify
expect_exit 0 $IRT --db "$F" export 1 --format json -o "$T/f2.json"
check "extended round trip is byte-identical" cmp "$T/g2.json" "$T/f2.json"
expect_exit 0 $IRT --db "$F" search "later" --json
equals "$(jq '.hits | length' "$T/out")" 3 "the appended notes are searchable"

done_ok
