-- A paper uploaded to a published agenda waits here, out of public view,
-- until the clerk has previewed what it sends and confirmed it.
CREATE TABLE pending_papers (
	id             INTEGER PRIMARY KEY,
	meeting_id     INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
	report         TEXT NOT NULL CHECK (json_valid(report)),
	created_by     INTEGER REFERENCES users(id),
	created_at     TEXT NOT NULL
);
CREATE INDEX pending_papers_meeting ON pending_papers(meeting_id);
