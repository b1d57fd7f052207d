#!/usr/bin/env python3
"""replay.py - a property test of irt's rule book and hash ledger.

For each seed, on a fresh database: runs a random but reproducible
sequence of irt commands over a few incidents (new, note, ack, assign,
severity, set, advance, close, reopen, action, notify), biased so that
incidents walk through several stages. A refused command (exit 2 or 3)
must leave the timeline and the ledger as they were; any other failure
status is an error. Then:

  - `irt verify` accepts the whole record;
  - every incident survives export -> import into an empty database ->
    export (the two JSON files equal but for "deadlines" and the local
    "id"; byte-identical files are counted), and the copy verifies;
  - single-event forgeries, made with forge.py as an attacker would (every
    chain hash recomputed), are each caught: on a copy of the database by
    `irt verify` (the ledger) and `irt verify ID` (the rule book replayed),
    and on the export by `irt import` into an empty database, naming the
    broken rule ("breaks a rule").

Exits 1 on the first failure, printing the seed, the command, what
differed and the whole command sequence of that seed. The last line of a
successful run is "checks N" (for the calling test script).

usage: replay.py --irt IRT --forge FORGE --work DIR [--seeds S,S,...]
                 [--commands MIN-MAX]
Standard library only.
"""
import argparse, json, os, random, shlex, sqlite3, subprocess, sys

STAGES = ("detect", "contain", "fix", "notify", "review", "closed")
LEVELS = ("none", "low", "medium", "high", "critical")
VECTORS = (
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",            # 9.8 critical
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N",            # 5.4 medium
    "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N",            # 1.8 low
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",            # 6.1 medium
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",  # 9.3
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",  # 8.5
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",  # 2.0
)
OWNERS = ("dana", "lee", "sam", "ravi", "zoë")
ACTORS = (None, None, None, "alice", "bob")     # None: $IRT_ACTOR
REPORTED = ("-2h", "-3h", "-90m", "-1d")
TITLES = ("Webhook tokens in logs", "Login outage", "SSRF in image proxy",
          "Billing double charge", "Stale TLS cert — edge")
TEXTS = ("rolled back to v1.4", "flag auth.sso disabled", "café → résumé",
         "root cause: unchecked redirect", "v1.4.2 / a1b2c3d",
         "customers told via status page", "line one\nline two")
RESOLUTIONS = ("resolved", "rejected", "duplicate", "not-applicable")
SEEDS = (11, 23, 37, 41, 59, 73)
ACCEPTED = (0,)
REFUSED = (2, 3)


class Failure(Exception):
    pass


def run(argv, **kw):
    try:
        p = subprocess.run(argv, capture_output=True, text=True,
                           errors="replace", **kw)
    except OSError as e:
        raise Failure("cannot run %s: %s" % (argv[0], e))
    return p.returncode, p.stdout, p.stderr


def query(db, sql, args=()):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def first_difference(a, b, path="$"):
    """Where two decoded JSON values first differ, in words."""
    if type(a) != type(b):
        return "%s: %r vs %r" % (path, a, b)
    if isinstance(a, dict):
        if list(a) != list(b):
            return "%s: members %s vs %s" % (path, list(a), list(b))
        for k in a:
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d vs %d items" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r vs %r" % (path, a, b)


class Seed:
    def __init__(self, opts, seed):
        self.irt, self.forge, self.seed = opts.irt, opts.forge, seed
        self.rng = random.Random(seed)
        self.dir = os.path.join(opts.work, "seed-%d" % seed)
        os.makedirs(self.dir)
        self.db = self.path("irt.db")
        self.log = []           # (argv as typed, exit status)
        self.checks = 0
        self.accepted = self.refused = 0
        lo, hi = opts.commands
        self.n_commands = self.rng.randint(lo, hi)
        self.n_incidents = self.rng.randint(3, 4)

    def path(self, name):
        return os.path.join(self.dir, name)

    def fail(self, what):
        raise Failure(what)

    def check(self, ok, what):
        self.checks += 1
        if not ok:
            self.fail(what)

    # --- running irt -------------------------------------------------

    def irt_run(self, args, db=None):
        argv = [self.irt, "--db", db or self.db] + [str(a) for a in args]
        return run(argv)

    def counts(self):
        if not os.path.exists(self.db):
            return (0, 0)
        return query(self.db, "SELECT (SELECT count(*) FROM events), "
                              "(SELECT count(*) FROM ledger)")[0]

    def command(self, args, must_succeed=False):
        """Runs one command of the sequence and checks what it did to the
        record. Returns the exit status."""
        before = self.counts()
        rc, out, err = self.irt_run(args)
        self.log.append((" ".join(shlex.quote(str(a)) for a in args), rc))
        after = self.counts()
        shown = "irt %s" % self.log[-1][0]
        if rc in ACCEPTED:
            self.accepted += 1
            self.check(after[0] >= before[0] and after[1] >= before[1],
                       "%s (accepted) lost events: events %d -> %d, ledger "
                       "%d -> %d" % (shown, before[0], after[0], before[1],
                                     after[1]))
        elif rc in REFUSED and not must_succeed:
            self.refused += 1
            self.check(after == before,
                       "%s was refused (exit %d) but changed the record: "
                       "events %d -> %d, ledger %d -> %d; stderr: %s"
                       % (shown, rc, before[0], after[0], before[1], after[1],
                          err.strip()))
        else:
            self.fail("%s exited %d%s; stderr: %s" % (
                shown, rc, " (it had to succeed)" if rc in REFUSED else "",
                err.strip()))
        return rc, out

    # --- what the generator knows about an incident -----------------

    def state(self, n):
        row = query(self.db, "SELECT stage, acked_ms, severity, owner, "
                    "containment, root_cause, fix_ref, summary, actions_none, "
                    "cvss FROM incidents WHERE id = ?", (n,))[0]
        keys = ("stage", "acked", "severity", "owner", "containment",
                "root_cause", "fix_ref", "summary", "actions_none", "cvss")
        s = dict(zip(keys, row))
        s["stage"] = STAGES[s["stage"]]
        s["open_actions"] = [a for a, in query(
            self.db, "SELECT n FROM actions WHERE incident_id = ? AND "
            "done_ms = 0", (n,))]
        s["n_actions"] = query(self.db, "SELECT count(*) FROM actions WHERE "
                               "incident_id = ?", (n,))[0][0]
        s["notified"] = {a for a, in query(
            self.db, "SELECT audience FROM notifications WHERE "
            "incident_id = ?", (n,))}
        return s

    def incidents(self):
        return [n for n, in query(self.db, "SELECT id FROM incidents "
                                           "ORDER BY id")] \
            if os.path.exists(self.db) else []

    def advances(self, n):
        return query(self.db, "SELECT count(*) FROM events WHERE "
                     "incident_id = ? AND kind = 'advance'", (n,))[0][0]

    def has_vector(self, n):
        return query(self.db, "SELECT count(*) FROM events WHERE incident_id "
                     "= ? AND kind = 'set' AND field = 'cvss' AND "
                     "new_value <> ''", (n,))[0][0] > 0

    # --- the random sequence -----------------------------------------

    def new_args(self):
        r = self.rng
        args = ["new", r.choice(TITLES), "--reported", r.choice(REPORTED)]
        x = r.random()
        if x < 0.4:
            args += ["--severity", r.choice(LEVELS[1:])]
        elif x < 0.75:
            args += ["--cvss", r.choice(VECTORS)]
        if r.random() < 0.7:
            args += ["--owner", r.choice(OWNERS)]
        return args

    def choices(self, n, s):
        """(weight, args) for incident n in state s."""
        r, st = self.rng, s["stage"]
        text = r.choice(TEXTS)
        force = ["advance", n, "--force", "--reason", "the call was made"]
        c = [(1.5, ["note", n, text]),
             (0.7, ["note", n, text, "--at", "-30m"]),
             (0.4, ["severity", n, r.choice(LEVELS)]),
             (0.4, ["severity", n, "--cvss", r.choice(VECTORS)]),
             (0.4, ["assign", n, r.choice(OWNERS)]),
             (0.3, ["set", n, r.choice(("containment", "root-cause",
                                        "fix-ref", "summary")), text]),
             (0.3 if st != "closed" else 0.1,
              ["close", n, "--resolution", r.choice(RESOLUTIONS),
               "--reason", "triaged"]),
             (0.2, ["advance", n, "--at", "-1m"]),
             (0.2, ["ack", n, "--at", "-1h"])]
        if st == "detect":
            gate = s["acked"] and s["severity"] and s["owner"]
            c += [(3 if not s["acked"] else 0.3, ["ack", n]),
                  (2 if not s["owner"] else 0.3,
                   ["assign", n, r.choice(OWNERS)]),
                  (1.5 if not s["severity"] else 0.3,
                   ["severity", n, r.choice(LEVELS[1:])]),
                  (1.5 if not s["severity"] else 0.3,
                   ["severity", n, "--cvss", r.choice(VECTORS)]),
                  (4 if gate else 0.8, ["advance", n]),
                  (0.5, force)]
        elif st == "contain":
            c += [(3 if not s["containment"] else 0.3,
                   ["set", n, "containment", text]),
                  (0.4, ["assign", n, r.choice(OWNERS), "--stage", "contain"]),
                  (4 if s["containment"] else 0.8, ["advance", n]),
                  (0.4, force)]
        elif st == "fix":
            c += [(3 if not s["root_cause"] else 0.3,
                   ["set", n, "root-cause", text]),
                  (3 if not s["fix_ref"] else 0.3, ["set", n, "fix-ref",
                                                    "v1.4.%d" % r.randint(1, 9)]),
                  (0.5, ["assign", n, r.choice(OWNERS), "--stage", "fix"]),
                  (4 if s["root_cause"] and s["fix_ref"] else 0.8,
                   ["advance", n]),
                  (0.4, force)]
        elif st == "notify":
            for aud in ("platform", "customers"):
                c.append((3 if aud not in s["notified"] else 0.3,
                          ["notify", n, "--audience", aud, "--channel",
                           "email"]))
            c += [(0.6, ["notify", n, "--audience", "internal", "--channel",
                         "email"]),
                  (0.3, ["notify", n, "--audience", "platform", "--channel",
                         "email", "--at", "-5m", "--subject", "heads-up"]),
                  (3, ["advance", n]),
                  (0.4, force)]
        elif st == "review":
            done = s["summary"] and (s["n_actions"] or s["actions_none"])
            c += [(3 if not s["summary"] else 0.3, ["set", n, "summary", text]),
                  (2, ["action", "add", n, r.choice(("rotate keys",
                                                     "add alert", "write test")),
                       "--owner", r.choice(OWNERS), "--type",
                       r.choice(("corrective", "preventive", "detective"))]),
                  (0.8, ["action", "none", n, "nothing to change"]),
                  (4 if done else 0.8, ["advance", n]),
                  (0.3, force)]
            if s["open_actions"]:
                c.append((1.5, ["action", "done", n,
                                r.choice(s["open_actions"])]))
            else:
                c.append((0.2, ["action", "done", n, s["n_actions"] + 1]))
        else:                               # closed
            c += [(3, ["reopen", n, "--reason", "new evidence"]),
                  (0.2, ["advance", n]),
                  (0.2, ["ack", n])]
        return c

    def step(self):
        r = self.rng
        ids = self.incidents()
        if len(ids) < self.n_incidents and (len(ids) < 2 or r.random() < 0.15):
            args = self.new_args()
        else:
            weights = [0.3 if self.state(n)["stage"] == "closed" else 1
                       for n in ids]
            n = r.choices(ids, weights)[0]
            c = self.choices(n, self.state(n))
            args = r.choices([a for _, a in c], [w for w, _ in c])[0]
        actor = r.choice(ACTORS)
        if actor:
            args = ["--actor", actor] + args
        self.command(args)

    def ensure_targets(self):
        """At least one incident with two advances (prefer one with a CVSS
        vector), and one with a vector: forced if the run did not get there."""
        ids = self.incidents()
        two = [n for n in ids if self.advances(n) >= 2]
        both = [n for n in two if self.has_vector(n)]
        target = (both or two or ids)[0]
        while self.advances(target) < 2:
            if self.state(target)["stage"] == "closed":
                self.command(["reopen", target, "--reason", "again"], True)
            self.command(["advance", target, "--force", "--reason",
                          "the test needs two advances"], True)
        scored = [n for n in ids if self.has_vector(n)]
        if not scored:
            if self.state(target)["stage"] == "closed":
                self.command(["reopen", target, "--reason", "again"], True)
            self.command(["severity", target, "--cvss", VECTORS[0]], True)
            scored = [target]
        return target, (target if target in scored else scored[0])

    # --- after the run -----------------------------------------------

    def verify(self, db, what):
        rc, _, err = self.irt_run(["verify"], db)
        self.check(rc == 0, "irt --db %s verify exited %d after %s; stderr: %s"
                   % (os.path.basename(db), rc, what, err.strip()))

    def round_trip(self):
        fresh = self.path("fresh.db")
        identical = 0
        ids = self.incidents()
        for n in ids:
            a, b = self.path("a-%d.json" % n), self.path("b-%d.json" % n)
            rc, _, err = self.irt_run(["export", n, "--format", "json",
                                       "-o", a])
            self.check(rc == 0, "export %d exited %d: %s" % (n, rc, err))
            rc, out, err = self.irt_run(["import", a], fresh)
            self.check(rc == 0, "import of #%d into an empty database exited "
                       "%d: %s" % (n, rc, err.strip()))
            m = out.strip().lstrip("#")
            self.check(m.isdigit(), "import of #%d printed %r, not a number"
                       % (n, out))
            rc, _, err = self.irt_run(["export", m, "--format", "json",
                                       "-o", b], fresh)
            self.check(rc == 0, "export of imported #%s exited %d: %s"
                       % (m, rc, err))
            with open(a, "rb") as f:
                raw_a = f.read()
            with open(b, "rb") as f:
                raw_b = f.read()
            if raw_a == raw_b:
                identical += 1
                continue
            ja, jb = json.loads(raw_a), json.loads(raw_b)
            for j in (ja, jb):
                j.pop("deadlines", None)
                j["incident"].pop("id", None)
            d = first_difference(ja, jb)
            self.check(d is None, "#%d: the export of its import (#%s) "
                       "differs beyond deadlines and id: %s" % (n, m, d))
        self.verify(fresh, "importing every incident")
        return identical, len(ids)

    def mutations(self, target, scored):
        """[(name, incident, export ops, db ops or None, rule?)]."""
        doc = self.export_doc(target)
        evs = doc["events"]
        adv = [e for e in evs if e["kind"] == "advance"]
        a1, a2 = adv[0]["seq"], adv[1]["seq"]
        keys = ("at_ms", "recorded_ms", "actor", "kind", "field", "old",
                "new", "text", "data_raw")

        def copy_to(src, dst):
            return [("--set", dst, "%s=%s" % (k, src[k])) for k in keys]

        ahead = [e for e in adv if STAGES.index(e["old"]) + 2 < len(STAGES)]
        skip = ahead[0]
        sdoc = self.export_doc(scored)
        cv = [e for e in sdoc["events"] if e["kind"] == "set" and
              e["field"] == "cvss" and e["new"]][0]
        data = json.loads(cv["data_raw"])
        data["score"] = 0.1
        low = "data_raw=" + json.dumps(data, separators=(",", ":"))
        first_rec = evs[0]["recorded_ms"]
        last = evs[-1]["seq"]
        return [
            # forge.py db has no --swap: the two events' members are
            # exchanged with --set (each keeps its uuid).
            ("reorder", target, [("--swap", a1, a2)],
             copy_to(evs[a2 - 1], a1) + copy_to(evs[a1 - 1], a2), True),
            ("drop", target, [("--drop", a1)], [("--drop", a1)], True),
            # forge.py db has no --dup: the event after the first advance
            # is overwritten with a copy of it instead.
            ("duplicate", target, [("--dup", a1)],
             copy_to(evs[a1 - 1], a1 + 1), True),
            ("time", target, [("--set", last, "recorded_ms=%d"
                               % (first_rec - 1))],
             [("--set", last, "recorded_ms=%d" % (first_rec - 1))], True),
            ("score", scored, [("--set", cv["seq"], low)],
             [("--set", cv["seq"], low)], True),
            ("stage", target, [("--set", skip["seq"], "new=" +
                                STAGES[STAGES.index(skip["old"]) + 2])],
             [("--set", skip["seq"], "new=" +
               STAGES[STAGES.index(skip["old"]) + 2])], True),
        ]

    def export_doc(self, n):
        with open(self.path("a-%d.json" % n), encoding="utf-8") as f:
            return json.load(f)

    def forge_run(self, args):
        rc, out, err = run([sys.executable, self.forge] + [str(a) for a in args])
        self.check(rc == 0, "forge.py %s exited %d: %s" % (
            " ".join(shlex.quote(str(a)) for a in args), rc, err.strip()))
        return out

    def controls(self, target):
        """The forgery machinery alone, with no op, changes nothing."""
        a = self.path("a-%d.json" % target)
        same = self.path("control.json")
        self.forge_run(["export", a, same])
        with open(a, "rb") as f, open(same, "rb") as g:
            self.check(f.read() == g.read(), "forge.py export with no op "
                       "changed the export of #%d" % target)
        self.forge_run(["check", a])
        copy = self.copy_db("control.db")
        self.forge_run(["db", copy, target])
        self.verify(copy, "forge.py db with no op")

    def copy_db(self, name):
        dst = self.path(name)
        src_con, dst_con = sqlite3.connect(self.db), sqlite3.connect(dst)
        try:
            src_con.backup(dst_con)
        finally:
            src_con.close()
            dst_con.close()
        return dst

    def mutate(self, name, n, export_ops, db_ops, rule):
        flat = lambda ops: [x for op in ops for x in op]
        # a) the database, chain recomputed, ledger not.
        if db_ops is not None:
            copy = self.copy_db("forged-%s.db" % name)
            self.forge_run(["db", copy, n] + flat(db_ops))
            for args in (["verify"], ["verify", n]):
                rc, _, err = self.irt_run(args, copy)
                self.check(rc == 1, "mutation %s of #%d (forge.py db %s): "
                           "irt %s exited %d, not 1; stderr: %s"
                           % (name, n, " ".join(map(str, flat(db_ops))),
                              " ".join(map(str, args)), rc, err.strip()))
                if rule:
                    self.check("breaks a rule" in err,
                               "mutation %s of #%d (forge.py db): irt %s does "
                               "not name a broken rule; stderr: %s"
                               % (name, n, " ".join(map(str, args)),
                                  err.strip()))
        # b) the export, every hash recomputed.
        forged = self.path("forged-%s.json" % name)
        self.forge_run(["export", self.path("a-%d.json" % n), forged]
                       + flat(export_ops))
        self.forge_run(["check", forged])
        empty = self.path("import-%s.db" % name)
        rc, _, err = self.irt_run(["import", forged], empty)
        what = "mutation %s of #%d (forge.py export %s)" % (
            name, n, " ".join(map(str, flat(export_ops))))
        self.check(rc != 0, "%s: irt import into an empty database "
                   "accepted it" % what)
        self.check(rc == 1, "%s: irt import exited %d, not 1; stderr: %s"
                   % (what, rc, err.strip()))
        if rule:
            self.check("breaks a rule" in err, "%s: irt import does not "
                       "name a broken rule; stderr: %s" % (what, err.strip()))
        if os.path.exists(empty):
            stored = query(empty, "SELECT count(*) FROM events")[0][0]
            self.check(stored == 0, "%s: refused, yet %d events stored"
                       % (what, stored))

    def go(self):
        for _ in range(self.n_commands):
            self.step()
        target, scored = self.ensure_targets()
        self.verify(self.db, "the command sequence")
        identical, total = self.round_trip()
        self.controls(target)
        muts = self.mutations(target, scored)
        for m in muts:
            self.mutate(*m)
        stages = [self.state(n)["stage"] for n in self.incidents()]
        print("seed %d: %d commands (%d accepted, %d refused), incidents at "
              "%s; round trip %d/%d byte-identical (the rest equal but for "
              "deadlines and id); %d mutations of #%d (%d advances) and #%d "
              "caught" % (self.seed, len(self.log), self.accepted,
                          self.refused, " ".join(stages), identical, total,
                          len(muts), target, self.advances(target), scored),
              flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--irt", required=True)
    p.add_argument("--forge", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--seeds", default=",".join(map(str, SEEDS)))
    p.add_argument("--commands", default="40-80")
    opts = p.parse_args()
    opts.commands = tuple(int(x) for x in opts.commands.split("-"))
    checks = 0
    for seed in (int(s) for s in opts.seeds.split(",")):
        s = Seed(opts, seed)
        try:
            s.go()
        except Failure as e:
            print("replay.py: seed %d: FAILED: %s" % (seed, e), file=sys.stderr)
            print("replay.py: seed %d: the commands run (irt --db %s ...), "
                  "with exit status:" % (seed, s.db), file=sys.stderr)
            for i, (cmd, rc) in enumerate(s.log, 1):
                print("  %3d  [%d] irt %s" % (i, rc, cmd), file=sys.stderr)
            print("replay.py: reproduce with --seeds %d" % seed,
                  file=sys.stderr)
            return 1
        checks += s.checks
    print("checks %d" % checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
