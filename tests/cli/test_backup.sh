#!/usr/bin/env bash
# `irt backup FILE` while other processes write: the copy is consistent,
# verifies, and can be restored as the manual describes.
. "$IRT_SRC/tests/lib.sh"
sqlite_only "irt backup writes a copy of the SQLite file with SQLite's online backup; a server's backup, a verified copy into an SQLite file, is tested by tests/pg/test_engine.sh"

"$IRT" new "Busy incident" >/dev/null
for i in $(seq 1 20); do "$IRT" note 1 "before backup $i"; done
writer() {
	for i in $(seq 1 80); do "$IRT" note 1 "during backup $1.$i" || exit 1; done
}
writer a &
pa=$!
writer b &
pb=$!
for k in 1 2 3; do
	check "backup $k" "$IRT" backup "$T/copy$k.db"
	check "copy $k verifies" "$IRT" --db "$T/copy$k.db" verify
	equals "$(stat -c %a "$T/copy$k.db")" 600 "copy mode"
	equals "$(sqlite3 "$T/copy$k.db" 'PRAGMA integrity_check')" ok "integrity $k"
	n=$("$IRT" --db "$T/copy$k.db" timeline 1 --json | jq '[.events[] | select(.kind=="note")] | length')
	[ "$n" -ge 20 ] || fail "copy $k lost notes ($n)"
done
wait $pa || fail "writer a"
wait $pb || fail "writer b"
check "final backup" "$IRT" backup "$T/final.db"
equals "$("$IRT" --db "$T/final.db" timeline 1 --json | jq '[.events[] | select(.kind=="note")] | length')" \
	180 "final copy complete"
ls "$T" | grep -q 'tmp-' && fail "temporary file left behind"

# Restore as documented: verify the copy, move it into place.
"$IRT" note 1 "after the backup" >/dev/null
check "restore verify" "$IRT" --db "$T/final.db" verify
rm -f "$IRT_DB" "$IRT_DB-wal" "$IRT_DB-shm"
mv "$T/final.db" "$IRT_DB"
check "restored verifies" "$IRT" verify
lacks <("$IRT" timeline 1) "after the backup"
check "restored is writable" "$IRT" note 1 "after restore"

# Bad destinations fail clearly and leave nothing.
expect_exit 1 "$IRT" backup /proc/irt-nowhere/copy.db
contains "$T/err" "cannot create"
expect_exit 2 "$IRT" backup
done_ok
