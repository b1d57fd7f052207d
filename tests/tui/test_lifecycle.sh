#!/usr/bin/env bash
# One incident walked from detect to closed with the keys alone: a
# refused advance shows its checklist with every item; severity, owners,
# acknowledgement, notes, fields, a corrective action marked done; the
# low severity needs no notification; reopen and close with a
# resolution. Then a forced advance with its reason. The database must
# hold every step and verify.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Login outage" >/dev/null
"$IRT" new "Stale cache after deploy" --severity medium --owner gus >/dev/null
tui_start 80 24
tui_wait_for "Login outage"
keys G Enter
tui_wait_for "incident #1"
screen_has "detect ● ─ contain ○ ─ fix ○ ─ notify ○ ─ review ○"

# Refused advance: every gate item, none met, and the refusal.
keys a
tui_wait_for "Advance #1: detect → contain"
screen_has "[ ] severity set"
screen_has "[ ] owner assigned"
screen_has "[ ] report acknowledged"
screen_has "3 of 3 unmet"
keys Enter
tui_wait_for "cannot leave detect"
equals "$("$IRT" show 1 --json | jq -r .incident.stage)" detect "still in detect"
keys Escape
tui_wait_gone "Advance #1"

# Severity, owner, acknowledgement, a note.
keys s
tui_wait_for "Severity of #1"
keys C-u
type_text "low"
keys Enter
tui_wait_for "Severity of #1 set"
keys o
tui_wait_for "Owner of #1"
type_text "carol"
keys Enter
tui_wait_for "detect owner of #1 set"
keys K
tui_wait_for "Acknowledge #1"
keys Enter
tui_wait_for "#1 acknowledged"
keys n
tui_wait_for "Note on #1"
type_text "Paged the on-call; logins fail for all EU users"
keys Enter
tui_wait_for "Note added to #1"
tui_wait_for "Paged the on-call"

# The same checklist, now met, then the advance.
keys a
tui_wait_for "[x] owner assigned"
screen_has "[x] severity set"
screen_has "[x] report acknowledged"
screen_has "All met"
keys Enter
tui_wait_for "#1 advanced to contain"
screen_has "detect ✓ ─ contain ●"

# contain: the checklist names the key; e opens the containment
# summary, the field the gate wants, straight away.
tui_wait_for "Next: [ ] e containment"
keys e
tui_wait_for "containment of #1"
type_text "Rolled back the login service to v41"
keys Enter
tui_wait_for "containment of #1 set"
keys a
tui_wait_for "[x] containment summary"
keys Enter
tui_wait_for "#1 advanced to fix"

# fix: a developer owns it; root cause and fix reference.
keys o
tui_wait_for "Owner of #1"
screen_has "◂ fix ▸"
type_text "erin"
keys Enter
tui_wait_for "fix owner of #1 set"
keys e
tui_wait_for "root-cause of #1"
type_text "Session cache keyed by region"
keys Enter
tui_wait_for "root-cause of #1 set"
tui_wait_for "Next: [ ] e fix-ref  [x] e root-cause"
keys e
tui_wait_for "fix-ref of #1"
type_text "v42 (commit 9f1c2ab)"
keys Enter
tui_wait_for "fix-ref of #1 set"
keys a
tui_wait_for "All met"
keys Enter
tui_wait_for "#1 advanced to notify"

# notify: the policy requires no notification for low.
keys a
tui_wait_for "All met: Enter advances to review"
keys Enter
tui_wait_for "#1 advanced to review"

# review: a summary and a corrective action, marked done.
keys a
tui_wait_for "[ ] review summary"
screen_has "[ ] a corrective action, or an explicit none"
keys Escape
keys e
tui_wait_for "summary of #1"
type_text "Rollback in 40 minutes; no data lost"
keys Enter
tui_wait_for "summary of #1 set"
keys A
tui_wait_for "Corrective action for #1"
type_text "Alert on login error rate"
keys Tab Right Tab
type_text "frank"
keys Tab
type_text "+14d"
keys Enter
tui_wait_for "Action 1 added to #1"
keys 2
tui_wait_for "1. [ ] Alert on login error rate"
screen_has "preventive, frank, due"
keys d
tui_wait_for "Enter marks the action done (When blank: now)"
keys Enter
tui_wait_for "Action 1 of #1 done"
tui_wait_for "1. [x] Alert on login error rate"
keys 1
keys a
tui_wait_for "All met: Enter advances to closed"
keys Enter
tui_wait_for "#1 advanced to closed"
screen_has "review ✓"

# Reopen (back to review), then close with a resolution and a reason.
keys r
tui_wait_for "Reopen #1"
type_text "Errors came back in APAC"
keys Enter
tui_wait_for "#1 reopened"
screen_has "review ●"
keys c
tui_wait_for "Close #1"
screen_has "◂ resolved ▸"
keys Tab
type_text "Fixed for good in v43"
keys Enter
tui_wait_for "#1 closed as resolved"
screen_has "closed (resolved)"

"$IRT" show 1 --json >"$T/show.json"
equals "$(jq -r .incident.stage "$T/show.json")" closed "stage"
equals "$(jq -r .incident.resolution "$T/show.json")" resolved "resolution"
equals "$(jq -r .incident.severity "$T/show.json")" low "severity"
equals "$(jq -r '.incident.stages[0].owner' "$T/show.json")" carol "detect owner"
equals "$(jq -r '.incident.stages[2].owner' "$T/show.json")" erin "fix owner"
equals "$(jq -r .incident.fields.containment "$T/show.json")" \
	"Rolled back the login service to v41" "containment"
equals "$(jq -r '.incident.fields["root-cause"]' "$T/show.json")" \
	"Session cache keyed by region" "root cause"
equals "$(jq -r '.incident.fields["fix-ref"]' "$T/show.json")" "v42 (commit 9f1c2ab)" "fix ref"
equals "$(jq -r '.incident.actions[0].type' "$T/show.json")" preventive "action type"
equals "$(jq -r '.incident.actions[0].owner' "$T/show.json")" frank "action owner"
check "action due" jq -e '.incident.actions[0].due_ms > 0' "$T/show.json" >/dev/null
check "action done" jq -e '.incident.actions[0].done_ms > 0' "$T/show.json" >/dev/null
check "acknowledged" jq -e '.incident.acknowledged_ms > 0' "$T/show.json" >/dev/null
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq '[.events[] | select(.kind == "advance")] | length' "$T/tl.json")" 5 "five advances"
equals "$(jq -r '[.events[] | select(.kind == "advance")] | map(.new) | join(" ")' "$T/tl.json")" \
	"contain fix notify review closed" "stage order"
equals "$(jq -r '[.events[] | select(.kind == "note")][0].text' "$T/tl.json")" \
	"Paged the on-call; logins fail for all EU users" "note"
equals "$(jq -r '[.events[] | select(.kind == "reopen")][0].text' "$T/tl.json")" \
	"Errors came back in APAC" "reopen reason"
equals "$(jq -r '[.events[] | select(.kind == "close")][0].text' "$T/tl.json")" \
	"Fixed for good in v43" "close reason"
equals "$(jq -r '[.events[].actor] | unique | join(",")' "$T/tl.json")" tester "actor"

# A forced advance: the reason and the unmet items are recorded.
keys q
tui_wait_for "Stale cache after depl"
keys g Enter
tui_wait_for "incident #2"
keys a
tui_wait_for "[ ] report acknowledged"
keys f
tui_wait_for "Reason:"
keys Enter
tui_wait_for "A reason is required"
type_text "Reporter unreachable; acknowledged by phone"
keys Enter
tui_wait_for "#2 advanced to contain (gate skipped"
"$IRT" timeline 2 --json >"$T/tl2.json"
equals "$(jq -r '[.events[] | select(.kind == "advance")][0].field' "$T/tl2.json")" forced "forced"
equals "$(jq -r '[.events[] | select(.kind == "advance")][0].data.reason' "$T/tl2.json")" \
	"Reporter unreachable; acknowledged by phone" "force reason"
check "both verify" "$IRT" verify
keys q
tui_wait_for "1 open incident"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
