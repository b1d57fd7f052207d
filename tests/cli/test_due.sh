#!/usr/bin/env bash
# irt due, for cron (docs/hooks.md): the open incidents' deadlines that
# are overdue or due within --within (default the policy's due-soon),
# with pinned clocks; exit 0 when nothing is listed, 1 when something is
# or on a failure, 2 on usage errors; the overdue hooks fire once per
# incident, deadline and due time, across runs, and again for a deadline
# that moved.
. "$IRT_SRC/tests/lib.sh"
need_hooked
command -v jq >/dev/null || fail "jq is needed (tools/debian-packages.txt)"

IRT=$IRT_HOOKED
export IRT_NOW=2026-03-16T10:00:00Z # a Monday
HOOKS="$XDG_CONFIG_HOME/irt/hooks"
mkdir -p "$HOOKS"
printf '#!/bin/sh\nprintf "%%s\\t%%s\\n" "$1" "$(cat)" >>"%s"\n' "$T/fired" >"$HOOKS/10-record"
chmod +x "$HOOKS/10-record"
fired() { grep -c '^overdue' "$T/fired" 2>/dev/null || true; }

# Nothing at all: exit 0, nothing printed.
check "init" "$IRT" init
expect_exit 0 "$IRT" due
equals "$(cat "$T/out")" "" "nothing due: no output"

# 1: high, reported today, acknowledged: remediation in 28 days.
check "new 1" "$IRT" new "Fresh" --severity high --reported 2026-03-16T09:00:00Z
check "ack 1" "$IRT" ack 1 --at 2026-03-16T09:30:00Z
expect_exit 0 "$IRT" due
expect_exit 0 "$IRT" due --within 27d
expect_exit 1 "$IRT" due --within 28d
contains "$T/out" "remediate"
equals "$(fired)" 0 "due soon fires no overdue hook"

# 2: reported Thursday, not acknowledged: the two business days ran out
# this morning (Monday 09:00).
check "new 2" "$IRT" new "Unanswered" --severity medium --reported 2026-03-12T09:00:00Z
expect_exit 1 "$IRT" due --within 0
equals "$(wc -l <"$T/out")" 1 "one line"
equals "$(cut -f1-3 "$T/out")" "$(printf '2\tacknowledge\toverdue')" "the overdue deadline"
equals "$(fired)" 1 "the overdue hook fired"
doc=$(grep '^overdue' "$T/fired" | cut -f2-)
echo "$doc" | jq -e '.format == "irt-hook/1" and .kind == "overdue" and .event == null and
	.incident.id == 2 and .deadline.kind == "acknowledge" and .deadline.state == "overdue"' \
	>/dev/null || fail "the overdue document: $doc"

# Again: listed again, not fired again.
expect_exit 1 "$IRT" due
contains "$T/out" "Unanswered"
equals "$(fired)" 1 "fired once across two runs"

# JSON, oldest due first.
expect_exit 1 "$IRT" due --within 30d --json
jq -e '.format == "irt-due/1" and (.due | length) == 2 and .due[0].id == 2 and
	.due[0].deadline == "acknowledge" and .due[0].left_ms < 0 and
	.due[1].id == 1 and .due[1].state == "open"' "$T/out" >/dev/null ||
	fail "due --json: $(cat "$T/out")"

# #1's remediation deadline (28 days) passing later is another deadline:
# it fires too (#2's, 42 days, is not due yet).
IRT_NOW=2026-04-14T10:00:00Z expect_exit 1 "$IRT" due --within 0
equals "$(cut -f1,2 "$T/out" | paste -sd,)" "$(printf '2\tacknowledge,1\tremediate')" \
	"both overdue"
equals "$(fired)" 2 "#1's remediate deadline fired"
IRT_NOW=2026-04-14T10:00:00Z expect_exit 1 "$IRT" due --within 0
equals "$(fired)" 2 "and only once"

# Acknowledged and closed: nothing is due any more.
check "ack 2" "$IRT" ack 2 --at 2026-03-16T09:59:00Z
check "close 1" "$IRT" close 1 --resolution resolved --reason fixed
check "close 2" "$IRT" close 2 --resolution duplicate --reason "dup of 1"
expect_exit 0 "$IRT" due --within 30d

# --no-hooks lists only.
check "new 3" "$IRT" new "Old" --severity low --reported 2025-12-01T09:00:00Z
expect_exit 1 "$IRT" due --no-hooks
equals "$(fired)" 2 "--no-hooks fires nothing"
expect_exit 1 "$IRT" due
equals "$(fired)" 4 "then both of #3's deadlines fire"

# A failing overdue hook is reported; the listing's status stands.
printf '#!/bin/sh\nexit 7\n' >"$HOOKS/20-fail"
chmod +x "$HOOKS/20-fail"
IRT_NOW=2026-03-16T10:00:00Z check "new 4" "$IRT" new "Another" --severity low \
	--reported 2026-03-01T09:00:00Z
expect_exit 1 "$IRT" due --within 0
contains "$T/err" "irt: hook 20-fail (overdue, #4) failed (exit 7)"
rm "$HOOKS/20-fail"

# Usage errors: 2, nothing fired.
expect_exit 2 "$IRT" due --within soon
contains "$T/err" '--within "soon" is not a duration'
expect_exit 2 "$IRT" due extra

# A failure is never "nothing due": no database is exit 1, with why.
IRT_DB="$T/none.db" expect_exit 1 "$IRT" due
contains "$T/err" "no irt database"
# Nor is a database irt cannot read.
echo "not a database" >"$T/junk.db"
IRT_DB="$T/junk.db" expect_exit 1 "$IRT" due

# The hook state is outside the record: verify still passes.
check "verify" "$IRT" verify

done_ok
