#!/usr/bin/env bash
# `irt cvss`: scores from arguments and from standard input, in order,
# errors in place with exit status 2, --json, usage errors, and no
# database touched. Expected scores are FIRST's (see tests/unit/test_cvss.c).
. "$IRT_SRC/tests/lib.sh"

v31=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
v30=CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N
v40=CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U
none=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N

# One vector, one line: score, band, normalised vector.
expect_exit 0 "$IRT" cvss "$v31"
equals "$(cat "$T/out")" "9.8 critical $v31" "one vector"
equals "$(cat "$T/err")" "" "no stderr"

# Several, in order, normalised (reordered, X dropped but for one X
# that names a v3 group).
expect_exit 0 "$IRT" cvss "$v30" "$v40" "$none" \
	"CVSS:3.1/A:H/I:H/C:H/S:C/UI:N/PR:N/AC:L/AV:N/E:X/RL:X" \
	"CVSS:3.1/A:H/I:H/C:H/S:C/UI:N/PR:N/AC:L/AV:N/E:P/RL:X"
equals "$(cat "$T/out")" "6.1 medium $v30
5.2 medium $v40
0.0 none $none
10.0 critical CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:X
9.4 critical CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:P" "several vectors"

# Temporal and environmental metrics: the most specific score, also
# when a group is named as X alone (FIRST's calculator: environmental
# 8.0, temporal 7.9).
sc=CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H
expect_exit 0 "$IRT" cvss "$v31/E:U/RL:O/RC:U" "$v31/CR:H/IR:H/AR:H/MAV:P" \
	"$sc/E:F" "$sc/E:F/CR:X" "$sc/MA:X/E:F"
equals "$(cat "$T/out")" "7.8 high $v31/E:U/RL:O/RC:U
6.8 medium $v31/CR:H/IR:H/AR:H/MAV:P
7.9 high $sc/E:F
8.0 high $sc/E:F/CR:X
8.0 high $sc/E:F/CR:X" "temporal and environmental"
expect_exit 0 "$IRT" cvss --json "$sc/E:F/CR:X" "$sc/MS:X" "$sc/RC:X"
jq -e '.results[0] | .score == 8.0 and .base == 8.1 and .temporal == 7.9 and
	.environmental == 8.0' "$T/out" >/dev/null || fail "E:F/CR:X: $(cat "$T/out")"
jq -e '.results[1] | .score == 8.2 and .base == 8.1 and (has("temporal") | not)
	and .environmental == 8.2' "$T/out" >/dev/null || fail "MS:X: $(cat "$T/out")"
jq -e '.results[2] | .score == 8.1 and .temporal == 8.1 and
	(has("environmental") | not)' "$T/out" >/dev/null || fail "RC:X: $(cat "$T/out")"

# A bad argument: an error line in its place, the rest scored, exit 2.
expect_exit 2 "$IRT" cvss "$v31" "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "$v30"
equals "$(cat "$T/out")" "9.8 critical $v31
error: argument 2: bad value \"Q\" for metric AV (it takes N, A, L or P)
6.1 medium $v30" "bad argument in place"
equals "$(cat "$T/err")" \
	"irt: argument 2: bad value \"Q\" for metric AV (it takes N, A, L or P)" \
	"bad argument on stderr"
expect_exit 2 "$IRT" cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"
contains "$T/out" "error: argument 1: missing mandatory metric S"
expect_exit 2 "$IRT" cvss "$v31/AV:N"
contains "$T/out" "duplicated metric AV"
expect_exit 2 "$IRT" cvss "AV:N/AC:L/Au:N/C:P/I:P/A:P"
contains "$T/out" "missing CVSS prefix"

# v4.0 metrics out of the specification's order: refused, naming the
# first out of place, with the vector in order to copy; v3 in any order.
expect_exit 2 "$IRT" cvss "CVSS:4.0/AV:N/AT:P/AC:L/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U" \
	"CVSS:3.1/E:U/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N"
equals "$(sed -n 1p "$T/out")" "error: argument 1: metric AT is out of order (the specification's order: AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, E, CR, IR, AR, MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA, S, AU, R, V, RE, U); in order: $v40" \
	"v4.0 out of order"
equals "$(sed -n 2p "$T/out")" "9.0 critical $v31/E:U" "v3.1 in any order"
in_order=$(sed -n '1s/.*; in order: //p' "$T/out")
expect_exit 0 "$IRT" cvss "$in_order"
equals "$(cat "$T/out")" "5.2 medium $v40" "the vector given in order scores"

# Standard input: blank lines skipped, CRLF accepted, line numbers
# counting every line, errors in place.
printf '%s\n\n   \n%s\r\nCVSS:3.1/XX:Y\n%s\n\xff\xfe\n' "$v31" "$v40" "$v30" >"$T/in"
expect_exit 2 "$IRT" cvss - <"$T/in"
equals "$(cat "$T/out")" "9.8 critical $v31
5.2 medium $v40
error: line 5: unknown metric \"XX\" in a CVSS 3.1 vector
6.1 medium $v30
error: line 7: missing CVSS prefix: a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/ (CVSS v2 is not supported)" \
	"stdin results"
equals "$(wc -l <"$T/err")" 2 "two errors on stderr"
contains "$T/err" "irt: line 5: unknown metric \"XX\""
contains "$T/err" "irt: line 7: missing CVSS prefix"
printf '%s\n%s\n' "$v31" "$v30" >"$T/two"
expect_exit 0 "$IRT" cvss - <"$T/two"
equals "$(wc -l <"$T/out")" 2 "all valid: exit 0"
expect_exit 0 "$IRT" cvss - </dev/null
equals "$(cat "$T/out")" "" "empty input, no output"
printf 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\0/junk\n' >"$T/nul"
expect_exit 2 "$IRT" cvss - <"$T/nul"
contains "$T/out" "error: line 1: a NUL byte in the vector"
# The last line may lack its newline.
printf '%s' "$v30" >"$T/last"
expect_exit 0 "$IRT" cvss - <"$T/last"
equals "$(cat "$T/out")" "6.1 medium $v30" "last line without newline"

# Many lines keep their order: every normalised vector comes back as is.
for av in N A L P; do for ac in L H; do for pr in N L H; do for s in U C; do
	for c in H L N; do
		echo "CVSS:3.1/AV:$av/AC:$ac/PR:$pr/UI:N/S:$s/C:$c/I:L/A:N"
	done
done; done; done; done >"$T/many"
expect_exit 0 "$IRT" cvss - <"$T/many"
equals "$(wc -l <"$T/out")" "$(wc -l <"$T/many")" "one result per line"
equals "$(cut -d' ' -f3 "$T/out" | cmp - "$T/many" && echo same)" same "order kept"

# --json: the irt-cvss/1 envelope, one object per input.
expect_exit 2 "$IRT" cvss --json "$v31" "$v31/E:U/RL:O/RC:U/CR:L" "$v40" "CVSS:3.1/AV:Q"
jq -e . "$T/out" >/dev/null || fail "not JSON: $(cat "$T/out")"
equals "$(jq -r .format "$T/out")" irt-cvss/1 "format"
equals "$(jq '.results | length' "$T/out")" 4 "four results"
equals "$(jq -c '.results[0]' "$T/out")" \
	"{\"vector\":\"$v31\",\"version\":\"3.1\",\"score\":9.8,\"base\":9.8,\"band\":\"critical\"}" \
	"base-only result"
equals "$(jq -c '.results[1] | [.score, .base, .temporal, .environmental, .band]' "$T/out")" \
	'[7.6,9.8,7.8,7.6,"high"]' "temporal and environmental result"
equals "$(jq -c '.results[2] | [.version, .score, .base, has("temporal"), has("environmental")]' "$T/out")" \
	'["4.0",5.2,7.7,false,false]' "v4.0 result"
equals "$(jq -c '.results[3]' "$T/out")" \
	'{"input":"CVSS:3.1/AV:Q","error":"bad value \"Q\" for metric AV (it takes N, A, L or P)"}' \
	"error result"
contains "$T/err" "irt: argument 4: bad value"
expect_exit 2 "$IRT" cvss - --json <"$T/in"
jq -e . "$T/out" >/dev/null || fail "stdin JSON does not parse: $(cat "$T/out")"
equals "$(jq -c '[.results[] | .score // .error[0:14]]' "$T/out")" \
	'[9.8,5.2,"unknown metric",6.1,"missing CVSS p"]' "stdin JSON in order"
equals "$(jq -r '.results[4].input' "$T/out")" $'\uFFFD\uFFFD' "invalid UTF-8 input quoted"
expect_exit 0 "$IRT" cvss --json - </dev/null
equals "$(jq -c . "$T/out")" '{"format":"irt-cvss/1","results":[]}' "empty JSON"

# Usage.
expect_exit 2 "$IRT" cvss
contains "$T/err" "usage: irt cvss"
expect_exit 2 "$IRT" cvss - "$v31"
contains "$T/err" "give no other"
expect_exit 2 "$IRT" cvss --frobnicate "$v31"
contains "$T/err" "unknown option"
expect_exit 0 "$IRT" cvss --help
contains "$T/out" "usage: irt cvss VECTOR... | - [--json]"
contains "$T/out" "irt-cvss/1"
expect_exit 0 "$IRT" help
contains "$T/out" "cvss"

# No database is created or needed.
! db_created || fail "irt cvss created $IRT_DB"
expect_exit 0 "$IRT" --db /proc/irt-nowhere/x.db cvss "$v31"

done_ok
