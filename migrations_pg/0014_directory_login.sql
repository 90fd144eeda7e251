-- Directory login (LDAP / Active Directory) and single sign-on (OpenID Connect).
-- An account is either local (password hash in Sachstand) or comes from the city's
-- directory or identity provider, identified there by `external_id` (the entry's DN for
-- LDAP, the issuer and `sub` for OIDC). Directory accounts never log in with a local
-- password; their role is re-read from the directory at every login.
ALTER TABLE users ADD COLUMN source TEXT NOT NULL DEFAULT 'local'
    CHECK (source IN ('local', 'ldap', 'oidc'));
ALTER TABLE users ADD COLUMN external_id TEXT;
-- When the directory last confirmed the account and its role (ISO-8601 UTC).
ALTER TABLE users ADD COLUMN directory_checked_at TEXT;
CREATE UNIQUE INDEX users_external ON users (tenant_id, source, external_id) WHERE external_id IS NOT NULL;

-- A session of a directory account ends at `expires_at` at the latest (bounded lifetime:
-- a user removed from the directory groups loses access by then). NULL: local account.
ALTER TABLE sessions ADD COLUMN expires_at TEXT;

-- Single sign-on logins under way: the browser went to the identity provider and has not
-- come back yet. Keyed by the SHA-256 of the `state` value; used once, valid 10 minutes.
CREATE TABLE oidc_flows (
    tenant_id     BIGINT NOT NULL DEFAULT sachstand_tenant() REFERENCES tenants (id),
    state_hash    TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, state_hash)
);
CALL sachstand_secure('oidc_flows');
