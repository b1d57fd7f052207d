#!/usr/bin/env bash
# `irt search` on 10,000 incidents / 1,000,000 events, for words of every
# frequency, each side by side with the raw sqlite3 FTS5 query of the
# same hits (the limit to approach): the top 200 by time, read off the
# time-keyed index with the columns a hit shows (the note's whole text
# where irt makes a snippet), or FTS5's own top 200 by rank for --rank.
# Medians of RUNS runs (default 21; RANK_RUNS, default 5, for the --rank
# rows of a word in most notes, which take most of a second each).
#
#   bench/search.sh [BUILD_DIR]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
irt="$build/irt"
runs=${RUNS:-21}
rank_runs=${RANK_RUNS:-5}
bench_db "$build"
export IRT_DB=$db TZ=UTC LANG=C.UTF-8
# Migrates a database of an older schema, so both sides read one index.
"$irt" search nothing-matches-this >/dev/null

# The columns of a hit, from the index's keys (src/core/db_event.c).
hit_sql="SELECT e.incident_id, e.seq, e.at_ms, i.title, e.kind, e.text FROM"
joins="CROSS JOIN search_keys k ON k.key = f.key CROSS JOIN events e ON e.id = k.event_id CROSS JOIN incidents i ON i.id = e.incident_id"
newest_sql() { # FTS LIMIT
	echo "$hit_sql (SELECT rowid AS key FROM search_fts WHERE search_fts MATCH '$1' ORDER BY rowid DESC LIMIT $2) f $joins"
}
rank_sql() { # FTS LIMIT
	echo "$hit_sql (SELECT rowid AS key FROM search_fts WHERE search_fts MATCH '$1' ORDER BY rank LIMIT $2) f $joins"
}
matches() { # FTS
	sqlite3 "$db" "SELECT count(*) FROM search_fts WHERE search_fts MATCH '$1'"
}

printf '%-34s %9s %10s %10s %7s\n' "irt search" "matches" "irt ms" "sqlite3 ms" "ratio"
row() { # LABEL N FTS BASELINE_SQL IRT_ARGS...
	local label=$1 n=$2 fts=$3 sql=$4 a b
	shift 4
	a=$(median_ms "$n" "$irt" search "$@")
	b=$(median_ms "$n" sqlite3 "$db" "$sql")
	printf '%-34s %9s %10s %10s %7s\n' "$label" "$(matches "$fts")" "$a" "$b" "$(ratio "$a" "$b")"
}
# What every run of each side costs before it searches: starting the
# process and opening the database (irt links the PDF libraries, and the
# dynamic loader resolves their symbols at each start).
a=$(median_ms "$runs" "$irt" search nothing-matches-this)
b=$(median_ms "$runs" sqlite3 "$db" "SELECT 1")
printf '%-34s %9s %10s %10s %7s\n' "(start: no match vs SELECT 1)" "" "$a" "$b" "$(ratio "$a" "$b")"
# A word in every note, one in 15% of them, one in a single note, two
# words, a phrase (a word with punctuation inside), a word with a "*"
# (taken literally: the word "roll", in none), a word in none.
row "note (most notes)" "$runs" '"note"' "$(newest_sql '"note"' 200)" note
row "rollback (15%)" "$runs" '"rollback"' "$(newest_sql '"rollback"' 200)" rollback
row "9999 (one note)" "$runs" '"9999"' "$(newest_sql '"9999"' 200)" 9999
row "database failover (two words)" "$runs" '"database" "failover"' \
	"$(newest_sql '"database" "failover"' 200)" database failover
row "rollback-latency (phrase)" "$runs" '"rollback-latency"' \
	"$(newest_sql '"rollback-latency"' 200)" rollback-latency
row "roll* (literal)" "$runs" '"roll*"' "$(newest_sql '"roll*"' 200)" 'roll*'
row "zzzz (none)" "$runs" '"zzzz"' "$(newest_sql '"zzzz"' 200)" zzzz
row "rollback --json" "$runs" '"rollback"' "$(newest_sql '"rollback"' 200)" rollback --json
row "rollback --limit 20" "$runs" '"rollback"' "$(newest_sql '"rollback"' 20)" rollback --limit 20
row "note --limit 20" "$runs" '"note"' "$(newest_sql '"note"' 20)" note --limit 20
row "9999 --rank" "$runs" '"9999"' "$(rank_sql '"9999"' 200)" 9999 --rank
row "rollback-latency --rank" "$runs" '"rollback-latency"' \
	"$(rank_sql '"rollback-latency"' 200)" rollback-latency --rank
row "rollback --rank" "$rank_runs" '"rollback"' "$(rank_sql '"rollback"' 200)" rollback --rank
row "note --rank" "$rank_runs" '"note"' "$(rank_sql '"note"' 200)" note --rank
echo "medians of $runs runs ($rank_runs for rollback and note --rank); database: $db"

# Large notes (the database above has short ones only): 20 notes of 2 MiB,
# each with "canary" in the middle and "needle" at the very end, in a
# database of their own. A snippet tokenizes the note from its last stored
# mark (every 512th token) before the match; the baseline reads each note
# whole.
large=$here/out/search-large.db
if [ ! -f "$large" ]; then
	echo "generating $large (20 notes of 2 MiB)..." >&2
	note=$(mktemp)
	{
		head -c 1048576 < <(yes 'hay in a stack.')
		printf ' canary '
		head -c 1048576 < <(yes 'hay in a stack.')
		printf ' needle'
	} >"$note"
	"$irt" --db "$large" new "Large notes" >/dev/null
	for _ in $(seq 20); do
		"$irt" --db "$large" note 1 - <"$note" >/dev/null
	done
	rm -f "$note"
fi
for spot in needle:end canary:middle; do
	word=${spot%:*}
	a=$(median_ms "$runs" "$irt" --db "$large" search "$word")
	b=$(median_ms "$runs" sqlite3 "$large" "$(newest_sql "\"$word\"" 200)")
	printf '%-34s %9s %10s %10s %7s\n' "$word (${spot#*:} of 2 MiB notes)" \
		"$(sqlite3 "$large" "SELECT count(*) FROM search_fts WHERE search_fts MATCH '$word'")" \
		"$a" "$b" "$(ratio "$a" "$b")"
done
echo "medians of $runs runs; database: $large"
