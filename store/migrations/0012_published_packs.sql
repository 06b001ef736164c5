-- What was published is kept as published, byte for byte: each issue of an
-- agenda (the first publication, a re-issue, a supplement) records the packs
-- it sent out, with their page ranges. A later change to the live record,
-- such as the previous minutes being signed, never alters an issued pack.
CREATE TABLE published_packs (
	id             INTEGER PRIMARY KEY,
	publication_id INTEGER NOT NULL REFERENCES agenda_publications(id),
	meeting_id     INTEGER NOT NULL REFERENCES meetings(id),
	kind           TEXT NOT NULL CHECK (kind IN ('public', 'members', 'supplementary', 'members-supplementary')),
	sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
	path           TEXT NOT NULL,
	size           INTEGER NOT NULL,
	pages          INTEGER NOT NULL CHECK (pages >= 1),
	ranges         TEXT NOT NULL DEFAULT '[]',
	UNIQUE (publication_id, kind)
);
CREATE INDEX published_packs_meeting ON published_packs(meeting_id, kind, id);
CREATE TRIGGER published_packs_no_update BEFORE UPDATE ON published_packs
BEGIN
	SELECT RAISE(ABORT, 'A published agenda pack cannot be changed: publish a re-issue.');
END;
CREATE TRIGGER published_packs_no_delete BEFORE DELETE ON published_packs
BEGIN
	SELECT RAISE(ABORT, 'A published agenda pack cannot be removed.');
END;
