#!/usr/bin/env bash
# Time input and output: back-dated entries sort by when they happened and
# are marked reconstructed; relative, HH:MM and ISO forms; a DST change;
# several zones; bad time strings refused with exit 2.
. "$IRT_SRC/tests/lib.sh"

# The clock is pinned throughout, so every run is of the test build.
need_hooked
IRT=$IRT_HOOKED
export IRT_NOW=2026-11-29T03:40:00Z
"$IRT" new "Checkout down" --severity high >/dev/null
check "note now" "$IRT" note 1 "looking at dashboards"
check "back-dated" "$IRT" note 1 "rolled back" --at 03:12
check "relative" "$IRT" note 1 "first alert" --at -2h
check "iso offset" "$IRT" note 1 "pager ack" --at 2026-11-29T02:00:00+01:00
"$IRT" timeline 1 --json >"$T/tl.json"
# Sorted by at: create (03:40), notes at 01:00 (02:00+01), 01:40, 03:12, 03:40.
equals "$(jq -r '[.events[] | select(.kind=="note") | .text] | join("|")' "$T/tl.json")" \
	"pager ack|first alert|rolled back|looking at dashboards" "timeline order"
equals "$(jq -r '[.events[] | select(.text=="rolled back")][0].at' "$T/tl.json")" \
	"2026-11-29T03:12:00.000Z" "HH:MM is today"
equals "$(jq -r '[.events[] | select(.text=="rolled back")][0].recorded' "$T/tl.json")" \
	"2026-11-29T03:40:00.000Z" "recorded is now"
equals "$(jq -r '[.events[] | select(.text=="rolled back")][0].backdated' "$T/tl.json")" \
	true "back-dated flagged"
equals "$(jq -r '[.events[] | select(.text=="looking at dashboards")][0].backdated' "$T/tl.json")" \
	false "live entry not flagged"
"$IRT" timeline 1 >"$T/tl.txt"
contains "$T/tl.txt" "rolled back  [reconstructed; recorded 2026-11-29 03:40]"

# Same instant entered twice keeps entry order.
check "same at 1" "$IRT" note 1 "same-a" --at 2026-11-29T01:00:00Z
check "same at 2" "$IRT" note 1 "same-b" --at 2026-11-29T01:00:00Z
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.at=="2026-11-29T01:00:00.000Z") | .text] | join("|")')" \
	"pager ack|same-a|same-b" "ties by entry order"

# Local zone output and input.
check "berlin note" env TZ=Europe/Berlin "$IRT" note 1 "berlin" --at "2026-11-29 04:00"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.text=="berlin")][0].at')" \
	"2026-11-29T03:00:00.000Z" "local input in Berlin (UTC+1)"
TZ=Asia/Kolkata "$IRT" timeline 1 >"$T/kol.txt"
contains "$T/kol.txt" "2026-11-29 08:30  tester      note         berlin"
TZ=America/New_York "$IRT" timeline 1 >"$T/ny.txt"
contains "$T/ny.txt" "2026-11-28 22:00  tester      note         berlin"

# Across a DST change (Europe/Berlin, 2026-03-29 02:00 -> 03:00).
check "before dst" env TZ=Europe/Berlin "$IRT" note 1 "before dst" --at "2026-03-29 01:30"
check "after dst" env TZ=Europe/Berlin "$IRT" note 1 "after dst" --at "2026-03-29 03:30"
"$IRT" timeline 1 --json >"$T/dst.json"
equals "$(jq -r '[.events[] | select(.text=="before dst")][0].at' "$T/dst.json")" \
	"2026-03-29T00:30:00.000Z" "CET before the change"
equals "$(jq -r '[.events[] | select(.text=="after dst")][0].at' "$T/dst.json")" \
	"2026-03-29T01:30:00.000Z" "CEST after the change"
expect_exit 2 env TZ=Europe/Berlin "$IRT" note 1 "in the gap" --at "2026-03-29 02:30"
contains "$T/err" "does not exist"
TZ=Europe/Berlin "$IRT" timeline 1 >"$T/dst.txt"
contains "$T/dst.txt" "2026-03-29 01:30  tester      note         before dst"
contains "$T/dst.txt" "2026-03-29 03:30  tester      note         after dst"

# Bad time strings: exit 2, the input named, nothing recorded.
n_before=$("$IRT" show 1 --json | jq .incident.events)
for bad in "yesterday" "2026-13-01" "2026-02-30" "25:00" "-5x" "-m" \
	"2026-11-29T03:12+25:00" "2026-11-29 03:12 junk"; do
	expect_exit 2 "$IRT" note 1 "bad time" --at "$bad"
	contains "$T/err" "invalid time"
done
expect_exit 2 "$IRT" note 1 "bad time" --at ""
contains "$T/err" "no time given"
expect_exit 2 "$IRT" new "x" --reported "not a time"
expect_exit 2 "$IRT" ack 1 --at "soon"
equals "$("$IRT" show 1 --json | jq .incident.events)" "$n_before" "nothing recorded"
done_ok
