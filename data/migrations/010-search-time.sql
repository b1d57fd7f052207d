-- irt schema version 10: the full-text index of timeline text is kept in
-- the order searches show it, newest first by when things happened
-- (at_ms, then entry order), so that a search reads the newest matches
-- off the index and stops, however many notes match.
--
-- search_keys gives every event with text a key that sorts as the
-- event does: at_ms * 16384 + n, where n counts the earlier events with
-- text at the same at_ms. Backdated and imported events take their
-- place by time, not by when they were entered. The few that cannot
-- (a 16385th event in one millisecond, a time beyond +/- 2^48 ms) take
-- keys from 2^62 up, in entry order, and searches merge them by their
-- time (db_event.c). search_fts indexes the events' text under those
-- keys, reading it back from events through search_text. Both are
-- derived from events, in the same transaction, by the trigger.

DROP TRIGGER events_fts;
DROP TABLE notes_fts;

CREATE TABLE search_keys (
	key INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL UNIQUE REFERENCES events(id),
	incident_id INTEGER NOT NULL REFERENCES incidents(id)
);
CREATE VIEW search_text (key, text) AS
	SELECT k.key, e.text FROM search_keys k JOIN events e ON e.id = k.event_id;
CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_text', content_rowid='key');

CREATE TRIGGER events_search AFTER INSERT ON events WHEN new.text <> ''
BEGIN
	INSERT INTO search_keys (key, event_id, incident_id)
	SELECT CASE WHEN base IS NOT NULL AND n < 16384 THEN base + n
	       ELSE (SELECT coalesce(max(key) + 1, 4611686018427387904)
	             FROM search_keys WHERE key >= 4611686018427387904) END,
	       new.id, new.incident_id
	FROM (SELECT base, (SELECT coalesce(max(key) - base + 1, 0) FROM search_keys
	                    WHERE key BETWEEN base AND base + 16383) AS n
	      FROM (SELECT CASE WHEN new.at_ms BETWEEN -281474976710656 AND 281474976710655
	                   THEN new.at_ms * 16384 END AS base));
	INSERT INTO search_fts (rowid, text)
	SELECT key, new.text FROM search_keys WHERE event_id = new.id;
END;

-- What the database holds: the same keys, numbered in one pass.
INSERT INTO search_keys (key, event_id, incident_id)
	SELECT at_ms * 16384 + n, id, incident_id
	FROM (SELECT id, incident_id, at_ms,
	             row_number() OVER (PARTITION BY at_ms ORDER BY id) - 1 AS n
	      FROM events WHERE text <> '')
	WHERE at_ms BETWEEN -281474976710656 AND 281474976710655 AND n < 16384;
INSERT INTO search_keys (key, event_id, incident_id)
	SELECT 4611686018427387904 + row_number() OVER (ORDER BY id) - 1, id, incident_id
	FROM events WHERE text <> '' AND id NOT IN (SELECT event_id FROM search_keys);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
-- One segment: a hit's lookup (a search by rank) reads one b-tree per
-- word, not one per batch of the rebuild.
INSERT INTO search_fts (search_fts) VALUES ('optimize');
