-- Executive decisions, from the notice of a proposed decision (its forward
-- plan entry) to the published record, its call-in and the day it takes
-- effect. The first table held one flat record; the cycle needs its dates,
-- its exceptions and its call-in, so it is rebuilt and the rows carried.
CREATE TABLE decisions_cycle (
	id                  INTEGER PRIMARY KEY,
	reference           TEXT NOT NULL UNIQUE CHECK (reference GLOB '[0-9][0-9]/[0-9][0-9][0-9][0-9][0-9]'),
	title               TEXT NOT NULL CHECK (title <> ''),
	-- draft: not yet public; notice: on the forward plan; decided: taken,
	-- record not yet published; published: the record is out.
	state               TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'notice', 'deferred', 'withdrawn', 'decided', 'published')),
	state_reason        TEXT NOT NULL DEFAULT '',
	state_changed_on    TEXT,
	decision_maker      TEXT NOT NULL CHECK (decision_maker <> ''),
	decision_maker_kind TEXT NOT NULL DEFAULT 'member' CHECK (decision_maker_kind IN ('member', 'body', 'officer')),
	body_id             INTEGER REFERENCES bodies(id),
	key_decision        INTEGER NOT NULL DEFAULT 0 CHECK (key_decision IN (0, 1)),
	key_spending        INTEGER NOT NULL DEFAULT 0 CHECK (key_spending IN (0, 1)),
	key_divisions       INTEGER NOT NULL DEFAULT 0 CHECK (key_divisions IN (0, 1)),
	all_divisions       INTEGER NOT NULL DEFAULT 0 CHECK (all_divisions IN (0, 1)),
	divisions           TEXT NOT NULL DEFAULT '',
	notice_published_on TEXT,
	lead_member         TEXT NOT NULL DEFAULT '',
	lead_director       TEXT NOT NULL DEFAULT '',
	contact_name        TEXT NOT NULL DEFAULT '',
	contact_job_title   TEXT NOT NULL DEFAULT '',
	contact_telephone   TEXT NOT NULL DEFAULT '',
	contact_email       TEXT NOT NULL DEFAULT '',
	consultees          TEXT NOT NULL DEFAULT '',
	proposed_decision   TEXT NOT NULL DEFAULT '',
	further_information TEXT NOT NULL DEFAULT '',
	financial_implications       TEXT NOT NULL DEFAULT '',
	legal_implications           TEXT NOT NULL DEFAULT '',
	equalities_implications      TEXT NOT NULL DEFAULT '',
	data_protection_implications TEXT NOT NULL DEFAULT '',
	-- open, part exempt or fully exempt under a paragraph of Schedule 12A;
	-- exempt_information is the part only those entitled may read.
	restriction         TEXT NOT NULL DEFAULT 'open' CHECK (restriction IN ('open', 'part-exempt', 'fully-exempt')),
	exempt_paragraph    INTEGER,
	exempt_information  TEXT NOT NULL DEFAULT '',
	-- general: regulation 10; special-urgency: regulation 11.
	exception           TEXT NOT NULL DEFAULT '' CHECK (exception IN ('', 'general', 'special-urgency')),
	exception_chairman_informed_on TEXT,
	exception_agreed_by TEXT NOT NULL DEFAULT '',
	exception_agreed_on TEXT,
	exception_reasons   TEXT NOT NULL DEFAULT '',
	exception_notice_published_on TEXT,
	decision            TEXT NOT NULL DEFAULT '',
	decided_on          TEXT,
	reasons             TEXT NOT NULL DEFAULT '',
	alternatives        TEXT NOT NULL DEFAULT '',
	conflicts_of_interest TEXT NOT NULL DEFAULT '',
	dispensation        TEXT NOT NULL DEFAULT '',
	published_on        TEXT,
	subject_to_call_in  INTEGER NOT NULL DEFAULT 1 CHECK (subject_to_call_in IN (0, 1)),
	not_call_in_reason  TEXT NOT NULL DEFAULT '',
	effective_from      TEXT,
	called_in_on        TEXT,
	called_in_by        TEXT NOT NULL DEFAULT '',
	call_in_reasons     TEXT NOT NULL DEFAULT '',
	call_in_outcome     TEXT NOT NULL DEFAULT '' CHECK (call_in_outcome IN ('', 'no-further-action', 'referred-to-decision-maker', 'referred-to-council')),
	call_in_outcome_on  TEXT,
	changed_decision    TEXT NOT NULL DEFAULT '',
	CHECK ((restriction = 'open' AND exempt_paragraph IS NULL) OR (restriction <> 'open' AND exempt_paragraph BETWEEN 1 AND 7)),
	CHECK (key_decision = 1 OR (key_spending = 0 AND key_divisions = 0))
);

INSERT INTO decisions_cycle (id, reference, title, state, decision_maker, body_id, key_decision, key_spending,
	key_divisions, all_divisions, divisions, notice_published_on, lead_member, lead_director, contact_name,
	consultees, proposed_decision, further_information, financial_implications, legal_implications,
	equalities_implications, data_protection_implications, decision, decided_on, published_on,
	subject_to_call_in, effective_from)
SELECT id, reference, title,
	CASE WHEN published_on IS NOT NULL THEN 'published' WHEN decided_on IS NOT NULL THEN 'decided'
		WHEN notice_published_on IS NOT NULL THEN 'notice' ELSE 'draft' END,
	CASE WHEN decision_maker = '' THEN 'Leader of the Council' ELSE decision_maker END, body_id, key_decision,
	key_decision AND key_reason LIKE '%spend%', key_decision AND key_reason LIKE '%ivision%',
	divisions LIKE '(All%', CASE WHEN divisions LIKE '(All%' THEN '' ELSE divisions END,
	notice_published_on, lead_member, lead_director, contact, consultees, proposed_decision, further_information,
	financial_implications, legal_implications, equalities_implications, data_protection_implications,
	decision, decided_on, published_on, subject_to_call_in, effective_from
FROM decisions;

DROP TABLE decisions;
ALTER TABLE decisions_cycle RENAME TO decisions;
-- Lists read a state's decisions newest first.
CREATE INDEX decisions_by_state ON decisions(state, published_on, notice_published_on, reference);

-- A committee consulted on a proposed decision: the agenda item that
-- considered it, whose minute carries the committee's resolution.
CREATE TABLE decision_consultations (
	id             INTEGER PRIMARY KEY,
	decision_id    INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
	agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
	endorsed       INTEGER NOT NULL DEFAULT 1 CHECK (endorsed IN (0, 1)),
	UNIQUE (decision_id, agenda_item_id)
);
CREATE INDEX decision_consultations_item ON decision_consultations(agenda_item_id);

CREATE TABLE decision_documents (
	id               INTEGER PRIMARY KEY,
	decision_id      INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
	document_id      INTEGER NOT NULL REFERENCES documents(id),
	title            TEXT NOT NULL CHECK (title <> ''),
	exempt_paragraph INTEGER CHECK (exempt_paragraph IS NULL OR exempt_paragraph BETWEEN 1 AND 7),
	position         INTEGER NOT NULL
);
CREATE INDEX decision_documents_decision ON decision_documents(decision_id, position);
