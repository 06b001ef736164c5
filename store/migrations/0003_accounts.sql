-- Accounts, sessions and the audit log.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (email LIKE '%_@_%'),
	name          TEXT NOT NULL CHECK (name <> ''),
	role          TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'chair', 'member')),
	person_id     INTEGER REFERENCES people(id),
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	disabled_at   TEXT
);

-- The committees a clerk looks after, or a member or chairman sits on when
-- their account is not linked to a person with a membership.
CREATE TABLE user_bodies (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	body_id INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, body_id)
);

-- The table github.com/alexedwards/scs/sqlite3store keeps sessions in.
CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions(expiry);

CREATE TABLE audit_log (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	user_id INTEGER REFERENCES users(id),
	actor   TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	action  TEXT NOT NULL,
	subject TEXT NOT NULL DEFAULT '',
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);

-- The audit log is a record of what happened: nothing may rewrite it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

-- Every issue of an agenda: the first publication, supplementary agendas
-- for papers that were to follow, and re-issues with their reasons.
CREATE TABLE agenda_publications (
	id           INTEGER PRIMARY KEY,
	meeting_id   INTEGER NOT NULL REFERENCES meetings(id),
	kind         TEXT NOT NULL CHECK (kind IN ('agenda', 'supplementary', 'reissue')),
	published_at TEXT NOT NULL,
	user_id      INTEGER REFERENCES users(id),
	on_time      INTEGER NOT NULL CHECK (on_time IN (0, 1)),
	reason       TEXT NOT NULL DEFAULT '',
	CHECK (kind = 'agenda' OR reason <> '' OR kind = 'supplementary')
);
CREATE INDEX agenda_publications_meeting ON agenda_publications(meeting_id, published_at);
