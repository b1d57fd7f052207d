#!/usr/bin/env bash
# Hooks from the terminal interface (docs/hooks.md): a note and an
# acknowledgement made with the keys run the hooks after the commit, in
# the background: a hook that hangs does not hold the screen, nothing a
# hook prints reaches the terminal, and its output and outcome go to
# $XDG_STATE_HOME/irt/hooks.log.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"
command -v jq >/dev/null || fail "jq is needed (tools/debian-packages.txt)"

"$IRT" new "Login outage" >/dev/null || fail "new"
HOOKS="$XDG_CONFIG_HOME/irt/hooks"
LOG="$XDG_STATE_HOME/irt/hooks.log"
mkdir -p "$HOOKS"
printf '[hooks]\ntimeout = 2\n' >"$XDG_CONFIG_HOME/irt/config"
cat >"$HOOKS/10-record" <<EOF
#!/bin/sh
cat >"$T/doc.\$1"
echo "HOOK-OUTPUT-\$1"
EOF
# Runs after 10-record and hangs until the timeout kills it.
printf '#!/bin/sh\nsleep 1000\n' >"$HOOKS/20-hang"
chmod +x "$HOOKS/10-record" "$HOOKS/20-hang"

tui_start 80 24
tui_wait_for "Login outage"
keys Enter
tui_wait_for "incident #1"

keys n
tui_wait_for "Note on #1"
type_text "Paged the on-call"
keys Enter
tui_wait_for "Note added to #1"
# The screen answers while 20-hang still runs: acknowledge at once.
keys K
tui_wait_for "Acknowledge #1"
keys Enter
tui_wait_for "#1 acknowledged"
screen_lacks "HOOK-OUTPUT"

wait_until "the noted hook ran" test -s "$T/doc.noted"
jq -e '.kind == "noted" and .incident.id == 1 and .event.text == "Paged the on-call"' \
	"$T/doc.noted" >/dev/null || fail "the noted document: $(cat "$T/doc.noted")"
wait_until "the acknowledged hook ran" test -s "$T/doc.acknowledged"
jq -e '.kind == "acknowledged" and .incident.acknowledged != null' "$T/doc.acknowledged" \
	>/dev/null || fail "the acknowledged document: $(cat "$T/doc.acknowledged")"
both_timed_out() {
	test "$(grep -c 'hook 20-hang .* timed out after 2 s' "$LOG" 2>/dev/null)" = 2
}
wait_until "the log has both timeouts" both_timed_out
grep -q "HOOK-OUTPUT-noted" "$LOG" || fail "the hook's output is not in the log: $(cat "$LOG")"
grep -q "irt: hook 10-record (noted, #1) ran" "$LOG" || fail "no outcome line: $(cat "$LOG")"
equals "$(stat -c %a "$LOG")" 600 "the log's mode"
screen_lacks "HOOK-OUTPUT"
screen_lacks "timed out"

keys q
tui_wait_for "1 open incident"
keys q
tui_wait_exit >/dev/null
equals "$("$IRT" timeline 1 --json | jq -r '[.events[].kind] | join(",")')" "create,note,ack" \
	"both writes recorded"
done_ok
