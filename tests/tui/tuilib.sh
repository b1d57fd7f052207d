# tests/tui/tuilib.sh - drives the real irt binary in tmux for the TUI
# tests. Source it after tests/lib.sh:
#
#   . "$IRT_SRC/tests/lib.sh"
#   . "$IRT_SRC/tests/tui/tuilib.sh"
#
# Each test gets its own tmux server on a private socket (killed on exit),
# with the status bar off so the pane is the whole window. The server
# stays up between sessions (exit-empty off): a session started while the
# server was still shutting down after the last one ended used to fail. Nothing here
# sleeps for a fixed time: wait_for polls the screen (every 0.05 s, for
# up to TUI_WAIT seconds) until the expected text shows.
#
# IRT_TUI_WRAPPER, when set, is a command prefix irt is started under in
# tmux (e.g. "valgrind --tool=memcheck ..."; tests/tui/valgrind.sh);
# the command-line calls of the tests run irt as it is. A wrapped irt is
# slow, so the polls wait longer (TUI_WAIT 60 s unless set).
#
# Everything works on the tmux session $TUI_SESSION ("irt" unless set);
# a test with several TUIs at once sets it before each tui_* call.

command -v tmux >/dev/null || { echo "tmux is needed for the TUI tests" >&2; exit 1; }

TUI_SOCK="irt$$"
IRT_TUI_WRAPPER=${IRT_TUI_WRAPPER:-}
if [ -n "$IRT_TUI_WRAPPER" ]; then
	TUI_WAIT=${TUI_WAIT:-60}
else
	TUI_WAIT=${TUI_WAIT:-5}
fi
TUI_SCREEN="$T/screen"
TUI_SESSION=${TUI_SESSION:-irt}
printf 'set -g status off\nset -g remain-on-exit on\nset -g history-limit 0\nset -s exit-empty off\n' >"$T/tmux.conf"
trap 'tmux -L "$TUI_SOCK" kill-server 2>/dev/null; lib_cleanup' EXIT

# tui_file NAME: $T/NAME for the session "irt", $T/NAME.SESSION for others.
tui_file() {
	if [ "$TUI_SESSION" = irt ]; then
		echo "$T/$1"
	else
		echo "$T/$1.$TUI_SESSION"
	fi
}

# tui_start [COLS ROWS [ENV=VALUE...]]: starts irt in a new session
# $TUI_SESSION under a small sh (which outlives a Ctrl-C) that records
# irt's exit status in $(tui_file exit) (so pane_pid is that sh and irt
# is its child), its stderr in $(tui_file tui.err), and waits for the
# first screen.
tui_start() {
	local cols=${1:-80} rows=${2:-24} cmd run
	shift 2 2>/dev/null || shift $#
	run=$(tui_file run.sh)
	rm -f "$(tui_file exit)"
	printf '#!/bin/sh\ntrap : INT\n%s %q 2>%q\necho $? >%q\n' "$IRT_TUI_WRAPPER" \
		"$IRT" "$(tui_file tui.err)" "$(tui_file exit)" >"$run"
	cmd="env"
	for e in "$@"; do cmd="$cmd $(printf '%q' "$e")"; done
	cmd="$cmd sh $(printf '%q' "$run")"
	tmux -L "$TUI_SOCK" -f "$T/tmux.conf" new-session -d -s "$TUI_SESSION" \
		-x "$cols" -y "$rows" "$cmd" || fail "tmux did not start"
	tui_wait_for "irt"
}

# The pid of the running irt (the child of the pane's sh).
tui_pid() {
	local sh
	sh=$(tmux -L "$TUI_SOCK" display-message -p -t "$TUI_SESSION" '#{pane_pid}')
	pgrep -P "$sh" -x irt || pgrep -P "$sh"
}

# keys KEY...: tmux key names (Enter, Escape, Tab, BTab, Up, C-e, ...)
# or single characters.
keys() {
	tmux -L "$TUI_SOCK" send-keys -t "$TUI_SESSION" "$@"
}

# type_text TEXT: types TEXT literally.
type_text() {
	tmux -L "$TUI_SOCK" send-keys -t "$TUI_SESSION" -l -- "$1"
}

# screen: the pane's text now, into $TUI_SCREEN (and stdout with -o).
screen() {
	tmux -L "$TUI_SOCK" capture-pane -p -t "$TUI_SESSION" >"$TUI_SCREEN" 2>/dev/null
	[ "${1:-}" = -o ] && cat "$TUI_SCREEN"
	return 0
}

# tui_wait_for TEXT: polls until TEXT is on the screen.
tui_wait_for() {
	local i n=$((TUI_WAIT * 20))
	N_CHECKS=$((N_CHECKS + 1))
	for ((i = 0; i < n; i++)); do
		screen
		grep -qF -- "$1" "$TUI_SCREEN" && return 0
		sleep 0.05
	done
	fail "the screen never showed '$1'; it shows:
$(cat "$TUI_SCREEN")
stderr: $(cat "$(tui_file tui.err)" 2>/dev/null)"
}

# tui_wait_gone TEXT: polls until TEXT has left the screen.
tui_wait_gone() {
	local i n=$((TUI_WAIT * 20))
	N_CHECKS=$((N_CHECKS + 1))
	for ((i = 0; i < n; i++)); do
		screen
		grep -qF -- "$1" "$TUI_SCREEN" || return 0
		sleep 0.05
	done
	fail "the screen still shows '$1':
$(cat "$TUI_SCREEN")"
}

# tui_line TEXT: the first screen line holding TEXT.
tui_line() {
	screen
	grep -F -- "$1" "$TUI_SCREEN" | head -n 1
}

# screen_has TEXT / screen_lacks TEXT: asserts on the screen as it is now.
screen_has() {
	screen
	contains "$TUI_SCREEN" "$1"
}
screen_lacks() {
	screen
	lacks "$TUI_SCREEN" "$1"
}

# tui_wait_exit: waits for irt to end; prints its exit status.
tui_wait_exit() {
	local i n=$((TUI_WAIT * 20))
	for ((i = 0; i < n; i++)); do
		[ -s "$(tui_file exit)" ] && { cat "$(tui_file exit)"; return 0; }
		sleep 0.05
	done
	fail "irt did not exit; the screen shows:
$(screen -o)"
}

# tui_stop: ends the session (and irt, by SIGHUP if it still runs).
tui_stop() {
	tmux -L "$TUI_SOCK" kill-session -t "$TUI_SESSION" 2>/dev/null || true
}

# wait_until DESCRIPTION COMMAND...: polls until the command succeeds.
wait_until() {
	local what=$1 i n=$((TUI_WAIT * 20))
	shift
	N_CHECKS=$((N_CHECKS + 1))
	for ((i = 0; i < n; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	fail "$what: never came true"
}

# char_width CHAR: 2 for East Asian wide characters and emoji, else 1
# (the ranges of the characters the tests use; wcwidth agrees).
char_width() {
	local cp
	printf -v cp '%d' "'$1"
	if ((cp >= 0x1100 && cp <= 0x115f)) || ((cp >= 0x2e80 && cp <= 0xa4cf)) ||
		((cp >= 0xac00 && cp <= 0xd7a3)) || ((cp >= 0xf900 && cp <= 0xfaff)) ||
		((cp >= 0xfe30 && cp <= 0xfe4f)) || ((cp >= 0xff00 && cp <= 0xff60)) ||
		((cp >= 0xffe0 && cp <= 0xffe6)) || ((cp >= 0x1f300 && cp <= 0x1f64f)) ||
		((cp >= 0x1f680 && cp <= 0x1f6ff)) ||
		((cp >= 0x1f900 && cp <= 0x1f9ff)) || ((cp >= 0x20000 && cp <= 0x3fffd)); then
		echo 2
	else
		echo 1
	fi
}

# display_col LINE TEXT: the display column (0-based) where TEXT starts
# in LINE, wide characters counting two.
display_col() {
	local line=$1 text=$2 prefix col=0 i c
	[[ $line == *"$text"* ]] || return 1
	prefix=${line%%"$text"*}
	for ((i = 0; i < ${#prefix}; i++)); do
		c=${prefix:i:1}
		if [[ $c == [[:ascii:]] ]]; then
			col=$((col + 1))
		else
			col=$((col + $(char_width "$c")))
		fi
	done
	echo "$col"
}
