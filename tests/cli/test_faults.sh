#!/usr/bin/env bash
# Faults: irt killed mid-write, a write lock held past the busy timeout,
# a full disk (file-size limit), a read-only database, a corrupt file.
# Afterwards the database passes integrity_check and verify, and every
# write irt reported as done is there. RUNS (default 25) kill rounds.
# The last lines give, per fault kind, the runs made and the writes
# checked.
. "$IRT_SRC/tests/lib.sh"
# The short busy timeout is the test build's ($IRT_HOOKED).
need_hooked

runs=${RUNS:-25}
"$IRT" new "Crash target" --severity low >/dev/null

# Incidents to import, exported from another database: the demo ones
# (stages, actions, notifications) and plain ones with a few notes.
"$IRT" --db "$T/source.db" demo >/dev/null
for i in $(seq 1 10); do
	id=$("$IRT" --db "$T/source.db" new "Imported incident $i" --severity medium)
	for n in 1 2; do "$IRT" --db "$T/source.db" note "$id" "imported $i note $n" >/dev/null; done
done
mkdir "$T/imports"
n_files=0
for id in $("$IRT" --db "$T/source.db" list --all --json | jq '.incidents[].id'); do
	n_files=$((n_files + 1))
	"$IRT" --db "$T/source.db" export "$id" --format json -o "$T/imports/$n_files.json"
done

# SIGKILL at random points during a run of writes (notes, new incidents,
# stage changes, imports). Each write that exited 0 is logged; all must
# survive.
writes() {
	local i=0 f
	while :; do
		i=$((i + 1))
		echo note >>"$T/tried"
		"$IRT" note 1 "round $1 note $i" && echo "note round $1 note $i" >>"$T/done"
		if [ $((i % 5)) -eq 0 ]; then
			echo new >>"$T/tried"
			id=$("$IRT" new "round $1 incident $i") &&
				echo "new $id" >>"$T/done" &&
				echo advance >>"$T/tried" &&
				"$IRT" advance "$id" --force --reason "drill" &&
				echo "advance $id" >>"$T/done"
		fi
		if [ $((i % 3)) -eq 0 ]; then
			f=$(((i / 3 + $1 * 7) % n_files + 1))
			echo import >>"$T/tried"
			"$IRT" import "$T/imports/$f.json" >/dev/null &&
				echo "import $f" >>"$T/done"
		fi
	done
}
: >"$T/done"
: >"$T/tried"
# Each round's writer runs in a process group of its own (job control),
# so one kill reaches the loop and whatever irt it is running at once:
# killing them one by one would let the loop start another irt in between,
# which would then write on while the checks below run.
set -m
for r in $(seq 1 "$runs"); do
	writes "$r" 2>/dev/null &
	pid=$!
	sleep "0.$((RANDOM % 30 + 5))"
	kill -KILL -- "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
set +m
# Nothing of the writers may outlive the rounds.
for _ in $(seq 1 100); do
	pgrep -f "round [0-9]+ " >/dev/null || break
	sleep 0.05
done
# The file's own integrity (SQLite); a server checks its own pages.
[ "$IRT_TEST_ENGINE" = pg ] || equals "$(sqlite3 "$IRT_DB" 'PRAGMA integrity_check')" ok "integrity after kills"
check "verify after kills" "$IRT" verify
"$IRT" timeline 1 --json | jq -r '.events[] | select(.kind=="note") | .text' >"$T/notes"
lost=0
while read -r kind a b; do
	case $kind in
	note) grep -qxF "$a $b" "$T/notes" || lost=$((lost + 1)) ;;
	new) "$IRT" show "$a" >/dev/null || lost=$((lost + 1)) ;;
	advance) [ "$("$IRT" show "$a" --json | jq -r .incident.stage)" = contain ] ||
		lost=$((lost + 1)) ;;
	import) ;; # below, once per file
	esac
done <"$T/done"
# Every file reported imported is there once, with every event of the
# export; one whose import was killed is there whole or not at all.
n_imported=0
for f in $(seq 1 "$n_files"); do
	uuid=$(jq -r .incident.uuid "$T/imports/$f.json")
	copies=$(db_sql "SELECT count(*) FROM incidents WHERE uuid = '$uuid'")
	if grep -qxF "import $f" "$T/done"; then
		n_imported=$((n_imported + 1))
		[ "$copies" = 1 ] || { echo "import $f: $copies copies" >&2; lost=$((lost + 1)); }
	fi
	[ "$copies" -le 1 ] || fail "import $f: $copies copies of $uuid"
	N_CHECKS=$((N_CHECKS + 1))
	if [ "$copies" = 1 ]; then
		id=$(db_sql "SELECT id FROM incidents WHERE uuid = '$uuid'")
		equals "$("$IRT" timeline "$id" --json | jq -c '[.events[].hash] | sort')" \
			"$(jq -c '[.events[].hash] | sort' "$T/imports/$f.json")" "events of import $f"
	fi
done
equals "$lost" 0 "writes reported done but lost"
kill_writes=$(grep -vc '^import' "$T/done")
kill_writes=$((kill_writes + n_imported))
kill_summary="$kill_writes writes checked ($(grep -c '^note' "$T/done") notes, \
$(grep -c '^new' "$T/done") new, $(grep -c '^advance' "$T/done") advances, \
$n_imported of $n_files files imported, by $(grep -c '^import' "$T/done") imports reported done), \
lost $lost; killed mid-write:"
for k in note new advance import; do
	kill_summary="$kill_summary $k $(($(grep -c "^$k" "$T/tried") - $(grep -c "^$k" "$T/done")))"
done

# What follows holds the lock in the sqlite3 shell and fills the disk
# and the directory under the SQLite file: about the file itself. The
# server's faults (a held lock, a dropped connection, a timeout, an
# unreachable server) are tests/pg/test_engine.sh's.
if [ "$IRT_TEST_ENGINE" = pg ]; then
	echo "$kill_summary"
	echo "test_faults.sh: the rest is about the SQLite file itself (a lock held in the sqlite3 shell, a full disk, a read-only directory); not run against PostgreSQL"
	done_ok
	exit 0
fi

# A write lock held longer than the busy timeout: each kind of write
# (note, new incident, advance, import) gives a clear error and exit 1,
# nothing half-written; reads go on.
"$IRT" --db "$T/source.db" new "Imported after the lock" >/dev/null
"$IRT" --db "$T/source.db" export $((n_files + 1)) --format json -o "$T/fresh.json"
fresh_uuid=$(jq -r .incident.uuid "$T/fresh.json")
before=$("$IRT" show 1 --json | jq -c '[.incident.events, .incident.stage]')
n_before=$("$IRT" list --all --json | jq '.incidents | length')
mkfifo "$T/lock"
sqlite3 "$IRT_DB" <"$T/lock" &
lockpid=$!
exec 7>"$T/lock"
echo "BEGIN IMMEDIATE; INSERT INTO incidents(id, uuid) VALUES (999999, 'lock');" >&7
# Wait until the shell really holds the write lock.
for _ in $(seq 1 200); do
	sqlite3 "$IRT_DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null || break
	sleep 0.05
done
busy_runs=0
for w in "note 1 blocked" "new Blocked" "advance 1 --force --reason blocked" \
	"import $T/fresh.json"; do
	# shellcheck disable=SC2086 # the words of the command
	expect_exit 1 env IRT_BUSY_TIMEOUT_MS=300 "$IRT_HOOKED" $w
	contains "$T/err" "database busy"
	busy_runs=$((busy_runs + 1))
done
expect_exit 0 "$IRT" list
echo "ROLLBACK;" >&7
exec 7>&-
wait "$lockpid"
equals "$("$IRT" show 1 --json | jq -c '[.incident.events, .incident.stage]')" "$before" \
	"no half write"
equals "$("$IRT" list --all --json | jq '.incidents | length')" "$n_before" "no new incident"
equals "$(sqlite3 "$IRT_DB" "SELECT count(*) FROM incidents WHERE uuid = '$fresh_uuid'")" 0 \
	"nothing imported"
check "writes again" "$IRT" note 1 "unblocked"
expect_exit 0 "$IRT" import "$T/fresh.json"
busy_summary="$busy_runs writes refused (note, new, advance, import), none stored; \
$n_before incidents and #1's $(echo "$before" | jq '.[0]') events unchanged; 2 writes after"

# Full disk: a file-size limit stops the database growing. Each write
# that does not fit fails clearly; the database stays whole.
cp "$IRT_DB" "$T/full.db"
cp "$IRT_DB-wal" "$T/full.db-wal" 2>/dev/null || true
"$IRT" --db "$T/full.db" verify
# An empty WAL, so that any large write has to grow a file.
sqlite3 "$T/full.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
events_before=$(sqlite3 "$T/full.db" "SELECT count(*) FROM events")
big=$(head -c 2000000 /dev/zero | tr '\0' 'x')
"$IRT" --db "$T/big.db" new "Big import" >/dev/null
printf '%s' "$big" | "$IRT" --db "$T/big.db" note 1 -
"$IRT" --db "$T/big.db" export 1 --format json -o "$T/big.json"
# 32 KiB more than the database (bash counts ulimit -f in KiB).
size=$(($(stat -c %s "$T/full.db") / 1024 + 32))
full_write() {
	case $1 in
	note) printf '%s' "$big" | "$IRT" --db "$T/full.db" note 1 - ;;
	set) printf '%s' "$big" | "$IRT" --db "$T/full.db" set 1 summary - ;;
	import) "$IRT" --db "$T/full.db" import "$T/big.json" ;;
	esac
}
full_runs=0
for w in note set import; do
	(
		trap '' XFSZ
		ulimit -f "$size"
		full_write "$w" 2>"$T/full.err" >/dev/null
		echo $? >"$T/full.rc"
	)
	equals "$(cat "$T/full.rc")" 1 "full disk exit status ($w)"
	contains "$T/full.err" "irt: "
	equals "$(sqlite3 "$T/full.db" 'PRAGMA integrity_check')" ok "integrity after full disk"
	full_runs=$((full_runs + 1))
done
check "verify after full disk" "$IRT" --db "$T/full.db" verify
equals "$(sqlite3 "$T/full.db" "SELECT count(*) FROM events")" "$events_before" \
	"events after full disk"
lacks <("$IRT" --db "$T/full.db" timeline 1 --json | jq -r '.events[].text') "xxxxxxxxxx"
lacks <("$IRT" --db "$T/full.db" list --all) "Big import"

# A read-only database (a read-only mount of its directory): each kind
# of write fails clearly, nothing changes. (irt needs to write beside the
# database even to read it, WAL's shared memory file, and says so.)
mkdir -p "$T/ro"
"$IRT" --db "$T/ro/irt.db" new "Read-only" >/dev/null
sqlite3 "$T/ro/irt.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sum=$(sha256sum "$T/ro/irt.db")
ro_writes=("note 1 blocked" "new Blocked" "advance 1 --force --reason blocked" "import $T/fresh.json")
if unshare -m true 2>/dev/null; then
	script="mount --bind '$T/ro' '$T/ro' && mount -o remount,bind,ro '$T/ro' || exit 1"
	for k in "${!ro_writes[@]}"; do
		script="$script; '$IRT' --db '$T/ro/irt.db' ${ro_writes[k]} 2>'$T/ro.err.$k' >/dev/null; echo \$? >'$T/ro.rc.$k'"
	done
	script="$script; '$IRT' --db '$T/ro/irt.db' show 1 >'$T/ro.out' 2>&1; echo \$? >'$T/ro.read'"
	unshare -m bash -c "$script"
	for k in "${!ro_writes[@]}"; do
		equals "$(cat "$T/ro.rc.$k")" 1 "read-only write exit status (${ro_writes[k]})"
		contains "$T/ro.err.$k" "read-only"
	done
	equals "$(cat "$T/ro.read")" 1 "read-only database read"
	contains "$T/ro.out" "read-only"
else
	chattr +i "$T/ro/irt.db" "$T/ro" || fail "neither unshare nor chattr available"
	for w in "${ro_writes[@]}"; do
		# shellcheck disable=SC2086 # the words of the command
		expect_exit 1 "$IRT" --db "$T/ro/irt.db" $w
	done
	chattr -i "$T/ro/irt.db" "$T/ro"
fi
equals "$(sha256sum "$T/ro/irt.db")" "$sum" "read-only database untouched"

# A corrupt database: a clear error for each kind of write and for a
# read, and the file is not made worse.
cp "$T/ro/irt.db" "$T/corrupt.db"
printf 'garbage garbage garbage' | dd of="$T/corrupt.db" bs=1 seek=100 conv=notrunc 2>/dev/null
dd if=/dev/urandom of="$T/corrupt.db" bs=1024 seek=1 count=2 conv=notrunc 2>/dev/null
sum=$(sha256sum "$T/corrupt.db")
corrupt_runs=0
for w in "note 1 x" "new Corrupted" "advance 1 --force --reason x" "import $T/fresh.json" \
	"list" "verify"; do
	# shellcheck disable=SC2086 # the words of the command
	expect_exit 1 "$IRT" --db "$T/corrupt.db" $w
	contains "$T/err" "irt: "
	corrupt_runs=$((corrupt_runs + 1))
done
equals "$(sha256sum "$T/corrupt.db")" "$sum" "corrupt file untouched"

echo "per fault kind:"
echo "  kill -9    $runs rounds; $kill_summary"
echo "  busy lock  $busy_runs runs; $busy_summary"
echo "  full disk  $full_runs runs; $full_runs writes refused, $events_before events intact"
echo "  read-only  ${#ro_writes[@]} runs; ${#ro_writes[@]} writes refused, file unchanged"
echo "  corrupt    $corrupt_runs runs; all refused, file unchanged"
done_ok
