-- Messages owed, written in the same transaction as the publication that
-- causes them, and sent by a worker. A message keeps its Message-ID across
-- retries; it is marked sent only after the server accepted it. A message
-- left "sending" by a crash is sent again when its lease runs out.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	message_id      TEXT NOT NULL UNIQUE,
	publication_id  INTEGER NOT NULL REFERENCES agenda_publications(id),
	meeting_id      INTEGER NOT NULL REFERENCES meetings(id),
	recipient_email TEXT NOT NULL CHECK (recipient_email LIKE '%_@_%'),
	recipient_name  TEXT NOT NULL DEFAULT '',
	entitled        INTEGER NOT NULL CHECK (entitled IN (0, 1)),
	status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	lease_until     TEXT,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	sent_at         TEXT,
	UNIQUE (publication_id, recipient_email)
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox(meeting_id, publication_id);
