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
