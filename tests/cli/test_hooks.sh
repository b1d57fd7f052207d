#!/usr/bin/env bash
# Hooks (docs/hooks.md): executables in ~/.config/irt/hooks and the
# policy's hooks.dir run after each committed write with the kind as
# argv[1] and an irt-hook/1 document on stdin, in order, for every kind
# of entry; files that are not executable or are editor leftovers are
# skipped; a failing hook is reported on stderr and changes nothing; a
# hanging one is killed at the timeout; `irt hooks test` and `list`;
# the example hooks of data/hooks.
. "$IRT_SRC/tests/lib.sh"
command -v jq >/dev/null || fail "jq is needed (tools/debian-packages.txt)"

HOOKS="$XDG_CONFIG_HOME/irt/hooks"
LOG="$T/hook.log" # one line per run: the kind, then the document
mkdir -p "$HOOKS"
# A hook that keeps its argv, environment and stdin, one line a run.
cat >"$HOOKS/50-record" <<EOF
#!/bin/sh
doc=\$(cat)
printf '%s\t%s\t%s\t%s\n' "\$1" "\$IRT_INCIDENT" "\$IRT_HOOK_KIND" "\$doc" >>"$LOG"
EOF
chmod +x "$HOOKS/50-record"
# Skipped: not executable, an editor's backup, a dot file, a directory.
printf '#!/bin/sh\necho ran >>"%s"\n' "$T/skipped" >"$HOOKS/40-plain"
for f in 50-record~ .hidden 60-x.sample "#70-y#"; do
	cp "$HOOKS/40-plain" "$HOOKS/$f"
	chmod +x "$HOOKS/$f"
done
mkdir "$HOOKS/30-dir"

# kinds: the kinds recorded so far, one per line. doc N: the Nth document.
kinds() { cut -f1 "$LOG"; }
doc() { sed -n "${1}p" "$LOG" | cut -f4-; }
runs() { [ -f "$LOG" ] && wc -l <"$LOG" || echo 0; }

# ---- each kind, with a valid document ------------------------------------

check "new" "$IRT" new "Token leak" --severity high --owner dana >/dev/null
equals "$(kinds | paste -sd,)" "created,owner-changed,field-changed" \
	"one command, its entries' hooks in order"
for i in 1 2 3; do
	doc "$i" | jq -e . >/dev/null || fail "document $i is not JSON: $(doc "$i")"
done
equals "$(doc 1 | jq -r '.format + " " + .kind + " " + (.incident.id|tostring) + " " + .event.kind')" \
	"irt-hook/1 created 1 create" "the created document"
equals "$(cut -f2,3 "$LOG" | sed -n 1p)" "$(printf '1\tcreated')" "IRT_INCIDENT, IRT_HOOK_KIND"
# Each hook sees the incident as committed: all three entries in.
equals "$(doc 1 | jq -r '.incident.events')" 3 "the committed incident"
equals "$(doc 1 | jq -r '.incident.severity + " " + .incident.owner')" "high dana" \
	"the incident's fields"
equals "$(doc 1 | jq -r '.incident.deadlines.acknowledge.state')" "open" "its deadlines"
equals "$(doc 1 | jq -r '.event.uuid')" \
	"$("$IRT" timeline 1 --json | jq -r '.events[0].uuid')" "the event is the recorded one"
equals "$(doc 3 | jq -r '.event.field + " " + .event.new')" "severity high" \
	"field-changed: the field and the value"
[ -e "$T/skipped" ] && fail "a skipped file ran"

# One command for each other kind: kind, then the command.
: >"$LOG"
while IFS='|' read -r kind cmd; do
	: >"$LOG"
	eval "check \"$kind\" \"\$IRT\" $cmd >/dev/null"
	equals "$(kinds | tail -n1)" "$kind" "$cmd"
	doc "$(runs)" | jq -e --arg k "$kind" '.kind == $k and .incident.id == 1 and
		(.event.uuid | length) == 36 and .deadline == null' >/dev/null ||
		fail "$kind: $(doc "$(runs)")"
done <<'EOF'
acknowledged|ack 1
owner-changed|assign 1 erin
field-changed|set 1 containment "flag off"
noted|note 1 "rolled back"
stage-changed|advance 1
action-added|action add 1 "Rotate tokens"
action-done|action done 1 1
actions-none|action none 1 "nothing else"
notified|notify 1 --audience internal --channel chat
closed|close 1 --resolution resolved --reason done
reopened|reopen 1 --reason "came back"
EOF
equals "$(doc 1 | jq -r '.event.new + " " + .incident.stage')" "contain contain" \
	"reopened: back where it was"

# ---- a failing hook: reported, the write kept, exit 0 ---------------------

printf '#!/bin/sh\necho "hook says no" >&2\nexit 3\n' >"$HOOKS/10-fail"
chmod +x "$HOOKS/10-fail"
: >"$LOG"
expect_exit 0 "$IRT" note 1 "after the failure"
contains "$T/err" "irt: hook 10-fail (noted, #1) failed (exit 3)"
contains "$T/err" "hook says no"
equals "$("$IRT" timeline 1 --json | jq -r '.events[-1].text')" "after the failure" \
	"the note is recorded"
equals "$(kinds)" "noted" "the hooks after it still ran"
check "verify" "$IRT" verify
rm "$HOOKS/10-fail"
# A hook's file name reaches the terminal inert.
ESC=$(printf '\033')
printf '#!/bin/sh\nexit 4\n' >"$HOOKS/11-${ESC}[2Jclear"
chmod +x "$HOOKS/11-${ESC}[2Jclear"
expect_exit 0 "$IRT" note 1 "a hook with an escape in its name"
contains "$T/err" "irt: hook 11-^[[2Jclear (noted, #1) failed (exit 4)"
lacks "$T/err" "$ESC"
rm "$HOOKS/11-${ESC}[2Jclear"

# ---- a hanging hook: killed at the timeout --------------------------------

printf '[hooks]\ntimeout = 1\n' >"$XDG_CONFIG_HOME/irt/config"
# A length no other test's hook sleeps, so that pgrep finds this one's.
printf '#!/bin/sh\nsleep 1013\n' >"$HOOKS/20-hang"
chmod +x "$HOOKS/20-hang"
start=$(date +%s%N)
expect_exit 0 "$IRT" note 1 "while a hook hangs"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
contains "$T/err" "irt: hook 20-hang (noted, #1) timed out after 1 s and was killed"
[ "$elapsed_ms" -lt 5000 ] || fail "the command took ${elapsed_ms} ms with a 1 s timeout"
pgrep -f "sleep 1013" >/dev/null && {
	pgrep -af "sleep 1013"
	fail "the hung hook's sleep was left running"
}
equals "$("$IRT" timeline 1 --json | jq -r '.events[-1].text')" "while a hook hangs" \
	"the note is recorded"
rm "$HOOKS/20-hang" "$XDG_CONFIG_HOME/irt/config"

# ---- a bad timeout is refused ----------------------------------------------

printf '[hooks]\ntimeout = soon\n' >"$XDG_CONFIG_HOME/irt/config"
expect_exit 2 "$IRT" list
contains "$T/err" '[hooks] timeout "soon" is not a duration'
rm "$XDG_CONFIG_HOME/irt/config"

# ---- the team's directory, from the policy --------------------------------

TEAM="$T/team-hooks"
mkdir -p "$TEAM"
printf '#!/bin/sh\necho "team $1" >>"%s"\n' "$T/team.log" >"$TEAM/00-team"
chmod +x "$TEAM/00-team"
expect_exit 2 "$IRT" policy set hooks.dir relative/dir --reason test
contains "$T/err" "an absolute directory path"
check "policy set hooks.dir" "$IRT" policy set hooks.dir "$TEAM" --reason "team hooks"
equals "$("$IRT" policy show hooks.dir)" "$TEAM" "hooks.dir"
"$IRT" hooks list >"$T/list" || fail "hooks list"
equals "$(cat "$T/list" | paste -sd,)" "$TEAM/00-team,$HOOKS/50-record" \
	"team first, then personal; skipped files not listed"
: >"$LOG"
check "note" "$IRT" note 1 "with the team's hook"
equals "$(cat "$T/team.log")" "team noted" "the team's hook ran"
check "policy set hooks.dir none" "$IRT" policy set hooks.dir none --reason off
expect_exit 2 "$IRT" policy set hooks.timeout 0 --reason test

# ---- irt hooks test --------------------------------------------------------

: >"$LOG"
expect_exit 0 "$IRT" hooks test stage-changed 1
contains "$T/out" "hook 50-record (stage-changed, #1) ran"
equals "$(doc 1 | jq -r '.kind + " " + .event.kind + " " + .event.new')" \
	"stage-changed advance contain" "the latest entry of the kind"
before=$("$IRT" timeline 1 --json | jq '.events | length')
equals "$before" "$("$IRT" timeline 1 --json | jq '.events | length')" "test records nothing"
: >"$LOG"
expect_exit 0 "$IRT" hooks test overdue 1
equals "$(doc 1 | jq -r '.kind + " " + (.event|tostring) + " " + .deadline.kind')" \
	"overdue null remediate" "overdue: the next running deadline"
check "new 2" "$IRT" new "Quiet one" >/dev/null
expect_exit 2 "$IRT" hooks test acknowledged 2
contains "$T/err" "#2 has no ack entry"
expect_exit 2 "$IRT" hooks test exploded 1
contains "$T/err" 'unknown hook kind "exploded"'
expect_exit 4 "$IRT" hooks test noted 99
printf '#!/bin/sh\nexit 5\n' >"$HOOKS/90-five"
chmod +x "$HOOKS/90-five"
expect_exit 1 "$IRT" hooks test noted 1
contains "$T/out" "hook 90-five (noted, #1) failed (exit 5)"
rm "$HOOKS/90-five"

# ---- the demo runs none ----------------------------------------------------

: >"$LOG"
IRT_DB="$T/demo.db" check "demo" "$IRT" demo >/dev/null
equals "$(runs)" 0 "irt demo runs no hooks"

# ---- the example hooks -----------------------------------------------------

# webhook: POSTs the document to $IRT_WEBHOOK_URL.
PORT_FILE="$T/port"
python3 - "$PORT_FILE" "$T/posted" <<'EOF' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        with open(sys.argv[2], 'wb') as f:
            f.write(self.headers.get('Content-Type', '').encode() + b'\n' + body)
        self.send_response(204)
        self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
open(sys.argv[1], 'w').write(str(s.server_port))
s.handle_request()
EOF
SERVER=$!
for _ in $(seq 100); do [ -s "$PORT_FILE" ] && break; sleep 0.05; done
[ -s "$PORT_FILE" ] || fail "the test's web server did not start"
cp "$IRT_SRC/data/hooks/webhook" "$HOOKS/70-webhook"
IRT_WEBHOOK_URL="http://127.0.0.1:$(cat "$PORT_FILE")/irt" expect_exit 0 "$IRT" ack 2
wait "$SERVER"
equals "$(head -n1 "$T/posted")" "application/json" "webhook: the content type"
equals "$(tail -n +2 "$T/posted" | jq -r '.kind + " " + (.incident.id|tostring)')" \
	"acknowledged 2" "webhook: the document posted"
# Without a URL it fails, saying why, and the write stands.
expect_exit 0 "$IRT" note 2 "no webhook configured"
contains "$T/err" "IRT_WEBHOOK_URL"
contains "$T/err" "irt: hook 70-webhook (noted, #2) failed"
rm "$HOOKS/70-webhook"

# mail-owner: a message to the owner through a sendmail that behaves as
# the real ones do (sendmail_like, lib.sh): recipients from the headers,
# and a note with a line holding only "." delivered whole.
sendmail_like "$T/bin"
cp "$IRT_SRC/data/hooks/mail-owner" "$HOOKS/80-mail-owner"
PATH="$T/bin:$PATH" IRT_MAIL_DOMAIN=example.org check "assign" "$IRT" assign 2 kim
equals "$(cat "$T/bin/sendmail.args")" "-t -oi" "mail-owner's sendmail arguments"
M="$T/bin/sendmail.msg"
contains "$M" "To: kim@example.org"
contains "$M" "Subject: [irt #2] owner-changed: Quiet one"
rm "$M"
PATH="$T/bin:$PATH" IRT_MAIL_DOMAIN=example.org check "note" "$IRT" note 2 \
	"$(printf 'rolled back\n.\nthen the tail of the note')"
contains "$M" "Subject: [irt #2] noted: Quiet one"
contains "$M" "then the tail of the note"
# A header cannot be ended early by the text it carries.
check "title" "$IRT" set 2 title "$(printf 'Quiet\nBcc: all@example.org')" 2>/dev/null
PATH="$T/bin:$PATH" IRT_MAIL_DOMAIN=example.org check "note 2" "$IRT" note 2 "after the title"
sed '/^$/q' "$M" >"$T/headers"
contains "$T/headers" "Subject: [irt #2] noted: Quiet Bcc: all@example.org"
N_CHECKS=$((N_CHECKS + 1))
! grep -qi '^bcc:' "$T/headers" || fail "the title made a header: $(cat "$T/headers")"
# An owner without an address and no domain: the hook fails, says why,
# and sends nothing; the note stands.
rm "$M"
expect_exit 0 env PATH="$T/bin:$PATH" "$IRT" note 2 "no domain"
contains "$T/err" "set IRT_MAIL_DOMAIN"
[ ! -e "$M" ] || fail "mail-owner sent without an address"
rm "$HOOKS/80-mail-owner"

done_ok
