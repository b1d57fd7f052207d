-- irt schema: which overdue hooks have fired (hooks.h, docs/hooks.md).
--
-- Not part of the record: nothing here is chained, in the ledger, signed
-- or exported, and irt verify does not read it. A deadline's overdue
-- state follows from the events and the policy alone; this table only
-- remembers that `irt due` has told the hooks about it, so that they are
-- told once per incident, deadline and due time. The primary key makes
-- the claim atomic: of two irt processes (two hosts' cron jobs on one
-- server), the one whose row goes in runs the hooks, the other does not.
-- A due time moved by a change of severity or report time is a new
-- deadline and fires again.
CREATE TABLE hook_fired (
	incident_uuid TEXT NOT NULL,
	kind TEXT NOT NULL,
	deadline TEXT NOT NULL,
	due_ms INTEGER NOT NULL,
	fired_ms INTEGER NOT NULL,
	actor TEXT NOT NULL,
	PRIMARY KEY (incident_uuid, kind, deadline, due_ms)
) WITHOUT ROWID;
