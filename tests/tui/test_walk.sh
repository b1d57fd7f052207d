#!/usr/bin/env bash
# One incident walked from the report to closed with only the keys the
# screen shows (the next-step line and the key hint), counting every key
# sent besides typed text: report (with a CVSS vector), acknowledge,
# owners, contain, fix, the customers' fields, notify platform and
# customers (each draft through a stand-in $VISUAL, then sent through a
# fake sendmail), review, close. It may take at most half the keys the
# same walk took before the next-step work (93 keys,
# bench/tui_walk_before.sh): 46; it takes 45. The database must hold
# every step.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

N_KEYS=0
k() {
	N_KEYS=$((N_KEYS + $#))
	keys "$@"
}

cat >"$T/sendmail" <<EOS
#!/bin/sh
cat >>"$T/sent.txt"
EOS
cat >"$T/ed.sh" <<'EOS'
#!/bin/sh
sed 's/^Subject: /Subject: [reviewed] /' "$1" >"$1.new"
printf '\nChecked and signed off by the comms owner.\n' >>"$1.new"
mv "$1.new" "$1"
EOS
chmod +x "$T/sendmail" "$T/ed.sh"
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[notify]\ncommand = %s\n' "$T/sendmail" >"$XDG_CONFIG_HOME/irt/config"

tui_start 80 24 VISUAL="$T/ed.sh"
tui_wait_for "irt"

# Report: title, description, a CVSS vector, the commander.
k N
tui_wait_for "New incident"
type_text "Session fixation in SSO"
k Tab
type_text "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N"
k Tab
type_text "carol"
k Tab
type_text "PoC: <script>alert(1)</script>; curl -k https://sso.example/login?sid=x"
k Enter
tui_wait_for "incident #1"
tui_wait_for "Next: [ ] K acknowledge  [x] s severity  [x] o owner"
k K
tui_wait_for "Acknowledge #1"
k Enter
tui_wait_for "All met: a advances to contain"
k a
tui_wait_for "Advance #1"
k Enter
tui_wait_for "#1 advanced to contain"

# contain
tui_wait_for "Next: [ ] e containment"
k e
tui_wait_for "containment of #1"
type_text "Sessions rotated on login; old ids revoked"
k Enter
tui_wait_for "All met: a advances to fix"
k a Enter
tui_wait_for "#1 advanced to fix"

# fix: the developer owns it; root cause, fix reference.
tui_wait_for "Next: [ ] e root-cause  [ ] e fix-ref"
k o
tui_wait_for "Owner of #1"
type_text "erin"
k Enter
tui_wait_for "fix owner of #1 set"
k e
tui_wait_for "root-cause of #1"
type_text "Session id kept across authentication"
k Enter
tui_wait_for "Next: [ ] e fix-ref"
k e
tui_wait_for "fix-ref of #1"
type_text "sso 2.4.1"
k Enter
tui_wait_for "All met: a advances to notify"
k a Enter
tui_wait_for "#1 advanced to notify"

# notify: the comms owner, the customers' fields, then both audiences.
tui_wait_for "Next: [ ] m platform  [ ] m customers"
screen_has "[ ] e impact, scope, advisory"
k o
tui_wait_for "Owner of #1"
type_text "dana"
k Enter
tui_wait_for "notify owner of #1 set"
for f in impact scope advisory; do
	k e
	tui_wait_for "$f of #1"
	type_text "customer-facing $f text"
	k Enter
	tui_wait_for "$f of #1 set"
done
tui_wait_gone "[ ] e impact"
k m
tui_wait_for "◂ platform ▸"
type_text "security@vendor.example"
k Enter
tui_wait_for "draft to platform"
screen_has "Subject: [reviewed] Security incident #1"
k s
tui_wait_for "Send? y"
k y
tui_wait_for "Sent to 1 recipient and recorded on #1"
k m
tui_wait_for "◂ customers ▸"
type_text "cust@example.com"
k Enter
tui_wait_for "draft to customers"
k s
tui_wait_for "Send? y"
k y
tui_wait_for "Sent to 1 recipient and recorded on #1"
tui_wait_for "All met: a advances to review"
k a Enter
tui_wait_for "#1 advanced to review"

# review: summary, no corrective action needed, close.
tui_wait_for "Next: [ ] e summary  [ ] A/X action or none"
k e
tui_wait_for "summary of #1"
type_text "Fixed in 2.4.1; no session abuse found in logs"
k Enter
k X
tui_wait_for "No corrective action for #1"
type_text "The fix is the prevention; covered by the regression test"
k Enter
tui_wait_for "All met: a advances to closed"
k a Enter
tui_wait_for "#1 advanced to closed"

"$IRT" show 1 --json >"$T/s.json"
equals "$(jq -r .incident.stage "$T/s.json")" closed "closed"
equals "$(jq -r '.incident.stages[0].owner' "$T/s.json")" carol "detect owner"
equals "$(jq -r '.incident.stages[2].owner' "$T/s.json")" erin "fix owner"
equals "$(jq -r '.incident.stages[3].owner' "$T/s.json")" dana "notify owner"
equals "$(jq -r '[.incident.notifications[] | select(.status == "sent")] | length' "$T/s.json")" 2 "two sent"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq '[.events[] | select(.kind == "advance")] | length' "$T/tl.json")" 5 "five advances"
# What was sent is the edited draft, and the customers' one carries no
# proof of concept.
contains "$T/sent.txt" "Checked and signed off by the comms owner."
contains "$T/sent.txt" "Subject: [reviewed] Security notice: Session fixation in SSO"
contains "$T/sent.txt" "Severity: CVSS 3.1 9.3 (critical)"
jq -r '[.events[] | select(.kind == "notify" and .field == "customers")][0].text' "$T/tl.json" >"$T/cust.txt"
contains "$T/cust.txt" "Checked and signed off by the comms owner."
lacks "$T/cust.txt" "curl -k"
lacks "$T/cust.txt" "<script>alert(1)</script>"
contains "$T/cust.txt" "customer-facing impact text"
equals "$(jq -r '[.incident.notifications[] | select(.audience == "customers")][0].subject' "$T/s.json")" \
	"[reviewed] Security notice: Session fixation in SSO" "the edited subject is recorded"
check "verifies" "$IRT" verify

N_BEFORE=93
echo "walk keystrokes (besides typed text): $N_KEYS (before: $N_BEFORE)"
[ "$N_KEYS" -le $((N_BEFORE / 2)) ] ||
	fail "the walk took $N_KEYS keys: more than half of the $N_BEFORE before (45 when written)"
k q
tui_wait_for "0 open incidents"
done_ok
