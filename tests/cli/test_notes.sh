#!/usr/bin/env bash
# Notes from an argument, from stdin, from $VISUAL/$EDITOR (an empty edit
# cancels); kinds; full-text search; hostile text shown harmlessly.
. "$IRT_SRC/tests/lib.sh"

"$IRT" new "Webhook outage" >/dev/null
check "arg note" "$IRT" note 1 "database failover started" --kind action
printf 'line one\nline two\n' | "$IRT" note 1 - || fail "stdin note"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind=="note")][1].text' "$T/tl.json")" \
	"$(printf 'line one\nline two')" "stdin note kept whole"
equals "$(jq -r '[.events[] | select(.kind=="note")][0].field' "$T/tl.json")" action "kind"

# An editor that writes the note.
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
printf 'written in the editor\n\nsecond paragraph\n' >"$1"
SH
chmod +x "$T/editor.sh"
# The editor opens where there is a terminal to edit on.
check "editor note" on_tty env EDITOR="$T/editor.sh" "$IRT" note 1
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind=="note")][-1].text')" \
	"$(printf 'written in the editor\n\nsecond paragraph')" "editor text"
# $VISUAL wins over $EDITOR.
printf '#!/bin/sh\necho from visual >"$1"\n' >"$T/visual.sh"
chmod +x "$T/visual.sh"
check "visual" on_tty env VISUAL="$T/visual.sh" EDITOR="$T/editor.sh" "$IRT" note 1
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind=="note")][-1].text')" \
	"from visual" "VISUAL first"
# An empty edit cancels; a failing editor records nothing.
n=$("$IRT" show 1 --json | jq .incident.events)
printf '#!/bin/sh\n: >"$1"\n' >"$T/empty.sh"
chmod +x "$T/empty.sh"
expect_exit 1 on_tty env EDITOR="$T/empty.sh" "$IRT" note 1
contains "$T/out" "nothing was recorded"
expect_exit 1 on_tty env EDITOR=false "$IRT" note 1
contains "$T/out" "editor"
expect_exit 2 "$IRT" note 1 "   "
expect_exit 4 on_tty env EDITOR="$T/editor.sh" "$IRT" note 42
equals "$("$IRT" show 1 --json | jq .incident.events)" "$n" "nothing recorded by the editor's failures"
# Without a terminal (a pipe, cron) no editor is started: the note is
# standard input, and an empty one is refused.
printf 'piped without -' >"$T/piped"
check "a piped note" env EDITOR=false "$IRT" note 1 <"$T/piped"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind=="note")][-1].text')" \
	"piped without -" "the piped note"
n=$("$IRT" show 1 --json | jq .incident.events)
expect_exit 2 env EDITOR="$T/editor.sh" "$IRT" note 1 </dev/null
contains "$T/err" "the note is empty"
equals "$("$IRT" show 1 --json | jq .incident.events)" "$n" "nothing recorded"

# Invalid UTF-8 is refused; control characters are stored but never
# reach the terminal.
expect_exit 2 "$IRT" note 1 "$(printf 'bad \xff\xfe bytes')"
contains "$T/err" "not valid UTF-8"
expect_exit 2 "$IRT" new "$(printf 'title \xff')"
contains "$T/err" "title is not valid UTF-8"
expect_exit 2 "$IRT" set 1 impact "$(printf '\xc0\xaf')"
expect_exit 2 "$IRT" assign 1 "$(printf 'd\xffna')"
expect_exit 2 "$IRT" action add 1 "$(printf 'fix \xfe')"
expect_exit 2 "$IRT" close 1 --resolution rejected --reason "$(printf '\xff')"
check "escape note" "$IRT" note 1 "$(printf 'red \033[31mALERT\033]0;pwned\007 done')"
check "escape title" "$IRT" set 1 title "$(printf 'Title \033[2J cleared')"
"$IRT" timeline 1 >"$T/tl.txt"
"$IRT" show 1 >>"$T/tl.txt"
"$IRT" list >>"$T/tl.txt"
if grep -q "$(printf '\033')" "$T/tl.txt"; then fail "ESC reached the terminal"; fi
if grep -q "$(printf '\007')" "$T/tl.txt"; then fail "BEL reached the terminal"; fi
contains "$T/tl.txt" "red ^[[31mALERT^[]0;pwned^G done"
contains "$T/tl.txt" "Title ^[[2J cleared"
# ...and the stored text is intact.
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind=="note")][-1].text')" \
	"$(printf 'red \033[31mALERT\033]0;pwned\007 done')" "stored intact"

# Full-text search over notes.
"$IRT" new "Other incident" >/dev/null
"$IRT" note 2 "Rotated the signing keys after the leak" >/dev/null
"$IRT" search failover --json >"$T/s.json"
equals "$(jq -r '.hits | length' "$T/s.json")" 1 "one hit"
equals "$(jq -r '.hits[0].incident' "$T/s.json")" 1 "hit incident"
equals "$(jq -r .format "$T/s.json")" "irt-search/1" "search format"
equals "$("$IRT" search signing keys --json | jq -r '.hits[0].incident')" 2 "two words"
equals "$("$IRT" search 'keys"' --json | jq -r '.hits | length')" 1 "FTS syntax is text"
equals "$("$IRT" search 'NEAR(' --json | jq -r '.hits | length')" 0 "no match, no error"
"$IRT" search rotated >"$T/s.txt"
contains "$T/s.txt" "[Rotated]"
equals "$("$IRT" list --search signing --json | jq -r '.incidents[0].id')" 2 "list --search notes"
equals "$("$IRT" list --search Webhook --json | jq -r '.incidents | length')" 0 "title changed"
equals "$("$IRT" list --search 'cleared' --json | jq -r '.incidents[0].id')" 1 "list --search title"
expect_exit 2 "$IRT" search
done_ok
