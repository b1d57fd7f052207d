#!/bin/bash
# test_export.sh - irt export in every format, each read back by an
# independent parser (jq, tidy, xmllint, python's csv module), with hostile
# text in the title and notes coming out inert and intact; -o writes
# atomically; usage errors and unknown incidents.
. "$IRT_SRC/tests/lib.sh"

# The clock is pinned throughout, so every run is of the test build.
need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-02T10:00:00Z"
TITLE='<script>alert(1)</script> =HYPERLINK("http://x") | *x* [l](http://e)'
check "new" $IRT new "$TITLE" --severity high --owner alice \
	--component "<img src=x onerror=alert(2)>" --reported "2026-03-01T09:00Z"
check "ack" $IRT ack 1 --at "2026-03-01T09:30Z"
check "note formula" $IRT note 1 '=HYPERLINK("http://x","click")'
check "note plus" $IRT note 1 "+cmd|' /C calc'!A0"
printf '%s' '-2+3' | check "note minus" $IRT note 1 -
check "note at" $IRT note 1 '@SUM(A1:A2)'
printf '\tTAB-led, "quoted"' | check "note tab" $IRT note 1 -
printf 'esc \033]0;pwned\007 and \033[31mred\033[0m' | check "note esc" $IRT note 1 -
printf '# heading?\n- list?\n<b>html</b> & `code` | pipe\n```\nfence\n' |
	check "note markdown" $IRT note 1 -
# A 1 MiB note (ASCII, so lengths are the same in bytes and characters).
head -c 1048576 /dev/zero | tr '\0' 'n' >"$T/big"
check "note 1 MiB" $IRT note 1 - <"$T/big"
# Invalid UTF-8 is refused on input, so it never reaches an export.
printf 'bad \xff\xfe bytes' >"$T/bad"
expect_exit 2 $IRT note 1 - <"$T/bad"
contains "$T/err" "not valid UTF-8"
N_EVENTS=$($IRT show 1 --json | jq '.incident.events')

# ---- JSON ----------------------------------------------------------
expect_exit 0 $IRT export 1 --format json
cp "$T/out" "$T/e.json"
check "json parses" jq -e '.format == "irt-incident/1"' "$T/e.json" >/dev/null
equals "$(jq -r '.incident.title' "$T/e.json")" "$TITLE" "title intact"
equals "$(jq '.events | length' "$T/e.json")" "$N_EVENTS" "every event"
equals "$(jq -r '.events[-1].hash' "$T/e.json")" \
	"$(jq -r '.incident.head_hash' "$T/e.json")" "head hash"
equals "$(jq '[.events[] | select(.text | length == 1048576)] | length' "$T/e.json")" \
	1 "1 MiB note intact"
check "control characters kept exactly (JSON escapes them)" jq -e \
	'[.events[] | select(.text == "esc \u001b]0;pwned\u0007 and \u001b[31mred\u001b[0m")] | length == 1' \
	"$T/e.json" >/dev/null
equals "$(jq -r '.deadlines.acknowledge.state' "$T/e.json")" met "ack deadline"
equals "$(jq -r '.deadlines.remediate.state' "$T/e.json")" open "fix deadline"
equals "$(jq -r '.incident.response_times_ms.acknowledge' "$T/e.json")" \
	1800000 "time to acknowledge"
equals "$(jq -r '.incident.stages[0].owner' "$T/e.json")" alice "owners"
equals "$(jq -r '.incident.stage_intervals[0].stage' "$T/e.json")" detect \
	"stage intervals"
# The same export twice is the same bytes.
$IRT export 1 --format json | cmp -s - "$T/e.json" || fail "JSON not stable"

# ---- Markdown -------------------------------------------------------
expect_exit 0 $IRT export 1
cp "$T/out" "$T/e.md"
for section in "Summary" "Impact" "Severity and CVSS" "Trigger" "Detection" \
	"Timeline" "Response and recovery" "Root cause" "Resolution" \
	"Responders" "Lessons learned" "Corrective actions" "Notifications" \
	"Deadlines" "Verification" "Appendix: the complete change log"; do
	contains "$T/e.md" "## $section"
done
contains "$T/e.md" "### Response times"
equals "$(grep -c '^# ' "$T/e.md")" 1 "one title heading"
contains "$T/e.md" '\<script>alert(1)\</script>'
contains "$T/e.md" '*What was the underlying cause?* `irt set 1 root-cause TEXT`'
contains "$T/e.md" "$(jq -r '.incident.head_hash' "$T/e.json")"
# No '<' that Markdown could take for HTML: each is escaped, but for the
# export's own <br> in table cells.
[ -z "$(sed 's/<br>//g' "$T/e.md" | grep -nP '(?<!\\)<' | head -3)" ] ||
	fail "unescaped '<' in the Markdown"
lacks "$T/e.md" "[l](http://e)"
lacks "$T/e.md" $'\e'
# Each change-log row is one line with its six columns, the last the
# event's hash.
rows=$(grep -c '^| [0-9]* | 2026' "$T/e.md")
equals "$rows" "$N_EVENTS" "one table row per event"
bad_rows=$(grep '^| [0-9]* | 2026' "$T/e.md" | sed 's/\\\\//g; s/\\|//g' |
	awk -F'|' 'NF != 8 || length($7) != 66 || $7 ~ /[^ 0-9a-f]/' | wc -l)
equals "$bad_rows" 0 "no cell adds a column"

# ---- HTML -----------------------------------------------------------
expect_exit 0 $IRT export 1 --format html -o "$T/e.html"
# HTML5 with inline SVG: tidy reads it with neither errors nor warnings.
tidy -errors -quiet "$T/e.html" 2>"$T/tidy.err" || fail "tidy: $(head -c 2000 "$T/tidy.err")"
[ ! -s "$T/tidy.err" ] || fail "tidy: $(head -c 2000 "$T/tidy.err")"
lacks "$T/e.html" "<script"
lacks "$T/e.html" "<img src=x"
lacks "$T/e.html" "<b>html"
lacks "$T/e.html" 'href='
lacks "$T/e.html" $'\e'
lacks "$T/e.html" '<link'
lacks "$T/e.html" 'src="http'
contains "$T/e.html" "&lt;script&gt;alert(1)&lt;/script&gt;"
contains "$T/e.html" "&lt;img src=x onerror=alert(2)&gt;"
contains "$T/e.html" "<style>"
contains "$T/e.html" "@media print"
contains "$T/e.html" "Content-Security-Policy"
# The chart: an inline <svg>, well-formed XML, with the stages and the
# deadlines.
# Two charts: the stages over time, and the response times against the
# policy's windows.
svg() { awk -v k="$1" '/<svg /{on=1; n++} on && n == k {print} /<\/svg>/{on=0}' "$T/e.html"; }
svg 1 >"$T/chart.svg"
svg 2 >"$T/response.svg"
check "chart is well-formed SVG" xmllint --noout "$T/chart.svg"
check "response chart is well-formed SVG" xmllint --noout "$T/response.svg"
contains "$T/chart.svg" "<svg"
contains "$T/chart.svg" ">detect<"
contains "$T/response.svg" ">acknowledge<"
contains "$T/response.svg" "ack window (met)"
contains "$T/response.svg" "fix window (open)"

# ---- CSV ------------------------------------------------------------
expect_exit 0 $IRT export 1 --format csv -o "$T/e.csv"
check "CSV read back" python3 - "$T/e.csv" "$N_EVENTS" "$TITLE" <<'EOF'
import csv, sys
csv.field_size_limit(1 << 24)
path, n_events, title = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, newline="", encoding="utf-8") as f:
    data = f.read()
assert "\r\n" in data, "RFC 4180 line ends"
rows = list(csv.reader(data.splitlines(keepends=True)))
head, body = rows[0], rows[1:]
assert head[:6] == ["seq", "at", "recorded", "reconstructed", "actor", "kind"], head
assert len(body) == n_events, (len(body), n_events)
assert all(len(r) == len(head) for r in body), "same columns in every row"
for r in body:
    for cell in r:
        assert not cell or cell[0] not in "=+-@\t\r", "formula cell: %r" % cell[:40]
texts = [r[head.index("text")] for r in body]
assert "'=HYPERLINK(\"http://x\",\"click\")" in texts, texts
assert "'+cmd|' /C calc'!A0" in texts
assert "'-2+3" in texts and "'@SUM(A1:A2)" in texts
assert "'\tTAB-led, \"quoted\"" in texts
assert any(t == "n" * 1048576 for t in texts), "1 MiB note intact"
assert not any("\x1b" in t for t in texts), "no escape sequences"
assert any(t.startswith("esc ^[]0;pwned^G and ^[[31mred") for t in texts)
assert any("# heading?\n- list?\n<b>html</b>" in t for t in texts)
created = [r for r in body if r[head.index("kind")] == "create"][0]
assert created[head.index("new")] == "'" + title if title[0] in "=+-@" else created[head.index("new")] == title
EOF

# ---- -o is atomic; errors -------------------------------------------
printf 'old contents\n' >"$T/keep.md"
expect_exit 4 $IRT export 99 -o "$T/keep.md"
contains "$T/err" "no incident #99"
equals "$(cat "$T/keep.md")" "old contents" "failed export leaves the file"
expect_exit 1 $IRT export 1 -o "$T/no/such/dir/x.md"
expect_exit 1 $IRT export 1 -o "$T"
[ -z "$(find "$T" -maxdepth 1 -name '.*XXXX*' -o -maxdepth 1 -name '.keep.md.*')" ] ||
	fail "temporary files left behind"
expect_exit 0 $IRT export 1 --format md -o "$T/keep.md"
cmp -s "$T/keep.md" "$T/e.md" || fail "-o writes what stdout shows"
expect_exit 2 $IRT export 1 --format docx
contains "$T/err" "unknown format"
expect_exit 2 $IRT export
expect_exit 2 $IRT export one
expect_exit 2 $IRT export 1 2
expect_exit 0 $IRT export --help
contains "$T/out" "--format"
expect_exit 0 $IRT help export

done_ok
