-- An account whose password someone else set (generated at creation, reset by an
-- administrator or from the command line) must choose its own at the next login.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
