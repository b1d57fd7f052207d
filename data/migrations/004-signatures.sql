-- irt schema version 4: SSH signatures (sign.h). Each row is the armored
-- `ssh-keygen -Y sign -n irt` signature of one timeline entry's or policy
-- change's hash, by its actor's key, stored in the same transaction as
-- the entry. A signature is never part of what it signs: it is not in
-- the entry's canonical form, its chain or the ledger. Append-only
-- (triggers).

CREATE TABLE signatures (
	hash TEXT PRIMARY KEY,
	signature TEXT NOT NULL
);

CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN
	SELECT RAISE(ABORT, 'signatures are append-only: they cannot be changed');
END;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
BEGIN
	SELECT RAISE(ABORT, 'signatures are append-only: they cannot be deleted');
END;
