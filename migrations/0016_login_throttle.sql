-- Login throttling in the database (issue 15): failed attempts per client address and per
-- account and address, and the addresses an account signed in from, so that every instance
-- of a hosted set-up applies the same limits. Times are milliseconds since 1970 (UTC).
CREATE TABLE login_address_failures (
    id    INTEGER PRIMARY KEY,
    ip    TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX login_address_failures_ip ON login_address_failures (ip, at_ms);
CREATE INDEX login_address_failures_at ON login_address_failures (at_ms);

CREATE TABLE login_pair_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at_ms    INTEGER NOT NULL
);
CREATE INDEX login_pair_failures_pair ON login_pair_failures (username, ip, at_ms);
CREATE INDEX login_pair_failures_at ON login_pair_failures (at_ms);

CREATE TABLE login_known (
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at_ms    INTEGER NOT NULL,
    PRIMARY KEY (username, ip)
);
