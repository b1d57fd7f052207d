#!/bin/bash
# test_notify.sh - irt notify: drafts from the built-in and overriding
# templates, --send through a fake sendmail that captures the message and
# can fail on purpose, recording made-elsewhere notifications, the notify
# gate counting them, usage errors, and the default command
# (sendmail -t -oi) delivering a message with a line holding only ".".
. "$IRT_SRC/tests/lib.sh"

# The clock is pinned throughout, so every run is of the test build.
need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-04T12:00:00Z"
# A fake sendmail: keeps its arguments and the message; fails with
# $FAKE_FAIL when set.
cat >"$T/sendmail" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >"$T/sent.args"
cat >"$T/sent.msg"
exit \${FAKE_FAIL:-0}
EOF
chmod +x "$T/sendmail"
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[notify]\ncommand = %s -t -oi\n' "$T/sendmail" >"$XDG_CONFIG_HOME/irt/config"

check "new" $IRT new $'Card data exposed\nBcc: attacker@example.com' \
	--severity critical --owner alice --component "payments-api" \
	--reported "2026-03-01T08:00Z"
check "impact" $IRT set 1 impact "Card numbers of 12 customers were readable"
check "fix-ref" $IRT set 1 fix-ref "v2.4.1"

# ---- drafts ---------------------------------------------------------
for audience in platform customers internal; do
	expect_exit 0 $IRT notify 1 --audience $audience --to sec@vendor.example --draft
	sed '/^$/q' "$T/out" >"$T/headers"
	contains "$T/headers" "To: sec@vendor.example"
	contains "$T/headers" "Subject: "
	contains "$T/headers" "Date: Wed, 04 Mar 2026 12:00:00 +0000"
	# The title's line break did not add a header.
	[ "$(grep -c '^Bcc:' "$T/headers")" = 0 ] || fail "header injected"
	contains "$T/out" "payments-api"
	contains "$T/out" "critical"
	lacks "$T/out" "{{"
done
contains "$T/out" "Card numbers of 12 customers were readable"
contains "$T/out" "v2.4.1"
expect_exit 0 $IRT notify 1 --audience customers --draft
contains "$T/out" "Dear customer"
expect_exit 0 $IRT show 1 --json
equals "$(jq '.incident.notifications | length' "$T/out")" 0 "a draft records nothing"

# A user's template overrides the built-in one; a typo is refused.
mkdir -p "$XDG_CONFIG_HOME/irt/templates"
printf 'To: {{to}}\nSubject: Custom #{{id}}\n\nSeverity {{severity}}, fixed in {{fix_ref}}.\n' \
	>"$XDG_CONFIG_HOME/irt/templates/internal.txt"
expect_exit 0 $IRT notify 1 --audience internal --to ops@example.com --draft
contains "$T/out" "Subject: Custom #1"
contains "$T/out" "Severity critical, fixed in v2.4.1."
printf 'To: {{to}}\nSubject: {{tilte}}\n\nx\n' >"$XDG_CONFIG_HOME/irt/templates/internal.txt"
expect_exit 2 $IRT notify 1 --audience internal --to ops@example.com --draft
contains "$T/err" "{{tilte}}"
rm "$XDG_CONFIG_HOME/irt/templates/internal.txt"

# ---- sending --------------------------------------------------------
expect_exit 0 $IRT notify 1 --audience platform --to sec@vendor.example \
	--to psirt@vendor.example --send
contains "$T/out" "Sent to 2 recipients"
contains "$T/sent.args" "-t -oi"
contains "$T/sent.msg" "To: sec@vendor.example, psirt@vendor.example"
expect_exit 0 $IRT notify 1 --audience platform --to sec@vendor.example \
	--to psirt@vendor.example --draft
check "the sent message is the draft" cmp "$T/out" "$T/sent.msg"
expect_exit 0 $IRT show 1 --json
equals "$(jq -r '.incident.notifications[0].status' "$T/out")" sent "sent"
equals "$(jq -r '.incident.notifications[0].recipients' "$T/out")" \
	"sec@vendor.example,psirt@vendor.example" "recipients"
equals "$(jq -r '.incident.notifications[0].channel' "$T/out")" email "channel"
expect_exit 0 $IRT timeline 1 --json
equals "$(jq -r '[.events[] | select(.kind == "notify")][0].data.exit' "$T/out")" \
	0 "exit status on the timeline"

# A failed send is reported and never recorded as sent.
rm -f "$T/sent.msg"
FAKE_FAIL=75 expect_exit 1 $IRT notify 1 --audience customers --to list@example.com --send
contains "$T/err" "sending failed"
contains "$T/err" "status 75"
[ -f "$T/sent.msg" ] || fail "the command did not run"
expect_exit 0 $IRT show 1 --json
equals "$(jq -r '.incident.notifications[1].status' "$T/out")" failed "failed"
expect_exit 0 $IRT timeline 1
contains "$T/out" "customers notification failed (command exit status 75)"
# A command that cannot run at all.
printf '[notify]\ncommand = %s/no-such-sendmail\n' "$T" >"$XDG_CONFIG_HOME/irt/config"
expect_exit 1 $IRT notify 1 --audience customers --to list@example.com --send
contains "$T/err" "status 127"
printf '[notify]\ncommand = %s -t -oi\n' "$T/sendmail" >"$XDG_CONFIG_HOME/irt/config"

# ---- the gate counts recorded notifications, not failed ones ---------
check "to contain" $IRT advance 1 --force --reason "test"
check "to fix" $IRT advance 1 --force --reason "test"
check "to notify" $IRT advance 1 --force --reason "test"
expect_exit 3 $IRT advance 1
contains "$T/err" "customers notified"
# Made by other means: recorded.
expect_exit 0 $IRT notify 1 --audience customers --channel "status page" \
	--to "all customers" --subject "Card data incident" --at "2026-03-04T11:00Z"
expect_exit 0 $IRT show 1 --json
equals "$(jq -r '.incident.notifications[3].status' "$T/out")" recorded "recorded"
equals "$(jq -r '.incident.notifications[3].at' "$T/out")" \
	"2026-03-04T11:00:00.000Z" "--at"
expect_exit 0 $IRT advance 1

# ---- usage ----------------------------------------------------------
expect_exit 2 $IRT notify 1 --draft
contains "$T/err" "missing --audience"
expect_exit 2 $IRT notify 1 --audience press --draft
expect_exit 2 $IRT notify 1 --audience platform --draft --send
expect_exit 2 $IRT notify 1 --audience platform --send
contains "$T/err" "--to"
expect_exit 2 $IRT notify 1 --audience platform --to $'a@b\nBcc: c@d' --draft
expect_exit 2 $IRT notify 1 --audience platform --to x
contains "$T/err" "--channel"
expect_exit 4 $IRT notify 99 --audience platform --draft
expect_exit 4 $IRT notify 99 --audience platform --channel phone
expect_exit 0 $IRT notify --help
contains "$T/out" "{{remediation_due}}"

# ---- the default command: sendmail -t -oi ----------------------------
# A sendmail that behaves as the real ones do (sendmail_like, lib.sh).
sendmail_like "$T/bin"
rm "$XDG_CONFIG_HOME/irt/config"
check "new dot" $IRT new dot --severity high \
	--description "$(printf 'first line\n.\nsecret remainder')" >/dev/null
expect_exit 0 $IRT notify 2 --audience platform --to sec@vendor.example --draft
cp "$T/out" "$T/dot.draft"
check "the draft holds a line with only a dot" grep -qx '\.' "$T/dot.draft"
# The fake is faithful: without -oi it cuts the message at the dot, and
# with -t it refuses a message that names no recipient.
"$T/bin/sendmail" -t <"$T/dot.draft"
lacks "$T/bin/sendmail.msg" "secret remainder"
printf 'Subject: no one\n\nbody\n' >"$T/norcpt.msg"
expect_exit 1 "$T/bin/sendmail" -t -oi <"$T/norcpt.msg"
contains "$T/err" "No recipient addresses found in header"
# irt's default command delivers all of it.
expect_exit 0 env PATH="$T/bin:$PATH" $IRT notify 2 --audience platform \
	--to sec@vendor.example --send
contains "$T/out" "Sent to 1 recipient"
equals "$(cat "$T/bin/sendmail.args")" "-t -oi" "the default command's arguments"
contains "$T/bin/sendmail.msg" "secret remainder"
check "the whole message was delivered" cmp "$T/dot.draft" "$T/bin/sendmail.msg"
expect_exit 0 $IRT show 2 --json
equals "$(jq -r '.incident.notifications[0].status' "$T/out")" sent "sent"
expect_exit 0 $IRT timeline 2 --json
equals "$(jq -r '[.events[] | select(.kind == "notify")][0].data.command' "$T/out")" \
	"sendmail -t -oi" "the command recorded"
# A command of one's own gets the message as it is: no dot-stuffing.
printf '[notify]\ncommand = cat >%s/verbatim.msg\n' "$T" >"$XDG_CONFIG_HOME/irt/config"
expect_exit 0 $IRT notify 2 --audience platform --to sec@vendor.example --send
check "sent verbatim" cmp "$T/dot.draft" "$T/verbatim.msg"

done_ok
