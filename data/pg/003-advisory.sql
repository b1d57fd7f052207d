-- 003-advisory.sql - SQLite's migration 011: the fields a security
-- advisory names the affected software by (product, versions,
-- fixed_version, ecosystem; data/migrations/011-advisory.sql), text
-- columns of incidents like every other field, '' = not recorded.
DO $$
DECLARE
	v bigint;
BEGIN
	PERFORM pg_advisory_xact_lock(6910580);
	SELECT max(version) INTO v FROM irt.schema_version;
	IF v IS DISTINCT FROM 2 THEN
		RAISE EXCEPTION 'irt: the schema is at version %; 003-advisory.sql applies to version 2 and was not applied',
			v
			USING ERRCODE = 'duplicate_schema';
	END IF;
END
$$;

SET search_path = irt;

ALTER TABLE incidents
	ADD COLUMN product text NOT NULL DEFAULT '',
	ADD COLUMN versions text NOT NULL DEFAULT '',
	ADD COLUMN fixed_version text NOT NULL DEFAULT '',
	ADD COLUMN ecosystem text NOT NULL DEFAULT '';

INSERT INTO schema_version (version, name) VALUES (3, '003-advisory.sql');
