#!/usr/bin/env bash
# A team on one server, and its faults: 8 writers on connections of
# their own append notes to one incident and to others at once while two
# TUIs watch (tmux): every note acknowledged (exit 0) is there exactly
# once, verify passes, and the TUIs show the others' notes within about
# a second. Then irt killed (-9) in the middle of writes, and the server
# stopped as a crash would (cluster.sh stop --immediate) and started
# again while a writer runs: every acknowledged note is on the server,
# nothing half-written, verify passes; the TUI open meanwhile says the
# connection was lost, keeps what was typed in its note form, records
# it once the server is back, and shows others' notes again.
# Needs $IRT_HOOKED (a long busy timeout for ten processes on two
# cores) and $IRT_SRC.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"
need_hooked
IRT=$IRT_HOOKED
export IRT_BUSY_TIMEOUT_MS=30000
unset PGSERVICE PGSERVICEFILE PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT

CLUSTER="$T/cluster"
chmod 0711 "$T" # the server may run as another user
trap 'touch "$T/stop.killed" "$T/stop.crash"; wait; tmux -L "$TUI_SOCK" kill-server 2>/dev/null; bash "$IRT_SRC/tests/pg/cluster.sh" stop "$CLUSTER" --immediate 2>/dev/null; rm -rf "$T"' EXIT
bash "$IRT_SRC/tests/pg/cluster.sh" start "$CLUSTER" >/dev/null || fail "the cluster did not start"
# shellcheck disable=SC1091
. "$CLUSTER/env"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE irt_test LOGIN" \
	-c "CREATE DATABASE irt OWNER irt_test LOCALE 'C' TEMPLATE template0" >/dev/null ||
	fail "cannot create the database"
export IRT_DB="postgresql://irt_test@/irt?host=$PGHOST&port=$PGPORT"
sql() { psql -X -At -d irt -c "$1"; }

for i in 1 2 3 4; do "$IRT" new "Shared incident $i" --severity low >/dev/null || fail "new $i"; done

# The watchers: A on the list, B on incident #1 (newest first).
TUI_SESSION=a
tui_start 100 30
tui_wait_for "4 open incidents"
TUI_SESSION=b
tui_start 100 30
tui_wait_for "Shared incident 4"
keys G Enter
tui_wait_for "incident #1"

# writer W N ID...: N notes, round the incidents given; each one irt
# acknowledged (exit 0) is logged in $T/acked.W, each refusal counted.
writer() {
	local w=$1 n=$2 i id failed=0
	shift 2
	local ids=("$@")
	for ((i = 1; i <= n; i++)); do
		id=${ids[$((i % ${#ids[@]}))]}
		if "$IRT" note "$id" "w$w note $i" --actor "w$w" 2>>"$T/writer.err"; then
			echo "w$w note $i" >>"$T/acked.$w"
		else
			failed=$((failed + 1))
		fi
	done
	echo "$failed" >"$T/failed.$w"
}
: >"$T/writer.err"
pids=()
for w in 1 2 3 4; do writer $w 12 1 & pids+=($!); done  # all on #1
for w in 5 6 7 8; do writer $w 12 2 3 4 1 & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done
for w in 1 2 3 4 5 6 7 8; do
	equals "$(cat "$T/failed.$w")" 0 "writer $w's refused notes ($(head -c 500 "$T/writer.err"))"
done
# Every acknowledged note exactly once, nothing else.
cat "$T"/acked.* | sort >"$T/acked"
equals "$(wc -l <"$T/acked")" 96 "notes acknowledged"
sql "SELECT text FROM irt.events WHERE kind = 'note' ORDER BY text" | sort >"$T/stored"
equals "$(cat "$T/stored")" "$(cat "$T/acked")" "every acknowledged note stored exactly once"
expect_exit 0 "$IRT" verify

# Live refresh: another writer's note shows in B, a new incident in A,
# within about a second each.
live() {
	local session=$1 text=$2 start=$SECONDS
	TUI_SESSION=$session TUI_WAIT=3 tui_wait_for "$text"
	[ $((SECONDS - start)) -le 2 ] || fail "$session took $((SECONDS - start)) s to show '$text'"
}
"$IRT" note 1 "seen live in the other terminal" --actor carol || fail "live note"
live b "seen live in the other terminal"
"$IRT" new "Live from another writer" >/dev/null || fail "live new"
live a "Live from another writer"
TUI_SESSION=b
screen_lacks "error"

# loop_writer NAME ID: notes to ID until $T/stop.NAME, each irt's pid in
# $T/pid.NAME while it runs, acknowledged ones in $T/acked.NAME.
loop_writer() {
	local name=$1 id=$2 i=0 pid
	: >"$T/acked.$name"
	while [ ! -e "$T/stop.$name" ]; do
		i=$((i + 1))
		"$IRT" note "$id" "$name note $i" 2>>"$T/$name.err" &
		pid=$!
		echo "$pid" >"$T/pid.$name"
		if wait "$pid"; then echo "$name note $i" >>"$T/acked.$name"; fi
	done
}
# stored_once NAME: every note NAME acknowledged is stored once; what
# is stored of NAME's was acknowledged, or was in flight when it died.
stored_once() {
	sql "SELECT text FROM irt.events WHERE text LIKE '$1 note %' ORDER BY text" | sort >"$T/stored.$1"
	sort "$T/acked.$1" >"$T/acked.$1.sorted"
	N_CHECKS=$((N_CHECKS + 1))
	[ -z "$(comm -23 "$T/acked.$1.sorted" "$T/stored.$1")" ] ||
		fail "acknowledged notes missing: $(comm -23 "$T/acked.$1.sorted" "$T/stored.$1" | head)"
	equals "$(uniq -d "$T/stored.$1")" "" "no note of $1 stored twice"
	[ "$(wc -l <"$T/acked.$1")" -gt 0 ] || fail "$1 acknowledged nothing"
}

# acked NAME N: NAME has at least N notes acknowledged.
acked() { [ "$(wc -l <"$T/acked.$1")" -ge "$2" ]; }

# kill -9 in the middle of writes, several times.
loop_writer killed 2 &
kw=$!
for k in 1 2 3 4 5; do
	wait_until "a note of round $k acknowledged" acked killed "$((2 * k))"
	kill -9 "$(cat "$T/pid.killed")" 2>/dev/null
done
touch "$T/stop.killed"
wait "$kw"
stored_once killed
expect_exit 0 "$IRT" verify

# The server crashes and starts again while a writer writes and the
# TUI B has a note half typed.
loop_writer crash 3 &
cw=$!
wait_until "notes before the crash" acked crash 3
TUI_SESSION=b
keys n
tui_wait_for "Note"
type_text "typed while the server was down"
bash "$IRT_SRC/tests/pg/cluster.sh" stop "$CLUSTER" --immediate || fail "the server did not stop"
keys Enter
tui_wait_for "lost"
screen_has "typed while the server was down"
n_down=$(wc -l <"$T/acked.crash")
bash "$IRT_SRC/tests/pg/cluster.sh" start "$CLUSTER" >/dev/null || fail "the server did not start again"
# shellcheck disable=SC1091
. "$CLUSTER/env"
[[ $IRT_DB == *"port=$PGPORT" ]] || fail "the server came back on another port ($PGPORT)"
wait_until "notes after the restart" acked crash "$((n_down + 3))"
touch "$T/stop.crash"
wait "$cw"
stored_once crash
# The form still holds the text; Enter records it now, once.
screen_has "typed while the server was down"
keys Enter
TUI_WAIT=10 tui_wait_for "Note added to #1"
typed_stored() { [ "$(sql "SELECT count(*) FROM irt.events WHERE text = 'typed while the server was down'")" = 1 ]; }
wait_until "the typed note stored" typed_stored
tui_wait_for "typed while the server was down"
"$IRT" note 1 "seen after the restart" --actor carol || fail "note after the restart"
TUI_WAIT=3 tui_wait_for "seen after the restart"
expect_exit 0 "$IRT" verify
equals "$(sql "SELECT count(*) FROM irt.events WHERE text = 'typed while the server was down'")" 1 "the typed note once"
done_ok
