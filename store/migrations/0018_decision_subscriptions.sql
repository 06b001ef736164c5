-- The public can follow the forward plan and executive decisions as they
-- follow a committee's agendas, with the same double opt-in: a subscription
-- is to a topic, and only an agendas subscription names a body. Members and
-- those subscribers are emailed a decision's record, or a new forward plan
-- entry, in the outbox's new kinds; detail holds the public words of the
-- email as they stood when it was queued.
--
-- SQLite cannot widen a CHECK or drop a NOT NULL in place, so both tables
-- are rebuilt. The outbox goes first, so that dropping the subscriptions it
-- refers to breaks no foreign key.
CREATE TEMP TABLE subscriptions_was AS SELECT * FROM subscriptions;
CREATE TEMP TABLE outbox_was AS SELECT * FROM outbox;
DROP TABLE outbox;
DROP TABLE subscriptions;

CREATE TABLE subscriptions (
	id              INTEGER PRIMARY KEY,
	topic           TEXT NOT NULL DEFAULT 'agendas' CHECK (topic IN ('agendas', 'forward-plan', 'decisions')),
	body_id         INTEGER REFERENCES bodies(id) ON DELETE CASCADE,
	email           TEXT NOT NULL COLLATE NOCASE CHECK (email LIKE '%_@_%'),
	token           TEXT NOT NULL UNIQUE,
	created_at      TEXT NOT NULL,
	confirmed_at    TEXT,
	unsubscribed_at TEXT,
	confirm_token   TEXT,
	UNIQUE (body_id, email),
	CHECK ((topic = 'agendas') = (body_id IS NOT NULL))
);
INSERT INTO subscriptions (id, topic, body_id, email, token, created_at, confirmed_at, unsubscribed_at, confirm_token)
	SELECT id, 'agendas', body_id, email, token, created_at, confirmed_at, unsubscribed_at, confirm_token FROM subscriptions_was;
CREATE UNIQUE INDEX subscriptions_confirm_token ON subscriptions(confirm_token);
-- One subscription per address to each topic without a body.
CREATE UNIQUE INDEX subscriptions_topic ON subscriptions(topic, email) WHERE body_id IS NULL;

CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	message_id      TEXT NOT NULL UNIQUE,
	kind            TEXT NOT NULL DEFAULT 'agenda' CHECK (kind IN ('agenda', 'confirm-subscription', 'reminder', 'chair-review',
		'meeting-changed', 'ready-to-sign', 'decision-published', 'forward-plan-entry')),
	publication_id  INTEGER REFERENCES agenda_publications(id),
	meeting_id      INTEGER REFERENCES meetings(id),
	decision_id     INTEGER REFERENCES decisions(id),
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
	CHECK ((kind = 'agenda') = (publication_id IS NOT NULL)),
	-- A decision's emails carry no exempt information to anyone.
	CHECK ((kind IN ('decision-published', 'forward-plan-entry')) = (decision_id IS NOT NULL)),
	CHECK (decision_id IS NULL OR entitled = 0)
);
INSERT INTO outbox (id, message_id, kind, publication_id, meeting_id, subscription_id, recipient_email, recipient_name,
	entitled, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at, detail)
	SELECT id, message_id, kind, publication_id, meeting_id, subscription_id, recipient_email, recipient_name,
	entitled, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at, detail FROM outbox_was;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox(meeting_id, publication_id);
CREATE INDEX outbox_decision ON outbox(decision_id);

DROP TABLE subscriptions_was;
DROP TABLE outbox_was;
