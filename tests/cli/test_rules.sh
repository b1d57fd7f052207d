#!/usr/bin/env bash
# One rule book: a forged export that agrees with itself (every hash
# recomputed, as an attacker would) is refused by import with the broken
# rule named and nothing written; the writer refuses the same things
# live; a genuine extension is accepted, listed, and recorded with where
# it came from.
. "$IRT_SRC/tests/lib.sh"

FORGE="$IRT_SRC/tests/cli/forge.py"

check "new" "$IRT" new "Webhook tokens in logs" --severity high --owner dana
check "note" "$IRT" note 1 "genuine entry"
check "export" "$IRT" export 1 --format json -o "$T/genuine.json"
last_rec=$(jq '.events[-1].recorded_ms' "$T/genuine.json")
reported=$(jq '.incident.reported_ms' "$T/genuine.json")
g=$(jq '.events | length' "$T/genuine.json")

# forged NAME OPS...: a self-consistent forgery of the genuine export.
forged() {
	local name=$1
	shift
	python3 "$FORGE" export "$T/genuine.json" "$T/$name.json" "$@" ||
		fail "forge $name"
	check "$name agrees with itself" python3 "$FORGE" check "$T/$name.json"
}

# refused NAME RULE: importing the forgery, into a fresh database and
# into the one holding the genuine incident, fails naming RULE; nothing
# is written in either.
refused() {
	local before fresh
	before=$(db_sql "SELECT count(*) FROM events")
	db_new "fresh_${1//-/_}" fresh
	expect_exit 1 "$IRT" --db "$fresh" import "$T/$1.json"
	contains "$T/err" "breaks a rule"
	contains "$T/err" "$2"
	contains "$T/err" "nothing imported"
	equals "$(db_sql -d "$fresh" "SELECT count(*) FROM events")" 0 "$1: nothing stored"
	expect_exit 1 "$IRT" import "$T/$1.json"
	contains "$T/err" "$2"
	equals "$(db_sql "SELECT count(*) FROM events")" "$before" "$1: nothing appended"
}

iso() { date -u -d "@$(($1 / 1000))" +%Y-%m-%dT%H:%M:%S.000Z; }

# An acknowledgement appended with a recorded time before the last
# genuine event.
early=$(((last_rec - 60000) / 1000 * 1000))
forged ack-early --append "{\"kind\":\"ack\",\"new\":\"$(iso $early)\",\"at_ms\":$early,\"recorded_ms\":$early,\"actor\":\"mallory\"}"
refused ack-early "recorded times never go backwards"

# A CVSS vector scoring 10.0 stored with score 0.1.
forged cvss-score --append '{"kind":"set","field":"cvss","old":"","new":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H","data_raw":"{\"score\":0.1,\"version\":\"3.1\"}","actor":"mallory"}'
refused cvss-score "the stored CVSS score 0.1 is not the vector's score 10.0"

# A vector whose band is critical, with the severity left at high.
forged cvss-band --append '{"kind":"set","field":"cvss","old":"","new":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H","data_raw":"{\"score\":10.0,\"version\":\"3.1\"}","actor":"mallory"}'
refused cvss-band "the CVSS vector gives critical, but the severity is high"

# Straight from detect to closed.
forged skip --append '{"kind":"advance","old":"detect","new":"closed","actor":"mallory"}'
refused skip "stages advance one at a time: from detect only to contain"

# detect -> contain without its gate (not acknowledged) and no force.
forged ungated --append '{"kind":"advance","old":"detect","new":"contain","actor":"mallory"}'
refused ungated "the gate of detect was not met"

# An acknowledgement before the report.
before=$(((reported - 86400000) / 1000 * 1000))
forged ack-before --append "{\"kind\":\"ack\",\"new\":\"$(iso $before)\",\"at_ms\":$before,\"actor\":\"mallory\"}"
refused ack-before "before the report"

# Something that happened days after it was recorded.
future=$((last_rec + 3 * 86400000))
forged future --append "{\"kind\":\"note\",\"field\":\"note\",\"text\":\"prophecy\",\"at_ms\":$future,\"actor\":\"mallory\"}"
refused future "nothing is recorded before it happens"

# A second create, an old value that was never the value, a stage that
# does not exist, an actor's name that is not UTF-8.
forged recreate --append '{"kind":"create","new":"again","actor":"mallory"}'
refused recreate "an incident is created once"
forged old-value --append '{"kind":"set","field":"component","old":"billing","new":"auth","actor":"mallory"}'
refused old-value "the old value of component is not its value at the time"
forged owner-stage --append '{"kind":"owner","field":"cleanup","old":"","new":"eve","actor":"mallory"}'
refused owner-stage "owner of unknown stage"
forged reorder --swap 1 2
refused reorder "the first event must create the incident"

# irt 0.1 rounded v4.0 scores without the reference's epsilon: its events
# carry that score (computed, like today's), still verify, and the incident
# keeps it until the vector is scored again. Any other score is refused.
V4="CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:N/VI:H/VA:L/SC:N/SI:L/SA:L"
equals "$("$IRT" cvss "$V4" --json | jq '.results[0].score')" 5.7 "today's score"
forged v01 --append "{\"kind\":\"set\",\"field\":\"cvss\",\"old\":\"\",\"new\":\"$V4\",\"data_raw\":\"{\\\"score\\\":5.6,\\\"version\\\":\\\"4.0\\\"}\",\"actor\":\"old-irt\"}" \
	--append '{"kind":"set","field":"severity","old":"high","new":"medium","actor":"old-irt"}'
python3 - "$T/v01.json" <<'PY' || fail "document of v01"
import json, sys
d = json.load(open(sys.argv[1]))
d["incident"]["severity"] = "medium"
d["incident"]["cvss"] = {"vector": d["events"][-2]["new"], "version": "4.0", "score": 5.6}
d["incident"]["fields"]["cvss"] = d["events"][-2]["new"]
d["incident"]["fields"]["severity"] = "medium"
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
db_new v01 V01
expect_exit 0 "$IRT" --db "$V01" import "$T/v01.json"
check "irt 0.1's score verifies" "$IRT" --db "$V01" verify
equals "$("$IRT" --db "$V01" show 1 --json | jq '.incident.cvss.score')" 5.6 "kept as recorded"
check "scored again" "$IRT" --db "$V01" severity 1 --cvss "$V4"
equals "$("$IRT" --db "$V01" show 1 --json | jq '.incident.cvss.score')" 5.7 "today's score"
check "still verifies" "$IRT" --db "$V01" verify
forged v4-wrong --append "{\"kind\":\"set\",\"field\":\"cvss\",\"old\":\"\",\"new\":\"$V4\",\"data_raw\":\"{\\\"score\\\":5.5,\\\"version\\\":\\\"4.0\\\"}\",\"actor\":\"mallory\"}"
refused v4-wrong "the stored CVSS score 5.5 is not the vector's score 5.7"

# The same rules, live: the writer refuses, exit 2, nothing recorded.
n=$(db_sql "SELECT count(*) FROM events")
expect_exit 2 "$IRT" note 1 "prophecy" --at +3d
contains "$T/err" "nothing is recorded before it happens"
expect_exit 2 "$IRT" ack 1 --at 2020-01-01
contains "$T/err" "before the report"
equals "$(db_sql "SELECT count(*) FROM events")" "$n" "nothing recorded"

# A genuine extension: the incident went on elsewhere.
db_copy elsewhere ELSEWHERE
check "ack elsewhere" "$IRT" --db "$ELSEWHERE" ack 1
check "note elsewhere" "$IRT" --db "$ELSEWHERE" note 1 "contained by flag"
check "export elsewhere" "$IRT" --db "$ELSEWHERE" export 1 --format json -o "$T/later.json"
expect_exit 0 "$IRT" import "$T/later.json"
contains "$T/err" "#1: 2 newer events added from the file:"
contains "$T/err" "acknowledged"
contains "$T/err" "contained by flag"
check "verify after extension" "$IRT" verify
"$IRT" show 1 --json >"$T/show.json"
equals "$(jq -r '.incident.imports[0].result' "$T/show.json")" extended "import recorded"
equals "$(jq -r '.incident.imports[0].by' "$T/show.json")" tester "who imported"
equals "$(jq -r '.incident.imports[0].file_sha256' "$T/show.json")" \
	"$(sha256sum "$T/later.json" | cut -d' ' -f1)" "the file's hash"
equals "$(jq -r '.incident.imports[0] | "\(.first_seq)-\(.last_seq) \(.file)"' "$T/show.json")" \
	"$((g + 1))-$((g + 2)) later.json" "which events, from which file"
"$IRT" show 1 >"$T/show.txt"
contains "$T/show.txt" "imported"
contains "$T/show.txt" "events $((g + 1))-$((g + 2)) from later.json"
# The same file again adds nothing and records nothing.
expect_exit 0 "$IRT" import "$T/later.json"
equals "$("$IRT" show 1 --json | jq '.incident.imports | length')" 1 "one import record"

# A forged extension of the now longer chain is refused the same way.
python3 "$FORGE" export "$T/later.json" "$T/later-forged.json" \
	--append '{"kind":"advance","old":"detect","new":"closed","actor":"mallory"}' || fail forge
expect_exit 1 "$IRT" import "$T/later-forged.json"
contains "$T/err" "stages advance one at a time"
check "still intact" "$IRT" verify

# A v3.1 vector whose environmental group is named as X alone: the writer
# stores its environmental score (8.0, not the temporal 7.9) with a
# normalised vector that keeps the X, so the rule book agrees and the
# incident verifies.
sc=CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H
check "new with CR:X" "$IRT" new "Scope-changed" --cvss "$sc/CR:X/E:F"
"$IRT" show 2 --json >"$T/show2.json"
equals "$(jq -r '.incident.cvss.vector' "$T/show2.json")" "$sc/E:F/CR:X" \
	"normalised vector keeps CR:X"
jq -e '.incident.cvss.score == 8.0' "$T/show2.json" >/dev/null ||
	fail "environmental score not stored: $(cat "$T/show2.json")"
check "verify with CR:X" "$IRT" verify
done_ok
