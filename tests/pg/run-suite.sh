#!/usr/bin/env bash
# tests/pg/run-suite.sh - the command-line suite (tests/cli/test_*.sh)
# against PostgreSQL: starts a private cluster (tests/pg/cluster.sh), runs
# each script with IRT_TEST_PG_URI set, so that tests/lib.sh gives it a
# database of its own there, and stops the cluster.
#
#   run-suite.sh [BUILD_DIR] [NAME...]   (default: build/, every script)
#
# Prints one line per script: PASS, FAIL (its output follows) or N/A
# (the script is about the SQLite file itself and says so); exits 1 when
# one failed. ctest runs it as pg.cli_suite (label pg).
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
[ $# -gt 0 ] && shift
build=$(cd "$build" && pwd) || exit 1
dir=$(mktemp -d "${TMPDIR:-/tmp}/irt-pgsuite.XXXXXX")
chmod 0711 "$dir"
trap 'bash "$src/tests/pg/cluster.sh" stop "$dir/cluster" --immediate 2>/dev/null; rm -rf "$dir"' EXIT
bash "$src/tests/pg/cluster.sh" start "$dir/cluster" >/dev/null || exit 1
# shellcheck disable=SC1091
. "$dir/cluster/env"

export IRT="$build/irt" IRT_HOOKED="$build/irt-test" IRT_SRC="$src" IRT_BUILD="$build"
export IRT_TEST_PG_URI="$IRT_PG_URI" LANG=C.UTF-8
if [ $# -gt 0 ]; then
	scripts=()
	for name in "$@"; do scripts+=("$src/tests/cli/${name%.sh}.sh"); done
else
	scripts=("$src"/tests/cli/test_*.sh)
fi
pass=0 failed=0 na=0 failures=""
for script in "${scripts[@]}"; do
	name=$(basename "$script" .sh)
	rc=0
	bash "$script" >"$dir/out" 2>&1 || rc=$?
	case $rc in
	0) echo "PASS $name"; pass=$((pass + 1)) ;;
	77) echo "N/A  $name: $(tail -n 1 "$dir/out")"; na=$((na + 1)) ;;
	*)
		echo "FAIL $name"
		tail -n 15 "$dir/out" | sed 's/^/     /'
		failed=$((failed + 1)) failures="$failures $name"
		;;
	esac
done
echo "PostgreSQL: $pass passed, $failed failed, $na not applicable${failures:+ (failed:$failures)}"
[ $failed -eq 0 ]
