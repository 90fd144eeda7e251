-- Issue 12: a released report also freezes its DOCX (the editable copy for the council
-- information system), stored at release next to the PDF so every download is the same file.
-- Reports released before this migration have none; their DOCX is rendered from the frozen data.
ALTER TABLE reports ADD COLUMN snapshot_docx BYTEA;
