-- The audit log is read by action and by meeting. Its subject names the
-- meeting as "meeting 12" or "item 3 of meeting 12"; a virtual column reads
-- the id from it, so the log is indexed by meeting without rewriting a line.
ALTER TABLE audit_log ADD COLUMN meeting_id INTEGER GENERATED ALWAYS AS (
	CASE
	WHEN subject GLOB 'meeting [1-9]*' AND substr(subject, 9) NOT GLOB '*[^0-9]*'
		THEN CAST(substr(subject, 9) AS INTEGER)
	WHEN subject GLOB 'item * of meeting [1-9]*' AND substr(subject, instr(subject, ' of meeting ') + 12) NOT GLOB '*[^0-9]*'
		THEN CAST(substr(subject, instr(subject, ' of meeting ') + 12) AS INTEGER)
	END) VIRTUAL;
CREATE INDEX audit_log_meeting ON audit_log(meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log(action);
