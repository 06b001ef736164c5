-- Public subscriptions to a committee's agendas: double opt-in, and a token
-- that unsubscribes in one click.
CREATE TABLE subscriptions (
	id              INTEGER PRIMARY KEY,
	body_id         INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
	email           TEXT NOT NULL COLLATE NOCASE CHECK (email LIKE '%_@_%'),
	token           TEXT NOT NULL UNIQUE,
	created_at      TEXT NOT NULL,
	confirmed_at    TEXT,
	unsubscribed_at TEXT,
	UNIQUE (body_id, email)
);

-- Messages owed, written in the same transaction as the publication (or
-- subscription) that causes them, and sent by a worker. A message keeps its
-- Message-ID across retries; it is marked sent only after the server
-- accepted it. A message left "sending" by a crash is sent again when its
-- lease runs out.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	message_id      TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL DEFAULT 'agenda' CHECK (kind IN ('agenda', 'confirm-subscription', 'reminder', 'chair-review')),
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
	UNIQUE (publication_id, recipient_email),
	-- A subscriber never receives exempt papers.
	CHECK (subscription_id IS NULL OR entitled = 0),
	CHECK ((kind = 'agenda') = (publication_id IS NOT NULL))
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox(meeting_id, publication_id);
