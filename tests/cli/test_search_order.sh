#!/bin/bash
# test_search_order.sh - which hits irt search returns, in what order:
# newest first by when things happened (a backdated note, an imported
# incident's notes by their own times, equal times last entered first);
# --rank by bm25, equal scores newest first; --limit N; one JSON shape
# whatever the options; events the index cannot key by time (16,385 in
# one millisecond, times beyond its range) merged in their place; and a
# database from before the time-keyed index, migrated, giving the hits the
# query irt ran before gave, in the same order, with its index whole and
# verify passing.
. "$IRT_SRC/tests/lib.sh"

# Writes pin the clock (the test build); searches run irt as installed.
need_hooked
A="$T/a.db" B="$T/b.db" R="$T/rank.db"
at() { # TIME COMMAND...: the command with the clock at TIME
	local now=$1
	shift
	IRT_NOW=$now check "$*" "$IRT_HOOKED" "$@" >/dev/null
}
# hits DB ARGS...: "incident:event" of each hit of irt search ARGS
hits() {
	local db=$1
	shift
	$IRT --db "$db" search "$@" --json >"$T/hits.json" ||
		fail "irt search $* failed"
	jq -r '[.hits[] | "\(.incident):\(.event)"] | join(" ")' "$T/hits.json"
}
# want DB FTS ORDER LIMIT: the same from SQL over the index, in the order
# the previous irt sorted with (ORDER: e.at_ms DESC, e.id DESC, after
# bm25 for rank).
want() {
	sqlite3 "$1" "SELECT group_concat(h, ' ') FROM (SELECT e.incident_id
		|| ':' || e.seq AS h FROM search_fts JOIN search_keys k ON
		k.key = search_fts.rowid JOIN events e ON e.id = k.event_id
		WHERE search_fts MATCH '$2' ORDER BY $3 LIMIT $4)"
}
NEWEST="e.at_ms DESC, e.id DESC"
RANK="bm25(search_fts), e.at_ms DESC, e.id DESC"

# ---- newest first, by when it happened --------------------------------
at 2026-03-04T12:00:00Z --db "$A" new Here --reported 2026-03-01T00:00:00Z
at 2026-03-04T12:01:00Z --db "$A" note 1 "alpha three days back" --at 2026-03-01T12:00:00Z
at 2026-03-04T12:02:00Z --db "$A" note 1 "alpha one day back" --at 2026-03-03T12:00:00Z
at 2026-03-04T12:03:00Z --db "$A" note 1 "alpha just now"
at 2026-03-04T12:04:00Z --db "$A" note 1 "alpha at six, entered first" --at 2026-03-02T06:00:00Z
at 2026-03-04T12:05:00Z --db "$A" note 1 "alpha at six, entered second" --at 2026-03-02T06:00:00Z
# Another team's incident, imported after all of that: its notes go by
# their own times, among the others.
at 2026-03-04T11:00:00Z --db "$B" new There --reported 2026-03-01T00:00:00Z
at 2026-03-04T11:01:00Z --db "$B" note 1 "alpha two days back" --at 2026-03-02T12:00:00Z
at 2026-03-04T11:30:00Z --db "$B" note 1 "alpha half an hour back"
check "export" $IRT --db "$B" export 1 --format json -o "$T/b.json"
at 2026-03-04T12:10:00Z --db "$A" import "$T/b.json"
# (#2 is the import; the events are seq 2.. of each incident)
equals "$(hits "$A" alpha)" "1:4 2:3 1:3 2:2 1:6 1:5 1:2" \
	"newest first by time: backdated and imported notes in their place"
equals "$(jq -r '.hits[0].snippet, .hits[1].snippet, .hits[4].snippet' "$T/hits.json")" \
	"$(printf '[alpha] just now\n[alpha] half an hour back\n[alpha] at six, entered second')" \
	"the snippets go with their hits"
equals "$(jq -r '.hits[1].at, .hits[1].title' "$T/hits.json")" \
	"$(printf '2026-03-04T11:30:00.000Z\nThere')" "an imported hit's time and title"
expect_exit 0 $IRT --db "$A" search alpha
equals "$(sed -n 2p "$T/out")" \
	"#2     2026-03-04 11:30  There                           [alpha] half an hour back" \
	"the text line"
equals "$(wc -l <"$T/out")" 7 "a line per hit"
for q in alpha six '"six" "second"' back; do
	equals "$(hits "$A" "${q//\"/}")" "$(want "$A" "$q" "$NEWEST" 200)" \
		"the order the previous irt gave, $q"
done
# A note entered now but dated before every other goes last.
at 2026-03-04T12:20:00Z --db "$A" note 1 "alpha from the report" --at 2026-03-01T00:30:00Z
equals "$(hits "$A" alpha)" "1:4 2:3 1:3 2:2 1:6 1:5 1:2 1:7" "a late backdated note"
check "verify" $IRT --db "$A" verify

# ---- --limit --------------------------------------------------------
equals "$(hits "$A" alpha --limit 2)" "1:4 2:3" "--limit 2: the newest two"
equals "$(hits "$A" alpha --limit 1)" "1:4" "--limit 1"
equals "$(hits "$A" alpha --limit 100)" "1:4 2:3 1:3 2:2 1:6 1:5 1:2 1:7" \
	"--limit above the matches"
for bad in 0 -1 x 2x "" 99999999999999999999; do
	expect_exit 2 $IRT --db "$A" search alpha --limit "$bad"
	contains "$T/err" "--limit \"$bad\" is not a number of hits"
	contains "$T/err" "usage: irt search TEXT [--rank] [--limit N] [--json]"
done
expect_exit 0 $IRT search --help
contains "$T/out" "--rank"
contains "$T/out" "--limit N"

# ---- --rank ---------------------------------------------------------
at 2026-03-04T12:00:00Z --db "$R" new Rank --reported 2026-03-01T00:00:00Z
at 2026-03-04T12:01:00Z --db "$R" note 1 "beta beta beta"
at 2026-03-04T12:02:00Z --db "$R" note 1 "beta gamma"
at 2026-03-04T12:03:00Z --db "$R" note 1 "beta gamma"
at 2026-03-04T12:04:00Z --db "$R" note 1 "beta and then a long tail of words that say nothing much"
equals "$(hits "$R" beta)" "1:5 1:4 1:3 1:2" "newest first"
# The note most about beta first; two equal scores, the newer first;
# the long note with one beta last.
equals "$(hits "$R" beta --rank)" "1:2 1:4 1:3 1:5" "--rank: best first"
equals "$(jq -r '.hits[0].snippet' "$T/hits.json")" "[beta] [beta] [beta]" \
	"a ranked hit's snippet"
equals "$(hits "$R" beta --rank --limit 2)" "1:2 1:4" "--rank --limit 2"
equals "$(hits "$R" beta --rank)" "$(want "$R" '"beta"' "$RANK" 200)" \
	"--rank is bm25's order"
equals "$(hits "$R" beta gamma --rank)" "1:4 1:3" "--rank, two words"
equals "$(hits "$A" alpha --rank)" "$(want "$A" '"alpha"' "$RANK" 200)" \
	"--rank is bm25's order, with backdated and imported notes"
equals "$(hits "$R" nothing-like-this --rank)" "" "--rank, no match"
expect_exit 0 $IRT --db "$R" search beta --rank --limit 1
equals "$(cat "$T/out")" \
	"#1     2026-03-04 12:01  Rank                            [beta] [beta] [beta]" \
	"--rank, the text line"

# ---- one JSON shape -------------------------------------------------
$IRT --db "$R" search beta --json >"$T/plain.json"
shape() { jq -c '[keys_unsorted, (.hits[0] | keys_unsorted)]' "$1"; }
equals "$(shape "$T/plain.json")" \
	'[["format","hits"],["incident","event","title","kind","at","at_ms","snippet"]]' \
	"irt-search/1"
equals "$(jq -r .format "$T/plain.json")" irt-search/1 "the format"
for opts in "--rank" "--limit 1" "--rank --limit 2"; do
	$IRT --db "$R" search beta $opts --json >"$T/opts.json"
	equals "$(shape "$T/opts.json")" "$(shape "$T/plain.json")" "the shape with $opts"
done
equals "$(jq -c '[.hits[] | [.title, .kind, .at]] | .[0]' "$T/opts.json")" \
	'["Rank","note","2026-03-04T12:01:00.000Z"]' "--rank members"
equals "$($IRT --db "$R" search nowhere --json --rank | jq -c .)" \
	'{"format":"irt-search/1","hits":[]}' "no hits"

# ---- events the keys cannot place -----------------------------------
# Written behind irt's back (the chain is not kept: this database is not
# verified again): 16,390 notes in the millisecond of "alpha one day
# back", more than the 16,384 keys a millisecond has, and two beyond the
# keys' range of times. The overflow takes keys from 2^62 up, and each
# search merges those hits in their place.
spill() { # DB
	sqlite3 "$1" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1
		FROM n WHERE i < 16390) INSERT INTO events (incident_id, seq,
		uuid, at_ms, recorded_ms, actor, kind, text, prev_hash, hash)
		SELECT 1, 1000 + i, 'spill-' || i, 1772539200000, 1772539200000,
		'gen', 'note', 'gamma ' || i, '', '' FROM n;
		INSERT INTO events (incident_id, seq, uuid, at_ms, recorded_ms,
		actor, kind, text, prev_hash, hash) VALUES
		(1, 900, 'far-future', 300000000000000, 0, 'gen', 'note',
		 'gamma far future', '', ''),
		(1, 901, 'far-past', -300000000000000, 0, 'gen', 'note',
		 'gamma far past', '', '')" || fail "writing the notes behind irt's back"
}
cp "$A" "$T/before-spill.db"
spill "$A"
equals "$(sqlite3 "$A" "SELECT count(*) FROM search_keys WHERE key >= 4611686018427387904")" \
	9 "7 notes past a millisecond's keys, 2 past their times"
equals "$(hits "$A" gamma --limit 12)" "$(want "$A" '"gamma"' "$NEWEST" 12)" \
	"overflow hits merged in their place"
equals "$(echo "$(hits "$A" gamma --limit 3)")" "1:900 1:17390 1:17389" \
	"the far future first, then the last entered in the full millisecond"
equals "$(hits "$A" gamma | wc -w)" 200 "200 hits when --limit is not given"
equals "$(hits "$A" gamma)" "$(want "$A" '"gamma"' "$NEWEST" 200)" "the first 200"
hits "$A" gamma --limit 20000 >"$T/all.txt"
equals "$(wc -w <"$T/all.txt")" 16392 "every hit with a large --limit"
equals "$(tr ' ' '\n' <"$T/all.txt" | tail -n 1)" 1:901 "the far past last"
equals "$(cat "$T/all.txt")" "$(want "$A" '"gamma"' "$NEWEST" 20000)" "all in order"
equals "$(hits "$A" alpha)" "1:4 2:3 1:3 2:2 1:6 1:5 1:2 1:7" "other words unchanged"
equals "$(hits "$A" gamma --rank --limit 30)" "$(want "$A" '"gamma"' "$RANK" 30)" \
	"--rank with overflow keys"
equals "$(hits "$A" far --rank)" "1:900 1:901" "--rank: equal scores by time"

# ---- a database from before the time-keyed index ---------------------
# The previous irt's index (notes_fts keyed by event id) and the query it
# ran; the hits after migration are the same, in the same order.
old_hits() { # DB FTS LIMIT
	sqlite3 "$1" "SELECT group_concat(h, ' ') FROM (SELECT e.incident_id
		|| ':' || e.seq AS h FROM notes_fts JOIN events e ON e.id =
		notes_fts.rowid WHERE notes_fts MATCH '$2' ORDER BY e.at_ms
		DESC, e.id DESC LIMIT $3)"
}
before_keys() { # DB: as the schema before the time-keyed index
	[ "$SEARCH_TIME_VERSION" -gt 1 ] || fail "no *-search-time.sql migration"
	sqlite3 "$1" "$UNDO_SEARCH_TIME PRAGMA user_version = $((SEARCH_TIME_VERSION - 1))" ||
		fail "making a database of the schema before"
	equals "$(sqlite3 "$1" "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'search%'")" 0 \
		"the schema before: no search_keys"
}
M="$T/m.db"
cp "$T/before-spill.db" "$M"
before_keys "$M"
for q in alpha back six; do
	old_hits "$M" "\"$q\"" 200 >"$T/old-$q.txt"
done
equals "$(cat "$T/old-alpha.txt")" "1:4 2:3 1:3 2:2 1:6 1:5 1:2 1:7" "the previous order"
for q in alpha back six; do
	equals "$(hits "$M" $q)" "$(cat "$T/old-$q.txt")" "migrated: the same hits, $q"
done
equals "$(sqlite3 "$M" "PRAGMA user_version")" "$(sqlite3 "$A" "PRAGMA user_version")" \
	"migrated to the current schema"
check "the index matches the events" sqlite3 "$M" \
	"INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"
equals "$(sqlite3 "$M" "SELECT (SELECT count(*) FROM search_keys) = (SELECT count(*)
	FROM events WHERE text <> '')")" 1 "a key for every event with text"
check "verify after migration" $IRT --db "$M" verify
at 2026-03-04T12:30:00Z --db "$M" note 2 "alpha between" --at 2026-03-03T00:00:00Z
equals "$(hits "$M" alpha)" "1:4 2:3 1:3 2:4 2:2 1:6 1:5 1:2 1:7" \
	"a note written after migration, in its place"
check "verify after a write" $IRT --db "$M" verify

# The overflow, migrated: the keys are numbered in one pass there.
S="$T/s.db"
cp "$T/before-spill.db" "$S"
before_keys "$S"
spill "$S"
old_hits "$S" '"gamma"' 20000 >"$T/old-gamma.txt"
equals "$(wc -w <"$T/old-gamma.txt")" 16392 "the schema before: every gamma"
equals "$(hits "$S" gamma --limit 20000)" "$(cat "$T/old-gamma.txt")" \
	"migrated overflow: the same hits in the same order"
equals "$(sqlite3 "$S" "SELECT count(*) FROM search_keys WHERE key >= 4611686018427387904")" \
	9 "migrated overflow keys"
check "the migrated index matches the events" sqlite3 "$S" \
	"INSERT INTO search_fts(search_fts) VALUES ('integrity-check')"
equals "$(hits "$S" alpha)" "$(cat "$T/old-alpha.txt")" "migrated with overflow: alpha"

done_ok
