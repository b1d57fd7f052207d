#!/usr/bin/env bash
# tests/pg/cluster.sh - a private, throwaway PostgreSQL cluster for tests.
#
#   cluster.sh start DIR   initdb into DIR/data and start the server; a
#                          cluster DIR holds already, stopped, is started
#                          again (crash recovery after --immediate)
#   cluster.sh stop DIR [--immediate]
#                          stop it: a clean (fast) shutdown, or at once,
#                          as a crash would, without the shutdown
#                          checkpoint (for a cluster about to be removed,
#                          or to test what survives); DIR is left
#   cluster.sh env DIR     print the connection exports again
#
# The server listens on a Unix socket in DIR/run and on 127.0.0.1 only, on
# a free port; fsync, synchronous_commit and full_page_writes are on, so
# a committed transaction survives the server's crash. (initdb itself
# runs --no-sync: flushing a new throwaway data directory to disk would
# only matter if the machine went down, and seconds a test.) Its
# superuser is "postgres": trusted on the socket (DIR/run is reachable by
# its owner alone), password (scram-sha-256, from DIR/pgpass) over TCP.
# `start` writes DIR/env, shell exports (PGHOST, PGPORT, PGUSER,
# PGDATABASE, PGPASSFILE, IRT_PG_URI, IRT_PG_TCP_URI) that it also prints,
# so a test can `. DIR/env` or `eval "$(cluster.sh start DIR)"`.
#
# initdb refuses to run as root. Run as root (as CI does), the cluster
# runs as $IRT_PG_USER, else "postgres" (the Debian package's system
# user), else a system user "irt-pg" created for it; DIR and every
# directory above it must then be searchable by that user. Binaries come
# from $IRT_PG_BIN, else /usr/lib/postgresql/15/bin (Debian's postgresql).
# Every failure says what failed on stderr and exits 1; a server that
# does not start has its log shown. `stop` runs as the user `start` used
# (DIR/user).
set -euo pipefail

PG_BIN=${IRT_PG_BIN:-/usr/lib/postgresql/15/bin}

die() {
	echo "cluster.sh: $*" >&2
	exit 1
}

usage() {
	echo "usage: cluster.sh start DIR | stop DIR [--immediate] | env DIR" >&2
	exit 2
}

# The user the server runs as: ourselves, unless we are root.
cluster_user() {
	if [ "$(id -u)" -ne 0 ]; then
		id -un
	elif [ -n "${IRT_PG_USER:-}" ]; then
		id -u "$IRT_PG_USER" >/dev/null 2>&1 ||
			die "IRT_PG_USER=$IRT_PG_USER is not a user on this machine"
		echo "$IRT_PG_USER"
	elif id -u postgres >/dev/null 2>&1; then
		echo postgres
	else
		id -u irt-pg >/dev/null 2>&1 ||
			useradd --system --no-create-home --home-dir /nonexistent \
				--shell /usr/sbin/nologin irt-pg >&2 ||
			die "cannot create the system user irt-pg to run the server as (initdb refuses root)"
		echo irt-pg
	fi
}

# as USER COMMAND...: runs COMMAND as USER (ourselves: directly), from /
# so that a working directory USER cannot enter does not matter.
as() {
	local user=$1
	shift
	if [ "$user" = "$(id -un)" ]; then
		(cd / && "$@")
	elif command -v runuser >/dev/null; then
		(cd / && runuser -u "$user" -- "$@")
	else
		(cd / && setpriv --reuid="$user" --regid="$(id -g "$user")" \
			--init-groups -- "$@")
	fi
}

# A TCP port on 127.0.0.1 nobody listens on, from the dynamic range.
free_port() {
	local port tries=0
	while [ $tries -lt 50 ]; do
		port=$((20000 + RANDOM % 40000))
		if ! (: </dev/tcp/127.0.0.1/$port) 2>/dev/null; then
			echo $port
			return 0
		fi
		tries=$((tries + 1))
	done
	die "no free TCP port found on 127.0.0.1"
}

write_env() {
	local dir=$1 port=$2 run="$1/run"
	local password
	password=$(cut -d: -f5 "$dir/pgpass")
	cat >"$dir/env" <<EOF
export PGHOST='$run'
export PGPORT='$port'
export PGUSER='postgres'
export PGDATABASE='postgres'
export PGPASSFILE='$dir/pgpass'
export IRT_PG_URI='postgresql://postgres@/postgres?host=$run&port=$port'
export IRT_PG_TCP_URI='postgresql://postgres:$password@127.0.0.1:$port/postgres'
EOF
	chmod 0600 "$dir/env"
}

start() {
	local dir=$1 user password
	[ -x "$PG_BIN/initdb" ] ||
		die "no PostgreSQL at $PG_BIN (install Debian's postgresql: tools/install-deps, or set IRT_PG_BIN)"
	mkdir -p "$dir" || die "cannot create $dir"
	dir=$(cd "$dir" && pwd)
	if [ -f "$dir/data/PG_VERSION" ]; then
		user=$(cat "$dir/user")
		! as "$user" "$PG_BIN/pg_ctl" --pgdata="$dir/data" status >/dev/null 2>&1 ||
			die "the cluster in $dir is running already"
		run "$dir" "$user"
		return
	fi
	[ ! -e "$dir/data" ] || die "$dir/data exists but holds no cluster: remove it first"
	user=$(cluster_user)
	echo "$user" >"$dir/user"
	as "$user" test -x "$dir" ||
		die "$dir is not reachable by $user, who runs the server: every directory above it must be searchable (chmod o+x)"
	mkdir -p "$dir/data" "$dir/run"
	chmod 0700 "$dir/data" "$dir/run"
	if [ "$user" != "$(id -un)" ]; then
		chown "$user": "$dir/data" "$dir/run" ||
			die "cannot give $dir/data and $dir/run to $user"
	fi

	password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	(umask 077 && echo "$password" >"$dir/password" && echo "$password" >"$dir/secret")
	[ "$user" = "$(id -un)" ] || chown "$user": "$dir/password"
	as "$user" "$PG_BIN/initdb" --pgdata="$dir/data" --username=postgres \
		--pwfile="$dir/password" --auth-local=trust \
		--auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync \
		>"$dir/initdb.log" 2>&1 ||
		die "initdb failed (as $user): $(tail -n 20 "$dir/initdb.log")"
	rm -f "$dir/password"

	cat >>"$dir/data/postgresql.conf" <<EOF

# tests/pg/cluster.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/run'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 20
shared_buffers = 16MB
logging_collector = off
log_min_messages = warning
EOF
	cat >"$dir/data/pg_hba.conf" <<EOF
# tests/pg/cluster.sh: the socket directory is private to the cluster's
# user; TCP on the loopback only, with a password.
local all all trust
host all all 127.0.0.1/32 scram-sha-256
EOF
	run "$dir" "$user"
}

# run DIR USER: starts the server of DIR as USER on a free port (the one
# it had, when it is started again and that is free), writes DIR/pgpass
# and DIR/env, prints the exports.
run() {
	local dir=$1 user=$2 port="" log="$1/data/server.log" tries=0 password
	local logged
	password=$(cat "$dir/secret")
	[ ! -f "$dir/port" ] || port=$(cat "$dir/port")
	while :; do
		if [ -z "$port" ] || (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
			port=$(free_port)
		fi
		sed -i "/^port = /d" "$dir/data/postgresql.conf"
		echo "port = $port" >>"$dir/data/postgresql.conf"
		logged=0
		[ ! -f "$log" ] || logged=$(wc -c <"$log")
		if as "$user" "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$log" \
			--wait --timeout=60 --silent start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		# Another process may have taken the port meanwhile.
		if tail -c +$((logged + 1)) "$log" 2>/dev/null | grep -q "could not bind" &&
			[ $tries -lt 5 ]; then
			port=""
			continue
		fi
		die "the server did not start (as $user, port $port): $(tail -c +$((logged + 1)) "$log" 2>/dev/null | tail -n 20)"
	done
	echo "$port" >"$dir/port"

	(umask 077 && echo "127.0.0.1:$port:*:postgres:$password" >"$dir/pgpass")
	write_env "$dir" "$port"
	"$PG_BIN/pg_isready" --quiet --host="$dir/run" --port="$port" ||
		die "the server started but does not answer on $dir/run"
	cat "$dir/env"
}

stop() {
	local dir=$1 mode=${2:-fast} user
	[ -f "$dir/data/PG_VERSION" ] || die "$dir holds no cluster"
	[ -f "$dir/data/postmaster.pid" ] || return 0 # not running
	user=$(cat "$dir/user")
	as "$user" "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode="$mode" --wait \
		--timeout=60 --silent stop ||
		die "the server in $dir/data did not stop: $(tail -n 20 "$dir/data/server.log" 2>/dev/null)"
}

[ $# -ge 2 ] || usage
case $1:$# in
start:2) start "$2" ;;
stop:2) stop "$2" ;;
stop:3)
	[ "$3" = --immediate ] || usage
	stop "$2" immediate
	;;
env:2)
	[ -f "$2/env" ] || die "$2 holds no started cluster"
	cat "$2/env"
	;;
*) usage ;;
esac
