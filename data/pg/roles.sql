-- irt's roles on a team server (docs/team-server.md): who may append and
-- who may only read. Run by the schema owner, the role that ran
-- data/pg/001-init.sql and owns the database and the schema irt, after
-- every migration (each may add a table); it can be run again any time
-- and leaves the same privileges:
--
--   psql --single-transaction -v ON_ERROR_STOP=1 -f data/pg/roles.sql
--
-- Two group roles (NOLOGIN); people log in as their own roles, members
-- of one of them (GRANT irt_responder TO alice):
--
--   irt_responder  reads everything; appends to the append-only tables
--                  (events, policy_events, ledger, signatures) and
--                  writes the projections irt rewrites with each event
--                  (incidents, actions, notifications, policy: INSERT and
--                  UPDATE, for INSERT ... ON CONFLICT DO UPDATE and the
--                  writers' locks), and inserts into the hook state
--                  (hook_fired). Never UPDATE, DELETE or TRUNCATE on
--                  any table, nor DELETE or TRUNCATE on a projection.
--   irt_auditor    reads everything, writes nothing.
--
-- Neither owns a table, so neither can drop one, alter it or disable its
-- triggers; the append-only tables' triggers (001-init.sql) refuse
-- UPDATE, DELETE and TRUNCATE even to a role granted more by mistake,
-- and to the owner. The owner can still disable a trigger or drop a
-- table: what that changes, irt verify detects (docs/integrity.md).
-- The schema owner needs CREATEROLE the first time, to create the two
-- group roles; they are the cluster's, shared by its every database.
-- Also: CONNECT to this database only for the two roles (and the owner).

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'irt') THEN
		RAISE EXCEPTION 'irt: this database has no irt schema: run data/pg/001-init.sql first';
	END IF;
	IF (SELECT nspowner FROM pg_namespace WHERE nspname = 'irt') <>
	   (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
		RAISE EXCEPTION 'irt: run roles.sql as the schema owner, %, not as %',
			(SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'irt'),
			current_user;
	END IF;
	IF (SELECT datdba FROM pg_database WHERE datname = current_database()) <>
	   (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN
		RAISE EXCEPTION 'irt: the schema owner % does not own the database %: createdb -O %',
			current_user, current_database(), current_user;
	END IF;
	IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
		RAISE EXCEPTION 'irt: the schema owner % is a superuser: give the schema to a role of its own (docs/team-server.md)',
			current_user;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'irt_responder') THEN
		CREATE ROLE irt_responder NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'irt_auditor') THEN
		CREATE ROLE irt_auditor NOLOGIN;
	END IF;
	IF pg_has_role(current_user, 'irt_responder', 'USAGE') OR
	   pg_has_role(current_user, 'irt_auditor', 'USAGE') THEN
		RAISE EXCEPTION 'irt: the schema owner % must be neither a responder nor an auditor',
			current_user;
	END IF;
	EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
	EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO irt_responder, irt_auditor',
	               current_database());
END
$$;

-- From nothing, each time: what an earlier run or someone else granted
-- to PUBLIC or the two roles goes.
REVOKE ALL ON SCHEMA irt FROM PUBLIC, irt_responder, irt_auditor;
REVOKE ALL ON ALL TABLES IN SCHEMA irt FROM PUBLIC, irt_responder, irt_auditor;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA irt FROM PUBLIC, irt_responder, irt_auditor;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA irt FROM PUBLIC, irt_responder, irt_auditor;

GRANT USAGE ON SCHEMA irt TO irt_responder, irt_auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA irt TO irt_responder, irt_auditor;

-- The append-only tables: INSERT, nothing more.
GRANT INSERT ON irt.events, irt.policy_events, irt.ledger, irt.signatures
	TO irt_responder;
-- The projections: INSERT and UPDATE (for ON CONFLICT DO UPDATE, and for
-- LOCK TABLE irt.incidents IN SHARE ROW EXCLUSIVE MODE and SELECT ... FOR
-- UPDATE, which need UPDATE), never DELETE or TRUNCATE.
GRANT INSERT, UPDATE ON irt.incidents, irt.actions, irt.notifications,
	irt.policy TO irt_responder;
-- The hook state (004-hook-state.sql), beside the record: irt due
-- claims an overdue hook's run with an INSERT; nothing is rewritten.
GRANT INSERT ON irt.hook_fired TO irt_responder;

-- Tables a later migration adds are readable by both before this file
-- runs again; what else they allow, it says then.
ALTER DEFAULT PRIVILEGES IN SCHEMA irt
	GRANT SELECT ON TABLES TO irt_responder, irt_auditor;
