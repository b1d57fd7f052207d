-- irt schema version 2: the team's response policy (DESIGN §3).
-- policy_events is the policy timeline, the source of truth: append-only
-- (triggers), one row per audited change, hash-chained like events (one
-- chain for the whole database; see policy.h). policy holds the current
-- value of each key that was ever set, in canonical text form, written in
-- the same transaction as the change; keys absent take irt's defaults.

CREATE TABLE policy (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE policy_events (
	id INTEGER PRIMARY KEY,
	seq INTEGER NOT NULL UNIQUE,
	uuid TEXT NOT NULL UNIQUE,
	at_ms INTEGER NOT NULL,
	recorded_ms INTEGER NOT NULL,
	actor TEXT NOT NULL,
	key TEXT NOT NULL,
	old_value TEXT NOT NULL DEFAULT '',
	new_value TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);

CREATE TRIGGER policy_events_no_update BEFORE UPDATE ON policy_events
BEGIN
	SELECT RAISE(ABORT, 'the policy timeline is append-only: changes cannot be edited');
END;
CREATE TRIGGER policy_events_no_delete BEFORE DELETE ON policy_events
BEGIN
	SELECT RAISE(ABORT, 'the policy timeline is append-only: changes cannot be deleted');
END;
