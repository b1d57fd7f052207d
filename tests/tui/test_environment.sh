#!/usr/bin/env bash
# A hostile environment for the terminal interface. Standard input or
# output not a terminal, TERM unset, TERM=dumb, a TERM terminfo does not
# know: a clear message on stderr, exit 2, the terminal's modes as they
# were (stty, alternate screen, cursor, keypad) and no database created
# or touched. A locale that is not UTF-8 (LANG=C, LC_ALL=C, LC_ALL=POSIX,
# a locale that is not installed): the interface works and sends only
# ASCII (every byte irt writes is recorded and checked), and text edited
# there is stored exactly, with its non-ASCII characters intact. A running
# irt turns bracketed paste on and off again on the way out (q, SIGTERM).
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

"$IRT" new "Cert 東京 expired" --severity high >/dev/null
"$IRT" set 1 component "東京 gateway" >/dev/null

# run_irt NAME REDIRECT [ENV...]: starts irt in the tmux session "irt"
# (tuilib's keys and screen work on it) with env arguments ENV
# (VAR=VALUE or -u VAR) and the shell redirection REDIRECT (may be
# empty). Records the terminal modes before and after (stty -g), every
# byte irt writes to the terminal ($T/NAME.raw), stderr and the exit
# status ($T/NAME.err, $T/exit). The pane stays open after irt (tmux
# reports a dead pane's modes unreliably) until tui_stop.
run_irt() {
	local name=$1 redirect=$2 cmd=env
	shift 2
	tui_stop
	rm -f "$T/exit" "$T/go"
	printf '#!/bin/sh\ntrap : INT\nwhile [ ! -e %q ]; do sleep 0.02; done\nstty -g >%q\n' \
		"$T/go" "$T/$name.before" >"$T/$name.sh"
	printf '%s %q %s 2>%q\nrc=$?\nstty -g >%q\necho $rc >%q\nexec sleep 3600\n' "$IRT_TUI_WRAPPER" \
		"$IRT" "$redirect" "$T/$name.err" "$T/$name.after" "$T/exit" >>"$T/$name.sh"
	for e in "$@"; do cmd="$cmd $(printf '%q' "$e")"; done
	tmux -L "$TUI_SOCK" -f "$T/tmux.conf" new-session -d -s irt -x 80 -y 24 \
		"$cmd sh $(printf '%q' "$T/$name.sh")" || fail "tmux did not start"
	: >"$T/$name.raw"
	tmux -L "$TUI_SOCK" pipe-pane -O -t irt "cat >>$(printf '%q' "$T/$name.raw")"
	touch "$T/go"
}

# pane_modes: the pane's alternate screen, cursor and keypad modes.
pane_modes() {
	tmux -L "$TUI_SOCK" display-message -p -t irt \
		'alternate=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag} keypad_cursor=#{keypad_cursor_flag}'
}

# refused NAME REDIRECT MESSAGE [ENV...]: irt refuses at once, saying
# MESSAGE, with status 2; the terminal is as it was; nothing was drawn;
# no database was created at the path it was given.
refused() {
	local name=$1 redirect=$2 message=$3 db
	shift 3
	db_new "$name" db
	run_irt "$name" "$redirect" "$@" IRT_DB="$db"
	equals "$(tui_wait_exit)" 2 "exit status ($name)"
	contains "$T/$name.err" "irt: "
	contains "$T/$name.err" "$message"
	equals "$(wc -l <"$T/$name.err")" 1 "one line on stderr ($name)"
	check "terminal modes kept ($name)" cmp -s "$T/$name.before" "$T/$name.after"
	equals "$(pane_modes)" "alternate=0 cursor=1 keypad=0 keypad_cursor=0" \
		"screen modes ($name)"
	! db_created "$db" || fail "a database was created ($name)"
	[ "$redirect" = "" ] || return 0
	equals "$(wc -c <"$T/$name.raw")" 0 "bytes sent to the terminal ($name)"
}

# The checks can fail: a running irt has the alternate screen and keypad
# on, and in a UTF-8 locale it sends UTF-8 (the stage track, "—").
run_irt utf8 ""
tui_wait_for "Cert 東京 expired"
equals "$(pane_modes)" "alternate=1 cursor=0 keypad=1 keypad_cursor=1" "modes while running"
keys Enter
tui_wait_for "detect ● ─ contain ○"
keys q q
equals "$(tui_wait_exit)" 0 "exit status (UTF-8)"
check "non-ASCII sent in a UTF-8 locale" grep -qaP '[^\x00-\x7f]' "$T/utf8.raw"
check "terminal modes restored (UTF-8)" cmp -s "$T/utf8.before" "$T/utf8.after"
equals "$(pane_modes)" "alternate=0 cursor=1 keypad=0 keypad_cursor=0" "modes after q"
# Bracketed paste: on while irt runs, off again on the way out (after q
# and after a signal).
paste_mode() { grep -aoE $'\e\\[\\?2004[hl]' "$T/$1.raw" | tail -n 1 | tr -d '\033'; }
check "bracketed paste switched on" grep -qaF $'\e[?2004h' "$T/utf8.raw"
equals "$(paste_mode utf8)" "[?2004l" "bracketed paste off after q"
run_irt sigterm ""
tui_wait_for "Cert 東京 expired"
kill -TERM "$(tui_pid)"
equals "$(tui_wait_exit)" 143 "exit status (SIGTERM)"
equals "$(paste_mode sigterm)" "[?2004l" "bracketed paste off after SIGTERM"
check "terminal modes restored (SIGTERM)" cmp -s "$T/sigterm.before" "$T/sigterm.after"

# Not a terminal.
expect_exit 2 "$IRT" </dev/null
contains "$T/err" "needs a terminal"
refused stdout ">$T/stdout.txt" "needs a terminal"
equals "$(wc -c <"$T/stdout.txt")" 0 "nothing written to the redirected output"
refused stdin "</dev/null" "needs a terminal"

# TERM unset, dumb, unknown, hostile: told what is wrong and what to do.
refused unset "" "TERM is not set" -u TERM
contains "$T/unset.err" "TERM=xterm-256color"
refused empty "" "TERM is not set" TERM=
refused dumb "" "TERM=dumb cannot move the cursor" TERM=dumb
refused unknown "" "unknown terminal type TERM=no-such-terminal" TERM=no-such-terminal
contains "$T/unknown.err" "terminfo"
# Escape sequences in TERM are not echoed to the terminal.
refused hostile "" "unknown terminal type TERM=x^[]0;pwned^G" \
	TERM="$(printf 'x\033]0;pwned\007')"
# A hardcopy terminal (a private terminfo entry; tic is in ncurses-bin).
mkdir -p "$T/terminfo"
printf 'irt-hardcopy|a printing terminal,\n\thc, am, cols#72, bel=^G, cr=\\r,\n' |
	tic -o "$T/terminfo" - || fail "tic failed"
refused hardcopy "" "TERM=irt-hardcopy is a hardcopy terminal" \
	TERMINFO="$T/terminfo" TERM=irt-hardcopy

# A refused start leaves an existing database as it was, byte for byte.
db_sum=$(db_digest) || exit 1
run_irt existing "" TERM=dumb
equals "$(tui_wait_exit)" 2 "exit status (existing database)"
equals "$(db_digest)" "$db_sum" "database untouched"
if sqlite_part "the SQLite file's -wal and -shm files"; then
	check "no WAL files made" test ! -e "$IRT_DB-shm"
fi

# A locale that is not UTF-8: a working display in ASCII.
# ascii_run NAME ENV...: the list and an incident, only ASCII sent.
ascii_run() {
	local name=$1
	run_irt "$@"
	tui_wait_for "Cert ???? expired"
	screen_has "irt - 1 open incident"
	keys Enter
	tui_wait_for "detect * - contain o - fix o"
	screen_has "#1 Cert ???? expired"
	screen_lacks "─"
}
ascii_end() {
	local name=$1
	keys q q
	equals "$(tui_wait_exit)" 0 "exit status ($name)"
	[ ! -s "$T/$name.err" ] || fail "stderr ($name): $(cat "$T/$name.err")"
	if grep -qaP '[^\x00-\x7f]' "$T/$name.raw"; then
		fail "non-ASCII sent to the terminal ($name): $(grep -aoP '[^\x00-\x7f]+' "$T/$name.raw" | head -5)"
	fi
	N_CHECKS=$((N_CHECKS + 1))
	check "terminal modes restored ($name)" cmp -s "$T/$name.before" "$T/$name.after"
	equals "$(pane_modes)" "alternate=0 cursor=1 keypad=0 keypad_cursor=0" "modes ($name)"
}

ascii_run lang_c "" -u LC_ALL LANG=C
# A dialog's frame and a field holding CJK text, edited: the frame is
# ASCII, the field shows '?' per column and is stored exactly.
keys e
tui_wait_for "+- Edit a field of #1 -"
screen_has "component             ???? gateway"
keys j j Enter
tui_wait_for "component of #1"
screen_has "???? gateway"
type_text " v2"
keys Enter
tui_wait_for "component of #1 set"
equals "$("$IRT" show 1 --json | jq -r .incident.fields.component)" "東京 gateway v2" \
	"component edited in the C locale"
# A note typed there (and a newline in a stored one shows as '|').
"$IRT" note 1 "$(printf 'line one\nline two 東京')" >/dev/null
tui_wait_for "line one|line two ????"
keys n
tui_wait_for "Note on #1"
type_text "Rolled back lb-1"
keys Enter
tui_wait_for "Note added to #1"
ascii_end lang_c
equals "$("$IRT" timeline 1 --json | jq -r '[.events[] | select(.kind == "note")] | map(.text) | join(";")')" \
	"$(printf 'line one\nline two 東京;Rolled back lb-1')" "notes as typed"

ascii_run lc_all_c "" LC_ALL=C
ascii_end lc_all_c
ascii_run posix "" LC_ALL=POSIX LANG=POSIX
ascii_end posix
# A locale that is not installed falls back to C: ASCII again.
ascii_run missing "" LC_ALL=xx_XX.UTF-8
ascii_end missing

check "verify" "$IRT" verify
if sqlite_part "the SQLite file's integrity_check"; then
	equals "$(sqlite3 "$IRT_DB" 'PRAGMA integrity_check')" ok "integrity"
fi
done_ok
