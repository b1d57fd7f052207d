#!/usr/bin/env bash
# irt policy: the reference defaults, audited changes with their exit
# statuses, the policy timeline (who, when, old, new, reason), its
# append-only table and hash chain, and the notify gate following the
# stored policy.
. "$IRT_SRC/tests/lib.sh"
# Changes at pinned times are made by the test build, $IRT_HOOKED.
need_hooked

# Defaults of the reference policy, before anything is set.
# Reading the policy of a database that does not exist creates nothing.
expect_exit 1 "$IRT" policy
contains "$T/err" "no irt database at $IRT_DB"
! db_created || fail "reading the policy created a database"
check "init" "$IRT" init
expect_exit 0 "$IRT" policy
contains "$T/out" "ack-business-days	2"
contains "$T/out" "remediate.critical	14"
contains "$T/out" "remediate.high	28"
contains "$T/out" "remediate.medium	42"
contains "$T/out" "remediate.low	90"
contains "$T/out" "zone	UTC"
contains "$T/out" "holidays	none"
contains "$T/out" "due-soon	1d"
contains "$T/out" "notify.critical	platform,customers"
contains "$T/out" "notify.medium	platform"
contains "$T/out" "notify.low	none"
equals "$("$IRT" policy show remediate.high)" 28 "show KEY prints the value alone"
equals "$("$IRT" policy show --json | jq -c .policy.remediate_days)" \
	'{"critical":14,"high":28,"medium":42,"low":90}' "remediation days in JSON"
equals "$("$IRT" policy show --json | jq -r .format)" irt-policy/1 "format"
equals "$("$IRT" policy show --json | jq -c .policy.notify.high)" \
	'["platform","customers"]' "notify audiences in JSON"
expect_exit 0 "$IRT" policy log
equals "$(cat "$T/out")" "" "no changes yet"

# Changes, each recorded with who and why.
IRT_NOW=2026-03-02T09:00:00Z expect_exit 0 "$IRT_HOOKED" policy set remediate.critical 7 \
	--reason "regulator wants a week"
contains "$T/out" "remediate.critical: 14 -> 7"
IRT_NOW=2026-03-02T09:05:00Z expect_exit 0 "$IRT_HOOKED" --actor bob policy set zone Europe/Berlin
IRT_NOW=2026-03-02T09:06:00Z expect_exit 0 "$IRT_HOOKED" policy set holidays "2026-12-26, 2026-12-25"
IRT_NOW=2026-03-02T09:07:00Z expect_exit 0 "$IRT_HOOKED" policy set holidays.add 2026-01-01
IRT_NOW=2026-03-02T09:08:00Z expect_exit 0 "$IRT_HOOKED" policy set holidays.remove 2026-12-26
IRT_NOW=2026-03-02T09:09:00Z expect_exit 0 "$IRT_HOOKED" policy set due-soon 36h
IRT_NOW=2026-03-02T09:10:00Z expect_exit 0 "$IRT_HOOKED" policy set notify.low internal,platform
IRT_NOW=2026-03-02T09:11:00Z expect_exit 0 "$IRT_HOOKED" policy set ack-business-days 3 --json
equals "$(jq -c '.change | [.key, .old, .new, .changed, .seq]' "$T/out")" \
	'["ack-business-days","2","3",true,8]' "set --json"
equals "$("$IRT" policy show holidays)" "2026-01-01,2026-12-25" "holidays sorted, edited"
equals "$("$IRT" policy show due-soon)" "1d12h" "due-soon canonical"
equals "$("$IRT" policy show notify.low)" "platform,internal" "audiences in fixed order"
equals "$("$IRT" policy show zone)" "Europe/Berlin" "zone"

# Setting the same value again records nothing.
expect_exit 0 "$IRT" policy set remediate.critical 7
contains "$T/out" "already 7; nothing recorded"

# Bad keys and values: exit 2, a message naming the problem, nothing written.
expect_exit 2 "$IRT" policy set remediate.urgent 3
contains "$T/err" 'unknown policy key "remediate.urgent"'
contains "$T/err" "remediate.critical"
expect_exit 2 "$IRT" policy set remediate.high soon
contains "$T/err" 'bad value "soon" for remediate.high'
expect_exit 2 "$IRT" policy set remediate.high 4000
expect_exit 2 "$IRT" policy set ack-business-days -1
expect_exit 2 "$IRT" policy set zone Mars/Olympus_Mons
contains "$T/err" "not a time zone"
expect_exit 2 "$IRT" policy set zone ../../etc/passwd
expect_exit 2 "$IRT" policy set holidays 2026-02-30
contains "$T/err" '"2026-02-30" is not a date'
expect_exit 2 "$IRT" policy set holidays.remove 2026-07-04
contains "$T/err" "2026-07-04 is not a holiday"
expect_exit 2 "$IRT" policy set due-soon soon
contains "$T/err" "a duration"
expect_exit 2 "$IRT" policy set notify.high press
contains "$T/err" 'unknown audience "press"'
expect_exit 2 "$IRT" policy set notify.high
contains "$T/err" "set needs KEY and VALUE"
expect_exit 2 "$IRT" policy set notify.high platform customers
expect_exit 2 "$IRT" policy frobnicate
contains "$T/err" 'unknown policy command "frobnicate"'
expect_exit 2 "$IRT" policy show colour
contains "$T/err" 'unknown policy key "colour"'
expect_exit 2 "$IRT" policy log --reason why
# Hostile bytes in a value are not sent to the terminal.
expect_exit 2 "$IRT" policy set zone $'\e]0;pwned\a'
lacks "$T/err" $'\e'
equals "$("$IRT" policy show remediate.high)" 28 "refused values changed nothing"

# The policy timeline: every change, in order, with who, when, old, new, why.
expect_exit 0 "$IRT" policy log
equals "$(wc -l <"$T/out")" 8 "eight changes"
contains "$T/out" "2026-03-02 09:00  tester      remediate.critical  14 -> 7  v1 from 2026-03-02 09:00  (regulator wants a week)"
contains "$T/out" "2026-03-02 09:05  bob         zone                UTC -> Europe/Berlin"
contains "$T/out" "holidays            none -> 2026-12-25,2026-12-26"
contains "$T/out" "holidays            2026-12-25,2026-12-26 -> 2026-01-01,2026-12-25,2026-12-26"
contains "$T/out" "holidays            2026-01-01,2026-12-25,2026-12-26 -> 2026-01-01,2026-12-25"
expect_exit 0 "$IRT" policy log --json
equals "$(jq -r .format "$T/out")" irt-policy-log/1 "log format"
equals "$(jq -r .verified "$T/out")" true "log verifies"
equals "$(jq -r '.changes[0] | [.seq, .actor, .key, .old, .new, .reason, .at] | join("|")' "$T/out")" \
	"1|tester|remediate.critical|14|7|regulator wants a week|2026-03-02T09:00:00.000Z" "first change"
equals "$(jq -r '.changes[1].prev_hash == .changes[0].hash' "$T/out")" true "chained"
equals "$(jq -r '.changes[0].prev_hash' "$T/out")" \
	0000000000000000000000000000000000000000000000000000000000000000 "genesis"

# Append-only: the database itself refuses edits and deletions.
! db_sql "UPDATE policy_events SET new_value = '70' WHERE seq = 1" 2>"$T/sqlerr" ||
	fail "an UPDATE of the policy timeline was allowed"
contains "$T/sqlerr" "append-only"
! db_sql "DELETE FROM policy_events WHERE seq = 2" 2>"$T/sqlerr" ||
	fail "a DELETE from the policy timeline was allowed"
contains "$T/sqlerr" "append-only"
expect_exit 0 "$IRT" policy log

# A policy changed behind irt's back is found by the log's check.
db_copy before BEFORE
db_sql "UPDATE policy SET value = '60' WHERE key = 'remediate.critical'"
expect_exit 1 "$IRT" policy log
contains "$T/err" "does not verify"
contains "$T/err" "stored policy differs"
# Rewriting history with the triggers out of the way breaks the chain.
db_restore "$BEFORE"
db_tamper "UPDATE policy_events SET new_value = '8' WHERE seq = 1;
	UPDATE policy SET value = '8' WHERE key = 'remediate.critical'"
expect_exit 1 "$IRT" policy log --json
equals "$(jq -r .verified "$T/out")" false "tampered log does not verify"
contains "$T/out" "policy change 1"
db_restore "$BEFORE"
expect_exit 0 "$IRT" policy log

# The notify gate asks what the stored policy requires.
check "new high" "$IRT" new "Session fixation" --severity high --owner dana
check "to notify" "$IRT" advance 1 --force --reason "testing the notify gate"
check "to notify" "$IRT" advance 1 --force --reason "testing the notify gate"
check "to notify" "$IRT" advance 1 --force --reason "testing the notify gate"
equals "$("$IRT" show 1 --json | jq -r .incident.stage)" notify "in notify"
expect_exit 3 "$IRT" advance 1
contains "$T/err" "[ ] platform notified (policy for high)"
contains "$T/err" "[ ] customers notified (policy for high)"
check "policy: only the platform for high" "$IRT" policy set notify.high platform
expect_exit 3 "$IRT" advance 1
contains "$T/err" "[ ] platform notified (policy for high)"
lacks "$T/err" "customers"
contains "$T/err" "1 of 1 gate items unmet"
check "policy: internal too" "$IRT" policy set notify.high platform,internal
expect_exit 3 "$IRT" advance 1
contains "$T/err" "[ ] internal notified (policy for high)"
check "policy: nobody for high" "$IRT" policy set notify.high none
expect_exit 0 "$IRT" advance 1
equals "$("$IRT" show 1 --json | jq -r .incident.stage)" review "gate passed once nothing is required"

# Another process sees a change at once (stored, not cached).
db_new other OTHER
check "another database" "$IRT" init "$OTHER"
IRT_DB=$OTHER expect_exit 0 "$IRT" policy show remediate.critical
equals "$(cat "$T/out")" 14 "another database keeps its own policy"

done_ok
