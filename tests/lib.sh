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
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share"
export XDG_CONFIG_HOME="$T/home/.config" TMPDIR="$T"
mkdir -p "$HOME"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
export IRT_DB="$T/irt.db" IRT_ACTOR=tester
unset IRT_NOW NO_COLOR VISUAL EDITOR IRT_BUSY_TIMEOUT_MS
export EDITOR=false
N_CHECKS=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

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
