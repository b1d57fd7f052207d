# bench/lib.sh - timing helpers shared by the benchmark scripts.
# median_ms RUNS COMMAND...: runs the command RUNS times (output to
# /dev/null) and prints the median wall time in milliseconds.
median_ms() {
	local runs=$1 t0 t1
	shift
	for _ in $(seq "$runs"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f\n", a[int((NR + 1) / 2)] / 1000 }'
}

# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'
}

# bench_db BUILD: sets db to the benchmark database ($BENCH_DB, else
# bench/out/bench-10k.db), generating it with BUILD's irt-bench-gen the
# first time (10,000 incidents, 1,000,000 events + one of 10,000).
bench_db() {
	db=${BENCH_DB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/out/bench-10k.db}
	mkdir -p "$(dirname "$db")"
	if [ ! -f "$db" ]; then
		echo "generating $db (10,000 incidents, 1,000,000 events + one of 10,000)..." >&2
		"$1/bench/irt-bench-gen" "$db" 10000 1000000 10000
	fi
}
