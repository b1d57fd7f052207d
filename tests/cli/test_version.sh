#!/usr/bin/env bash
# `irt --version`: irt's version, then the libraries it runs with and
# the versions loaded at run time (SQLite, jansson, cmark, OpenSSL,
# ncurses), and the module libraries said to load on demand. No database
# is opened or made.
. "$IRT_SRC/tests/lib.sh"

command -v sqlite3 >/dev/null || fail "sqlite3 is not installed (tools/install-deps)"
command -v openssl >/dev/null || fail "openssl is not installed (tools/install-deps)"

expect_exit 0 "$IRT" --version
version=$(sed -n 's/^project(irt VERSION \([0-9.]*\).*/\1/p' "$IRT_SRC/CMakeLists.txt")
equals "$(head -1 "$T/out")" "irt $version" "irt's own version first"
# The library irt loaded is the one the sqlite3 and openssl programs use.
equals "$(grep '^SQLite ' "$T/out")" "SQLite $(sqlite3 -version | cut -d' ' -f1)" "SQLite"
equals "$(grep '^OpenSSL ' "$T/out")" "OpenSSL $(openssl version | cut -d' ' -f2)" "OpenSSL"
grep -Eq '^jansson [0-9]+\.[0-9]+' "$T/out" || fail "no jansson version: $(cat "$T/out")"
grep -Eq '^cmark [0-9]+\.[0-9]+' "$T/out" || fail "no cmark version: $(cat "$T/out")"
grep -Eq '^ncurses [0-9]+\.[0-9]+' "$T/out" || fail "no ncurses version: $(cat "$T/out")"
contains "$T/out" "libpq: loaded on demand"
contains "$T/out" "Pango, Cairo: loaded on demand"
equals "$(cat "$T/err")" "" "nothing on stderr"
db_created && fail "--version made a database"
# Global options may come first.
expect_exit 0 "$IRT" --db "$T/x.db" --version
equals "$(head -1 "$T/out")" "irt $version" "after --db"
[ -e "$T/x.db" ] && fail "--version made $T/x.db"

done_ok
