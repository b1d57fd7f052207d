#!/usr/bin/env bash
# Every event has a "when it happened": --at on every command that records
# (stored as given, shown as reconstructed); each time refusal exits 2,
# names its rule and records nothing; HH:MM just after midnight is
# yesterday's; a report time's change reads old -> new in local time;
# the demo tells its story in order, once.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT_PLAIN=$IRT
IRT=$IRT_HOOKED
# One clock for every write to this database; each step back-dated.
export IRT_NOW=2026-11-29T12:00:00Z
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[notify]\ncommand = cat >%s/sent.msg\n' "$T" >"$XDG_CONFIG_HOME/irt/config"

# n_events ID: how many entries the incident has.
n_events() {
	"$IRT" timeline "$1" --json | jq '.events | length'
}
# at_of ID JQ-FILTER: the at of the first event the filter selects.
at_of() {
	"$IRT" timeline "$1" --json | jq -r "[.events[] | select($2)][0].at"
}

# 1. --at on every recording command, each stored as given.
"$IRT" new "Tokens in webhook logs" --reported 2026-11-29T08:00Z >/dev/null
check "ack" "$IRT" ack 1 --at 2026-11-29T08:30Z
check "assign" "$IRT" assign 1 alice --at 2026-11-29T08:35Z
check "severity" "$IRT" severity 1 high --at 2026-11-29T08:40Z
check "cvss" "$IRT" severity 1 --cvss CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N \
	--at 2026-11-29T08:45Z
check "set" "$IRT" set 1 scope "All workspaces" --at 2026-11-29T08:50Z
check "advance" "$IRT" advance 1 --at 2026-11-29T09:00Z
check "containment" "$IRT" set 1 containment "Log view off" --at 2026-11-29T09:10Z
check "assign fix" "$IRT" assign 1 lee --stage fix --at 2026-11-29T09:15Z
check "advance fix" "$IRT" advance 1 --at 2026-11-29T09:20Z
check "root cause" "$IRT" set 1 root-cause "Headers logged" --at 2026-11-29T10:00Z
check "fix ref" "$IRT" set 1 fix-ref "2.14.3" --at 2026-11-29T10:30Z
check "advance notify" "$IRT" advance 1 --at 2026-11-29T10:40Z
check "notify record" "$IRT" notify 1 --audience platform --channel email \
	--to vendor@example.com --at 2026-11-29T10:50Z
check "notify send" "$IRT" notify 1 --audience customers --to ops@example.com \
	--send --at 2026-11-29T11:00Z
check "advance review" "$IRT" advance 1 --at 2026-11-29T11:05Z
check "action add" "$IRT" action add 1 "Redact headers" --at 2026-11-29T11:10Z
check "action done" "$IRT" action done 1 1 --at 2026-11-29T11:20Z
check "summary" "$IRT" set 1 summary "Redacted" --at 2026-11-29T11:25Z
check "close" "$IRT" close 1 --resolution resolved --reason done --at 2026-11-29T11:30Z
check "reopen" "$IRT" reopen 1 --reason again --at 2026-11-29T11:40Z
"$IRT" new "Second" --reported 2026-11-29T08:00Z >/dev/null
check "action none" "$IRT" action none 2 "Nothing to change" --at 2026-11-29T09:00Z

for pair in \
	'.kind=="ack"|2026-11-29T08:30:00.000Z' \
	'.kind=="owner" and .field=="detect"|2026-11-29T08:35:00.000Z' \
	'.kind=="set" and .field=="severity"|2026-11-29T08:40:00.000Z' \
	'.kind=="set" and .field=="cvss"|2026-11-29T08:45:00.000Z' \
	'.kind=="set" and .field=="scope"|2026-11-29T08:50:00.000Z' \
	'.kind=="advance" and .new=="contain"|2026-11-29T09:00:00.000Z' \
	'.kind=="set" and .field=="containment"|2026-11-29T09:10:00.000Z' \
	'.kind=="owner" and .field=="fix"|2026-11-29T09:15:00.000Z' \
	'.kind=="set" and .field=="root-cause"|2026-11-29T10:00:00.000Z' \
	'.kind=="notify" and .field=="platform"|2026-11-29T10:50:00.000Z' \
	'.kind=="notify" and .field=="customers"|2026-11-29T11:00:00.000Z' \
	'.kind=="action"|2026-11-29T11:10:00.000Z' \
	'.kind=="action-done"|2026-11-29T11:20:00.000Z' \
	'.kind=="close"|2026-11-29T11:30:00.000Z' \
	'.kind=="reopen"|2026-11-29T11:40:00.000Z'; do
	equals "$(at_of 1 "${pair%|*}")" "${pair#*|}" "at of ${pair%|*}"
done
equals "$(at_of 2 '.kind=="actions-none"')" 2026-11-29T09:00:00.000Z "at of actions-none"
# All recorded now; shown as reconstructed.
equals "$("$IRT" timeline 1 --json | jq -r '[.events[].recorded] | unique | join(",")')" \
	2026-11-29T12:00:00.000Z "recorded is now"
"$IRT" timeline 1 >"$T/tl.txt"
contains "$T/tl.txt" "2026-11-29 08:35  tester      owner        detect owner: (none) -> alice  [reconstructed; recorded 2026-11-29 12:00]"
contains "$T/tl.txt" "2026-11-29 11:20  tester      action-done  action 1 done  [reconstructed; recorded 2026-11-29 12:00]"
equals "$(jq -r '.incident.actions[0].done_ms' <("$IRT" show 1 --json))" \
	"$(date -ud 2026-11-29T11:20Z +%s)000" "action done_ms"

# Usage and help name --at.
for cmd in assign severity set action notify ack advance close reopen note; do
	"$IRT" "$cmd" --help >"$T/help" 2>&1
	contains "$T/help" "--at TIME"
done

# 2. Refusals: exit 2, the rule named, nothing written.
"$IRT" new "Third" --reported 2026-11-29T08:00Z --severity low --owner dana >/dev/null
# refuse RULE-TEXT COMMAND...: exit 2, RULE-TEXT in the message, #3 unchanged.
refuse() {
	local rule=$1 before
	shift
	before=$(n_events 3)
	expect_exit 2 "$@"
	contains "$T/err" "$rule"
	contains "$T/err" "nothing was recorded"
	equals "$(n_events 3)" "$before" "nothing written by: $*"
}
FUTURE="nothing is recorded before it happens"
refuse "$FUTURE" "$IRT" assign 3 bob --at +10m
refuse "$FUTURE" "$IRT" severity 3 high --at +10m
refuse "$FUTURE" "$IRT" severity 3 --cvss CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N --at +10m
refuse "$FUTURE" "$IRT" set 3 scope "x" --at +10m
refuse "$FUTURE" "$IRT" action add 3 "x" --at +10m
refuse "$FUTURE" "$IRT" action none 3 "x" --at +10m
refuse "$FUTURE" "$IRT" notify 3 --audience platform --channel email --at +10m
refuse "$FUTURE" "$IRT" ack 3 --at +10m
refuse "$FUTURE" "$IRT" note 3 "x" --at +10m
# Within the 5-minute skew is accepted.
check "skew" "$IRT" note 3 "clock skew" --at +4m
# Before the report.
BEFORE="before the report (2026-11-29 08:00:00 +00:00)"
refuse "$BEFORE" "$IRT" ack 3 --at 2026-11-29T07:00Z
check "ack 3" "$IRT" ack 3 --at 2026-11-29T08:10Z
refuse "$BEFORE" "$IRT" advance 3 --at 2026-11-29T07:00Z
refuse "$BEFORE" "$IRT" close 3 --resolution rejected --reason x --at 2026-11-29T07:00Z
# A stage left before it was entered.
check "advance 3" "$IRT" advance 3 --at 2026-11-29T09:00Z
LEFT="contain is left at 2026-11-29 08:30:00 +00:00, before it was entered (2026-11-29 09:00:00 +00:00)"
refuse "$LEFT" "$IRT" close 3 --resolution rejected --reason x --at 2026-11-29T08:30Z
check "close 3" "$IRT" close 3 --resolution rejected --reason x --at 2026-11-29T09:30Z
refuse "closed is left at" "$IRT" reopen 3 --reason x --at 2026-11-29T09:10Z
refuse "$FUTURE" "$IRT" reopen 3 --reason x --at +10m
# An action done before it was added, or in the future.
check "action 3" "$IRT" action add 3 "Check logs" --at 2026-11-29T09:40Z
refuse "action 1 is done before it was added" "$IRT" action done 3 1 --at 2026-11-29T09:35Z
refuse "$FUTURE" "$IRT" action done 3 1 --at +10m
# A notification sent now cannot be dated in the future either; nothing sent.
rm -f "$T/sent.msg"
refuse "$FUTURE" "$IRT" notify 3 --audience customers --to a@example.com --send --at +10m
check "verify" "$IRT" verify

# 3. HH:MM just after midnight is the most recent such time: yesterday.
check "midnight db" env IRT_NOW=2026-11-30T00:30:00Z "$IRT" --db "$T/mid.db" \
	new "Late" --reported 2026-11-29T23:40Z
check "23:50" env IRT_NOW=2026-11-30T00:30:00Z "$IRT" --db "$T/mid.db" ack 1 --at 23:50
equals "$(env IRT_NOW=2026-11-30T00:30:00Z "$IRT" --db "$T/mid.db" timeline 1 --json |
	jq -r '[.events[] | select(.kind=="ack")][0].at')" 2026-11-29T23:50:00.000Z "23:50 is yesterday's"
# In Berlin, the night summer time ends (02:00 CET after 03:00 CEST).
check "berlin db" env TZ=Europe/Berlin IRT_NOW=2026-10-24T22:30:00Z "$IRT" --db "$T/dst.db" \
	new "DST" --reported 2026-10-24T21:00Z
check "berlin 23:50" env TZ=Europe/Berlin IRT_NOW=2026-10-24T22:30:00Z "$IRT" --db "$T/dst.db" \
	note 1 "late" --at 23:50
equals "$(env IRT_NOW=2026-10-24T22:30:00Z "$IRT" --db "$T/dst.db" timeline 1 --json |
	jq -r '[.events[] | select(.kind=="note")][0].at')" 2026-10-24T21:50:00.000Z "Berlin 23:50 is yesterday's (CEST)"

# 4. The report time's change: old -> new, both in local time.
export TZ=Europe/Berlin
"$IRT" --db "$T/rep.db" new "Moved report" --reported "2026-11-27 08:00" >/dev/null
check "move report" "$IRT" --db "$T/rep.db" set 1 reported "2026-11-27 09:00"
check "same again" "$IRT" --db "$T/rep.db" set 1 reported "2026-11-27 09:00"
check "move again" "$IRT" --db "$T/rep.db" set 1 reported "2026-11-27 08:30"
check "embargo" "$IRT" --db "$T/rep.db" set 1 embargo "2026-12-10 12:00"
"$IRT" --db "$T/rep.db" timeline 1 >"$T/rep.txt"
contains "$T/rep.txt" "reported: 2026-11-27 08:00:00 +01:00 -> 2026-11-27 09:00:00 +01:00"
contains "$T/rep.txt" "reported: 2026-11-27 09:00:00 +01:00 -> 2026-11-27 08:30:00 +01:00"
contains "$T/rep.txt" "embargo: (none) -> 2026-12-10 12:00:00 +01:00"
lacks "$T/rep.txt" "(none) -> 2026-11-27"
"$IRT" --db "$T/rep.db" timeline 1 --json >"$T/rep.json"
equals "$(jq -r '[.events[] | select(.field=="reported") | "\(.old)>\(.new)"] | join(" ")' "$T/rep.json")" \
	"2026-11-27T07:00:00.000Z>2026-11-27T08:00:00.000Z 2026-11-27T08:00:00.000Z>2026-11-27T07:30:00.000Z" \
	"stored old and new, UTC"
equals "$(jq -r '[.events[] | select(.field=="embargo")][0] | "\(.old)>\(.new)"' "$T/rep.json")" \
	">2026-12-10T11:00:00.000Z" "embargo had no value"
check "report verify" "$IRT" --db "$T/rep.db" verify
"$IRT" --db "$T/rep.db" export 1 --format md >"$T/rep.md"
contains "$T/rep.md" "reported: 2026-11-27 08:00:00 +01:00 -> 2026-11-27 09:00:00 +01:00"
export TZ=UTC

# 5. The demo: every gate's evidence dated before the stage exit that
# needed it; loaded once.
unset IRT_NOW
DEMO="$T/demo.db"
"$IRT_PLAIN" --db "$DEMO" demo >"$T/demo1.out"
contains "$T/demo1.out" "Loaded demo incidents #1-#5"
check "demo verifies" "$IRT_PLAIN" --db "$DEMO" verify
# For every stage exit, what its gate needed was recorded before it.
for id in 1 2 3 4 5; do
	late=$("$IRT_PLAIN" --db "$DEMO" timeline "$id" --json | jq -r '
		.events as $e | [$e[] | select(.kind == "advance") | . as $a |
		(if $a.old == "detect" then ["ack", "owner:detect"]
		 elif $a.old == "contain" then ["set:containment"]
		 elif $a.old == "fix" then ["set:root-cause", "set:fix-ref"]
		 else [] end)[] as $need |
		([$e[] | select(.kind == $need or .kind + ":" + .field == $need)][0].at_ms) as $t |
		select($t == null or $t > $a.at_ms) | "\($a.old) exit before \($need)"] | join(", ")')
	equals "$late" "" "demo #$id tells its story in order"
	# Nothing in the demo is dated before its report.
	equals "$("$IRT_PLAIN" --db "$DEMO" timeline "$id" --json |
		jq '[.events[0].at_ms as $r | .events[] | select(.at_ms < $r)] | length')" 0 \
		"demo #$id: nothing before the report"
done
equals "$("$IRT_PLAIN" --db "$DEMO" show 1 --json | jq -r .incident.stage)" notify "demo #1 in notify"
# Loaded once: a second run says so and adds nothing (exit 0).
sqlite3 "$DEMO" "SELECT count(*) FROM events" >"$T/n_before"
expect_exit 0 "$IRT_PLAIN" --db "$DEMO" demo
contains "$T/out" "The demo incidents are already in $DEMO (#1, #2, #3, #4, #5); nothing was added."
equals "$(sqlite3 "$DEMO" "SELECT count(*) FROM events")" "$(cat "$T/n_before")" "no event added"
equals "$("$IRT_PLAIN" --db "$DEMO" list --all --json | jq '.incidents | length')" 5 "no duplicates"
done_ok
