#!/usr/bin/env bash
# Reading never creates: every command that only reads refuses a database
# that does not exist (exit 1, "no irt database at PATH") and creates
# neither it nor its folders, so an auditor who mistypes the path gets an
# error, not a clean verify of an empty file. The first change, and
# `irt init [PATH]`, create it. On PostgreSQL, a database without the
# schema irt is the one that does not exist yet.
. "$IRT_SRC/tests/lib.sh"

if on_pg; then
	db_new typo typo
	dbs=("$typo")
else
	dbs=("$T/typo.db" "$T/no/such/dir/x.db")
fi
for db in "${dbs[@]}"; do
	for cmd in list "show 1" "timeline 1" "search x" verify "export 1" report \
		"backup $T/copy.db" policy "policy show" "policy log" "action list 1"; do
		# shellcheck disable=SC2086
		expect_exit 1 "$IRT" --db "$db" $cmd
		contains "$T/err" "no irt database at $db"
		contains "$T/err" "nothing was created"
	done
	! db_created "$db" || fail "a read created $db"
done
if sqlite_part "the folders of a database file"; then
	check "no folders made" test ! -e "$T/no"
fi
check "no backup made" test ! -e "$T/copy.db"

# init creates it (on SQLite folders 0700, file 0600) and is quiet;
# again, it says so and leaves it as it is.
if on_pg; then
	db_new team team
else
	team="$T/new/team.db"
fi
expect_exit 0 "$IRT" init "$team"
equals "$(cat "$T/out" "$T/err")" "" "quiet on success"
check "created" db_created "$team"
if sqlite_part "the modes of the database file and its folder"; then
	equals "$(stat -c %a "$T/new")" 700 "folder mode"
	equals "$(stat -c %a "$T/new/team.db")" 600 "file mode"
fi
check "an empty irt database" "$IRT" --db "$team" verify
check "a note" "$IRT" --db "$team" new "First"
expect_exit 0 "$IRT" --db "$team" init
contains "$T/err" "is already an irt database"
equals "$("$IRT" --db "$team" list --json | jq '.incidents | length')" 1 "left as it was"
# A database that is not irt's is refused by init too, untouched: a file
# of text, or a server's database with a schema irt of someone else's.
if on_pg; then
	db_new foreign foreign
	db_sql -d "$foreign" "SET ROLE irt_test; CREATE SCHEMA irt; CREATE TABLE irt.t (x text);
		INSERT INTO irt.t VALUES ('not irt''s')"
	expect_exit 1 "$IRT" init "$foreign"
	contains "$T/err" "not irt's"
	equals "$(db_sql -d "$foreign" "SELECT x FROM irt.t")" "not irt's" "untouched"
else
	printf 'not a database' >"$T/text.db"
	expect_exit 1 "$IRT" init "$T/text.db"
	equals "$(cat "$T/text.db")" "not a database" "untouched"
fi
# The first change creates the default database.
! db_created || fail "the default database exists before the first change"
check "first change creates" "$IRT" new "Created by the first change"
check "default database" db_created
done_ok
