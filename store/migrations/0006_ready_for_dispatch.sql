-- A clerk marks an agenda ready: it is then published and sent on the
-- morning of the last day that gives five clear days. A clerk whose agenda
-- is not ready two working days before that is reminded, once.
ALTER TABLE meetings ADD COLUMN ready_for_dispatch INTEGER NOT NULL DEFAULT 0 CHECK (ready_for_dispatch IN (0, 1));
ALTER TABLE meetings ADD COLUMN reminded_at TEXT;
