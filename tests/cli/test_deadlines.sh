#!/usr/bin/env bash
# Deadlines on the command line: the DUE column and --overdue of list,
# the deadline lines and JSON of show, with "now" pinned by IRT_NOW (so
# those runs are of the test build, $IRT_HOOKED) and reports back-dated by
# --reported; recomputation when severity, the report time or the policy
# change; clocks stopping when fix is left or the incident is closed; the
# policy zone against the user's TZ.
. "$IRT_SRC/tests/lib.sh"
need_hooked

NOW=2026-03-16T10:00:00Z
# Every write is made at NOW, back-dated with --at or --reported where it
# happened earlier: recorded times never go backwards, so the writes
# cannot each pin a clock of their own. Reads pin theirs.
IRT=$IRT_HOOKED
export IRT_NOW=$NOW

# due ID: the DUE cell of incident ID in `list --all` (tab-separated when
# not a terminal; DUE is the last column).
due() {
	IRT_NOW=$NOW "$IRT_HOOKED" list --all | awk -F'\t' -v id="$1" \
		'{ split($1, a, " "); if (a[1] == id) print $NF }'
}

# dl ID KIND [FIELD]: a field of a deadline in `show --json` (dl ID next:
# which deadline is next).
dl() {
	IRT_NOW=$NOW "$IRT_HOOKED" show "$1" --json |
		jq -r ".incident.deadlines.$2${3:+.$3}"
}

new_at() { # new_at WHEN ARGS...: irt new (reported at WHEN by --reported)
	shift
	"$IRT" new "$@" >/dev/null || fail "new $*"
}

# 1: critical, reported Monday 2 March, acknowledged within the hour.
new_at 2026-03-02T09:30:00Z "SQL injection in search" --severity critical \
	--reported 2026-03-02T09:00:00Z --owner dana
check "ack 1" "$IRT" ack 1 --at 2026-03-02T10:00:00Z
# 2: high, reported Friday 6 March, never acknowledged.
new_at 2026-03-06T10:00:00Z "Session fixation" --severity high \
	--reported 2026-03-06T10:00:00Z
# 3: medium, reported Friday 13 March, acknowledged.
new_at 2026-03-13T10:00:00Z "Verbose errors" --severity medium \
	--reported 2026-03-13T10:00:00Z
check "ack 3" "$IRT" ack 3 --at 2026-03-13T11:00:00Z
# 4: low, reported Friday 13 March at noon, not acknowledged.
new_at 2026-03-13T12:00:00Z "Missing header" --severity low \
	--reported 2026-03-13T12:00:00Z
# 5: severity none, acknowledged: no remediation deadline.
new_at 2026-03-09T09:00:00Z "Scanner noise" --severity none \
	--reported 2026-03-09T09:00:00Z
check "ack 5" "$IRT" ack 5 --at 2026-03-09T10:00:00Z
# 6: critical in February, closed on day 18: the close stopped the clock.
new_at 2026-02-02T09:30:00Z "Old RCE" --severity critical \
	--reported 2026-02-02T09:00:00Z
check "ack 6" "$IRT" ack 6 --at 2026-02-02T10:00:00Z
check "close 6" "$IRT" close 6 --at 2026-02-20T09:00:00Z \
	--resolution resolved --reason "patched upstream"

# The DUE column: next deadline, time left or overdue, else met/missed.
equals "$(due 1)" "fix -1h 00m overdue" "critical past its 14 days"
equals "$(due 2)" "ack -6d 0h overdue" "unacknowledged since Tuesday"
equals "$(due 3)" "fix 39d" "medium: 42 days"
equals "$(due 4)" "ack 1d 2h" "Friday noon + 2 business days = Tuesday noon"
equals "$(due 5)" "met" "acknowledged, no remediation deadline"
equals "$(due 6)" "missed" "closed late stays missed"
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" list
lacks "$T/out" "Old RCE"

# --overdue: only running clocks past due; a missed one is history.
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" list --overdue --all
equals "$(cut -f1 "$T/out" | paste -sd,)" "2,1" "overdue incidents"
equals "$(IRT_NOW=$NOW "$IRT_HOOKED" list --overdue --json | jq -c '[.incidents[].id]')" \
	"[2,1]" "overdue in JSON"
equals "$(IRT_NOW=2026-03-02T12:00:00Z "$IRT_HOOKED" list --overdue --json | jq -c '[.incidents[].id]')" \
	"[]" "nothing overdue back on 2 March"
# --sort due: the most pressing first.
equals "$(IRT_NOW=$NOW "$IRT_HOOKED" list --sort due --json | jq -c '[.incidents[].id]')" \
	"[2,1,4,3,5]" "sorted by next deadline"

# JSON shapes.
equals "$(dl 1 remediate state)" overdue "state"
equals "$(dl 1 remediate due)" 2026-03-16T09:00:00.000Z "due"
equals "$(dl 1 remediate left_ms)" -3600000 "left_ms"
equals "$(dl 1 remediate days)" 14 "days"
equals "$(dl 1 acknowledge state)" met "ack met"
equals "$(dl 1 acknowledge stopped)" 2026-03-02T10:00:00.000Z "ack stopped"
equals "$(dl 1 acknowledge due)" 2026-03-04T09:00:00.000Z "ack due"
equals "$(dl 1 acknowledge business_days)" 2 "business days"
equals "$(dl 1 next)" remediate "next"
equals "$(dl 5 remediate state)" none "band none"
equals "$(dl 5 remediate due)" null "no due"
equals "$(dl 5 next)" null "nothing running"
equals "$(dl 6 remediate state)" missed "missed"
equals "$(dl 6 remediate stopped)" 2026-02-20T09:00:00.000Z "stopped at the close"
equals "$(IRT_NOW=$NOW "$IRT_HOOKED" list --json | jq -r '.incidents[] | select(.id == 2) | .deadlines.acknowledge.state')" \
	overdue "list --json deadlines"

# show: one line per deadline.
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" show 1
contains "$T/out" "acknowledge  due 2026-03-04 09:00  met (acknowledged 2026-03-02 10:00)"
contains "$T/out" "remediate    due 2026-03-16 09:00  overdue by 1h 00m"
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" show 6
contains "$T/out" "remediate    due 2026-02-16 09:00  missed by 4d 0h (closed 2026-02-20 09:00)"
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" show 5
contains "$T/out" "remediate    none for severity none"
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" show 3
contains "$T/out" "remediate    due 2026-04-24 10:00  39d left"
new_at $NOW "Unsorted report"
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" show 7
contains "$T/out" "remediate    none until a severity is set"
contains "$T/out" "acknowledge  due 2026-03-18 10:00  2d 0h left"

# due-soon follows the policy's threshold, at once.
equals "$(dl 4 acknowledge state)" open "26 hours left, threshold 1 day"
check "due-soon 2d" "$IRT" policy set due-soon 2d --from 2026-03-01
equals "$(dl 4 acknowledge state)" due-soon "threshold 2 days"

# Severity changes move the remediation deadline.
check "raise 3" "$IRT" severity 3 critical
equals "$(dl 3 remediate due)" 2026-03-27T10:00:00.000Z "critical: 14 days"
equals "$(due 3)" "fix 11d" "DUE after the raise"
check "lower 3" "$IRT" severity 3 low
equals "$(dl 3 remediate due)" 2026-06-11T10:00:00.000Z "low: 90 days"
check "none 3" "$IRT" severity 3 none
equals "$(dl 3 remediate state)" none "none: no deadline"
check "critical 3" "$IRT" severity 3 critical
# So does the report time: reported two weeks earlier, now overdue.
check "reported earlier" "$IRT" set 3 reported 2026-03-01T10:00:00Z
equals "$(dl 3 remediate due)" 2026-03-15T10:00:00.000Z "due from the new report time"
equals "$(due 3)" "fix -1d 0h overdue" "overdue after the correction"
equals "$(IRT_NOW=$NOW "$IRT_HOOKED" list --overdue --json | jq -c '[.incidents[].id]')" \
	"[3,2,1]" "now in --overdue"

# Leaving fix stops the clock: half an hour late is missed, for good.
for at in 2026-03-10T09:00:00Z 2026-03-11T09:00:00Z 2026-03-16T09:30:00Z; do
	IRT_NOW=$NOW check "advance 1" "$IRT_HOOKED" advance 1 --at $at \
		--force --reason "deadline test"
done
equals "$(dl 1 remediate state)" missed "left fix after due"
equals "$(dl 1 remediate stopped)" 2026-03-16T09:30:00.000Z "stopped when fix was left"
equals "$(due 1)" "missed" "DUE shows missed"
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" show 1
contains "$T/out" "missed by 30m (fix left 2026-03-16 09:30)"
equals "$(IRT_NOW=2026-05-01T00:00:00Z "$IRT_HOOKED" list --overdue --json | jq -c '[.incidents[].id]')" \
	"[7,4,3,2]" "1 is no longer overdue, weeks later"
# Closed and reopened back into notify: still missed, stopped as before.
IRT_NOW=$NOW check "close 1" "$IRT_HOOKED" close 1 --resolution resolved --reason done
IRT_NOW=$NOW check "reopen 1" "$IRT_HOOKED" reopen 1 --reason "one more notice"
equals "$(dl 1 remediate stopped)" 2026-03-16T09:30:00.000Z "stop kept over a reopen"
# 6 was closed before fix, so the close stopped its clock; reopened, the
# clock runs again and is overdue at once.
check "reopen 6" "$IRT" reopen 6 --reason "regressed"
equals "$(dl 6 remediate state)" overdue "reopened: running again"
equals "$(dl 6 acknowledge state)" met "the acknowledgement stays met"
check "close 6 again" "$IRT" close 6 \
	--resolution resolved --reason "really fixed"

# A policy version judges the incidents reported from its effective date
# on, running or stopped; one set --from a past date re-judges them and
# says so. 6, reported in February, keeps the defaults.
IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" policy set remediate.critical 30 \
	--from 2026-03-01
contains "$T/out" "remediate.critical: 14 -> 30  (version 2, from 2026-03-01 00:00)"
contains "$T/out" "#1     remediate   missed (due 2026-03-16 09:00, policy 1) -> met (due 2026-04-01 09:00, policy 2)"
lacks "$T/out" "#6 "
equals "$(dl 3 remediate due)" 2026-03-31T10:00:00.000Z "running: 30 days"
equals "$(dl 3 remediate days)" 30 "days of version 2"
equals "$(dl 3 remediate policy.version)" 2 "named"
equals "$(dl 1 remediate state)" met "reported under version 2: met"
equals "$(dl 1 remediate days)" 30 "judged by the version of its report"
equals "$(dl 6 remediate days)" 14 "reported before: the defaults"
equals "$(dl 6 remediate policy.version)" 0 "version 0"

# Business days in the policy's zone, shown in the user's zone.
new_at 2026-03-06T20:00:00Z "Friday night report" --severity high \
	--reported 2026-03-06T20:00:00Z
equals "$(dl 8 acknowledge due)" 2026-03-10T20:00:00.000Z "UTC: Tuesday 20:00"
check "zone Tokyo" "$IRT" policy set zone Asia/Tokyo --from 2026-03-01
# Friday 20:00 UTC is Saturday in Tokyo: due Wednesday 00:00 JST.
equals "$(dl 8 acknowledge due)" 2026-03-10T15:00:00.000Z "Tokyo calendar"
TZ=America/New_York IRT_NOW=$NOW expect_exit 0 "$IRT_HOOKED" show 8
contains "$T/out" "acknowledge  due 2026-03-10 11:00"
equals "$(TZ=Asia/Kolkata dl 8 acknowledge due)" 2026-03-10T15:00:00.000Z \
	"the user's TZ does not move it"
# A DST change in the policy's zone keeps the wall-clock time.
check "zone Berlin" "$IRT" policy set zone Europe/Berlin
export IRT_NOW=2026-03-27T09:00:00Z # the writes' clock moves on
new_at 2026-03-27T09:00:00Z "Before the clocks change" --severity low \
	--reported 2026-03-27T09:00:00Z
equals "$(dl 9 acknowledge due)" 2026-03-31T08:00:00.000Z \
	"Friday 10:00 CET + 2 = Tuesday 10:00 CEST"
check "holiday" "$IRT" policy set holidays.add 2026-03-30 --from 2026-03-20
equals "$(dl 9 acknowledge due)" 2026-04-01T08:00:00.000Z "Monday off"

# Colour on a terminal: overdue red, due-soon yellow; NO_COLOR honoured.
if command -v script >/dev/null; then
	IRT_NOW=$NOW script -qec "$IRT_HOOKED list" /dev/null >"$T/tty" </dev/null
	contains "$T/tty" $'\e[1;31mack -6d 0h overdue\e[0m'
	contains "$T/tty" "DUE"
	IRT_NOW=2026-03-17T00:00:00Z script -qec "$IRT_HOOKED show 4" /dev/null \
		>"$T/tty" </dev/null
	contains "$T/tty" $'\e[33mdue soon: 12h 00m left\e[0m'
	NO_COLOR=1 IRT_NOW=$NOW script -qec "$IRT_HOOKED list" /dev/null \
		>"$T/tty" </dev/null
	lacks "$T/tty" $'\e['
	contains "$T/tty" "ack -6d 0h overdue"
fi
# Never escape sequences into a pipe.
IRT_NOW=$NOW "$IRT_HOOKED" list --all >"$T/pipe"
lacks "$T/pipe" $'\e'

done_ok
