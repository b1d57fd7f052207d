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
# The server, when the suite runs against PostgreSQL (tests/pg/run-suite.sh).
PG_ADMIN_URI=${IRT_TEST_PG_URI:-}
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share"
export XDG_CONFIG_HOME="$T/home/.config" TMPDIR="$T"
export XDG_STATE_HOME="$T/home/.local/state"
mkdir -p "$HOME"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
export IRT_DB="$T/irt.db" IRT_ACTOR=tester
unset IRT_NOW NO_COLOR VISUAL EDITOR IRT_BUSY_TIMEOUT_MS IRT_TEST_PG_URI
N_CHECKS=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# lib_cleanup: what the EXIT trap does (a script that sets its own trap,
# as tests/tui/tuilib.sh does, calls it there): the temporary directory
# removed, and on PostgreSQL the script's databases dropped.
lib_cleanup() {
	if [ -n "$PG_ADMIN_URI" ]; then
		local name
		for name in $(psql -X -q -At "$PG_ADMIN_URI" -c "SELECT datname FROM pg_database
			WHERE datname LIKE '${PG_TEST_DB}%'" 2>/dev/null); do
			psql -X -q "$PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
				>/dev/null 2>&1
		done
	fi
	rm -rf "$T"
}
trap lib_cleanup EXIT

# pg_uri URI USER DBNAME: the libpq URI URI (postgresql://[user@]host/db?...)
# with its user and database replaced.
pg_uri() {
	local re='^(postgres(ql)?://)([^@/?]*@)?([^/?]*)(/[^?]*)?(\?.*)?$'
	[[ $1 =~ $re ]] || fail "$1 is not a postgresql:// URI"
	echo "${BASH_REMATCH[1]}${2:+$2@}${BASH_REMATCH[4]}/$3${BASH_REMATCH[6]}"
}

# pg_db_name URI: the database URI names.
pg_db_name() {
	local re='^postgres(ql)?://[^/?]*/([^?]*)'
	[[ $1 =~ $re ]] || fail "$1 names no database"
	echo "${BASH_REMATCH[2]}"
}

# IRT_TEST_PG_URI, a superuser's connection to a PostgreSQL server, runs
# the script against a database of its own there: created here (UTF-8, C
# locale, owned by the role irt_test, which is no superuser, as a team
# server's schema owner must not be), dropped on exit with every copy
# db_copy made of it; $IRT_DB is irt_test's URI to it.
IRT_TEST_ENGINE=sqlite
if [ -n "$PG_ADMIN_URI" ]; then
	IRT_TEST_ENGINE=pg
	PG_TEST_DB="irt_t_$$_${RANDOM}"
	PG_ADMIN_USER=$(re='^postgres(ql)?://([^@/?]*)@' &&
		[[ $PG_ADMIN_URI =~ $re ]] && echo "${BASH_REMATCH[2]}")
	psql -X -q "$PG_ADMIN_URI" -c "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'irt_test') THEN
			CREATE ROLE irt_test LOGIN;
		END IF; END \$\$" >/dev/null 2>"$T/pg.err" ||
		grep -Eq 'already exists|duplicate key' "$T/pg.err" ||
		fail "cannot create the role irt_test: $(cat "$T/pg.err")"
	psql -X -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URI" -c "CREATE DATABASE $PG_TEST_DB
		OWNER irt_test ENCODING 'UTF8' LOCALE 'C' TEMPLATE template0" >/dev/null ||
		fail "cannot create the database $PG_TEST_DB"
	IRT_DB=$(pg_uri "$PG_ADMIN_URI" irt_test "$PG_TEST_DB")
	export IRT_DB
fi

# on_pg: true when the script runs against PostgreSQL.
on_pg() {
	[ "$IRT_TEST_ENGINE" = pg ]
}

# sqlite_part WHAT: true on SQLite; on PostgreSQL says that the part of
# the script about WHAT (a thing of the SQLite file alone) is not run
# there, and is false. For `if sqlite_part "..."; then ... fi`.
sqlite_part() {
	on_pg || return 0
	echo "$(basename "$0"): not on PostgreSQL: $1"
	return 1
}

# psql_at DB [PSQL ARGS...]: psql as the server's superuser on the
# database of DB (an irt URI), search_path irt, stopping at an error.
psql_at() {
	local db=$1
	shift
	PGOPTIONS="-c search_path=irt ${PGOPTIONS:-}" psql -X -q -At -v ON_ERROR_STOP=1 \
		"$(pg_uri "$PG_ADMIN_URI" "$PG_ADMIN_USER" "$(pg_db_name "$db")")" "$@"
}

# db_sql [-d DB] SQL: runs SQL on DB ($IRT_DB unless given) as its
# engine's shell does (sqlite3, or psql as the superuser with search_path
# irt; the append-only triggers fire on both), printing rows as sqlite3
# prints them (values |-separated).
db_sql() {
	local db=$IRT_DB
	if [ "$1" = -d ]; then
		db=$2
		shift 2
	fi
	if on_pg; then
		psql_at "$db" -c "$1"
	else
		sqlite3 "$db" "$1"
	fi
}

# db_tamper [-d DB] SQL: SQL run behind irt's back by someone who holds
# the database, in one transaction, with the append-only guards (and
# foreign keys) out of the way for it alone and back as they were after
# it, so that the schema shows nothing: on SQLite the triggers dropped
# and created again from their own SQL, as the sqlite3 shell allows the
# file's owner; on PostgreSQL the superuser's session_replication_role
# replica, under which no trigger fires. Fails the script when SQL fails.
db_tamper() {
	local db=$IRT_DB drops creates
	if [ "$1" = -d ]; then
		db=$2
		shift 2
	fi
	if on_pg; then
		PGOPTIONS="-c session_replication_role=replica" \
			psql_at "$db" --single-transaction -c "$1" >/dev/null ||
			fail "tamper: $1"
	else
		drops=$(sqlite3 "$db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema
			WHERE type = 'trigger' AND name LIKE '%\_no\_%' ESCAPE '\'") ||
			fail "tamper: cannot read the triggers of $db"
		creates=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_schema
			WHERE type = 'trigger' AND name LIKE '%\_no\_%' ESCAPE '\'") ||
			fail "tamper: cannot read the triggers of $db"
		sqlite3 "$db" "PRAGMA foreign_keys = OFF; BEGIN; $drops
			$1;
			$creates COMMIT;" || fail "tamper: $1"
	fi
}

# db_drop_trigger [-d DB] TABLE OP: drops the append-only trigger that
# refuses OP (update or delete) on TABLE, and prints its name (SQLite:
# TABLE_no_OP; PostgreSQL: TABLE_append_only, which refuses both).
db_drop_trigger() {
	local db=$IRT_DB name
	if [ "$1" = -d ]; then
		db=$2
		shift 2
	fi
	if on_pg; then
		name="$1_append_only"
		psql_at "$db" -c "DROP TRIGGER $name ON $1" >/dev/null
	else
		name="$1_no_$2"
		sqlite3 "$db" "DROP TRIGGER $name"
	fi || fail "cannot drop the trigger $name"
	echo "$name"
}

# db_copy NAME VAR [FROM]: copies the database FROM ($IRT_DB unless given)
# as a backup would, into $T/NAME.db or, on PostgreSQL, a database of the
# script's (CREATE DATABASE ... TEMPLATE); sets VAR to what --db takes
# for it.
db_copy() {
	local name=$1 var=$2 from=${3:-$IRT_DB} copy
	if on_pg; then
		copy="${PG_TEST_DB}_$name"
		psql -X -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URI" -c "DROP DATABASE IF EXISTS $copy
			WITH (FORCE)" -c "CREATE DATABASE $copy OWNER irt_test
			TEMPLATE $(pg_db_name "$from")" >/dev/null || fail "cannot copy $from"
		printf -v "$var" %s "$(pg_uri "$PG_ADMIN_URI" irt_test "$copy")"
	else
		copy="$T/$name.db"
		rm -f "$copy" "$copy-wal" "$copy-shm"
		sqlite3 "$from" ".backup '$copy'" || fail "cannot copy $from"
		printf -v "$var" %s "$copy"
	fi
}

# db_new NAME VAR: sets VAR to what --db takes for a database of the
# script's with nothing in it yet ($T/NAME.db, or a new database on the
# server), for irt to create.
db_new() {
	if on_pg; then
		psql -X -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URI" -c "CREATE DATABASE ${PG_TEST_DB}_$1
			OWNER irt_test ENCODING 'UTF8' LOCALE 'C' TEMPLATE template0" >/dev/null ||
			fail "cannot create the database ${PG_TEST_DB}_$1"
		printf -v "$2" %s "$(pg_uri "$PG_ADMIN_URI" irt_test "${PG_TEST_DB}_$1")"
	else
		printf -v "$2" %s "$T/$1.db"
	fi
}

# db_created [DB]: true when irt has made its database at DB ($IRT_DB
# unless given): the file exists, or the server's database holds the
# schema irt.
db_created() {
	local db=${1:-$IRT_DB}
	if on_pg; then
		[ "$(psql_at "$db" -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'irt'")" = 1 ]
	else
		[ -e "$db" ]
	fi
}

# db_digest: a digest of everything $IRT_DB holds, to tell that it was
# not touched: the SQLite file's bytes (its WAL checkpointed into it
# first), or the server's dump of the schema irt.
db_digest() {
	if on_pg; then
		pg_dump --schema=irt "$(pg_uri "$PG_ADMIN_URI" "$PG_ADMIN_USER" "$(pg_db_name "$IRT_DB")")" \
			>"$T/digest.sql" || fail "cannot dump $IRT_DB"
		# (without the \restrict lines, whose key is new at each run)
		grep -v '^\\\(un\)\?restrict ' "$T/digest.sql" | sha256sum
	else
		sqlite3 "$IRT_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null ||
			fail "cannot read $IRT_DB"
		sha256sum <"$IRT_DB"
	fi
}

# db_restore FROM: $IRT_DB becomes a copy of FROM (a db_copy), as when a
# backup is restored over it.
db_restore() {
	if on_pg; then
		psql -X -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URI" -c "DROP DATABASE $PG_TEST_DB
			WITH (FORCE)" -c "CREATE DATABASE $PG_TEST_DB OWNER irt_test
			TEMPLATE $(pg_db_name "$1")" >/dev/null || fail "cannot restore $1"
	else
		rm -f "$IRT_DB" "$IRT_DB-wal" "$IRT_DB-shm"
		sqlite3 "$1" ".backup '$IRT_DB'" || fail "cannot restore $1"
	fi
}

# db_lock: another process takes the write lock of $IRT_DB and holds it
# until db_unlock (sqlite3's BEGIN IMMEDIATE; psql's LOCK TABLE of the
# writers, docs/team-server.md); returns once it is held.
db_lock() {
	rm -f "$T/db-lock"
	mkfifo "$T/db-lock" || fail "mkfifo"
	if on_pg; then
		psql_at "$IRT_DB" <"$T/db-lock" >/dev/null &
		DB_LOCK_PID=$!
		exec 7>"$T/db-lock"
		echo "BEGIN; LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE;" >&7
		for _ in $(seq 1 200); do
			[ "$(psql_at "$IRT_DB" -c "SELECT count(*) FROM pg_locks l
				JOIN pg_class c ON c.oid = l.relation AND c.relname = 'incidents'
				WHERE l.mode = 'ShareRowExclusiveLock' AND l.granted")" = 1 ] && return 0
			sleep 0.05
		done
	else
		sqlite3 "$IRT_DB" <"$T/db-lock" &
		DB_LOCK_PID=$!
		exec 7>"$T/db-lock"
		echo "BEGIN IMMEDIATE;" >&7
		for _ in $(seq 1 200); do
			sqlite3 "$IRT_DB" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null || return 0
			sleep 0.05
		done
	fi
	fail "the write lock of $IRT_DB was not taken"
}

# db_unlock: the holder of db_lock lets go (rolls back) and is gone.
db_unlock() {
	echo "ROLLBACK;" >&7
	exec 7>&-
	wait "$DB_LOCK_PID" || fail "the lock's holder did not end cleanly"
}

# db_wait_blocked PID: returns once the irt process PID waits for the
# write lock, or has ended: on PostgreSQL a session waiting for a lock,
# on SQLite the file open (from there it is a few reads from waiting).
db_wait_blocked() {
	local fd file
	[ "$IRT_TEST_ENGINE" = sqlite ] && file=$(readlink -f "$IRT_DB")
	for _ in $(seq 1 200); do
		kill -0 "$1" 2>/dev/null || return 0
		if on_pg; then
			[ "$(psql_at "$IRT_DB" -c "SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock'")" -gt 0 ] &&
				return 0
		else
			for fd in /proc/"$1"/fd/*; do
				[ "$(readlink "$fd" 2>/dev/null)" = "$file" ] && return 0
			done
		fi
		sleep 0.05
	done
}

# sqlite_only WHAT: the script is about the SQLite file itself (WHAT);
# against PostgreSQL it says so and exits 77, which run-suite.sh lists
# as not applicable (never a pass).
sqlite_only() {
	if on_pg; then
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

# on_tty COMMAND...: runs the command on a terminal (a pty of script(1))
# as its standard input and output, as at a user's terminal; what it
# writes to either stream comes out on standard output; its exit status.
on_tty() {
	script -qec "$(printf '%q ' "$@")" /dev/null </dev/null
}

# sendmail_like DIR: DIR/sendmail, a sendmail that behaves as the real
# ones (Postfix, Exim) do on what irt and its hooks rely on: the message
# from standard input, ended by a line holding only "." unless given -i
# or -oi; with -t, the recipients from the To, Cc and Bcc headers, and
# with none there a refusal ("No recipient addresses found in header",
# exit 1) and nothing sent. It keeps its arguments in DIR/sendmail.args
# and what it would send in DIR/sendmail.msg.
sendmail_like() {
	mkdir -p "$1"
	cat >"$1/sendmail" <<SH
#!/bin/sh
printf '%s\n' "\$*" >"$1/sendmail.args"
literal= headers=
for a in "\$@"; do
	case "\$a" in -i | -oi) literal=1 ;; -t) headers=1 ;; esac
done
: >"$1/sendmail.in"
if [ -n "\$literal" ]; then
	cat >"$1/sendmail.in"
else
	while IFS= read -r line; do
		[ "\$line" = "." ] && break
		printf '%s\n' "\$line" >>"$1/sendmail.in"
	done
fi
if [ -n "\$headers" ] &&
	! sed '/^\$/q' "$1/sendmail.in" | grep -qiE '^(to|cc|bcc):[[:space:]]*[^[:space:]]'; then
	echo "sendmail: No recipient addresses found in header" >&2
	rm -f "$1/sendmail.in"
	exit 1
fi
mv "$1/sendmail.in" "$1/sendmail.msg"
SH
	chmod +x "$1/sendmail"
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
# for tests of older databases; with it go what the later migrations
# added: UNDO_ADVISORY's columns (*-advisory.sql), the search marks
# (*-search-marks.sql) and the hook state (*-hook-state.sql). They also
# set user_version (and undo what other migrations added).
# SEARCH_TIME_VERSION: the schema version that migration makes.
UNDO_ADVISORY="ALTER TABLE incidents DROP COLUMN product;
	ALTER TABLE incidents DROP COLUMN versions;
	ALTER TABLE incidents DROP COLUMN fixed_version;
	ALTER TABLE incidents DROP COLUMN ecosystem;"
SEARCH_TIME_VERSION=$(ls "$IRT_SRC"/data/migrations/*.sql | grep -n -- '-search-time\.sql$' | cut -d: -f1)
UNDO_SEARCH_TIME="$UNDO_ADVISORY DROP TABLE search_marks; DROP TRIGGER events_search; DROP TABLE search_fts;
	DROP VIEW search_text; DROP TABLE search_keys;
	CREATE VIRTUAL TABLE notes_fts USING fts5(text, content='events', content_rowid='id');
	CREATE TRIGGER events_fts AFTER INSERT ON events WHEN new.text <> ''
	BEGIN
		INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text);
	END;
	INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');
	DROP TABLE IF EXISTS hook_fired;"
