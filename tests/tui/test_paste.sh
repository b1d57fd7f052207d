#!/usr/bin/env bash
# Pasting into a form costs time in proportion to what is pasted, and
# little of it: a bracketed paste (irt turns the mode on with ESC[?2004h)
# is read as one insertion; keys that come faster than they can be drawn
# (a paste the terminal does not bracket) are drawn once per burst; the
# field and the rows under the form look only at what shows. 10 KiB and
# 100 KiB, bracketed and as plain keys: the larger takes less than 30
# times as long (linear, not quadratic: 100 times for squared growth),
# irt writes less to the terminal than was pasted (no redraw per
# character), and the note is stored byte for byte. Long text from the
# editor shows in a field as fast for 100 KiB as for 10 KiB. Pasted
# control characters show as ^X and newlines as ↵, and both stay in the
# text: none of them acts as a key or reaches the terminal. A character
# whose bytes come apart is kept whole.
TUI_WAIT=${TUI_WAIT:-60} # a slow paste fails on the times, not the wait
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Paste target" >/dev/null

# make_text FILE BYTES TAG [lines]: about BYTES bytes of UTF-8 words
# (ASCII, accents, CJK), ending in TAG; with "lines", tabs and newlines
# among them too. Nothing a key would act on otherwise.
make_text() {
	python3 - "$@" <<'PY'
import sys
path, size, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = len(sys.argv) > 4
words = ["rotated", "cert", "lb-1", "東京", "café", "déjà", "p99=412ms",
         "rollback", "#42", "(ok)", "ñandú", "~/.ssh", "50%", "a+b=c"]
out, n, i = [], 0, 0
while n < size - len(tag.encode()):
    w = words[(i * 7 + i // 5) % len(words)]
    sep = " "
    if lines and i % 17 == 16:
        sep = "\n"
    elif lines and i % 23 == 22:
        sep = "\t"
    piece = w + sep
    out.append(piece)
    n += len(piece.encode())
    i += 1
with open(path, "w", encoding="utf-8") as f:
    f.write("".join(out) + tag)
PY
}

now_ns() { date +%s%N; }

notes() { "$IRT" timeline 1 --json | jq '[.events[] | select(.kind == "note")] | length'; }

# submit_note: Enter on the note form, then waits until the note is
# stored (the status line may still say so from the note before).
submit_note() {
	local before i
	before=$(notes)
	keys Enter
	tui_wait_for "Note added to #1"
	for ((i = 0; i < TUI_WAIT * 20; i++)); do
		(($(notes) > before)) && return 0
		sleep 0.05
	done
	fail "no note was stored after Enter (still $before)"
}

# paste_note FILE TAG [-p]: opens the note form on #1, pastes FILE (with
# -p bracketed), waits until its last characters show in the field, and
# records it. Sets PASTE_MS (paste to shown) and PASTE_OUT (bytes irt
# sent to the terminal meanwhile); checks the note stored is FILE.
paste_note() {
	local file=$1 tag=$2 mode=${3:-} t0 t1 n
	keys n
	tui_wait_for "Note on #1"
	tmux -L "$TUI_SOCK" load-buffer -b paste "$file"
	: >"$T/out.raw"
	tmux -L "$TUI_SOCK" pipe-pane -O -t irt "cat >>$(printf '%q' "$T/out.raw")"
	t0=$(now_ns)
	tmux -L "$TUI_SOCK" paste-buffer $mode -d -b paste -t irt
	tui_wait_for "$tag"
	t1=$(now_ns)
	tmux -L "$TUI_SOCK" pipe-pane -t irt
	PASTE_MS=$(((t1 - t0) / 1000000))
	PASTE_OUT=$(wc -c <"$T/out.raw")
	submit_note
	n=$(notes)
	"$IRT" timeline 1 --json |
		jq -j '[.events[] | select(.kind == "note")][-1].text' >"$T/stored"
	check "note $n stored byte for byte ($(wc -c <"$file") bytes ${mode:-plain})" \
		cmp -s "$file" "$T/stored"
}

# linear MODE: 10 KiB, then 100 KiB pasted the same way.
linear() {
	local mode=${1:-} name=${1:-plain} small big
	make_text "$T/small" 10240 "<<end-small${name}>>" ${mode:+lines}
	make_text "$T/big" 102400 "<<end-big${name}>>" ${mode:+lines}
	paste_note "$T/small" "<<end-small${name}>>" $mode
	small=$PASTE_MS
	paste_note "$T/big" "<<end-big${name}>>" $mode
	big=$PASTE_MS
	echo "paste ($name): 10 KiB in $small ms, 100 KiB in $big ms; $PASTE_OUT bytes to the terminal for 100 KiB"
	N_CHECKS=$((N_CHECKS + 1))
	((big < 30 * (small > 50 ? small : 50))) ||
		fail "100 KiB ($name) took $big ms, more than 30 times the $small ms of 10 KiB"
	N_CHECKS=$((N_CHECKS + 1))
	((PASTE_OUT < 102400)) ||
		fail "irt sent $PASTE_OUT bytes to the terminal for a 100 KiB paste ($name): a redraw per character"
}

# from_editor FILE TAG: the note form's text from the editor (Ctrl-E),
# which writes FILE; sets EDIT_MS (Ctrl-E to its end shown in the field)
# and records the note, checking it is FILE.
printf '#!/bin/sh\ncat %q >"$1"\n' "$T/edtext" >"$T/ed.sh"
chmod +x "$T/ed.sh"
from_editor() {
	local file=$1 tag=$2 t0 t1
	cp "$file" "$T/edtext"
	keys n
	tui_wait_for "Note on #1"
	t0=$(now_ns)
	keys C-e
	tui_wait_for "Text from the editor"
	tui_wait_for "$tag"
	t1=$(now_ns)
	EDIT_MS=$(((t1 - t0) / 1000000))
	submit_note
	"$IRT" timeline 1 --json |
		jq -j '[.events[] | select(.kind == "note")][-1].text' >"$T/stored"
	check "note from the editor stored byte for byte" cmp -s "$file" "$T/stored"
}

tui_start 80 24 VISUAL="$T/ed.sh"
tui_wait_for "Paste target"
keys Enter
tui_wait_for "incident #1"
linear
linear -p
# The bracketed note kept its tabs and newlines: one note, not the first
# line submitted and the rest taken for keys.
equals "$("$IRT" timeline 1 --json | jq '[.events[] | select(.kind == "note")] | length')" 4 \
	"one note per paste"

make_text "$T/small" 10240 "<<end-small-editor>>"
make_text "$T/big" 102400 "<<end-big-editor>>"
from_editor "$T/small" "<<end-small-editor>>"
small=$EDIT_MS
from_editor "$T/big" "<<end-big-editor>>"
big=$EDIT_MS
echo "from the editor: 10 KiB shown in $small ms, 100 KiB in $big ms"
N_CHECKS=$((N_CHECKS + 1))
((big < 30 * (small > 50 ? small : 50))) ||
	fail "100 KiB from the editor took $big ms to show, more than 30 times the $small ms of 10 KiB"

# Control characters and escape sequences in a paste: shown as ^X, kept
# in the text, never sent; newlines shown as ↵.
printf 'ctl:\033[31mred\033[0m\007\001end\nline two' >"$T/ctl"
keys n
tui_wait_for "Note on #1"
tmux -L "$TUI_SOCK" load-buffer -b ctl "$T/ctl"
tmux -L "$TUI_SOCK" paste-buffer -p -d -b ctl -t irt
tui_wait_for 'ctl:^[[31mred^[[0m^G^Aend↵line two'
screen_has "Note on #1"
submit_note
tui_wait_for 'ctl:^[[31mred^[[0m^G^Aend↵line two'
"$IRT" timeline 1 --json | jq -j '[.events[] | select(.kind == "note")][-1].text' >"$T/stored"
check "control characters stored as pasted" cmp -s "$T/ctl" "$T/stored"

# A character that comes in two pieces (a terminal's write or a network
# packet cut inside it), right after other keys: kept whole, and so is
# what follows. Bytes that make no character come as one U+FFFD each.
keys n
tui_wait_for "Note on #1"
keys -H 73 70 6c 69 74 3a 20 63 61 66 c3
sleep 0.3
keys -H a9 20 e6 9d
sleep 0.3
keys -H b1 ff 21 c3 3f
tui_wait_for "split: café 東�!�?"
submit_note
"$IRT" timeline 1 --json | jq -j '[.events[] | select(.kind == "note")][-1].text' >"$T/stored"
equals "$(cat "$T/stored")" "split: café 東$(printf '\uFFFD')!$(printf '\uFFFD')?" \
	"a character in two pieces"

# A paste where no text goes (the list, outside the filter) is ignored:
# none of it is taken for keys (a "q" in it would quit).
keys q
tui_wait_for "irt — 1 open incident"
printf 'qqq' >"$T/q"
tmux -L "$TUI_SOCK" load-buffer -b q "$T/q"
tmux -L "$TUI_SOCK" paste-buffer -p -d -b q -t irt
# ... and into the filter, once "/" is typed.
keys /
tui_wait_for "Filter:"
printf 'Paste tar' >"$T/filter"
tmux -L "$TUI_SOCK" load-buffer -b filter "$T/filter"
tmux -L "$TUI_SOCK" paste-buffer -p -d -b filter -t irt
tui_wait_for "Filter: Paste tar"
screen_has "Paste target"
keys Enter q
equals "$(tui_wait_exit)" 0 "exit status"
check "verify" "$IRT" verify
done_ok
