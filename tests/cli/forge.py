#!/usr/bin/env python3
"""forge.py - forge irt records the way a careful attacker would (for tests).

Changes events, then recomputes everything derived from them - seq, the
SHA-256 chain (chain.h), the redundant JSON members, the incident's event
count and chain head - so that the forged record agrees with itself. The
tests use it to show what irt can and cannot detect. Standard library only.

usage:
  forge.py export IN OUT [op...]   forge a JSON export (irt-incident/1)
      --set SEQ KEY=VALUE   KEY: at_ms recorded_ms (integers), actor kind
                            field old new text data_raw (strings)
      --drop SEQ   --dup SEQ (copy, fresh uuid, right after it)
      --swap A B   --append JSON (an object of the members above)
  forge.py db DB INCIDENT_ID [--set SEQ KEY=VALUE]... [--drop SEQ]...
      the same on an irt database, in one transaction: the append-only
      triggers are dropped, then recreated with their original SQL; DB
      a postgresql:// URI: through psql, as the role it names (the schema
      owner), the events' append-only trigger disabled, then enabled
  forge.py check EXPORT            exit 0 if every hash agrees, else 1

Ops apply left to right; SEQ is an event's position just before its op.
"""
import argparse, copy, hashlib, json, math, re, sqlite3, subprocess, sys, uuid

GENESIS = "0" * 64
BACKDATED_MS = 5 * 60 * 1000                     # event.c
INT_KEYS = ("at_ms", "recorded_ms")
STR_KEYS = ("actor", "kind", "field", "old", "new", "text", "data_raw")
# chain.h's canonical names, in order, with the export key holding each.
CANON = (("uuid", "uuid"), ("seq", "seq"), ("at", "at_ms"),
         ("recorded", "recorded_ms"), ("actor", "actor"), ("kind", "kind"),
         ("field", "field"), ("old", "old"), ("new", "new"), ("text", "text"),
         ("data", "data_raw"))
DB_COLUMN = {"old": "old_value", "new": "new_value", "data_raw": "data"}
TRIGGERS = ("events_no_update", "events_no_delete")
PG_TRIGGER = "events_append_only"                # data/pg/001-init.sql

def die(msg):
    sys.exit("forge.py: " + msg)

def chain_hash(inc_uuid, ev):
    """hex(SHA-256(prev_hash || "\\n" || canonical(ev)))."""
    out = [b"irt-event/1\n"]
    for name, key in (("incident", None),) + CANON:
        v = inc_uuid if key is None else ev[key]
        if key in ("seq",) + INT_KEYS:
            v = str(int(v or 0))                 # a null *_ms is 0 in irt
        b = v.encode("utf-8", "surrogatepass")
        out.append(b"%s=%d:%s\n" % (name.encode(), len(b), b))
    return hashlib.sha256(ev["prev_hash"].encode() + b"\n" +
                          b"".join(out)).hexdigest()

def format_utc(ms):
    """timeutil_format_utc: "2026-11-27T09:00:00.000Z", proleptic UTC."""
    secs, milli = divmod(ms, 1000)
    z, sod = divmod(secs, 86400)
    era, doe = divmod(z + 719468, 146097)        # civil_from_days
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    m = mp + 3 if mp < 10 else mp - 9
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        yoe + era * 400 + (m <= 2), m, doy - (153 * mp + 2) // 5 + 1,
        sod // 3600, sod % 3600 // 60, sod % 60, milli)

def jansson_ok(v):
    """False where jansson's decoder refuses what Python's accepts."""
    if isinstance(v, (dict, list)):
        items = v.items() if isinstance(v, dict) else enumerate(v)
        return all(jansson_ok(k) and jansson_ok(x) for k, x in items)
    if isinstance(v, str):
        return "\0" not in v and not any(0xD800 <= ord(c) < 0xE000 for c in v)
    if isinstance(v, float):
        return math.isfinite(v)
    return isinstance(v, bool) or not isinstance(v, int) or -2**63 <= v < 2**63

def parse_data(raw):
    """The "data" member: data_raw as json_loads(raw, 0) reads it (an object
    or array only), else null."""
    try:                        # NaN, Infinity: parsed, then refused below
        v = json.loads(raw) if raw else None
    except ValueError:
        return None
    return v if isinstance(v, (dict, list)) and jansson_ok(v) else None

def event_json(ev):
    """incident_json_event: an event's export form, in irt's member order."""
    o = {"seq": ev["seq"], "uuid": ev["uuid"]}
    for name in ("at", "recorded"):
        ms = ev[name + "_ms"] or 0               # 0 is written as null
        o[name], o[name + "_ms"] = (format_utc(ms), ms) if ms else (None, None)
    o["backdated"] = (ev["recorded_ms"] or 0) - (ev["at_ms"] or 0) > BACKDATED_MS
    o.update((k, ev[k]) for k in STR_KEYS[:-1])
    o["data"] = parse_data(ev["data_raw"])
    o.update((k, ev[k]) for k in ("data_raw", "prev_hash", "hash"))
    if ev.get("signature"):                      # carried, not part of the hash
        o["signature"] = ev["signature"]
    return o

def rechain(inc_uuid, events):
    """Renumbers seq 1..n, recomputes every prev_hash/hash; returns the head."""
    prev = GENESIS
    for i, ev in enumerate(events, 1):
        ev["seq"], ev["prev_hash"] = i, prev
        ev["hash"] = prev = chain_hash(inc_uuid, ev)
    return prev if events else ""

ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n",
           "\r": "\\r", "\t": "\\t"}

def dumps(v, ind=""):
    """JSON as irt writes it: jansson's json_dumps(JSON_INDENT(2)), then DEL
    and the C1 controls escaped like C0 (sanitize_json)."""
    sub = ind + "  "
    if isinstance(v, dict) and v:
        return "{\n%s\n%s}" % (",\n".join(
            sub + dumps(k) + ": " + dumps(x, sub) for k, x in v.items()), ind)
    if isinstance(v, list) and v:
        return "[\n%s\n%s]" % (",\n".join(sub + dumps(x, sub) for x in v), ind)
    if isinstance(v, str):
        return '"%s"' % "".join(ESCAPES.get(c) or (
            c if " " <= c < "\x7f" or c > "\x9f" else "\\u%04X" % ord(c))
            for c in v)
    if isinstance(v, float):                     # "%.17g", always a real
        s = "%.17g" % v
        s = s if "." in s or "e" in s else s + ".0"
        if "e" in s:
            mant, exp = s.split("e")
            s = mant + "e" + exp.lstrip("+").replace("-0", "-").lstrip("0")
        return s
    return json.dumps(v)                         # {} [] int true false null

def event_index(events, seq):
    i = int(seq) - 1 if str(seq).isdigit() else -1
    if not 0 <= i < len(events):
        die("no event %s (there are %d)" % (seq, len(events)))
    return i

def set_member(ev, key, value):
    if key not in INT_KEYS + STR_KEYS:
        die("unknown member %r (one of %s)" % (key, " ".join(INT_KEYS + STR_KEYS)))
    if key in INT_KEYS:
        if not re.fullmatch(r"-?[0-9]+", str(value)) or isinstance(value, bool):
            die("%s must be an integer, not %r" % (key, value))
        value = int(value)
    elif not isinstance(value, str):
        die("%s must be a string" % key)
    ev[key] = value

def apply_ops(events, ops):
    """Applies (op, args) in order to a list of events with export keys."""
    for op, args in ops:
        if op == "set":
            key, eq, value = args[1].partition("=")
            if not eq:
                die("--set wants SEQ KEY=VALUE")
            set_member(events[event_index(events, args[0])], key, value)
        elif op == "drop":
            del events[event_index(events, args[0])]
        elif op == "dup":
            i = event_index(events, args[0])
            events.insert(i + 1, dict(copy.deepcopy(events[i]),
                                      uuid=str(uuid.uuid4())))
        elif op == "swap":
            a, b = event_index(events, args[0]), event_index(events, args[1])
            events[a], events[b] = events[b], events[a]
        elif op == "append":
            prev = events[-1] if events else {k: 0 for k in INT_KEYS}
            ev = dict({k: "" for k in STR_KEYS}, uuid=str(uuid.uuid4()),
                      **{k: prev[k] for k in INT_KEYS})
            given = json.loads(args[0])
            if not isinstance(given, dict):
                die("--append wants a JSON object")
            for k, v in given.items():
                set_member(ev, k, v)
            events.append(ev)

def cmd_export(a):
    """Forges IN into OUT, written as irt writes exports (byte-identical
    when there are no ops)."""
    with open(a.IN, encoding="utf-8") as f:
        doc = json.load(f)
    inc, events = doc["incident"], doc["events"]
    apply_ops(events, a.ops)
    inc["head_hash"] = rechain(inc["uuid"], events)
    inc["events"] = len(events)
    doc["events"] = [event_json(ev) for ev in events]
    with open(a.OUT, "w", encoding="utf-8") as f:
        f.write(dumps(doc) + "\n")

def fail(msg):
    print(msg)
    return 1

def cmd_check(a):
    """Exit status 0 when the chain, the redundant members and the head agree."""
    with open(a.EXPORT, encoding="utf-8") as f:
        doc = json.load(f)
    inc, prev = doc["incident"], GENESIS
    for i, ev in enumerate(doc["events"], 1):
        if (ev.get("seq") != i or ev.get("prev_hash") != prev or
                chain_hash(inc["uuid"], ev) != ev.get("hash")):
            return fail("bad hash at seq %d" % i)
        if event_json(ev) != ev:        # the redundant members disagree
            return fail("bad at/recorded/backdated/data at seq %d" % i)
        prev = ev["hash"]
    if inc.get("head_hash") != (prev if doc["events"] else "") or \
            inc.get("events") != len(doc["events"]):
        return fail("bad incident head_hash or events count")
    print("ok: %d events" % len(doc["events"]))
    return 0

SLOTS, SPILL = 16384, 1 << 62        # data/migrations/010-search-time.sql

def unindex(con, event_id, text):
    """Takes an event's text (as it was indexed) out of the search index."""
    row = con.execute("SELECT key FROM search_keys WHERE event_id = ?",
                      (event_id,)).fetchone()
    if row:
        con.execute("INSERT INTO search_fts(search_fts, rowid, text) "
                    "VALUES ('delete', ?, ?)", (row[0], text))
        con.execute("DELETE FROM search_keys WHERE event_id = ?", (event_id,))

def index(con, event_id, incident_id, at_ms, text):
    """Puts an event's text in the search index under the key the
    events_search trigger gives it: by at_ms, else from SPILL up."""
    key = None
    if -(1 << 48) <= at_ms < (1 << 48):
        base = at_ms * SLOTS
        n, = con.execute("SELECT coalesce(max(key) - ? + 1, 0) FROM "
                         "search_keys WHERE key BETWEEN ? AND ?",
                         (base, base, base + SLOTS - 1)).fetchone()
        key = base + n if n < SLOTS else None
    if key is None:
        key, = con.execute("SELECT coalesce(max(key) + 1, ?) FROM search_keys "
                           "WHERE key >= ?", (SPILL, SPILL)).fetchone()
    con.execute("INSERT INTO search_keys (key, event_id, incident_id) "
                "VALUES (?, ?, ?)", (key, event_id, incident_id))
    con.execute("INSERT INTO search_fts (rowid, text) VALUES (?, ?)",
                (key, text))

def psql(uri, sql):
    """Runs sql with psql on uri in one transaction; returns its output."""
    r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                        "--single-transaction", "-d", uri],
                       input=sql, capture_output=True, text=True)
    if r.returncode != 0:
        die("psql: " + r.stderr.strip())
    return r.stdout

def pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"

def cmd_db_pg(a, cols):
    """cmd_db on a PostgreSQL database: read as JSON, written as one script."""
    keys = ("id", "uuid", "seq") + INT_KEYS + STR_KEYS
    out = psql(a.DB, "SET search_path = irt;\n"
               "SELECT json_build_object('uuid', (SELECT uuid FROM incidents "
               "WHERE id = %d), 'events', (SELECT coalesce(json_agg(e ORDER BY "
               "seq), '[]') FROM (SELECT %s FROM events WHERE incident_id = %d)"
               " e))" % (a.INCIDENT_ID, ", ".join(cols), a.INCIDENT_ID))
    doc = json.loads(out)
    if doc["uuid"] is None:
        die("no incident %d" % a.INCIDENT_ID)
    events = [dict(zip(keys, (r[c] for c in cols))) for r in doc["events"]]
    before = [ev["id"] for ev in events]
    apply_ops(events, a.ops)
    kept = {ev["id"] for ev in events}
    head = rechain(doc["uuid"], events)
    sql = ["SET search_path = irt;",
           "LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE;",
           "ALTER TABLE events DISABLE TRIGGER %s;" % PG_TRIGGER]
    sql += ["DELETE FROM events WHERE id = %d;" % i for i in before
            if i not in kept]
    for ev in events:                   # seq only falls, so never collides
        sets = ["%s = %s" % (c, pg_literal(ev[k]))
                for c, k in zip(cols[2:], keys[2:])]
        sets += ["prev_hash = %s" % pg_literal(ev["prev_hash"]),
                 "hash = %s" % pg_literal(ev["hash"])]
        sql.append("UPDATE events SET %s WHERE id = %d;" % (", ".join(sets),
                                                           ev["id"]))
    sql.append("UPDATE incidents SET n_events = %d, head_hash = %s WHERE id = "
               "%d;" % (len(events), pg_literal(head), a.INCIDENT_ID))
    sql.append("ALTER TABLE events ENABLE TRIGGER %s;" % PG_TRIGGER)
    psql(a.DB, "\n".join(sql) + "\n")

def cmd_db(a):
    """Forges one incident's events in place, in one write transaction."""
    cols = ("id", "uuid", "seq") + tuple(DB_COLUMN.get(k, k)
                                         for k in INT_KEYS + STR_KEYS)
    if re.match(r"postgres(ql)?://", a.DB):
        return cmd_db_pg(a, cols)
    con = sqlite3.connect(a.DB, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        row = con.execute("SELECT uuid FROM incidents WHERE id = ?",
                          (a.INCIDENT_ID,)).fetchone() or die(
                              "no incident %d" % a.INCIDENT_ID)
        trigger_sql = [sql for sql, in con.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            "(?, ?) ORDER BY name DESC", TRIGGERS)]    # update, then delete
        if len(trigger_sql) != len(TRIGGERS):
            die("the append-only triggers are missing")
        for name in TRIGGERS:
            con.execute("DROP TRIGGER " + name)
        # The rows with export key names, so that the ops are shared.
        keys = ("id", "uuid", "seq") + INT_KEYS + STR_KEYS
        events = [dict(zip(keys, r)) for r in con.execute(
            "SELECT %s FROM events WHERE incident_id = ? ORDER BY seq"
            % ", ".join(cols), (a.INCIDENT_ID,))]
        before = [(ev["id"], ev["text"]) for ev in events]
        apply_ops(events, a.ops)
        kept = {ev["id"] for ev in events}
        # Keep the search index (search_keys, search_fts) in step, as an
        # attacker would (else `irt search` still finds the old text).
        for rowid, text in before:
            if text:
                unindex(con, rowid, text)
            if rowid not in kept:
                con.execute("DELETE FROM events WHERE id = ?", (rowid,))
        head = rechain(row[0], events)
        # Deletes first, then ascending: seq only falls, so never collides.
        for ev in events:
            con.execute("UPDATE events SET %s, prev_hash = ?, hash = ? WHERE "
                        "id = ?" % ", ".join(c + " = ?" for c in cols[2:]),
                        [ev[k] for k in keys[2:]] +
                        [ev["prev_hash"], ev["hash"], ev["id"]])
            if ev["text"]:
                index(con, ev["id"], a.INCIDENT_ID, ev["at_ms"], ev["text"])
        con.execute("UPDATE incidents SET n_events = ?, head_hash = ? WHERE "
                    "id = ?", (len(events), head, a.INCIDENT_ID))
        for sql in trigger_sql:
            con.execute(sql)
        con.execute("COMMIT")
    finally:
        if con.in_transaction:
            con.execute("ROLLBACK")
        con.close()

class Op(argparse.Action):
    """Collects every op, in command-line order, into namespace.ops."""
    def __call__(self, parser, ns, values, option_string=None):
        ns.ops.append((self.dest, values))

def main():
    p = argparse.ArgumentParser(
        prog="forge.py", usage=argparse.SUPPRESS, description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    e, d, c = (sub.add_parser(n) for n in ("export", "db", "check"))
    for q, name in ((e, "IN"), (e, "OUT"), (d, "DB"), (c, "EXPORT")):
        q.add_argument(name)
    d.add_argument("INCIDENT_ID", type=int)
    for q in (e, d):
        q.set_defaults(ops=[])
        q.add_argument("--set", nargs=2, action=Op, metavar=("SEQ", "KEY=VALUE"))
        q.add_argument("--drop", nargs=1, action=Op, metavar="SEQ")
    e.add_argument("--dup", nargs=1, action=Op, metavar="SEQ")
    e.add_argument("--swap", nargs=2, action=Op, metavar=("A", "B"))
    e.add_argument("--append", nargs=1, action=Op, metavar="JSON")
    a = p.parse_args()
    return {"export": cmd_export, "db": cmd_db, "check": cmd_check}[a.cmd](a)

if __name__ == "__main__":
    sys.exit(main())
