#!/usr/bin/env bash
# Typed text is never lost: a hang-up (SIGHUP, or the terminal closing)
# or SIGTERM while a note is being typed saves it as a draft, with its
# When and Kind; the next note prompt for that incident offers it back;
# recording it removes the draft; discarding it asks first. A hang-up
# while $VISUAL/$EDITOR is open keeps what the editor's file holds at
# that moment (the file goes only once the draft is saved).
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Certificate expired on the API" --severity high >/dev/null
uuid=$("$IRT" show 1 --json | jq -r .incident.uuid)
draft="$XDG_DATA_HOME/irt/drafts/$uuid.txt"

# The draft's main text (after the header and its blank line), and the
# value of one of its fields.
draft_text() { sed '1,/^$/d' "$draft"; }
draft_field() { sed -n "1,/^\$/s/^$1: //p" "$draft"; }

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
equals "$(head -n 1 "$draft")" "irt draft 1" "draft format"
equals "$(draft_text)" "Rotated the cert on lb-1 東京; lb-2 still pending" "draft text"
equals "$(draft_field Kind)" note "draft kind"
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
equals "$(draft_text)" "Second draft, lost terminal" "draft text"

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
equals "$(draft_text)" "Third, terminated" "draft after SIGTERM"
tui_stop

# A draft from an earlier irt (the text alone) still comes back.
printf 'Old-style draft' >"$draft"
start_note
tui_wait_for "Your unsent draft from"
screen_has "Old-style draft"
keys Escape
tui_wait_for "Discard what you typed?"
keys y
tui_wait_gone "Note on #1"
check "old draft discarded" test ! -e "$draft"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
tui_stop

# A hang-up while the editor is open: the editor has written its file
# and still runs. What the file holds is kept, with the When (a relative
# one as the time it meant) and the Kind typed in the form.
cat >"$T/slow-ed.sh" <<'SH'
#!/bin/sh
printf 'Written in the editor\nsecond line 東京\n' >"$1"
exec sleep 60
SH
chmod +x "$T/slow-ed.sh"
# (the editor's file is $TMPDIR/irt-note-XXXXXX.md, TMPDIR=$T)
editor_wrote() { grep -qs "second line" "$T"/irt-note-*.md; }
tui_start 80 24 VISUAL="$T/slow-ed.sh"
tui_wait_for "Certificate expired"
keys Enter
tui_wait_for "incident #1"
keys n
tui_wait_for "Note on #1"
type_text "typed before the editor"
keys Tab
type_text "-20m"
keys Tab Right Right
tui_wait_for "◂ decision ▸"
keys Tab C-e
wait_until "the editor wrote its file" editor_wrote
editor_file=$(echo "$T"/irt-note-*.md)
before=$(date +%s)
kill -HUP "$(tui_pid)"
equals "$(tui_wait_exit)" 129 "exit status after SIGHUP in the editor"
after=$(date +%s)
check "draft saved from the editor" test -f "$draft"
equals "$(draft_text)" "$(printf 'Written in the editor\nsecond line 東京')" "the editor's text"
equals "$(draft_field Kind)" decision "kind kept"
when=$(draft_field When)
when_s=$(date -d "$when" +%s) || fail "When in the draft is not a time: '$when'"
check "When kept as the time -20m meant ($when)" \
	test $((before - 1200 - 1)) -le "$when_s" -a "$when_s" -le $((after - 1200))
check "the editor's file removed once kept" test ! -e "$editor_file"
equals "$("$IRT" timeline 1 --json | jq '[.events[] | select(.kind == "note")] | length')" 1 \
	"nothing more recorded"
tui_stop

# Next time the draft comes back whole, and recording it records all three.
tui_start 80 24
tui_wait_for "Certificate expired"
keys Enter
tui_wait_for "draft note waiting (n)"
keys n
tui_wait_for "Your unsent draft from"
screen_has "Written in the editor↵second line 東京"
screen_has "$when"
screen_has "◂ decision ▸"
keys Enter
tui_wait_for "Note (decision) added to #1"
"$IRT" timeline 1 --json | jq -c '[.events[] | select(.kind == "note")] | max_by(.seq)' >"$T/note.json"
equals "$(jq -r .text "$T/note.json")" "$(printf 'Written in the editor\nsecond line 東京')" \
	"recorded text"
equals "$(jq -r .field "$T/note.json")" decision "recorded kind"
equals "$(jq -r .at_ms "$T/note.json")" "$((when_s * 1000))" "recorded when"
check "draft removed once recorded" test ! -e "$draft"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
tui_stop

# The same with E (the editor straight away): the text is kept.
tui_start 80 24 VISUAL="$T/slow-ed.sh"
tui_wait_for "Certificate expired"
keys Enter
tui_wait_for "incident #1"
keys E
wait_until "the editor wrote its file" editor_wrote
editor_file=$(echo "$T"/irt-note-*.md)
kill -TERM "$(tui_pid)"
equals "$(tui_wait_exit)" 143 "exit status after SIGTERM in the editor"
equals "$(draft_text)" "$(printf 'Written in the editor\nsecond line 東京')" "E's text kept"
check "E's editor file removed once kept" test ! -e "$editor_file"
tui_stop

# The terminal closing while the editor is open: the hang-up reaches the
# editor and irt alike, and whichever ends first, the text is kept.
rm -f "$draft"
tui_start 80 24 VISUAL="$T/slow-ed.sh"
tui_wait_for "Certificate expired"
keys Enter
tui_wait_for "incident #1"
keys n
tui_wait_for "Note on #1"
keys Tab Tab Left Left
tui_wait_for "◂ comms ▸"
keys Tab C-e
wait_until "the editor wrote its file" editor_wrote
editor_file=$(echo "$T"/irt-note-*.md)
pid=$(tui_pid)
tui_stop
wait_until "irt ended after the terminal closed" sh -c "! kill -0 $pid"
equals "$(draft_text)" "$(printf 'Written in the editor\nsecond line 東京')" \
	"the editor's text kept when the terminal closed"
equals "$(draft_field Kind)" comms "kind kept when the terminal closed"
check "the editor's file removed (terminal closed)" test ! -e "$editor_file"
check "verify" "$IRT" verify
done_ok
