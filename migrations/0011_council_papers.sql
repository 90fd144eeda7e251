-- Links to council decisions (issue 16): a measure references council papers (the
-- programme's resolution, budget resolutions) by their reference ("567/24") and address,
-- with name and date as the council information system gives them (looked up there when
-- the city's OParl endpoint is configured) or as typed.
CREATE TABLE council_papers (
    id         INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES measures (id),
    reference  TEXT NOT NULL CHECK (reference <> ''),
    name       TEXT NOT NULL DEFAULT '',
    dated_on   TEXT,
    url        TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    created_at TEXT NOT NULL,
    UNIQUE (measure_id, reference)
);
CREATE INDEX council_papers_measure ON council_papers (measure_id);
