#!/usr/bin/env bash
# Another process holds the write lock: a note submitted from the TUI
# says "waiting for another irt…" at once instead of freezing, Esc gives
# up with nothing written and the typed note kept in the form, and once
# the lock is gone the same Enter records it.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

# A long busy timeout (test build), so only Esc can end the wait.
need_hooked
"$IRT" new "Lock target" --severity high >/dev/null
IRT=$IRT_HOOKED tui_start 80 24 IRT_BUSY_TIMEOUT_MS=30000
tui_wait_for "Lock target"
keys Enter
tui_wait_for "incident #1"
keys n
tui_wait_for "Note on #1"
type_text "written under a lock"
tui_wait_for "written under a lock"

db_lock

start=$(date +%s%N)
keys Enter
tui_wait_for "waiting for another irt"
shown_ms=$((($(date +%s%N) - start) / 1000000))
echo "waiting notice after ${shown_ms} ms"
N_CHECKS=$((N_CHECKS + 1))
[ "$shown_ms" -lt 1500 ] || fail "the notice took ${shown_ms} ms"
screen_has "Esc cancels"
keys Escape
tui_wait_for "nothing was written"
screen_has "Note on #1"
screen_has "written under a lock"
screen_lacks "waiting for another irt"
db_unlock
equals "$("$IRT" timeline 1 --json | jq '[.events[] | select(.kind == "note")] | length')" 0 "nothing written after Esc"

# The lock is gone: the same form records the note.
keys Enter
tui_wait_gone "Note on #1"
tui_wait_for "written under a lock"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
equals "$("$IRT" timeline 1 --json | jq -r '.events[] | select(.kind == "note") | .text')" \
	"written under a lock" "the note after the lock"
echo "ok $N_CHECKS checks"
