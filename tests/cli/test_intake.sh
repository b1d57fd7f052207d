#!/bin/bash
# test_intake.sh - a report's intake as the disclosure policy asks for it:
# reproduction steps and a proof of concept as their own fields (irt new
# --repro/--poc and their -file forms, irt set), the detect gate asking
# for them under the intake.require policy key (and records made before
# still verifying), a hostile proof of concept never reaching a draft for
# anyone but the internal audience, and `irt ack --notify` acknowledging
# the reporter through a fake sendmail.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-02T09:00:00Z"
cat >"$T/sendmail" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >"$T/sent.args"
cat >"$T/sent.msg"
exit \${FAKE_FAIL:-0}
EOF
chmod +x "$T/sendmail"
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[notify]\ncommand = %s -t -oi\n' "$T/sendmail" >"$XDG_CONFIG_HOME/irt/config"

# A hostile proof of concept: a terminal title escape, a direction
# override, a header-looking line, a lone ".", a placeholder, and a marker
# word to look for.
POC=$'POCMARKER curl -H "X: \e]0;owned\a" http://victim/\nBcc: attacker@example.com\n.\n{{title}} \u202Eevil'
printf '%s' "$POC" >"$T/poc.txt"
printf '1. log in\n2. open /export?id=../../etc/passwd\n' >"$T/repro.txt"

# ---- irt new with the intake fields --------------------------------------
expect_exit 0 $IRT new "Path traversal in export" --repro "1. open /export" \
	--poc "GET /export?id=../x" --reporter "jane@example.org" --component export
equals "$(cat "$T/out")" "1" "first number"
expect_exit 0 $IRT show 1 --json
python3 - "$T/out" <<'EOF' || fail "inline repro/poc"
import json, sys
f = json.load(open(sys.argv[1]))["incident"]["fields"]
assert f["repro"] == "1. open /export", f
assert f["poc"] == "GET /export?id=../x", f
EOF
expect_exit 0 $IRT new "From files" --repro-file "$T/repro.txt" --poc-file - \
	--reporter "Jane Doe <jane@example.org>" <"$T/poc.txt"
equals "$(cat "$T/out")" "2" "second number"
expect_exit 0 $IRT show 2 --json
python3 - "$T/out" "$T/poc.txt" "$T/repro.txt" <<'EOF' || fail "repro/poc from files, byte for byte"
import json, sys
f = json.load(open(sys.argv[1]))["incident"]["fields"]
assert f["poc"] == open(sys.argv[2]).read(), repr(f["poc"])
assert f["repro"] == open(sys.argv[3]).read(), repr(f["repro"])
EOF
# Shown safely: the escape and the override in their visible forms.
expect_exit 0 $IRT show 2
contains "$T/out" "POCMARKER"
contains "$T/out" "<U+202E>"
if grep -q $'\e' "$T/out"; then fail "irt show printed a raw escape"; fi

# Refused clearly: a NUL byte, both from stdin, both forms, a missing file.
printf 'a\0b' >"$T/nul.bin"
expect_exit 2 $IRT new "NUL" --poc-file "$T/nul.bin"
contains "$T/err" "NUL byte"
expect_exit 2 $IRT new "NUL" --poc-file - <"$T/nul.bin"
contains "$T/err" "NUL byte"
expect_exit 2 $IRT new "two" --repro-file - --poc-file - </dev/null
expect_exit 2 $IRT new "two" --poc x --poc-file "$T/poc.txt"
expect_exit 2 $IRT new "gone" --repro-file "$T/no-such-file"
expect_exit 2 $IRT set 1 poc - <"$T/nul.bin"
expect_exit 0 $IRT list --all --json
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["incidents"]) == 2' "$T/out" ||
	fail "a refused new recorded an incident"

# irt set takes both fields.
check "set repro" $IRT set 1 repro "1. open /export?id=../../etc/passwd"
check "set poc" $IRT set 1 poc "curl 'http://victim/export?id=../../etc/passwd'"
expect_exit 0 $IRT show 1 --json
contains "$T/out" '"repro": "1. open /export?id=../../etc/passwd"'

# ---- the policy key and the detect gate --------------------------------
expect_exit 0 $IRT policy show intake.require
contains "$T/out" "none"
# An incident advanced under the defaults, before the key is set: it has
# no proof of concept and must still verify afterwards.
check "old new" $IRT new "Before the policy" --severity low --owner alice
check "old ack" $IRT ack 3
check "old advance" $IRT advance 3

export IRT_NOW="2026-03-02T10:00:00Z"
expect_exit 2 $IRT policy set intake.require repro,shoe-size
contains "$T/err" "shoe-size"
check "policy set" $IRT policy set intake.require poc,repro --reason "disclosure policy section 2"
expect_exit 0 $IRT policy show intake.require
contains "$T/out" "repro,poc"
expect_exit 0 $IRT policy show --json
contains "$T/out" '"intake.require": "repro,poc"'

export IRT_NOW="2026-03-02T11:00:00Z"
check "new bare" $IRT new "Bare report" --severity medium --owner bob
check "ack bare" $IRT ack 4
expect_exit 3 $IRT advance 4
contains "$T/err" "[ ] repro recorded"
contains "$T/err" "[ ] poc recorded"
check "set repro 4" $IRT set 4 repro "1. send a long header"
expect_exit 3 $IRT advance 4
contains "$T/err" "[x] repro recorded"
contains "$T/err" "[ ] poc recorded"
check "set poc 4" $IRT set 4 poc "python3 poc.py"
check "advance once recorded" $IRT advance 4
expect_exit 0 $IRT show 4 --json
contains "$T/out" '"stage": "contain"'
check "verify" $IRT verify

# ---- the proof of concept stays internal --------------------------------
for audience in platform customers reporter; do
	expect_exit 0 $IRT notify 2 --audience $audience --to someone@example.org --draft
	lacks "$T/out" "POCMARKER"
	lacks "$T/out" "etc/passwd"
	lacks "$T/out" "attacker@example.com"
done
expect_exit 0 $IRT notify 2 --audience internal --to team@example.org --draft
contains "$T/out" "POCMARKER"
contains "$T/out" "<U+202E>"
if grep -q $'\e' "$T/out"; then fail "the internal draft holds a raw escape"; fi
[ "$(sed '/^$/q' "$T/out" | grep -c '^Bcc:')" = 0 ] || fail "the PoC added a header"
# An override template of an outside audience may not draw them in.
mkdir -p "$XDG_CONFIG_HOME/irt/templates"
printf 'To: {{to}}\nSubject: x\n\n{{poc}}\n' >"$XDG_CONFIG_HOME/irt/templates/customers.txt"
expect_exit 2 $IRT notify 2 --audience customers --to a@example.org --draft
contains "$T/err" "internal audience only"
lacks "$T/out" "POCMARKER"
rm "$XDG_CONFIG_HOME/irt/templates/customers.txt"

# ---- acknowledging the reporter -----------------------------------------
# The reporter audience's To is the address in the reporter field.
expect_exit 0 $IRT notify 2 --audience reporter --draft
contains "$T/out" "To: jane@example.org"
# A reporter field that is not an address: no To, so --to is needed.
check "new handle" $IRT new "Bounty report" --reporter "@jane on the bounty platform"
expect_exit 2 $IRT ack 5 --notify
contains "$T/err" "give --to ADDR"
[ ! -e "$T/sent.msg" ] || fail "sent without a recipient"
expect_exit 2 $IRT ack 5 --to x@example.org
contains "$T/err" "--notify"

# A failed send is recorded as failed and acknowledges nothing.
export IRT_NOW="2026-03-02T12:00:00Z"
FAKE_FAIL=75 expect_exit 1 $IRT ack 1 --notify
contains "$T/err" "not acknowledged"
expect_exit 0 $IRT show 1 --json
python3 - "$T/out" <<'EOF' || fail "failed send"
import json, sys
i = json.load(open(sys.argv[1]))["incident"]
assert i["acknowledged"] is None, i["acknowledged"]
assert [n["status"] for n in i["notifications"]] == ["failed"], i["notifications"]
assert i["deadlines"]["acknowledge"]["state"] != "met", i["deadlines"]
EOF

export IRT_NOW="2026-03-02T12:30:00Z"
expect_exit 0 $IRT ack 1 --notify
contains "$T/out" "Acknowledged #1"
contains "$T/sent.args" "-t -oi"
contains "$T/sent.msg" "To: jane@example.org"
contains "$T/sent.msg" "Subject: Re: your security report: Path traversal in export"
contains "$T/sent.msg" "acknowledges that we"
contains "$T/sent.msg" "Acknowledged: 2026-03-02 12:30"
lacks "$T/sent.msg" "etc/passwd"
expect_exit 0 $IRT show 1 --json
python3 - "$T/out" <<'EOF' || fail "ack --notify recorded"
import json, sys
i = json.load(open(sys.argv[1]))["incident"]
assert i["acknowledged"] == "2026-03-02T12:30:00.000Z", i["acknowledged"]
n = i["notifications"][-1]
assert n["audience"] == "reporter" and n["status"] == "sent", n
assert n["recipients"] == "jane@example.org", n
assert n["at"] == i["acknowledged"], n
assert i["deadlines"]["acknowledge"]["state"] == "met", i["deadlines"]
EOF
expect_exit 0 $IRT timeline 1
contains "$T/out" "reporter notified (sent)"
# Once acknowledged, again is refused before anything is sent.
rm "$T/sent.msg"
expect_exit 2 $IRT ack 1 --notify
contains "$T/err" "already acknowledged"
[ ! -e "$T/sent.msg" ] || fail "sent a second acknowledgement"

# --to for a reporter without an address; the name-and-address form.
expect_exit 0 $IRT ack 5 --notify --to jane@bounty.example
contains "$T/sent.msg" "To: jane@bounty.example"
expect_exit 0 $IRT ack 2 --notify
contains "$T/sent.msg" "To: jane@example.org"
lacks "$T/sent.msg" "POCMARKER"

# The notify gate does not want the reporter unless the policy says so.
expect_exit 0 $IRT policy show notify.critical
lacks "$T/out" "reporter"
expect_exit 0 $IRT policy set notify.low reporter
expect_exit 0 $IRT policy show notify.low
contains "$T/out" "reporter"
check "verify at the end" $IRT verify

done_ok
