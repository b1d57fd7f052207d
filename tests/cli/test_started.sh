#!/bin/bash
# test_started.sh - when an incident began (`started`): set with
# `irt new --started` or `irt set ID started`, never after the report
# (the rule book refuses it, and a report moved before the start); the
# post-mortem's time to detect (report less start) and its impact
# duration (from the start when known), read back from the Markdown;
# verify passes, and an export carrying it imports.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-04T12:00:00Z"

# ---- the rule: not after the report --------------------------------
expect_exit 2 $IRT new "Late start" --reported 2026-03-03T08:00Z \
	--started 2026-03-03T09:00Z
contains "$T/err" "the incident cannot have started (2026-03-03 09:00:00 +00:00) after it was reported (2026-03-03 08:00:00 +00:00)"
contains "$T/err" "nothing was recorded"
equals "$($IRT list --json | jq '.incidents | length')" 0 "nothing recorded"

check "new" $IRT new "Leaked tokens" --reported 2026-03-03T08:00Z \
	--started 2026-03-02T20:30Z
equals "$($IRT show 1 --json | jq -r '.incident.fields.started')" \
	"2026-03-02T20:30:00.000Z" "started stored as UTC ISO"
expect_exit 2 $IRT set 1 started 2026-03-03T08:00:01Z
contains "$T/err" "the incident cannot have started"
expect_exit 2 $IRT set 1 started 2026-03-03T10:00Z --force --reason "from the logs"
contains "$T/err" "the incident cannot have started"
expect_exit 2 $IRT set 1 reported 2026-03-02T20:00Z
contains "$T/err" "the report time 2026-03-02 20:00:00 +00:00 would come before the incident started (2026-03-02 20:30:00 +00:00)"
# At the report is allowed: detected the moment it began.
check "started at the report" $IRT set 1 started 2026-03-03T08:00Z
check "started earlier" $IRT set 1 started 2026-03-02T18:00Z
equals "$($IRT show 1 --json | jq -r '.incident.fields.started')" \
	"2026-03-02T18:00:00.000Z" "started changed"
check "ack" $IRT ack 1 --at 2026-03-03T08:20Z
check "close" $IRT close 1 --resolution resolved --reason "rotated" \
	--at 2026-03-03T12:00Z
expect_exit 0 $IRT verify
expect_exit 0 $IRT verify 1

# ---- the post-mortem -----------------------------------------------
expect_exit 0 $IRT export 1 -o "$T/pm.md"
sed -n '/^## Detection/,/^### Description/p' "$T/pm.md" >"$T/detection"
contains "$T/detection" "Started 2026-03-02 18:00:00 +00:00; time to detect: **14h 00m**."
contains "$T/detection" "time to acknowledge: **20m**"
lacks "$T/detection" "irt set 1 started TIME"
sed -n '/^## Impact/,/^### Scope/p' "$T/pm.md" >"$T/impact"
contains "$T/impact" "Duration: **18h 00m**, from the start (2026-03-02 18:00:00 +00:00) to the close (2026-03-03 12:00:00 +00:00)."
contains "$T/pm.md" "| Started | 2026-03-02 18:00:00 +00:00 |"

# Without a start: the hint and the command, the duration from the report.
check "new 2" $IRT new "No start known" --reported 2026-03-04T09:00Z
expect_exit 0 $IRT export 2 -o "$T/pm2.md"
sed -n '/^## Detection/,/^### Description/p' "$T/pm2.md" >"$T/detection2"
contains "$T/detection2" '`irt set 2 started TIME`'
lacks "$T/detection2" "time to detect:"
contains "$T/pm2.md" "Duration: **3h 00m**, from the report (2026-03-04 09:00:00 +00:00) until this export"
lacks "$T/pm2.md" "| Started |"
# Clearing it brings the hint back.
check "set started" $IRT set 2 started 2026-03-04T07:00Z
check "clear started" $IRT set 2 started ""
expect_exit 0 $IRT export 2 -o "$T/pm2.md"
contains "$T/pm2.md" '`irt set 2 started TIME`'
expect_exit 0 $IRT verify

# ---- the JSON export carries it and imports --------------------------
expect_exit 0 $IRT export 1 --format json -o "$T/one.json"
equals "$(jq -r '.incident.fields.started' "$T/one.json")" \
	"2026-03-02T18:00:00.000Z" "started in the export"
IRT_DB="$T/other.db" expect_exit 0 $IRT import "$T/one.json"
IRT_DB="$T/other.db" expect_exit 0 $IRT verify

done_ok
