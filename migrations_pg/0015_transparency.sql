-- Transparency page (issue 16): whether `/transparenz` is published, the open-data licence
-- the public data is offered under, and an optional intro text. One row per tenant, edited by
-- an admin. Off until an admin switches it on (the demo switches it on).
CREATE TABLE transparency_settings (
    tenant_id BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id BIGINT NOT NULL CHECK (id = 1),
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    licence_name TEXT NOT NULL,
    licence_url TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    updated_at TEXT,
    PRIMARY KEY (tenant_id, id)
);
CALL sachstand_secure('transparency_settings');

-- The SQLite migration inserts the one row; here every tenant gets it (see 0007): the
-- per-tenant seed rows of all migrations so far, for new tenants and, now, existing ones.
CREATE OR REPLACE FUNCTION sachstand_init_tenant(tenant bigint) RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
DECLARE
    previous text := current_setting('app.tenant', true);
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    -- 0007_letterhead
    INSERT INTO letterhead (tenant_id, id, city, head, unit, kind)
    VALUES (tenant, 1, '', 'Der Oberbürgermeister', '', 'Informationsvorlage')
    ON CONFLICT (tenant_id, id) DO NOTHING;
    -- 0015_transparency
    INSERT INTO transparency_settings (tenant_id, id, enabled, licence_name, licence_url, intro)
    VALUES (tenant, 1, FALSE, 'Datenlizenz Deutschland – Namensnennung – 2.0',
            'https://www.govdata.de/dl-de/by-2-0', '')
    ON CONFLICT (tenant_id, id) DO NOTHING;
    PERFORM set_config('app.tenant', coalesce(previous, ''), true);
END
$$;
DO $$ BEGIN PERFORM sachstand_init_tenant(id) FROM tenants; END $$;
