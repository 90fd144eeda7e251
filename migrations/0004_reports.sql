-- Reports (issue 5): the structured data of a released report, kept next to its
-- rendered HTML and PDF, so that the next report can list the changes since this one
-- and two released reports can be compared.
ALTER TABLE reports ADD COLUMN snapshot_json TEXT;

-- A released report is frozen: no column of it may change any more.
CREATE TRIGGER reports_released_frozen BEFORE UPDATE ON reports
WHEN OLD.state = 'freigegeben'
BEGIN SELECT RAISE(ABORT, 'released reports are immutable'); END;
CREATE TRIGGER report_comments_released_frozen BEFORE UPDATE ON report_field_comments
WHEN (SELECT state FROM reports WHERE id = OLD.report_id) = 'freigegeben'
BEGIN SELECT RAISE(ABORT, 'released reports are immutable'); END;
