# tests/lib.sh - shared by the command-line and TUI test scripts.
#
# Source it first: . "$IRT_SRC/tests/lib.sh". It pins the environment
# (TZ, locale, HOME, XDG dirs, database, actor, editor) in a private
# temporary directory removed on exit, and gives small assertion helpers.
# A failed assertion prints what was expected and exits 1.
#
# $IRT is irt as users get it; it ignores $IRT_NOW and
# $IRT_BUSY_TIMEOUT_MS. A script that pins the clock or the busy timeout
# calls need_hooked and runs $IRT_HOOKED, the test build irt-test
# (docs/testing.md), for those runs.

set -u
: "${IRT:?IRT must name the irt binary}"
: "${IRT_SRC:?IRT_SRC must name the source directory}"

T=$(mktemp -d "${TMPDIR:-/tmp}/irt-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
# The server, when the suite runs against PostgreSQL (tests/pg/run-suite.sh).
PG_ADMIN_URI=${IRT_TEST_PG_URI:-}
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share"
export XDG_CONFIG_HOME="$T/home/.config" TMPDIR="$T"
mkdir -p "$HOME"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
export IRT_DB="$T/irt.db" IRT_ACTOR=tester
unset IRT_NOW NO_COLOR VISUAL EDITOR IRT_BUSY_TIMEOUT_MS IRT_TEST_PG_URI
N_CHECKS=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# pg_uri URI USER DBNAME: the libpq URI URI (postgresql://[user@]host/db?...)
# with its user and database replaced.
pg_uri() {
	local re='^(postgres(ql)?://)([^@/?]*@)?([^/?]*)(/[^?]*)?(\?.*)?$'
	[[ $1 =~ $re ]] || fail "IRT_TEST_PG_URI=$1 is not a postgresql:// URI"
	echo "${BASH_REMATCH[1]}${2:+$2@}${BASH_REMATCH[4]}/$3${BASH_REMATCH[6]}"
}

# IRT_TEST_PG_URI, a superuser's connection to a PostgreSQL server, runs
# the script against a database of its own there: created here (UTF-8, C
# locale, owned by the role irt_test, which is no superuser, as a team
# server's schema owner must not be), dropped on exit; $IRT_DB is irt_test's
# URI to it, $PG_SQL_URI the superuser's.
IRT_TEST_ENGINE=sqlite
if [ -n "$PG_ADMIN_URI" ]; then
	IRT_TEST_ENGINE=pg
	PG_TEST_DB="irt_t_$$_${RANDOM}"
	psql -X -q "$PG_ADMIN_URI" -c "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'irt_test') THEN
			CREATE ROLE irt_test LOGIN;
		END IF; END \$\$" >/dev/null 2>"$T/pg.err" ||
		grep -Eq 'already exists|duplicate key' "$T/pg.err" ||
		fail "cannot create the role irt_test: $(cat "$T/pg.err")"
	psql -X -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URI" -c "CREATE DATABASE $PG_TEST_DB
		OWNER irt_test ENCODING 'UTF8' LOCALE 'C' TEMPLATE template0" >/dev/null ||
		fail "cannot create the database $PG_TEST_DB"
	trap 'rm -rf "$T"; psql -X -q "$PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $PG_TEST_DB WITH (FORCE)" >/dev/null 2>&1' EXIT
	IRT_DB=$(pg_uri "$PG_ADMIN_URI" irt_test "$PG_TEST_DB")
	PG_SQL_URI=$(pg_uri "$PG_ADMIN_URI" "" "$PG_TEST_DB")
	export IRT_DB
fi

# db_sql SQL: runs SQL on the database of $IRT_DB as its engine's shell
# does (sqlite3, or psql as the superuser with search_path irt and the
# append-only triggers not firing, as the SQLite tests drop them, since
# the tampering they stand for is the superuser's), printing rows as
# sqlite3 prints them (values |-separated).
db_sql() {
	if [ "$IRT_TEST_ENGINE" = pg ]; then
		PGOPTIONS="-c search_path=irt -c session_replication_role=replica" \
			psql -X -q -At -v ON_ERROR_STOP=1 "$PG_SQL_URI" -c "$1"
	else
		sqlite3 "$IRT_DB" "$1"
	fi
}

# sqlite_only WHAT: the script is about the SQLite file itself (WHAT);
# against PostgreSQL it says so and exits 77, which run-suite.sh lists
# as not applicable (never a pass).
sqlite_only() {
	if [ "$IRT_TEST_ENGINE" = pg ]; then
		echo "$(basename "$0"): not run against PostgreSQL: it is about the SQLite file itself ($1)"
		exit 77
	fi
}
export EDITOR=false

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	local what=$1
	shift
	N_CHECKS=$((N_CHECKS + 1))
	"$@" || fail "$what"
}

# expect_exit STATUS COMMAND...: runs the command (output to $T/out and
# $T/err) and requires the exit status.
expect_exit() {
	local want=$1 got=0
	shift
	N_CHECKS=$((N_CHECKS + 1))
	"$@" >"$T/out" 2>"$T/err" || got=$?
	[ "$got" -eq "$want" ] ||
		fail "'$*' exited $got, expected $want; stderr: $(cat "$T/err")"
}

# contains FILE TEXT: FILE holds TEXT (fixed string).
contains() {
	N_CHECKS=$((N_CHECKS + 1))
	grep -qF -- "$2" "$1" || fail "$1 lacks '$2'; it holds: $(head -c 2000 "$1")"
}

# lacks FILE TEXT: FILE does not hold TEXT.
lacks() {
	N_CHECKS=$((N_CHECKS + 1))
	! grep -qF -- "$2" "$1" || fail "$1 holds '$2'"
}

# equals ACTUAL EXPECTED DESCRIPTION
equals() {
	N_CHECKS=$((N_CHECKS + 1))
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# need_hooked: the script runs $IRT_HOOKED; fails at once unless it names
# an executable (there is no fallback to $IRT, which would ignore the
# pinned clock and make the script test the wrong thing).
need_hooked() {
	[ -n "${IRT_HOOKED:-}" ] ||
		fail "IRT_HOOKED must name the irt-test binary (build/irt-test): $(basename "$0") pins the clock or the busy timeout"
	[ -x "$IRT_HOOKED" ] || fail "IRT_HOOKED=$IRT_HOOKED is not an executable"
}

# Print a closing line ctest shows on success.
done_ok() {
	echo "$(basename "$0"): $N_CHECKS checks passed"
}

# UNDO_SEARCH_TIME: SQL that takes the time-keyed search index of
# data/migrations/*-search-time.sql out of a database of this irt and
# puts back the one before it (notes_fts keyed by event id, rebuilt),
# for tests of older databases. They also set user_version (and undo
# what other migrations added). SEARCH_TIME_VERSION: the schema version
# that migration makes.
SEARCH_TIME_VERSION=$(ls "$IRT_SRC"/data/migrations/*.sql | grep -n -- '-search-time\.sql$' | cut -d: -f1)
UNDO_SEARCH_TIME="DROP TRIGGER events_search; DROP TABLE search_fts;
	DROP VIEW search_text; DROP TABLE search_keys;
	CREATE VIRTUAL TABLE notes_fts USING fts5(text, content='events', content_rowid='id');
	CREATE TRIGGER events_fts AFTER INSERT ON events WHEN new.text <> ''
	BEGIN
		INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text);
	END;
	INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');"
