-- The signed record is everything the minutes say: the meeting's header,
-- attendance, declarations and agenda as well as the minutes themselves.
-- While a meeting's latest minutes are signed none of it may change; a
-- correction opens a new version first.
--
-- Each signature is sealed: the record as signed, its SHA-256, the SHA-256
-- of the seal before it (a hash chain over every signed record) and an
-- Ed25519 signature made with a key kept outside the database.
CREATE TABLE seals (
	id            INTEGER PRIMARY KEY,
	minute_set_id INTEGER NOT NULL UNIQUE REFERENCES minute_sets(id),
	record        BLOB NOT NULL,
	sha256        TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
	previous      TEXT NOT NULL CHECK (previous = '' OR length(previous) = 64),
	signature     BLOB NOT NULL CHECK (length(signature) = 64),
	public_key    TEXT NOT NULL CHECK (length(public_key) = 64)
);
CREATE TRIGGER seals_no_update BEFORE UPDATE ON seals
BEGIN
	SELECT RAISE(ABORT, 'A seal cannot be changed.');
END;
CREATE TRIGGER seals_no_delete BEFORE DELETE ON seals
BEGIN
	SELECT RAISE(ABORT, 'A seal cannot be removed.');
END;

CREATE TRIGGER attendance_signed_insert BEFORE INSERT ON attendance
WHEN (SELECT status FROM minute_sets WHERE meeting_id = NEW.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER attendance_signed_update BEFORE UPDATE ON attendance
WHEN (SELECT status FROM minute_sets WHERE meeting_id = OLD.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER attendance_signed_delete BEFORE DELETE ON attendance
WHEN (SELECT status FROM minute_sets WHERE meeting_id = OLD.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER declarations_signed_insert BEFORE INSERT ON declarations
WHEN (SELECT status FROM minute_sets WHERE meeting_id = NEW.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER declarations_signed_update BEFORE UPDATE ON declarations
WHEN (SELECT status FROM minute_sets WHERE meeting_id = OLD.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER declarations_signed_delete BEFORE DELETE ON declarations
WHEN (SELECT status FROM minute_sets WHERE meeting_id = OLD.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER agenda_items_signed_insert BEFORE INSERT ON agenda_items
WHEN (SELECT status FROM minute_sets WHERE meeting_id = NEW.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER agenda_items_signed_update BEFORE UPDATE ON agenda_items
WHEN (NEW.meeting_id IS NOT OLD.meeting_id OR NEW.position IS NOT OLD.position OR NEW.number IS NOT OLD.number OR NEW.code IS NOT OLD.code OR NEW.title IS NOT OLD.title OR NEW.part IS NOT OLD.part OR NEW.exempt_paragraph IS NOT OLD.exempt_paragraph) AND (SELECT status FROM minute_sets WHERE meeting_id = OLD.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER agenda_items_signed_delete BEFORE DELETE ON agenda_items
WHEN (SELECT status FROM minute_sets WHERE meeting_id = OLD.meeting_id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;

CREATE TRIGGER meetings_signed_update BEFORE UPDATE ON meetings
WHEN (NEW.body_id IS NOT OLD.body_id OR NEW.starts_at IS NOT OLD.starts_at OR NEW.venue IS NOT OLD.venue OR NEW.status IS NOT OLD.status OR NEW.status_reason IS NOT OLD.status_reason OR NEW.exclusion_paragraphs IS NOT OLD.exclusion_paragraphs) AND (SELECT status FROM minute_sets WHERE meeting_id = OLD.id ORDER BY version DESC LIMIT 1) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'The minutes of this meeting are signed, so its record (date, time, venue, attendance, declarations and agenda) cannot be changed. To put something right, start a correction on the minutes page: it becomes a new version for the committee to approve and the Chairman to sign.');
END;
