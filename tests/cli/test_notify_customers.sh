#!/usr/bin/env bash
# The built-in customers' template: no description (a proof of concept
# in it is never copied), the customer-facing fields instead, the
# severity line "CVSS 3.1 9.3 (critical)", and --draft naming the
# customer-facing fields still empty.
. "$IRT_SRC/tests/lib.sh"

check "new" "$IRT" new "Stored XSS in the portal" \
	--description 'PoC: <script>alert(1)</script> then curl -k https://portal.example/x?c=1' \
	--cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N" >/dev/null
"$IRT" notify 1 --audience customers --to a@example.com --draft >"$T/d1" 2>"$T/e1" ||
	fail "draft"
lacks "$T/d1" "<script>alert(1)</script>"
lacks "$T/d1" "curl -k"
lacks "$T/d1" "PoC:"
contains "$T/d1" "Severity: CVSS 3.1 9.3 (critical). CVE"
lacks "$T/d1" "(CVSS 9.3 (CVSS"
contains "$T/e1" "still empty for customers: impact, scope, fix-ref, advisory"
check "impact" "$IRT" set 1 impact "Attackers could act as a signed-in user" >/dev/null
check "advisory" "$IRT" set 1 advisory "https://example.com/adv/1" >/dev/null
"$IRT" notify 1 --audience customers --to a@example.com --draft >"$T/d2" 2>"$T/e2" ||
	fail "draft 2"
contains "$T/d2" "Attackers could act as a signed-in user"
contains "$T/d2" "https://example.com/adv/1"
contains "$T/e2" "still empty for customers: scope, fix-ref"
# The platform's template keeps its one severity line too.
"$IRT" notify 1 --audience platform --to s@vendor.example --draft >"$T/d3" 2>/dev/null ||
	fail "platform draft"
contains "$T/d3" "Severity:           CVSS 3.1 9.3 (critical)"
done_ok
