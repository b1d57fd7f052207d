#!/bin/bash
# test_render.sh - the HTML and PDF post-mortems of one realistic incident
# (every stage to closed, a CVSS vector, an owner per stage, notes with a
# milestone, a corrective action, a notification, the post-mortem fields)
# rendered to PNG: the HTML page by headless chromium, the PDF's first and
# last pages by pdftoppm. Each image must be of a sane size and not blank,
# so a layout that renders nothing, or a few lines, fails here. Nothing is
# skipped: a missing or broken renderer fails the test.
#
# IRT_RENDER_KEEP=DIR copies the PNGs to DIR, to look at them.
. "$IRT_SRC/tests/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
	fail "chromium is needed (tools/debian-packages.txt)"
for tool in pdfinfo pdftoppm python3; do
	command -v $tool >/dev/null || fail "$tool is needed (tools/debian-packages.txt)"
done

need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-20T12:00:00Z" TZ=Europe/Berlin
cat >"$T/sendmail" <<EOF
#!/bin/sh
cat >/dev/null
EOF
chmod +x "$T/sendmail"
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[notify]\ncommand = %s -t -oi\n' "$T/sendmail" >"$XDG_CONFIG_HOME/irt/config"

# ---- one incident, report to close -----------------------------------
check "new" $IRT new "Session tokens leaked through the debug endpoint" \
	--severity high --owner alice --component auth-gateway \
	--reported "2026-03-02T08:40Z"
check "reporter" $IRT set 1 reporter researcher@example.org --at "2026-03-02T08:41Z"
check "source" $IRT set 1 source bounty --at "2026-03-02T08:41Z"
check "description" $IRT set 1 description \
	"GET /debug/vars on the gateway returned the session store, tokens included." \
	--at "2026-03-02T08:42Z"
check "ack" $IRT ack 1 --at "2026-03-02T09:05Z"
check "cvss" $IRT severity 1 --cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N" \
	--at "2026-03-02T09:10Z"
check "trigger" $IRT set 1 trigger \
	"The 4.2 release enabled the debug listener on the public port." \
	--at "2026-03-02T09:15Z"
check "note" $IRT note 1 "Reproduced from outside; 312 live tokens visible." \
	--at "2026-03-02T09:20Z"
check "milestone" $IRT note 1 "Endpoint blocked at the load balancer" \
	--kind milestone --at "2026-03-02T10:00Z"
check "contain" $IRT advance 1 --at "2026-03-02T09:30Z"
check "contain owner" $IRT assign 1 bob --at "2026-03-02T09:31Z"
check "containment" $IRT set 1 containment \
	"Blocked /debug at the load balancer; revoked every session token." \
	--at "2026-03-02T10:05Z"
check "decision" $IRT note 1 "Force a logout of all users rather than rotate selectively." \
	--kind decision --at "2026-03-02T10:10Z"
check "fix" $IRT advance 1 --at "2026-03-02T11:00Z"
check "fix owner" $IRT assign 1 carol --at "2026-03-02T11:01Z"
check "root cause" $IRT set 1 root-cause \
	"The debug listener's bind address defaulted to 0.0.0.0 and no test covered it." \
	--at "2026-03-03T09:00Z"
check "factors" $IRT set 1 contributing-factors \
	"The release checklist had no step for exposed ports; the scanner ran weekly." \
	--at "2026-03-03T09:05Z"
check "fix-ref" $IRT set 1 fix-ref "gateway v4.2.1 (commit 9f3c2e1)" --at "2026-03-03T15:00Z"
check "milestone 2" $IRT note 1 "Fixed release deployed to every region" \
	--kind milestone --at "2026-03-03T16:00Z"
check "notify stage" $IRT advance 1 --at "2026-03-03T16:30Z"
check "notify owner" $IRT assign 1 dana --at "2026-03-03T16:31Z"
check "impact" $IRT set 1 impact "Session tokens of 312 users were readable for 26 hours." \
	--at "2026-03-03T16:40Z"
check "scope" $IRT set 1 scope "EU region; the US region ran 4.1." --at "2026-03-03T16:41Z"
check "advisory" $IRT set 1 advisory "https://example.org/advisories/2026-03" \
	--at "2026-03-03T16:42Z"
check "notify customers" $IRT notify 1 --audience customers --channel email \
	--subject "Security advisory: session tokens" --to customers@example.org \
	--at "2026-03-03T17:00Z"
check "notify platform" $IRT notify 1 --audience platform --channel ticket \
	--subject "Token exposure in auth-gateway" --to security@vendor.example \
	--at "2026-03-03T16:50Z"
check "notify internal" $IRT notify 1 --audience internal --to team@example.com --send \
	--at "2026-03-03T17:05Z"
check "action" $IRT action add 1 "Scan every release for listeners on public ports" \
	--type detective --owner carol --due 2026-04-01 --at "2026-03-03T17:10Z"
check "review" $IRT advance 1 --at "2026-03-04T09:00Z"
check "summary" $IRT set 1 summary \
	"A debug listener exposed session tokens for 26 hours; tokens were revoked and the listener removed." \
	--at "2026-03-05T10:00Z"
check "response" $IRT set 1 response \
	"Blocked at the edge within an hour of the acknowledgement, then revoked all sessions." \
	--at "2026-03-05T10:01Z"
check "lessons" $IRT set 1 lessons "Defaults must be safe; checklists drift." --at "2026-03-05T10:02Z"
check "went-well" $IRT set 1 went-well "The reporter's write-up made reproduction immediate." \
	--at "2026-03-05T10:03Z"
check "went-wrong" $IRT set 1 went-wrong "Nobody noticed the open port for a day." \
	--at "2026-03-05T10:04Z"
check "lucky" $IRT set 1 lucky "The reporter was a researcher, not an attacker." \
	--at "2026-03-05T10:05Z"
check "close" $IRT close 1 --resolution resolved --reason "Fixed, notified, reviewed" \
	--at "2026-03-05T11:00Z"
equals "$($IRT show 1 --json | jq -r '.incident.resolution')" resolved "closed resolved"

# ---- export ----------------------------------------------------------
expect_exit 0 $IRT export 1 --format html -o "$T/pm.html"
expect_exit 0 $IRT export 1 --format pdf -o "$T/pm.pdf"
PAGES=$(pdfinfo "$T/pm.pdf" | awk '/^Pages:/ {print $2}')
[ "$PAGES" -ge 2 ] && [ "$PAGES" -le 40 ] || fail "page count $PAGES"

# ---- render ----------------------------------------------------------
# Headless chromium: a throwaway profile under $T, no sandbox (the CI
# container runs as root), no GPU. timeout keeps a hung browser from
# hanging the suite.
timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	--disable-dev-shm-usage --no-first-run --hide-scrollbars \
	--user-data-dir="$T/chromium" --window-size=1200,3000 \
	--screenshot="$T/html.png" "file://$T/pm.html" \
	>"$T/chromium.log" 2>&1 ||
	fail "chromium cannot render the page: $(tail -5 "$T/chromium.log")"
[ -s "$T/html.png" ] || fail "chromium wrote no screenshot: $(tail -5 "$T/chromium.log")"
pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$T/pm.pdf" "$T/pdf-first" ||
	fail "pdftoppm: page 1"
pdftoppm -r 60 -png -f "$PAGES" -l "$PAGES" -singlefile "$T/pm.pdf" "$T/pdf-last" ||
	fail "pdftoppm: page $PAGES"

# png_check FILE MIN_W MIN_H MAX_W MAX_H MIN_INK_PERCENT: decodes the PNG
# (standard library only: zlib and the five scanline filters), then
# requires its size within the bounds and at least MIN_INK_PERCENT of its
# pixels clearly not white, and more than one colour on the page.
png_check() {
	N_CHECKS=$((N_CHECKS + 1))
	python3 - "$@" <<'PY' || fail "$1 does not look rendered"
import struct, sys, zlib
path, min_w, min_h, max_w, max_h, min_ink = sys.argv[1], *map(float, sys.argv[2:])
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour, _, _, interlace = ihdr
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
if depth != 8 or channels is None or interlace:
    sys.exit(f"{path}: unexpected PNG type depth {depth} colour {colour}")
print(f"{path}: {width}x{height}")
if not (min_w <= width <= max_w and min_h <= height <= max_h):
    sys.exit(f"{path}: size {width}x{height} out of bounds")
raw = zlib.decompress(idat)
stride = width * channels
prev = bytearray(stride)
ink = total = 0
colours = set()
pos = 0
for y in range(height):
    kind = raw[pos]
    line = bytearray(raw[pos + 1:pos + 1 + stride])
    pos += 1 + stride
    for i in range(stride):
        a = line[i - channels] if i >= channels else 0
        b = prev[i]
        c = prev[i - channels] if i >= channels else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 2:
        continue  # every other row is plenty for a share of ink
    for x in range(0, width, 2):
        px = line[x * channels:x * channels + min(channels, 3)]
        total += 1
        if min(px) < 200:
            ink += 1
        if len(colours) < 64:
            colours.add(bytes(px))
share = 100.0 * ink / total
print(f"{path}: {share:.1f}% ink, {len(colours)} colours")
if share < min_ink or len(colours) < 2:
    sys.exit(f"{path}: looks blank ({share:.2f}% ink)")
PY
}

# The page at 1200x3000 CSS pixels (chromium may scale by the device
# pixel ratio); A4 at 60 dpi is 496x702, US Letter 510x660.
png_check "$T/html.png" 1200 3000 2400 6000 2
png_check "$T/pdf-first.png" 480 640 520 720 2
png_check "$T/pdf-last.png" 480 640 520 720 0.3

if [ -n "${IRT_RENDER_KEEP:-}" ]; then
	mkdir -p "$IRT_RENDER_KEEP"
	cp "$T/html.png" "$T/pdf-first.png" "$T/pdf-last.png" "$T/pm.html" \
		"$T/pm.pdf" "$IRT_RENDER_KEEP/"
fi
done_ok
