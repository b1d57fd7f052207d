#!/usr/bin/env bash
# Faults: irt killed mid-write, a write lock held past the busy timeout,
# a full disk (file-size limit), a read-only database, a corrupt file.
# Afterwards the database passes integrity_check and verify, and every
# write irt reported as done is there. RUNS (default 25) kill rounds.
. "$IRT_SRC/tests/lib.sh"

runs=${RUNS:-25}
"$IRT" new "Crash target" --severity low >/dev/null

# SIGKILL at random points during a run of writes (notes, new incidents,
# stage changes). Each write that exited 0 is logged; all must survive.
writes() {
	local i=0
	while :; do
		i=$((i + 1))
		"$IRT" note 1 "round $1 note $i" && echo "note round $1 note $i" >>"$T/done"
		if [ $((i % 5)) -eq 0 ]; then
			id=$("$IRT" new "round $1 incident $i") &&
				echo "new $id" >>"$T/done" &&
				"$IRT" advance "$id" --force --reason "drill" &&
				echo "advance $id" >>"$T/done"
		fi
	done
}
: >"$T/done"
for r in $(seq 1 "$runs"); do
	writes "$r" 2>/dev/null &
	pid=$!
	sleep "0.$((RANDOM % 30 + 5))"
	# Kill the loop and whatever irt it is running, mid-write.
	pkill -KILL -P "$pid" 2>/dev/null
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
equals "$(sqlite3 "$IRT_DB" 'PRAGMA integrity_check')" ok "integrity after kills"
check "verify after kills" "$IRT" verify
"$IRT" timeline 1 --json | jq -r '.events[] | select(.kind=="note") | .text' >"$T/notes"
lost=0
while read -r kind a b; do
	case $kind in
	note) grep -qxF "$a $b" "$T/notes" || lost=$((lost + 1)) ;;
	new) "$IRT" show "$a" >/dev/null || lost=$((lost + 1)) ;;
	advance) [ "$("$IRT" show "$a" --json | jq -r .incident.stage)" = contain ] ||
		lost=$((lost + 1)) ;;
	esac
done <"$T/done"
equals "$lost" 0 "writes reported done but lost"
echo "kill rounds: $runs, writes reported done: $(wc -l <"$T/done"), lost: $lost"

# A write lock held longer than the busy timeout: clear error, exit 1,
# nothing half-written.
before=$("$IRT" show 1 --json | jq .incident.events)
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
expect_exit 1 env IRT_BUSY_TIMEOUT_MS=300 "$IRT" note 1 "blocked"
contains "$T/err" "database busy"
expect_exit 0 "$IRT" list
echo "ROLLBACK;" >&7
exec 7>&-
wait "$lockpid"
equals "$("$IRT" show 1 --json | jq .incident.events)" "$before" "no half write"
check "writes again" "$IRT" note 1 "unblocked"

# Full disk: a file-size limit stops the database growing.
cp "$IRT_DB" "$T/full.db"
cp "$IRT_DB-wal" "$T/full.db-wal" 2>/dev/null || true
"$IRT" --db "$T/full.db" verify
big=$(head -c 2000000 /dev/zero | tr '\0' 'x')
size=$(($(stat -c %s "$T/full.db") / 512 + 64))
(
	trap '' XFSZ
	ulimit -f "$size"
	printf '%s' "$big" | "$IRT" --db "$T/full.db" note 1 - 2>"$T/full.err"
	echo $? >"$T/full.rc"
)
equals "$(cat "$T/full.rc")" 1 "full disk exit status"
contains "$T/full.err" "irt: "
equals "$(sqlite3 "$T/full.db" 'PRAGMA integrity_check')" ok "integrity after full disk"
check "verify after full disk" "$IRT" --db "$T/full.db" verify
lacks <("$IRT" --db "$T/full.db" timeline 1 --json | jq -r '.events[].text') "xxxxxxxxxx"

# A read-only database (a read-only mount of its directory): reading
# works, writing fails clearly, nothing changes.
mkdir -p "$T/ro"
"$IRT" --db "$T/ro/irt.db" new "Read-only" >/dev/null
sqlite3 "$T/ro/irt.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sum=$(sha256sum "$T/ro/irt.db")
if unshare -m true 2>/dev/null; then
	unshare -m bash -c "mount --bind '$T/ro' '$T/ro' && mount -o remount,bind,ro '$T/ro' &&
		'$IRT' --db '$T/ro/irt.db' note 1 'blocked' 2>'$T/ro.err'; echo \$? >'$T/ro.rc';
		'$IRT' --db '$T/ro/irt.db' show 1 >'$T/ro.out' 2>&1; echo \$? >'$T/ro2.rc'"
	equals "$(cat "$T/ro.rc")" 1 "read-only write exit status"
	contains "$T/ro.err" "read-only"
else
	chattr +i "$T/ro/irt.db" "$T/ro" || fail "neither unshare nor chattr available"
	expect_exit 1 "$IRT" --db "$T/ro/irt.db" note 1 "blocked"
	chattr -i "$T/ro/irt.db" "$T/ro"
fi
equals "$(sha256sum "$T/ro/irt.db")" "$sum" "read-only database untouched"

# A corrupt database: a clear error, and the file is not made worse.
cp "$T/ro/irt.db" "$T/corrupt.db"
printf 'garbage garbage garbage' | dd of="$T/corrupt.db" bs=1 seek=100 conv=notrunc 2>/dev/null
dd if=/dev/urandom of="$T/corrupt.db" bs=1024 seek=1 count=2 conv=notrunc 2>/dev/null
sum=$(sha256sum "$T/corrupt.db")
expect_exit 1 "$IRT" --db "$T/corrupt.db" note 1 "x"
contains "$T/err" "irt: "
equals "$(sha256sum "$T/corrupt.db")" "$sum" "corrupt file untouched"
done_ok
