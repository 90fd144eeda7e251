-- Settings (issue 12): the letterhead of the city's council documents (city, head of
-- the administration, issuing unit, Vorlage type). One row, edited by an admin; a
-- report copies it into its snapshot at release.
CREATE TABLE letterhead (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    city TEXT NOT NULL,
    head TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    updated_at TEXT
);
INSERT INTO letterhead (id, city, head, unit, kind)
VALUES (1, '', 'Der Oberbürgermeister', '', 'Informationsvorlage');
