#!/usr/bin/env bash
# Text and times are checked where they enter: an actor's name that is not
# UTF-8 (from --actor, $IRT_ACTOR or the config), a reason, a recipient or
# a subject that is not, a NUL byte from standard input or the editor, a
# time before 1990 (1970-01-01 is the "unset" zero), and hostile times in
# an import file are each refused with a message naming them, exit 2,
# nothing written; never cut, substituted or recorded half.
. "$IRT_SRC/tests/lib.sh"

check "new" "$IRT" new "Edges" --severity high
events() { db_sql "SELECT count(*) FROM events"; }
n=$(events)
bad=$(printf 'bad\xff')

expect_exit 2 "$IRT" --actor "$bad" note 1 "hi"
contains "$T/err" "the actor name from --actor is not valid UTF-8"
IRT_ACTOR=$bad expect_exit 2 "$IRT" note 1 "hi"
contains "$T/err" "the actor name from \$IRT_ACTOR is not valid UTF-8"
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[user]\nname = %s\n' "$bad" >"$XDG_CONFIG_HOME/irt/config"
env -u IRT_ACTOR "$IRT" note 1 "hi" >"$T/out" 2>"$T/err" && fail "config actor accepted"
contains "$T/err" "the actor name from the config's [user] name is not valid UTF-8"
rm "$XDG_CONFIG_HOME/irt/config"
expect_exit 2 "$IRT" --actor "$(printf 'two\nlines')" note 1 "hi"
contains "$T/err" "holds a control character"
expect_exit 2 "$IRT" policy set remediate.low 30 --reason "$bad"
contains "$T/err" "the reason is not valid UTF-8"
expect_exit 2 "$IRT" notify 1 --audience internal --channel email --to "$bad@example.com"
contains "$T/err" "the recipient is not valid UTF-8"
expect_exit 2 "$IRT" notify 1 --audience internal --channel email --to ok@example.com --subject "$bad"
contains "$T/err" "the subject is not valid UTF-8"
equals "$(events)" "$n" "nothing recorded"
equals "$(db_sql "SELECT count(*) FROM policy_events")" 0 "no policy change"

# A NUL byte is refused, not cut.
printf 'a\0b' | expect_exit 2 "$IRT" note 1 -
contains "$T/err" "standard input holds a NUL byte"
printf 'a\0b' | expect_exit 2 "$IRT" set 1 scope -
contains "$T/err" "NUL byte"
cat >"$T/nul-editor" <<'EOF'
#!/bin/sh
printf 'typed\0more' >"$1"
EOF
chmod +x "$T/nul-editor"
EDITOR="$T/nul-editor" expect_exit 2 on_tty "$IRT" note 1
contains "$T/out" "the edited text holds a NUL byte"
equals "$(events)" "$n" "nothing recorded"
# A notification template of the user's with a NUL in it.
mkdir -p "$XDG_CONFIG_HOME/irt/templates"
printf 'Subject: x\n\nbody\0hidden\n' >"$XDG_CONFIG_HOME/irt/templates/platform.txt"
expect_exit 2 "$IRT" notify 1 --audience platform --draft
contains "$T/err" "platform.txt is not UTF-8 text (it holds a NUL byte"
rm -r "$XDG_CONFIG_HOME/irt/templates"

# Times before 1990 are refused, never taken for "unset".
for cmd in "ack 1 --at 1970-01-01T00:00Z" "advance 1 --at 1970-01-01T00:00Z --force --reason x" \
	"note 1 x --at 1970-01-01T00:00Z" "action add 1 fix --due 1970-01-01T00:00Z" \
	"set 1 reported 1970-01-01T00:00Z" "set 1 embargo 1989-12-31T23:59Z"; do
	# shellcheck disable=SC2086
	expect_exit 2 "$IRT" $cmd
	contains "$T/err" "is before 1990: irt records no time that early"
done
expect_exit 2 "$IRT" new "Ancient" --reported 1970-01-01T00:00Z
contains "$T/err" "before 1990"
equals "$(events)" "$n" "nothing recorded"
equals "$("$IRT" list --all --json | jq '.incidents | length')" 1 "no second incident"
check "1990 itself is fine" "$IRT" set 1 embargo 1990-01-01T00:00Z

# An import file with times at the ends of int64: refused naming the
# event, before anything computes with them.
check "export" "$IRT" export 1 --format json -o "$T/1.json"
for at in -9223372036854775808 9223372036854775807 0; do
	# (Python, not jq: jq reads numbers as doubles.)
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["events"][1]["at_ms"] = int(sys.argv[2])
d["events"][1]["recorded_ms"] = 2**63 - 1
json.dump(d, open(sys.argv[3], "w"), indent=2)' "$T/1.json" "$at" "$T/bad.json"
	expect_exit 2 "$IRT" --db "$T/other.db" import "$T/bad.json"
	contains "$T/err" "event 2 of the file: seq, at_ms or recorded_ms out of range"
done
equals "$(sqlite3 "$T/other.db" "SELECT count(*) FROM events")" 0 "nothing imported"
done_ok
