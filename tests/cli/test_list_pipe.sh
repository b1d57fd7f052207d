#!/usr/bin/env bash
# `irt list` into a pipe: one line per incident, no header, every column
# whole and tab-separated (number, severity, stage, title, owner, age,
# due), with the title's tabs, newlines and control characters made
# visible or spaces so that a line stays a record; --json unchanged.
. "$IRT_SRC/tests/lib.sh"

check "new 1" "$IRT" new "Token leak in webhook logs" --severity high --owner dana >/dev/null
check "new 2" "$IRT" new "$(printf 'Tab\there\033[31m red\nline')" >/dev/null

"$IRT" list | cat >"$T/pipe" || fail "list into a pipe"
equals "$(wc -l <"$T/pipe")" 2 "one line per incident, no header"
equals "$(awk -F'\t' '{ print NF }' "$T/pipe" | sort -u)" 7 "seven tab-separated columns"
# Newest first.
equals "$(cut -f1-3 "$T/pipe" | head -1)" $'2\t-\tdetect' "number, severity, stage"
equals "$(cut -f4 "$T/pipe" | head -1)" 'Tab here^[[31m red^Jline' "the title made safe, whole"
equals "$(sed -n 2p "$T/pipe" | cut -f1-5)" $'1\thigh\tdetect\tToken leak in webhook logs\tdana' \
	"title and owner whole"
equals "$(sed -n 2p "$T/pipe" | cut -f6)" 0s "age"
contains "$T/pipe" $'\tack '
lacks "$T/pipe" $'\e'
lacks "$T/pipe" "SEVERITY"

# Scripts take columns by number.
equals "$("$IRT" list --all | awk -F'\t' '$2 == "high" { print $1 }')" 1 "awk by column"

# On a terminal: the aligned table with its header, as before.
on_tty "$IRT" list >"$T/tty"
contains "$T/tty" "SEVERITY"
contains "$T/tty" "    1  high      detect   Token leak in webhook logs"

# --json is not the tab form.
"$IRT" list --json | cat >"$T/json"
equals "$(jq -r '.format' "$T/json")" irt-list/1 "json format"
equals "$(jq -r '[.incidents[].id] | join(",")' "$T/json")" 2,1 "json ids"
equals "$(jq -r '.incidents[1].title' "$T/json")" "Token leak in webhook logs" "json title"

done_ok
