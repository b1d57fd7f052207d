#!/usr/bin/env bash
# tests/pg/run-suite.sh - the command-line and TUI suites (tests/cli and
# tests/tui, test_*.sh) against PostgreSQL: starts a private cluster
# (tests/pg/cluster.sh), runs each script with IRT_TEST_PG_URI set, so
# that tests/lib.sh gives it a database of its own there, and stops the
# cluster.
#
#   run-suite.sh [BUILD_DIR [cli|tui|all [NAME...]]]
#
# BUILD_DIR defaults to build/, the suite to all (cli, then tui), the
# scripts to every one of the suite; a NAME is test_x or cli/test_x.
# Prints one line per script: PASS, FAIL (the end of its output follows)
# or N/A (the script is about the SQLite file itself and says so), then
# the counts and the time taken; exits 1 when one failed. ctest runs it
# as pg.cli_suite and pg.tui_suite (label pg).
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
[ $# -gt 0 ] && shift
suite=${1:-all}
[ $# -gt 0 ] && shift
case $suite in
cli | tui) kinds=$suite ;;
all) kinds="cli tui" ;;
*)
	echo "usage: run-suite.sh [BUILD_DIR [cli|tui|all [NAME...]]]" >&2
	exit 2
	;;
esac
build=$(cd "$build" && pwd) || exit 1
if [ ! -x "$build/irt" ] || [ ! -x "$build/irt-test" ]; then
	echo "run-suite.sh: no irt and irt-test in $build (build first)" >&2
	exit 1
fi
scripts=()
if [ $# -gt 0 ]; then
	for name in "$@"; do
		found=""
		for kind in $kinds; do
			for f in "$src/tests/$kind/${name#"$kind"/}.sh" "$src/tests/$kind/${name#"$kind"/}"; do
				[ -f "$f" ] && { found=$f; break 2; }
			done
		done
		[ -n "$found" ] || { echo "run-suite.sh: no script $name in tests/{${kinds// /,}}" >&2; exit 2; }
		scripts+=("$found")
	done
else
	for kind in $kinds; do scripts+=("$src/tests/$kind"/test_*.sh); done
fi
# As root (CI) the server runs as another user, who may not enter root's
# $TMPDIR: the cluster goes under /tmp then.
if [ "$(id -u)" -eq 0 ]; then
	dir=$(mktemp -d /tmp/irt-pgsuite.XXXXXX)
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/irt-pgsuite.XXXXXX")
fi
chmod 0711 "$dir"
trap 'bash "$src/tests/pg/cluster.sh" stop "$dir/cluster" --immediate 2>/dev/null; rm -rf "$dir"' EXIT
bash "$src/tests/pg/cluster.sh" start "$dir/cluster" >/dev/null || exit 1
# shellcheck disable=SC1091
. "$dir/cluster/env"

export IRT="$build/irt" IRT_HOOKED="$build/irt-test" IRT_SRC="$src" IRT_BUILD="$build"
export IRT_TEST_PG_URI="$IRT_PG_URI" LANG=C.UTF-8
pass=0 failed=0 na=0 failures="" start=$SECONDS
for script in "${scripts[@]}"; do
	kind=$(basename "$(dirname "$script")")
	name="$kind/$(basename "$script" .sh)"
	rc=0
	bash "$script" >"$dir/out" 2>&1 </dev/null || rc=$?
	case $rc in
	0) echo "PASS $name"; pass=$((pass + 1)) ;;
	77) echo "N/A  $name: $(tail -n 1 "$dir/out")"; na=$((na + 1)) ;;
	*)
		echo "FAIL $name (exit $rc)"
		tail -n 15 "$dir/out" | sed 's/^/     /'
		failed=$((failed + 1)) failures="$failures $name"
		;;
	esac
done
echo "PostgreSQL ($suite): $pass passed, $failed failed, $na not applicable${failures:+ (failed:$failures)}, $((SECONDS - start)) s"
[ $failed -eq 0 ]
