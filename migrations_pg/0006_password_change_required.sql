-- An account whose password someone else set (generated at creation, reset by an
-- administrator or from the command line) must choose its own at the next login.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
