-- The schema irt as the catalog holds it, one line a thing, sorted:
-- "KIND NAME<TAB>DETAIL". irt verify compares it with schema.txt, its
-- output on a database this irt's migrations made
-- (tools/pg-schema-lines.sh writes schema.txt again after a migration is
-- added). Owners and privileges are left out: they are the server's
-- (data/pg/roles.sql), not the schema's.
SELECT line FROM (
	SELECT 'relation ' || c.relname || E'\t' || c.relkind::text ||
		CASE WHEN c.relrowsecurity THEN ' row security' ELSE '' END AS line
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'irt'
	UNION ALL
	SELECT 'column ' || c.relname || '.' || a.attname || E'\t' ||
		pg_catalog.format_type(a.atttypid, a.atttypmod) ||
		CASE WHEN a.attnotnull THEN ' not null' ELSE '' END ||
		coalesce(' default ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') ||
		CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END ||
		CASE WHEN a.attgenerated <> '' THEN ' generated ' || a.attgenerated::text ELSE '' END
	FROM pg_catalog.pg_attribute a
	JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	WHERE n.nspname = 'irt' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
		AND a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	SELECT 'constraint ' || k.conname || E'\t' || c.relname || ' ' ||
		pg_catalog.pg_get_constraintdef(k.oid) ||
		CASE WHEN k.convalidated THEN '' ELSE ' not valid' END
	FROM pg_catalog.pg_constraint k
	JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'irt'
	UNION ALL
	SELECT 'index ' || ic.relname || E'\t' || pg_catalog.pg_get_indexdef(i.indexrelid) ||
		CASE WHEN i.indisvalid THEN '' ELSE ' invalid' END
	FROM pg_catalog.pg_index i
	JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
	JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'irt'
	UNION ALL
	-- Triggers, irt's and any other on irt's tables, with whether they
	-- fire (tgenabled O); the foreign keys' own triggers only when one
	-- does not.
	SELECT 'trigger ' || t.tgname || E'\t' || c.relname || ' ' || t.tgenabled::text || ' ' ||
		pg_catalog.pg_get_triggerdef(t.oid)
	FROM pg_catalog.pg_trigger t
	JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'irt' AND (NOT t.tgisinternal OR t.tgenabled <> 'O')
	UNION ALL
	SELECT 'function ' || p.proname || '(' ||
		pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' || E'\t' ||
		pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
			pg_catalog.pg_get_functiondef(p.oid), 'UTF8')), 'hex')
	FROM pg_catalog.pg_proc p
	JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
	WHERE n.nspname = 'irt'
	UNION ALL
	SELECT 'rule ' || r.rulename || E'\t' || c.relname || ' ' ||
		pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(
			pg_catalog.pg_get_ruledef(r.oid), 'UTF8')), 'hex')
	FROM pg_catalog.pg_rewrite r
	JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'irt' AND r.rulename <> '_RETURN'
	UNION ALL
	SELECT 'policy ' || pol.polname || E'\t' || c.relname
	FROM pg_catalog.pg_policy pol
	JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE n.nspname = 'irt'
) lines ORDER BY line COLLATE "C"
