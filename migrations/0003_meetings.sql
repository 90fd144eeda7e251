-- Meetings (issue 4): agenda release tracking, moved dates of a series, calendar feed tokens.

-- Set when the agenda is changed after its release; cleared by the next release.
ALTER TABLE meetings ADD COLUMN agenda_changed_after_release INTEGER NOT NULL DEFAULT 0
    CHECK (agenda_changed_after_release IN (0, 1));
-- The original start of a meeting of a series that was moved to another date.
ALTER TABLE meetings ADD COLUMN moved_from TEXT;

-- One secret iCalendar feed token per user; only its SHA-256 is stored.
CREATE TABLE calendar_tokens (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);
CREATE INDEX agenda_comments_item ON agenda_comments (agenda_item_id);
CREATE INDEX decisions_item ON decisions (agenda_item_id);
CREATE INDEX tasks_owner ON tasks (owner_id, state);
CREATE INDEX tasks_measure ON tasks (measure_id);
CREATE INDEX tasks_item ON tasks (agenda_item_id);
CREATE INDEX participants_person ON participants (person_id);
CREATE INDEX agenda_item_measures_measure ON agenda_item_measures (measure_id);

-- Optimistic locking of agenda items (item edit and minutes by two AG members at once).
ALTER TABLE agenda_items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
