#!/bin/bash
# test_action_ticket.sh - a corrective action's optional ticket (where
# it is followed): `irt action add --ticket`, stored in the action
# event's data only when given (an action without one keeps the old
# shape, so older records verify and older exports import), refused
# with control characters by the writer and by the rule book on import,
# listed by `irt action list` (and --json), carried by `show --json` and
# the JSON export, and the post-mortem's Ticket column: a link in HTML
# only for an http(s) URL, escaped; text in Markdown.
. "$IRT_SRC/tests/lib.sh"

FORGE="$IRT_SRC/tests/cli/forge.py"
URL='https://tracker.example.org/browse/SEC-42?a=1&b=2'

check "new" $IRT new "Tokens in logs" --severity high
check "action with a URL" $IRT action add 1 "Scrub the logs" --owner lee \
	--ticket "$URL"
check "action with a key" $IRT action add 1 "Alert on tokens" \
	--type detective --ticket "SEC-43"
check "action without" $IRT action add 1 "Rotate the keys"
check "action with a script URL" $IRT action add 1 "Odd link" \
	--ticket 'javascript:alert(1)'
check "action with markup" $IRT action add 1 "Quoted link" \
	--ticket 'https://e.example/"><script>x</script>'
expect_exit 2 $IRT action add 1 "Bad ticket" --ticket "$(printf 'SEC\033[2J-1')"
contains "$T/err" "an action's ticket, when recorded, is text without control characters"
expect_exit 2 $IRT action add 1 "Bad ticket" --ticket "$(printf 'SEC-\302\2331')"
contains "$T/err" "without control characters"
equals "$($IRT action list 1 --json | jq '.actions | length')" 5 "two refused"

# The event's data: the ticket member only where given.
equals "$(db_sql "SELECT data FROM events WHERE kind = 'action' AND field = '3'")" \
	'{"due":"","owner":"","type":"corrective"}' "no ticket: the old shape"
equals "$(if [ "$IRT_TEST_ENGINE" = pg ]; then db_sql "SELECT data::json->>'ticket' FROM events WHERE kind = 'action' AND field = '1'"; else sqlite3 "$IRT_DB" "SELECT json_extract(data, '\$.ticket') FROM events WHERE kind = 'action' AND field = '1'"; fi)" \
	"$URL" "the ticket in the event"

# list, --json, show --json.
expect_exit 0 $IRT action list 1
contains "$T/out" "Scrub the logs  ticket $URL"
contains "$T/out" "Alert on tokens  ticket SEC-43"
grep "Rotate the keys" "$T/out" | grep -q ticket && fail "a ticket shown for none"
equals "$($IRT action list 1 --json | jq -r '.actions[0].ticket')" "$URL" "list --json"
equals "$($IRT action list 1 --json | jq -r '.actions[2].ticket')" null "none: null"
equals "$($IRT show 1 --json | jq -r '.incident.actions[1].ticket')" SEC-43 "show --json"
expect_exit 0 $IRT verify

# ---- the post-mortem -----------------------------------------------
expect_exit 0 $IRT export 1 -o "$T/pm.md"
contains "$T/pm.md" "| \\# | Action | Type | Owner | Due | Status | Ticket |"
contains "$T/pm.md" "| 1 | Scrub the logs | corrective | lee | - | open | https://tracker.example.org/browse/SEC-42?a=1\\&b=2 |"
contains "$T/pm.md" "| 3 | Rotate the keys | corrective | - | - | open | - |"
expect_exit 0 $IRT export 1 --format html -o "$T/pm.html"
tidy -errors -quiet "$T/pm.html" 2>"$T/tidy.err" || fail "tidy: $(head -c 2000 "$T/tidy.err")"
contains "$T/pm.html" '<td><a href="https://tracker.example.org/browse/SEC-42?a=1&amp;b=2" rel="noopener noreferrer">https://tracker.example.org/browse/SEC-42?a=1&amp;b=2</a></td>'
contains "$T/pm.html" "<td>SEC-43</td>"
contains "$T/pm.html" "<td>javascript:alert(1)</td>"
contains "$T/pm.html" "<td>https://e.example/&quot;&gt;&lt;script&gt;x&lt;/script&gt;</td>"
equals "$(grep -o '<a href=' "$T/pm.html" | wc -l)" 1 "one link: the http(s) URL"
lacks "$T/pm.html" "<script>x"

# ---- the JSON export: additive, and older exports import -----------
expect_exit 0 $IRT export 1 --format json -o "$T/one.json"
equals "$(jq -r '.incident.actions[0].ticket' "$T/one.json")" "$URL" "export"
check "re-import" $IRT --db "$T/copy.db" import "$T/one.json"
expect_exit 0 $IRT --db "$T/copy.db" verify
# An export made before tickets: no ticket member on its actions.
check "new 2" $IRT new "Before tickets"
check "old-style action" $IRT action add 2 "Patch"
expect_exit 0 $IRT export 2 --format json -o "$T/two.json"
jq 'del(.incident.actions[].ticket)' "$T/two.json" >"$T/old.json"
check "old export imports" $IRT --db "$T/old.db" import "$T/old.json"
expect_exit 0 $IRT --db "$T/old.db" verify
# ... but a ticket the events give cannot be taken out of the file.
jq 'del(.incident.actions[0].ticket)' "$T/one.json" >"$T/cut.json"
expect_exit 1 $IRT --db "$T/cut.db" import "$T/cut.json"
contains "$T/err" '"actions" does not match its own timeline'

# ---- the rule book on a forged file --------------------------------
seq=$(jq '[.events[] | select(.kind == "action")][0].seq' "$T/two.json")
for bad in '{"due":"","owner":"","ticket":7,"type":"corrective"}' \
	'{"due":"","owner":"","ticket":"a\u001bb","type":"corrective"}' \
	'{"due":"","owner":"","ticket":"","type":"corrective"}'; do
	python3 "$FORGE" export "$T/two.json" "$T/forged.json" \
		--set "$seq" "data_raw=$bad" || fail "forge"
	expect_exit 1 $IRT --db "$T/forged.db" import "$T/forged.json"
	contains "$T/err" "breaks a rule"
	contains "$T/err" "an action's ticket, when recorded, is text without control characters"
done

done_ok
