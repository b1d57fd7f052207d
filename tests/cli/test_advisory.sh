#!/bin/bash
# test_advisory.sh - the security advisories: irt export --format csaf
# (CSAF 2.0) and osv (OSV) of a realistic incident pass the official
# validators (csaf-validator-lib: the strict schema and every mandatory
# test; the OSV JSON schema with Ajv: tests/advisory), and a copy altered
# with jq (no product tree, a wrong CVSS score) fails them; a CVSS v4.0
# incident too; hostile text comes out inert; an incident under embargo
# is refused the public formats unless --force --reason, which is
# recorded; what an advisory cannot do without is refused by name.
. "$IRT_SRC/tests/lib.sh"

V="$IRT_SRC/tests/advisory"
command -v node >/dev/null || fail "node is needed (nodejs in tools/debian-packages.txt)"
command -v jq >/dev/null || fail "jq is needed (tools/debian-packages.txt)"
[ -d "$V/node_modules/@secvisogram/csaf-validator-lib" ] && [ -d "$V/node_modules/ajv" ] ||
	fail "the validators are not installed in tests/advisory: run tools/install-deps (npm ci)"
# The CSAF validator takes seconds to load, so the CSAF documents are
# checked together at the end (csaf_check); each file is written once.
CSAF_VALID=() CSAF_INVALID=()
csaf_valid() { # FILE: must pass
	CSAF_VALID+=("$1")
}
csaf_check() {
	local f bad=()
	for f in "${CSAF_INVALID[@]}"; do bad+=("${f%%|*}"); done
	expect_exit 1 node "$V/validate-csaf.mjs" "${CSAF_VALID[@]}" "${bad[@]}"
	for f in "${CSAF_VALID[@]}"; do
		N_CHECKS=$((N_CHECKS + 1))
		! grep -qF -- "$f: " "$T/out" ||
			fail "$f is not valid CSAF: $(grep -F -- "$f: " "$T/out" | head -c 3000)"
	done
	for f in "${CSAF_INVALID[@]}"; do # FILE|TEXT
		contains "$T/out" "${f%%|*}: "
		grep -F -- "${f%%|*}: " "$T/out" >"$T/one.out"
		contains "$T/one.out" "${f#*|}"
	done
}
osv_valid() {
	N_CHECKS=$((N_CHECKS + 1))
	node "$V/validate-osv.mjs" "$1" >"$T/v.out" 2>&1 ||
		fail "$1 is not a valid OSV record: $(head -c 3000 "$T/v.out")"
}
invalid() { # VALIDATOR FILE TEXT: the validator refuses FILE, naming TEXT
	if [ "$1" = csaf ]; then
		CSAF_INVALID+=("$2|$3")
		return
	fi
	expect_exit 1 node "$V/validate-$1.mjs" "$2"
	contains "$T/out" "$3"
}

# The validators themselves fail on what is not JSON.
printf 'not json' >"$T/garbage"
expect_exit 2 node "$V/validate-csaf.mjs" "$T/garbage"
expect_exit 2 node "$V/validate-osv.mjs" "$T/garbage"

mkdir -p "$XDG_CONFIG_HOME/irt"
# ---- what an advisory cannot do without --------------------------------
check "new bare" "$IRT" new "Bare incident" --severity low
expect_exit 2 "$IRT" export 1 --format csaf
contains "$T/err" "irt: a CSAF advisory names its publisher"
cat >"$XDG_CONFIG_HOME/irt/config" <<'CFG'
[advisory]
publisher = Example Corp PSIRT
namespace = https://psirt.example.com
CFG
expect_exit 2 "$IRT" export 1 --format csaf
contains "$T/err" "irt: #1 names no product: irt set 1 product NAME"
check "component" "$IRT" set 1 component billing
expect_exit 2 "$IRT" export 1 --format csaf
contains "$T/err" "nothing a CSAF advisory can refer to"
expect_exit 2 "$IRT" export 1 --format osv
contains "$T/err" "irt: #1 has no CVE id"
check "cve" "$IRT" set 1 cve CVE-2026-0001
expect_exit 2 "$IRT" export 1 --format osv
contains "$T/err" "names no ecosystem"
expect_exit 2 "$IRT" export 1 --format osv -o "$T/none.json"
[ ! -e "$T/none.json" ] || fail "a refused export wrote a file"
printf '[advisory]\npublisher = X\nnamespace = not a url\n' >"$XDG_CONFIG_HOME/irt/config"
expect_exit 2 "$IRT" export 1 --format csaf
contains "$T/err" "must be an http(s) URL"
printf '[advisory]\npublisher = X\nnamespace = https://x.example\ncategory = boss\n' \
	>"$XDG_CONFIG_HOME/irt/config"
expect_exit 2 "$IRT" export 1 --format csaf
contains "$T/err" 'unknown publisher category "boss"'
cat >"$XDG_CONFIG_HOME/irt/config" <<'CFG'
[advisory]
publisher = Example Corp PSIRT
namespace = https://psirt.example.com
category = vendor
CFG
# Minimal but complete: no versions (the product as a whole), no score.
expect_exit 0 "$IRT" export 1 --format csaf -o "$T/min.json"
csaf_valid "$T/min.json"
equals "$(jq -r '.product_tree.branches[0].branches[0].product.name' "$T/min.json")" \
	"Example Corp PSIRT billing" "the component names the product"
equals "$(jq -r '.document.tracking.status' "$T/min.json")" draft "before notify: a draft"

# ---- a realistic incident, CVSS v3.1 -----------------------------------
V31="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
check "new" "$IRT" new "API tokens in webhook logs" --cvss "$V31" --owner dana \
	--component webhooks --source bounty --reporter kim@example.org \
	--description "INTERNAL-DESCRIPTION: seen in the log bucket"
check "repro" "$IRT" set 2 repro "INTERNAL-REPRO: curl the hook"
check "poc" "$IRT" set 2 poc "INTERNAL-POC: exploit.py"
check "product" "$IRT" set 2 product "Example Gateway"
check "versions" "$IRT" set 2 versions "2.4.0, 2.4.1,2.5.0,2.4.1"
check "fixed-version" "$IRT" set 2 fixed-version 2.5.1
check "ecosystem" "$IRT" set 2 ecosystem npm
check "cve" "$IRT" set 2 cve cve-2026-12345
check "summary" "$IRT" set 2 summary "Webhook delivery logs held API tokens in clear text."
check "impact" "$IRT" set 2 impact "Anyone who could read the logs could act as the token's owner."
check "advisory link" "$IRT" set 2 advisory "https://psirt.example.com/advisories/2026-12345"
check "ack" "$IRT" ack 2
check "to contain" "$IRT" advance 2
check "containment" "$IRT" set 2 containment "Webhook logging disabled; tokens rotated."
check "to fix" "$IRT" advance 2
check "root cause" "$IRT" set 2 root-cause "INTERNAL-ROOT: a debug flag left on"
check "fix" "$IRT" set 2 fix-ref "https://git.example.com/gateway/commit/4f2a9c1"
check "to notify" "$IRT" advance 2
check "a note" "$IRT" note 2 "INTERNAL-NOTE: told the bounty reporter"

expect_exit 0 "$IRT" export 2 --format csaf -o "$T/c.json"
csaf_valid "$T/c.json"
c() { jq -r "$1" "$T/c.json"; }
equals "$(c .document.category)" csaf_security_advisory "category"
equals "$(c .document.csaf_version)" 2.0 "csaf_version"
equals "$(c .document.publisher.name)/$(c .document.publisher.namespace)/$(c .document.publisher.category)" \
	"Example Corp PSIRT/https://psirt.example.com/vendor" "publisher"
equals "$(c .document.title)" "API tokens in webhook logs" "title"
equals "$(c .document.tracking.status)" final "in notify: final"
equals "$(c '.document.tracking.id')" "irt-$("$IRT" show 2 --json | jq -r .incident.uuid)" "tracking id"
equals "$(c '.document.tracking.version')" "$(c '.document.tracking.revision_history | length')" \
	"version = the last revision"
equals "$(c '[.document.tracking.revision_history[].number] | join(",")')" \
	"$(c '[range(1; (.document.tracking.revision_history | length) + 1) | tostring] | join(",")')" \
	"revisions numbered 1..n"
equals "$(c '.document.tracking.revision_history | map(.date) | . == sort')" true "dates ascend"
equals "$(c '.document.tracking.revision_history[0].summary')" "Initial version" "first revision"
equals "$(c '.document.tracking.revision_history[-1].summary')" "Updated: fix-ref" "last revision"
equals "$(c .document.tracking.current_release_date)" \
	"$(c '.document.tracking.revision_history[-1].date')" "current release = last revision"
# Advancing, acknowledging and notes are no revisions of what it says.
lacks "$T/c.json" "Updated: root-cause"
equals "$(c '[.product_tree.branches[0] | .category, .name] | join("/")')" \
	"vendor/Example Corp PSIRT" "vendor branch"
equals "$(c '.product_tree.branches[0].branches[0] | .category + "/" + .name')" \
	"product_name/Example Gateway" "product branch"
equals "$(c '[.product_tree.branches[0].branches[0].branches[] | .name] | join(",")')" \
	"2.4.0,2.4.1,2.5.0,2.5.1" "versions (a repeat dropped) and the fixed one"
v=.vulnerabilities[0]
equals "$(c "$v.cve")" CVE-2026-12345 "cve"
equals "$(c "$v.product_status.known_affected | length")" 3 "three affected"
equals "$(c "$v.product_status.fixed | length")" 1 "one fixed"
equals "$(c "$v.scores[0].cvss_v3 | [.version, .vectorString, .baseScore, .baseSeverity] | join(\" \")")" \
	"3.1 $V31 9.8 CRITICAL" "the CVSS v3.1 score"
equals "$(c "[$v.remediations[].category] | join(\",\")")" "vendor_fix,mitigation" "remediations"
equals "$(c "$v.remediations[0].url")" "https://git.example.com/gateway/commit/4f2a9c1" "fix url"
contains "$T/c.json" "Fixed in 2.5.1"
equals "$(c "$v.notes[0].text")" "Anyone who could read the logs could act as the token's owner." "impact note"
equals "$(c '[.document.references[].category] | join(",")')" "external,self,external" "references"
# Public: no internal field reaches it.
for secret in INTERNAL-DESCRIPTION INTERNAL-REPRO INTERNAL-POC INTERNAL-ROOT INTERNAL-NOTE; do
	lacks "$T/c.json" "$secret"
done
# The same bytes again: a function of the record.
expect_exit 0 "$IRT" export 2 --format csaf
cmp -s "$T/out" "$T/c.json" || fail "two exports of an unchanged incident differ"

expect_exit 0 "$IRT" export 2 --format osv -o "$T/o.json"
osv_valid "$T/o.json"
o() { jq -r "$1" "$T/o.json"; }
equals "$(o .id)" CVE-2026-12345 "osv id"
equals "$(o .schema_version)" 1.6.7 "schema_version"
equals "$(o '.severity[0] | .type + " " + .score')" "CVSS_V3 $V31" "osv severity"
equals "$(o '.affected[0].package | .ecosystem + "/" + .name')" "npm/Example Gateway" "package"
equals "$(o '.affected[0].versions | join(",")')" "2.4.0,2.4.1,2.5.0" "osv versions"
equals "$(o '.affected[0].ranges[0].events[1].fixed')" 2.5.1 "osv fixed"
equals "$(o '[.references[].type] | join(",")')" "ADVISORY,FIX,WEB" "osv references"
equals "$(o .modified)" "$("$IRT" show 2 --json | jq -r .incident.updated)" "modified = last change"
[ "$(o .published)" != null ] || fail "published once notified"
for secret in INTERNAL-DESCRIPTION INTERNAL-REPRO INTERNAL-POC INTERNAL-ROOT INTERNAL-NOTE; do
	lacks "$T/o.json" "$secret"
done

# ---- altered copies are caught ----------------------------------------
jq 'del(.product_tree)' "$T/c.json" >"$T/bad1.json"
invalid csaf "$T/bad1.json" "needs a product_tree (mandatoryTest_6_1_27_4)"
invalid csaf "$T/bad1.json" "definition of product id missing (mandatoryTest_6_1_1)"
jq '.vulnerabilities[0].scores[0].cvss_v3.baseScore = 5.3' "$T/c.json" >"$T/bad2.json"
invalid csaf "$T/bad2.json" "invalid calculated value (mandatoryTest_6_1_9)"
jq '.vulnerabilities[0].scores[0].cvss_v3.vectorString = "CVSS:3.1/AV:N/AC:Q"' "$T/c.json" >"$T/bad3.json"
invalid csaf "$T/bad3.json" "/vulnerabilities/0/scores/0/cvss_v3/vectorString"
jq '.vulnerabilities[0].product_status.known_affected += ["CSAFPID-9999"]' "$T/c.json" >"$T/bad4.json"
invalid csaf "$T/bad4.json" "mandatoryTest_6_1_1"
jq '.severity[0].score = "CVSS:3.1/AV:N/AC:Q/PR:N"' "$T/o.json" >"$T/bad5.json"
invalid osv "$T/bad5.json" "/severity/0/score"
jq 'del(.affected[0].package.ecosystem)' "$T/o.json" >"$T/bad6.json"
invalid osv "$T/bad6.json" "ecosystem"
jq '.id = "IRT-2"' "$T/o.json" >"$T/bad7.json"
invalid osv "$T/bad7.json" "/id"

# ---- CVSS v4.0 --------------------------------------------------------
V40="CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
check "new v4" "$IRT" new "Heap overflow in the parser" --cvss "$V40" --component parser
check "v4 product" "$IRT" set 3 product "Example Parser"
check "v4 versions" "$IRT" set 3 versions "1.0.0"
check "v4 cve" "$IRT" set 3 cve CVE-2026-40000
check "v4 ecosystem" "$IRT" set 3 ecosystem PyPI
expect_exit 0 "$IRT" export 3 --format csaf -o "$T/c4.json"
csaf_valid "$T/c4.json"
# CSAF 2.0 has no CVSS v4.0 score object: the vector is in a note.
equals "$(jq '.vulnerabilities[0] | has("scores")' "$T/c4.json")" false "no v3 score for v4"
equals "$(jq -r '.vulnerabilities[0].notes[] | select(.title == "CVSS v4.0") | .text' "$T/c4.json")" \
	"$V40 (score 9.3, critical)" "the v4.0 note"
expect_exit 0 "$IRT" export 3 --format osv -o "$T/o4.json"
osv_valid "$T/o4.json"
equals "$(jq -r '.severity[0] | .type + " " + .score' "$T/o4.json")" "CVSS_V4 $V40" "osv v4"
equals "$(jq 'has("published")' "$T/o4.json")" false "not published before notify"

# ---- hostile text -----------------------------------------------------
TITLE=$(printf 'Quote " back\\slash \033]0;pwned\007 caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac <b>&amp;')
check "new hostile" "$IRT" new "$TITLE" --severity high --component "api \"v2\""
check "hostile product" "$IRT" set 4 product "$(printf 'Gate\033[31mway\302\233')"
check "hostile cve" "$IRT" set 4 cve CVE-2026-55555
check "hostile ecosystem" "$IRT" set 4 ecosystem npm
printf 'Line one "quoted"\n\033[2Jline two\ttabbed \xe2\x80\xae reversed\n' | check "hostile summary" "$IRT" set 4 summary -
check "hostile impact" "$IRT" set 4 impact "$(printf 'bell\007 and NUL-free control \001')"
for f in csaf osv; do
	expect_exit 0 "$IRT" export 4 --format $f -o "$T/h.$f.json"
	check "$f parses" jq -e . "$T/h.$f.json" >/dev/null
	# No raw control character, and none escaped either: visible forms.
	if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T/h.$f.json"; then fail "$f holds a raw control character"; fi
	lacks "$T/h.$f.json" '\u001b'
	lacks "$T/h.$f.json" '\u0007'
	contains "$T/h.$f.json" "café 日本"
done
csaf_valid "$T/h.csaf.json"
osv_valid "$T/h.osv.json"
equals "$(jq -r .document.title "$T/h.csaf.json")" \
	"$(printf 'Quote " back\\slash ^[]0;pwned^G café 日本 <b>&amp;')" "title: visible forms, intact otherwise"
equals "$(jq -r .summary "$T/h.osv.json")" "$(jq -r .document.title "$T/h.csaf.json")" "osv summary"
equals "$(jq -r '.product_tree.branches[0].branches[0].name' "$T/h.csaf.json")" "Gate^[[31mway<9b>" "product"
equals "$(jq -r '.document.notes[0].text' "$T/h.csaf.json")" \
	"$(printf 'Line one "quoted"\n^[[2Jline two tabbed <U+202E> reversed')" "summary note"

# ---- embargo ----------------------------------------------------------
check "embargo" "$IRT" set 2 embargo "2099-01-01T00:00:00Z"
n_events=$("$IRT" show 2 --json | jq .incident.events)
for f in csaf osv; do
	expect_exit 3 "$IRT" export 2 --format $f -o "$T/emb.json"
	contains "$T/err" "irt: #2 is under embargo until 2099-01-01"
	contains "$T/err" "--force --reason TEXT"
	[ ! -e "$T/emb.json" ] || fail "an embargoed $f export wrote a file"
done
equals "$("$IRT" show 2 --json | jq .incident.events)" "$n_events" "a refusal records nothing"
# The post-mortems and the record are internal: not refused.
for f in md html json csv; do
	expect_exit 0 "$IRT" export 2 --format $f
done
expect_exit 2 "$IRT" export 2 --format csaf --force
contains "$T/err" "--force needs --reason"
expect_exit 2 "$IRT" export 2 --format csaf --reason "why"
contains "$T/err" "--reason goes with --force"
expect_exit 2 "$IRT" export 2 --format md --force --reason "why"
contains "$T/err" "--force is for the public formats"
expect_exit 0 "$IRT" export 2 --format csaf --force --reason "shared with CERT/CC under NDA" -o "$T/emb.json"
csaf_valid "$T/emb.json"
equals "$(jq -r .document.distribution.tlp.label "$T/emb.json")" AMBER "embargoed: TLP:AMBER"
contains "$T/emb.json" "Under embargo until 2099-01-01T00:00:00.000Z"
"$IRT" timeline 2 --json >"$T/tl.json"
equals "$(jq -r '.events[-1] | .kind + "/" + .field' "$T/tl.json")" "note/embargo-override" "the override is recorded"
equals "$(jq -r '.events[-1].text' "$T/tl.json")" \
	"csaf export under embargo (until 2099-01-01T00:00:00.000Z): shared with CERT/CC under NDA" "with its reason"
equals "$(jq -r '.events[-1].actor' "$T/tl.json")" tester "and who"
check "verifies" "$IRT" verify 2
# A forced export that the advisory's own check refuses records nothing.
check "embargo 3" "$IRT" set 3 embargo "2099-01-01T00:00:00Z"
check "no ecosystem" "$IRT" set 3 ecosystem ""
n_events=$("$IRT" show 3 --json | jq .incident.events)
expect_exit 2 "$IRT" export 3 --format osv --force --reason "test"
contains "$T/err" "names no ecosystem"
equals "$("$IRT" show 3 --json | jq .incident.events)" "$n_events" "nothing recorded for a refused export"
# An embargo that has passed is no embargo.
check "embargo passed" "$IRT" set 2 embargo "2026-01-01T00:00:00Z"
expect_exit 0 "$IRT" export 2 --format osv -o "$T/after.json"
osv_valid "$T/after.json"

# ---- the fields travel with the record --------------------------------
expect_exit 0 "$IRT" export 2 --format json -o "$T/rec.json"
equals "$(jq -r '.incident.fields | [.product, .versions, ."fixed-version", .ecosystem] | join("|")' "$T/rec.json")" \
	"Example Gateway|2.4.0, 2.4.1,2.5.0,2.4.1|2.5.1|npm" "irt-incident/1 carries them"
db_new other OTHER
check "import" "$IRT" --db "$OTHER" import "$T/rec.json"
equals "$("$IRT" --db "$OTHER" show 1 --json | jq -r '.incident.fields.product')" "Example Gateway" "imported"
expect_exit 0 "$IRT" show 2
contains "$T/out" "fixed-version"
contains "$T/out" "Example Gateway"

csaf_check
done_ok
