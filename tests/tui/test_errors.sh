#!/usr/bin/env bash
# Mistakes and trouble go to the status line or stay in the form; the
# TUI never exits on them: a locked database, actions a closed incident
# refuses, a bad time or CVE typed into a form, an advance refused.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Queue backlog" --severity medium --owner ivy >/dev/null
"$IRT" new "Old and closed" >/dev/null
"$IRT" close 2 --resolution rejected --reason "not an incident" >/dev/null

# The TUI is the test build, for its short busy timeout (bash keeps this
# IRT for the one call).
need_hooked
IRT=$IRT_HOOKED tui_start 80 24 IRT_BUSY_TIMEOUT_MS=200
tui_wait_for "Queue backlog"
keys Enter
tui_wait_for "incident #1"

# Another process holds the write lock: the acknowledgement is refused
# with the reason, and works once the lock is gone.
db_lock
keys K
tui_wait_for "Acknowledge #1"
keys Enter
tui_wait_for "database busy"
screen_has "Acknowledge #1"
db_unlock
keys Enter
tui_wait_for "#1 acknowledged"

# Bad input stays in the form, with the reason.
keys n
tui_wait_for "Note on #1"
type_text "Backlog drained"
keys Tab
type_text "yesterday-ish"
keys Enter
tui_wait_for "yesterday-ish"
screen_has "Note on #1"
keys C-u
type_text "-10m"
keys Enter
tui_wait_for "Note added to #1"
check "back-dated note" test "$("$IRT" timeline 1 --json |
	jq '[.events[] | select(.kind == "note")][0] | .recorded_ms - .at_ms >= 590000')" = true
tui_wait_for "~"
# Oldest first (row 8: under the header and its next-step line), the
# back-dated note comes before the report itself (it
# happened ten minutes before irt heard of the incident).
keys t
tui_wait_for "Timeline (oldest first)"
case "$(screen -o | sed -n 8p)" in
*" ~ "*"Backlog drained"*) ;;
*) fail "back-dated note not first: $(sed -n 8p "$TUI_SCREEN")" ;;
esac
case "$(sed -n 9p "$TUI_SCREEN")" in
*"reported: Queue backlog"*) ;;
*) fail "report not second: $(sed -n 9p "$TUI_SCREEN")" ;;
esac
keys t
tui_wait_for "Timeline (newest first)"
keys e
tui_wait_for "Edit a field of #1"
keys G k k k k k k k k k Enter
tui_wait_for "cve of #1"
type_text "CVE-nope"
keys Enter
tui_wait_for "cve of #1"
screen_has "CVE"
screen_lacks "cve of #1 set"
keys Escape
tui_wait_for "Discard what you typed?"
keys y
tui_wait_gone "cve of #1"
equals "$("$IRT" show 1 --json | jq -r .incident.fields.cve)" "" "no CVE stored"

# The severity prompt refuses a bad vector, naming the problem.
keys s
tui_wait_for "Severity of #1"
keys C-u
type_text "CVSS:3.1/AV:X"
keys Enter
tui_wait_for "Severity of #1"
screen_lacks "Severity of #1 set"
keys Escape y
tui_wait_gone "Severity of #1"
equals "$("$IRT" show 1 --json | jq -r .incident.severity)" medium "severity unchanged"

# A closed incident: advance and close are refused, not fatal; the
# report can still be acknowledged (once) and notes are welcome.
keys q
tui_wait_for "1 open incident"
keys a a
tui_wait_for "1 closed incident"
keys Enter
tui_wait_for "incident #2"
keys a
tui_wait_for "#2 is closed"
keys c
tui_wait_for "#2 is already closed"
keys K
tui_wait_for "Acknowledge #2"
keys Enter
tui_wait_for "#2 acknowledged"
keys K
tui_wait_for "already"
screen_has "incident #2"
keys n
tui_wait_for "Note on #2"
type_text "late remark"
keys Enter
tui_wait_for "Note added to #2"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
check "verify" "$IRT" verify
done_ok
