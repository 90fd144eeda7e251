-- Tenant isolation of migrations_pg/, checked against a real PostgreSQL.
-- Run on a freshly migrated database, connected as its owner, with the name of a login role
-- that is a member of sachstand_app:
--   psql -v ON_ERROR_STOP=1 -v app_user=sachstand_web -U sachstand_owner -d DB -f tests/pg/rls_check.sql
-- Every check prints "ok: …" (NOTICE); the first failed check stops the script with an error
-- (exit status 3). tests/pg/run.sh does all of it in a throwaway cluster.
\set ON_ERROR_STOP on
\set QUIET on
\o /dev/null
\set owner :USER
\ir expect.sql

-- ============================================================ the owner adds two tenants
INSERT INTO tenants (name, host, created_at) VALUES
    ('Musterstadt', 'sachstand.musterstadt.de', '2026-12-01T10:00:00Z'),
    ('Beispielhausen', 'sachstand.beispielhausen.de', '2026-12-01T10:00:00Z');
SELECT id AS ta FROM tenants WHERE name = 'Musterstadt' \gset
SELECT id AS tb FROM tenants WHERE name = 'Beispielhausen' \gset
BEGIN;
SELECT set_config('app.tenant', 'keep-me', true);
SELECT sachstand_init_tenant(id) FROM tenants ORDER BY id;
SELECT pg_temp.expect(current_setting('app.tenant') = 'keep-me',
    'sachstand_init_tenant restores the caller''s app.tenant');
SELECT sachstand_init_tenant(:ta);
COMMIT;
SELECT pg_temp.expect((SELECT count(*) FROM letterhead) = 0,
    'the owner, too, sees no tenant rows without app.tenant (FORCE ROW LEVEL SECURITY)');

-- ============================================================ the app: tenant A writes
\c - :app_user
\ir expect.sql
SELECT pg_temp.expect(NOT rolsuper AND NOT rolbypassrls AND pg_has_role(current_user, 'sachstand_app', 'MEMBER'),
    'the app connects as a plain member of sachstand_app') FROM pg_roles WHERE rolname = current_user;
SELECT pg_temp.expect((SELECT count(*) FROM tenants) = 2, 'the app reads tenants (host lookup)');
SELECT pg_temp.expect_error($$INSERT INTO tenants (name, host, created_at) VALUES ('x', 'x', 'x')$$,
    '42501', 'permission denied', 'the app cannot add tenants');
SELECT pg_temp.expect_error($$UPDATE tenants SET active = FALSE$$,
    '42501', 'permission denied', 'the app cannot change tenants');

BEGIN;
SELECT set_config('app.tenant', :'ta', true);
SELECT pg_temp.expect((SELECT count(*) FROM letterhead) = 1 AND (SELECT count(*) FROM transparency_settings) = 1,
    'tenant A has its seed rows (letterhead, transparency settings), once');
SELECT pg_temp.expect((SELECT head FROM letterhead WHERE id = 1) = 'Der Oberbürgermeister'
    AND (SELECT licence_url FROM transparency_settings WHERE id = 1) = 'https://www.govdata.de/dl-de/by-2-0',
    'the seed rows have the values of the SQLite migrations');
-- (1) a user and a programme, as the app writes them: no tenant in the SQL
INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at)
    VALUES ('anna', 'Anna A', 'admin', 'x', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')
    RETURNING id AS anna_a \gset
INSERT INTO programmes (id, title, short_title, scope) VALUES (100, 'Digitalprogramm A', 'DP A', 'Stadt');
INSERT INTO org_units (id, code, name) VALUES (10, 'FB 1', 'Fachbereich 1');
INSERT INTO fields (id, programme_id, code, title, position) VALUES (500, 100, 'HF1', 'Bürgerdienste', 1);
INSERT INTO measures (id, programme_id, field_id, code, title, org_unit_id, status, ampel,
        created_at, updated_at, last_update_at)
    VALUES (700, 100, 500, 'M-1', 'Online-Anmeldung', 10, 'geplant', 'gruen',
        '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z');
INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel, progress, text)
    VALUES (700, :anna_a, '2026-12-01T10:05:00Z', 'geplant', 'gruen', 0, 'Start');
INSERT INTO audit_log (at, actor_id, actor_name, actor_role, action, entity, entity_id, new_values, prev_hash, hash)
    VALUES ('2026-12-01T10:05:00Z', :anna_a, 'Anna A', 'admin', 'haushalt', 'massnahme', 700,
        '{"budget_line_id": 5, "name": "Zeile", "ok": true}', '', 'h1');
SELECT pg_temp.expect((SELECT tenant_id FROM users WHERE username = 'anna') = :ta,
    '(1) inserts without tenant_id are filled with the transaction''s tenant');
SELECT pg_temp.expect_error($$INSERT INTO users (username, display_name, role, password_hash, created_at,
        password_changed_at) VALUES ('anna', 'Anna 2', 'ag', 'x', 'x', 'x')$$,
    '23505', 'users_tenant_id_username_key', 'user names are unique within a tenant');
-- the db layer's ON CONFLICT rewrite: (id) becomes (tenant_id, id)
INSERT INTO letterhead (id, city, head, unit, kind) VALUES (1, 'Musterstadt', 'Die Bürgermeisterin', 'FB 1', 'Mitteilung')
    ON CONFLICT (tenant_id, id) DO UPDATE SET city = excluded.city, head = excluded.head;
SELECT pg_temp.expect((SELECT count(*) FROM letterhead) = 1 AND (SELECT city FROM letterhead) = 'Musterstadt',
    'an upsert on (tenant_id, id) updates the tenant''s one settings row');
INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (10, 2027, 1, 40);
INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (10, 2027, 1, 55)
    ON CONFLICT (tenant_id, org_unit_id, year, half) DO UPDATE SET person_days = excluded.person_days;
SELECT pg_temp.expect((SELECT person_days FROM capacities) = 55, 'an upsert on a tenant-prefixed unique key');
-- SQLite compatibility functions, as the app's SQL uses them
SELECT pg_temp.expect(abs(julianday('2026-03-12T14:00') - 2461112.083333333) < 1e-6
    AND julianday('2026-03-12') = 2461111.5
    AND abs(julianday('2026-03-12 14:00:30.5') - 2461112.08368634) < 1e-6
    AND abs(julianday('2026-03-12T16:00:00+02:00') - julianday('2026-03-12T14:00:00Z')) < 1e-9
    AND julianday('kaputt') IS NULL,
    'julianday gives SQLite''s values (dates, local and zoned timestamps, NULL for other text)');
SELECT pg_temp.expect(CAST(round((julianday('2026-03-12T15:30') - julianday('2026-03-12T14:00')) * 1440) AS BIGINT) = 90,
    'a meeting''s length in minutes as meetings.rs computes it');
SELECT pg_temp.expect(json_extract(new_values, '$.' || 'budget_line_id') = '5'
    AND CAST(json_extract(new_values, '$.budget_line_id') AS TEXT) = CAST(5::bigint AS TEXT)
    AND json_extract(new_values, '$.name') = 'Zeile'
    AND json_extract(new_values, '$.ok') = '1'
    AND json_extract(new_values, '$.missing') IS NULL
    AND json_extract('{"e": {"f": [1, 2]}}', '$.e.f[1]') = '2',
    'json_extract on audit values ($.key, nested, array index, booleans as 1/0, missing as NULL)')
    FROM audit_log;
INSERT INTO fields (id, programme_id, code, title, position) VALUES (501, 100, 'HF2', 'Verwaltung', 2);
INSERT INTO measures (id, programme_id, field_id, code, title, org_unit_id, status, ampel,
        created_at, updated_at, last_update_at)
    VALUES (701, 100, 501, 'M-2', 'E-Akte', 10, 'geplant', 'gruen', 'x', 'x', 'x');
INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
    VALUES (800, 100, 'ag', '2026-12-03T14:00', '2026-12-03T15:30', 'Rathaus', 'terminiert');
INSERT INTO agenda_items (id, meeting_id, position, title) VALUES (900, 800, 1, 'Bericht');
INSERT INTO agenda_item_measures (agenda_item_id, measure_id) VALUES (900, 701), (900, 700);
SELECT pg_temp.expect((SELECT group_concat(x.id || ':' || x.code, ',') FROM
        (SELECT m.id, m.code FROM agenda_item_measures am JOIN measures m ON m.id = am.measure_id
         WHERE am.agenda_item_id = 900 ORDER BY m.code) x) = '700:M-1,701:M-2'
    AND (SELECT group_concat(x, ',') FROM (VALUES ('a'), (NULL), ('b')) v(x)) = 'a,b'
    AND (SELECT group_concat(x, ',') FROM (VALUES ('a')) v(x) WHERE false) IS NULL,
    'group_concat as freshness.rs uses it (order kept, NULLs skipped, NULL for no rows)');
SELECT pg_temp.expect(EXISTS (SELECT FROM pg_collation WHERE collname = 'de-DE-x-icu')
    AND (SELECT string_agg(w, ' ' ORDER BY w COLLATE "de-DE-x-icu") FROM (VALUES ('Zahl'), ('Ärger'), ('Apfel'), ('Öl')) v(w))
        = 'Apfel Ärger Öl Zahl',
    'German sorting with COLLATE "de-DE-x-icu"');
COMMIT;

-- ============================================================ the app: tenant B
BEGIN;
SELECT set_config('app.tenant', :'tb', true);
-- (2) a query deliberately without a tenant filter
SELECT pg_temp.expect((SELECT count(*) FROM users) = 0, '(2) tenant B: SELECT count(*) FROM users is 0');
SELECT pg_temp.expect((SELECT count(*) FROM programmes) + (SELECT count(*) FROM measures)
    + (SELECT count(*) FROM status_updates) + (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM capacities) = 0,
    '(2) tenant B sees none of A''s programmes, measures, status updates, audit rows, capacities');
SELECT pg_temp.expect((SELECT city FROM letterhead) = '', 'tenant B sees its own letterhead, not A''s');
SELECT pg_temp.expect((SELECT count(*) FROM users WHERE id = :anna_a) = 0, 'not even by A''s user id');
-- the same user name and the same ids in another tenant
INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at)
    VALUES ('anna', 'Anna B', 'ag', 'x', '2026-12-01T11:00:00Z', '2026-12-01T11:00:00Z')
    RETURNING id AS anna_b \gset
INSERT INTO programmes (id, title, short_title, scope) VALUES (100, 'Digitalprogramm B', 'DP B', 'Gemeinde');
INSERT INTO org_units (id, code, name) VALUES (10, 'FB 1', 'Fachbereich Eins');
SELECT pg_temp.expect((SELECT count(*) FROM users WHERE username = 'anna') = 1,
    'user names and ids are per tenant (anna and programme 100 exist in both)');
-- (3) an insert with a foreign tenant_id
SELECT pg_temp.expect_error(format($$INSERT INTO users (tenant_id, username, display_name, role, password_hash,
        created_at, password_changed_at) VALUES (%s, 'mallory', 'M', 'admin', 'x', 'x', 'x')$$, :ta),
    '42501', 'new row violates row-level security policy', '(3) an insert with tenant A''s id under tenant B fails');
SELECT pg_temp.expect_error(format($$UPDATE users SET tenant_id = %s WHERE username = 'anna'$$, :ta),
    '42501', 'new row violates row-level security policy', '(3) moving a row to another tenant fails');
-- (4) a foreign key to another tenant's row: field 500 and measure 700 exist in A only
INSERT INTO fields (id, programme_id, code, title, position) VALUES (600, 100, 'HF1', 'Bürgerdienste B', 1);
SELECT pg_temp.expect_error($$INSERT INTO measures (programme_id, field_id, code, title, org_unit_id, status, ampel, created_at,
        updated_at, last_update_at) VALUES (100, 500, 'M-9', 'x', 10, 'geplant', 'gruen', 'x', 'x', 'x')$$,
    '23503', 'measures_tenant_id_field_id_fkey', '(4) a measure under B referring to A''s field fails');
SELECT pg_temp.expect_error($$INSERT INTO milestones (measure_id, title, due_on) VALUES (700, 'x', '2027-01-01')$$,
    '23503', 'milestones_tenant_id_measure_id_fkey', '(4) a milestone under B on A''s measure fails');
SELECT pg_temp.expect_error($$INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
        VALUES ('h', $$ || :anna_a || $$, 'c', 'x', 'x')$$,
    '23503', 'sessions_tenant_id_user_id_fkey', '(4) a session under B for A''s user fails');
-- writes aimed at A's rows touch B's only
INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (10, 2027, 1, 12);
WITH u AS (UPDATE users SET display_name = 'geändert' WHERE username = 'anna' RETURNING tenant_id)
    SELECT count(*) AS updated, bool_and(tenant_id = :tb) AS updated_b FROM u \gset
WITH d AS (DELETE FROM capacities RETURNING tenant_id)
    SELECT count(*) AS deleted, bool_and(tenant_id = :tb) AS deleted_b FROM d \gset
SELECT pg_temp.expect(:updated = 1 AND :'updated_b' AND :deleted = 1 AND :'deleted_b',
    'UPDATE and DELETE without a tenant filter reach tenant B''s one row each');
COMMIT;
BEGIN;
SELECT set_config('app.tenant', :'ta', true);
SELECT pg_temp.expect((SELECT display_name FROM users WHERE username = 'anna') = 'Anna A'
    AND (SELECT person_days FROM capacities) = 55 AND (SELECT title FROM programmes WHERE id = 100) = 'Digitalprogramm A',
    'tenant B''s UPDATE and DELETE left tenant A''s rows alone');
-- (5) the append-only tables: the app has no UPDATE, DELETE or TRUNCATE privilege at all
SELECT pg_temp.expect_error($$UPDATE audit_log SET hash = 'forged'$$, '42501', 'permission denied',
    '(5) the app cannot UPDATE audit_log');
SELECT pg_temp.expect_error($$DELETE FROM audit_log$$, '42501', 'permission denied',
    '(5) the app cannot DELETE from audit_log');
SELECT pg_temp.expect_error($$TRUNCATE audit_log$$, '42501', 'permission denied',
    '(5) the app cannot TRUNCATE audit_log');
SELECT pg_temp.expect_error($$UPDATE status_updates SET text = 'x'$$, '42501', 'permission denied',
    '(5) the app cannot UPDATE status_updates');
SELECT pg_temp.expect_error($$DELETE FROM status_updates$$, '42501', 'permission denied',
    '(5) the app cannot DELETE from status_updates');
SELECT pg_temp.expect_error($$TRUNCATE status_updates$$, '42501', 'permission denied',
    '(5) the app cannot TRUNCATE status_updates');
-- released reports are frozen (the trigger of SQLite migration 0004)
INSERT INTO reports (id, programme_id, period_label, period_start, cutoff_on, vorlage_no, addressee, state)
    VALUES (1000, 100, 'Q4 2026', '2026-10-01', '2026-12-31', 'IV/1/26', 'Rat', 'entwurf');
INSERT INTO report_field_comments (report_id, field_id, comment) VALUES (1000, 500, 'gut');
UPDATE report_field_comments SET comment = 'sehr gut';
UPDATE reports SET state = 'freigegeben', released_at = '2026-12-01T12:00:00Z', snapshot_pdf = '\x255044462d'::bytea;
SELECT pg_temp.expect_error($$UPDATE reports SET summary = 'nachträglich'$$, 'P0001', 'released reports are immutable',
    'a released report cannot be changed');
SELECT pg_temp.expect_error($$UPDATE report_field_comments SET comment = 'nachträglich'$$, 'P0001',
    'released reports are immutable', 'the field comments of a released report cannot be changed');
COMMIT;

-- ============================================================ (6) no tenant set
\c - :app_user
\ir expect.sql
SELECT pg_temp.expect((SELECT count(*) FROM users) + (SELECT count(*) FROM letterhead) + (SELECT count(*) FROM audit_log) = 0,
    '(6) a connection that never set app.tenant sees nothing');
SELECT pg_temp.expect_error($$INSERT INTO org_units (code, name) VALUES ('x', 'x')$$,
    '42501', 'new row violates row-level security policy', '(6) and cannot insert (tenant_id is NULL)');
BEGIN;
SELECT set_config('app.tenant', :'ta', true);
SELECT pg_temp.expect((SELECT count(*) FROM users) = 1, 'the same connection, tenant A set for one transaction');
COMMIT;
SELECT pg_temp.expect(current_setting('app.tenant', true) = '' AND (SELECT count(*) FROM users) = 0,
    '(6) after that transaction (app.tenant is now '''') the connection sees nothing again');
SELECT pg_temp.expect_error($$INSERT INTO org_units (code, name) VALUES ('x', 'x')$$,
    '42501', 'new row violates row-level security policy', '(6) and cannot insert');
SELECT pg_temp.expect_error($$SELECT sachstand_init_tenant(1)$$, '42501', 'permission denied',
    'the app cannot run the owner''s tenant set-up');
SELECT pg_temp.expect_error($$SELECT sachstand_advance_sequences()$$, '42501', 'permission denied',
    'the app cannot move sequences');

-- ============================================================ the owner: triggers hold for it too
\c - :owner
\ir expect.sql
BEGIN;
SELECT set_config('app.tenant', :'ta', true);
SELECT pg_temp.expect((SELECT count(*) FROM audit_log) = 1, 'the owner with tenant A sees A''s audit row');
SELECT pg_temp.expect_error($$UPDATE audit_log SET hash = 'forged'$$, 'P0001', 'audit_log is append-only',
    '(5) not even the owner can UPDATE audit_log');
SELECT pg_temp.expect_error($$DELETE FROM audit_log$$, 'P0001', 'audit_log is append-only',
    '(5) not even the owner can DELETE from audit_log');
SELECT pg_temp.expect_error($$TRUNCATE audit_log$$, 'P0001', 'audit_log is append-only',
    '(5) not even the owner can TRUNCATE audit_log');
SELECT pg_temp.expect_error($$UPDATE status_updates SET text = 'x'$$, 'P0001', 'status_updates are append-only',
    '(5) not even the owner can UPDATE status_updates');
SELECT pg_temp.expect_error($$DELETE FROM status_updates$$, 'P0001', 'status_updates are append-only',
    '(5) not even the owner can DELETE from status_updates');
SELECT pg_temp.expect_error($$TRUNCATE status_updates$$, 'P0001', 'status_updates are append-only',
    '(5) not even the owner can TRUNCATE status_updates');
SELECT pg_temp.expect_error($$TRUNCATE measures CASCADE$$, 'P0001', 'status_updates are append-only',
    '(5) nor empty status_updates by TRUNCATE … CASCADE of a table it refers to');
SELECT pg_temp.expect_error($$TRUNCATE users CASCADE$$, 'P0001', 'append-only',
    '(5) nor by TRUNCATE users CASCADE');
-- a city copied in with its own ids: the sequences move past them
INSERT INTO org_units (id, code, name) VALUES (900000, 'FB 9', 'Kopiert');
SELECT sachstand_advance_sequences();
COMMIT;
\c - :app_user
\ir expect.sql
BEGIN;
SELECT set_config('app.tenant', :'ta', true);
INSERT INTO org_units (code, name) VALUES ('FB 10', 'Neu') RETURNING id AS new_unit \gset
SELECT pg_temp.expect(:new_unit > 900000, 'after sachstand_advance_sequences a new id follows the copied ones');
COMMIT;

-- ============================================================ the rules hold for every table
\c - :owner
\ir expect.sql
CREATE TEMP VIEW tenant_tables AS
    SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT IN ('tenants', '_sqlx_migrations');
SELECT pg_temp.expect((SELECT count(*) FROM tenant_tables) = 45, 'all 45 tables of the SQLite schema are tenant tables');
SELECT pg_temp.expect(NOT EXISTS (SELECT FROM tenant_tables t
        WHERE (SELECT attname FROM pg_attribute WHERE attrelid = t.oid AND attnum = 1) <> 'tenant_id'),
    'every table starts with tenant_id');
SELECT pg_temp.expect(NOT EXISTS (SELECT FROM tenant_tables t JOIN pg_class c ON c.oid = t.oid
        WHERE NOT c.relrowsecurity OR NOT c.relforcerowsecurity),
    'every table has row-level security enabled and forced');
SELECT pg_temp.expect(NOT EXISTS (SELECT FROM tenant_tables t
        WHERE (SELECT count(*) FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = t.relname) <> 1
           OR NOT EXISTS (SELECT FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = t.relname
                AND p.policyname = 'tenant_isolation' AND p.cmd = 'ALL' AND p.permissive = 'PERMISSIVE'
                AND p.qual = '(tenant_id = sachstand_tenant())' AND p.with_check = '(tenant_id = sachstand_tenant())')),
    'every table has exactly the one policy tenant_isolation (USING and WITH CHECK)');
SELECT pg_temp.expect(NOT EXISTS (SELECT FROM tenant_tables t JOIN pg_index i ON i.indrelid = t.oid
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
        WHERE a.attname <> 'tenant_id'),
    'every index (primary, unique, plain) starts with tenant_id');
SELECT pg_temp.expect(NOT EXISTS (SELECT FROM tenant_tables t JOIN pg_constraint c ON c.conrelid = t.oid
        WHERE c.contype = 'f' AND c.confrelid <> 'tenants'::regclass AND NOT (
            (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) = 'tenant_id'
            AND (SELECT attname FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = c.confkey[1]) = 'tenant_id')),
    'every foreign key is composite with tenant_id on both sides');
SELECT pg_temp.expect(NOT EXISTS (SELECT FROM pg_class WHERE relowner = 'sachstand_app'::regrole)
    AND NOT EXISTS (SELECT FROM pg_proc WHERE proowner = 'sachstand_app'::regrole),
    'sachstand_app owns nothing');
SELECT pg_temp.expect(NOT EXISTS (SELECT FROM tenant_tables t
        WHERE has_table_privilege('sachstand_app', t.oid, 'TRUNCATE')
           OR has_table_privilege('sachstand_app', t.oid, 'REFERENCES')
           OR has_table_privilege('sachstand_app', t.oid, 'TRIGGER')
           OR NOT has_table_privilege('sachstand_app', t.oid, 'SELECT')
           OR NOT has_table_privilege('sachstand_app', t.oid, 'INSERT')
           OR has_table_privilege('sachstand_app', t.oid, 'UPDATE') <> (t.relname NOT IN ('audit_log', 'status_updates'))
           OR has_table_privilege('sachstand_app', t.oid, 'DELETE') <> (t.relname NOT IN ('audit_log', 'status_updates'))),
    'sachstand_app: SELECT/INSERT/UPDATE/DELETE, only SELECT/INSERT on audit_log and status_updates, never TRUNCATE');
SELECT pg_temp.expect(has_table_privilege('sachstand_app', 'tenants', 'SELECT')
    AND NOT has_table_privilege('sachstand_app', 'tenants', 'INSERT')
    AND NOT has_table_privilege('sachstand_app', 'tenants', 'UPDATE')
    AND NOT has_table_privilege('sachstand_app', 'tenants', 'DELETE'),
    'sachstand_app may only read tenants');
SELECT pg_temp.expect((SELECT count(*) FROM tenant_tables t JOIN pg_attribute a ON a.attrelid = t.oid
        AND a.attidentity <> '') = 29
    AND NOT EXISTS (SELECT FROM tenant_tables t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attidentity <> ''
        WHERE NOT has_sequence_privilege('sachstand_app', pg_get_serial_sequence(t.relname, a.attname), 'USAGE')),
    'sachstand_app may use every identity sequence of the tenant tables');
SELECT pg_temp.expect(NOT has_schema_privilege('public', 'public', 'USAGE')
    AND NOT has_schema_privilege('sachstand_app', 'public', 'CREATE'),
    'schema public: no access for PUBLIC, no CREATE for the app');
SELECT pg_temp.expect((SELECT count(*) FROM pg_trigger g JOIN tenant_tables t ON t.oid = g.tgrelid
        WHERE t.relname IN ('audit_log', 'status_updates') AND NOT g.tgisinternal
          AND g.tgname ~ '_no_(update|delete|truncate)$') = 6,
    'audit_log and status_updates refuse UPDATE, DELETE and TRUNCATE by trigger');
\o
\echo 'rls_check: all checks passed'
