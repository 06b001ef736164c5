-- Signed minutes are the legal record (LGA 1972, Sch. 12, para. 41): once a
-- set is signed, nothing in it may change, even by SQL. A correction is a
-- new version with its own approval and signature.
CREATE TRIGGER minute_sets_sealed BEFORE UPDATE ON minute_sets
WHEN OLD.status = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
CREATE TRIGGER minute_sets_sealed_delete BEFORE DELETE ON minute_sets
WHEN OLD.status = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;

CREATE TRIGGER minute_items_sealed_update BEFORE UPDATE ON minute_items
WHEN (SELECT status FROM minute_sets WHERE id = OLD.minute_set_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
CREATE TRIGGER minute_items_sealed_delete BEFORE DELETE ON minute_items
WHEN (SELECT status FROM minute_sets WHERE id = OLD.minute_set_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
CREATE TRIGGER minute_items_sealed_insert BEFORE INSERT ON minute_items
WHEN (SELECT status FROM minute_sets WHERE id = NEW.minute_set_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;

CREATE TRIGGER minute_paragraphs_sealed_update BEFORE UPDATE ON minute_paragraphs
WHEN (SELECT s.status FROM minute_sets s JOIN minute_items i ON i.minute_set_id = s.id WHERE i.id = OLD.minute_item_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
CREATE TRIGGER minute_paragraphs_sealed_delete BEFORE DELETE ON minute_paragraphs
WHEN (SELECT s.status FROM minute_sets s JOIN minute_items i ON i.minute_set_id = s.id WHERE i.id = OLD.minute_item_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
CREATE TRIGGER minute_paragraphs_sealed_insert BEFORE INSERT ON minute_paragraphs
WHEN (SELECT s.status FROM minute_sets s JOIN minute_items i ON i.minute_set_id = s.id WHERE i.id = NEW.minute_item_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;

CREATE TRIGGER recorded_votes_sealed_update BEFORE UPDATE ON recorded_votes
WHEN (SELECT s.status FROM minute_sets s JOIN minute_items i ON i.minute_set_id = s.id
	JOIN minute_paragraphs p ON p.minute_item_id = i.id WHERE p.id = OLD.paragraph_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
CREATE TRIGGER recorded_votes_sealed_delete BEFORE DELETE ON recorded_votes
WHEN (SELECT s.status FROM minute_sets s JOIN minute_items i ON i.minute_set_id = s.id
	JOIN minute_paragraphs p ON p.minute_item_id = i.id WHERE p.id = OLD.paragraph_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
CREATE TRIGGER recorded_votes_sealed_insert BEFORE INSERT ON recorded_votes
WHEN (SELECT s.status FROM minute_sets s JOIN minute_items i ON i.minute_set_id = s.id
	JOIN minute_paragraphs p ON p.minute_item_id = i.id WHERE p.id = NEW.paragraph_id) = 'signed'
BEGIN
	SELECT RAISE(ABORT, 'signed minutes cannot be changed: record a correction as a new version');
END;
