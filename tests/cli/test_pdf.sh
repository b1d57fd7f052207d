#!/bin/bash
# test_pdf.sh - irt export --format pdf of a realistic incident (hostile
# title, accents and CJK in a note, several stages, corrective actions, a
# notification), read back with poppler: a PDF of sane page count on A4
# or US Letter, fonts embedded, every section heading and the hostile
# title present as text, the chain head hash on the last page, page 1
# not blank; --paper and the refusal to write a PDF to a terminal.
. "$IRT_SRC/tests/lib.sh"

for tool in pdfinfo pdffonts pdftotext pdftoppm python3 jq; do
	command -v $tool >/dev/null || fail "$tool is needed (tools/debian-packages.txt)"
done

# The clock is pinned throughout, so every run is of the test build.
need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-10T12:00:00Z"
TITLE='Token leak <script>alert(1)</script> & "quotes"'
NOTE='Zugriff über den Résumé-Endpunkt geprüft; 東京のチームが確認しました'
check "new" $IRT new "$TITLE" --severity high --owner alice \
	--component "<img src=x onerror=alert(2)>" --reported "2026-03-02T09:00Z"
check "ack" $IRT ack 1 --at "2026-03-02T09:30Z"
check "note" $IRT note 1 "$NOTE"
check "summary" $IRT set 1 summary "Café-Betreiber in Zürich und 東京 betroffen"
printf 'esc \033[31mred\033[0m and <b>bold</b> & $(id)' | check "note esc" $IRT note 1 -
check "contain" $IRT advance 1 --at "2026-03-03T09:00Z"
check "containment" $IRT set 1 containment "Token revoked; keys rotated"
check "fix" $IRT advance 1 --at "2026-03-04T09:00Z"
check "root cause" $IRT set 1 root-cause "A debug endpoint echoed the token"
check "fix-ref" $IRT set 1 fix-ref "v1.0.1"
check "action" $IRT action add 1 "Add a secret scanner to CI" --due 2026-04-01 --type detective
check "action 2" $IRT action add 1 "Remove debug endpoints" --due 2026-03-20 --type preventive
check "notify" $IRT notify 1 --audience platform --channel ticket \
	--to security@vendor.example --at "2026-03-04T12:00Z"
check "notify stage" $IRT advance 1 --at "2026-03-05T09:00Z"
HEAD=$($IRT show 1 --json | jq -r '.incident.head_hash')
[ ${#HEAD} -eq 64 ] || fail "head hash: '$HEAD'"

# ---- A4, the default --------------------------------------------------
expect_exit 0 $IRT export 1 --format pdf -o "$T/a4.pdf"
equals "$(head -c 5 "$T/a4.pdf")" "%PDF-" "a PDF"
pdfinfo "$T/a4.pdf" >"$T/info" || fail "pdfinfo cannot read it"
contains "$T/info" "(A4)"
PAGES=$(awk '/^Pages:/ {print $2}' "$T/info")
[ "$PAGES" -ge 2 ] && [ "$PAGES" -le 40 ] || fail "page count $PAGES"
contains "$T/info" "$TITLE"

# Every font embedded (the emb column of pdffonts).
pdffonts "$T/a4.pdf" >"$T/fonts"
[ "$(tail -n +3 "$T/fonts" | wc -l)" -ge 2 ] || fail "fonts: $(cat "$T/fonts")"
tail -n +3 "$T/fonts" | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
	fail "a font is not embedded: $(cat "$T/fonts")"

pdftotext -enc UTF-8 "$T/a4.pdf" "$T/all.txt"
# Lines joined, so that text wrapped at a space reads as one line.
tr '\n' ' ' <"$T/all.txt" | tr -s ' ' >"$T/joined.txt"
# And with no blanks at all, for text wrapped inside a word ("Résumé-" /
# "Endpunkt") or between CJK characters.
tr -d ' \n' <"$T/all.txt" >"$T/squeezed.txt"
has_text() { contains "$T/squeezed.txt" "$(printf '%s' "$1" | tr -d ' \n')"; }
# Every heading of the Markdown post-mortem (the same model) is there.
$IRT export 1 --format md >"$T/e.md"
grep '^##* ' "$T/e.md" | sed 's/^#* //' >"$T/headings"
[ "$(wc -l <"$T/headings")" -ge 10 ] || fail "headings: $(cat "$T/headings")"
while IFS= read -r heading; do
	case $heading in *\\*) continue ;; esac # escaped: the title
	contains "$T/joined.txt" "$heading"
done <"$T/headings"
for section in "Summary" "Impact" "Timeline" "Root cause" "Resolution" \
	"Notifications" "Corrective actions" "Lessons learned" "Verification"; do
	contains "$T/all.txt" "$section"
done
contains "$T/joined.txt" "$TITLE"
has_text "Add a secret scanner to CI"
has_text "Café-Betreiber in Zürich und 東京 betroffen"
# The note is a cell of the change log, wrapped and read by pdftotext
# interleaved with its row's hash: its words, one by one.
for word in Zugriff über Résumé Endpunkt geprüft; do
	has_text "$word"
done
# Control characters in their visible forms; markup stays text.
has_text "esc ^[[31mred^[[0m and"
has_text '<b>bold</b> & $(id)'
# CJK where a font has it.
if fc-list :lang=ja | grep -q .; then
	has_text "東京"
	has_text "確認"
fi
# Every entry's hash in the change log, whole, in its two lines.
$IRT timeline 1 --json | jq -r '.events[].hash' >"$T/hashes"
[ "$(wc -l <"$T/hashes")" -ge 5 ] || fail "hashes: $(cat "$T/hashes")"
pdftotext -enc UTF-8 -layout "$T/a4.pdf" "$T/layout.txt"
while IFS= read -r h; do
	grep -A1 "${h:0:32}\$" "$T/layout.txt" | tail -n 1 | grep -q "${h:32}\$" ||
		fail "hash $h: not in two lines of 32 in the change log"
done <"$T/hashes"

# The chain head and the command that verifies it, on the last page.
pdftotext -enc UTF-8 -f "$PAGES" -l "$PAGES" "$T/a4.pdf" "$T/last.txt"
contains "$T/last.txt" "$HEAD"
contains "$T/last.txt" "irt verify"
contains "$T/last.txt" "page $PAGES of $PAGES"
pdftotext -f 1 -l 1 "$T/a4.pdf" - | grep -q "page 1 of $PAGES" || fail "page 1 footer"

# Page 1 is drawn: a PNG of some size, and enough ink in a gray map.
pdftoppm -r 50 -png -f 1 -l 1 -singlefile "$T/a4.pdf" "$T/p1"
[ "$(stat -c %s "$T/p1.png")" -gt 5000 ] || fail "page 1 PNG is tiny"
pdftoppm -r 50 -gray -f 1 -l 1 -singlefile "$T/a4.pdf" "$T/p1"
python3 - "$T/p1.pgm" <<'PY' || fail "page 1 looks blank"
import sys
data = open(sys.argv[1], "rb").read()
# P5 width height maxval, then the pixels.
fields, pos = [], 0
while len(fields) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    fields.append(data[pos:end])
    pos = end
pixels = data[pos + 1:]
ink = sum(1 for b in pixels if b < 200)
sys.exit(0 if ink > len(pixels) // 100 else 1)
PY

# ---- US Letter --------------------------------------------------------
expect_exit 0 $IRT export 1 --format pdf --paper letter -o "$T/letter.pdf"
pdfinfo "$T/letter.pdf" >"$T/info"
contains "$T/info" "612 x 792 pts (letter)"
expect_exit 0 $IRT export 1 --format pdf --paper A4 -o "$T/a4b.pdf"
pdfinfo "$T/a4b.pdf" | grep -q "(A4)" || fail "--paper A4"

# To a pipe it goes to standard output.
$IRT export 1 --format pdf | head -c 5 >"$T/head"
equals "$(cat "$T/head")" "%PDF-" "PDF to a pipe"

# ---- refusals -----------------------------------------------------------
expect_exit 2 $IRT export 1 --format pdf --paper legal -o "$T/x.pdf"
contains "$T/err" "unknown paper"
expect_exit 2 $IRT export 1 --format md --paper letter
contains "$T/err" "--paper is for --format pdf"
[ ! -e "$T/x.pdf" ] || fail "a refused export wrote a file"
expect_exit 4 $IRT export 99 --format pdf -o "$T/x.pdf"
[ ! -e "$T/x.pdf" ] || fail "an export of an unknown incident wrote a file"
# A terminal on standard output: refused, nothing written to it.
python3 - "$IRT" <<'PY' || fail "a PDF to a terminal was not refused"
import os, subprocess, sys
master, slave = os.openpty()
r = subprocess.run([sys.argv[1], "export", "1", "--format", "pdf"],
                   stdout=slave, stderr=subprocess.PIPE)
os.close(slave)
os.set_blocking(master, False)
try:
    written = os.read(master, 100)
except (BlockingIOError, OSError):
    written = b""
sys.exit(0 if r.returncode == 2 and b"binary" in r.stderr
         and b"%PDF" not in written else 1)
PY
expect_exit 0 $IRT export --help
contains "$T/out" "--paper"
contains "$T/out" "pdf"

done_ok
