#!/bin/bash
# test_search.sh - irt search over notes of 10 KiB and 2 MiB: the snippets
# are right (a dozen tokens around the first match, the matches in
# [brackets], "..." where text is left out, long runs cut) and a search of
# the 2 MiB note, for a word at its start or at its end, takes less than
# five times the 10 KiB one. FTS5's
# snippet() took time growing with the square of the note's size: 2 MiB
# of matches took most of a minute.
. "$IRT_SRC/tests/lib.sh"

S="$T/small.db" L="$T/large.db"
# A note of about SIZE bytes: lines full of matches for "needle", a
# sentence in the middle, a last sentence at the end.
make_note() { # SIZE FILE
	local lines=$(($1 / 22 / 2))
	{
		yes 'needle in a haystack.' | head -n "$lines"
		printf 'The canary sang. Rotated the signing keys at 03:12 after the leak, then paged the owner.\n'
		yes 'needle in a haystack.' | head -n "$lines"
		printf 'Closed by the on-call engineer: goodbye'
	} >"$2"
}
make_note 10240 "$T/small.txt"
make_note 2097152 "$T/large.txt"
for db in "$S" "$L"; do
	check "new" $IRT --db "$db" new "Leaked keys"
	check "short note" $IRT --db "$db" note 1 "paged the owner"
done
check "10 KiB note" $IRT --db "$S" note 1 - <"$T/small.txt"
check "2 MiB note" $IRT --db "$L" note 1 - <"$T/large.txt"
[ "$(wc -c <"$T/large.txt")" -ge 2000000 ] || fail "the large note is not 2 MiB"

# ---- snippets -------------------------------------------------------
snippet() { # DB WORDS...: the first hit's snippet
	local db=$1
	shift
	$IRT --db "$db" search "$@" --json | jq -r '.hits[0].snippet'
}
for db in "$S" "$L"; do
	# Many matches, the first at the start: each bracketed.
	equals "$(snippet "$db" needle)" \
		"$(printf '[needle] in a haystack.\n[needle] in a haystack.\n[needle] in a haystack...')" \
		"matches from the start"
	# One match in the middle: from the start of its sentence.
	equals "$(snippet "$db" canary)" \
		"...The [canary] sang. Rotated the signing keys at 03:12 after the..." \
		"a match in the middle"
	# A phrase ("03:12" is two tokens) in one pair of brackets; two
	# words. The window starts at the match's sentence.
	equals "$(snippet "$db" 03:12)" \
		"...Rotated the signing keys at [03:12] after the leak, then paged..." \
		"a phrase"
	equals "$(snippet "$db" signing keys)" \
		"...Rotated the [signing] [keys] at 03:12 after the leak, then paged..." \
		"two words"
	# At the end: the window is kept inside the note, nothing after it.
	equals "$(snippet "$db" goodbye)" \
		"$(printf '...haystack.\nneedle in a haystack.\nClosed by the on-call engineer: [goodbye]')" \
		"a match at the end"
	# Newest first; the short note, whole.
	expect_exit 0 $IRT --db "$db" search owner --json
	equals "$(jq '.hits | length' "$T/out")" 2 "two notes hold 'owner'"
	equals "$(jq -r '.hits[1].snippet' "$T/out")" "paged the [owner]" "a short note whole"
	equals "$(jq -r '.hits[0].event' "$T/out")" 3 "newest first"
	expect_exit 0 $IRT --db "$db" search canary
	contains "$T/out" "...The [canary] sang. Rotated the signing keys at 03:12 after the..."
done

# A word of a million characters is cut, and so is a gap of a million
# blanks: the snippet stays short.
{
	printf 'start '
	head -c 1000000 /dev/zero | tr '\0' 'x'
	printf ' needle'
	head -c 1000000 /dev/zero | tr '\0' ' '
	printf 'end'
} >"$T/long.txt"
check "long-word note" $IRT --db "$T/long.db" new "Long words"
check "long-word note" $IRT --db "$T/long.db" note 1 - <"$T/long.txt"
x80=$(head -c 80 /dev/zero | tr '\0' 'x')
b79=$(head -c 79 /dev/zero | tr '\0' ' ')
got=$(snippet "$T/long.db" needle)
[ "${#got}" -lt 400 ] || fail "a snippet of ${#got} characters: long runs not cut"
equals "$got" "start ...$x80 [needle]$b79 ...end" "long runs cut"
equals "$(snippet "$T/long.db" start)" "[start] $x80... needle$b79 ...end" \
	"long runs cut after the match"

# A match near the end of a long note is found reading from the end: the
# tokens there are numbered back from the last, also when the piece read
# starts inside a word (a run of é, cut before either of its bytes) and
# when the piece must grow to reach the window.
e_run() { head -c "$1" < <(yes é | tr -d '\n'); }
words() { for i in $(seq "$1"); do printf 'w%d ' "$i"; done; }
check "notes read from the end" $IRT --db "$T/tail.db" new "Tail"
for pad in "" xx; do
	{
		printf 'start. '
		words 1000
		e_run 5000
		printf ' %s' $pad one two three four five six seven eight nine ten \
			eleven twelve thirteen
		printf ' needle'
	} >"$T/tail$pad.txt"
	check "a note cut in a word" $IRT --db "$T/tail.db" note 1 - <"$T/tail$pad.txt"
done
{
	printf 'start. '
	words 15000
	e_run 5000
	printf ' needle'
} >"$T/grow.txt"
check "a note read from further back" $IRT --db "$T/tail.db" note 1 - <"$T/grow.txt"
[ "$(tail -c 4096 "$T/tail.txt" | head -c 1 | od -An -tx1)" != \
	"$(tail -c 4096 "$T/tailxx.txt" | head -c 1 | od -An -tx1)" ] ||
	fail "the two notes are cut at the same byte of a character"
expect_exit 0 $IRT --db "$T/tail.db" search needle --json
e40=$(e_run 80)
equals "$(jq -r '.hits[0].snippet' "$T/out")" \
	"...w14991 w14992 w14993 w14994 w14995 w14996 w14997 w14998 w14999 w15000 ...$e40 [needle]" \
	"read from further back"
for i in 1 2; do
	equals "$(jq -r ".hits[$i].snippet" "$T/out")" \
		"...three four five six seven eight nine ten eleven twelve thirteen [needle]" \
		"read from the end, cut in a word ($i)"
done

# The piece read from the end starts at a character: here the cut falls
# on the second byte of U+2A835 (4 bytes, a letter), whose bytes alone
# would read as a letter, a blank and a letter, two tokens where the
# note has the end of one.
ext_b=$(printf '\xf0\xaa\xa0\xb5')
{
	printf 'start. '
	words 3000
	printf '%s%s' "$ext_b" "$ext_b"
	head -c 4055 /dev/zero | tr '\0' ' '
	printf ' v1 v2 v3 v4 v5 v6 v7 v8 v9 v10 needle'
} >"$T/cut4.txt"
equals "$(tail -c 4096 "$T/cut4.txt" | head -c 1 | od -An -tx1 | tr -d ' ')" aa \
	"the note is cut inside a character"
check "a note cut inside a character" $IRT --db "$T/cut4.db" new "Cut"
check "a note cut inside a character" $IRT --db "$T/cut4.db" note 1 - <"$T/cut4.txt"
b80=$(head -c 80 /dev/zero | tr '\0' ' ')
equals "$(snippet "$T/cut4.db" needle)" \
	"...$ext_b$ext_b...${b80}v1 v2 v3 v4 v5 v6 v7 v8 v9 v10 [needle]" \
	"read from the end, cut inside a character"

# ---- time -----------------------------------------------------------
# Each search is run several times, alternating, and the fastest of each
# is compared, so a busy machine slowing one run does not decide. A run
# still going after 20 s is a failure at once. "needle" matches from the
# start of the notes, "goodbye" only at their very end: a snippet reads
# a note from its nearer end up to the match.
now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "${t#0}"
}
time_search() { # DB WORD: microseconds for one `irt search WORD`
	local t0 t1
	t0=$(now_us)
	timeout 20 $IRT --db "$1" search "$2" >/dev/null ||
		fail "irt search $2 on $(basename "$1") failed or took over 20 s"
	t1=$(now_us)
	echo $((t1 - t0))
}
for word in needle goodbye; do
	best_small= best_large=
	for run in 1 2 3 4 5 6 7; do
		t=$(time_search "$S" $word) || exit 1
		[ -z "$best_small" ] || [ "$t" -lt "$best_small" ] && best_small=$t
		t=$(time_search "$L" $word) || exit 1
		[ -z "$best_large" ] || [ "$t" -lt "$best_large" ] && best_large=$t
	done
	echo "search $word: 10 KiB note ${best_small} us, 2 MiB note ${best_large} us (fastest of 7)"
	N_CHECKS=$((N_CHECKS + 1))
	[ "$best_large" -lt $((5 * best_small)) ] ||
		fail "searching the 2 MiB note for $word took ${best_large} us, not under 5 x ${best_small} us (10 KiB)"
done

done_ok
