-- irt schema version 12: where a long note's tokens start, so that a
-- search hit's snippet is found without reading the note up to its
-- match (db_search_marks.c).
--
-- For each event whose text is 8 KiB or longer, search_marks holds, under
-- its search_keys key, the note's token count and the byte offset of
-- every 512th token. Like search_fts it is derived from events, written
-- in the same transaction as the event, and not part of the record: a
-- blob that disagrees with its note's token count is ignored. irt fills
-- it for the notes already there as it applies this migration.

CREATE TABLE search_marks (
	key INTEGER PRIMARY KEY REFERENCES search_keys(key),
	marks BLOB NOT NULL
);
