#!/usr/bin/env bash
# Reading never creates: every command that only reads refuses a database
# that does not exist (exit 1, "no irt database at PATH") and creates
# neither it nor its folders, so an auditor who mistypes the path gets an
# error, not a clean verify of an empty file. The first change, and
# `irt init [PATH]`, create it.
. "$IRT_SRC/tests/lib.sh"
sqlite_only "irt init creating the file, its directory 0700 and the file 0600"

for db in "$T/typo.db" "$T/no/such/dir/x.db"; do
	for cmd in list "show 1" "timeline 1" "search x" verify "export 1" report \
		"backup $T/copy.db" policy "policy show" "policy log" "action list 1"; do
		# shellcheck disable=SC2086
		expect_exit 1 "$IRT" --db "$db" $cmd
		contains "$T/err" "no irt database at $db; nothing was created"
	done
	check "not created: $db" test ! -e "$db"
done
check "no folders made" test ! -e "$T/no"
check "no backup made" test ! -e "$T/copy.db"

# init creates it (folders 0700, file 0600) and is quiet; again, it says so
# and leaves it as it is.
expect_exit 0 "$IRT" init "$T/new/team.db"
equals "$(cat "$T/out" "$T/err")" "" "quiet on success"
equals "$(stat -c %a "$T/new")" 700 "folder mode"
equals "$(stat -c %a "$T/new/team.db")" 600 "file mode"
check "an empty irt database" "$IRT" --db "$T/new/team.db" verify
check "a note" "$IRT" --db "$T/new/team.db" new "First"
expect_exit 0 "$IRT" --db "$T/new/team.db" init
contains "$T/err" "is already an irt database"
equals "$("$IRT" --db "$T/new/team.db" list --json | jq '.incidents | length')" 1 "left as it was"
# A file that is not irt's is refused by init too, untouched.
printf 'not a database' >"$T/text.db"
expect_exit 1 "$IRT" init "$T/text.db"
equals "$(cat "$T/text.db")" "not a database" "untouched"
# The first change creates the default database.
check "first change creates" "$IRT" new "Created by the first change"
check "default database" test -f "$IRT_DB"
done_ok
