-- E-mail (issue 14): the transactional outbox, the status request round's mails, meeting
-- invitations, task reminders and each person's switched-off reminder kinds.

-- A message is inserted in the transaction of the event that causes it and sent later by the
-- background worker. States: queued (sent_at and failed_at NULL), being sent (sending_since
-- set), sent (sent_at), failed for good (failed_at, after the last attempt; an admin can retry).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    recipient_name  TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    -- one optional attachment (the iCalendar file of an invitation)
    attachment_name TEXT,
    attachment_type TEXT,
    attachment      TEXT,
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sending_since   TEXT,
    sent_at         TEXT,
    failed_at       TEXT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_created ON outbox (created_at);

-- Who was asked in a status request round (a report draft's `request_started_at`) and when
-- they were reminded.
CREATE TABLE request_mails (
    report_id   INTEGER NOT NULL REFERENCES reports (id),
    started_at  TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    asked_at    TEXT NOT NULL,
    reminded_at TEXT,
    PRIMARY KEY (report_id, started_at, person_id)
);

-- The invitation state of a meeting: the SEQUENCE last sent (RFC 5546) and who got it,
-- so that a moved meeting sends an update and a cancelled one a CANCEL to the same people.
CREATE TABLE meeting_invitations (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    sequence    INTEGER NOT NULL,
    sent_at     TEXT NOT NULL,
    -- the "Sachstand still owed" reminder before this meeting
    reminded_at TEXT,
    PRIMARY KEY (meeting_id, person_id)
);

-- One reminder per task and due date (a new due date gets a new reminder).
CREATE TABLE task_reminders (
    task_id    INTEGER NOT NULL REFERENCES tasks (id),
    due_on     TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (task_id, due_on)
);

-- Reminder kinds a person switched off (invitations and the round's first request always go).
CREATE TABLE mail_opt_outs (
    person_id INTEGER NOT NULL REFERENCES people (id),
    kind      TEXT NOT NULL CHECK (kind IN ('abfrage_erinnerung', 'sitzung_erinnerung', 'aufgabe_erinnerung', 'freigabe')),
    PRIMARY KEY (person_id, kind)
);
