#!/usr/bin/env bash
# The DUE cell at several widths: the longest form that fits ("ack -36d
# overdue" at 120 columns, "ack OVERDUE 36d" at 80, "OVERDUE 36d" at 40),
# never a word cut off; "met" for a clock stopped in time. Then the due
# sort (s) and the overdue filter (O) list what `irt list --sort due
# --overdue` lists, in its order, and the title bar says so.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Old critical outage" --severity critical --reported "-40d" >/dev/null
"$IRT" new "Fresh high bug" --severity high --owner alice >/dev/null
"$IRT" new "Acked medium leak" --severity medium --reported "-3d" >/dev/null
"$IRT" ack 3 >/dev/null
"$IRT" new "Closed on time" --severity low >/dev/null
"$IRT" ack 4 >/dev/null
"$IRT" close 4 --resolution fixed --reason "patched" >/dev/null 2>&1 ||
	"$IRT" close 4 --resolution rejected --reason "not ours" >/dev/null

# due_of TITLE: the DUE cell of the row holding TITLE (from the column
# the DUE heading starts at; the rows are one column per character).
due_of() {
	local line col
	col=$(display_col "$(tui_line "TITLE")" "DUE")
	line=$(tui_line "$1")
	line=${line:col}
	echo "${line%"${line##*[! ]}"}"
}
# redrawn COLS: waits until irt redrew at COLS columns (the title bar's
# right end, "sort: number", moves with the width; tmux's own crop of
# the old screen does not end there).
redrawn() {
	local i line
	N_CHECKS=$((N_CHECKS + 1))
	for ((i = 0; i < TUI_WAIT * 20; i++)); do
		line=$(tmux -L "$TUI_SOCK" capture-pane -p -t irt | head -n 1)
		line=${line%"${line##*[! ]}"}
		[[ $line == *"sort: number" && $(printf '%s' "$line" | wc -L) -eq $(($1 - 1)) ]] && return 0
		sleep 0.05
	done
	fail "the list was not redrawn at $1 columns: '$line'"
}
# A cell is one of the forms, whole.
form_re='^((ack|fix) -?[0-9]+[dhms]( [0-9]+[hm])?( overdue)?|(ack|fix) OVERDUE [0-9]+[dhms]|OVERDUE [0-9]+[dhms]|OVERDUE|![0-9]+[dhms]|(ack|fix) [0-9]+[dhms]|[0-9]+[dhms]|met|missed|miss|-)$'

tui_start 120 15
tui_wait_for "3 open incidents"
keys a
tui_wait_for "4 all incidents"
for width in 120 80 60 40; do
	tmux -L "$TUI_SOCK" resize-window -t irt -x "$width" -y 15
	redrawn "$width"
	screen
	lacks "$TUI_SCREEN" "ove…"
	lacks "$TUI_SCREEN" "OVERDUE…"
	for title in "Old crit" "Fresh hig" "Acked med" "Closed on"; do
		cell=$(due_of "$title")
		N_CHECKS=$((N_CHECKS + 1))
		[[ $cell =~ $form_re ]] || fail "DUE cell of '$title' at $width: '$cell'
$(cat "$TUI_SCREEN")"
	done
	old=$(due_of "Old crit")
	case $width in
	120) [[ $old =~ ^ack\ -[0-9]+d\ overdue$ ]] || fail "full form at 120: '$old'" ;;
	80 | 60) [[ $old =~ ^ack\ OVERDUE\ [0-9]+d$ ]] || fail "short form at $width: '$old'" ;;
	40) [[ $old =~ ^OVERDUE\ [0-9]+d$ ]] || fail "shortest form at 40: '$old'" ;;
	esac
	equals "$(due_of "Closed on")" met "stopped clock at $width"
	[[ $(due_of "Acked med") =~ ^fix\ [0-9]+d ]] || fail "fix clock at $width: '$(due_of "Acked med")'"
	[[ $(due_of "Fresh hig") =~ ^ack\ [0-9]+[dh] ]] || fail "ack clock at $width: '$(due_of "Fresh hig")'"
done
# At 80 columns AGE and OWNER still show; at 60 both are gone; at 40
# STAGE and SEVERITY are short.
tmux -L "$TUI_SOCK" resize-window -t irt -x 80 -y 15
redrawn 80
screen_has " AGE "
screen_has "OWNER"
tmux -L "$TUI_SOCK" resize-window -t irt -x 60 -y 15
redrawn 60
screen_lacks " AGE "
screen_lacks "OWNER"
screen_has "SEVERITY"
tmux -L "$TUI_SOCK" resize-window -t irt -x 40 -y 15
redrawn 40
screen_lacks "SEVERITY"
screen_has "SEV"
screen_has " crit "

# Due sort and the overdue filter, against the command line.
tmux -L "$TUI_SOCK" resize-window -t irt -x 80 -y 15
keys a a
tui_wait_for "3 open incidents"
keys s s s s
tui_wait_for "sort: due"
screen_has "Sorted by due"
cli_order=$("$IRT" list --sort due --json | jq -r '.incidents[].id' | tr '\n' ' ')
tui_order=$(screen -o | sed -n '3,5p' | awk '{print $1}' | tr '\n' ' ')
equals "$tui_order" "$cli_order" "due order"
keys O
tui_wait_for "1 overdue open incident"
screen_has "overdue only  sort: due"
screen_has "Old critical outage"
screen_lacks "Fresh high bug"
screen_lacks "Acked medium leak"
equals "$("$IRT" list --sort due --overdue --json | jq -r '[.incidents[].id] | join(" ")')" 1 "CLI overdue"
keys Enter
tui_wait_for "incident #1"
keys q
tui_wait_for "1 overdue open incident"
keys O
tui_wait_for "3 open incidents"
screen_has "Fresh high bug"
keys s
tui_wait_for "sort: number"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
echo "ok $N_CHECKS checks"
