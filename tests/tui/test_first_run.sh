#!/usr/bin/env bash
# First run on an empty database: the welcome screen says how to begin,
# ? lists the list view's keys, q quits with status 0 and the database is
# created; NO_COLOR and a monochrome terminal get no colour; Ctrl-C quits
# and restores the terminal; without a terminal irt refuses clearly.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

# Not a terminal: refused, nothing drawn.
expect_exit 2 "$IRT" </dev/null
contains "$T/err" "needs a terminal"

tui_start 80 24
tui_wait_for "No incidents are recorded yet"
screen_has "Press N to report the first incident"
screen_has "irt demo"
screen_has "0 open incidents"
# Colour is on by default in a colour terminal (the title bar).
tmux -L "$TUI_SOCK" capture-pane -e -p -t irt >"$T/color.txt"
grep -qE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)' "$T/color.txt" ||
	fail "no colour without NO_COLOR"

# Help lists every key of the list view.
keys '?'
tui_wait_for "Keys of the list view"
for key in "Enter, l, Right" "/" "a" "s S" "N" "q" "PgDn PgUp"; do
	screen_has "  $key"
done
screen_has "report a new incident"
keys q
tui_wait_for "No incidents are recorded yet"
# An unknown key is explained, not fatal.
keys Z
tui_wait_for "Unknown key; ? lists the keys"
keys q
equals "$(tui_wait_exit)" 0 "exit status after q"
# The terminal is given back: irt's screen is gone from the pane.
tui_wait_gone "No incidents are recorded yet"
tui_stop
check "database created" db_created
if sqlite_part "the SQLite file's mode"; then
	equals "$(stat -c %a "$IRT_DB")" 600 "database mode"
fi

# NO_COLOR: attributes only, no colour.
tui_start 80 24 NO_COLOR=1
tui_wait_for "Press N"
tmux -L "$TUI_SOCK" capture-pane -e -p -t irt >"$T/mono.txt"
if grep -qE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)' "$T/mono.txt"; then
	fail "colour sent with NO_COLOR: $(grep -aoE $'\e\\[[0-9;]*m' "$T/mono.txt" | sort -u | tr '\n' ' ')"
fi
grep -qE $'\e\\[[0-9;]*7' "$T/mono.txt" || fail "no reverse title bar with NO_COLOR"
keys q
equals "$(tui_wait_exit)" 0 "exit with NO_COLOR"
tui_stop

# A monochrome terminal (vt100 has no colours).
tui_start 80 24 TERM=vt100
tui_wait_for "Press N"
tmux -L "$TUI_SOCK" capture-pane -e -p -t irt >"$T/vt100.txt"
if grep -qE $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)' "$T/vt100.txt"; then
	fail "colour sent to a monochrome terminal"
fi
keys q
equals "$(tui_wait_exit)" 0 "exit on vt100"
tui_stop

# Ctrl-C quits at once, restoring the terminal (status 128 + SIGINT).
tui_start 80 24
tui_wait_for "Press N"
keys C-c
equals "$(tui_wait_exit)" 130 "exit status after Ctrl-C"
tui_wait_gone "Press N"
done_ok
