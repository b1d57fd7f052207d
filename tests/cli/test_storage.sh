#!/usr/bin/env bash
# Where the database lives and how it is protected: path resolution,
# modes, migrations, a database from a newer irt, unusable paths, actor
# resolution, the config file.
. "$IRT_SRC/tests/lib.sh"

# Default path: $XDG_DATA_HOME/irt/irt.db, directory 0700, file 0600.
unset IRT_DB
check "new in default place" "$IRT" new "first" >/dev/null
db="$XDG_DATA_HOME/irt/irt.db"
check "db created" test -f "$db"
equals "$(stat -c %a "$XDG_DATA_HOME/irt")" 700 "directory mode"
equals "$(stat -c %a "$db")" 600 "file mode"
equals "$(sqlite3 "$db" 'PRAGMA journal_mode')" wal "WAL"
# Without XDG_DATA_HOME: ~/.local/share/irt/irt.db.
env -u XDG_DATA_HOME "$IRT" new "home default" >/dev/null
check "home default" test -f "$HOME/.local/share/irt/irt.db"
# $IRT_DB beats XDG; --db beats $IRT_DB.
IRT_DB="$T/env.db" "$IRT" new "env" >/dev/null
check "IRT_DB used" test -f "$T/env.db"
IRT_DB="$T/env.db" "$IRT" --db "$T/opt.db" new "opt" >/dev/null
IRT_DB="$T/env.db" "$IRT" new "opt2" --db "$T/opt.db" >/dev/null
equals "$(sqlite3 "$T/opt.db" 'SELECT count(*) FROM incidents')" 2 "--db wins"
equals "$(sqlite3 "$T/env.db" 'SELECT count(*) FROM incidents')" 1 "env untouched"
# No HOME and no XDG: a clear error.
expect_exit 1 env -u HOME -u XDG_DATA_HOME -u IRT_DB "$IRT" list
contains "$T/err" "no place for the database"

# Schema version; append-only triggers hold even in the sqlite3 shell.
export IRT_DB="$T/irt.db"
"$IRT" new "incident" >/dev/null
check "user_version set" test "$(sqlite3 "$IRT_DB" 'PRAGMA user_version')" -ge 1
! sqlite3 "$IRT_DB" "UPDATE events SET text='x'" 2>"$T/sq.err" || fail "update allowed"
contains "$T/sq.err" "append-only"
! sqlite3 "$IRT_DB" "DELETE FROM events" 2>"$T/sq.err" || fail "delete allowed"
contains "$T/sq.err" "append-only"

# A database from a newer irt is refused, untouched, exit 1.
# (in rollback-journal mode, as a newer irt might leave it: irt must not
# switch it to WAL before refusing it.)
cp "$IRT_DB" "$T/future.db"
sqlite3 "$T/future.db" "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999" >/dev/null
before=$(sha256sum "$T/future.db")
expect_exit 1 "$IRT" --db "$T/future.db" note 1 "x"
contains "$T/err" "newer irt"
expect_exit 1 "$IRT" --db "$T/future.db" list
expect_exit 1 "$IRT" --db "$T/future.db" verify
equals "$(sha256sum "$T/future.db")" "$before" "future db untouched"
check "no WAL left behind" test ! -e "$T/future.db-wal"

# Not a database, another program's database, a directory, no permission.
printf 'this is not a database, just text that is long enough....%.0s' {1..40} >"$T/text.db"
before=$(sha256sum "$T/text.db")
expect_exit 1 "$IRT" --db "$T/text.db" list
contains "$T/err" "not a usable irt database"
equals "$(sha256sum "$T/text.db")" "$before" "text file untouched"
sqlite3 "$T/other.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"
before=$(sha256sum "$T/other.db")
expect_exit 1 "$IRT" --db "$T/other.db" list
contains "$T/err" "not irt's"
expect_exit 1 "$IRT" --db "$T/other.db" note 1 "x"
equals "$(sha256sum "$T/other.db")" "$before" "another program's database untouched"
equals "$(sqlite3 "$T/other.db" "PRAGMA journal_mode")" delete "still in its own journal mode"
expect_exit 1 "$IRT" --db "$T" list
contains "$T/err" "not a regular file"
expect_exit 1 "$IRT" --db /proc/irt-cannot-be-here/irt.db new "x"
contains "$T/err" "cannot create directory"
expect_exit 1 "$IRT" --db /dev/null/irt.db new "x"

# Actor: --actor > $IRT_ACTOR > config name > login name.
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[user]\nname = from-config\n' >"$XDG_CONFIG_HOME/irt/config"
"$IRT" note 1 "a" --actor from-option
IRT_ACTOR=from-env "$IRT" note 1 "b"
env -u IRT_ACTOR "$IRT" note 1 "c"
rm "$XDG_CONFIG_HOME/irt/config"
env -u IRT_ACTOR LOGNAME=from-login "$IRT" note 1 "d"
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind=="note") | .actor] | join(",")')" \
	"from-option,from-env,from-config,from-login" "actor resolution"
printf '[user\nname = broken\n' >"$XDG_CONFIG_HOME/irt/config"
expect_exit 2 "$IRT" list
contains "$T/err" "config: line 1"
rm "$XDG_CONFIG_HOME/irt/config"
done_ok
