-- irt PostgreSQL schema version 1: the schema SQLite's migrations 001 to
-- 008 (data/migrations) leave, for a team server (docs/team-server.md).
--
-- Everything lives in the schema "irt", owned by the role that runs this
-- file: the schema owner, a role of its own that no responder or auditor
-- is (data/pg/roles.sql grants them what they may do). Run it in one
-- transaction, as the schema owner, on a UTF-8 database:
--
--   psql --single-transaction -v ON_ERROR_STOP=1 -f data/pg/001-init.sql
--
-- Versions. irt.schema_version holds one row per migration applied
-- (data/pg/NNN-*.sql), forward only; the schema's version is the highest,
-- as SQLite's is PRAGMA user_version. A migrator takes the transaction
-- lock pg_advisory_xact_lock(6910580) (6910580 is "irt" in ASCII) before
-- it reads the version, so two irt processes upgrading at once apply each
-- migration once; a client whose highest migration is below the version
-- it reads refuses the database (written by a newer irt) without
-- touching it. Every migration file checks the version it applies to
-- first and refuses any other, so one applied twice changes nothing.
--
-- Types round-trip what irt stores in SQLite: bigint for every INTEGER
-- (the *_ms times are UTC milliseconds), double precision for REAL, text
-- for TEXT. The columns, defaults, keys, unique keys, foreign keys and
-- indexes are SQLite's. events.id and policy_events.id, SQLite rowids
-- irt never sets, are identity columns: unique and increasing, but a
-- rolled-back insert leaves a gap.
--
-- Append-only. events (the timeline), policy_events (the policy's),
-- ledger, signatures and schema_version refuse UPDATE, DELETE and
-- TRUNCATE by trigger, for every role, their owner's included, with
-- SQLite's messages (SQLSTATE 23000, integrity_constraint_violation, as
-- SQLite reports a constraint). incidents, actions, notifications and
-- policy are projections irt rewrites in the same transaction as the
-- event: INSERT ... ON CONFLICT DO UPDATE where SQLite says INSERT OR
-- REPLACE. Nothing of irt's deletes a row.
--
-- Writers. The ledger is one chain over the whole database, and recorded
-- times never go backwards along it, so writes are serialised database
-- wide, as SQLite's BEGIN IMMEDIATE does. A write transaction:
--
--   BEGIN;
--   LOCK TABLE irt.incidents IN SHARE ROW EXCLUSIVE MODE;  -- one writer
--   SELECT n_events, head_hash FROM irt.incidents
--    WHERE id = $1 FOR UPDATE;                 -- the incident appended to
--   INSERT INTO irt.events ...; INSERT INTO irt.ledger ...;
--   INSERT INTO irt.incidents ... ON CONFLICT (id) DO UPDATE ...;
--   COMMIT;
--
-- The table lock conflicts with itself and with any change to incidents
-- (which every event brings), not with reads; only a role that may UPDATE incidents can take it, so an
-- auditor cannot hold writers up. The row lock serialises appends to the
-- one incident: its head (n_events, head_hash) is read under the lock the
-- append holds until it commits, and it keeps them serialised should
-- writes to different incidents ever run side by side. A writer that
-- skips both locks cannot fork a chain: UNIQUE (incident_id, seq) on
-- events and the ledger's key on seq refuse the second of two appends.
--
-- Full-text search. SQLite's FTS5 table notes_fts over events.text
-- becomes the GIN index notes_fts on to_tsvector('simple', text):
-- lower-cased words, no stemming and no stop words, as FTS5's unicode61
-- tokenizer (which also folds diacritics, which 'simple' does not). A
-- search must use that expression to use the index, each word of the
-- query a phrase as irt's FTS5 query is:
--
--   WHERE to_tsvector('simple', text) @@
--         (phraseto_tsquery('simple', $1) && phraseto_tsquery('simple', $2))

-- Refuses this file unless the database is UTF-8 and without irt, and
-- the owner-to-be no superuser.
DO $$
DECLARE
	v bigint;
BEGIN
	PERFORM pg_advisory_xact_lock(6910580);
	IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
		RAISE EXCEPTION 'irt: % is a superuser: the schema''s owner must be a role of its own (docs/team-server.md)',
			current_user;
	END IF;
	IF (SELECT pg_encoding_to_char(encoding) FROM pg_database
	    WHERE datname = current_database()) <> 'UTF8' THEN
		RAISE EXCEPTION 'irt: database % is not UTF-8: irt''s text would not round-trip; create it with createdb -E UTF8 -T template0',
			current_database();
	END IF;
	IF to_regclass('irt.schema_version') IS NOT NULL THEN
		SELECT max(version) INTO v FROM irt.schema_version;
		RAISE EXCEPTION 'irt: the schema is already at version %; 001-init.sql applies to a database without irt and was not applied',
			v
			USING ERRCODE = 'duplicate_schema';
	END IF;
	IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'irt') THEN
		RAISE EXCEPTION 'irt: the schema irt exists but has no schema_version: it is not irt''s; it was not touched'
			USING ERRCODE = 'duplicate_schema';
	END IF;
END
$$;

CREATE SCHEMA irt;
SET search_path = irt;

CREATE TABLE schema_version (
	version bigint PRIMARY KEY,           -- the migration's number, NNN
	name text NOT NULL,                   -- its file, NNN-*.sql
	applied_ms bigint NOT NULL
		DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
	applied_by text NOT NULL DEFAULT session_user
);

-- The append-only tables' trigger: refuses the statement with
-- TG_ARGV[0] (UPDATE), TG_ARGV[1] (DELETE) or TG_ARGV[2] (TRUNCATE).
CREATE FUNCTION append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	RAISE EXCEPTION USING
		ERRCODE = 'integrity_constraint_violation',
		MESSAGE = CASE TG_OP
			WHEN 'UPDATE' THEN TG_ARGV[0]
			WHEN 'DELETE' THEN TG_ARGV[1]
			ELSE TG_ARGV[2] END;
END
$$;

CREATE TRIGGER schema_version_append_only
BEFORE UPDATE OR DELETE ON schema_version
FOR EACH ROW EXECUTE FUNCTION append_only(
	'schema versions are append-only: they cannot be changed',
	'schema versions are append-only: they cannot be deleted',
	'schema versions are append-only: they cannot be truncated');
CREATE TRIGGER schema_version_no_truncate
BEFORE TRUNCATE ON schema_version
FOR EACH STATEMENT EXECUTE FUNCTION append_only(
	'schema versions are append-only: they cannot be changed',
	'schema versions are append-only: they cannot be deleted',
	'schema versions are append-only: they cannot be truncated');

-- SQLite 001: the timeline and the incident projection.
CREATE TABLE incidents (
	id bigint PRIMARY KEY,                -- the short number, #42
	uuid text NOT NULL UNIQUE,
	title text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	component text NOT NULL DEFAULT '',
	scope text NOT NULL DEFAULT '',
	impact text NOT NULL DEFAULT '',
	containment text NOT NULL DEFAULT '',
	root_cause text NOT NULL DEFAULT '',
	fix_ref text NOT NULL DEFAULT '',
	summary text NOT NULL DEFAULT '',
	lessons text NOT NULL DEFAULT '',
	reporter text NOT NULL DEFAULT '',
	source text NOT NULL DEFAULT '',
	channel text NOT NULL DEFAULT '',
	reported text NOT NULL DEFAULT '',
	cve text NOT NULL DEFAULT '',
	embargo text NOT NULL DEFAULT '',
	advisory text NOT NULL DEFAULT '',
	severity text NOT NULL DEFAULT '',
	cvss text NOT NULL DEFAULT '',
	severity_rank bigint NOT NULL DEFAULT 0,
	cvss_score double precision NOT NULL DEFAULT -1,
	cvss_version text NOT NULL DEFAULT '',
	reported_ms bigint NOT NULL DEFAULT 0,
	stage bigint NOT NULL DEFAULT 0,
	prev_stage bigint NOT NULL DEFAULT 0,
	resolution bigint NOT NULL DEFAULT 0,
	owner text NOT NULL DEFAULT '',       -- who is responsible now
	owner_detect text NOT NULL DEFAULT '',
	owner_contain text NOT NULL DEFAULT '',
	owner_fix text NOT NULL DEFAULT '',
	owner_notify text NOT NULL DEFAULT '',
	owner_review text NOT NULL DEFAULT '',
	entered_detect bigint NOT NULL DEFAULT 0,
	entered_contain bigint NOT NULL DEFAULT 0,
	entered_fix bigint NOT NULL DEFAULT 0,
	entered_notify bigint NOT NULL DEFAULT 0,
	entered_review bigint NOT NULL DEFAULT 0,
	entered_closed bigint NOT NULL DEFAULT 0,
	left_detect bigint NOT NULL DEFAULT 0,
	left_contain bigint NOT NULL DEFAULT 0,
	left_fix bigint NOT NULL DEFAULT 0,
	left_notify bigint NOT NULL DEFAULT 0,
	left_review bigint NOT NULL DEFAULT 0,
	left_closed bigint NOT NULL DEFAULT 0,
	acked_ms bigint NOT NULL DEFAULT 0,
	created_ms bigint NOT NULL DEFAULT 0,
	updated_ms bigint NOT NULL DEFAULT 0,
	actions_none text NOT NULL DEFAULT '',
	n_events bigint NOT NULL DEFAULT 0,
	head_hash text NOT NULL DEFAULT '',
	-- SQLite 005: the post-mortem's fields that only people know.
	triggered_by text NOT NULL DEFAULT '',
	contributing_factors text NOT NULL DEFAULT '',
	response text NOT NULL DEFAULT '',
	went_well text NOT NULL DEFAULT '',
	went_wrong text NOT NULL DEFAULT '',
	lucky text NOT NULL DEFAULT '',
	-- SQLite 006: the intake fields.
	repro text NOT NULL DEFAULT '',
	poc text NOT NULL DEFAULT '',
	-- SQLite 007: when the incident began (UTC ISO 8601, '' = not known).
	started text NOT NULL DEFAULT ''
);
CREATE INDEX incidents_stage ON incidents (stage, id);

CREATE TABLE events (
	id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	incident_id bigint NOT NULL REFERENCES incidents (id),
	seq bigint NOT NULL,
	uuid text NOT NULL UNIQUE,
	at_ms bigint NOT NULL,
	recorded_ms bigint NOT NULL,
	actor text NOT NULL,
	kind text NOT NULL,
	field text NOT NULL DEFAULT '',
	old_value text NOT NULL DEFAULT '',
	new_value text NOT NULL DEFAULT '',
	text text NOT NULL DEFAULT '',
	data text NOT NULL DEFAULT '',
	prev_hash text NOT NULL,
	hash text NOT NULL,
	UNIQUE (incident_id, seq)
);
CREATE INDEX events_timeline ON events (incident_id, at_ms, seq);

-- Full-text index over notes (and other free text on the timeline).
CREATE INDEX notes_fts ON events USING gin (to_tsvector('simple', text));

CREATE TRIGGER events_append_only
BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION append_only(
	'the timeline is append-only: events cannot be changed',
	'the timeline is append-only: events cannot be deleted',
	'the timeline is append-only: events cannot be truncated');
CREATE TRIGGER events_no_truncate
BEFORE TRUNCATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION append_only(
	'the timeline is append-only: events cannot be changed',
	'the timeline is append-only: events cannot be deleted',
	'the timeline is append-only: events cannot be truncated');

CREATE TABLE actions (
	incident_id bigint NOT NULL REFERENCES incidents (id),
	n bigint NOT NULL,
	title text NOT NULL,
	type text NOT NULL,
	owner text NOT NULL DEFAULT '',
	due_ms bigint NOT NULL DEFAULT 0,
	created_ms bigint NOT NULL DEFAULT 0,
	done_ms bigint NOT NULL DEFAULT 0,
	-- SQLite 008: where the action is followed (an issue URL or key).
	ticket text NOT NULL DEFAULT '',
	PRIMARY KEY (incident_id, n)
);

CREATE TABLE notifications (
	incident_id bigint NOT NULL REFERENCES incidents (id),
	seq bigint NOT NULL,
	audience text NOT NULL,
	channel text NOT NULL DEFAULT '',
	recipients text NOT NULL DEFAULT '',
	subject text NOT NULL DEFAULT '',
	status text NOT NULL DEFAULT '',
	at_ms bigint NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

-- SQLite 002: the team's response policy and its timeline, one chain for
-- the whole database.
CREATE TABLE policy (
	key text PRIMARY KEY,
	value text NOT NULL
);

CREATE TABLE policy_events (
	id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	seq bigint NOT NULL UNIQUE,
	uuid text NOT NULL UNIQUE,
	at_ms bigint NOT NULL,
	recorded_ms bigint NOT NULL,
	actor text NOT NULL,
	key text NOT NULL,
	old_value text NOT NULL DEFAULT '',
	new_value text NOT NULL DEFAULT '',
	reason text NOT NULL DEFAULT '',
	prev_hash text NOT NULL,
	hash text NOT NULL
);

CREATE TRIGGER policy_events_append_only
BEFORE UPDATE OR DELETE ON policy_events
FOR EACH ROW EXECUTE FUNCTION append_only(
	'the policy timeline is append-only: changes cannot be edited',
	'the policy timeline is append-only: changes cannot be deleted',
	'the policy timeline is append-only: changes cannot be truncated');
CREATE TRIGGER policy_events_no_truncate
BEFORE TRUNCATE ON policy_events
FOR EACH STATEMENT EXECUTE FUNCTION append_only(
	'the policy timeline is append-only: changes cannot be edited',
	'the policy timeline is append-only: changes cannot be deleted',
	'the policy timeline is append-only: changes cannot be truncated');

-- SQLite 003: the ledger, one hash chain over everything recorded.
CREATE TABLE ledger (
	seq bigint PRIMARY KEY,
	recorded_ms bigint NOT NULL,
	kind text NOT NULL,
	incident_uuid text NOT NULL DEFAULT '',
	incident_id bigint NOT NULL DEFAULT 0,
	ref_uuid text NOT NULL UNIQUE,
	ref_seq bigint NOT NULL,
	ref_hash text NOT NULL,
	actor text NOT NULL DEFAULT '',
	data text NOT NULL DEFAULT '',
	prev_hash text NOT NULL,
	hash text NOT NULL
);

CREATE TRIGGER ledger_append_only
BEFORE UPDATE OR DELETE ON ledger
FOR EACH ROW EXECUTE FUNCTION append_only(
	'the ledger is append-only: entries cannot be changed',
	'the ledger is append-only: entries cannot be deleted',
	'the ledger is append-only: entries cannot be truncated');
CREATE TRIGGER ledger_no_truncate
BEFORE TRUNCATE ON ledger
FOR EACH STATEMENT EXECUTE FUNCTION append_only(
	'the ledger is append-only: entries cannot be changed',
	'the ledger is append-only: entries cannot be deleted',
	'the ledger is append-only: entries cannot be truncated');

-- SQLite 004: SSH signatures of entries' hashes.
CREATE TABLE signatures (
	hash text PRIMARY KEY,
	signature text NOT NULL
);

CREATE TRIGGER signatures_append_only
BEFORE UPDATE OR DELETE ON signatures
FOR EACH ROW EXECUTE FUNCTION append_only(
	'signatures are append-only: they cannot be changed',
	'signatures are append-only: they cannot be deleted',
	'signatures are append-only: they cannot be truncated');
CREATE TRIGGER signatures_no_truncate
BEFORE TRUNCATE ON signatures
FOR EACH STATEMENT EXECUTE FUNCTION append_only(
	'signatures are append-only: they cannot be changed',
	'signatures are append-only: they cannot be deleted',
	'signatures are append-only: they cannot be truncated');

INSERT INTO schema_version (version, name) VALUES (1, '001-init.sql');
