#!/usr/bin/env bash
# The list: scrolling past a screenful, sorting, filtering by text (also
# in notes), open/all/closed, and changes made by another process (the
# command line) appearing within about a second without moving the
# cursor off its incident.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

sev=(low medium high critical none)
for i in $(seq 1 30); do
	"$IRT" new "Incident number $i $([ $((i % 7)) -eq 0 ] && echo cache-miss)" \
		--severity "${sev[$((i % 5))]}" --owner "owner$i" >/dev/null
done
"$IRT" close 3 --resolution duplicate --reason "same as #2" >/dev/null
"$IRT" note 12 "kerberos tickets expired on the bastion" >/dev/null

tui_start 80 24
tui_wait_for "29 open incidents"
screen_has "sort: number"
# Newest first; 21 rows fit; G goes to the oldest, g back.
equals "$(tui_line "Incident number 30" | awk '{print $1}')" 30 "first row"
screen_lacks "Incident number 2 "
keys G
tui_wait_for "Incident number 1 "
keys g
tui_wait_for "Incident number 30"
keys PageDown
tui_wait_for "Incident number 2 "

# Sorting.
# (the cursor stays on its incident across a re-sort; g goes to the top)
keys s
tui_wait_for "sort: severity"
screen_has "Sorted by severity"
keys g
tui_wait_for "   28 critical"
equals "$(screen -o | sed -n 3p | awk '{print $1, $2}')" "28 critical" "first row by severity"
equals "$(screen -o | sed -n 8p | awk '{print $2}')" "high" "then high"
keys s
tui_wait_for "sort: updated"
keys s
tui_wait_for "sort: stage"
keys S
tui_wait_for "sort: updated"
keys s s
tui_wait_for "sort: due"
screen_has "Sorted by due"
keys s
tui_wait_for "sort: number"

# Filter by text: live while typing, kept by Enter, cleared by Esc.
keys /
tui_wait_for "Filter:"
type_text "cache-miss"
tui_wait_for '4 open incidents matching "cache-miss"'
screen_has "Incident number 28 cac…"
screen_lacks "Incident number 27"
keys Enter
tui_wait_gone "Filter:"
screen_has 'matching "cache-miss"'
keys Escape
tui_wait_for "Filter cleared"
tui_wait_for "29 open incidents"
# ...in notes too (full-text), and Esc while typing undoes the filter.
keys /
type_text "kerberos"
tui_wait_for '1 open incident matching "kerberos"'
screen_has "Incident number 12"
keys Escape
tui_wait_for "29 open incidents"
keys /
type_text "no such thing anywhere"
tui_wait_for "No incidents match."
keys Escape
tui_wait_for "29 open incidents"

# Open, all, closed.
keys a
tui_wait_for "30 all incidents"
screen_has "Showing all incidents"
keys a
tui_wait_for "1 closed incident"
screen_has "Incident number 3"
screen_has "closed"
keys a
tui_wait_for "29 open incidents"

# Another process adds an incident while the cursor is on #25: it shows
# up and the cursor stays on #25.
keys j j j j j
"$IRT" new "Raised from the command line" --severity high >/dev/null
tui_wait_for "30 open incidents"
screen_has "Raised from the comman…"
keys Enter
tui_wait_for "incident #25"

# ...and changes to the incident on screen show up too.
"$IRT" note 25 "Observed from another terminal" >/dev/null
tui_wait_for "Observed from another terminal"
"$IRT" assign 25 zed >/dev/null
tui_wait_for "Owner zed"
"$IRT" ack 25 >/dev/null
tui_wait_for "Ack yes"
keys q
tui_wait_for "30 open incidents"
case "$(tui_line "Incident number 25")" in *" zed "*) ;; *) fail "owner zed not in the list row" ;; esac
keys q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
