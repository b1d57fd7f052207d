#!/bin/bash
# test_audit_report.sh - policy versions with effective dates and the
# audit report, on a fixture of 17 incidents over six months of 2026 under
# a Europe/Berlin policy (a DST change on 29 March, Good Friday and Easter
# Monday as holidays): a reopened incident, a rejected one, a duplicate,
# unrated ones. Every write is made with one pinned clock (1 July 2026,
# 12:00 UTC) and back-dated with --reported / --at; the report is read at
# the same moment. The expected figures are computed independently by the
# Python below (datetime + zoneinfo), from the fixture table alone.
. "$IRT_SRC/tests/lib.sh"

need_hooked
IRT=$IRT_HOOKED
export IRT_NOW="2026-07-01T12:00:00Z"
command -v python3 >/dev/null || fail "python3 is needed"
python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("Europe/Berlin")' ||
	fail "python3 zoneinfo with tzdata is needed"

F=--force
R=(--reason fixture)
adv() { check "advance $1 at $2" $IRT advance "$1" --at "$2" $F "${R[@]}"; }
note() { check "notify $1 $2" $IRT notify "$1" --audience "$2" --channel email --subject "n" --at "$3"; }

# The policy, back-dated to the start of the year: versions 1 and 2.
check "zone" $IRT policy set zone Europe/Berlin --from 2026-01-01T00:00Z
check "holidays" $IRT policy set holidays 2026-04-03,2026-04-06 --from 2026-01-01T00:00Z
# Not before the version before it, not in the future.
expect_exit 2 $IRT policy set due-soon 2d --from 2025-12-31
contains "$T/err" "version 2"
expect_exit 2 $IRT policy set due-soon 2d --from 2026-07-02
expect_exit 0 $IRT policy show due-soon
equals "$(cat "$T/out")" "1d" "nothing recorded"

# The fixture (the Python table below repeats it).
# 1 critical: fixed in 8 days, both audiences notified, closed.
check 1 $IRT new "One" --severity critical --reported 2026-01-12T09:00Z
check "ack 1" $IRT ack 1 --at 2026-01-12T11:00Z
adv 1 2026-01-12T12:00Z; adv 1 2026-01-13T09:00Z; adv 1 2026-01-20T09:00Z
note 1 platform 2026-01-21T09:00Z; note 1 customers 2026-01-22T09:00Z
adv 1 2026-01-23T09:00Z
check "close 1" $IRT close 1 --resolution resolved --reason done --at 2026-01-30T09:00Z
# 2 high: fixed after 34d 23h, platform notified only, forced on, closed.
check 2 $IRT new "Two" --severity high --reported 2026-01-16T15:00Z
check "ack 2" $IRT ack 2 --at 2026-01-19T10:00Z
adv 2 2026-01-17T09:00Z; adv 2 2026-01-19T12:00Z; adv 2 2026-02-20T14:00Z
note 2 platform 2026-02-21T10:00Z
adv 2 2026-02-22T09:00Z
check "close 2" $IRT close 2 --resolution resolved --reason done --at 2026-03-01T09:00Z
# 3 medium, reported on a Saturday, acknowledged half an hour before the
# due time, still in detect.
check 3 $IRT new "Three" --severity medium --reported 2026-02-07T10:00Z
check "ack 3" $IRT ack 3 --at 2026-02-10T22:30Z
# 4 low, reported the day before Good Friday: acknowledged in time only
# because of the two holidays; in contain.
check 4 $IRT new "Four" --severity low --reported 2026-04-02T08:00Z
check "ack 4" $IRT ack 4 --at 2026-04-08T07:00Z
adv 4 2026-04-08T08:00Z
# 5 high, reported the Friday before the clocks change: acknowledged
# 30 minutes late in Berlin (in time by UTC arithmetic); fixed, notified,
# closed, reopened, closed again.
check 5 $IRT new "Five" --severity high --reported 2026-03-27T11:00Z
check "ack 5" $IRT ack 5 --at 2026-03-31T10:30Z
adv 5 2026-03-30T09:00Z; adv 5 2026-03-31T12:00Z; adv 5 2026-04-10T09:00Z
note 5 platform 2026-04-11T09:00Z; note 5 customers 2026-04-11T10:00Z
adv 5 2026-04-12T09:00Z
check "close 5" $IRT close 5 --resolution resolved --reason done --at 2026-04-15T09:00Z
check "reopen 5" $IRT reopen 5 --reason "regressed" --at 2026-04-20T09:00Z
check "close 5 again" $IRT close 5 --resolution resolved --reason "fixed for good" --at 2026-04-25T09:00Z
# 6 unrated, never acknowledged.
check 6 $IRT new "Six" --reported 2026-03-02T09:00Z
# 7 unrated, acknowledged within the hour.
check 7 $IRT new "Seven" --reported 2026-05-04T08:00Z
check "ack 7" $IRT ack 7 --at 2026-05-04T09:00Z
# 8 critical, rejected the next day.
check 8 $IRT new "Eight" --severity critical --reported 2026-02-16T09:00Z
check "ack 8" $IRT ack 8 --at 2026-02-16T10:00Z
check "close 8" $IRT close 8 --resolution rejected --reason "not a bug" --at 2026-02-17T09:00Z
# 9 medium, never acknowledged, closed as a duplicate after nine days.
check 9 $IRT new "Nine" --severity medium --reported 2026-05-11T09:00Z
check "close 9" $IRT close 9 --resolution duplicate --reason "same as 3" --at 2026-05-20T09:00Z
# 10 high, reported in May, fixed after 36 days, notified, in review.
check 10 $IRT new "Ten" --severity high --reported 2026-05-05T09:00Z
check "ack 10" $IRT ack 10 --at 2026-05-05T10:00Z
adv 10 2026-05-05T12:00Z; adv 10 2026-05-06T09:00Z; adv 10 2026-06-10T09:00Z
note 10 platform 2026-06-11T09:00Z; note 10 customers 2026-06-12T09:00Z
adv 10 2026-06-13T09:00Z
# 11 high, reported in April, fixed after 35 days, notified, closed.
check 11 $IRT new "Eleven" --severity high --reported 2026-04-20T09:00Z
check "ack 11" $IRT ack 11 --at 2026-04-20T12:00Z
adv 11 2026-04-20T13:00Z; adv 11 2026-04-21T09:00Z; adv 11 2026-05-25T09:00Z
note 11 platform 2026-05-26T09:00Z; note 11 customers 2026-05-27T09:00Z
adv 11 2026-05-28T09:00Z
check "close 11" $IRT close 11 --resolution resolved --reason done --at 2026-06-01T09:00Z
# 12 critical, acknowledged an hour late, in fix past its due date.
check 12 $IRT new "Twelve" --severity critical --reported 2026-06-01T09:00Z
check "ack 12" $IRT ack 12 --at 2026-06-03T10:00Z
adv 12 2026-06-03T11:00Z; adv 12 2026-06-04T09:00Z
# 13 low, acknowledged, open.
check 13 $IRT new "Thirteen" --severity low --reported 2026-06-15T09:00Z
check "ack 13" $IRT ack 13 --at 2026-06-15T10:00Z
# 14 medium, reported on a Friday, not acknowledged: overdue.
check 14 $IRT new "Fourteen" --severity medium --reported 2026-06-26T09:00Z
# 15 severity none, acknowledged, resolved.
check 15 $IRT new "Fifteen" --severity none --reported 2026-03-10T09:00Z
check "ack 15" $IRT ack 15 --at 2026-03-10T10:00Z
check "close 15" $IRT close 15 --resolution resolved --reason "no issue" --at 2026-03-12T09:00Z
# 16 high, not acknowledged, three hours overdue.
check 16 $IRT new "Sixteen" --severity high --reported 2026-06-29T09:00Z
# 17 medium, not acknowledged, due tomorrow.
check 17 $IRT new "Seventeen" --severity medium --reported 2026-06-30T08:00Z
# Corrective actions (added and done at the pinned clock, 1 July):
# 1: due 15 Feb, done (late); 5: due 31 Dec, done; 12: due 20 June, open
# (overdue); 2: no due date, open.
check "action 1" $IRT action add 1 "Add a test" --due 2026-02-15
check "action 1 done" $IRT action done 1 1
check "action 5" $IRT action add 5 "Monitor" --due 2026-12-31 --type detective
check "action 5 done" $IRT action done 5 1
check "action 12" $IRT action add 12 "Patch" --due 2026-06-20
check "action 2" $IRT action add 2 "Review" --type preventive

# A version back-dated to 1 May: high gets 60 days. It changes the
# verdicts of the high incidents reported since (10: missed -> met; 16:
# due later, still running) and of none reported before (2, 5, 11).
expect_exit 0 $IRT policy set remediate.high 60 --from 2026-05-01T00:00Z --reason "contract, section 4"
cp "$T/out" "$T/set.out"
contains "$T/set.out" "remediate.high: 28 -> 60  (version 3, from 2026-05-01 00:00)"
contains "$T/set.out" "#10    remediate   missed (due 2026-06-02 09:00, policy 2) -> met (due 2026-07-04 09:00, policy 3)"
contains "$T/set.out" "#16    remediate   open (due 2026-07-27 09:00, policy 2) -> open (due 2026-08-28 09:00, policy 3)"
equals "$(grep -c '^  #' "$T/set.out")" 2 "only 10 and 16 changed"
# Its audit entry, with its effective date, on the policy log.
expect_exit 0 $IRT policy log
contains "$T/out" "2026-07-01 12:00  tester      remediate.high      28 -> 60  v3 from 2026-05-01 00:00  (contract, section 4)"
contains "$T/out" "zone                UTC -> Europe/Berlin  v1 from 2026-01-01 00:00"
expect_exit 0 $IRT policy log --json
equals "$(jq -r '.changes[2] | [.seq, .effective, .recorded, .key] | join(" ")' "$T/out")" \
	"3 2026-05-01T00:00:00.000Z 2026-07-01T12:00:00.000Z remediate.high" "log json"
equals "$(jq .verified "$T/out")" true "the timeline verifies"
check "verify" $IRT verify
# show names the version.
expect_exit 0 $IRT show 10
contains "$T/out" "policy       version 3 (from 2026-05-01 00:00; zone Europe/Berlin; holidays 2026-04-03,2026-04-06)"
expect_exit 0 $IRT show 11 --json
equals "$(jq -c '.incident.deadlines.remediate.policy' "$T/out")" \
	'{"version":2,"from":"2026-01-01T00:00:00.000Z","from_ms":1767225600000,"zone":"Europe/Berlin","holidays":["2026-04-03","2026-04-06"]}' \
	"show --json names version, zone, holidays"
expect_exit 0 $IRT export 10 --format json
equals "$(jq '.deadlines.remediate.policy.version' "$T/out")" 3 "the export's deadlines"
expect_exit 0 $IRT export 10 --format md
contains "$T/out" "judged by the team's policy version 3 (from 2026-05-01 00:00; zone Europe/Berlin; holidays 2026-04-03,2026-04-06)"

# The report.
expect_exit 0 $IRT report --format json
cp "$T/out" "$T/report.json"
expect_exit 0 $IRT report --json
cmp -s "$T/out" "$T/report.json" || fail "--json is --format json"
expect_exit 0 $IRT report
cp "$T/out" "$T/report.txt"
expect_exit 0 $IRT report --format csv
cp "$T/out" "$T/report.csv"
expect_exit 0 $IRT report --format md
cp "$T/out" "$T/report.md"

python3 - "$T" <<'PY' || fail "the report differs from the independent computation"
import csv, json, sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

T = sys.argv[1]
UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 7, 1, 12, tzinfo=UTC)
HOLIDAYS = {datetime(2026, 4, 3).date(), datetime(2026, 4, 6).date()}
NOTIFY = {"critical": {"platform", "customers"}, "high": {"platform", "customers"},
          "medium": {"platform"}, "low": set(), "none": set()}

def t(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")) if s else None

def business(d):
    return d.weekday() < 5 and d not in HOLIDAYS

def ack_due(reported, days=2):
    # The policy's rule (docs/policy.md): in Berlin, keep the wall-clock
    # time; a report on a day off counts from the next business day's
    # start; then step day by day, counting business days.
    local = reported.astimezone(BERLIN)
    day, clock = local.date(), local.time()
    if not business(day):
        while not business(day):
            day += timedelta(days=1)
        clock = datetime.min.time()
    n = 0
    while n < days:
        day += timedelta(days=1)
        if business(day):
            n += 1
    return datetime.combine(day, clock, tzinfo=BERLIN).astimezone(UTC)

def version(reported):
    # v1, v2 from 1 Jan (v2 is the one in force), v3 from 1 May.
    return 3 if reported >= t("2026-05-01T00:00Z") else 2

def remediate_days(sev, reported):
    days = {"critical": 14, "high": 28, "medium": 42, "low": 90}.get(sev)
    if sev == "high" and version(reported) == 3:
        days = 60
    return days

# The fixture: id: severity (None = unrated), reported, acked,
# contained (left contain), fixed (left fix), notified {audience: at},
# stage now, resolution, closed (last close).
I = {
 1: ("critical", "2026-01-12T09:00Z", "2026-01-12T11:00Z", "2026-01-13T09:00Z", "2026-01-20T09:00Z",
     {"platform": "2026-01-21T09:00Z", "customers": "2026-01-22T09:00Z"}, "closed", "resolved", "2026-01-30T09:00Z"),
 2: ("high", "2026-01-16T15:00Z", "2026-01-19T10:00Z", "2026-01-19T12:00Z", "2026-02-20T14:00Z",
     {"platform": "2026-02-21T10:00Z"}, "closed", "resolved", "2026-03-01T09:00Z"),
 3: ("medium", "2026-02-07T10:00Z", "2026-02-10T22:30Z", None, None, {}, "detect", None, None),
 4: ("low", "2026-04-02T08:00Z", "2026-04-08T07:00Z", None, None, {}, "contain", None, None),
 5: ("high", "2026-03-27T11:00Z", "2026-03-31T10:30Z", "2026-03-31T12:00Z", "2026-04-10T09:00Z",
     {"platform": "2026-04-11T09:00Z", "customers": "2026-04-11T10:00Z"}, "closed", "resolved", "2026-04-25T09:00Z"),
 6: (None, "2026-03-02T09:00Z", None, None, None, {}, "detect", None, None),
 7: (None, "2026-05-04T08:00Z", "2026-05-04T09:00Z", None, None, {}, "detect", None, None),
 8: ("critical", "2026-02-16T09:00Z", "2026-02-16T10:00Z", None, None, {}, "closed", "rejected", "2026-02-17T09:00Z"),
 9: ("medium", "2026-05-11T09:00Z", None, None, None, {}, "closed", "duplicate", "2026-05-20T09:00Z"),
 10: ("high", "2026-05-05T09:00Z", "2026-05-05T10:00Z", "2026-05-06T09:00Z", "2026-06-10T09:00Z",
      {"platform": "2026-06-11T09:00Z", "customers": "2026-06-12T09:00Z"}, "review", None, None),
 11: ("high", "2026-04-20T09:00Z", "2026-04-20T12:00Z", "2026-04-21T09:00Z", "2026-05-25T09:00Z",
      {"platform": "2026-05-26T09:00Z", "customers": "2026-05-27T09:00Z"}, "closed", "resolved", "2026-06-01T09:00Z"),
 12: ("critical", "2026-06-01T09:00Z", "2026-06-03T10:00Z", "2026-06-04T09:00Z", None, {}, "fix", None, None),
 13: ("low", "2026-06-15T09:00Z", "2026-06-15T10:00Z", None, None, {}, "detect", None, None),
 14: ("medium", "2026-06-26T09:00Z", None, None, None, {}, "detect", None, None),
 15: ("none", "2026-03-10T09:00Z", "2026-03-10T10:00Z", None, None, {}, "closed", "resolved", "2026-03-12T09:00Z"),
 16: ("high", "2026-06-29T09:00Z", None, None, None, {}, "detect", None, None),
 17: ("medium", "2026-06-30T08:00Z", None, None, None, {}, "detect", None, None),
}
# The weekdays the comments of the fixture claim.
assert t("2026-02-07T10:00Z").weekday() == 5          # 3: a Saturday
assert t("2026-03-27T11:00Z").weekday() == 4          # 5: a Friday
assert t("2026-03-27T11:00Z").astimezone(BERLIN).utcoffset() == timedelta(hours=1)
assert t("2026-03-31T10:00Z").astimezone(BERLIN).utcoffset() == timedelta(hours=2)
assert t("2026-04-02T08:00Z").weekday() == 3          # 4: the Thursday before Good Friday
assert t("2026-06-26T09:00Z").weekday() == 4          # 14: a Friday

def judge(due, stopped):
    if due is None:
        return "none"
    if stopped:
        return "met" if stopped <= due else "missed"
    if NOW > due:
        return "overdue"
    return "due-soon" if due - NOW <= timedelta(days=1) else "open"

APART = {"rejected", "duplicate", "not-applicable"}
exp = {}
for n, (sev, rep, ack, cont, fix, notified, stage, res, closed) in I.items():
    rep, ack, cont, fix, closed = map(t, (rep, ack, cont, fix, closed))
    a_due = ack_due(rep)
    a_stop = ack or (closed if stage == "closed" else None)
    days = remediate_days(sev, rep) if sev not in (None, "none") else None
    r_due = rep + timedelta(days=days) if days else None
    # Remediation stops when fix is left; closed before fix: at the close.
    r_stop = fix or (closed if stage == "closed" else None)
    exp[n] = dict(sev=sev, rep=rep, ack=ack, cont=cont, fix=fix, stage=stage, res=res,
                  apart=res in APART, notified={k: t(v) for k, v in notified.items()},
                  a_due=a_due, a_state=judge(a_due, a_stop),
                  r_due=r_due, r_state=judge(r_due, r_stop), a_stop=a_stop,
                  r_stop=r_stop if r_due else None, version=version(rep))

r = json.load(open(f"{T}/report.json"))
assert r["format"] == "irt-report/2", r["format"]
R = r["report"]
errors = []
def eq(what, got, want):
    if got != want:
        errors.append(f"{what}: got {got!r}, expected {want!r}")

def iso(d):
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z") if d else None

eq("incidents", R["incidents"], 17)
eq("open", R["open"], sum(1 for e in exp.values() if e["stage"] != "closed"))
eq("closed_without_fix", R["closed_without_fix"], {"rejected": 1, "duplicate": 1, "not-applicable": 0})

# Evidence, row by row.
ev = {row["id"]: row for row in R["evidence"]}
for n, e in exp.items():
    row = ev[n]
    eq(f"#{n} severity", row["severity"], e["sev"])
    eq(f"#{n} reported", row["reported"], iso(e["rep"]))
    eq(f"#{n} acknowledged", row["acknowledged"], iso(e["ack"]))
    eq(f"#{n} contained", row["contained"], iso(e["cont"]))
    eq(f"#{n} fixed", row["fixed"], iso(e["fix"]))
    eq(f"#{n} closed_without_fix", row["closed_without_fix"], e["apart"])
    eq(f"#{n} policy", row["policy"]["version"], e["version"])
    eq(f"#{n} zone", row["policy"]["zone"], "Europe/Berlin")
    eq(f"#{n} holidays", row["policy"]["holidays"], ["2026-04-03", "2026-04-06"])
    d = row["deadlines"]
    eq(f"#{n} ack due", d["acknowledge"]["due"], iso(e["a_due"]))
    eq(f"#{n} ack state", d["acknowledge"]["state"], e["a_state"])
    eq(f"#{n} fix due", d["remediate"]["due"], iso(e["r_due"]))
    eq(f"#{n} fix state", d["remediate"]["state"], e["r_state"])
    for aud in ("platform", "customers"):
        eq(f"#{n} notified {aud}", row["notified"][aud]["at"], iso(e["notified"].get(aud)))

# Compliance per band: unrated in its own row; remediation leaves out
# the closures apart.
def bucket(state):
    return {"met": "met", "missed": "missed", "open": "open", "due-soon": "open",
            "overdue": "overdue"}.get(state)
for band in ("critical", "high", "medium", "low", "none", "unrated"):
    for kind, key in (("acknowledge", "a_state"), ("remediate", "r_state")):
        c = {"met": 0, "missed": 0, "open": 0, "overdue": 0}
        for e in exp.values():
            if (e["sev"] or "unrated") != band:
                continue
            if kind == "remediate" and e["apart"]:
                continue
            b = bucket(e[key])
            if b:
                c[b] += 1
        due = c["met"] + c["missed"] + c["overdue"]
        got = R["deadline_compliance"][band][kind]
        for k in c:
            eq(f"{band} {kind} {k}", got[k], c[k])
        eq(f"{band} {kind} due", got["due"], due)
        rate = round(1000 * c["met"] / due) / 10 if due else None
        eq(f"{band} {kind} rate", got["rate_percent"], rate)

# Notification compliance: the audiences the policy requires for the
# band, closures apart left out.
for aud in ("platform", "customers"):
    req = [e for e in exp.values() if e["sev"] and not e["apart"] and aud in NOTIFY[e["sev"]]]
    notified = [e for e in req if aud in e["notified"]]
    pending = [e for e in req if aud not in e["notified"] and e["stage"] in ("detect", "contain", "fix", "notify")]
    missing = [e for e in req if aud not in e["notified"] and e["stage"] in ("review", "closed")]
    delays = sorted((e["notified"][aud] - e["fix"]) // timedelta(milliseconds=1) for e in notified if e["fix"])
    got = R["notification_compliance"][aud]
    eq(f"{aud} required", got["required"], len(req))
    eq(f"{aud} notified", got["notified"], len(notified))
    eq(f"{aud} pending", got["pending"], len(pending))
    eq(f"{aud} missing", got["missing"], len(missing))
    med = (delays[len(delays) // 2] if len(delays) % 2 else
           (delays[len(delays) // 2 - 1] + delays[len(delays) // 2]) // 2) if delays else None
    eq(f"{aud} after fix median", got["after_fix"]["median_ms"], med)
    eq(f"{aud} after fix max", got["after_fix"]["max_ms"], max(delays) if delays else None)

# Response times: report -> acknowledgement, -> contain left, -> fix left.
def measure(values):
    values = sorted(values)
    if not values:
        return None, None
    n = len(values)
    med = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) // 2
    return med, sum(values) // n
for name, key in (("acknowledge", "ack"), ("contain", "cont"), ("fix", "fix")):
    vals = [(e[key] - e["rep"]) // timedelta(milliseconds=1) for e in exp.values() if e[key]]
    med, mean = measure(vals)
    eq(f"{name} n", R["response_times"][name]["n"], len(vals))
    eq(f"{name} median", R["response_times"][name]["median_ms"], med)
    eq(f"{name} mean", R["response_times"][name]["mean_ms"], mean)

eq("actions", R["corrective_actions"], {"total": 4, "done": 2, "open": 2, "overdue": 1, "done_late": 1})

# The missed and overdue list, by due time.
misses = []
for n, e in exp.items():
    if e["a_state"] in ("missed", "overdue"):
        misses.append((e["a_due"], n, "acknowledge", e["a_state"]))
    if e["r_state"] in ("missed", "overdue") and not e["apart"]:
        misses.append((e["r_due"], n, "remediate", e["r_state"]))
misses.sort()
eq("missed list", [[m["id"], m["deadline"], m["state"]] for m in R["missed"]],
   [[n, k, s] for _, n, k, s in misses])

# Text: durations in full ("102d 2h", never "102d").
def span(td):
    s = int(td.total_seconds())
    d, h, m = s // 86400, s % 86400 // 3600, s % 3600 // 60
    if d:
        return f"{d}d {h}h"
    if h:
        return f"{h}h {m:02d}m"
    return f"{m}m"
text = open(f"{T}/report.txt").read()
for _, n, k, s in misses:
    e = exp[n]
    due, stop = (e["a_due"], e["a_stop"]) if k == "acknowledge" else (e["r_due"], e["r_stop"])
    late = (stop if s == "missed" else NOW) - due
    want = f"{'missed by' if s == 'missed' else 'overdue by'} {span(late)} (policy {e['version']})"
    if want not in text:
        errors.append(f"text lacks {want!r} for #{n} {k}")
fix_vals = [(e["fix"] - e["rep"]) for e in exp.values() if e["fix"]]
if span(max(fix_vals)) not in text:
    errors.append(f"text lacks the longest fix {span(max(fix_vals))}")

# CSV: the evidence table, one row per incident, same verdicts.
rows = list(csv.DictReader(open(f"{T}/report.csv", newline="")))
eq("csv rows", len(rows), 17)
for row in rows:
    e = exp[int(row["id"])]
    eq(f"csv #{row['id']} ack", row["acknowledge_state"], e["a_state"])
    eq(f"csv #{row['id']} fix", row["remediate_state"], "excluded" if e["apart"] else e["r_state"])
    eq(f"csv #{row['id']} version", row["policy_version"], str(e["version"]))
    eq(f"csv #{row['id']} zone", row["policy_zone"], "Europe/Berlin")

md = open(f"{T}/report.md").read()
for want in ("## Deadline compliance", "## Notification compliance", "## Corrective actions",
             "## Evidence", "| remediate | high |"):
    if want not in md:
        errors.append(f"md lacks {want!r}")

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
PY
N_CHECKS=$((N_CHECKS + 1))

# The period, by report time.
expect_exit 0 $IRT report --format json --since 2026-05-01 --until 2026-06-01
equals "$(jq -c '[.report.evidence[].id]' "$T/out")" "[7,9,10]" "May"
expect_exit 2 $IRT report --format yaml

done_ok
