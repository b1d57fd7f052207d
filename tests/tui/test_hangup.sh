#!/usr/bin/env bash
# Typed text is never lost: a hang-up (SIGHUP, or the terminal closing)
# or SIGTERM while a note is being typed saves it as a draft; the next
# note prompt for that incident offers it back; recording it removes the
# draft; discarding it asks first.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Certificate expired on the API" --severity high >/dev/null
uuid=$("$IRT" show 1 --json | jq -r .incident.uuid)
draft="$XDG_DATA_HOME/irt/drafts/$uuid.txt"

start_note() {
	tui_start 80 24
	tui_wait_for "Certificate expired"
	keys Enter
	tui_wait_for "incident #1"
	keys n
	tui_wait_for "Note on #1"
}

# SIGHUP while typing.
start_note
type_text "Rotated the cert on lb-1 東京; lb-2 still pending"
tui_wait_for "lb-2 still pending"
kill -HUP "$(tui_pid)"
equals "$(tui_wait_exit)" 129 "exit status after SIGHUP"
check "draft saved" test -f "$draft"
equals "$(cat "$draft")" "Rotated the cert on lb-1 東京; lb-2 still pending" "draft text"
equals "$(stat -c %a "$draft")" 600 "draft mode"
equals "$("$IRT" timeline 1 --json | jq '[.events[] | select(.kind == "note")] | length')" 0 \
	"nothing recorded"
tui_stop

# Next time: the incident says a draft waits; n brings it back.
tui_start 80 24
tui_wait_for "Certificate expired"
keys Enter
tui_wait_for "draft note waiting (n)"
screen_has "An unsent note is waiting for #1"
keys n
tui_wait_for "Your unsent draft from"
screen_has "Rotated the cert on lb-1 東京; lb-2 still pending"
# Esc asks before throwing it away; n keeps editing.
keys Escape
tui_wait_for "Discard what you typed?"
keys n
tui_wait_gone "Discard what you typed?"
type_text " (now done)"
keys Enter
tui_wait_for "Note added to #1"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "note")][0].text')" \
	"Rotated the cert on lb-1 東京; lb-2 still pending (now done)" "draft recorded"
check "draft removed" test ! -e "$draft"
tui_wait_gone "draft note waiting"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
tui_stop

# The terminal going away (tmux kill-session closes the pty).
start_note
type_text "Second draft, lost terminal"
tui_wait_for "lost terminal"
pid=$(tui_pid)
tui_stop
wait_until "irt ended after the hang-up" sh -c "! kill -0 $pid"
check "draft saved on close" test -f "$draft"
equals "$(cat "$draft")" "Second draft, lost terminal" "draft text"

# SIGTERM: the same; and a draft can be discarded (after asking).
start_note
tui_wait_for "Your unsent draft from"
keys Escape
tui_wait_for "Discard what you typed?"
keys y
tui_wait_gone "Note on #1"
check "discarded draft removed" test ! -e "$draft"
keys n
tui_wait_for "Note on #1"
screen_lacks "Your unsent draft"
type_text "Third, terminated"
tui_wait_for "Third, terminated"
kill -TERM "$(tui_pid)"
equals "$(tui_wait_exit)" 143 "exit status after SIGTERM"
equals "$(cat "$draft")" "Third, terminated" "draft after SIGTERM"
check "verify" "$IRT" verify
done_ok
