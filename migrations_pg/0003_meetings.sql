-- Meetings (issue 4): agenda release tracking, moved dates of a series, calendar feed tokens.

-- Set when the agenda is changed after its release; cleared by the next release.
ALTER TABLE meetings ADD COLUMN agenda_changed_after_release BOOLEAN NOT NULL DEFAULT FALSE;
-- The original start of a meeting of a series that was moved to another date.
ALTER TABLE meetings ADD COLUMN moved_from TEXT;

-- One secret iCalendar feed token per user; only its SHA-256 is stored.
CREATE TABLE calendar_tokens (
    tenant_id  BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    user_id    BIGINT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CALL sachstand_secure('calendar_tokens');

CREATE INDEX agenda_items_meeting ON agenda_items (tenant_id, meeting_id, position);
CREATE INDEX agenda_comments_item ON agenda_comments (tenant_id, agenda_item_id);
CREATE INDEX decisions_item ON decisions (tenant_id, agenda_item_id);
CREATE INDEX tasks_owner ON tasks (tenant_id, owner_id, state);
CREATE INDEX tasks_measure ON tasks (tenant_id, measure_id);
CREATE INDEX tasks_item ON tasks (tenant_id, agenda_item_id);
CREATE INDEX participants_person ON participants (tenant_id, person_id);
CREATE INDEX agenda_item_measures_measure ON agenda_item_measures (tenant_id, measure_id);

-- Optimistic locking of agenda items (item edit and minutes by two AG members at once).
ALTER TABLE agenda_items ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
