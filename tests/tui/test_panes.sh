#!/usr/bin/env bash
# The panes people use (tmux splits): at 80x23, 80x12, 60x20, 120x15 and
# 40x8 the list, an incident, a note and an advance all work, and q
# quits; below 40x8 a one-line notice shows and q still quits with 0.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

n=0
for size in 80x23 80x12 60x20 120x15 40x8; do
	cols=${size%x*} rows=${size#*x}
	n=$((n + 1))
	# Its detect gate met through the command line beforehand.
	"$IRT" new "Pane $size outage" --severity high --owner ops >/dev/null
	"$IRT" ack "$n" >/dev/null
	tui_start "$cols" "$rows"
	tui_wait_for "Pane $size"
	screen_lacks "too small"
	# The header and the status line are both on screen.
	equals "$(wc -l <"$TUI_SCREEN")" "$rows" "lines at $size"
	contains "$TUI_SCREEN" "TITLE"
	head -n 1 "$TUI_SCREEN" | grep -q "sort: number" || fail "title bar at $size: $(head -n 1 "$TUI_SCREEN")"
	tail -n 1 "$TUI_SCREEN" | grep -q "Enter open" || fail "status line at $size: $(tail -n 1 "$TUI_SCREEN")"
	keys g Enter
	tui_wait_for "incident #$n"
	screen_has "1 Timeline"
	screen_has "detect"
	keys n
	tui_wait_for "Note on #$n"
	type_text "noted at $size"
	tui_wait_for "noted at $size"
	keys Enter
	tui_wait_gone "Note on #$n"
	# In the timeline, newest first.
	tui_wait_for "noted at $size"
	keys a
	tui_wait_for "Advance #$n: detect"
	tui_wait_for "[x] owner assigned"
	keys Enter
	tui_wait_for "contain"
	tui_wait_gone "Advance #$n"
	keys q
	tui_wait_for "Pane $size"
	keys q
	equals "$(tui_wait_exit)" 0 "exit status at $size"
	tui_stop
	"$IRT" show "$n" --json >"$T/show.json"
	equals "$(jq -r .incident.stage "$T/show.json")" contain "stage after the advance at $size"
	"$IRT" timeline "$n" --json >"$T/tl.json"
	equals "$(jq -r '[.events[] | select(.kind == "note")] | .[0].text' "$T/tl.json")" \
		"noted at $size" "the note typed at $size"
done

# Below 40x8: one line, and q quits.
tui_start 30 6
tui_wait_for "q quits"
screen
equals "$(grep -c . "$TUI_SCREEN")" 1 "lines of the tiny notice"
contains "$TUI_SCREEN" "too small"
screen_lacks "TITLE"
keys N
screen_lacks "New incident"
keys q
equals "$(tui_wait_exit)" 0 "exit status of q in a tiny pane"
tui_stop

# Ctrl-C there too.
TUI_SESSION=c
tui_start 30 6
tui_wait_for "q quits"
keys C-c
wait_until "Ctrl-C quits the tiny pane" test -s "$(tui_file exit)"
tui_stop
echo "ok $N_CHECKS checks"
