#!/usr/bin/env bash
# The new-incident form: Esc on an untouched form just closes; Esc on a
# dirty one asks; a missing title and a bad severity are refused in
# place (nothing recorded); a valid form records every field through the
# tracker and opens the new incident.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

tui_start 80 24
tui_wait_for "Press N"
keys N
tui_wait_for "New incident"
screen_has "Title*:"
screen_has "Severity:"
# Severity and Owner come right after the title, the details after them.
equals "$(grep -o -e 'Title\*:' -e 'Severity:' -e 'Owner:' -e 'Description:' -e 'Source:' "$TUI_SCREEN" | tr '\n' ' ')" \
	"Title*: Severity: Owner: Description: Source: " "the new-incident fields' order"
keys Escape
tui_wait_gone "New incident"

# A dirty form asks before discarding; any other key keeps editing.
keys N
tui_wait_for "New incident"
type_text "Half typed"
keys Escape
tui_wait_for "Discard what you typed?"
keys n
tui_wait_gone "Discard what you typed?"
screen_has "Half typed"
# F1 lists the form's keys (? is text here); back, the text is intact.
keys F1
tui_wait_for "Keys of the form view"
screen_has "Ctrl-E"
keys q
tui_wait_for "Half typed"
keys Escape
tui_wait_for "Discard what you typed?"
keys y
tui_wait_gone "New incident"
screen_has "No incidents are recorded yet"

# Title required: refused in place.
keys N
tui_wait_for "New incident"
keys Enter
tui_wait_for "Title: required"
screen_has "New incident"
equals "$("$IRT" list --all --json | jq '.incidents | length')" 0 "nothing recorded"

# Fill every field, in the order shown: the triage (severity, owner)
# right after the title, then the details; the source is a choice
# (Right cycles: email first).
type_text "Checkout refuses cards 東京 🚨"
keys Tab
type_text "severe-ish"
keys Tab
type_text "dana"
keys Tab
type_text "Cards declined since the 02:00 deploy"
keys Tab Right Tab
type_text "Mallory Reporter"
keys Tab
type_text "payments"
keys Enter
tui_wait_for 'unknown severity "severe-ish"'
screen_has "New incident"
equals "$("$IRT" list --all --json | jq '.incidents | length')" 0 "bad severity: nothing recorded"
# The cursor is on the severity field now: fix it with a CVSS vector.
keys C-u
type_text "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
keys Enter
tui_wait_for "Recorded #1"
tui_wait_for "incident #1"
screen_has "critical"
screen_has "(CVSS 3.1 9.8)"
screen_has "Owner dana"
screen_has "detect ● ─ contain ○"

"$IRT" show 1 --json >"$T/show.json"
equals "$(jq -r .incident.title "$T/show.json")" "Checkout refuses cards 東京 🚨" "title"
equals "$(jq -r .incident.fields.source "$T/show.json")" email "source"
equals "$(jq -r .incident.fields.reporter "$T/show.json")" "Mallory Reporter" "reporter"
equals "$(jq -r .incident.fields.component "$T/show.json")" payments "component"
equals "$(jq -r .incident.fields.description "$T/show.json")" \
	"Cards declined since the 02:00 deploy" "description"
equals "$(jq -r .incident.severity "$T/show.json")" critical "severity from the vector"
equals "$(jq -r .incident.fields.cvss "$T/show.json")" \
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "vector"
equals "$(jq -r .incident.owner "$T/show.json")" dana "owner"
check "chain verifies" "$IRT" verify 1

# Back to the list: the new incident is there.
keys q
tui_wait_for "1 open incident"
screen_has "critical"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
