-- irt schema version 7: when the incident began (`started`), as far as
-- anyone can tell, which may be long before it was reported: the
-- post-mortem's time to detect is the report time less this. A time
-- field (UTC ISO 8601, "" = not known), the projection of "set" events
-- like every other field column.

ALTER TABLE incidents ADD COLUMN started TEXT NOT NULL DEFAULT '';
