-- Days the council has declared closed (for example between Christmas and
-- New Year): they are not working days for the statutory deadlines.
CREATE TABLE closed_days (
	day    TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	reason TEXT NOT NULL DEFAULT ''
);
