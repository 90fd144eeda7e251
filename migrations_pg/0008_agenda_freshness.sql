-- Agenda freshness (issue 11): when an agenda was last drafted from the programme's data,
-- and the agenda as it was released (JSON list of its items), so that the meeting page can
-- say what changed since the draft and since the release.
ALTER TABLE meetings ADD COLUMN agenda_drafted_at TEXT;
ALTER TABLE meetings ADD COLUMN agenda_released_items TEXT;
