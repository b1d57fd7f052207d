#!/usr/bin/env bash
# Long text in $VISUAL/$EDITOR: Ctrl-E in the note prompt hands the typed
# text to the editor and takes back what it wrote; E writes a note in
# the editor straight away; Ctrl-E works for fields too; the screen is
# restored afterwards; a failing editor records nothing and says so.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

# The editor: appends to what it is given, or writes a fresh note.
cat >"$T/ed.sh" <<'SH'
#!/bin/sh
if [ -s "$1" ]; then
	printf '%s, then edited\nsecond line from the editor\n' "$(cat "$1")" >"$1.new"
else
	printf 'Long note from the editor\n\nwith a second paragraph 東京\n' >"$1.new"
fi
mv "$1.new" "$1"
SH
chmod +x "$T/ed.sh"

"$IRT" new "DNS failover" --severity high >/dev/null
tui_start 80 24 VISUAL="$T/ed.sh"
tui_wait_for "DNS failover"
keys Enter
tui_wait_for "incident #1"
keys n
tui_wait_for "Note on #1"
type_text "typed inline"
keys C-e
tui_wait_for "Text from the editor"
screen_has "typed inline, then edited↵second line from the editor"
keys Enter
tui_wait_for "Note added to #1"
screen_has "detect ● ─ contain ○"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "note")][0].text')" \
	"$(printf 'typed inline, then edited\nsecond line from the editor')" "note via Ctrl-E"

# E: straight into the editor.
keys E
tui_wait_for "Note added to #1"
tui_wait_for "Long note from the editor↵↵with a second parag"
screen_has "irt — incident #1"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "note")][1].text')" \
	"$(printf 'Long note from the editor\n\nwith a second paragraph 東京')" "note via E"

# Enter on the note shows it whole, one line per line.
keys g Enter
tui_wait_for "#1 Timeline"
screen_has "Long note from the editor"
screen_has "with a second paragraph 東京"
keys q

# A field through the editor (description is the 2nd in the menu).
keys e
tui_wait_for "Edit a field of #1"
keys j Enter
tui_wait_for "description of #1"
keys C-e
tui_wait_for "Text from the editor"
keys Enter
tui_wait_for "description of #1 set"
equals "$("$IRT" show 1 --json | jq -r .incident.fields.description)" \
	"$(printf 'Long note from the editor\n\nwith a second paragraph 東京')" "description"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
tui_stop

# A failing editor: nothing recorded, the reason on the status line.
n=$("$IRT" show 1 --json | jq .incident.events)
tui_start 80 24 EDITOR=false
tui_wait_for "DNS failover"
keys Enter
tui_wait_for "incident #1"
keys E
tui_wait_for "the editor (false) failed; nothing was recorded"
screen_has "irt — incident #1"
equals "$("$IRT" show 1 --json | jq .incident.events)" "$n" "nothing recorded"
keys q q
equals "$(tui_wait_exit)" 0 "exit status"
check "verify" "$IRT" verify
done_ok
