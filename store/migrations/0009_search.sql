-- Full-text search over what minutebook publishes: minutes' paragraphs and
-- agenda item titles. Rows are keyed by rowid = id * 4 + kind (0 a minute
-- paragraph, 1 an agenda item), so that a change finds its row at once.
-- Drafts are indexed too; searches only return what is published.
CREATE VIRTUAL TABLE search_text USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');

INSERT INTO search_text (rowid, text) SELECT id * 4, markdown FROM minute_paragraphs;
INSERT INTO search_text (rowid, text) SELECT id * 4 + 1, title FROM agenda_items;

CREATE TRIGGER minute_paragraphs_search_insert AFTER INSERT ON minute_paragraphs
BEGIN
	INSERT INTO search_text (rowid, text) VALUES (NEW.id * 4, NEW.markdown);
END;
CREATE TRIGGER minute_paragraphs_search_update AFTER UPDATE OF markdown ON minute_paragraphs
BEGIN
	DELETE FROM search_text WHERE rowid = OLD.id * 4;
	INSERT INTO search_text (rowid, text) VALUES (NEW.id * 4, NEW.markdown);
END;
CREATE TRIGGER minute_paragraphs_search_delete AFTER DELETE ON minute_paragraphs
BEGIN
	DELETE FROM search_text WHERE rowid = OLD.id * 4;
END;

CREATE TRIGGER agenda_items_search_insert AFTER INSERT ON agenda_items
BEGIN
	INSERT INTO search_text (rowid, text) VALUES (NEW.id * 4 + 1, NEW.title);
END;
CREATE TRIGGER agenda_items_search_update AFTER UPDATE OF title ON agenda_items
BEGIN
	DELETE FROM search_text WHERE rowid = OLD.id * 4 + 1;
	INSERT INTO search_text (rowid, text) VALUES (NEW.id * 4 + 1, NEW.title);
END;
CREATE TRIGGER agenda_items_search_delete AFTER DELETE ON agenda_items
BEGIN
	DELETE FROM search_text WHERE rowid = OLD.id * 4 + 1;
END;
