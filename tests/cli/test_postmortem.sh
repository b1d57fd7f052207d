#!/bin/bash
# test_postmortem.sh - the post-mortem (md and html) of an incident told
# through its life: every section heading, the hint and command for what
# nobody recorded, the key moments in local time with the zone named,
# the change log with every hash, the message sent in full, and a
# hostile title and description inert. The Markdown is read back with
# cmark, the HTML with tidy and xmllint.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-03-04T12:00:00Z" TZ=Europe/Berlin
cat >"$T/sendmail" <<EOF
#!/bin/sh
cat >"$T/sent.msg"
EOF
chmod +x "$T/sendmail"
mkdir -p "$XDG_CONFIG_HOME/irt"
printf '[notify]\ncommand = %s -t -oi\n' "$T/sendmail" >"$XDG_CONFIG_HOME/irt/config"

TITLE='<script>alert(1)</script> | *bold* `tick` [l](http://e)'
check "new" $IRT new "$TITLE" --severity high --owner alice \
	--reported "2026-03-03T08:00Z"
check "description" $IRT set 1 description $'<img src=x onerror=alert(2)>\n| a | b |\n`code` **x**'
check "ack" $IRT ack 1 --at "2026-03-03T08:20Z"
check "trigger" $IRT set 1 trigger "A config push at 07:55"
check "milestone" $IRT note 1 "Service restored for all users" --kind milestone --at "2026-03-03T09:10Z"
check "plain note" $IRT note 1 "an ordinary note, not a key moment"
check "notify" $IRT notify 1 --audience internal --to team@example.com --send
equals "$($IRT show 1 --json | jq '.incident.notifications | length')" 1 "notification recorded"
HASHES=$($IRT export 1 --format json | jq -r '.events[].hash')

# ---- the new fields are settable -----------------------------------
for f in trigger contributing-factors response went-well went-wrong lucky; do
	check "set $f" $IRT set 1 "$f" ""
done
check "trigger again" $IRT set 1 trigger "A config push at 07:55"
expect_exit 2 $IRT set 1 nonsense x
contains "$T/err" "went-well"

# ---- Markdown, read back by cmark ----------------------------------
expect_exit 0 $IRT export 1 -o "$T/pm.md"
# libcmark (the cmark program is not installed everywhere): its parser's
# XML rendering of the document.
python3 - "$T/pm.md" >"$T/pm.xml" <<'EOF' || fail "cmark cannot read the Markdown"
import ctypes, ctypes.util, sys
lib = ctypes.CDLL(ctypes.util.find_library("cmark"))
lib.cmark_parse_document.restype = ctypes.c_void_p
lib.cmark_parse_document.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
lib.cmark_render_xml.restype = ctypes.c_char_p
lib.cmark_render_xml.argtypes = [ctypes.c_void_p, ctypes.c_int]
data = open(sys.argv[1], "rb").read()
sys.stdout.write(lib.cmark_render_xml(lib.cmark_parse_document(data, len(data), 0), 0).decode())
EOF
# Headings as cmark sees them (level and text).
python3 - "$T/pm.xml" >"$T/headings" <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = {"c": "http://commonmark.org/xml/1.0"}
root = ET.parse(sys.argv[1]).getroot()
def text(node):
    out = ""
    for e in node.iter():
        tag = e.tag.split("}")[1]
        if tag in ("text", "code"):
            out += e.text or ""
        elif tag in ("softbreak", "linebreak"):
            out += "\n"
    return out
for h in root.iter("{http://commonmark.org/xml/1.0}heading"):
    print(h.get("level"), text(h))
for tag in ("html_block", "link", "image", "list", "block_quote"):
    assert not list(root.iter("{http://commonmark.org/xml/1.0}" + tag)), tag
EOF
[ $? -eq 0 ] || fail "stored text became markup"
equals "$(grep -c '^1 ' "$T/headings")" 1 "one title"
equals "$(grep '^1 ' "$T/headings")" "1 Post-incident review: #1 $TITLE" "the hostile title as text"
for section in "Summary" "Impact" "Severity and CVSS" "Trigger" "Detection" \
	"Timeline" "Response and recovery" "Root cause" "Resolution" \
	"Responders" "Lessons learned" "Corrective actions" "Notifications" \
	"Deadlines" "Verification" "Appendix: the complete change log"; do
	grep -qx "2 $section" "$T/headings" || fail "no section $section"
done
for sub in "Contributing factors" "What went well" "What went wrong" \
	"Where we got lucky" "Containment" "Response times" "Description"; do
	grep -qx "3 $sub" "$T/headings" || fail "no subsection $sub"
done
# The description comes back as text, whole.
check "description as text" python3 - "$T/pm.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
def flat(node):
    out = ""
    for e in node.iter():
        tag = e.tag.split("}")[1]
        if tag in ("text", "code"):
            out += e.text or ""
        elif tag in ("softbreak", "linebreak"):
            out += "\n"
    return out
text = "\n".join(flat(p) for p in root.iter("{http://commonmark.org/xml/1.0}paragraph"))
assert "<img src=x onerror=alert(2)>" in text, text[:2000]
assert "| a | b |" in text and "`code` **x**" in text
EOF
# Empty sections: what to fill in and the command that fills it.
contains "$T/pm.md" '`irt set 1 went-well TEXT`'
contains "$T/pm.md" '`irt set 1 lucky TEXT`'
contains "$T/pm.md" '`irt set 1 contributing-factors TEXT`'
contains "$T/pm.md" '`irt set 1 root-cause TEXT`'
lacks "$T/pm.md" '`irt set 1 trigger TEXT`'
contains "$T/pm.md" "A config push at 07:55"
# The key moments, in local time with the zone named.
contains "$T/pm.md" "local (Europe/Berlin)"
contains "$T/pm.md" "| 2026-03-03 09:00:00 +01:00 | Reported |"
contains "$T/pm.md" "| 2026-03-03 09:20:00 +01:00 | Acknowledged |"
contains "$T/pm.md" "| 2026-03-03 10:10:00 +01:00 | Milestone: Service restored for all users |"
contains "$T/pm.md" "| Notified internal (email, sent)"
sed -n '/^## Timeline/,/^## Response/p' "$T/pm.md" >"$T/moments"
lacks "$T/moments" "an ordinary note"
# The appendix: every event with its hash.
for h in $HASHES; do
	contains "$T/pm.md" "| $h |"
done
# The message sent, in full, as the command received it.
sed -n '/^Subject:/,$p' "$T/sent.msg" | tail -n +3 | grep -v '^$' | head -5 >"$T/body"
[ -s "$T/body" ] || fail "no message body captured"
while IFS= read -r line; do
	plain=$(printf '%s' "$line" | sed 's/[][\\`*_<&|~#()!.+=>-]//g')
	sed 's/\\//g' "$T/pm.md" | sed 's/[][\\`*_<&|~#()!.+=>-]//g' | grep -qF -- "$plain" ||
		fail "message line missing: $line"
done <"$T/body"
contains "$T/pm.md" "### Message to internal (sent,"
contains "$T/pm.md" "Duration: **1d 4h**"

# ---- HTML, read back by tidy ---------------------------------------
expect_exit 0 $IRT export 1 --format html -o "$T/pm.html"
tidy -errors -quiet "$T/pm.html" 2>"$T/tidy.err" || fail "tidy: $(head -c 2000 "$T/tidy.err")"
[ ! -s "$T/tidy.err" ] || fail "tidy: $(head -c 2000 "$T/tidy.err")"
lacks "$T/pm.html" "<script"
lacks "$T/pm.html" "<img src"
lacks "$T/pm.html" "href="
contains "$T/pm.html" "&lt;script&gt;alert(1)&lt;/script&gt; | *bold* \`tick\`"
contains "$T/pm.html" '<h2 id="lessons">Lessons learned</h2>'
contains "$T/pm.html" '<p class="hint"><em>Where did luck, not design, keep it from being worse?</em> <code>irt set 1 lucky TEXT</code></p>'
contains "$T/pm.html" "Milestone: Service restored for all users"
contains "$T/pm.html" "<table class=\"changelog\">"
for h in $HASHES; do
	contains "$T/pm.html" "<td>$h</td>"
done
# Prints cleanly.
contains "$T/pm.html" "thead { display: table-header-group; }"
contains "$T/pm.html" "break-inside: avoid"
lacks "$T/pm.html" "break-all"
equals "$(grep -c 'overflow-wrap: anywhere' "$T/pm.html")" 1 "anywhere only for hashes"
equals "$(grep -c '<svg ' "$T/pm.html")" 2 "two charts"

done_ok
