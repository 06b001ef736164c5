-- The committee record: who sits where, when they meet, what is on the
-- agenda, and what the minutes say. Times are UTC RFC 3339 text; dates are
-- YYYY-MM-DD text.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE party_groups (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL UNIQUE,
	position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisations (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE people (
	id              INTEGER PRIMARY KEY,
	title           TEXT NOT NULL DEFAULT '',
	name            TEXT NOT NULL CHECK (name <> ''),
	surname         TEXT NOT NULL CHECK (surname <> ''),
	honours         TEXT NOT NULL DEFAULT '',
	party_group_id  INTEGER REFERENCES party_groups(id),
	organisation_id INTEGER REFERENCES organisations(id),
	job_title       TEXT NOT NULL DEFAULT '',
	division        TEXT NOT NULL DEFAULT '',
	email           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX people_surname ON people(surname);

CREATE TABLE bodies (
	id                 INTEGER PRIMARY KEY,
	name               TEXT NOT NULL UNIQUE CHECK (name <> ''),
	type               TEXT NOT NULL CHECK (type IN ('council', 'cabinet', 'cabinet-committee', 'scrutiny', 'regulatory', 'partnership', 'sub-committee')),
	seats              INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0),
	quorum             INTEGER NOT NULL DEFAULT 0 CHECK (quorum >= 0),
	parent_id          INTEGER REFERENCES bodies(id),
	section_codes      INTEGER NOT NULL DEFAULT 0 CHECK (section_codes IN (0, 1)),
	clear_days_reading TEXT NOT NULL DEFAULT 'working-days' CHECK (clear_days_reading IN ('working-days', 'section-243')),
	minute_numbering   TEXT NOT NULL DEFAULT 'continuous' CHECK (minute_numbering IN ('continuous', 'municipal-year')),
	venue              TEXT NOT NULL DEFAULT '',
	contact_name       TEXT NOT NULL DEFAULT '',
	contact_phone      TEXT NOT NULL DEFAULT '',
	contact_email      TEXT NOT NULL DEFAULT '',
	signatory_name     TEXT NOT NULL DEFAULT '',
	signatory_title    TEXT NOT NULL DEFAULT '',
	signatory_phone    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE body_group_seats (
	body_id        INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
	party_group_id INTEGER NOT NULL REFERENCES party_groups(id),
	seats          INTEGER NOT NULL CHECK (seats >= 0),
	PRIMARY KEY (body_id, party_group_id)
);

CREATE TABLE memberships (
	id        INTEGER PRIMARY KEY,
	body_id   INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
	person_id INTEGER NOT NULL REFERENCES people(id),
	role      TEXT NOT NULL CHECK (role IN ('chairman', 'vice-chairman', 'member', 'substitute', 'co-opted', 'adviser')),
	position  INTEGER NOT NULL DEFAULT 0,
	starts_on TEXT NOT NULL,
	ends_on   TEXT,
	CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX memberships_body ON memberships(body_id, starts_on);
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE meetings (
	id                   INTEGER PRIMARY KEY,
	body_id              INTEGER NOT NULL REFERENCES bodies(id),
	starts_at            TEXT NOT NULL,
	venue                TEXT NOT NULL DEFAULT '',
	status               TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'agenda-published', 'held', 'cancelled', 'postponed')),
	status_reason        TEXT NOT NULL DEFAULT '',
	webcast_url          TEXT NOT NULL DEFAULT '',
	exclusion_paragraphs TEXT NOT NULL DEFAULT '',
	published_at         TEXT,
	published_on_time    INTEGER CHECK (published_on_time IN (0, 1)),
	late_reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_starts ON meetings(starts_at);
CREATE INDEX meetings_body ON meetings(body_id, starts_at);

CREATE TABLE agenda_items (
	id               INTEGER PRIMARY KEY,
	meeting_id       INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	position         INTEGER NOT NULL,
	number           TEXT NOT NULL CHECK (number <> ''),
	code             TEXT NOT NULL DEFAULT '',
	title            TEXT NOT NULL CHECK (title <> ''),
	part             INTEGER NOT NULL DEFAULT 1 CHECK (part IN (1, 2)),
	exempt_paragraph INTEGER,
	to_follow        INTEGER NOT NULL DEFAULT 0 CHECK (to_follow IN (0, 1)),
	page_from        INTEGER,
	page_to          INTEGER,
	UNIQUE (meeting_id, number),
	UNIQUE (meeting_id, position),
	-- Schedule 12A, Part 1, paragraphs 1 to 7: a Part 2 item must name one.
	CHECK ((part = 1 AND exempt_paragraph IS NULL) OR (part = 2 AND exempt_paragraph BETWEEN 1 AND 7)),
	CHECK ((page_from IS NULL AND page_to IS NULL) OR (page_from >= 1 AND page_to >= page_from))
);
CREATE UNIQUE INDEX agenda_items_code ON agenda_items(meeting_id, code) WHERE code <> '';

CREATE TABLE documents (
	id           INTEGER PRIMARY KEY,
	sha256       TEXT NOT NULL,
	filename     TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL CHECK (size >= 0),
	pages        INTEGER,
	path         TEXT NOT NULL,
	created_at   TEXT NOT NULL
);

CREATE TABLE reports (
	id               INTEGER PRIMARY KEY,
	agenda_item_id   INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
	position         INTEGER NOT NULL DEFAULT 0,
	title            TEXT NOT NULL,
	from_text        TEXT NOT NULL DEFAULT '',
	to_text          TEXT NOT NULL DEFAULT '',
	author_person_id INTEGER REFERENCES people(id),
	summary          TEXT NOT NULL DEFAULT '',
	recommendation   TEXT NOT NULL DEFAULT '',
	contact          TEXT NOT NULL DEFAULT '',
	document_id      INTEGER REFERENCES documents(id),
	created_at       TEXT NOT NULL
);
CREATE INDEX reports_item ON reports(agenda_item_id);

CREATE TABLE attendance (
	id              INTEGER PRIMARY KEY,
	meeting_id      INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	person_id       INTEGER NOT NULL REFERENCES people(id),
	kind            TEXT NOT NULL CHECK (kind IN ('present', 'apologies', 'absent', 'substitute', 'also-present', 'in-attendance')),
	substitute_for  INTEGER REFERENCES people(id),
	capacity        TEXT NOT NULL DEFAULT '',
	remote          INTEGER NOT NULL DEFAULT 0 CHECK (remote IN (0, 1)),
	position        INTEGER NOT NULL DEFAULT 0,
	UNIQUE (meeting_id, person_id),
	CHECK ((kind = 'substitute') = (substitute_for IS NOT NULL))
);

CREATE TABLE declarations (
	id             INTEGER PRIMARY KEY,
	meeting_id     INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
	agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE CASCADE,
	person_id      INTEGER NOT NULL REFERENCES people(id),
	kind           TEXT NOT NULL CHECK (kind IN ('disclosable-pecuniary', 'other-significant', 'voluntary')),
	description    TEXT NOT NULL DEFAULT ''
);

-- One set of minutes per meeting and version: a correction to signed
-- minutes is a new version with its own approval and signature.
CREATE TABLE minute_sets (
	id                  INTEGER PRIMARY KEY,
	meeting_id          INTEGER NOT NULL REFERENCES meetings(id),
	version             INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'chair-review', 'unconfirmed', 'approved', 'signed')),
	approved_by_minute  INTEGER REFERENCES minute_items(id),
	approved_on         TEXT,
	signed_by           INTEGER REFERENCES people(id),
	signed_at           TEXT,
	sha256              TEXT NOT NULL DEFAULT '',
	UNIQUE (meeting_id, version),
	CHECK ((status = 'signed') = (signed_at IS NOT NULL AND sha256 <> ''))
);

-- Minute numbers run on across a committee's meetings and are never reused,
-- so each number is allocated once here and kept even if its minute goes.
CREATE TABLE minute_numbers (
	body_id    INTEGER NOT NULL REFERENCES bodies(id),
	series     TEXT NOT NULL DEFAULT '',
	number     INTEGER NOT NULL CHECK (number >= 1),
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	PRIMARY KEY (body_id, series, number)
);

CREATE TABLE minute_items (
	id             INTEGER PRIMARY KEY,
	minute_set_id  INTEGER NOT NULL REFERENCES minute_sets(id) ON DELETE CASCADE,
	body_id        INTEGER NOT NULL,
	series         TEXT NOT NULL DEFAULT '',
	number         INTEGER NOT NULL,
	agenda_item_id INTEGER REFERENCES agenda_items(id),
	title          TEXT NOT NULL CHECK (title <> ''),
	position       INTEGER NOT NULL,
	UNIQUE (minute_set_id, number),
	FOREIGN KEY (body_id, series, number) REFERENCES minute_numbers(body_id, series, number)
);
CREATE INDEX minute_items_set ON minute_items(minute_set_id, position);

CREATE TABLE minute_paragraphs (
	id             INTEGER PRIMARY KEY,
	minute_item_id INTEGER NOT NULL REFERENCES minute_items(id) ON DELETE CASCADE,
	position       INTEGER NOT NULL,
	kind           TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'resolution')),
	numbered       INTEGER NOT NULL DEFAULT 1 CHECK (numbered IN (0, 1)),
	markdown       TEXT NOT NULL,
	UNIQUE (minute_item_id, position)
);

CREATE TABLE recorded_votes (
	id               INTEGER PRIMARY KEY,
	paragraph_id     INTEGER NOT NULL REFERENCES minute_paragraphs(id) ON DELETE CASCADE,
	person_id        INTEGER NOT NULL REFERENCES people(id),
	vote             TEXT NOT NULL CHECK (vote IN ('for', 'against', 'abstain')),
	dissent_recorded INTEGER NOT NULL DEFAULT 0 CHECK (dissent_recorded IN (0, 1)),
	UNIQUE (paragraph_id, person_id)
);

CREATE TABLE actions (
	id              INTEGER PRIMARY KEY,
	minute_item_id  INTEGER NOT NULL REFERENCES minute_items(id) ON DELETE CASCADE,
	description     TEXT NOT NULL CHECK (description <> ''),
	owner_person_id INTEGER REFERENCES people(id),
	due_on          TEXT,
	status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped'))
);

CREATE TABLE decisions (
	id                           INTEGER PRIMARY KEY,
	reference                    TEXT NOT NULL UNIQUE CHECK (reference GLOB '[0-9][0-9]/[0-9][0-9][0-9][0-9][0-9]'),
	title                        TEXT NOT NULL,
	decision_maker               TEXT NOT NULL DEFAULT '',
	status                       TEXT NOT NULL DEFAULT '',
	key_decision                 INTEGER NOT NULL DEFAULT 0 CHECK (key_decision IN (0, 1)),
	key_reason                   TEXT NOT NULL DEFAULT '',
	divisions                    TEXT NOT NULL DEFAULT '',
	notice_published_on          TEXT,
	decision_due                 TEXT NOT NULL DEFAULT '',
	lead_member                  TEXT NOT NULL DEFAULT '',
	lead_director                TEXT NOT NULL DEFAULT '',
	contact                      TEXT NOT NULL DEFAULT '',
	consultees                   TEXT NOT NULL DEFAULT '',
	financial_implications       TEXT NOT NULL DEFAULT '',
	legal_implications           TEXT NOT NULL DEFAULT '',
	equalities_implications      TEXT NOT NULL DEFAULT '',
	data_protection_implications TEXT NOT NULL DEFAULT '',
	proposed_decision            TEXT NOT NULL DEFAULT '',
	further_information          TEXT NOT NULL DEFAULT '',
	decision                     TEXT NOT NULL DEFAULT '',
	published_on                 TEXT,
	decided_on                   TEXT,
	subject_to_call_in           INTEGER NOT NULL DEFAULT 1 CHECK (subject_to_call_in IN (0, 1)),
	effective_from               TEXT,
	body_id                      INTEGER REFERENCES bodies(id),
	agenda_item_id               INTEGER REFERENCES agenda_items(id)
);

CREATE TABLE work_programme_items (
	id         INTEGER PRIMARY KEY,
	body_id    INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
	meeting_on TEXT,
	title      TEXT NOT NULL CHECK (title <> ''),
	officers   TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX work_programme_body ON work_programme_items(body_id, meeting_on);
