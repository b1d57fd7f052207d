#!/bin/bash
# test_import.sh - irt import: the round trip export -> import into a
# fresh database -> export is byte-identical; importing again changes
# nothing; a file with newer events adds them; a diverged timeline, a
# tampered file and things that are not exports are refused; an export
# from before the post-mortem and intake fields imports while they are
# empty.
. "$IRT_SRC/tests/lib.sh"

# The clock is pinned throughout, so every run is of the test build.
need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-04T12:00:00Z"
A="$T/a.db" B="$T/b.db" C="$T/c.db"
check "new" $IRT --db "$A" new 'Token <leak> | "quoted"' --cvss \
	'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' --owner alice \
	--reported "2026-03-01T08:00Z" --component api
check "ack" $IRT --db "$A" ack 1 --at "2026-03-01T09:00Z"
printf 'rolled back at 03:12\n\033[1mbold\033[0m' | check "note" $IRT --db "$A" note 1 -
check "advance" $IRT --db "$A" advance 1 --at "2026-03-01T10:00Z"
check "containment" $IRT --db "$A" set 1 containment "feature flag off"
check "action" $IRT --db "$A" action add 1 "Rotate keys" --owner bob --due 2026-03-20
check "notify" $IRT --db "$A" notify 1 --audience platform --channel email --to sec@vendor.example
expect_exit 0 $IRT --db "$A" export 1 --format json -o "$T/a.json"

# Round trip into a fresh database: identical.
expect_exit 0 $IRT --db "$B" import "$T/a.json"
equals "$(cat "$T/out")" 1 "prints the local number"
expect_exit 0 $IRT --db "$B" export 1 --format json -o "$T/b.json"
check "round trip is byte-identical" cmp "$T/a.json" "$T/b.json"
expect_exit 0 $IRT --db "$B" verify
expect_exit 0 $IRT --db "$B" show 1 --json
equals "$(jq -r '.incident.title' "$T/out")" 'Token <leak> | "quoted"' "title"
equals "$(jq -r '.incident.actions[0].owner' "$T/out")" bob "actions"
equals "$(jq -r '.incident.notifications[0].status' "$T/out")" recorded \
	"notifications"
equals "$(jq -r '.incident.head_hash' "$T/out")" \
	"$(jq -r '.incident.head_hash' "$T/a.json")" "head hash"

# Idempotent: importing again changes nothing, says nothing.
expect_exit 0 $IRT --db "$B" import "$T/a.json"
equals "$(cat "$T/out")" 1 "same number"
[ ! -s "$T/err" ] || fail "quiet on a repeated import: $(cat "$T/err")"
expect_exit 0 $IRT --db "$B" list --all --json
equals "$(jq '.incidents | length' "$T/out")" 1 "still one incident"
$IRT --db "$B" export 1 --format json | cmp -s - "$T/a.json" ||
	fail "a repeated import changed the incident"

# Under a new number when the local one is taken; from standard input.
check "local incident" $IRT --db "$C" new "Local"
expect_exit 0 $IRT --db "$C" import - <"$T/a.json"
equals "$(cat "$T/out")" 2 "next free number"

# Newer events of the same incident are added; an older file is a no-op.
check "later note" $IRT --db "$A" note 1 "later"
expect_exit 0 $IRT --db "$A" export 1 --format json -o "$T/a2.json"
expect_exit 0 $IRT --db "$B" import "$T/a2.json"
contains "$T/err" "1 newer event added"
$IRT --db "$B" export 1 --format json | cmp -s - "$T/a2.json" ||
	fail "extended import differs from the source"
expect_exit 0 $IRT --db "$B" import "$T/a.json"
contains "$T/err" "newer than the file"

# Diverged: both sides went on differently.
check "here" $IRT --db "$B" note 1 "only here"
check "there" $IRT --db "$A" note 1 "only there"
expect_exit 0 $IRT --db "$A" export 1 --format json -o "$T/a3.json"
expect_exit 2 $IRT --db "$B" import "$T/a3.json"
contains "$T/err" "different timeline"
contains "$T/err" "differs (here "

# Tampering: any changed byte in an event is refused, naming the event.
tamper() { # WHAT SED-EXPR EXPECTED-IN-MESSAGE
	sed "$2" "$T/a.json" >"$T/t.json"
	cmp -s "$T/a.json" "$T/t.json" && fail "tamper '$1' changed nothing"
	expect_exit 1 $IRT --db "$T/fresh.db" import "$T/t.json"
	contains "$T/err" "$3"
	expect_exit 0 $IRT --db "$T/fresh.db" list --all --json
	equals "$(jq '.incidents | length' "$T/out")" 0 "nothing imported ($1)"
}
tamper "note text" 's/rolled back at 03:12/rolled back at 03:13/' "event 7 ("
tamper "actor" '0,/"actor": "tester"/s//"actor": "mallory"/' "event 1"
tamper "time" '0,/"at_ms": 1772352000000/s//"at_ms": 1772352000001/' "event 1"
tamper "ISO time alone" '0,/"at": "2026-03-01T08:00:00.000Z"/s//"at": "2026-03-01T08:00:01.000Z"/' "event 1"
tamper "parsed data alone" 's/"score": 9.8/"score": 1.0/' 'its "data" does not match'
tamper "a hash" '0,/"hash": "\([0-9a-f]\)/s//"hash": "0\1/' "event 1"
tamper "projection" 's/"component": "api"/"component": "APi"/' '"fields"'

# An export from before the post-mortem, intake and advisory fields has no member
# for them: it imports and verifies as long as its events leave them
# empty, and re-exports with them present and empty.
NEW_FIELDS='["trigger", "contributing-factors", "response", "went-well", "went-wrong", "lucky", "repro", "poc", "product", "versions", "fixed-version", "ecosystem"]'
for f in $(jq -r "$NEW_FIELDS[]" <<<null); do
	equals "$(jq --arg f "$f" '.incident.fields | has($f)' "$T/a.json")" true "the export has $f"
done
jq --argjson new "$NEW_FIELDS" '.incident.fields |= with_entries(select(.key | IN($new[]) | not))' \
	"$T/a.json" >"$T/old.json"
equals "$(jq --argjson new "$NEW_FIELDS" '[.incident.fields | keys[] | select(IN($new[]))] | length' "$T/old.json")" \
	0 "the new fields deleted"
expect_exit 0 $IRT --db "$T/old.db" import "$T/old.json"
equals "$(cat "$T/out")" 1 "the old export imports"
expect_exit 0 $IRT --db "$T/old.db" verify
expect_exit 0 $IRT --db "$T/old.db" export 1 --format json -o "$T/old-again.json"
check "re-exported as the current export" cmp "$T/a.json" "$T/old-again.json"
# One whose events set such a field is still refused as altered: a
# missing member is tolerated only for a field that is empty.
for f in trigger went-well poc product; do
	rm -f "$T/set.db"
	check "new ($f)" $IRT --db "$T/set.db" new "Field $f set" --reported "2026-03-01T08:00Z"
	check "set $f" $IRT --db "$T/set.db" set 1 "$f" "recorded value of $f"
	expect_exit 0 $IRT --db "$T/set.db" export 1 --format json -o "$T/set.json"
	jq --argjson new "$NEW_FIELDS" '.incident.fields |= with_entries(select(.key | IN($new[]) | not))' \
		"$T/set.json" >"$T/set-old.json"
	expect_exit 1 $IRT --db "$T/fresh.db" import "$T/set-old.json"
	contains "$T/err" "altered"
	contains "$T/err" "fields"
	expect_exit 0 $IRT --db "$T/fresh.db" list --all --json
	equals "$(jq '.incidents | length' "$T/out")" 0 "nothing imported ($f set)"
	# The same file with the member present imports.
	expect_exit 0 $IRT --db "$T/fresh-$f.db" import "$T/set.json"
done

# Not an export.
expect_exit 1 $IRT --db "$T/fresh.db" import "$T/no-such-file.json"
printf 'not json' >"$T/x.json"
expect_exit 2 $IRT --db "$T/fresh.db" import "$T/x.json"
$IRT --db "$A" list --json >"$T/list.json"
expect_exit 2 $IRT --db "$T/fresh.db" import "$T/list.json"
contains "$T/err" "irt-incident/1"
expect_exit 2 $IRT import
expect_exit 2 $IRT import a b
expect_exit 0 $IRT import --help

# Inputs the fuzzer once crashed on (tests/fuzz/corpus/import/regression-*)
# are refused cleanly; the sanitizer builds catch any memory error.
for f in "$IRT_SRC"/tests/fuzz/corpus/import/regression-*; do
	expect_exit 1 $IRT import "$f"
	contains "$T/err" "irt: "
done

done_ok
