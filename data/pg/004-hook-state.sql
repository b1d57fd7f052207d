-- 004-hook-state.sql - which overdue hooks have fired (hooks.h,
-- docs/hooks.md), as data/migrations/013-hook-state.sql keeps it on
-- SQLite.
--
-- Not part of the record: nothing here is chained, in the ledger, signed
-- or exported, and irt verify does not read it. The primary key makes
-- the claim atomic: of two hosts' cron jobs running irt due against this
-- server, the one whose row goes in runs the overdue hooks, the other
-- does not. Responders insert (data/pg/roles.sql); nobody updates.
DO $$
DECLARE
	v bigint;
BEGIN
	PERFORM pg_advisory_xact_lock(6910580);
	SELECT max(version) INTO v FROM irt.schema_version;
	IF v IS DISTINCT FROM 3 THEN
		RAISE EXCEPTION 'irt: the schema is at version %; 004-hook-state.sql applies to version 3 and was not applied',
			v
			USING ERRCODE = 'duplicate_schema';
	END IF;
END
$$;

SET search_path = irt;

CREATE TABLE hook_fired (
	incident_uuid text NOT NULL,
	kind text NOT NULL,
	deadline text NOT NULL,
	due_ms bigint NOT NULL,
	fired_ms bigint NOT NULL,
	actor text NOT NULL,
	PRIMARY KEY (incident_uuid, kind, deadline, due_ms)
);

INSERT INTO schema_version (version, name) VALUES (4, '004-hook-state.sql');
