#!/usr/bin/env bash
# The rule book and the ledger as properties: random but reproducible
# command sequences (fixed seeds) leave a record that verifies, whose
# incidents survive export -> import -> export unchanged, and in which
# every single-event forgery (reordered, dropped, duplicated, time moved
# back, CVSS score changed, a stage skipped; every hash recomputed) is
# caught by verify and by import. tests/cli/replay.py does the work and
# prints the seed and the command sequence of any failure.
. "$IRT_SRC/tests/lib.sh"

FORGE="$IRT_SRC/tests/cli/forge.py"

got=0
python3 "$IRT_SRC/tests/cli/replay.py" --irt "$IRT" --forge "$FORGE" \
	--work "$T/replay" --seeds 11,23,37,41,59,73 >"$T/replay.out" || got=$?
cat "$T/replay.out"
[ "$got" -eq 0 ] || fail "replay.py exited $got (its stderr above names the seed and command)"
n=$(sed -n 's/^checks \([0-9][0-9]*\)$/\1/p' "$T/replay.out")
[ -n "$n" ] || fail "replay.py printed no check count"
equals "$(grep -c '^seed ' "$T/replay.out")" 6 "seeds run"
N_CHECKS=$((N_CHECKS + n))
done_ok
