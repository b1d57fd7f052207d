#!/usr/bin/env bash
# An incident walked from report to closed through every stage and gate,
# entirely from the command line; every exit status along the way.
. "$IRT_SRC/tests/lib.sh"

expect_exit 0 "$IRT" new "Token leak in webhook logs" --severity low \
	--source bounty --reporter kim@example.org --component webhooks
equals "$(cat "$T/out")" "1" "new prints the number"

# detect -> contain: severity, owner, acknowledgement all needed.
"$IRT" new "Second incident" >/dev/null
expect_exit 3 "$IRT" advance 2
contains "$T/err" "3 of 3 gate items unmet"
contains "$T/err" "[ ] severity set"
contains "$T/err" "[ ] owner assigned"
contains "$T/err" "[ ] report acknowledged"

expect_exit 3 "$IRT" advance 1
contains "$T/err" "[x] severity set"
contains "$T/err" "[ ] owner assigned"
contains "$T/err" "[ ] report acknowledged"
check "assign" "$IRT" assign 1 dana
check "ack" "$IRT" ack '#1'
expect_exit 2 "$IRT" ack 1
contains "$T/err" "already acknowledged"
check "advance to contain" "$IRT" advance 1 --note "scope confirmed"
equals "$("$IRT" show 1 --json | jq -r .incident.stage)" contain "stage"

# contain -> fix needs a containment summary.
expect_exit 3 "$IRT" advance 1
contains "$T/err" "containment summary"
check "set containment" "$IRT" set 1 containment "feature flag off"
check "fix owner" "$IRT" assign 1 lee --stage fix
check "advance to fix" "$IRT" advance 1
equals "$("$IRT" show 1 --json | jq -r .incident.owner)" lee "fix owner"

# fix -> notify needs root cause and fix reference: both listed.
expect_exit 3 "$IRT" advance 1
contains "$T/err" "root cause"
contains "$T/err" "fix reference"
check "root cause" "$IRT" set 1 root-cause "headers logged verbatim"
check "fix ref" "$IRT" set 1 fix-ref "v2.14.3"
check "advance to notify" "$IRT" advance 1
# A new stage inherits the previous owner until reassigned.
equals "$("$IRT" show 1 --json | jq -r .incident.owner)" lee "inherited owner"

# notify -> review: the default policy requires no audience for low.
check "advance to review" "$IRT" advance 1

# review -> closed needs a summary and an action (or an explicit none).
expect_exit 3 "$IRT" advance 1
contains "$T/err" "review summary"
contains "$T/err" "corrective action"
check "summary" "$IRT" set 1 summary "Tokens redacted; logs purged"
expect_exit 0 "$IRT" action add 1 "Redaction test in CI" --owner lee --due +14d --type preventive
equals "$(cat "$T/out")" "1" "action number"
check "action done" "$IRT" action done 1 1
expect_exit 2 "$IRT" action done 1 1
expect_exit 2 "$IRT" action done 1 7
check "advance to closed" "$IRT" advance 1
"$IRT" show 1 --json >"$T/show.json"
equals "$(jq -r .incident.stage "$T/show.json")" closed "closed"
equals "$(jq -r .incident.resolution "$T/show.json")" resolved "resolution"
equals "$(jq -r '.incident.actions[0].done != null' "$T/show.json")" true "action done"

# A closed incident cannot advance; reopen returns to the stage it left.
expect_exit 2 "$IRT" advance 1
expect_exit 2 "$IRT" reopen 1
contains "$T/err" "--reason"
check "reopen" "$IRT" reopen 1 --reason "customer found another leak"
equals "$("$IRT" show 1 --json | jq -r .incident.stage)" review "reopened to review"

# Close from any stage, with resolution and reason; reopen to that stage.
expect_exit 2 "$IRT" close 2 --reason "dup"
expect_exit 2 "$IRT" close 2 --resolution bogus --reason x
check "close #2" "$IRT" close 2 --resolution duplicate --reason "same as #1"
equals "$("$IRT" show 2 --json | jq -r .incident.resolution)" duplicate "dup"
check "reopen #2" "$IRT" reopen 2 --reason "not a duplicate after all"
equals "$("$IRT" show 2 --json | jq -r .incident.stage)" detect "back to detect"

# Forcing a gate needs a reason, and the override is on the timeline.
expect_exit 2 "$IRT" advance 2 --force
check "force" "$IRT" advance 2 --force --reason "outage: triage later"
"$IRT" timeline 2 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind=="advance")][0].field' "$T/tl.json")" forced "forced"
equals "$(jq -r '[.events[] | select(.kind=="advance")][0].data.reason' "$T/tl.json")" \
	"outage: triage later" "force reason"
equals "$(jq -r '[.events[] | select(.kind=="advance")][0].data.unmet | length' "$T/tl.json")" 3 "unmet listed"

# Every change is its own timeline entry with old and new values.
"$IRT" timeline 1 --json >"$T/tl1.json"
equals "$(jq -r '[.events[] | select(.kind=="owner" and .field=="fix")][0] | .old + ">" + .new' "$T/tl1.json")" \
	">lee" "owner change recorded"
equals "$(jq -r '[.events[] | select(.kind=="set" and .field=="severity")][0].new' "$T/tl1.json")" \
	low "severity recorded"
check "verify" "$IRT" verify

# Unknown incidents exit 4; bad IDs and usage exit 2.
expect_exit 4 "$IRT" show 99
contains "$T/err" "no incident #99"
expect_exit 4 "$IRT" note 99 "x"
expect_exit 4 "$IRT" advance 99
expect_exit 2 "$IRT" show abc
expect_exit 2 "$IRT" show
expect_exit 2 "$IRT" frobnicate
expect_exit 2 "$IRT" list --bogus
expect_exit 2 "$IRT" set 1 colour blue
contains "$T/err" "unknown field"
expect_exit 2 "$IRT" set 1 source carrier-pigeon
expect_exit 2 "$IRT" set 1 cve CVE-12
expect_exit 2 "$IRT" severity 1 extreme
# A vector given as a level: the message says where it goes, whole.
expect_exit 2 "$IRT" severity 1 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N
contains "$T/err" "a CVSS vector goes with --cvss: irt severity ID --cvss VECTOR"
expect_exit 2 "$IRT" new ""
expect_exit 0 "$IRT" --version
contains "$T/out" "irt "
expect_exit 0 "$IRT" help advance
contains "$T/out" "usage: irt advance"
expect_exit 0 "$IRT" note --help
contains "$T/out" "--at TIME"
expect_exit 0 "$IRT" help --help
contains "$T/out" "usage: irt help [COMMAND]"
expect_exit 2 "$IRT" help nosuch
contains "$T/err" 'no command "nosuch"'

# Lists: open by default, --all, --closed, filters, JSON.
check "close #2 again" "$IRT" close 2 --resolution rejected --reason "not a bug"
equals "$("$IRT" list --json | jq '.incidents | length')" 1 "open only"
equals "$("$IRT" list --all --json | jq '.incidents | length')" 2 "all"
equals "$("$IRT" list --closed --json | jq -r '.incidents[0].id')" 2 "closed"
equals "$("$IRT" list --all --owner lee --json | jq -r '.incidents[0].id')" 1 "owner"
equals "$("$IRT" list --all --severity low --json | jq -r '.incidents | length')" 1 "severity"
equals "$("$IRT" list --json | jq -r .format)" "irt-list/1" "list format"
done_ok
