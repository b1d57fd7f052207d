#!/usr/bin/env bash
# `irt cvss -` on 100,000 vectors (v3.0, v3.1 and v4.0 in equal parts, with
# random optional metrics and about 1% invalid), text and --json. Medians
# of RUNS runs (default 11). Needs no database.
#
#   bench/cvss.sh [BUILD_DIR]     (default: build; a release build is fairer)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
irt="$build/irt"
runs=${RUNS:-11}
count=${COUNT:-100000}
vectors=$here/out/cvss-$count.txt
mkdir -p "$here/out"

if [ ! -f "$vectors" ]; then
	echo "generating $vectors ($count vectors)..." >&2
	awk -v n="$count" 'BEGIN {
		srand(20241101)
		nv3 = split("AV:NALP AC:LH PR:NLH UI:NR S:UC C:HLN I:HLN A:HLN", v3b, " ")
		no3 = split("E:XHFPU RL:XUWTO RC:XCRU CR:XHML IR:XHML AR:XHML MAV:XNALP MAC:XLH MPR:XNLH MUI:XNR MS:XUC MC:XHLN MI:XHLN MA:XHLN", v3o, " ")
		nv4 = split("AV:NALP AC:LH AT:NP PR:NLH UI:NPA VC:HLN VI:HLN VA:HLN SC:HLN SI:HLN SA:HLN", v4b, " ")
		no4 = split("E:XAPU CR:XHML IR:XHML AR:XHML MAV:XNALP MAC:XLH MAT:XNP MPR:XNLH MUI:XNPA MVC:XHLN MVI:XHLN MVA:XHLN MSC:XHLN MSI:XSHLN MSA:XSHLN S:XNP AU:XNY R:XAUI V:XDC RE:XLMH", v4o, " ")
		for (i = 0; i < n; i++) {
			kind = i % 3
			p = rand() * 0.8
			if (kind < 2) {
				s = kind == 0 ? "CVSS:3.0" : "CVSS:3.1"
				for (j = 1; j <= nv3; j++) s = s "/" pick(v3b[j])
				for (j = 1; j <= no3; j++) if (rand() < p) s = s "/" pick(v3o[j])
			} else {
				s = "CVSS:4.0"
				for (j = 1; j <= nv4; j++) s = s "/" pick(v4b[j])
				for (j = 1; j <= no4; j++) if (rand() < p) s = s "/" pick(v4o[j])
			}
			if (rand() < 0.01) s = s "/AV:Q"
			print s
		}
	}
	function pick(spec,   parts, vals) {
		split(spec, parts, ":")
		return parts[1] ":" substr(parts[2], int(rand() * length(parts[2])) + 1, 1)
	}' >"$vectors"
fi

text() { "$irt" cvss - <"$vectors"; }
json() { "$irt" cvss - --json <"$vectors"; }

# The output must have one result per vector.
lines=$(text 2>/dev/null | wc -l || true)
[ "$lines" -eq "$count" ] || { echo "expected $count results, got $lines" >&2; exit 1; }

t_text=$(median_ms "$runs" text)
t_json=$(median_ms "$runs" json)
printf '%-28s %10s\n' "command" "ms"
printf '%-28s %10s\n' "irt cvss - ($count)" "$t_text"
printf '%-28s %10s\n' "irt cvss - --json ($count)" "$t_json"
echo "medians of $runs runs; vectors: $vectors"
