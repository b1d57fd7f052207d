#!/usr/bin/env bash
# A resize storm: 20 resizes between 40x8 and 200x60 within 2 seconds
# while a note is half typed. The note survives with the cursor at its
# end, the screen is whole afterwards, and the finished note is stored
# exactly. Then the same with resize-pane in a split window.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Storm target" --severity high --owner ops >/dev/null
tui_start 80 24
tui_wait_for "Storm target"
keys Enter
tui_wait_for "incident #1"
keys n
tui_wait_for "Note on #1"
type_text "half typed: rollback"
tui_wait_for "half typed: rollback"

sizes=(40x8 200x60 41x9 199x59 60x12 120x40 40x8 200x60 80x23 45x10
	150x50 40x8 200x60 70x15 100x30 40x8 200x60 55x11 180x55 40x8)
start=$(date +%s%N)
for s in "${sizes[@]}"; do
	tmux -L "$TUI_SOCK" resize-window -t irt -x "${s%x*}" -y "${s#*x}"
done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
N_CHECKS=$((N_CHECKS + 1))
[ "$elapsed_ms" -lt 2000 ] || fail "the storm took ${elapsed_ms} ms"
echo "20 resizes in ${elapsed_ms} ms"

tmux -L "$TUI_SOCK" resize-window -t irt -x 80 -y 24
tui_wait_for "Note*:  half typed: rollback"
# Whole: title bar on top, the form's frame, the status line at the
# bottom, nothing of the larger sizes left over.
wait_until "redrawn at 80x24" sh -c \
	'tmux -L "$1" capture-pane -p -t irt | head -n 1 | grep -q "incident #1  *detect$"' sh "$TUI_SOCK"
screen
equals "$(wc -l <"$TUI_SCREEN")" 24 "lines"
N_CHECKS=$((N_CHECKS + 1))
[ "$(wc -L <"$TUI_SCREEN")" -le 80 ] || fail "a line is wider than the pane"
tail -n 1 "$TUI_SCREEN" | grep -q "Enter submit" || fail "status line: $(tail -n 1 "$TUI_SCREEN")"
# The cursor is in the note field, right after the text.
row=$(grep -n "Note\*:" "$TUI_SCREEN" | cut -d: -f1)
line=$(sed -n "${row}p" "$TUI_SCREEN")
text="half typed: rollback"
want_x=$(($(display_col "$line" "$text") + ${#text}))
cursor=$(tmux -L "$TUI_SOCK" display-message -p -t irt '#{cursor_x} #{cursor_y}')
equals "$cursor" "$want_x $((row - 1))" "cursor after the storm"

type_text " of lb-2"
tui_wait_for "half typed: rollback of lb-2"
keys Enter
tui_wait_gone "Note on #1"
keys q
tui_wait_for "Storm target"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind == "note")] | length' "$T/tl.json")" 1 "one note"
equals "$(jq -r '.events[] | select(.kind == "note") | .text' "$T/tl.json")" \
	"half typed: rollback of lb-2" "the note, exactly"

tui_stop

# The same in a split: irt in the top-left pane of a 200x60 window split
# both ways (-d: irt's pane stays the active one, which the helpers
# drive), and resize-pane 20 times between 40x8 and 150x50.
tui_start 200 60
tui_wait_for "Storm target"
tmux -L "$TUI_SOCK" split-window -d -h -t irt:0.0 "sleep 600"
tmux -L "$TUI_SOCK" split-window -d -v -t irt:0.0 "sleep 600"
pane_size() {
	tmux -L "$TUI_SOCK" display-message -p -t irt:0.0 '#{pane_width} #{pane_height}'
}
keys Enter
tui_wait_for "incident #1"
keys n
tui_wait_for "Note on #1"
type_text "split typed: drain"
tui_wait_for "split typed: drain"
for s in "${sizes[@]}"; do
	w=${s%x*} h=${s#*x}
	[ "$w" -gt 150 ] && w=150
	[ "$h" -gt 50 ] && h=50
	tmux -L "$TUI_SOCK" resize-pane -t irt:0.0 -x "$w" -y "$h"
done
tmux -L "$TUI_SOCK" resize-pane -t irt:0.0 -x 60 -y 12
equals "$(pane_size)" "60 12" "the pane after the storm"
tui_wait_for "split typed: drain"
wait_until "redrawn at 60x12" sh -c \
	'tmux -L "$1" capture-pane -p -t irt:0.0 | head -n 1 | grep -q "incident #1  *detect$"' sh "$TUI_SOCK"
screen
equals "$(wc -l <"$TUI_SCREEN")" 12 "lines in the split pane"
N_CHECKS=$((N_CHECKS + 1))
[ "$(wc -L <"$TUI_SCREEN")" -le 60 ] || fail "a line is wider than the split pane"
tail -n 1 "$TUI_SCREEN" | grep -q "Enter submit" || fail "status line in the split: $(tail -n 1 "$TUI_SCREEN")"
# Nothing of a larger size left over below the form's frame.
N_CHECKS=$((N_CHECKS + 1))
[ "$(grep -c "Note on #1" "$TUI_SCREEN")" -eq 1 ] || fail "the form is drawn twice:
$(cat "$TUI_SCREEN")"
row=$(grep -n "Note\*:" "$TUI_SCREEN" | cut -d: -f1)
line=$(sed -n "${row}p" "$TUI_SCREEN")
text="split typed: drain"
want_x=$(($(display_col "$line" "$text") + ${#text}))
cursor=$(tmux -L "$TUI_SOCK" display-message -p -t irt:0.0 '#{cursor_x} #{cursor_y}')
equals "$cursor" "$want_x $((row - 1))" "cursor after the pane storm"
type_text " of lb-3"
tui_wait_for "split typed: drain of lb-3"
keys Enter
tui_wait_gone "Note on #1"
keys q
tui_wait_for "Storm target"
keys q
equals "$(tui_wait_exit)" 0 "exit status in the split"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind == "note")] | .[-1].text, .[0].text' "$T/tl.json" | sort | tr '\n' '|')" \
	"half typed: rollback of lb-2|split typed: drain of lb-3|" "both notes, exactly"
echo "ok $N_CHECKS checks"
