#!/bin/bash
# test_text.sh - misleading text: bidirectional overrides, isolates and
# invisible characters in stored text show as "<U+202E>" and the like on
# the terminal, in the Markdown, HTML and CSV exports and in a mail's
# headers, and are kept exactly in JSON; every JSON output escapes DEL and
# the C1 controls (\u007F, \u0080..\u009F) instead of writing them raw,
# and the JSON export still imports and round-trips byte for byte.
. "$IRT_SRC/tests/lib.sh"

# The clock is pinned throughout, so every run is of the test build.
need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-04T12:00:00Z"

RLO=$'\xe2\x80\xae' LRI=$'\xe2\x81\xa6' PDI=$'\xe2\x81\xa9'
ZWSP=$'\xe2\x80\x8b' BOM=$'\xef\xbb\xbf' LS=$'\xe2\x80\xa8'
NEL=$'\xc2\x85' CSI=$'\xc2\x9b' DEL=$'\x7f'
# Displays as "Invoice exe.txt" on a terminal that obeys the override.
TITLE="Invoice ${RLO}txt.exe"
NOTE="admin${ZWSP}istrator ${LRI}isolated${PDI} ${BOM}bom${LS}sep c1${NEL}${CSI}31m del${DEL}"

check "new" $IRT new "$TITLE" --severity high --reported "2026-03-01T08:00Z"
check "note" $IRT note 1 "$NOTE"

# No raw invisible, direction-changing or control character in FILE.
no_raw() {
	N_CHECKS=$((N_CHECKS + 1))
	if LC_ALL=C grep -q -e "$RLO" -e "$LRI" -e "$PDI" -e "$ZWSP" -e "$BOM" \
		-e "$LS" -e "$NEL" -e "$CSI" -e "$DEL" "$1"; then
		fail "$1 holds a raw invisible or control character: $(LC_ALL=C grep -n -e "$RLO" -e "$LRI" -e "$PDI" -e "$ZWSP" -e "$BOM" -e "$LS" -e "$NEL" -e "$CSI" -e "$DEL" "$1" | head -3 | od -c | head -5)"
	fi
}

# ---- the terminal ---------------------------------------------------
{
	$IRT list
	$IRT show 1
	$IRT timeline 1
	$IRT search istrator
} >"$T/term.txt" || fail "terminal commands"
no_raw "$T/term.txt"
contains "$T/term.txt" "Invoice <U+202E>txt.exe"
contains "$T/term.txt" "admin<U+200B>istrator <U+2066>isolated<U+2069> <U+FEFF>bom<U+2028>sep"
contains "$T/term.txt" "c1<85><9b>31m del^?"

# ---- Markdown, HTML, CSV --------------------------------------------
expect_exit 0 $IRT export 1 --format md -o "$T/e.md"
no_raw "$T/e.md"
contains "$T/e.md" '# Post-incident review: \#1 Invoice \<U+202E>txt.exe'
contains "$T/e.md" 'admin\<U+200B>istrator'
expect_exit 0 $IRT export 1 --format html -o "$T/e.html"
no_raw "$T/e.html"
contains "$T/e.html" "<title>Post-incident review: #1 Invoice &lt;U+202E&gt;txt.exe</title>"
contains "$T/e.html" "Invoice &lt;U+202E&gt;txt.exe</h1>"
contains "$T/e.html" "&lt;U+2066&gt;isolated&lt;U+2069&gt;"
expect_exit 0 $IRT export 1 --format csv -o "$T/e.csv"
no_raw "$T/e.csv"
contains "$T/e.csv" "Invoice <U+202E>txt.exe"
contains "$T/e.csv" "<U+FEFF>bom<U+2028>sep"

# ---- mail -----------------------------------------------------------
expect_exit 0 $IRT notify 1 --audience platform --to sec@vendor.example --draft
no_raw "$T/out"
sed '/^$/q' "$T/out" >"$T/headers"
contains "$T/headers" "Subject: Security incident #1 (high): Invoice <U+202E>txt.exe"
# A recipient that would not read as itself is refused.
expect_exit 2 $IRT notify 1 --audience platform --to "sec@vendor${RLO}.example" --draft
contains "$T/err" "invisible"
expect_exit 2 $IRT notify 1 --audience platform --to "sec${NEL}@vendor.example" --draft

# ---- JSON: exact text, no raw DEL or C1 ------------------------------
json_ok() { # FILE: parses, no raw control characters, escapes as jansson
	check "$1 parses" jq -e . "$1" >/dev/null
	N_CHECKS=$((N_CHECKS + 1))
	if LC_ALL=C grep -q -e "$NEL" -e "$CSI" -e "$DEL" "$1"; then
		fail "$1 holds a raw DEL or C1 control"
	fi
	contains "$1" 'c1\u0085\u009B31m del\u007F'
}
$IRT timeline 1 --json >"$T/tl.json" || fail "timeline --json"
json_ok "$T/tl.json"
equals "$(jq -r '[.events[] | select(.kind == "note")][0].text' "$T/tl.json")" \
	"$NOTE" "note kept exactly"
$IRT show 1 --json >"$T/show.json" || fail "show --json"
equals "$(jq -r '.incident.title' "$T/show.json")" "$TITLE" "title kept exactly"
contains "$T/show.json" "Invoice ${RLO}txt.exe"
$IRT search istrator --json >"$T/search.json" || fail "search --json"
json_ok "$T/search.json"
check "title with DEL" $IRT set 1 title "Invoice${DEL}${NEL}"
$IRT list --json >"$T/list.json" || fail "list --json"
N_CHECKS=$((N_CHECKS + 1))
if LC_ALL=C grep -q -e "$NEL" -e "$DEL" "$T/list.json"; then
	fail "list --json holds a raw DEL or C1 control"
fi
contains "$T/list.json" 'Invoice\u007F\u0085'
equals "$(jq -r '.incidents[0].title' "$T/list.json")" "Invoice${DEL}${NEL}" "list title"
$IRT show 1 --json >"$T/show.json" || fail "show --json"
contains "$T/show.json" 'Invoice\u007F\u0085'
check "title back" $IRT set 1 title "$TITLE"

# The JSON export: escaped, exact, imported, and the round trip
# export -> import -> export is byte-identical.
expect_exit 0 $IRT export 1 --format json -o "$T/a.json"
json_ok "$T/a.json"
equals "$(jq -r '[.events[] | select(.kind == "note")][0].text' "$T/a.json")" \
	"$NOTE" "export keeps the note exactly"
expect_exit 0 $IRT --db "$T/b.db" import "$T/a.json"
expect_exit 0 $IRT --db "$T/b.db" export 1 --format json -o "$T/b.json"
check "round trip is byte-identical" cmp "$T/a.json" "$T/b.json"
expect_exit 0 $IRT --db "$T/b.db" verify
# What tests/cli/forge.py writes is what irt writes.
check "forge writes as irt" python3 "$IRT_SRC/tests/cli/forge.py" export \
	"$T/a.json" "$T/forged.json"
check "forged copy is byte-identical" cmp "$T/a.json" "$T/forged.json"

done_ok
