#!/usr/bin/env bash
# Back-dating through the forms: an acknowledgement (K, its When field)
# and an advance (the gate's When line) dated earlier than they are
# entered are stored at the time typed, and shown as reconstructed; a
# When before the report is refused in place with nothing recorded; the
# other forms carry a When field.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

need_hooked
IRT=$IRT_HOOKED
# One clock for every write, in the TUI and out of it.
export IRT_NOW=2026-11-29T12:00:00Z
"$IRT" new "Pager storm" --reported 2026-11-29T08:00Z --severity high --owner dana >/dev/null
tui_start 100 30 IRT_NOW=$IRT_NOW
tui_wait_for "Pager storm"
keys Enter
tui_wait_for "incident #1"

# The acknowledgement asks for one key, and says so: Esc records
# nothing.
keys K
tui_wait_for "Acknowledge #1"
screen_has "Enter records that the report was acknowledged"
screen_has "Esc cancels and records nothing"
screen_has "be undone."
screen_has "Enter acknowledge"
keys Escape
tui_wait_gone "Acknowledge #1"
equals "$("$IRT" timeline 1 --json | jq '[.events[] | select(.kind == "ack")] | length')" 0 "Esc: no acknowledgement"
screen_has "[ ] K acknowledge"
# The acknowledgement, back-dated with HH:MM.
keys K
tui_wait_for "Acknowledge #1"
screen_has "When"
type_text "09:15"
keys Enter
tui_wait_for "#1 acknowledged"

# The advance: a When before the report is refused in the dialog.
keys a
tui_wait_for "All met"
screen_has "When:"
keys Tab
type_text "2026-11-29 07:00"
keys Enter
tui_wait_for "before the report"
equals "$("$IRT" show 1 --json | jq -r .incident.stage)" detect "nothing recorded"
# Corrected in place, it advances at that time.
keys C-u
type_text "2026-11-29 10:30"
keys Enter
tui_wait_for "#1 advanced to contain"

"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind == "ack")][0].at_ms' "$T/tl.json")" \
	"$(date -ud 2026-11-29T09:15Z +%s)000" "ack at_ms"
equals "$(jq -r '[.events[] | select(.kind == "advance")][0].at_ms' "$T/tl.json")" \
	"$(date -ud 2026-11-29T10:30Z +%s)000" "advance at_ms"
equals "$(jq -r '[.events[] | select(.kind == "ack" or .kind == "advance") | .backdated] | join(",")' "$T/tl.json")" \
	"true,true" "both reconstructed"
equals "$(jq -r '[.events[] | select(.kind == "ack" or .kind == "advance") | .recorded] | unique | join(",")' "$T/tl.json")" \
	"2026-11-29T12:00:00.000Z" "recorded now"
"$IRT" timeline 1 >"$T/tl.txt"
contains "$T/tl.txt" "2026-11-29 09:15  tester      ack          acknowledged  [reconstructed; recorded 2026-11-29 12:00]"
contains "$T/tl.txt" "2026-11-29 10:30  tester      advance      stage detect -> contain  [reconstructed; recorded 2026-11-29 12:00]"
# The TUI's timeline marks them (~) too.
tui_wait_for "2026-11-29 10:30 ~ tester"
equals "$(tui_line "acknowledged" | grep -c "2026-11-29 09:15 ~ ")" 1 "ack row marked"

# A When field on the forms that record: owner, severity, close.
keys o
tui_wait_for "Owner of #1"
screen_has "When"
keys Tab Tab
type_text "10:45"
keys Enter
tui_wait_for "contain owner of #1 set"
keys s
tui_wait_for "Severity of #1"
keys C-u
type_text "critical"
keys Tab
type_text "+1h"
keys Enter
tui_wait_for "nothing is recorded before it happens"
keys Escape
tui_wait_for "Discard"
keys y
tui_wait_gone "Severity of #1"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "owner" and .field == "contain")][0].at')" \
	2026-11-29T10:45:00.000Z "owner at"
equals "$("$IRT" show 1 --json | jq -r .incident.severity)" high "the refused severity is not recorded"
check "verifies" "$IRT" verify
keys q
tui_wait_for "1 open incident"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
