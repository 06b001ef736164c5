-- An item whose paper was "to follow" and arrived after the agenda was
-- published goes out in the supplementary agenda pack.
ALTER TABLE agenda_items ADD COLUMN supplement INTEGER NOT NULL DEFAULT 0 CHECK (supplement IN (0, 1));
