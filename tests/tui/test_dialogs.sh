#!/usr/bin/env bash
# Dialogs in small panes, at 60x12 and 40x8: the menu scrolls with the
# selection in view, the CVSS calculator keeps the focused metric and
# the score on screen, help and a notification draft scroll to their
# last line, the advance dialog cuts its checklist to "+N more"; each
# stays inside the pane and is left with Esc or q. Below 40x8, q does
# not quit while a form holds typed text, and quits once none does.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

# whole COLS ROWS WHAT: the screen has ROWS lines, none wider than COLS,
# and the status line (the last one) is not empty.
whole() {
	screen
	equals "$(wc -l <"$TUI_SCREEN")" "$2" "lines: $3 at $1x$2"
	N_CHECKS=$((N_CHECKS + 1))
	[ "$(wc -L <"$TUI_SCREEN")" -le "$1" ] || fail "$3 at $1x$2: a line is wider than the pane:
$(cat "$TUI_SCREEN")"
	N_CHECKS=$((N_CHECKS + 1))
	[ -n "$(tail -n 1 "$TUI_SCREEN" | tr -d ' ')" ] || fail "$3 at $1x$2: no status line:
$(cat "$TUI_SCREEN")"
}

"$IRT" new "Dialog outage" --severity high --owner ops >/dev/null
for size in 60x12 40x8; do
	cols=${size%x*} rows=${size#*x}
	tui_start "$cols" "$rows"
	tui_wait_for "1 open incident"
	keys Enter
	tui_wait_for "incident #1"

	# The menu of fields: 30 of them; the last one selected is shown,
	# with its position on the frame, and is the one Enter picks.
	keys e
	tui_wait_for "Edit a field of #1"
	screen_has "1/30"
	keys G
	tui_wait_for "30/30"
	screen_has "ecosystem"
	whole "$cols" "$rows" "the menu"
	keys Enter
	tui_wait_for "ecosystem of #1"
	keys Escape
	tui_wait_gone "ecosystem of #1"

	# The CVSS calculator: the base metrics picked one by one, the
	# focused one marked and the score on screen all the way.
	keys v
	tui_wait_for "CVSS calcu"
	for pick in N L N N U H H H; do
		keys "$pick"
		screen_has "▸"
		keys j
	done
	tui_wait_for "Score 9.8"
	screen_has "▸ E "
	whole "$cols" "$rows" "the CVSS calculator"
	keys End
	tui_wait_for "▸ MA "
	screen_has "Score 9.8"
	whole "$cols" "$rows" "the CVSS calculator at its end"
	keys Escape
	tui_wait_for "Discard your picks?"
	keys y
	tui_wait_gone "CVSS calcu"

	# Help, to its last line.
	keys '?'
	tui_wait_for "help: incident"
	keys G
	tui_wait_for "irt(1) is"
	screen
	head -n 1 "$TUI_SCREEN" | grep -Eq 'lines [0-9]+-([0-9]+) of \1$' ||
		fail "help's title bar at $size: $(head -n 1 "$TUI_SCREEN")"
	whole "$cols" "$rows" "help"
	keys q
	tui_wait_gone "help: incident"

	# A notification draft, to its last line.
	keys m
	tui_wait_for "Notify for #1"
	keys Enter
	tui_wait_for "draft to pla"
	keys G
	tui_wait_for "Reference: incident #1"
	whole "$cols" "$rows" "the draft"
	keys q
	tui_wait_for "Nothing sent or recorded"

	# The advance dialog with a reason and a message: at 40x8 the
	# checklist is cut to the unmet item and "+2 more".
	keys a
	tui_wait_for "Advance #1"
	keys f Enter
	tui_wait_for "A reason is required"
	screen_has "[ ] report acknowledged"
	if [ "$rows" -lt 12 ]; then
		screen_has "+2 more"
	else
		screen_lacks "more"
		screen_has "[x] owner assigned"
	fi
	grep -q "└" "$TUI_SCREEN" || fail "the advance dialog has no bottom at $size"
	whole "$cols" "$rows" "the advance dialog"
	keys Escape Escape
	tui_wait_gone "Advance #1"

	keys q
	tui_wait_for "1 open incident"
	keys q
	equals "$(tui_wait_exit)" 0 "exit status at $size"
	tui_stop
done

# Below 40x8 with a changed form: q keeps the form; once it is gone, q
# quits.
tui_start 60 12
tui_wait_for "Dialog outage"
keys Enter
tui_wait_for "incident #1"
keys e
tui_wait_for "Edit a field of #1"
keys Enter
tui_wait_for "title of #1"
type_text " (half typed)"
tui_wait_for "Dialog outage (half typed)"
tmux -L "$TUI_SOCK" resize-window -t irt -x 30 -y 6
tui_wait_for "enlarge to finish"
screen_lacks "q quits"
keys q
tmux -L "$TUI_SOCK" resize-window -t irt -x 60 -y 12
tui_wait_for "Dialog outage (half typed)"
screen_has "title of #1"
N_CHECKS=$((N_CHECKS + 1))
[ ! -s "$(tui_file exit)" ] || fail "q quit with a changed form"
keys Escape
tui_wait_for "y discards"
keys y
tui_wait_gone "title of #1"
tmux -L "$TUI_SOCK" resize-window -t irt -x 30 -y 6
tui_wait_for "q quits"
keys q
equals "$(tui_wait_exit)" 0 "exit status of q in a tiny pane"
equals "$("$IRT" show 1 --json | jq -r .incident.title)" "Dialog outage" "the title, unchanged"
echo "ok $N_CHECKS checks"
