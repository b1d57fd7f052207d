#!/usr/bin/env bash
# A crowded on-call host: 8 processes write to one database at once
# (notes, stage changes, actions, owners) while readers list, show and
# verify.
# Nothing is lost, no write silently dropped, every chain verifies.
. "$IRT_SRC/tests/lib.sh"

# Ten processes on two loaded cores (sanitizers, parallel tests) can wait
# longer than the default 5 s for their turn; the point here is that every
# write is either done or refused loudly, never dropped. Only the test
# build honours a longer busy timeout, so every run here is of irt-test.
need_hooked
IRT=$IRT_HOOKED
export IRT_BUSY_TIMEOUT_MS=30000

for i in 1 2 3 4; do "$IRT" new "Shared incident $i" --severity low >/dev/null; done
ops=${OPS:-25}

writer() {
	local w=$1 id ok=0 failed=0
	for i in $(seq 1 "$ops"); do
		id=$(((i + w) % 4 + 1))
		case $((i % 4)) in
		0) "$IRT" note "$id" "w$w op $i" --actor "w$w" ;;
		1) "$IRT" action add "$id" "w$w action $i" --owner "w$w" >/dev/null ;;
		2) "$IRT" assign "$id" "w$w" --stage review ;;
		3) "$IRT" note "$id" "w$w op $i" --kind decision ;;
		esac && ok=$((ok + 1)) || failed=$((failed + 1))
	done
	echo "$w $ok $failed" >"$T/writer.$w"
}
reader() {
	while [ ! -e "$T/stop" ]; do
		"$IRT" list --json >/dev/null || echo "list failed" >>"$T/reader.err"
		"$IRT" timeline 1 --json >/dev/null || echo "timeline failed" >>"$T/reader.err"
		# verify reads one snapshot: writers going on is not tampering.
		"$IRT" verify 2>>"$T/reader.err" || echo "verify failed" >>"$T/reader.err"
	done
}
reader &
r1=$!
reader &
r2=$!
pids=()
for w in 1 2 3 4 5 6 7 8; do
	writer "$w" 2>>"$T/writer.err" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
touch "$T/stop"
wait $r1 $r2

total_ok=0
for w in 1 2 3 4 5 6 7 8; do
	read -r _ ok failed <"$T/writer.$w"
	equals "$failed" 0 "writer $w failures ($(cat "$T/writer.err" 2>/dev/null))"
	total_ok=$((total_ok + ok))
done
equals "$total_ok" $((8 * ops)) "every write done"
[ ! -s "$T/reader.err" ] || fail "readers failed: $(cat "$T/reader.err")"
# Every reported note and action is there.
notes=0 actions=0
for id in 1 2 3 4; do
	"$IRT" timeline "$id" --json >"$T/tl.json"
	notes=$((notes + $(jq '[.events[] | select(.kind=="note")] | length' "$T/tl.json")))
	actions=$((actions + $("$IRT" action list "$id" --json | jq '.actions | length')))
done
n_note_ops=0 n_action_ops=0
for i in $(seq 1 "$ops"); do
	case $((i % 4)) in 0 | 3) n_note_ops=$((n_note_ops + 1)) ;; 1) n_action_ops=$((n_action_ops + 1)) ;; esac
done
equals "$notes" $((8 * n_note_ops)) "notes kept"
equals "$actions" $((8 * n_action_ops)) "actions kept"
check "chains verify" "$IRT" verify
# The file's own integrity (SQLite); a server checks its own pages.
[ "$IRT_TEST_ENGINE" = pg ] || equals "$(sqlite3 "$IRT_DB" 'PRAGMA integrity_check')" ok "integrity"
done_ok
