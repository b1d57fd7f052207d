-- 002-notes-words.sql - notes_fts on the words irt cuts, as SQLite's FTS5
-- (unicode61) cuts them.
--
-- The server's 'simple' parser, in the C locale a team server's database
-- is made with, takes every non-ASCII character for a letter and keeps
-- some ASCII punctuation inside words: "admin<U+200B>istrator" was one
-- word, and so were "v1.2.3", an e-mail address, "back—then". The index
-- is now over the text with every run of characters that are not part
-- of a word (the complement of token_char() in src/core/db_search_pg.c:
-- ASCII letters and digits, and every other code point but the
-- punctuation, symbols, spaces, controls and invisible characters of
-- the common blocks) replaced by one space, so that the parser sees the
-- words FTS5 sees. Searches use the same expression (DB_PG_NOTES_WORDS
-- in src/core/db_internal.h): any change to it is a new migration.
DO $$
DECLARE
	v bigint;
BEGIN
	PERFORM pg_advisory_xact_lock(6910580);
	SELECT max(version) INTO v FROM irt.schema_version;
	IF v IS DISTINCT FROM 1 THEN
		RAISE EXCEPTION 'irt: the schema is at version %; 002-notes-words.sql applies to version 1 and was not applied',
			v
			USING ERRCODE = 'duplicate_schema';
	END IF;
END
$$;

SET search_path = irt;

DROP INDEX notes_fts;
CREATE INDEX notes_fts ON events USING gin (to_tsvector('simple',
	regexp_replace(text, '[^0-9A-Za-z\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00BC-\u00BE\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2070-\u209F\u20D0-\u218F\u2C00-\u2FFF\u3040-\uFE2F\uFE50-\uFEFE\uFF10-\uFF19\uFF21-\uFFFC\uFFFE-\U0001EFFF\U0001FB00-\U0010FFFF]+', ' ', 'g')));

INSERT INTO schema_version (version, name) VALUES (2, '002-notes-words.sql');
