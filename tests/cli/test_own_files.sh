#!/usr/bin/env bash
# An export or a backup never writes over the database or its -wal,
# -shm or -journal file, by whatever name the path reaches it (itself,
# a symlink, a hard link, "..", a symlink that leads nowhere yet): refused,
# exit 2, the database intact and still in use by others.
. "$IRT_SRC/tests/lib.sh"
sqlite_only "exports refusing to write over the database file, its -wal and -shm"

check "new" "$IRT" new "Keep me" --severity high
check "note" "$IRT" note 1 "still here"
mkdir -p "$T/sub"
ln -s "$IRT_DB" "$T/link.json"
ln "$IRT_DB" "$T/hard.json"
ln -s "$IRT_DB-journal" "$T/dangling.json"
sqlite3 "$IRT_DB" "PRAGMA journal_mode" | grep -q wal || fail "database not in WAL"
before=$(sqlite3 "$IRT_DB" "SELECT count(*) FROM events")

for target in "$IRT_DB" "$IRT_DB-wal" "$IRT_DB-shm" "$IRT_DB-journal" \
	"$T/link.json" "$T/hard.json" "$T/dangling.json" "$T/sub/../irt.db" \
	"$T/sub/../irt.db-wal"; do
	for fmt in json md; do
		expect_exit 2 "$IRT" export 1 --format $fmt -o "$target"
		contains "$T/err" "refusing to write over it"
	done
	expect_exit 2 "$IRT" backup "$target"
	contains "$T/err" "refusing to write over it"
done
contains "$T/err" "the wal file of the database"
check "dangling link still dangling" test ! -e "$IRT_DB-journal"
check "symlink still a symlink" test -L "$T/link.json"
equals "$(sqlite3 "$IRT_DB" "SELECT count(*) FROM events")" "$before" "every event kept"
check "still verifies" "$IRT" verify
check "still writable" "$IRT" note 1 "and writable"

# Other paths are fine, including one beside the database.
check "export beside" "$IRT" export 1 --format json -o "$T/irt.db.json"
check "backup beside" "$IRT" backup "$T/irt.db.bak"
check "backup verifies" "$IRT" --db "$T/irt.db.bak" verify
done_ok
