-- irt schema version 5: the post-mortem's fields that only people know
-- (what triggered the incident, what contributed, how the response went,
-- what went well, what went wrong, where the team got lucky). Plain text
-- columns of the incidents projection, set with `irt set` like the rest.

ALTER TABLE incidents ADD COLUMN triggered_by TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN contributing_factors TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN response TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN went_well TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN went_wrong TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN lucky TEXT NOT NULL DEFAULT '';
