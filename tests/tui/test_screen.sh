#!/usr/bin/env bash
# Terminal care: CJK and emoji titles line up with plain ones at several
# widths (and are cut on a character boundary with "…"); resizing to
# 30x6 shows the one-line "too small" notice and ignores keys but q,
# 40x12 and 79x24 draw the list degraded, and back redraws;
# escape sequences stored in notes and titles are shown as visible text
# and never reach the terminal.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Plain title" --owner alice >/dev/null
"$IRT" new "東京の障害 🚨 ログイン" --owner bob >/dev/null
"$IRT" new "長い題名長い題名長い題名長い題名長い題名長い題名長い題名長い題名" --owner carol >/dev/null
"$IRT" new "Ünïcödé àccents ça va" --owner dave >/dev/null

# redrawn COLS: waits until the list was drawn at COLS columns (the
# title bar's right end moves with the width).
redrawn() {
	local i line
	N_CHECKS=$((N_CHECKS + 1))
	for ((i = 0; i < TUI_WAIT * 20; i++)); do
		line=$(tmux -L "$TUI_SOCK" capture-pane -p -t irt | head -n 1)
		line=${line%"${line##*[! ]}"}
		[[ $line == *"sort: number" && ${#line} -eq $(($1 - 1)) ]] && return 0
		sleep 0.05
	done
	fail "the list was not redrawn at $1 columns: '$line'"
}

# The OWNER column starts at the same display column on every row.
aligned() {
	local want got
	want=$(display_col "$(tui_line "OWNER")" "OWNER")
	for owner in alice bob carol dave; do
		got=$(display_col "$(tui_line " $owner ")" " $owner ")
		equals "$((got + 1))" "$want" "column of $owner at $1"
	done
}

tui_start 80 24
tui_wait_for "4 open incidents"
aligned 80
screen_has "長い題名長い題名長い題…"
screen_lacks "Plain title…"

# Too small: a one-line notice instead of garbage, and keys do nothing.
tmux -L "$TUI_SOCK" resize-window -t irt -x 30 -y 6
tui_wait_for "irt: too small; q quits"
screen_lacks "OWNER"
keys N
# 40x12 is a usable pane: the list without AGE and OWNER.
tmux -L "$TUI_SOCK" resize-window -t irt -x 40 -y 12
redrawn 40
screen_has "SEV"
screen_lacks "OWNER"
screen_lacks "New incident"
tmux -L "$TUI_SOCK" resize-window -t irt -x 80 -y 24
redrawn 80
screen_has "4 open incidents"
screen_lacks "New incident"
aligned 80-again

# (From 100 columns DUE takes its full forms: 130 leaves the title room.)
tmux -L "$TUI_SOCK" resize-window -t irt -x 130 -y 30
redrawn 130
screen_has "長い題名長い題名長い題名長い題名長い題名長い題名長い題名長い題名"
aligned 130
tmux -L "$TUI_SOCK" resize-window -t irt -x 81 -y 24
redrawn 81
aligned 81
tmux -L "$TUI_SOCK" resize-window -t irt -x 79 -y 24
redrawn 79
screen_lacks "too small"
screen_has "Plain title"
tmux -L "$TUI_SOCK" resize-window -t irt -x 80 -y 24
redrawn 80

# The incident view with a wide title, across widths.
keys j j Enter
tui_wait_for "incident #2"
screen_has "#2 東京の障害 🚨 ログイン"
tmux -L "$TUI_SOCK" resize-window -t irt -x 100 -y 30
tui_wait_for "#2 東京の障害 🚨 ログイン"
tmux -L "$TUI_SOCK" resize-window -t irt -x 80 -y 24
tui_wait_for "detect ● ─ contain ○"
keys q
tui_wait_for "4 open incidents"

# Hostile text, stored from another process while the TUI runs.
before=$(tmux -L "$TUI_SOCK" display-message -p -t irt '#{pane_title}')
"$IRT" note 1 "$(printf 'red \033[31mALERT\033]0;pwned\007 done')" >/dev/null
"$IRT" set 1 title "$(printf 'Title \033[2J cleared\033]0;pwned2\007')" >/dev/null
tui_wait_for "Title ^[[2J cleared^[]…"
keys G Enter
tui_wait_for "incident #1"
tui_wait_for "red ^[[31mALERT^[]0;pwned^G done"
screen_has "#1 Title ^[[2J cleared"
keys 4
tui_wait_for "Details"
screen_has "Title ^[[2J cleared"
keys 1 j Enter
tui_wait_for "#1 Timeline"
screen_has "red ^[[31mALERT^[]0;pwned^G done"
keys q
equals "$(tmux -L "$TUI_SOCK" display-message -p -t irt '#{pane_title}')" "$before" \
	"pane title untouched"
tmux -L "$TUI_SOCK" capture-pane -e -p -t irt >"$T/raw.txt"
lacks "$T/raw.txt" "pwned$(printf '\007')"
# The stored text is intact.
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "note")][0].text')" \
	"$(printf 'red \033[31mALERT\033]0;pwned\007 done')" "stored as typed"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
