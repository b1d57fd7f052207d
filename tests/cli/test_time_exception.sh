#!/usr/bin/env bash
# A time the ordering rules refuse (history kept elsewhere) goes in only
# with --force --reason: the exception is recorded on the one event that
# needs it, shown in the timeline, carried by the export, honoured by
# verify and import; the future stays refused; an exception on an event
# that did not need one, or one forged into the record, does not verify.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT=$IRT_HOOKED
export IRT_NOW=2026-11-29T12:00:00Z
FORGE="$IRT_SRC/tests/cli/forge.py"
WHY="pager log: acked 07:50; the report was entered from the ticket"

"$IRT" new "Rebuilt from the ticket" --reported 2026-11-29T08:00Z >/dev/null
n_events() {
	"$IRT" timeline 1 --json | jq '.events | length'
}

# Without --force: refused, naming the rule and the way out; nothing kept.
expect_exit 2 "$IRT" ack 1 --at 2026-11-29T07:50Z
contains "$T/err" "before the report (2026-11-29 08:00:00 +00:00); nothing was recorded"
contains "$T/err" "goes in with --force --reason TEXT"
equals "$(n_events)" 1 "nothing recorded"
# --force needs a reason; a reason alone is not a force.
expect_exit 2 "$IRT" ack 1 --at 2026-11-29T07:50Z --force
contains "$T/err" "--force needs --reason TEXT"
expect_exit 2 "$IRT" ack 1 --at 2026-11-29T07:50Z --force --reason "  "
contains "$T/err" "--force needs --reason TEXT"
expect_exit 2 "$IRT" ack 1 --at 2026-11-29T07:50Z --reason "$WHY"
contains "$T/err" "--reason goes with --force"
equals "$(n_events)" 1 "still nothing recorded"

# With it: recorded at the time given, the exception and its reason kept.
check "forced ack" "$IRT" ack 1 --at 2026-11-29T07:50Z --force --reason "$WHY"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind == "ack")][0] | [.kind, .at, .data.forced_time] | join("|")' "$T/tl.json")" \
	"ack|2026-11-29T07:50:00.000Z|$WHY" "the ack and its exception"
"$IRT" timeline 1 >"$T/tl.txt"
contains "$T/tl.txt" "acknowledged (out of order, recorded anyway: $WHY)"

# The future is not an ordering rule: --force does not move it.
expect_exit 2 "$IRT" advance 1 --at +10m --force --reason "$WHY"
contains "$T/err" "nothing is recorded before it happens"
equals "$(n_events)" 2 "the future refused even forced"

# A force where no rule refuses records no exception.
check "owner" "$IRT" assign 1 dana --at 2026-11-29T08:05Z
check "severity" "$IRT" severity 1 high --at 2026-11-29T08:06Z
check "plain advance" "$IRT" advance 1 --at 2026-11-29T08:30Z --force --reason "not needed"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "advance")][0].data_raw')" \
	"" "no exception where none was needed"

# A report time moved past the acknowledgement, and an action done before
# it was added: refused, then recorded with their exceptions.
expect_exit 2 "$IRT" set 1 reported 2026-11-29T08:10Z
contains "$T/err" "would follow the acknowledgement or stage change"
check "forced report time" "$IRT" set 1 reported 2026-11-29T07:45Z --force --reason "$WHY"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.field == "reported")][0].data_raw')" \
	"" "a report time that breaks no rule carries no exception"
check "forced report time" "$IRT" set 1 reported 2026-11-29T08:10Z --force --reason "ticket opened 08:10"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.field == "reported")][1].data.forced_time')" \
	"ticket opened 08:10" "the report time's exception"
check "action" "$IRT" action add 1 "Rotate keys" --at 2026-11-29T09:00Z
expect_exit 2 "$IRT" action done 1 1 --at 2026-11-29T08:55Z
contains "$T/err" "action 1 is done before it was added"
check "forced done" "$IRT" action done 1 1 --at 2026-11-29T08:55Z --force --reason "done before the ticket"
# Close and reopen take --force with their own reason.
expect_exit 2 "$IRT" close 1 --resolution duplicate --reason "dup of #7" --at 2026-11-29T08:20Z
contains "$T/err" "contain is left at"
check "forced close" "$IRT" close 1 --resolution duplicate --reason "dup of #7" --at 2026-11-29T08:20Z --force
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "close")][0].data.forced_time')" \
	"dup of #7" "the close's exception is its reason"
check "forced reopen" "$IRT" reopen 1 --reason "not a dup" --at 2026-11-29T08:15Z --force
check "verifies" "$IRT" verify

# The export carries the exceptions; import honours them and verifies.
"$IRT" export 1 --format json -o "$T/one.json"
equals "$(jq '[.events[] | select(.data.forced_time)] | length' "$T/one.json")" 5 "five exceptions exported"
db_new copy COPY
check "import" "$IRT" --db "$COPY" import "$T/one.json"
check "the copy verifies" "$IRT" --db "$COPY" verify

# Forged: an exception added to an event that needed none, and one taken
# off an event that needed it, each re-hashed to agree with itself.
python3 "$FORGE" export "$T/one.json" "$T/needless.json" \
	--set 5 'data_raw={"forced_time":"because"}' || fail "forge needless"
db_new n N_DB
expect_exit 1 "$IRT" --db "$N_DB" import "$T/needless.json"
contains "$T/err" "a time exception is recorded only where an ordering rule refuses the time"
python3 "$FORGE" export "$T/one.json" "$T/stripped.json" \
	--set 2 'data_raw=' || fail "forge stripped"
db_new s S_DB
expect_exit 1 "$IRT" --db "$S_DB" import "$T/stripped.json"
contains "$T/err" "before the report"
# The same forgery in the database itself: verify names it.
db_copy forged FORGED
python3 "$FORGE" db "$FORGED" 1 --set 2 'data_raw=' || fail "forge db"
expect_exit 1 "$IRT" --db "$FORGED" verify
cat "$T/out" "$T/err" >"$T/both"
contains "$T/both" "before the report"
done_ok
