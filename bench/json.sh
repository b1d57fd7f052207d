#!/usr/bin/env bash
# Each JSON form beside its text form, in the same run: `irt list --json`
# beside `irt list` (every open incident of 10,000), and `irt timeline`,
# `irt show` and `irt export --format json` (beside `--format md`) of the
# incident with 10,000 events. The two forms of a pair run alternately,
# so a change in the machine's load falls on both; medians of RUNS runs
# each (default 21), their ratio, and each form's peak resident memory.
#
#   bench/json.sh [BUILD_DIR]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
irt="$build/irt"
runs=${RUNS:-21}
bench_db "$build"
big=10001
export IRT_DB=$db TZ=UTC LANG=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# us COMMAND...: one run's wall time in microseconds, output discarded.
us() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000))
}

# median FILE: the median of the microsecond figures in FILE, in ms.
median() {
	sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%.1f\n", a[int((NR + 1) / 2)] / 1000 }'
}

# peak COMMAND...: peak resident memory in MiB.
peak() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 |
		awk '{ printf "%.1f\n", $1 / 1024 }'
}

# pair NAME "TEXT ARGS" "JSON ARGS": both forms, alternately.
pair() {
	local name=$1 text=$2 json=$3 t j
	: >"$tmp/t"
	: >"$tmp/j"
	# shellcheck disable=SC2086 # the arguments are split on purpose
	for _ in $(seq "$runs"); do
		us "$irt" $text >>"$tmp/t"
		us "$irt" $json >>"$tmp/j"
	done
	t=$(median "$tmp/t")
	j=$(median "$tmp/j")
	# shellcheck disable=SC2086
	printf '%-10s %9s %9s %7s %9s %9s\n' "$name" "$t" "$j" "$(ratio "$j" "$t")" \
		"$(peak "$irt" $text)" "$(peak "$irt" $json)"
}

printf '%-10s %9s %9s %7s %9s %9s\n' "command" "text ms" "json ms" "ratio" "text MiB" "json MiB"
pair list "list" "list --json"
pair timeline "timeline $big" "timeline $big --json"
pair show "show $big" "show $big --json"
pair export "export $big --format md" "export $big --format json"
echo "medians of $runs runs each, alternating; export text form: md; database: $db"
