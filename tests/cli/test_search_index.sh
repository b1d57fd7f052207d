#!/bin/bash
# test_search_index.sh - irt verify checks the search index against the
# timeline it is made from: a note taken out of the full-text index, a
# key removed or pointed at another incident, a note's words replaced in
# the index, a long note's marks changed or removed, marks left for no
# note: each named ("search index: ..."), exit 1, while the record
# itself verifies entry by entry; irt copy makes a database whose index
# is whole again.
. "$IRT_SRC/tests/lib.sh"
sqlite_only "the SQLite engine's full-text index"

check "new" "$IRT" new "Indexed" >/dev/null
check "new 2" "$IRT" new "Other" >/dev/null
check "note" "$IRT" note 1 "rolled back the canary deploy"
check "note 2" "$IRT" note 2 "paged the database team"
python3 -c "print('long note ' + 'word ' * 4000 + 'end')" >"$T/long.txt"
check "long note" "$IRT" note 1 <"$T/long.txt"
check "clean" "$IRT" verify
cp "$IRT_DB" "$T/clean.db"

KEY="(SELECT k.key FROM search_keys k JOIN events e ON e.id = k.event_id
	WHERE e.text = 'rolled back the canary deploy')"
LONG="(SELECT k.key FROM search_keys k JOIN events e ON e.id = k.event_id
	WHERE length(e.text) > 8192)"

# tampered NAME SQL TEXT: on a copy of the clean database, SQL makes
# verify fail naming TEXT, and only the search index.
tampered() {
	cp "$T/clean.db" "$T/$1.db"
	sqlite3 "$T/$1.db" "$2" || fail "$1: the tampering SQL failed"
	expect_exit 1 "$IRT" --db "$T/$1.db" verify
	contains "$T/err" "irt: search index: $3"
	contains "$T/err" "irt: 1 problem ("
	# The notes are all still there, as recorded.
	expect_exit 0 "$IRT" --db "$T/$1.db" timeline 1
	contains "$T/out" "rolled back the canary deploy"
}

tampered unindexed "INSERT INTO search_fts (search_fts, rowid, text)
	VALUES ('delete', $KEY, 'rolled back the canary deploy')" \
	"1 note keyed but not indexed"
# ... which a search then misses.
expect_exit 0 "$IRT" --db "$T/unindexed.db" search canary
lacks "$T/out" "canary"

tampered unkeyed "DELETE FROM search_keys WHERE key = $KEY" \
	"1 entry with text missing (#1 event"
tampered moved "UPDATE search_keys SET incident_id = 2 WHERE key = $KEY" \
	"1 key naming no entry with text, or another incident or time"
tampered retimed "UPDATE search_keys SET key = key + 16384 * 1000 WHERE key = $KEY" \
	"1 key naming no entry with text, or another incident or time"
# Other words under the note's key: only FTS5's own check sees it.
tampered rewritten "INSERT INTO search_fts (search_fts, rowid, text)
	VALUES ('delete', $KEY, 'rolled back the canary deploy');
	INSERT INTO search_fts (rowid, text) VALUES ($KEY, 'nothing happened here')" \
	"the full-text index does not match the notes it was made from"
# ... under which a search for a word no note holds shows the note.
expect_exit 0 "$IRT" --db "$T/rewritten.db" search nothing
contains "$T/out" "back the canary deploy"
tampered marks "UPDATE search_marks SET marks = zeroblob(length(marks))" \
	"the marks of a long note were changed"
tampered unmarked "DELETE FROM search_marks" "no marks for a long note"
tampered stray "INSERT INTO search_marks VALUES ($KEY, zeroblob(8))" \
	"marks for a note that is not long or not there"

# The record is whole: a copy of it has an index of its own, whole.
check "copy" "$IRT" copy --from "$T/rewritten.db" --to "$T/copied.db"
check "the copy verifies" "$IRT" --db "$T/copied.db" verify
expect_exit 0 "$IRT" --db "$T/copied.db" search canary
contains "$T/out" "[canary]"
done_ok
