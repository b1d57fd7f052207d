#!/usr/bin/env bash
# Time from starting `irt` (the TUI) to its first full list screen on the
# 10,000-incident benchmark database, side by side with the raw sqlite3
# query the list wraps (the limit to approach). Medians of RUNS runs
# (default 11) after one warm-up.
#
#   bench/tui_startup.sh [BUILD_DIR]     (default: build; use a Release build)
#
# How it is measured: irt runs in a tmux pane of 80x24 on a private
# socket. A tiny sh records the clock (date +%s%N) and execs irt; the
# script polls capture-pane in a tight loop, taking the clock
# ($EPOCHREALTIME) after each capture, until the screen shows the last
# row the list has room for (the first full screen: irt loads a
# screenful first), and then the title bar's count of the whole list
# (loaded right after the first draw). Both include exec, opening the
# database, the query, starting curses and drawing, plus the harness's
# own cost: the "floor" row is the same measurement of a program that
# only prints a copy of that screen (sh + cat). The database is copied
# first, so the shared benchmark file is never written.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
irt=$(cd "$build" && pwd)/irt
runs=${RUNS:-11}
src_db=${BENCH_DB:-$here/out/bench-10k.db}
command -v tmux >/dev/null || { echo "tmux is needed" >&2; exit 1; }
mkdir -p "$(dirname "$src_db")"
if [ ! -f "$src_db" ]; then
	echo "generating $src_db (10,000 incidents, 1,000,000 events + one of 10,000)..." >&2
	"$build/bench/irt-bench-gen" "$src_db" 10000 1000000 10000
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/irt-tui-bench.XXXXXX")
sock="irtbench$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
cp --reflink=auto "$src_db" "$work/irt.db"
export IRT_DB="$work/irt.db" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color
export HOME="$work" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
unset NO_COLOR
# Migrate the copy once, outside the timing.
"$irt" list --json >"$work/list.json"
n_open=$(jq '.incidents | length' "$work/list.json")
# The list shows 21 rows at 80x24 (title, header, status line).
last_id=$(jq -r '.incidents[20].id' "$work/list.json")
printf 'set -g status off\nset -g remain-on-exit off\n' >"$work/tmux.conf"
tmux -L "$sock" -f "$work/tmux.conf" new-session -d -s idle -x 80 -y 24 "sleep 3600"
printf '#!/bin/sh\ndate +%%s%%N >%q\nexec %q\n' "$work/t0" "$irt" >"$work/run.sh"
# The harness floor: the same measurement of a program that only prints
# a copy of irt's first screen (cat), so what it costs to start a
# process, have tmux take its output and notice it.
printf '#!/bin/sh\ndate +%%s%%N >%q\ncat %q\nexec sleep 3600\n' "$work/t0" \
	"$work/screen.txt" >"$work/floor.sh"

# one_run SCRIPT: microseconds from start until every row of the first
# screen shows, and until the title bar shows the count of the whole
# list (irt draws a screenful first and loads the rest right after).
one_run() {
	local t_rows=0 t_count=0 now screen lines
	rm -f "$work/t0"
	tmux -L "$sock" new-session -d -s tui -x 80 -y 24 "sh $1"
	while [ "$t_count" = 0 ]; do
		screen=$(tmux -L "$sock" capture-pane -p -t tui 2>/dev/null || true)
		now=${EPOCHREALTIME/./}
		mapfile -t lines <<<"$screen"
		if [ "$t_rows" = 0 ] && [[ ${lines[22]:-} == *" $last_id "* ]]; then
			t_rows=$now
		fi
		if [ "$t_rows" != 0 ] && [[ $screen == *"$n_open open incidents"* ]]; then
			t_count=$now
		fi
	done
	tmux -L "$sock" kill-session -t tui
	echo $((t_rows - $(cat "$work/t0") / 1000)) $((t_count - $(cat "$work/t0") / 1000))
}

# median_of_runs SCRIPT: "rows-ms count-ms", medians of RUNS runs.
median_of_runs() {
	for _ in $(seq "$runs"); do one_run "$1"; done >"$work/runs"
	for col in 1 2; do
		awk -v c=$col '{ print $c }' "$work/runs" | sort -n |
			awk '{ a[NR] = $1 } END { printf "%.1f ", a[int((NR + 1) / 2)] / 1000 }'
	done
}

# Warm up, and keep irt's first screen (with its escape sequences) for
# the floor.
tmux -L "$sock" new-session -d -s tui -x 80 -y 24 "sh $work/run.sh"
until [[ $(tmux -L "$sock" capture-pane -p -t tui) == *"$n_open open incidents"* ]]; do :; done
tmux -L "$sock" capture-pane -e -p -t tui | head -n 23 >"$work/screen.txt"
tmux -L "$sock" kill-session -t tui
read -r tui_rows tui_count <<<"$(median_of_runs "$work/run.sh")"
read -r floor_ms _ <<<"$(median_of_runs "$work/floor.sh")"
sql_ms=$(median_ms "$runs" sqlite3 "$IRT_DB" "SELECT id, title, owner, component, severity_rank, cvss_score, stage, resolution, reported_ms, acked_ms, created_ms, updated_ms, entered_detect, left_fix FROM incidents WHERE stage <> 5 ORDER BY id DESC")
list_ms=$(median_ms "$runs" "$irt" list)

printf '%-40s %10s\n' "what" "median ms"
printf '%-40s %10s\n' "TUI start to first full list screen" "$tui_rows"
printf '%-40s %10s\n' "TUI start to the whole list's count" "$tui_count"
printf '%-40s %10s\n' "harness floor (cat of the same screen)" "$floor_ms"
printf '%-40s %10s\n' "sqlite3: the query the list wraps" "$sql_ms"
printf '%-40s %10s\n' "irt list (all rows printed)" "$list_ms"
echo "medians of $runs runs; $n_open open incidents; database: copy of $src_db"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
