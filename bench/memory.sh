#!/usr/bin/env bash
# Peak memory (maximum resident set, /usr/bin/time %M, KiB) of each irt
# command on the benchmark database (10,000 incidents, 1,000,000 events,
# incident 10001 with 10,000 events), beside the 64 MiB limit. One run
# each: the peak hardly varies. The database is copied first (irt may
# migrate it), and import goes into a fresh database.
#
#   bench/memory.sh [BUILD_DIR]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
irt="$build/irt"
limit=$((64 * 1024))
src=${BENCH_DB:-$here/out/bench-10k.db}
mkdir -p "$(dirname "$src")"
if [ ! -f "$src" ]; then
	echo "generating $src (10,000 incidents, 1,000,000 events + one of 10,000)..." >&2
	"$build/bench/irt-bench-gen" "$src" 10000 1000000 10000
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt install time)" >&2; exit 1; }
big=10001
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src" "$tmp/bench.db"
export IRT_DB=$tmp/bench.db TZ=UTC LANG=C.UTF-8
"$irt" list >/dev/null # any migration happens here, not in a figure
"$irt" export $big --format json -o "$tmp/e.json"

over=0
# peak NAME COMMAND...: runs the command (output to /dev/null) and
# prints its peak beside the limit.
peak() {
	local name=$1 kib
	shift
	/usr/bin/time -f %M -o "$tmp/kib" "$@" >/dev/null 2>"$tmp/err" || {
		echo "$name failed: $(cat "$tmp/err")" >&2
		exit 1
	}
	kib=$(tail -n 1 "$tmp/kib")
	printf '%-26s %10s %10s %s\n' "$name" "$kib" "$limit" \
		"$([ "$kib" -le "$limit" ] && echo ok || echo OVER)"
	[ "$kib" -le "$limit" ] || over=$((over + 1))
}

printf '%-26s %10s %10s\n' "command" "peak KiB" "limit KiB"
peak "list" "$irt" list
peak "list --json" "$irt" list --json
peak "show $big" "$irt" show $big
peak "show $big --json" "$irt" show $big --json
peak "timeline $big" "$irt" timeline $big
peak "timeline $big --json" "$irt" timeline $big --json
peak "search token" "$irt" search token
for f in json md html csv pdf; do
	peak "export $big --format $f" "$irt" export $big --format $f
done
peak "import (fresh db)" "$irt" --db "$tmp/fresh.db" import "$tmp/e.json"
peak "verify (whole db)" "$irt" verify
peak "report" "$irt" report
echo "$over command(s) over 64 MiB; database: copy of $src"
