#!/usr/bin/env bash
# The walk of tests/tui/test_walk.sh as irt before the next-step work
# needed it (field picker moved with j, owner cleared with Ctrl-U, no
# editor step, the new-incident form's severity and owner after the
# description, the notify form's To after the audience): run against a
# build of that revision, with this tree's tests/ helpers, to count its
# keys:
#   git archive main | tar -x -C /tmp/irt-main
#   cmake -S /tmp/irt-main -B /tmp/irt-main/build -DBUILD_TESTING=OFF
#   cmake --build /tmp/irt-main/build --target irt
#   IRT=/tmp/irt-main/build/irt IRT_SRC=. bash bench/tui_walk_before.sh
# Against main at 40bec1f it counts 93 keys, the "before" of
# tests/tui/test_walk.sh. It does not run against the new tree (the
# forms' fields moved); the stand-in editor is never called there.
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
printf '\nChecked and signed off by the comms owner.\n' >>"$1"
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
k Tab Tab Tab Tab
type_text "PoC: <script>alert(1)</script>; curl -k https://sso.example/login?sid=x"
k Tab
type_text "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N"
k Tab
type_text "carol"
k Enter
tui_wait_for "incident #1"
k K
tui_wait_for "Acknowledge #1"
k Enter
k a
tui_wait_for "Advance #1"
k Enter
tui_wait_for "#1 advanced to contain"

# contain
k e j j j j j Enter
tui_wait_for "containment of #1"
type_text "Sessions rotated on login; old ids revoked"
k Enter
k a Enter
tui_wait_for "#1 advanced to fix"

# fix: the developer owns it; root cause, fix reference.
k o
tui_wait_for "Owner of #1"
k C-u
type_text "erin"
k Enter
tui_wait_for "fix owner of #1 set"
k e j j j j j j Enter
tui_wait_for "root-cause of #1"
type_text "Session id kept across authentication"
k Enter
k e j j j j j j j Enter
tui_wait_for "fix-ref of #1"
type_text "sso 2.4.1"
k Enter
k a Enter
tui_wait_for "#1 advanced to notify"

# notify: the comms owner, the customers' fields, then both audiences.
k o
tui_wait_for "Owner of #1"
k C-u
type_text "dana"
k Enter
tui_wait_for "notify owner of #1 set"
for f in impact scope advisory; do
	case $f in impact) k e j j j j Enter ;; scope) k e j j j Enter ;; advisory) k e G Enter ;; esac
	tui_wait_for "$f of #1"
	type_text "customer-facing $f text"
	k Enter
	tui_wait_for "$f of #1 set"
done
k m
tui_wait_for "◂ platform ▸"
k Tab
type_text "security@vendor.example"
k Enter
tui_wait_for "draft to platform"
k s
tui_wait_for "Send? y"
k y
tui_wait_for "Sent to 1 recipient and recorded on #1"
k m
tui_wait_for "◂ customers ▸"
k Tab
type_text "cust@example.com"
k Enter
tui_wait_for "draft to customers"
k s
tui_wait_for "Send? y"
k y
tui_wait_for "Sent to 1 recipient and recorded on #1"
k a Enter
tui_wait_for "#1 advanced to review"

# review: summary, no corrective action needed, close.
k e j j j j j j j j Enter
tui_wait_for "summary of #1"
type_text "Fixed in 2.4.1; no session abuse found in logs"
k Enter
k X
tui_wait_for "No corrective action for #1"
type_text "The fix is the prevention; covered by the regression test"
k Enter
k a Enter
tui_wait_for "#1 advanced to closed"

echo "walk keystrokes before (besides typed text): $N_KEYS"
done_ok
