-- irt schema version 1.
-- events is the timeline, the source of truth: append-only (triggers).
-- incidents, actions and notifications are projections of the events,
-- written in the same transaction as the event that changes them.

CREATE TABLE incidents (
	id INTEGER PRIMARY KEY,               -- the short number, #42
	uuid TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	component TEXT NOT NULL DEFAULT '',
	scope TEXT NOT NULL DEFAULT '',
	impact TEXT NOT NULL DEFAULT '',
	containment TEXT NOT NULL DEFAULT '',
	root_cause TEXT NOT NULL DEFAULT '',
	fix_ref TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT '',
	lessons TEXT NOT NULL DEFAULT '',
	reporter TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	channel TEXT NOT NULL DEFAULT '',
	reported TEXT NOT NULL DEFAULT '',
	cve TEXT NOT NULL DEFAULT '',
	embargo TEXT NOT NULL DEFAULT '',
	advisory TEXT NOT NULL DEFAULT '',
	severity TEXT NOT NULL DEFAULT '',
	cvss TEXT NOT NULL DEFAULT '',
	severity_rank INTEGER NOT NULL DEFAULT 0,
	cvss_score REAL NOT NULL DEFAULT -1,
	cvss_version TEXT NOT NULL DEFAULT '',
	reported_ms INTEGER NOT NULL DEFAULT 0,
	stage INTEGER NOT NULL DEFAULT 0,
	prev_stage INTEGER NOT NULL DEFAULT 0,
	resolution INTEGER NOT NULL DEFAULT 0,
	owner TEXT NOT NULL DEFAULT '',       -- who is responsible now
	owner_detect TEXT NOT NULL DEFAULT '',
	owner_contain TEXT NOT NULL DEFAULT '',
	owner_fix TEXT NOT NULL DEFAULT '',
	owner_notify TEXT NOT NULL DEFAULT '',
	owner_review TEXT NOT NULL DEFAULT '',
	entered_detect INTEGER NOT NULL DEFAULT 0,
	entered_contain INTEGER NOT NULL DEFAULT 0,
	entered_fix INTEGER NOT NULL DEFAULT 0,
	entered_notify INTEGER NOT NULL DEFAULT 0,
	entered_review INTEGER NOT NULL DEFAULT 0,
	entered_closed INTEGER NOT NULL DEFAULT 0,
	left_detect INTEGER NOT NULL DEFAULT 0,
	left_contain INTEGER NOT NULL DEFAULT 0,
	left_fix INTEGER NOT NULL DEFAULT 0,
	left_notify INTEGER NOT NULL DEFAULT 0,
	left_review INTEGER NOT NULL DEFAULT 0,
	left_closed INTEGER NOT NULL DEFAULT 0,
	acked_ms INTEGER NOT NULL DEFAULT 0,
	created_ms INTEGER NOT NULL DEFAULT 0,
	updated_ms INTEGER NOT NULL DEFAULT 0,
	actions_none TEXT NOT NULL DEFAULT '',
	n_events INTEGER NOT NULL DEFAULT 0,
	head_hash TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incidents_stage ON incidents(stage, id);

CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	seq INTEGER NOT NULL,
	uuid TEXT NOT NULL UNIQUE,
	at_ms INTEGER NOT NULL,
	recorded_ms INTEGER NOT NULL,
	actor TEXT NOT NULL,
	kind TEXT NOT NULL,
	field TEXT NOT NULL DEFAULT '',
	old_value TEXT NOT NULL DEFAULT '',
	new_value TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (incident_id, seq)
);
CREATE INDEX events_timeline ON events(incident_id, at_ms, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'the timeline is append-only: events cannot be changed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'the timeline is append-only: events cannot be deleted');
END;

CREATE TABLE actions (
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	n INTEGER NOT NULL,
	title TEXT NOT NULL,
	type TEXT NOT NULL,
	owner TEXT NOT NULL DEFAULT '',
	due_ms INTEGER NOT NULL DEFAULT 0,
	created_ms INTEGER NOT NULL DEFAULT 0,
	done_ms INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (incident_id, n)
);

CREATE TABLE notifications (
	incident_id INTEGER NOT NULL REFERENCES incidents(id),
	seq INTEGER NOT NULL,
	audience TEXT NOT NULL,
	channel TEXT NOT NULL DEFAULT '',
	recipients TEXT NOT NULL DEFAULT '',
	subject TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT '',
	at_ms INTEGER NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

-- Full-text index over notes (and other free text on the timeline).
CREATE VIRTUAL TABLE notes_fts USING fts5(text, content='events', content_rowid='id');
CREATE TRIGGER events_fts AFTER INSERT ON events WHEN new.text <> ''
BEGIN
	INSERT INTO notes_fts(rowid, text) VALUES (new.id, new.text);
END;
