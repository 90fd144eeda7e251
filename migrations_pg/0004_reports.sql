-- Reports (issue 5): the structured data of a released report, kept next to its
-- rendered HTML and PDF, so that the next report can list the changes since this one
-- and two released reports can be compared.
ALTER TABLE reports ADD COLUMN snapshot_json TEXT;

-- A released report is frozen: no column of it may change any more.
CREATE TRIGGER reports_released_frozen BEFORE UPDATE ON reports
    FOR EACH ROW WHEN (OLD.state = 'freigegeben')
    EXECUTE FUNCTION sachstand_refuse('released reports are immutable');

-- A trigger's WHEN cannot hold a subquery in PostgreSQL: the function looks the report up
-- (in the same tenant: the row's own tenant_id, and row-level security shows no other).
CREATE FUNCTION sachstand_report_comments_frozen() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF (SELECT state FROM reports WHERE tenant_id = OLD.tenant_id AND id = OLD.report_id)
        = 'freigegeben' THEN
        RAISE EXCEPTION 'released reports are immutable';
    END IF;
    RETURN NEW;
END
$$;
GRANT EXECUTE ON FUNCTION sachstand_report_comments_frozen() TO sachstand_app;
CREATE TRIGGER report_comments_released_frozen BEFORE UPDATE ON report_field_comments
    FOR EACH ROW EXECUTE FUNCTION sachstand_report_comments_frozen();
