-- A generated secret (a new account's or reset password, a new calendar address) waiting for the
-- next page of the session that made it (POST → redirect → GET), so that any instance of a
-- hosted set-up can show it (issue 15). Sealed (ChaCha20-Poly1305) with a key derived from the
-- session cookie, which the database never holds (sessions keeps only its SHA-256): a copy of
-- the database does not reveal the secret. Taken (deleted) by that page; rows older than five
-- minutes count as gone and are removed.
CREATE TABLE pending_secrets (
    session_hash TEXT NOT NULL,
    purpose      TEXT NOT NULL CHECK (purpose IN ('passwort', 'kalender')),
    label        TEXT NOT NULL,
    nonce        BLOB NOT NULL,
    ciphertext   BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (session_hash, purpose)
);
CREATE INDEX pending_secrets_created ON pending_secrets (created_at);
