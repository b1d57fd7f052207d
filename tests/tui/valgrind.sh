#!/usr/bin/env bash
# The TUI under valgrind memcheck: runs a representative set of the TUI
# tests (first run, the new-incident form, a whole lifecycle, drafts on
# hang-up, a hostile environment, pasting) with irt started under
# valgrind in tmux (IRT_TUI_WRAPPER, see tuilib.sh), then fails if any
# irt run reported a memory error or a definite or indirect leak, or
# ended without valgrind's summary (killed outright). What ncurses keeps
# until exit ("still reachable") does not count. A failure prints the
# valgrind log.
#
# ctest runs it as tui.valgrind (label valgrind); by hand:
#   IRT=build/irt IRT_HOOKED=build/irt-test IRT_SRC=. \
#       bash tests/tui/valgrind.sh [TEST_NAME...]
# where TEST_NAME is e.g. list for tests/tui/test_list.sh ("all": every one;
# errors and contention run the test build $IRT_HOOKED, under valgrind too).
set -u
: "${IRT:?IRT must name the irt binary}"
: "${IRT_SRC:?IRT_SRC must name the source directory}"

command -v valgrind >/dev/null ||
	{ echo "FAIL: valgrind is needed (tools/debian-packages.txt lists it)" >&2; exit 1; }

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(first_run new_form lifecycle hangup environment paste)
if [ "${names[0]}" = all ]; then
	names=()
	for f in "$IRT_SRC"/tests/tui/test_*.sh; do
		f=${f##*/test_}
		names+=("${f%.sh}")
	done
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/irt-valgrind.XXXXXX")
trap 'rm -rf "$logs"' EXIT
# --child-silent-after-fork: the child irt forks to run an editor or a
# mail command is not irt's run; only irt's own processes are logged.
export IRT_TUI_WRAPPER="valgrind --tool=memcheck --leak-check=full \
--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
--track-origins=no --child-silent-after-fork=yes --log-file=$logs/vg.%p.log"

failed=0
for name in "${names[@]}"; do
	start=$SECONDS
	if ! bash "$IRT_SRC/tests/tui/test_$name.sh"; then
		echo "FAIL: test_$name.sh failed under valgrind" >&2
		failed=1
	fi
	echo "test_$name.sh under valgrind: $((SECONDS - start)) s"
done

# A run still writing its summary (irt after a hang-up) finishes soon.
for _ in $(seq 1 200); do
	pgrep -f "log-file=$logs/" >/dev/null || break
	sleep 0.1
done

n_logs=0 n_bad=0
for log in "$logs"/vg.*.log; do
	[ -e "$log" ] || continue
	n_logs=$((n_logs + 1))
	if ! grep -q "ERROR SUMMARY: 0 errors" "$log"; then
		n_bad=$((n_bad + 1))
		if grep -q "ERROR SUMMARY" "$log"; then
			echo "FAIL: valgrind found errors or leaks in ${log##*/}:" >&2
		else
			echo "FAIL: ${log##*/} has no summary (irt killed?):" >&2
		fi
		cat "$log" >&2
	fi
done
[ "$n_logs" -gt 0 ] || { echo "FAIL: no valgrind log was written" >&2; exit 1; }
echo "valgrind: $n_logs irt runs, $n_bad with errors or leaks"
[ "$n_bad" -eq 0 ] && [ "$failed" -eq 0 ] || exit 1
echo "valgrind.sh: ${#names[@]} TUI tests clean under memcheck"
