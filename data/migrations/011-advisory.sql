-- irt schema version 11: the fields a security advisory (CSAF, OSV:
-- `irt export --format csaf|osv`) names the affected software by: the
-- product, the affected versions (comma-separated), the first fixed
-- version and the package ecosystem (OSV's, e.g. "npm", "PyPI", "Debian").
-- Projections of "set" events like every other field column ("" = not
-- recorded).

ALTER TABLE incidents ADD COLUMN product TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN versions TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN fixed_version TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN ecosystem TEXT NOT NULL DEFAULT '';
