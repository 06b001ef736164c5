-- Everyone who had an agenda is told when the meeting moves or is called
-- off, and the Chairman when minutes are ready to sign. SQLite cannot widen
-- a CHECK in place, so the outbox is rebuilt with the new kinds and the
-- notice's own words (detail), as the statement of the change.
CREATE TABLE outbox_next (
	id              INTEGER PRIMARY KEY,
	message_id      TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL DEFAULT 'agenda' CHECK (kind IN ('agenda', 'confirm-subscription', 'reminder', 'chair-review',
		'meeting-changed', 'ready-to-sign')),
	publication_id  INTEGER REFERENCES agenda_publications(id),
	meeting_id      INTEGER REFERENCES meetings(id),
	subscription_id INTEGER REFERENCES subscriptions(id),
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
	detail          TEXT NOT NULL DEFAULT '',
	UNIQUE (publication_id, recipient_email),
	CHECK (subscription_id IS NULL OR entitled = 0),
	CHECK ((kind = 'agenda') = (publication_id IS NOT NULL))
);
INSERT INTO outbox_next (id, message_id, kind, publication_id, meeting_id, subscription_id, recipient_email, recipient_name,
	entitled, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at)
	SELECT id, message_id, kind, publication_id, meeting_id, subscription_id, recipient_email, recipient_name,
	entitled, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox(meeting_id, publication_id);

-- Each change to a meeting's date, place or status is a new revision of its
-- calendar event (RFC 5545 SEQUENCE), so that calendars replace the old one.
ALTER TABLE meetings ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
