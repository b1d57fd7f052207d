#!/usr/bin/env bash
# The incident view's export (x), notify (m) and note kinds (n): each
# export format written to ./incident-N.EXT (or a named file) and read
# back by jq, tidy, pdfinfo and a CSV reader, the size on the status line; a
# draft sent through the [notify] command of the config file (a fake
# sendmail that keeps the message), a failing command recording nothing
# as sent, a notification recorded as made by other means, a cancelled
# one recording nothing; a note stored with its kind, a milestone too.
. "$IRT_SRC/tests/lib.sh"
. "$IRT_SRC/tests/tui/tuilib.sh"

# A fake sendmail: keeps each message; fails while $T/fail exists.
cat >"$T/sendmail" <<EOF
#!/bin/sh
if [ -e "$T/fail" ]; then
	cat >/dev/null
	echo "relay refused" >&2
	exit 75
fi
cat >>"$T/sent.txt"
EOF
chmod +x "$T/sendmail"
mkdir -p "$XDG_CONFIG_HOME/irt" "$T/work"
printf '[notify]\ncommand = %s\n' "$T/sendmail" >"$XDG_CONFIG_HOME/irt/config"

"$IRT" new 'Token leak <script>alert(1)</script>' --severity high \
	--component "auth-api" >/dev/null
"$IRT" note 1 '=HYPERLINK("http://evil")' >/dev/null
cd "$T/work" || fail "no work directory"
tui_start 80 24
tui_wait_for "Token leak"
keys Enter
tui_wait_for "incident #1"

# A note with a kind.
keys n
tui_wait_for "Note on #1"
screen_has "Kind:"
screen_has "◂ note ▸"
type_text "Rotate every signing key"
keys Tab Tab d
tui_wait_for "◂ decision ▸"
keys Enter
tui_wait_for "Note (decision) added to #1"
keys n
tui_wait_for "Note on #1"
type_text "Keys rotated at 04:10"
keys Enter
tui_wait_for "Note added to #1"
# A milestone: the last choice, reached from the first with Left.
keys n
tui_wait_for "Note on #1"
type_text "Service restored for all users"
keys Tab Tab Left
tui_wait_for "◂ milestone ▸"
keys Enter
tui_wait_for "Note (milestone) added to #1"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind == "note")] | map(.field) | join(",")' "$T/tl.json")" \
	"note,decision,note,milestone" "note kinds"
equals "$(jq -r '[.events[] | select(.field == "decision")][0].text' "$T/tl.json")" \
	"Rotate every signing key" "decision text"
equals "$(jq -r '[.events[] | select(.field == "milestone")][0].text' "$T/tl.json")" \
	"Service restored for all users" "milestone text"
# A milestone is a key moment of the post-mortem's timeline.
"$IRT" export 1 --format md >"$T/pm.md"
contains "$T/pm.md" "Milestone: Service restored for all users"

# Export, default format (md) and file.
keys x
tui_wait_for "Export #1"
screen_has "◂ md ▸"
screen_has "./incident-1.md"
keys Enter
tui_wait_for "written to ./incident-1.md ("
[ -s "$T/work/incident-1.md" ] || fail "no ./incident-1.md in the working directory"
equals "$(tui_line "written to" | sed 's/.*(\([0-9]*\) bytes).*/\1/')" \
	"$(stat -c %s "$T/work/incident-1.md")" "md size on the status line"
contains "$T/work/incident-1.md" "Rotate every signing key"
contains "$T/work/incident-1.md" "## Timeline"

# html: the default name follows the format; tidy reads it cleanly.
keys x
tui_wait_for "Export #1"
keys Right
tui_wait_for "◂ html ▸"
keys Enter
tui_wait_for "written to ./incident-1.html ("
tidy -errors -quiet "$T/work/incident-1.html" 2>"$T/tidy.err" ||
	fail "tidy: $(head -c 2000 "$T/tidy.err")"
[ ! -s "$T/tidy.err" ] || fail "tidy: $(head -c 2000 "$T/tidy.err")"
lacks "$T/work/incident-1.html" "<script>alert"

# pdf: binary, written whole; poppler reads it.
keys x
tui_wait_for "Export #1"
keys p
tui_wait_for "◂ pdf ▸"
keys Enter
tui_wait_for "written to ./incident-1.pdf ("
equals "$(head -c 5 "$T/work/incident-1.pdf")" "%PDF-" "a PDF"
pdfinfo "$T/work/incident-1.pdf" >"$T/pdfinfo" 2>&1 || fail "pdfinfo: $(cat "$T/pdfinfo")"
contains "$T/pdfinfo" "(A4)"
equals "$(tui_line "written to" | sed 's/.*(\([0-9]*\) bytes).*/\1/')" \
	"$(stat -c %s "$T/work/incident-1.pdf")" "pdf size on the status line"
ls -a "$T/work" >"$T/work.ls"
equals "$(grep -vc -e '^\.\.\?$' -e '^incident-1\.' "$T/work.ls")" 0 "no temporary file left"

# json, to a file named in the form (~ is the home directory).
keys x
tui_wait_for "Export #1"
keys j
tui_wait_for "◂ json ▸"
keys Tab C-u
type_text "~/exports.json"
keys Enter
tui_wait_for "written to $HOME/exports.json ("
equals "$(jq -r .format "$HOME/exports.json")" "irt-incident/1" "json format"
equals "$(jq -r .incident.fields.title "$HOME/exports.json")" \
	'Token leak <script>alert(1)</script>' "json title"

# csv: read back by Python's csv module; the formula cell is neutralised.
keys x
tui_wait_for "Export #1"
keys Left Left Left
tui_wait_for "◂ csv ▸"
keys Enter
tui_wait_for "written to ./incident-1.csv ("
python3 - "$T/work/incident-1.csv" <<'EOF' || fail "csv does not read back"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) > 3, rows
cells = [c for r in rows for c in r]
assert not any(c.startswith("=") for c in cells), cells
assert any("HYPERLINK" in c for c in cells), cells
EOF

# The advisories: osv to ./incident-1.osv.json once the incident has
# what one needs; under embargo, refused with the command to force it.
check "cve" "$IRT" set 1 cve CVE-2026-4242
check "product" "$IRT" set 1 product "Auth API"
check "ecosystem" "$IRT" set 1 ecosystem npm
check "embargo" "$IRT" set 1 embargo 2099-01-01T00:00:00Z
keys x
tui_wait_for "Export #1"
keys Left
tui_wait_for "◂ osv ▸"
keys Enter
tui_wait_for "Embargoed until 2099-01-01"
screen_has "--force --reason TEXT"
[ ! -e "$T/work/incident-1.osv.json" ] || fail "an embargoed advisory was written"
keys Escape
tui_wait_for "Discard what you typed?"
keys y
tui_wait_gone "Export #1"
check "embargo lifted" "$IRT" set 1 embargo ""
keys x
tui_wait_for "Export #1"
keys Left
tui_wait_for "◂ osv ▸"
keys Enter
tui_wait_for "written to ./incident-1.osv.json ("
equals "$(jq -r '.id, .affected[0].package.name' "$T/work/incident-1.osv.json" | paste -sd' ')" \
	"CVE-2026-4242 Auth API" "the TUI's OSV export"
node "$IRT_SRC/tests/advisory/validate-osv.mjs" "$T/work/incident-1.osv.json" >"$T/osv.out" 2>&1 ||
	fail "the TUI's OSV export does not validate: $(cat "$T/osv.out")"

# A file that cannot be written: the form says why and stays open.
keys x
tui_wait_for "Export #1"
keys Tab C-u
type_text "$T/no/such/dir/x.md"
keys Enter
tui_wait_for "cannot create a file in"
screen_has "Export #1"
keys Escape
tui_wait_for "Discard what you typed?"
keys y
tui_wait_gone "Export #1"
[ ! -e "$T/no" ] || fail "a directory was created"

# Notify customers: the draft, then send through the fake sendmail.
# The cursor starts in To; the audience (a choice) comes after it.
keys m
tui_wait_for "Notify for #1"
type_text "alice@example.com, bob@example.com"
keys Tab c
tui_wait_for "◂ customers ▸"
keys Enter
tui_wait_for "draft to customers (built-in)"
screen_has "To: alice@example.com, bob@example.com"
screen_has "Subject: Security notice: Token leak <script>alert(1)</script>"
keys s
tui_wait_for "Send? y sends it to alice@example.com, bob@example.com"
keys n
tui_wait_for "Not sent"
[ ! -e "$T/sent.txt" ] || fail "sent without a yes"
keys s
tui_wait_for "Send? y sends it"
keys y
tui_wait_for "Sent to 2 recipients and recorded on #1"
contains "$T/sent.txt" "To: alice@example.com, bob@example.com"
contains "$T/sent.txt" "Subject: Security notice: Token leak"
contains "$T/sent.txt" "auth-api"
"$IRT" show 1 --json >"$T/s.json"
equals "$(jq -r '.incident.notifications | length' "$T/s.json")" 1 "one notification"
equals "$(jq -r '.incident.notifications[0].audience' "$T/s.json")" customers "audience"
equals "$(jq -r '.incident.notifications[0].status' "$T/s.json")" sent "status"
equals "$(jq -r '.incident.notifications[0].recipients' "$T/s.json")" \
	"alice@example.com,bob@example.com" "recipients"
keys 3
tui_wait_for "customers  via email to alice@example.com,bob@example.com"
keys Enter
tui_wait_for "Notification of customers (sent)"
keys q
tui_wait_for "3 Notifications (1)"

# A failing command: the error shows, nothing is recorded as sent, the
# draft stays; then it is recorded as made by other means.
touch "$T/fail"
keys m
tui_wait_for "Notify for #1"
keys Tab p
tui_wait_for "◂ platform ▸"
keys BTab
type_text "security@vendor.example"
keys Enter
tui_wait_for "draft to platform"
keys s
tui_wait_for "Send? y sends it to security@vendor.example"
keys y
tui_wait_for "Not sent: exit status 75"
screen_has "draft to platform"
"$IRT" show 1 --json >"$T/s.json"
equals "$(jq '[.incident.notifications[] | select(.audience == "platform" and .status == "sent")] | length' "$T/s.json")" \
	0 "no platform notification sent"
equals "$(jq -r '[.incident.notifications[] | select(.audience == "platform")][0].status' "$T/s.json")" \
	failed "the attempt recorded as failed"
lacks "$T/sent.txt" "security@vendor.example"
keys r
tui_wait_for "Record a notification of platform for #1"
screen_has "security@vendor.example"
screen_has "When"
keys C-u
type_text "phone"
# The call was made ten minutes ago: its When says so; a When in the
# future is refused in place first.
keys Tab Tab Tab
type_text "+1h"
keys Enter
tui_wait_for "nothing is recorded before it happens"
keys C-u
type_text "-10m"
keys Enter
tui_wait_for "Notification of platform recorded on #1 (not sent by irt)"
tui_wait_gone "draft to platform"
"$IRT" show 1 --json >"$T/s.json"
equals "$(jq -r '[.incident.notifications[] | select(.audience == "platform" and .status == "recorded")][0].channel' "$T/s.json")" \
	phone "recorded by phone"
"$IRT" timeline 1 --json >"$T/tl.json"
equals "$(jq '[.events[] | select(.kind == "notify" and .data.status == "recorded")][0] | .backdated' "$T/tl.json")" \
	true "the recorded call is back-dated"
lag=$(jq '[.events[] | select(.kind == "notify" and .data.status == "recorded")][0] | .recorded_ms - .at_ms' "$T/tl.json")
[ "$lag" -ge 600000 ] && [ "$lag" -lt 660000 ] ||
	fail "the call is dated ten minutes before it was recorded (lag ${lag} ms)"

# Cancelled: nothing sent, nothing recorded. No recipients: no send.
rm -f "$T/fail"
keys m
tui_wait_for "Notify for #1"
keys Tab i
tui_wait_for "◂ internal ▸"
keys Enter
tui_wait_for "draft to internal"
keys s
tui_wait_for "No recipients"
keys q
tui_wait_for "Nothing sent or recorded"
equals "$("$IRT" show 1 --json | jq '.incident.notifications | length')" 3 "no more notifications"
check "chain verifies" "$IRT" verify

keys q
tui_wait_for "1 open incident"
keys q
equals "$(tui_wait_exit)" 0 "exit status"
done_ok
