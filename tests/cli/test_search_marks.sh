#!/bin/bash
# test_search_marks.sh - a search hit deep inside a long note: its snippet
# is cut from the note's stored token marks (search_marks), and is the
# snippet irt gives without them, for matches on either side of a mark,
# in notes recorded, imported, and already there when the marks' migration
# ran; marks that do not fit their note are not trusted.
. "$IRT_SRC/tests/lib.sh"
sqlite_only "the SQLite engine's index of long notes"

# A note of about 280 KiB: 40,000 tokens of mixed text (accents, CJK,
# sentence ends, runs of blanks) with target words at known positions,
# around the marks (every 512th token) and far from them.
POSITIONS="0 11 12 500 511 512 513 1023 1024 1025 5000 19999 20000 20480 33333 39987 39999"
python3 - "$T/long.txt" $POSITIONS <<'PY'
import random, sys
random.seed(7)
filler = ["alpha", "beta.", "gamma:", "épée", "日本語", "x1", "rollback", "z"]
seps = [" ", "  ", ", ", ". ", "\n", " - ", "\t"]
targets = {int(p): "mk%05d" % int(p) for p in sys.argv[2:]}
out = []
for i in range(40000):
    out.append(targets.get(i, random.choice(filler)))
    out.append(random.choice(seps))
open(sys.argv[1], "w").write("".join(out))
PY
check "new" $IRT new "Long notes" >/dev/null
check "long note" $IRT note 1 <"$T/long.txt"
check "short note" $IRT note 1 "mk00000 mk00512 in a short note"

# snippets DB: each target's hits (incident, event, snippet), one line each
snippets() {
	local p
	for p in $POSITIONS; do
		$IRT --db "$1" search "mk$(printf %05d "$p")" --json |
			jq -c '[.hits[] | [.incident, .event, .snippet]]' ||
			fail "irt search mk$p on $1"
	done
}

equals "$(db_sql "SELECT count(*) FROM search_marks")" 1 \
	"marks for the long note, none for the short one"
snippets "$IRT_DB" >"$T/with"
# Every target found, in the long note, its snippet holding it in brackets.
for p in $POSITIONS; do
	contains "$T/with" "[mk$(printf %05d "$p")]"
done

# Without the marks, the slow way: the same snippets.
db_sql "DELETE FROM search_marks"
snippets "$IRT_DB" >"$T/without"
check "the same snippets with and without marks" cmp -s "$T/with" "$T/without"

# Marks that do not fit the note are not trusted: a wrong token count,
# a mark past the note's end, a mark inside a word, a short blob.
for bad in "X'01000000'" \
	"X'40' || substr(X'0000000002000000', 1, 7) || zeroblob(312)" \
	"X'409c000000020000' || zeroblob(4) || X'ffffff7f' || zeroblob(304)" \
	"X'409c000000020000' || X'01000000' || zeroblob(308)"; do
	db_sql "DELETE FROM search_marks"
	db_sql "INSERT INTO search_marks SELECT k.key, $bad FROM search_keys k
		JOIN events e ON e.id = k.event_id WHERE length(e.text) > 100000"
	snippets "$IRT_DB" >"$T/bad"
	check "marks $bad ignored" cmp -s "$T/with" "$T/bad"
done

# Every mark a byte into its token (inside a word or a character).
# forge SHIFT: marks of the long note, each SHIFT tokens late, or a
# byte into its token for 0.
forge() {
	python3 - "$IRT_DB" "$1" <<'PY'
import sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
key, text = db.execute("SELECT k.key, e.text FROM search_keys k JOIN events e"
                       " ON e.id = k.event_id WHERE length(e.text) > 100000").fetchone()
raw = text.encode()
starts, i = [], 0
while i < len(raw):  # token starts as unicode61 has them for this text
    c = raw[i]
    word = c >= 0x80 or chr(c).isalnum()
    if word and (i == 0 or not (raw[i - 1] >= 0x80 or chr(raw[i - 1]).isalnum())):
        starts.append(i)
    i += 1
assert len(starts) == 40000, len(starts)
shift = int(sys.argv[2])  # bytes (into the token) or tokens (onwards)
marks = struct.pack("<II", len(starts), 512) + b"".join(
    struct.pack("<I", starts[k] + 1 if shift == 0 else starts[k + shift])
    for k in range(512, len(starts), 512))
db.execute("DELETE FROM search_marks")
db.execute("INSERT INTO search_marks VALUES (?, ?)", (key, marks))
db.commit()
PY
}
forge 0
snippets "$IRT_DB" >"$T/bad"
check "marks inside words ignored" cmp -s "$T/with" "$T/bad"
# A forged blob that fits its note is read (this is the path searches
# take): marks one token late move the windows that use them.
forge 1
snippets "$IRT_DB" >"$T/forged"
N_CHECKS=$((N_CHECKS + 1))
! cmp -s "$T/with" "$T/forged" || fail "the marks are not read"

# The migration that adds the marks fills them for the notes already
# there.
# (The migrations after it are undone here too: the hook state.)
marks_version=$(ls "$IRT_SRC"/data/migrations/*.sql | grep -n -- '-search-marks\.sql$' | cut -d: -f1)
db_sql "DROP TABLE search_marks; DROP TABLE hook_fired; PRAGMA user_version = $((marks_version - 1))"
snippets "$IRT_DB" >"$T/migrated"
equals "$(db_sql "PRAGMA user_version")" \
	"$(ls "$IRT_SRC"/data/migrations/*.sql | wc -l)" "migrated"
equals "$(db_sql "SELECT count(*) FROM search_marks")" 1 "marks filled by the migration"
check "the same snippets after the migration" cmp -s "$T/with" "$T/migrated"
check "verify after the migration" $IRT verify >/dev/null

# An imported incident's long note gets its marks with the import.
check "export" $IRT export 1 --format json -o "$T/inc.json"
check "import" $IRT --db "$T/b.db" import "$T/inc.json" >/dev/null
equals "$(sqlite3 "$T/b.db" "SELECT count(*) FROM search_marks")" 1 "marks of the import"
snippets "$T/b.db" | sed 's/^\[\[[0-9]*,/[[1,/' >"$T/imported"
sed 's/^\[\[[0-9]*,/[[1,/' "$T/with" >"$T/with1"
check "the imported note's snippets" cmp -s "$T/with1" "$T/imported"
done_ok
