-- irt schema version 6: the intake fields the disclosure policy asks a
-- report to carry besides its description and affected component:
-- reproduction steps and a proof of concept (incident.h). Projections of
-- "set" events like every other field column.

ALTER TABLE incidents ADD COLUMN repro TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN poc TEXT NOT NULL DEFAULT '';
