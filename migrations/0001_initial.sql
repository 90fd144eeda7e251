-- Sachstand: the whole domain model of SPEC §3.
-- Conventions: dates are ISO text (YYYY-MM-DD), timestamps ISO-8601 UTC text,
-- money is integer euro cents, booleans are 0/1 integers. Standard SQL where possible
-- so that a PostgreSQL port stays mechanical.

-- ---------------------------------------------------------------- organisation
CREATE TABLE org_units (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    parent_id INTEGER REFERENCES org_units (id)
);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    function    TEXT NOT NULL,
    org_unit_id INTEGER REFERENCES org_units (id),
    email       TEXT,
    -- whether the person agreed to be named in council documents
    public_name INTEGER NOT NULL DEFAULT 0 CHECK (public_name IN (0, 1))
);

CREATE TABLE ag_memberships (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    ag_role   TEXT NOT NULL CHECK (ag_role IN ('leitung', 'mitglied', 'gast')),
    since     TEXT NOT NULL,
    until     TEXT
);

-- ---------------------------------------------------------------- accounts
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'ag', 'leitung', 'rat')),
    password_hash       TEXT NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    person_id           INTEGER REFERENCES people (id),
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

-- Server-side sessions. Only a SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Person-days an org unit can give the programme per half-year (realism check).
CREATE TABLE capacities (
    id          INTEGER PRIMARY KEY,
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    year        INTEGER NOT NULL,
    half        INTEGER NOT NULL CHECK (half IN (1, 2)),
    person_days INTEGER NOT NULL CHECK (person_days >= 0),
    UNIQUE (org_unit_id, year, half)
);

-- ---------------------------------------------------------------- programme
CREATE TABLE programmes (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    short_title     TEXT NOT NULL,
    scope           TEXT NOT NULL,
    resolution_no   TEXT,
    resolution_date TEXT,
    body            TEXT,
    description     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE revisions (
    id             INTEGER PRIMARY KEY,
    programme_id   INTEGER NOT NULL REFERENCES programmes (id),
    version        TEXT NOT NULL,
    revised_on     TEXT NOT NULL,
    summary        TEXT NOT NULL,
    resolution_ref TEXT,
    UNIQUE (programme_id, version)
);

CREATE TABLE fields (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    code         TEXT NOT NULL,
    title        TEXT NOT NULL,
    position     INTEGER NOT NULL,
    UNIQUE (programme_id, code)
);

CREATE TABLE goals (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    field_id     INTEGER REFERENCES fields (id),
    title        TEXT NOT NULL,
    indicator    TEXT NOT NULL,
    unit         TEXT NOT NULL,
    baseline     REAL NOT NULL,
    target_value REAL NOT NULL,
    baseline_on  TEXT NOT NULL,
    target_on    TEXT NOT NULL
);

CREATE TABLE goal_readings (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goals (id),
    read_on   TEXT NOT NULL,
    value     REAL NOT NULL,
    note      TEXT NOT NULL DEFAULT ''
);

-- ---------------------------------------------------------------- expectations (before a measure)
CREATE TABLE expectations (
    id          INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    title       TEXT NOT NULL,
    origin      TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    raised_on   TEXT NOT NULL,
    recommendation TEXT NOT NULL DEFAULT '',
    decision    TEXT CHECK (decision IN ('angenommen', 'zurueckgestellt', 'abgelehnt')),
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_on  TEXT
);

-- ---------------------------------------------------------------- measures
CREATE TABLE measures (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    field_id        INTEGER NOT NULL REFERENCES fields (id),
    code            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    org_unit_id     INTEGER NOT NULL REFERENCES org_units (id),
    person_id       INTEGER REFERENCES people (id),
    status          TEXT NOT NULL CHECK (status IN
                      ('geplant', 'vorbereitung', 'umsetzung', 'abgeschlossen', 'zurueckgestellt', 'verworfen')),
    ampel           TEXT NOT NULL CHECK (ampel IN ('gruen', 'gelb', 'rot')),
    progress        INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    planned_start   TEXT,
    planned_end     TEXT,
    actual_start    TEXT,
    actual_end      TEXT,
    priority        TEXT NOT NULL DEFAULT 'mittel' CHECK (priority IN ('hoch', 'mittel', 'niedrig')),
    dsb_relevant    INTEGER NOT NULL DEFAULT 0 CHECK (dsb_relevant IN (0, 1)),
    isb_relevant    INTEGER NOT NULL DEFAULT 0 CHECK (isb_relevant IN (0, 1)),
    pr_relevant     INTEGER NOT NULL DEFAULT 0 CHECK (pr_relevant IN (0, 1)),
    ozg_key         TEXT,
    ozg_model       TEXT CHECK (ozg_model IN ('1.1', '2.0')),
    ozg_level       INTEGER CHECK (ozg_level BETWEEN 0 AND 7),
    effort_days     INTEGER NOT NULL DEFAULT 0 CHECK (effort_days >= 0),
    expectation_id  INTEGER REFERENCES expectations (id),
    archived_at     TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    -- time of the latest status update (or creation): drives "zuletzt aktualisiert"
    last_update_at  TEXT NOT NULL,
    UNIQUE (programme_id, code)
);
CREATE INDEX measures_field ON measures (field_id);
CREATE INDEX measures_unit ON measures (org_unit_id);
CREATE INDEX measures_person ON measures (person_id);

CREATE TABLE measure_goals (
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    goal_id    INTEGER NOT NULL REFERENCES goals (id),
    PRIMARY KEY (measure_id, goal_id)
);

-- Sign-off tracks per measure: DSB, ISB, Personalrat.
CREATE TABLE sign_offs (
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    track      TEXT NOT NULL CHECK (track IN ('dsb', 'isb', 'pr')),
    state      TEXT NOT NULL CHECK (state IN ('nicht_erforderlich', 'offen', 'erteilt', 'mit_auflagen')),
    note       TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    PRIMARY KEY (measure_id, track)
);

-- Sachstandsmeldungen: append-only.
CREATE TABLE status_updates (
    id          INTEGER PRIMARY KEY,
    measure_id  INTEGER NOT NULL REFERENCES measures (id),
    author_id   INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL,
    ampel       TEXT NOT NULL,
    progress    INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    text        TEXT NOT NULL,
    next_steps  TEXT NOT NULL DEFAULT '',
    blockers    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    options     TEXT NOT NULL DEFAULT '',
    decision_by TEXT
);
CREATE INDEX status_updates_measure ON status_updates (measure_id, created_at);
CREATE TRIGGER status_updates_no_update BEFORE UPDATE ON status_updates
BEGIN SELECT RAISE(ABORT, 'status_updates are append-only'); END;
CREATE TRIGGER status_updates_no_delete BEFORE DELETE ON status_updates
BEGIN SELECT RAISE(ABORT, 'status_updates are append-only'); END;

CREATE TABLE milestones (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    done_on    TEXT
);
CREATE INDEX milestones_measure ON milestones (measure_id);

CREATE TABLE budget_lines (
    id          INTEGER PRIMARY KEY,
    measure_id  INTEGER NOT NULL REFERENCES measures (id),
    fiscal_year INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('investiv', 'konsumtiv')),
    product     TEXT NOT NULL DEFAULT '',
    account     TEXT NOT NULL DEFAULT '',
    planned     INTEGER NOT NULL DEFAULT 0,
    approved    INTEGER NOT NULL DEFAULT 0,
    actual      INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX budget_lines_measure ON budget_lines (measure_id, fiscal_year);

-- Aufwand-Nutzen-Bewertung (WiBe-lite); rows are never updated, a new row is a new version.
CREATE TABLE assessments (
    id              INTEGER PRIMARY KEY,
    expectation_id  INTEGER REFERENCES expectations (id),
    measure_id      INTEGER REFERENCES measures (id),
    assessed_by     INTEGER REFERENCES users (id),
    assessed_on     TEXT NOT NULL,
    mandatory       INTEGER NOT NULL DEFAULT 0 CHECK (mandatory IN (0, 1)),
    one_time_cost   INTEGER NOT NULL DEFAULT 0,
    yearly_cost     INTEGER NOT NULL DEFAULT 0,
    person_days     INTEGER NOT NULL DEFAULT 0,
    urgency         INTEGER NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 100),
    strategic       INTEGER NOT NULL DEFAULT 0 CHECK (strategic BETWEEN 0 AND 100),
    external        INTEGER NOT NULL DEFAULT 0 CHECK (external BETWEEN 0 AND 100),
    effort_index    REAL NOT NULL DEFAULT 1 CHECK (effort_index BETWEEN 1 AND 5),
    justification   TEXT NOT NULL DEFAULT '',
    CHECK (expectation_id IS NOT NULL OR measure_id IS NOT NULL)
);

-- ---------------------------------------------------------------- meetings
CREATE TABLE meeting_series (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    title        TEXT NOT NULL,
    first_on     TEXT NOT NULL,
    start_time   TEXT NOT NULL,
    minutes_long INTEGER NOT NULL,
    place        TEXT NOT NULL,
    interval_days INTEGER NOT NULL DEFAULT 14
);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    series_id    INTEGER REFERENCES meeting_series (id),
    kind         TEXT NOT NULL CHECK (kind IN ('ag', 'quartal')),
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    place        TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('terminiert', 'eingeladen', 'durchgefuehrt', 'abgesagt')),
    minutes_approved_in INTEGER REFERENCES meetings (id),
    agenda_released_by  INTEGER REFERENCES users (id),
    agenda_released_at  TEXT,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_start ON meetings (starts_at);

CREATE TABLE participants (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    guest      INTEGER NOT NULL DEFAULT 0 CHECK (guest IN (0, 1)),
    attendance TEXT CHECK (attendance IN ('anwesend', 'entschuldigt', 'abwesend')),
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE agenda_items (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id),
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    public        INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    presenter_id  INTEGER REFERENCES people (id),
    planned_minutes INTEGER NOT NULL DEFAULT 10,
    reason        TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    dealt_with    INTEGER NOT NULL DEFAULT 0 CHECK (dealt_with IN (0, 1)),
    carried_from  INTEGER REFERENCES agenda_items (id)
);

CREATE TABLE agenda_item_measures (
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    measure_id     INTEGER NOT NULL REFERENCES measures (id),
    PRIMARY KEY (agenda_item_id, measure_id)
);

CREATE TABLE agenda_comments (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    author_id      INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL,
    text           TEXT NOT NULL
);

CREATE TABLE decisions (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    text           TEXT NOT NULL,
    decided_on     TEXT NOT NULL
);

CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER REFERENCES agenda_items (id),
    measure_id     INTEGER REFERENCES measures (id),
    owner_id       INTEGER REFERENCES people (id),
    title          TEXT NOT NULL,
    due_on         TEXT,
    done_on        TEXT,
    state          TEXT NOT NULL DEFAULT 'offen'
                   CHECK (state IN ('offen', 'in_bearbeitung', 'erledigt', 'zurueckgestellt', 'entfallen'))
);

-- ---------------------------------------------------------------- reports
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    period_label    TEXT NOT NULL,
    period_start    TEXT NOT NULL,
    cutoff_on       TEXT NOT NULL,
    vorlage_no      TEXT NOT NULL,
    addressee       TEXT NOT NULL,
    committee_on    TEXT,
    summary         TEXT NOT NULL DEFAULT '',
    outlook         TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('entwurf', 'freigegeben')),
    author_id       INTEGER REFERENCES users (id),
    released_by     INTEGER REFERENCES users (id),
    released_at     TEXT,
    corrects_id     INTEGER REFERENCES reports (id),
    -- frozen snapshot of a released report (rendered HTML and PDF bytes)
    snapshot_html   TEXT,
    snapshot_pdf    BLOB,
    request_due_on  TEXT,
    request_started_at TEXT,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE report_field_comments (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    field_id  INTEGER NOT NULL REFERENCES fields (id),
    comment   TEXT NOT NULL,
    PRIMARY KEY (report_id, field_id)
);

-- ---------------------------------------------------------------- audit log
-- Append-only and hash-chained: hash = SHA-256(prev_hash || canonical row text).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    old_values  TEXT NOT NULL DEFAULT '{}',
    new_values  TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
