-- Sachstand on PostgreSQL: the schema of migrations/0001_initial.sql for many cities (tenants).
-- See migrations_pg/README.md for the rules. In short: every table but `tenants` starts with
-- `tenant_id` (filled from the transaction's `app.tenant` setting), its primary key, unique keys
-- and foreign keys start with `tenant_id`, and row-level security (forced, also for the owner)
-- shows a transaction only the rows of its tenant. Column names, order, defaults and checks are
-- those of the SQLite schema, so that the same SQL text runs on both.
-- Runs as the database owner (e.g. `sachstand_owner`), in one transaction.

-- ---------------------------------------------------------------- roles and schema
-- The application's group role: owns nothing; the login role of each instance is a member.
-- CREATE ROLE needs CREATEROLE: give the owner that attribute, or let the cluster admin create
-- `sachstand_app` (NOLOGIN) before the first migration.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sachstand_app') THEN
        CREATE ROLE sachstand_app NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sachstand_app;
-- Functions are executable by PUBLIC by default; the owner's are not (the app role gets each
-- function it needs by name).
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- ---------------------------------------------------------------- tenants
-- A tenant is a city. No row-level security: the app looks a request's host up here.
CREATE TABLE tenants (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    host       TEXT NOT NULL UNIQUE,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);
GRANT SELECT ON tenants TO sachstand_app;

-- The tenant of the current transaction: `SELECT set_config('app.tenant', '<id>', true)`.
-- NULL when unset — also when a previous transaction of the same session set it locally
-- (PostgreSQL then keeps the placeholder with the value ''), so that a pooled connection
-- without a tenant sees nothing and cannot insert (the policy refuses a NULL tenant_id, and the
-- column is NOT NULL).
CREATE FUNCTION sachstand_tenant() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.tenant', true), '')::bigint $$;
GRANT EXECUTE ON FUNCTION sachstand_tenant() TO sachstand_app;

-- Puts a tenant table under the rules: row-level security (also for the owner), the one
-- policy, and the app's privileges (append-only tables: SELECT and INSERT only; USAGE on the
-- identity sequence). Every migration that creates a tenant table calls it.
CREATE PROCEDURE sachstand_secure(tbl regclass, append_only boolean DEFAULT false)
    LANGUAGE plpgsql
    AS $$
DECLARE
    seq text;
BEGIN
    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = 'id' AND attidentity <> '') THEN
        seq := pg_get_serial_sequence(tbl::text, 'id');
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s'
                   ' USING (tenant_id = public.sachstand_tenant())'
                   ' WITH CHECK (tenant_id = public.sachstand_tenant())', tbl);
    IF append_only THEN
        EXECUTE format('GRANT SELECT, INSERT ON %s TO sachstand_app', tbl);
    ELSE
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO sachstand_app', tbl);
    END IF;
    IF seq IS NOT NULL THEN
        EXECUTE format('GRANT USAGE ON SEQUENCE %s TO sachstand_app', seq);
    END IF;
END
$$;

-- Trigger function of the append-only and frozen tables: refuses with the message given as
-- the trigger's argument (the same message as the SQLite trigger's RAISE(ABORT, …)).
CREATE FUNCTION sachstand_refuse() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END
$$;
GRANT EXECUTE ON FUNCTION sachstand_refuse() TO sachstand_app;

-- After rows with explicit ids were copied into a tenant (a city's SQLite file): moves every
-- identity sequence past the largest id of the current tenant, so that new rows do not collide
-- with copied ones. Run by the owner with app.tenant set to the tenant just filled.
CREATE FUNCTION sachstand_advance_sequences() RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    r record;
    top bigint;
BEGIN
    FOR r IN
        SELECT c.oid::regclass AS tbl, pg_get_serial_sequence(c.oid::regclass::text, 'id') AS seq
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' AND a.attidentity <> ''
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'tenants'
    LOOP
        EXECUTE format('SELECT max(id) FROM %s', r.tbl) INTO top;
        IF top IS NOT NULL THEN
            -- setval never moves a sequence backwards here: other tenants' ids stay unique too
            EXECUTE format('SELECT setval(%L, greatest(%s, (SELECT last_value FROM %s)))',
                           r.seq, top, r.seq);
        END IF;
    END LOOP;
END
$$;

-- ---------------------------------------------------------------- SQLite compatibility
-- Only what the app's SQL uses, with SQLite's semantics for the values the app stores.

-- julianday(text): days since noon UTC, 24 November 4714 BC, of an ISO date or timestamp
-- ('YYYY-MM-DD', 'YYYY-MM-DD[T ]HH:MM[:SS[.fff]]', optionally 'Z' or '±HH:MM'; without a zone
-- the time is taken as UTC, as SQLite does). Other text gives NULL.
CREATE FUNCTION julianday(t text) RETURNS double precision
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$
SELECT CASE
    WHEN t ~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$'
        THEN (extract(epoch FROM t::timestamp) / 86400 + 2440587.5)::double precision
    WHEN t ~ '^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$'
        THEN (extract(epoch FROM t::timestamptz) / 86400 + 2440587.5)::double precision
END
$$;
GRANT EXECUTE ON FUNCTION julianday(text) TO sachstand_app;

-- json_extract(json, path) for paths '$', '$.key', '$.a.b', '$.a[0]': the value as text —
-- a string without quotes, a number as written, true/false as '1'/'0' (SQLite's integers),
-- JSON null or a missing key as NULL, an object or array as its JSON text.
-- Note: SQLite returns a number as a number; compare the result as text on both backends
-- (`CAST(json_extract(…) AS TEXT) = CAST(? AS TEXT)`).
CREATE FUNCTION json_extract(doc text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
SELECT CASE jsonb_typeof(v)
    WHEN 'null' THEN NULL
    WHEN 'boolean' THEN CASE WHEN v = 'true'::jsonb THEN '1' ELSE '0' END
    WHEN 'string' THEN v #>> '{}'
    ELSE v::text
END
FROM (
    SELECT CASE WHEN path ~ '^\$(\.[^.\[\]]+|\[\d+\])*$' THEN
        doc::jsonb #> ARRAY(
            SELECT coalesce(m[1], m[2])
            FROM regexp_matches(substr(path, 2), '\.([^.\[\]]+)|\[(\d+)\]', 'g') AS m)
    END AS v
) s
$$;
GRANT EXECUTE ON FUNCTION json_extract(text, text) TO sachstand_app;

-- group_concat(value, separator): the non-NULL values joined in input order; NULL without any.
CREATE FUNCTION sachstand_group_concat_step(acc text, v text, sep text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || sep || v END $$;
GRANT EXECUTE ON FUNCTION sachstand_group_concat_step(text, text, text) TO sachstand_app;
CREATE AGGREGATE group_concat(text, text) (
    SFUNC = sachstand_group_concat_step,
    STYPE = text
);
GRANT EXECUTE ON FUNCTION group_concat(text, text) TO sachstand_app;

-- ---------------------------------------------------------------- organisation
CREATE TABLE org_units (
    tenant_id BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY,
    code      TEXT NOT NULL,
    name      TEXT NOT NULL,
    parent_id BIGINT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES org_units (tenant_id, id)
);
CALL sachstand_secure('org_units');

CREATE TABLE people (
    tenant_id   BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY,
    name        TEXT NOT NULL,
    function    TEXT NOT NULL,
    org_unit_id BIGINT,
    email       TEXT,
    -- whether the person agreed to be named in council documents
    public_name BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id)
);
CALL sachstand_secure('people');

CREATE TABLE ag_memberships (
    tenant_id BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY,
    person_id BIGINT NOT NULL,
    ag_role   TEXT NOT NULL CHECK (ag_role IN ('leitung', 'mitglied', 'gast')),
    since     TEXT NOT NULL,
    until     TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CALL sachstand_secure('ag_memberships');

-- ---------------------------------------------------------------- accounts
CREATE TABLE users (
    tenant_id           BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id                  BIGINT GENERATED BY DEFAULT AS IDENTITY,
    username            TEXT NOT NULL,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'ag', 'leitung', 'rat')),
    password_hash       TEXT NOT NULL,
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    person_id           BIGINT,
    failed_logins       BIGINT NOT NULL DEFAULT 0,
    locked_until        TEXT,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, username),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CALL sachstand_secure('users');

-- Server-side sessions. Only a SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    tenant_id    BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id_hash      TEXT NOT NULL,
    user_id      BIGINT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
CALL sachstand_secure('sessions');

-- Person-days an org unit can give the programme per half-year (realism check).
CREATE TABLE capacities (
    tenant_id   BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY,
    org_unit_id BIGINT NOT NULL,
    year        BIGINT NOT NULL,
    half        BIGINT NOT NULL CHECK (half IN (1, 2)),
    person_days BIGINT NOT NULL CHECK (person_days >= 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, org_unit_id, year, half),
    FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id)
);
CALL sachstand_secure('capacities');

-- ---------------------------------------------------------------- programme
CREATE TABLE programmes (
    tenant_id       BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY,
    title           TEXT NOT NULL,
    short_title     TEXT NOT NULL,
    scope           TEXT NOT NULL,
    resolution_no   TEXT,
    resolution_date TEXT,
    body            TEXT,
    description     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id)
);
CALL sachstand_secure('programmes');

CREATE TABLE revisions (
    tenant_id      BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id   BIGINT NOT NULL,
    version        TEXT NOT NULL,
    revised_on     TEXT NOT NULL,
    summary        TEXT NOT NULL,
    resolution_ref TEXT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, programme_id, version),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id)
);
CALL sachstand_secure('revisions');

CREATE TABLE fields (
    tenant_id    BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id BIGINT NOT NULL,
    code         TEXT NOT NULL,
    title        TEXT NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, programme_id, code),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id)
);
CALL sachstand_secure('fields');

CREATE TABLE goals (
    tenant_id    BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id BIGINT NOT NULL,
    field_id     BIGINT,
    title        TEXT NOT NULL,
    indicator    TEXT NOT NULL,
    unit         TEXT NOT NULL,
    baseline     DOUBLE PRECISION NOT NULL,
    target_value DOUBLE PRECISION NOT NULL,
    baseline_on  TEXT NOT NULL,
    target_on    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id),
    FOREIGN KEY (tenant_id, field_id) REFERENCES fields (tenant_id, id)
);
CALL sachstand_secure('goals');

CREATE TABLE goal_readings (
    tenant_id BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY,
    goal_id   BIGINT NOT NULL,
    read_on   TEXT NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, goal_id) REFERENCES goals (tenant_id, id)
);
CALL sachstand_secure('goal_readings');

-- ---------------------------------------------------------------- expectations (before a measure)
CREATE TABLE expectations (
    tenant_id   BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id BIGINT NOT NULL,
    title       TEXT NOT NULL,
    origin      TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    raised_on   TEXT NOT NULL,
    recommendation TEXT NOT NULL DEFAULT '',
    decision    TEXT CHECK (decision IN ('angenommen', 'zurueckgestellt', 'abgelehnt')),
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_on  TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id)
);
CALL sachstand_secure('expectations');

-- ---------------------------------------------------------------- measures
CREATE TABLE measures (
    tenant_id       BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id    BIGINT NOT NULL,
    field_id        BIGINT NOT NULL,
    code            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    org_unit_id     BIGINT NOT NULL,
    person_id       BIGINT,
    status          TEXT NOT NULL CHECK (status IN
                      ('geplant', 'vorbereitung', 'umsetzung', 'abgeschlossen', 'zurueckgestellt', 'verworfen')),
    ampel           TEXT NOT NULL CHECK (ampel IN ('gruen', 'gelb', 'rot')),
    progress        BIGINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    planned_start   TEXT,
    planned_end     TEXT,
    actual_start    TEXT,
    actual_end      TEXT,
    priority        TEXT NOT NULL DEFAULT 'mittel' CHECK (priority IN ('hoch', 'mittel', 'niedrig')),
    dsb_relevant    BOOLEAN NOT NULL DEFAULT FALSE,
    isb_relevant    BOOLEAN NOT NULL DEFAULT FALSE,
    pr_relevant     BOOLEAN NOT NULL DEFAULT FALSE,
    ozg_key         TEXT,
    ozg_model       TEXT CHECK (ozg_model IN ('1.1', '2.0')),
    ozg_level       BIGINT CHECK (ozg_level BETWEEN 0 AND 7),
    effort_days     BIGINT NOT NULL DEFAULT 0 CHECK (effort_days >= 0),
    expectation_id  BIGINT,
    archived_at     TEXT,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    -- time of the latest status update (or creation): drives "zuletzt aktualisiert"
    last_update_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, programme_id, code),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id),
    FOREIGN KEY (tenant_id, field_id) REFERENCES fields (tenant_id, id),
    FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id),
    FOREIGN KEY (tenant_id, expectation_id) REFERENCES expectations (tenant_id, id)
);
CREATE INDEX measures_field ON measures (tenant_id, field_id);
CREATE INDEX measures_unit ON measures (tenant_id, org_unit_id);
CREATE INDEX measures_person ON measures (tenant_id, person_id);
CALL sachstand_secure('measures');

CREATE TABLE measure_goals (
    tenant_id  BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    measure_id BIGINT NOT NULL,
    goal_id    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, measure_id, goal_id),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id),
    FOREIGN KEY (tenant_id, goal_id) REFERENCES goals (tenant_id, id)
);
CALL sachstand_secure('measure_goals');

-- Sign-off tracks per measure: DSB, ISB, Personalrat.
CREATE TABLE sign_offs (
    tenant_id  BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    measure_id BIGINT NOT NULL,
    track      TEXT NOT NULL CHECK (track IN ('dsb', 'isb', 'pr')),
    state      TEXT NOT NULL CHECK (state IN ('nicht_erforderlich', 'offen', 'erteilt', 'mit_auflagen')),
    note       TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    PRIMARY KEY (tenant_id, measure_id, track),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id)
);
CALL sachstand_secure('sign_offs');

-- Sachstandsmeldungen: append-only.
CREATE TABLE status_updates (
    tenant_id   BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY,
    measure_id  BIGINT NOT NULL,
    author_id   BIGINT,
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL,
    ampel       TEXT NOT NULL,
    progress    BIGINT NOT NULL CHECK (progress BETWEEN 0 AND 100),
    text        TEXT NOT NULL,
    next_steps  TEXT NOT NULL DEFAULT '',
    blockers    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    options     TEXT NOT NULL DEFAULT '',
    decision_by TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id),
    FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX status_updates_measure ON status_updates (tenant_id, measure_id, created_at);
CREATE TRIGGER status_updates_no_update BEFORE UPDATE ON status_updates
    FOR EACH ROW EXECUTE FUNCTION sachstand_refuse('status_updates are append-only');
CREATE TRIGGER status_updates_no_delete BEFORE DELETE ON status_updates
    FOR EACH ROW EXECUTE FUNCTION sachstand_refuse('status_updates are append-only');
CREATE TRIGGER status_updates_no_truncate BEFORE TRUNCATE ON status_updates
    FOR EACH STATEMENT EXECUTE FUNCTION sachstand_refuse('status_updates are append-only');
CALL sachstand_secure('status_updates', append_only => true);

CREATE TABLE milestones (
    tenant_id  BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY,
    measure_id BIGINT NOT NULL,
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    done_on    TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id)
);
CREATE INDEX milestones_measure ON milestones (tenant_id, measure_id);
CALL sachstand_secure('milestones');

CREATE TABLE budget_lines (
    tenant_id   BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY,
    measure_id  BIGINT NOT NULL,
    fiscal_year BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('investiv', 'konsumtiv')),
    product     TEXT NOT NULL DEFAULT '',
    account     TEXT NOT NULL DEFAULT '',
    planned     BIGINT NOT NULL DEFAULT 0,
    approved    BIGINT NOT NULL DEFAULT 0,
    actual      BIGINT NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id)
);
CREATE INDEX budget_lines_measure ON budget_lines (tenant_id, measure_id, fiscal_year);
CALL sachstand_secure('budget_lines');

-- Aufwand-Nutzen-Bewertung (WiBe-lite); rows are never updated, a new row is a new version.
CREATE TABLE assessments (
    tenant_id       BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY,
    expectation_id  BIGINT,
    measure_id      BIGINT,
    assessed_by     BIGINT,
    assessed_on     TEXT NOT NULL,
    mandatory       BOOLEAN NOT NULL DEFAULT FALSE,
    one_time_cost   BIGINT NOT NULL DEFAULT 0,
    yearly_cost     BIGINT NOT NULL DEFAULT 0,
    person_days     BIGINT NOT NULL DEFAULT 0,
    urgency         BIGINT NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 100),
    strategic       BIGINT NOT NULL DEFAULT 0 CHECK (strategic BETWEEN 0 AND 100),
    external        BIGINT NOT NULL DEFAULT 0 CHECK (external BETWEEN 0 AND 100),
    effort_index    DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (effort_index BETWEEN 1 AND 5),
    justification   TEXT NOT NULL DEFAULT '',
    CHECK (expectation_id IS NOT NULL OR measure_id IS NOT NULL),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, expectation_id) REFERENCES expectations (tenant_id, id),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id),
    FOREIGN KEY (tenant_id, assessed_by) REFERENCES users (tenant_id, id)
);
CALL sachstand_secure('assessments');

-- ---------------------------------------------------------------- meetings
CREATE TABLE meeting_series (
    tenant_id    BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id BIGINT NOT NULL,
    title        TEXT NOT NULL,
    first_on     TEXT NOT NULL,
    start_time   TEXT NOT NULL,
    minutes_long BIGINT NOT NULL,
    place        TEXT NOT NULL,
    interval_days BIGINT NOT NULL DEFAULT 14,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id)
);
CALL sachstand_secure('meeting_series');

CREATE TABLE meetings (
    tenant_id    BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id BIGINT NOT NULL,
    series_id    BIGINT,
    kind         TEXT NOT NULL CHECK (kind IN ('ag', 'quartal')),
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    place        TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('terminiert', 'eingeladen', 'durchgefuehrt', 'abgesagt')),
    minutes_approved_in BIGINT,
    agenda_released_by  BIGINT,
    agenda_released_at  TEXT,
    version      BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id),
    FOREIGN KEY (tenant_id, series_id) REFERENCES meeting_series (tenant_id, id),
    FOREIGN KEY (tenant_id, minutes_approved_in) REFERENCES meetings (tenant_id, id),
    FOREIGN KEY (tenant_id, agenda_released_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX meetings_start ON meetings (tenant_id, starts_at);
CALL sachstand_secure('meetings');

CREATE TABLE participants (
    tenant_id  BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    meeting_id BIGINT NOT NULL,
    person_id  BIGINT NOT NULL,
    guest      BOOLEAN NOT NULL DEFAULT FALSE,
    attendance TEXT CHECK (attendance IN ('anwesend', 'entschuldigt', 'abwesend')),
    PRIMARY KEY (tenant_id, meeting_id, person_id),
    FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CALL sachstand_secure('participants');

CREATE TABLE agenda_items (
    tenant_id     BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY,
    meeting_id    BIGINT NOT NULL,
    position      BIGINT NOT NULL,
    title         TEXT NOT NULL,
    public        BOOLEAN NOT NULL DEFAULT TRUE,
    presenter_id  BIGINT,
    planned_minutes BIGINT NOT NULL DEFAULT 10,
    reason        TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    dealt_with    BOOLEAN NOT NULL DEFAULT FALSE,
    carried_from  BIGINT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id),
    FOREIGN KEY (tenant_id, presenter_id) REFERENCES people (tenant_id, id),
    FOREIGN KEY (tenant_id, carried_from) REFERENCES agenda_items (tenant_id, id)
);
CALL sachstand_secure('agenda_items');

CREATE TABLE agenda_item_measures (
    tenant_id      BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    agenda_item_id BIGINT NOT NULL,
    measure_id     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, agenda_item_id, measure_id),
    FOREIGN KEY (tenant_id, agenda_item_id) REFERENCES agenda_items (tenant_id, id),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id)
);
CALL sachstand_secure('agenda_item_measures');

CREATE TABLE agenda_comments (
    tenant_id      BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY,
    agenda_item_id BIGINT NOT NULL,
    author_id      BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    text           TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agenda_item_id) REFERENCES agenda_items (tenant_id, id),
    FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)
);
CALL sachstand_secure('agenda_comments');

CREATE TABLE decisions (
    tenant_id      BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY,
    agenda_item_id BIGINT NOT NULL,
    text           TEXT NOT NULL,
    decided_on     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agenda_item_id) REFERENCES agenda_items (tenant_id, id)
);
CALL sachstand_secure('decisions');

CREATE TABLE tasks (
    tenant_id      BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY,
    agenda_item_id BIGINT,
    measure_id     BIGINT,
    owner_id       BIGINT,
    title          TEXT NOT NULL,
    due_on         TEXT,
    done_on        TEXT,
    state          TEXT NOT NULL DEFAULT 'offen'
                   CHECK (state IN ('offen', 'in_bearbeitung', 'erledigt', 'zurueckgestellt', 'entfallen')),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agenda_item_id) REFERENCES agenda_items (tenant_id, id),
    FOREIGN KEY (tenant_id, measure_id) REFERENCES measures (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_id) REFERENCES people (tenant_id, id)
);
CALL sachstand_secure('tasks');

-- ---------------------------------------------------------------- reports
CREATE TABLE reports (
    tenant_id       BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY,
    programme_id    BIGINT NOT NULL,
    period_label    TEXT NOT NULL,
    period_start    TEXT NOT NULL,
    cutoff_on       TEXT NOT NULL,
    vorlage_no      TEXT NOT NULL,
    addressee       TEXT NOT NULL,
    committee_on    TEXT,
    summary         TEXT NOT NULL DEFAULT '',
    outlook         TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('entwurf', 'freigegeben')),
    author_id       BIGINT,
    released_by     BIGINT,
    released_at     TEXT,
    corrects_id     BIGINT,
    -- frozen snapshot of a released report (rendered HTML and PDF bytes)
    snapshot_html   TEXT,
    snapshot_pdf    BYTEA,
    request_due_on  TEXT,
    request_started_at TEXT,
    version         BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, programme_id) REFERENCES programmes (tenant_id, id),
    FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, released_by) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, corrects_id) REFERENCES reports (tenant_id, id)
);
CALL sachstand_secure('reports');

CREATE TABLE report_field_comments (
    tenant_id BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    report_id BIGINT NOT NULL,
    field_id  BIGINT NOT NULL,
    comment   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, report_id, field_id),
    FOREIGN KEY (tenant_id, report_id) REFERENCES reports (tenant_id, id),
    FOREIGN KEY (tenant_id, field_id) REFERENCES fields (tenant_id, id)
);
CALL sachstand_secure('report_field_comments');

-- ---------------------------------------------------------------- audit log
-- Append-only and hash-chained: hash = SHA-256(prev_hash || canonical row text).
-- One chain per tenant (row-level security shows a transaction its tenant's rows only).
CREATE TABLE audit_log (
    tenant_id   BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY,
    at          TEXT NOT NULL,
    actor_id    BIGINT,
    actor_name  TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   BIGINT,
    old_values  TEXT NOT NULL DEFAULT '{}',
    new_values  TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sachstand_refuse('audit_log is append-only');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sachstand_refuse('audit_log is append-only');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION sachstand_refuse('audit_log is append-only');
CALL sachstand_secure('audit_log', append_only => true);
