-- irt schema version 9: the ledger's import entries found by incident.
-- `irt show` lists where an incident's events were imported from; without
-- an index that is a scan of the whole ledger (an entry per event ever
-- recorded). Partial: only import entries are indexed, so recording an
-- event costs nothing more.

CREATE INDEX ledger_imports ON ledger(incident_uuid, seq) WHERE kind = 'import';
