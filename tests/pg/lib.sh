# shellcheck shell=bash
# tests/pg/lib.sh - shared by the PostgreSQL test scripts.
#
# Source it first: . "$(dirname "$0")/lib.sh". It starts a private
# cluster (tests/pg/cluster.sh) in a temporary directory, stopped and
# removed on exit however the script ends, and exports its connection
# (PGHOST, PGPORT, ...). pg_schema then makes the database "irt" as a
# team server has it: owned by the login role irt_owner, with
# data/pg/001-init.sql and data/pg/roles.sql applied by it.
#
# The helpers run psql as a given role against the database irt, with
# search_path irt. A failed check prints what was expected and exits 1.
# Nothing here needs irt built.

set -u
PG_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/irt-pg.XXXXXX")
# The server may run as another user (as root we are): it must reach
# the cluster's directory, not read what else is in here.
chmod 0711 "$PG_DIR"
pg_cleanup() {
	bash "$PG_SRC/tests/pg/cluster.sh" stop "$PG_DIR/cluster" --immediate 2>/dev/null
	rm -rf "$PG_DIR"
}
trap pg_cleanup EXIT
export HOME="$PG_DIR/home" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME"
unset PGSERVICE PGSERVICEFILE PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT
N_CHECKS=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

bash "$PG_SRC/tests/pg/cluster.sh" start "$PG_DIR/cluster" >/dev/null ||
	fail "the cluster did not start"
# shellcheck disable=SC1091
. "$PG_DIR/cluster/env"

# as_role ROLE SQL: runs SQL (one or more statements) as ROLE on irt,
# stdout to $PG_DIR/out, stderr to $PG_DIR/err; returns psql's status.
as_role() {
	PGOPTIONS="-c search_path=irt" psql -X -q -At -v ON_ERROR_STOP=1 \
		-d irt -U "$1" -c "$2" >"$PG_DIR/out" 2>"$PG_DIR/err"
}

# value ROLE SQL: prints the query's result (unaligned, tuples only).
value() {
	as_role "$1" "$2" || fail "$1 could not run: $2: $(cat "$PG_DIR/err")"
	cat "$PG_DIR/out"
}

# ok ROLE SQL: the statements succeed.
# refused ROLE SQL MESSAGE: the statement fails with the error MESSAGE
# (psql's "ERROR:  MESSAGE"; a fixed string, matched at its start).
# Between batch_begin and batch_end, both are queued and batch_end runs
# them in one psql session per role (each statement in its own
# transaction), in the order given for each role, and then checks them;
# otherwise each runs at once.
BATCH=""
ok() {
	N_CHECKS=$((N_CHECKS + 1))
	if [ -n "$BATCH" ]; then
		queue "$1" "$2" ""
		return
	fi
	as_role "$1" "$2" || fail "$1 could not run: $2: $(cat "$PG_DIR/err")"
}

refused() {
	N_CHECKS=$((N_CHECKS + 1))
	if [ -n "$BATCH" ]; then
		queue "$1" "$2" "$3"
		return
	fi
	! as_role "$1" "$2" || fail "$1 was allowed: $2"
	grep -qF -- "ERROR:  $3" "$PG_DIR/err" ||
		fail "$1 running '$2': expected the error '$3', got: $(cat "$PG_DIR/err")"
}

# queue ROLE SQL MESSAGE: check number N of the batch, in ROLE's script
# after a marker \warn writes to stderr, where psql writes its errors
# too, so that each statement's errors are told apart.
queue() {
	local n=$((${#BATCH_SQL[@]} + 1))
	BATCH_ROLE[n]=$1 BATCH_SQL[n]=$2 BATCH_ERR[n]=$3
	case " $BATCH_ROLES " in *" $1 "*) ;; *) BATCH_ROLES="$BATCH_ROLES $1" ;; esac
	printf '\\warn @@ %d\n%s;\n' "$n" "$2" >>"$PG_DIR/batch.$1.sql"
}

batch_begin() {
	BATCH=1 BATCH_ROLES=""
	BATCH_ROLE=() BATCH_SQL=() BATCH_ERR=()
	rm -f "$PG_DIR"/batch.* "$PG_DIR"/seg.*
}

batch_end() {
	local role n seg
	BATCH=""
	for role in $BATCH_ROLES; do
		PGOPTIONS="-c search_path=irt" psql -X -q -At -d irt -U "$role" \
			-f "$PG_DIR/batch.$role.sql" >/dev/null 2>"$PG_DIR/batch.$role.err" ||
			fail "$role's batch did not run: $(cat "$PG_DIR/batch.$role.err")"
		awk -v dir="$PG_DIR" '/^@@ [0-9]+$/ { n = $2; next }
			{ print > (dir "/seg." n) }' "$PG_DIR/batch.$role.err"
	done
	for n in "${!BATCH_SQL[@]}"; do
		seg="$PG_DIR/seg.$n"
		touch "$seg"
		if [ -z "${BATCH_ERR[n]}" ]; then
			! grep -q "ERROR:" "$seg" ||
				fail "${BATCH_ROLE[n]} could not run: ${BATCH_SQL[n]}: $(cat "$seg")"
		elif ! grep -q "ERROR:" "$seg"; then
			fail "${BATCH_ROLE[n]} was allowed: ${BATCH_SQL[n]}"
		else
			grep -qF -- "ERROR:  ${BATCH_ERR[n]}" "$seg" ||
				fail "${BATCH_ROLE[n]} running '${BATCH_SQL[n]}': expected the error '${BATCH_ERR[n]}', got: $(cat "$seg")"
		fi
	done
}

# expect STATUS CMD...: the exit status STATUS, output in $PG_DIR/out
# and $PG_DIR/err; with PG_ONE_LINE_ERRORS=1, a failure's stderr must be
# one line.
expect() {
	local want=$1 got=0
	shift
	N_CHECKS=$((N_CHECKS + 1))
	"$@" >"$PG_DIR/out" 2>"$PG_DIR/err" || got=$?
	[ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want: $(cat "$PG_DIR/err")"
	[ "${PG_ONE_LINE_ERRORS:-0}" != 1 ] || [ "$want" -eq 0 ] ||
		[ "$(wc -l <"$PG_DIR/err")" -eq 1 ] ||
		fail "'$*': not one line of error: $(cat "$PG_DIR/err")"
}

# says TEXT [FILE]: $PG_DIR/FILE (default err) holds TEXT.
says() {
	local file=${2:-err}
	N_CHECKS=$((N_CHECKS + 1))
	grep -qF -- "$1" "$PG_DIR/$file" || fail "expected '$1' in $file: $(cat "$PG_DIR/$file")"
}

# equals ACTUAL EXPECTED DESCRIPTION
equals() {
	N_CHECKS=$((N_CHECKS + 1))
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# pg_schema: the database irt, its owner irt_owner (CREATEROLE, to make
# the group roles), the schema (every data/pg migration, in order) and
# the roles applied by the owner.
pg_schema() {
	local m
	psql -X -q -v ON_ERROR_STOP=1 -d postgres \
		-c "CREATE ROLE irt_owner LOGIN CREATEROLE" \
		-c "CREATE DATABASE irt OWNER irt_owner" >/dev/null ||
		fail "cannot create the database irt"
	for m in "$PG_SRC"/data/pg/[0-9][0-9][0-9]-*.sql; do
		psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d irt -U irt_owner \
			-f "$m" >/dev/null 2>"$PG_DIR/err" ||
			fail "$(basename "$m") did not apply: $(cat "$PG_DIR/err")"
	done
	psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d irt -U irt_owner \
		-f "$PG_SRC/data/pg/roles.sql" >/dev/null 2>"$PG_DIR/err" ||
		fail "roles.sql did not apply: $(cat "$PG_DIR/err")"
}

# Print a closing line ctest shows on success.
done_ok() {
	echo "$(basename "$0"): $N_CHECKS checks passed"
}
