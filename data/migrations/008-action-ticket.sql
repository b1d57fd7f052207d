-- irt schema version 8: where a corrective action is followed (an issue
-- URL or key), the optional "ticket" of its action event (event.h).
-- "" for every action recorded before, and for those followed nowhere
-- else.

ALTER TABLE actions ADD COLUMN ticket TEXT NOT NULL DEFAULT '';
