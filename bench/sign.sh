#!/usr/bin/env bash
# Signatures: a signed `irt note` beside an unsigned one (ssh-keygen runs
# once per command), and `irt verify --file` of the 10,000-event
# benchmark incident, every event signed, beside the same check without
# signatures. Medians of RUNS runs (default 9 for notes, 3 for verify).
#
#   bench/sign.sh [BUILD_DIR]     (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
build=${1:-build}
irt="$build/irt"
runs=${RUNS:-9}
vruns=${VRUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC LANG=C.UTF-8 IRT_ACTOR=gen
unset IRT_SIGN_KEY

ssh-keygen -q -t ed25519 -N '' -f "$work/key" -C gen
printf 'gen %s\n' "$(cat "$work/key.pub")" >"$work/allowed"

# Ten small incidents and #11 of 10,000 events, all by "gen".
db="$work/bench.db"
"$build/bench/irt-bench-gen" "$db" 10 100 10000 >/dev/null
big=$(sqlite3 "$db" "SELECT incident_id FROM events GROUP BY incident_id ORDER BY count(*) DESC LIMIT 1")
# Sign every event of #11 the way irt does: one ssh-keygen run for all.
mkdir "$work/h"
sqlite3 "$db" "SELECT seq || ' ' || hash FROM events WHERE incident_id = $big" |
	while read -r seq hash; do printf '%s' "$hash" >"$work/h/$seq"; done
(cd "$work/h" && find . -type f -name '[0-9]*' -print0 | xargs -0 ssh-keygen -q -Y sign -n irt -f "$work/key")
{
	echo "BEGIN;"
	sqlite3 "$db" "SELECT seq, hash FROM events WHERE incident_id = $big" |
		while IFS='|' read -r seq hash; do
			printf "INSERT INTO signatures VALUES ('%s', '%s');\n" "$hash" "$(cat "$work/h/$seq.sig")"
		done
	echo "COMMIT;"
} | sqlite3 "$db"
export IRT_DB=$db
"$irt" export "$big" --format json -o "$work/big.json"
"$irt" verify --file "$work/big.json" --allowed-signers "$work/allowed" >/dev/null ||
	{ echo "the signed export does not verify" >&2; exit 1; }

# Notes: each run adds one event to #1, signed or not.
cp "$db" "$work/notes.db"
export IRT_DB=$work/notes.db
plain=$(median_ms "$runs" "$irt" note 1 "plain note")
signed=$(median_ms "$runs" "$irt" --sign-key "$work/key" note 1 "signed note")
export IRT_DB=$db
vsig=$(median_ms "$vruns" "$irt" verify --file "$work/big.json" --allowed-signers "$work/allowed")
vplain=$(median_ms "$vruns" "$irt" verify --file "$work/big.json")
one=$(median_ms "$runs" sh -c "ssh-keygen -Y verify -f '$work/allowed' -I gen -n irt -s '$work/h/1.sig' <'$work/h/1'")

printf '%-44s %10s %12s %7s\n' "command" "irt ms" "baseline ms" "ratio"
printf '%-44s %10s %12s %7s\n' "note, signed vs unsigned" "$signed" "$plain" "$(ratio "$signed" "$plain")"
printf '%-44s %10s %12s %7s\n' "verify --file 10,000 signed events" "$vsig" "$vplain" "$(ratio "$vsig" "$vplain")"
printf '%-44s %10s\n' "(one ssh-keygen -Y verify, for scale)" "$one"
awk -v s="$signed" -v p="$plain" 'BEGIN { printf "a signed note costs %.1f ms more\n", s - p }'
echo "medians of $runs runs (verify: $vruns)"
