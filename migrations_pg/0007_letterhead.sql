-- Settings (issue 12): the letterhead of the city's council documents (city, head of
-- the administration, issuing unit, Vorlage type). One row per tenant, edited by an admin; a
-- report copies it into its snapshot at release.
CREATE TABLE letterhead (
    tenant_id BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    id BIGINT NOT NULL CHECK (id = 1),
    city TEXT NOT NULL,
    head TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    updated_at TEXT,
    PRIMARY KEY (tenant_id, id)
);
CALL sachstand_secure('letterhead');

-- The SQLite migration inserts the one row; here each tenant gets it: a new tenant from
-- sachstand_init_tenant (run by the owner after `INSERT INTO tenants`), the tenants that
-- exist already right now. Idempotent: rows that exist stay as they are.
CREATE FUNCTION sachstand_init_tenant(tenant bigint) RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER
    AS $$
DECLARE
    previous text := current_setting('app.tenant', true);
BEGIN
    PERFORM set_config('app.tenant', tenant::text, true);
    INSERT INTO letterhead (tenant_id, id, city, head, unit, kind)
    VALUES (tenant, 1, '', 'Der Oberbürgermeister', '', 'Informationsvorlage')
    ON CONFLICT (tenant_id, id) DO NOTHING;
    PERFORM set_config('app.tenant', coalesce(previous, ''), true);
END
$$;
DO $$ BEGIN PERFORM sachstand_init_tenant(id) FROM tenants; END $$;
