-- Members' register of interests (Localism Act 2011, s29): the disclosable
-- pecuniary interests of The Relevant Authorities (Disclosable Pecuniary
-- Interests) Regulations 2012, and the other registrable interests of the
-- council's code of conduct. An interest that ends is given the day it
-- ended, never deleted, so the register keeps its history.
CREATE TABLE registered_interests (
	id            INTEGER PRIMARY KEY,
	person_id     INTEGER NOT NULL REFERENCES people(id),
	category      TEXT NOT NULL CHECK (category IN ('employment', 'sponsorship', 'contracts', 'land', 'licences',
		'corporate-tenancies', 'securities', 'other')),
	description   TEXT NOT NULL CHECK (trim(description) <> ''),
	-- Whose interest it is: the member's own or their spouse's or partner's.
	-- The published register does not say.
	whose         TEXT NOT NULL DEFAULT 'member' CHECK (whose IN ('member', 'partner')),
	registered_on TEXT NOT NULL CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	removed_on    TEXT CHECK (removed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CHECK (removed_on IS NULL OR removed_on >= registered_on)
);
CREATE INDEX registered_interests_person ON registered_interests(person_id);
-- One current entry for the same interest: the published register could
-- not tell two apart.
CREATE UNIQUE INDEX registered_interests_current ON registered_interests(person_id, category, description COLLATE NOCASE)
	WHERE removed_on IS NULL;
