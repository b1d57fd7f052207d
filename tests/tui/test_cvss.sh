#!/usr/bin/env bash
# The CVSS calculator (v in the incident view): every metric of the
# version with its values, picked by letter or arrows; the score, band
# and normalised vector follow each pick; v switches 3.1, 4.0, 3.0;
# Enter stores the vector (irt show --json), an incomplete vector is
# refused in the status line, Esc asks before dropping picks. It starts
# from the incident's stored vector (a v4.0 one here) and fits 80x24.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

V4="CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
"$IRT" new "Login bypass" >/dev/null
"$IRT" new "Router firmware" --cvss "$V4" >/dev/null
tui_start 80 24
tui_wait_for "Login bypass"
keys G Enter
tui_wait_for "incident #1"
keys ?
tui_wait_for "CVSS calculator: pick each metric"
keys q
tui_wait_gone "Keys of the incident view"

# No vector yet: v3.1, every base metric to pick.
keys v
tui_wait_for "CVSS calculator: #1 Login bypass"
screen_has "CVSS 3.1 (v switches)"
screen_has "Score -  (not scored yet)"
screen_has "missing mandatory metrics AV, AC, PR, UI, S, C, I, A"
screen_has "AV   Attack Vector"
screen_has "N Network  A Adjacent  L Local  P Physical"
check "AV unpicked" grep -q "Attack Vector .*(pick one)" "$TUI_SCREEN"
screen_has "Temporal metrics"

# Letters pick values; the score appears once the base is complete.
keys N j L j N j N j U j H j H
tui_wait_for "missing mandatory metric A"
keys j H
tui_wait_for "Score 9.8 critical"
screen_has "(base 9.8, temporal -, environmental -)"
screen_has "Vector CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
check "AV shows Network" grep -q "AV   Attack Vector  *\[N\] A  L  P .*Network" "$TUI_SCREEN"

# Arrows: Availability High -> Low -> High.
keys Left
tui_wait_for "Score 9.4 critical"
screen_has "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L"
keys Right
tui_wait_for "Score 9.8 critical"

# A temporal metric: Tab to the next group, P = Proof-of-Concept.
keys Tab
tui_wait_for "Exploit Code Maturity (E): optional"
keys P
tui_wait_for "Score 9.3 critical"
screen_has "(base 9.8, temporal 9.3, environmental -)"
screen_has "A:H/E:P"
# A letter the metric does not take is refused, saying what it takes.
keys Z
tui_wait_for "E takes X, U, P, F or H"
keys x
tui_wait_for "Score 9.8 critical"
screen_lacks "E:P"

# The environmental groups scroll into view within 24 lines.
keys End
tui_wait_for "MA   Availability"
screen_has "Environmental: modified base metrics"
keys M
tui_wait_for "MA takes X, N, L or H"
keys g
tui_wait_for "Base metrics"

# Enter stores it.
keys Enter
tui_wait_for "Severity of #1 set: CVSS 3.1 9.8 critical"
tui_wait_for "Severity critical (CVSS 3.1 9.8)"
"$IRT" show 1 --json >"$T/s1.json"
equals "$(jq -r .incident.cvss.vector "$T/s1.json")" \
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "stored vector"
equals "$(jq -r .incident.cvss.score "$T/s1.json")" 9.8 "stored score"
equals "$(jq -r .incident.cvss.version "$T/s1.json")" 3.1 "stored version"
equals "$(jq -r .incident.severity "$T/s1.json")" critical "band"

# Opened again, it starts from the stored vector; unchanged, Esc leaves.
keys v
tui_wait_for "The incident's vector as stored"
screen_has "Score 9.8 critical"
keys Escape
tui_wait_gone "CVSS calculator"

# v switches version, keeping the picks both versions have; leaving with
# changes asks first, and only y drops them.
keys v
tui_wait_for "CVSS calculator: #1"
keys v
tui_wait_for "CVSS 4.0 (v switches)"
screen_has "missing mandatory metrics AT, VC, VI, VA, SC, SI, SA"
screen_has "Base: exploitability"
check "AV kept" grep -q "AV   Attack Vector  *\[N\]" "$TUI_SCREEN"
keys v
tui_wait_for "CVSS 3.0 (v switches)"
keys j j j j U j H j H j H
tui_wait_for "Score 9.8 critical"
screen_has "Vector CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
keys Escape
tui_wait_for "Discard your picks?"
keys n
tui_wait_gone "Discard your picks?"
screen_has "CVSS calculator: #1"
keys Escape
tui_wait_for "Discard your picks?"
keys y
tui_wait_for "CVSS of #1 not changed"
equals "$("$IRT" show 1 --json | jq -r .incident.cvss.version)" 3.1 "version kept"

# A v4.0 vector: its own metrics, threat metric E lowers the score.
keys q
tui_wait_for "Router firmware"
keys g Enter
tui_wait_for "incident #2"
keys v
tui_wait_for "CVSS calculator: #2 Router firmware"
screen_has "CVSS 4.0 (v switches)"
screen_has "Score 9.3 critical   (CVSS-B; base 9.3)"
screen_has "Vector $V4"
check "VC high" grep -q "VC   Confidentiality  *N  L \[H\] *High" "$TUI_SCREEN"
keys Tab Tab Tab
tui_wait_for "Exploit Maturity (E): optional"
screen_has "X Not Defined  U Unreported  P Proof-of-Concept  A Attacked"
keys P
tui_wait_for "Score 8.9 high   (CVSS-BT; base 9.3)"
screen_has "SA:N/E:P"
# Supplemental metrics are kept in the vector but never change the score.
keys End
tui_wait_for "Provider Urgency (U): optional, supplemental"
keys A
tui_wait_for "/U:Amber"
screen_has "Score 8.9 high"
keys x
tui_wait_gone "U:Amber"

# An incomplete vector is refused on the status line; nothing stored.
keys g BSpace
tui_wait_for "missing mandatory metric AV"
keys Enter
tui_wait_for "Not saved: missing mandatory metric AV"
equals "$("$IRT" show 2 --json | jq -r .incident.cvss.vector)" "$V4" "unchanged"
keys N Enter
tui_wait_for "Severity of #2 set: CVSS 4.0 8.9 high"
"$IRT" show 2 --json >"$T/s2.json"
equals "$(jq -r .incident.cvss.vector "$T/s2.json")" "$V4/E:P" "v4 vector"
equals "$(jq -r .incident.cvss.score "$T/s2.json")" 8.9 "v4 score"
equals "$(jq -r .incident.severity "$T/s2.json")" high "v4 band"

# Help from the calculator lists its keys.
keys v
tui_wait_for "CVSS calculator: #2"
keys ?
tui_wait_for "Keys of the CVSS calculator view"
screen_has "switch version: 3.1, 4.0, 3.0"
keys q
tui_wait_for "CVSS calculator: #2"
keys Escape
tui_wait_gone "CVSS calculator"

check "chain verifies" "$IRT" verify
keys q
tui_wait_for "2 open incidents"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
