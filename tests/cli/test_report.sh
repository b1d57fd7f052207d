#!/bin/bash
# test_report.sh - irt report over back-dated incidents with a pinned
# clock: counts by severity and stage, median and mean response times,
# deadline compliance per band, the missed list, the period, text and
# JSON, usage errors.
. "$IRT_SRC/tests/lib.sh"

# The clock is pinned throughout, so every run is of the test build.
need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-06-01T12:00:00Z"

# 1: high, reported Mon 2 Mar 09:00, acked after 1h, contained after 1d,
#    fixed after 3d (well within 28 days): acknowledge and remediate met.
check "1" $IRT new "Login bypass" --severity high --owner alice --reported "2026-03-02T09:00Z"
check "1 ack" $IRT ack 1 --at "2026-03-02T10:00Z"
check "1 contain" $IRT advance 1 --at "2026-03-03T09:00Z"
check "1 containment" $IRT set 1 containment "flag off"
check "1 fix" $IRT advance 1 --at "2026-03-04T09:00Z"
check "1 root cause" $IRT set 1 root-cause "missing check"
check "1 fix-ref" $IRT set 1 fix-ref "v1.0.1"
check "1 notify" $IRT advance 1 --at "2026-03-05T09:00Z"
# 2: critical, reported Mon 2 Mar 09:00, acked after 3h, contained after
#    3d, still in fix: remediation (14 days) overdue.
check "2" $IRT new "Data exposure <b>x</b>" --severity critical --owner bob --reported "2026-03-02T09:00Z"
check "2 ack" $IRT ack 2 --at "2026-03-02T12:00Z"
check "2 contain" $IRT advance 2 --at "2026-03-04T09:00Z"
check "2 containment" $IRT set 2 containment "rolled back"
check "2 fix" $IRT advance 2 --at "2026-03-05T09:00Z"
# 3: medium, reported Mon 2 Mar 09:00, acked Fri 6 Mar (after 2 business
#    days): acknowledgement missed; remediation (42 days) overdue by June.
check "3" $IRT new "Slow page" --severity medium --owner carol --reported "2026-03-02T09:00Z"
check "3 ack" $IRT ack 3 --at "2026-03-06T09:00Z"
# 4: reported in May, unrated, never acknowledged: overdue.
check "4" $IRT new "Odd log line" --reported "2026-05-20T09:00Z"

expect_exit 0 $IRT report --json
cp "$T/out" "$T/r.json"
check "format" jq -e '.format == "irt-report/2"' "$T/r.json" >/dev/null
R='.report'
equals "$(jq "$R.incidents" "$T/r.json")" 4 "incidents"
equals "$(jq "$R.open" "$T/r.json")" 4 "open"
equals "$(jq -c "$R.by_severity" "$T/r.json")" \
	'{"critical":1,"high":1,"medium":1,"low":0,"none":0,"unrated":1}' "by severity"
equals "$(jq -c "$R.by_stage" "$T/r.json")" \
	'{"detect":2,"contain":0,"fix":1,"notify":1,"review":0,"closed":0}' "by stage"
# Acknowledge: 1h, 3h, 4d -> median 3h, mean (1h + 3h + 96h) / 3.
equals "$(jq "$R.response_times.acknowledge.n" "$T/r.json")" 3 "ack n"
equals "$(jq "$R.response_times.acknowledge.median_ms" "$T/r.json")" 10800000 "ack median"
equals "$(jq "$R.response_times.acknowledge.mean_ms" "$T/r.json")" \
	$(((3600 + 10800 + 345600) * 1000 / 3)) "ack mean"
# Contain: 2d (#1), 3d (#2); fix: 3d (#1); notify: none yet.
equals "$(jq "$R.response_times.contain.median_ms" "$T/r.json")" \
	$(((2 + 3) * 86400000 / 2)) "contain median"
equals "$(jq "$R.response_times.fix.n" "$T/r.json")" 1 "fix n"
equals "$(jq "$R.response_times.fix.mean_ms" "$T/r.json")" 259200000 "fix mean"
equals "$(jq "$R.response_times.notify.median_ms" "$T/r.json")" null "notify"
equals "$(jq -c "$R.deadline_compliance.high.remediate" "$T/r.json")" \
	'{"met":1,"missed":0,"open":0,"overdue":0,"due":1,"rate_percent":100}' "high remediate met"
# Unrated: its own row; its acknowledgement counts (overdue).
equals "$(jq -c "$R.deadline_compliance.unrated.acknowledge" "$T/r.json")" \
	'{"met":0,"missed":0,"open":0,"overdue":1,"due":1,"rate_percent":0}' "unrated ack"
equals "$(jq "$R.deadline_compliance.critical.remediate.overdue" "$T/r.json")" 1 \
	"critical overdue"
equals "$(jq "$R.deadline_compliance.medium.acknowledge.missed" "$T/r.json")" 1 \
	"medium ack missed"
equals "$(jq -c "[$R.missed[] | [.id, .deadline, .state]]" "$T/r.json")" \
	'[[3,"acknowledge","missed"],[2,"remediate","overdue"],[3,"remediate","overdue"],[4,"acknowledge","overdue"]]' \
	"missed list, by due time"
equals "$(jq -r "$R.missed[1].title" "$T/r.json")" "Data exposure <b>x</b>" "title"

# Text.
expect_exit 0 $IRT report
contains "$T/out" "Incidents reported at any time: 4 (4 open, 0 closed)"
contains "$T/out" "critical 1"
contains "$T/out" "Missed and overdue deadlines"
contains "$T/out" "overdue by"
contains "$T/out" "Data exposure <b>x</b>"

# The period: by report time, until exclusive.
expect_exit 0 $IRT report --since 2026-05-01 --json
equals "$(jq .report.incidents "$T/out")" 1 "since"
expect_exit 0 $IRT report --until 2026-05-20T09:00Z --json
equals "$(jq .report.incidents "$T/out")" 3 "until is exclusive"
expect_exit 0 $IRT report --since 2027-01-01
contains "$T/out" ": 0 (0 open, 0 closed)"
contains "$T/out" "Missed and overdue deadlines: none"

# Usage.
expect_exit 2 $IRT report --since yesterday-ish
expect_exit 2 $IRT report --since 2026-05-01 --until 2026-04-01
expect_exit 2 $IRT report extra
expect_exit 0 $IRT report --help

done_ok
