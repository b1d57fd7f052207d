-- irt schema version 3: the ledger, one hash chain over everything the
-- database records (ledger.h): every incident event, policy change and
-- import appends one entry in the same transaction. Append-only
-- (triggers). Entries for what a database held before this version are
-- added when it is migrated, in the order the entries were recorded.

CREATE TABLE ledger (
	seq INTEGER PRIMARY KEY,
	recorded_ms INTEGER NOT NULL,
	kind TEXT NOT NULL,
	incident_uuid TEXT NOT NULL DEFAULT '',
	incident_id INTEGER NOT NULL DEFAULT 0,
	ref_uuid TEXT NOT NULL UNIQUE,
	ref_seq INTEGER NOT NULL,
	ref_hash TEXT NOT NULL,
	actor TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN
	SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be changed');
END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN
	SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be deleted');
END;
