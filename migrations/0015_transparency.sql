-- Transparency page (issue 16): whether `/transparenz` is published, the open-data licence
-- the public data is offered under, and an optional intro text. One row, edited by an
-- admin. Off until an admin switches it on (the demo switches it on).
CREATE TABLE transparency_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    licence_name TEXT NOT NULL,
    licence_url TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    updated_at TEXT
);
INSERT INTO transparency_settings (id, enabled, licence_name, licence_url, intro)
VALUES (1, 0, 'Datenlizenz Deutschland – Namensnennung – 2.0', 'https://www.govdata.de/dl-de/by-2-0', '');
