-- Issue 3: revision change records, optimistic locking for expectations and budget lines.

-- What a revision (Fortschreibung) of a programme's paper added, removed or changed.
CREATE TABLE revision_changes (
    id          INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL REFERENCES revisions (id),
    entity      TEXT NOT NULL CHECK (entity IN ('ziel', 'massnahme')),
    entity_id   INTEGER,
    label       TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('neu', 'entfallen', 'geaendert')),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX revision_changes_revision ON revision_changes (revision_id);

ALTER TABLE expectations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE budget_lines ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE fields ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
