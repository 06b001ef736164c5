-- Report authors receive the agenda their report is on.
ALTER TABLE reports ADD COLUMN author_email TEXT NOT NULL DEFAULT '';
