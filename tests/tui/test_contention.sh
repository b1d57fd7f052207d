#!/usr/bin/env bash
# A crowded on-call host with people watching: two TUIs open on one
# database (one on the list, one on incident #1) while 8 command-line
# processes write to it (notes, corrective actions, owners). Every write
# is done and kept, the TUIs never show an error, still answer keys and
# show the new data (live refresh), and every chain verifies.
# tests/cli/test_contention.sh is the same crowd without the TUIs.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

# Ten processes on two loaded cores can wait longer than the default
# busy timeout; the point is that no write is dropped. Only the test build
# honours a longer one, so every run here, the TUIs too, is of irt-test.
need_hooked
IRT=$IRT_HOOKED
export IRT_BUSY_TIMEOUT_MS=30000

for i in 1 2 3 4; do "$IRT" new "Shared incident $i" --severity low >/dev/null; done
ops=${OPS:-20}

# The watchers: A on the list, B on incident #1 (timeline, newest first).
TUI_SESSION=a
tui_start 80 24
tui_wait_for "4 open incidents"
TUI_SESSION=b
tui_start 80 24
tui_wait_for "Shared incident 4"
keys G Enter
tui_wait_for "incident #1"
tui_wait_for "2 Actions (0)"

# Both status lines are sampled all along: an error must never show.
sampler() {
	while [ ! -e "$T/stop" ]; do
		for s in a b; do
			tmux -L "$TUI_SOCK" capture-pane -p -t "$s" 2>/dev/null |
				tail -n 1 >>"$T/samples.$s"
		done
		sleep 0.2
	done
}
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
sampler &
sampler_pid=$!
pids=()
for w in 1 2 3 4 5 6 7 8; do
	writer "$w" 2>>"$T/writer.err" &
	pids+=($!)
done
# While they write, the TUIs answer keys: help opens and closes in A,
# and B switches to the actions pane (where actions arrive) and back.
TUI_SESSION=a
keys '?'
tui_wait_for "Keys of the list view"
keys q
tui_wait_for "open incidents"
TUI_SESSION=b
keys 2
tui_wait_for "[ ] w"
keys 1
for p in "${pids[@]}"; do wait "$p"; done
touch "$T/stop"
wait "$sampler_pid"

total_ok=0
for w in 1 2 3 4 5 6 7 8; do
	read -r _ ok failed <"$T/writer.$w"
	equals "$failed" 0 "writer $w failures ($(cat "$T/writer.err" 2>/dev/null))"
	total_ok=$((total_ok + ok))
done
equals "$total_ok" $((8 * ops)) "every write done"
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
if sqlite_part "the SQLite file's integrity_check"; then
	equals "$(sqlite3 "$IRT_DB" 'PRAGMA integrity_check')" ok "integrity"
fi

# No error on either status line at any moment.
for s in a b; do
	[ -s "$T/samples.$s" ] || fail "no screen samples of $s"
	if grep -qiE "busy|locked|error|cannot|failed" "$T/samples.$s"; then
		fail "TUI $s showed an error: $(grep -iE "busy|locked|error|cannot|failed" "$T/samples.$s" | head -3)"
	fi
	N_CHECKS=$((N_CHECKS + 1))
done

# The TUIs show what was written (nobody pressed a key for it).
n1=$("$IRT" action list 1 --json | jq '.actions | length')
last_note=$("$IRT" timeline 1 --json |
	jq -r '[.events[] | select(.kind == "note")] | sort_by(.at_ms, .seq) | last | .text')
TUI_SESSION=b
tui_wait_for "2 Actions ($n1)"
tui_wait_for "$last_note"
"$IRT" note 1 "Final word from the CLI" >/dev/null
tui_wait_for "Final word from the CLI"
TUI_SESSION=a
"$IRT" new "Filed while watched" --severity high >/dev/null
tui_wait_for "5 open incidents"
tui_wait_for "Filed while watched"
"$IRT" close 2 --resolution duplicate --reason "same as #1" >/dev/null
tui_wait_for "4 open incidents"
tui_wait_gone "Shared incident 2"

# Both still run and quit cleanly.
keys q
equals "$(tui_wait_exit)" 0 "exit status of the list TUI"
TUI_SESSION=b
keys q q
equals "$(tui_wait_exit)" 0 "exit status of the incident TUI"
for s in a b; do
	[ ! -s "$T/tui.err.$s" ] || fail "TUI $s stderr: $(cat "$T/tui.err.$s")"
done
check "verify at the end" "$IRT" verify
done_ok
