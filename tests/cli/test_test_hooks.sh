#!/usr/bin/env bash
# The test hooks stay out of irt as users build it: the real binary ($IRT)
# records the real time and waits its own busy timeout whatever IRT_NOW
# and IRT_BUSY_TIMEOUT_MS say, and holds neither name; the test build
# ($IRT_HOOKED, irt-test) honours both (docs/testing.md). Both binaries
# come from the environment, so .ci/run runs this on the release build too:
#   IRT=build-release/irt IRT_HOOKED=build-release/irt-test IRT_SRC=. \
#       bash tests/cli/test_test_hooks.sh
. "$IRT_SRC/tests/lib.sh"
need_hooked

# event_field TEXT FIELD: FIELD of the event of #1 whose text is TEXT.
event_field() {
	"$IRT" timeline 1 --json |
		jq -r --arg text "$1" ".events[] | select(.text == \$text) | .$2"
}

"$IRT" new "Clock check" >/dev/null

# irt: the real time, within 2 minutes, for when it happened and when it
# was recorded.
IRT_NOW=2020-01-01T00:00:00Z IRT_BUSY_TIMEOUT_MS=1 check "note by irt" \
	"$IRT" note 1 "by irt"
now_ms=$(($(date +%s) * 1000))
for field in at_ms recorded_ms; do
	ms=$(event_field "by irt" "$field")
	[[ $ms =~ ^[0-9]+$ ]] || fail "irt's note has no $field: '$ms'"
	check "irt's $field $ms is within 2 minutes of the real time $now_ms" \
		test $((ms > now_ms ? ms - now_ms : now_ms - ms)) -le 120000
done

# irt-test: the pinned time (in a database of its own: recorded times never
# go backwards, so 2020 cannot follow the real time in one database).
LIVE=$IRT_DB
db_new pinned IRT_DB
IRT_NOW=2020-01-01T00:00:00Z check "new by irt-test" "$IRT_HOOKED" new "Pinned"
IRT_NOW=2020-01-01T00:00:00Z IRT_BUSY_TIMEOUT_MS=1 check "note by irt-test" \
	"$IRT_HOOKED" note 1 "by irt-test"
equals "$(event_field "by irt-test" at)" 2020-01-01T00:00:00.000Z "irt-test's at"
equals "$(event_field "by irt-test" recorded)" 2020-01-01T00:00:00.000Z \
	"irt-test's recorded"
IRT_DB=$LIVE

# Another process holds the write lock. irt-test gives up after the 1 ms
# it is told; irt, told the same, waits its default 5 s and so is still
# waiting when irt-test has given up, and writes once the lock is gone.
db_lock
IRT_BUSY_TIMEOUT_MS=1 "$IRT" note 1 "after the lock" 2>"$T/waited.err" &
waiter=$!
db_wait_blocked "$waiter"
IRT_BUSY_TIMEOUT_MS=1 expect_exit 1 "$IRT_HOOKED" note 1 "refused"
contains "$T/err" "database busy"
check "irt is still waiting for the lock" kill -0 "$waiter"
db_unlock
check "irt waited and wrote: $(cat "$T/waited.err")" wait "$waiter"
equals "$(event_field "after the lock" kind)" note "irt's note after the lock"
equals "$(event_field refused kind)" "" "irt-test's refused note"

# Not even the names are in irt.
for name in IRT_NOW IRT_BUSY_TIMEOUT_MS; do
	equals "$(grep -ac "$name" "$IRT")" 0 "$name in $IRT"
	check "$name in $IRT_HOOKED" grep -aq "$name" "$IRT_HOOKED"
done

done_ok
