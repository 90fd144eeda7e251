//! All SQL of the meetings feature (runtime queries, bound parameters only).

pub use crate::lookups::tasks::{TaskRow, task, tasks_of_meeting};
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::domain::meetings::DraftItem;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct MeetingRow {
    pub id: i64,
    pub programme_id: i64,
    pub series_id: Option<i64>,
    pub kind: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub state: String,
    pub minutes_approved_in: Option<i64>,
    pub agenda_released_by: Option<i64>,
    pub released_by_name: Option<String>,
    pub agenda_released_at: Option<String>,
    pub agenda_changed_after_release: bool,
    pub moved_from: Option<String>,
    pub version: i64,
}

const MEETING_SELECT: &str =
    "SELECT mt.id, mt.programme_id, mt.series_id, mt.kind, mt.starts_at, mt.ends_at,
        mt.place, mt.state, mt.minutes_approved_in, mt.agenda_released_by,
        u.display_name AS released_by_name, mt.agenda_released_at,
        mt.agenda_changed_after_release, mt.moved_from, mt.version
    FROM meetings mt LEFT JOIN users u ON u.id = mt.agenda_released_by";

pub async fn list(pool: &SqlitePool) -> sqlx::Result<Vec<MeetingRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} ORDER BY mt.starts_at"
    )))
    .fetch_all(pool)
    .await
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Option<MeetingRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} WHERE mt.id = ?"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The meeting of the same kind held or planned just before this one (not cancelled).
pub async fn previous(
    conn: &mut SqliteConnection,
    kind: &str,
    before: &str,
) -> sqlx::Result<Option<MeetingRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} WHERE mt.kind = ? AND mt.starts_at < ? AND mt.state <> 'abgesagt'
         ORDER BY mt.starts_at DESC LIMIT 1"
    )))
    .bind(kind)
    .bind(before)
    .fetch_optional(conn)
    .await
}

/// An active measure without a status update since a date, with its responsible person.
#[derive(Debug, FromRow)]
pub struct PendingRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub last_update_at: String,
    pub person: Option<String>,
    pub function: Option<String>,
}

/// Who still owes a Sachstand before a meeting: the programme's active measures whose
/// latest status update is from before `since` (an ISO date), by person, then code.
pub async fn not_updated_since(
    conn: &mut SqliteConnection,
    programme: i64,
    since: &str,
) -> sqlx::Result<Vec<PendingRow>> {
    sqlx::query_as(
        "SELECT m.id, m.code, m.title, m.last_update_at, pe.name AS person, pe.function
         FROM measures m LEFT JOIN people pe ON pe.id = m.person_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL
           AND m.status IN ('geplant', 'vorbereitung', 'umsetzung')
           AND m.last_update_at < ?
         ORDER BY pe.name IS NULL, pe.name, m.code",
    )
    .bind(programme)
    .bind(since)
    .fetch_all(conn)
    .await
}

pub async fn default_programme(conn: &mut SqliteConnection) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT min(id) FROM programmes")
        .fetch_one(conn)
        .await
}

pub struct NewMeeting<'a> {
    pub programme_id: i64,
    pub series_id: Option<i64>,
    pub kind: &'a str,
    pub starts_at: String,
    pub ends_at: String,
    pub place: &'a str,
}

pub async fn insert(conn: &mut SqliteConnection, m: &NewMeeting<'_>) -> sqlx::Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO meetings (programme_id, series_id, kind, starts_at, ends_at, place, state)
         VALUES (?, ?, ?, ?, ?, ?, 'terminiert')",
    )
    .bind(m.programme_id)
    .bind(m.series_id)
    .bind(m.kind)
    .bind(&m.starts_at)
    .bind(&m.ends_at)
    .bind(m.place)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_series(
    conn: &mut SqliteConnection,
    programme_id: i64,
    title: &str,
    first_on: &str,
    start_time: &str,
    minutes_long: i64,
    place: &str,
    interval_days: i64,
) -> sqlx::Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO meeting_series (programme_id, title, first_on, start_time, minutes_long, place, interval_days)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(programme_id)
    .bind(title)
    .bind(first_on)
    .bind(start_time)
    .bind(minutes_long)
    .bind(place)
    .bind(interval_days)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn set_state(conn: &mut SqliteConnection, id: i64, state: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE meetings SET state = ?, version = version + 1 WHERE id = ?")
        .bind(state)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves one meeting; the first move keeps the original start in `moved_from`.
pub async fn move_meeting(
    conn: &mut SqliteConnection,
    id: i64,
    starts_at: &str,
    ends_at: &str,
    place: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE meetings SET moved_from = coalesce(moved_from, starts_at), starts_at = ?, ends_at = ?,
            place = ?, version = version + 1 WHERE id = ?",
    )
    .bind(starts_at)
    .bind(ends_at)
    .bind(place)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn approve_minutes(
    conn: &mut SqliteConnection,
    approved: i64,
    in_meeting: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE meetings SET minutes_approved_in = ? WHERE id = ?")
        .bind(in_meeting)
        .bind(approved)
        .execute(conn)
        .await?;
    Ok(())
}

// ------------------------------------------------------------------ release

/// Any change of a released agenda needs a new release.
pub async fn mark_agenda_changed(conn: &mut SqliteConnection, meeting: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE meetings SET agenda_changed_after_release = 1, version = version + 1
         WHERE id = ? AND agenda_released_at IS NOT NULL",
    )
    .bind(meeting)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn release(
    conn: &mut SqliteConnection,
    id: i64,
    user: i64,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE meetings SET agenda_released_by = ?, agenda_released_at = ?,
            agenda_changed_after_release = 0, version = version + 1 WHERE id = ?",
    )
    .bind(user)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

// ------------------------------------------------------------------ participants

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct ParticipantRow {
    pub person_id: i64,
    pub name: String,
    pub function: String,
    pub guest: bool,
    pub attendance: Option<String>,
}

pub async fn participants(pool: &SqlitePool, meeting: i64) -> sqlx::Result<Vec<ParticipantRow>> {
    sqlx::query_as(
        "SELECT pa.person_id, p.name, p.function, pa.guest, pa.attendance
         FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE pa.meeting_id = ? ORDER BY pa.guest, p.name",
    )
    .bind(meeting)
    .fetch_all(pool)
    .await
}

/// People who are AG members on the date (`YYYY-MM-DD`), since/until inclusive.
pub async fn members_on(conn: &mut SqliteConnection, date: &str) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT DISTINCT person_id FROM ag_memberships
         WHERE since <= ? AND (until IS NULL OR until >= ?) ORDER BY person_id",
    )
    .bind(date)
    .bind(date)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub function: String,
}

pub async fn people(conn: &mut SqliteConnection) -> sqlx::Result<Vec<PersonRow>> {
    sqlx::query_as("SELECT id, name, function FROM people ORDER BY name")
        .fetch_all(conn)
        .await
}

pub async fn add_participant(
    conn: &mut SqliteConnection,
    meeting: i64,
    person: i64,
    guest: bool,
) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "INSERT INTO participants (meeting_id, person_id, guest) VALUES (?, ?, ?)
         ON CONFLICT (meeting_id, person_id) DO NOTHING",
    )
    .bind(meeting)
    .bind(person)
    .bind(guest)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_attendance(
    conn: &mut SqliteConnection,
    meeting: i64,
    person: i64,
    attendance: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE participants SET attendance = ? WHERE meeting_id = ? AND person_id = ?")
        .bind(attendance)
        .bind(meeting)
        .bind(person)
        .execute(conn)
        .await?;
    Ok(())
}

// ------------------------------------------------------------------ agenda

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
    pub public: bool,
    pub presenter_id: Option<i64>,
    pub presenter: Option<String>,
    pub planned_minutes: i64,
    pub reason: String,
    pub notes: String,
    pub outcome: String,
    pub dealt_with: bool,
    pub carried_from: Option<i64>,
    pub version: i64,
}

const ITEM_SELECT: &str = "SELECT a.id, a.meeting_id, a.position, a.title, a.public, a.presenter_id,
        p.name AS presenter, a.planned_minutes, a.reason, a.notes, a.outcome, a.dealt_with, a.carried_from, a.version
    FROM agenda_items a LEFT JOIN people p ON p.id = a.presenter_id";

pub async fn items(pool: &SqlitePool, meeting: i64) -> sqlx::Result<Vec<ItemRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM_SELECT} WHERE a.meeting_id = ? ORDER BY a.position, a.id"
    )))
    .bind(meeting)
    .fetch_all(pool)
    .await
}

pub async fn item(
    conn: &mut SqliteConnection,
    meeting: i64,
    id: i64,
) -> sqlx::Result<Option<ItemRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM_SELECT} WHERE a.meeting_id = ? AND a.id = ?"
    )))
    .bind(meeting)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn item_titles(conn: &mut SqliteConnection, meeting: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT title FROM agenda_items WHERE meeting_id = ?")
        .bind(meeting)
        .fetch_all(conn)
        .await
}

pub async fn item_ids(conn: &mut SqliteConnection, meeting: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position, id")
        .bind(meeting)
        .fetch_all(conn)
        .await
}

/// A measure linked to an agenda item, with its live status and Ampel.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct LinkedMeasure {
    pub item_id: i64,
    pub id: i64,
    pub code: String,
    pub title: String,
    pub status: String,
    pub ampel: String,
    pub progress: i64,
}

pub async fn linked_measures(pool: &SqlitePool, meeting: i64) -> sqlx::Result<Vec<LinkedMeasure>> {
    sqlx::query_as(
        "SELECT am.agenda_item_id AS item_id, m.id, m.code, m.title, m.status, m.ampel, m.progress
         FROM agenda_item_measures am
         JOIN agenda_items a ON a.id = am.agenda_item_id
         JOIN measures m ON m.id = am.measure_id
         WHERE a.meeting_id = ? ORDER BY m.code",
    )
    .bind(meeting)
    .fetch_all(pool)
    .await
}

pub async fn item_measure_codes(
    conn: &mut SqliteConnection,
    item: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT m.code FROM agenda_item_measures am JOIN measures m ON m.id = am.measure_id
         WHERE am.agenda_item_id = ? ORDER BY m.code",
    )
    .bind(item)
    .fetch_all(conn)
    .await
}

/// Measure ids for codes of a programme (unknown codes are missing from the answer).
pub async fn measure_by_code(
    conn: &mut SqliteConnection,
    programme: i64,
    code: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM measures WHERE programme_id = ? AND code = ? COLLATE NOCASE")
        .bind(programme)
        .bind(code)
        .fetch_optional(conn)
        .await
}

pub async fn insert_item(
    conn: &mut SqliteConnection,
    meeting: i64,
    item: &DraftItem,
    presenter: Option<i64>,
) -> sqlx::Result<i64> {
    let id = sqlx::query(
        "INSERT INTO agenda_items (meeting_id, position, title, public, presenter_id, planned_minutes, reason, carried_from)
         VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?), ?, ?, ?, ?, ?, ?)",
    )
    .bind(meeting)
    .bind(meeting)
    .bind(&item.title)
    .bind(item.public)
    .bind(presenter)
    .bind(item.planned_minutes)
    .bind(&item.reason)
    .bind(item.carried_from)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    set_item_measures(conn, id, &item.measure_ids).await?;
    Ok(id)
}

pub async fn set_item_measures(
    conn: &mut SqliteConnection,
    item: i64,
    measures: &[i64],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM agenda_item_measures WHERE agenda_item_id = ?")
        .bind(item)
        .execute(&mut *conn)
        .await?;
    for m in measures {
        sqlx::query(
            "INSERT INTO agenda_item_measures (agenda_item_id, measure_id) VALUES (?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(item)
        .bind(m)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Updates an item if it still has `version`; false when someone else changed it first.
#[allow(clippy::too_many_arguments)]
pub async fn update_item(
    conn: &mut SqliteConnection,
    id: i64,
    version: i64,
    title: &str,
    public: bool,
    presenter: Option<i64>,
    minutes: i64,
) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "UPDATE agenda_items SET title = ?, public = ?, presenter_id = ?, planned_minutes = ?,
            version = version + 1 WHERE id = ? AND version = ?",
    )
    .bind(title)
    .bind(public)
    .bind(presenter)
    .bind(minutes)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_positions(conn: &mut SqliteConnection, ids: &[i64]) -> sqlx::Result<()> {
    for (i, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE agenda_items SET position = ? WHERE id = ?")
            .bind(i as i64 + 1)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Comments, decisions and tasks hanging on an item (an item with any is not deleted).
pub async fn item_dependents(conn: &mut SqliteConnection, item: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM agenda_comments WHERE agenda_item_id = ?1)
              + (SELECT count(*) FROM decisions WHERE agenda_item_id = ?1)
              + (SELECT count(*) FROM tasks WHERE agenda_item_id = ?1)
              + (SELECT count(*) FROM agenda_items WHERE carried_from = ?1)",
    )
    .bind(item)
    .fetch_one(conn)
    .await
}

pub async fn delete_item(conn: &mut SqliteConnection, item: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM agenda_item_measures WHERE agenda_item_id = ?")
        .bind(item)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM agenda_items WHERE id = ?")
        .bind(item)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes the minutes of an item; with `version`, only if the item still has it.
pub async fn set_minutes(
    conn: &mut SqliteConnection,
    item: i64,
    version: Option<i64>,
    notes: &str,
    outcome: &str,
    dealt_with: bool,
) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "UPDATE agenda_items SET notes = ?, outcome = ?, dealt_with = ?, version = version + 1
         WHERE id = ? AND (? IS NULL OR version = ?)",
    )
    .bind(notes)
    .bind(outcome)
    .bind(dealt_with)
    .bind(item)
    .bind(version)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

// ------------------------------------------------------------------ comments

#[derive(Debug, Clone, FromRow)]
pub struct CommentRow {
    pub item_id: i64,
    pub author: String,
    pub created_at: String,
    pub text: String,
}

pub async fn comments(pool: &SqlitePool, meeting: i64) -> sqlx::Result<Vec<CommentRow>> {
    sqlx::query_as(
        "SELECT c.agenda_item_id AS item_id, u.display_name AS author, c.created_at, c.text
         FROM agenda_comments c JOIN agenda_items a ON a.id = c.agenda_item_id
         JOIN users u ON u.id = c.author_id
         WHERE a.meeting_id = ? ORDER BY c.created_at, c.id",
    )
    .bind(meeting)
    .fetch_all(pool)
    .await
}

pub async fn add_comment(
    conn: &mut SqliteConnection,
    item: i64,
    author: i64,
    at: &str,
    text: &str,
) -> sqlx::Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO agenda_comments (agenda_item_id, author_id, created_at, text) VALUES (?, ?, ?, ?)",
    )
    .bind(item)
    .bind(author)
    .bind(at)
    .bind(text)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

// ------------------------------------------------------------------ decisions and tasks

#[derive(Debug, Clone, FromRow)]
pub struct DecisionRow {
    pub id: i64,
    pub item_id: i64,
    pub text: String,
    pub decided_on: String,
    pub meeting_id: i64,
    pub kind: String,
    pub item_title: String,
    pub position: i64,
}

const DECISION_SELECT: &str = "SELECT d.id, d.agenda_item_id AS item_id, d.text, d.decided_on,
        a.meeting_id, mt.kind, a.title AS item_title, a.position
    FROM decisions d JOIN agenda_items a ON a.id = d.agenda_item_id
    JOIN meetings mt ON mt.id = a.meeting_id";

pub async fn decisions(pool: &SqlitePool, meeting: i64) -> sqlx::Result<Vec<DecisionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{DECISION_SELECT} WHERE a.meeting_id = ? ORDER BY a.position, d.id"
    )))
    .bind(meeting)
    .fetch_all(pool)
    .await
}

/// The decision register: every decision, newest first, optionally searched.
pub async fn decision_register(pool: &SqlitePool, q: &str) -> sqlx::Result<Vec<DecisionRow>> {
    let like = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{DECISION_SELECT} WHERE (d.text LIKE ?1 ESCAPE '\\' OR a.title LIKE ?1 ESCAPE '\\')
         ORDER BY d.decided_on DESC, d.id DESC"
    )))
    .bind(like)
    .fetch_all(pool)
    .await
}

pub async fn add_decision(
    conn: &mut SqliteConnection,
    item: i64,
    text: &str,
    on: &str,
) -> sqlx::Result<i64> {
    Ok(
        sqlx::query("INSERT INTO decisions (agenda_item_id, text, decided_on) VALUES (?, ?, ?)")
            .bind(item)
            .bind(text)
            .bind(on)
            .execute(conn)
            .await?
            .last_insert_rowid(),
    )
}

pub struct NewTask<'a> {
    pub item: i64,
    pub measure: Option<i64>,
    pub owner: i64,
    pub title: &'a str,
    pub due_on: Option<String>,
}

pub async fn add_task(conn: &mut SqliteConnection, t: &NewTask<'_>) -> sqlx::Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO tasks (agenda_item_id, measure_id, owner_id, title, due_on, state)
         VALUES (?, ?, ?, ?, ?, 'offen')",
    )
    .bind(t.item)
    .bind(t.measure)
    .bind(t.owner)
    .bind(t.title)
    .bind(&t.due_on)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn complete_task(conn: &mut SqliteConnection, id: i64, on: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE tasks SET state = 'erledigt', done_on = ? WHERE id = ?")
        .bind(on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn open_task_counts(
    conn: &mut SqliteConnection,
    today: &str,
) -> sqlx::Result<(i64, i64)> {
    let open: i64 =
        sqlx::query_scalar("SELECT count(*) FROM tasks WHERE state IN ('offen', 'in_bearbeitung')")
            .fetch_one(&mut *conn)
            .await?;
    let overdue: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM tasks WHERE state IN ('offen', 'in_bearbeitung') AND due_on < ?",
    )
    .bind(today)
    .fetch_one(&mut *conn)
    .await?;
    Ok((open, overdue))
}

// ------------------------------------------------------------------ agenda drafting data

#[derive(Debug, Clone, FromRow)]
pub struct SignalRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub status: String,
    pub ampel: String,
    pub status_before: Option<String>,
    pub ampel_before: Option<String>,
    pub updates: i64,
}

/// Every active measure of the programme with its state before `since` and the number
/// of status updates since then.
pub async fn signals(
    conn: &mut SqliteConnection,
    programme: i64,
    since: &str,
) -> sqlx::Result<Vec<SignalRow>> {
    sqlx::query_as(
        "SELECT m.id, m.code, m.title, m.status, m.ampel,
            (SELECT s.status FROM status_updates s WHERE s.measure_id = m.id AND s.created_at < ?1
             ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS status_before,
            (SELECT s.ampel FROM status_updates s WHERE s.measure_id = m.id AND s.created_at < ?1
             ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS ampel_before,
            (SELECT count(*) FROM status_updates s WHERE s.measure_id = m.id AND s.created_at >= ?1) AS updates
         FROM measures m
         WHERE m.programme_id = ?2 AND m.archived_at IS NULL
         ORDER BY CASE m.ampel WHEN 'rot' THEN 1 WHEN 'gelb' THEN 2 ELSE 3 END, m.code",
    )
    .bind(since)
    .bind(programme)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct DueMilestone {
    pub measure_id: i64,
    pub title: String,
    pub due_on: String,
}

pub async fn milestones_due(
    conn: &mut SqliteConnection,
    programme: i64,
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<DueMilestone>> {
    sqlx::query_as(
        "SELECT ms.measure_id, ms.title, ms.due_on FROM milestones ms
         JOIN measures m ON m.id = ms.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND ms.done_on IS NULL
           AND ms.due_on >= ? AND ms.due_on <= ? ORDER BY ms.due_on",
    )
    .bind(programme)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// Items of a meeting that were not dealt with (carried to the next meeting).
pub async fn not_dealt_with(
    conn: &mut SqliteConnection,
    meeting: i64,
) -> sqlx::Result<Vec<ItemRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM_SELECT} WHERE a.meeting_id = ? AND a.dealt_with = 0 ORDER BY a.position"
    )))
    .bind(meeting)
    .fetch_all(conn)
    .await
}

pub async fn item_measure_ids(conn: &mut SqliteConnection, item: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT measure_id FROM agenda_item_measures WHERE agenda_item_id = ?")
        .bind(item)
        .fetch_all(conn)
        .await
}

#[derive(Debug, Clone, FromRow)]
pub struct RefRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub ampel: String,
}

pub async fn open_sign_offs(
    conn: &mut SqliteConnection,
    programme: i64,
    track: &str,
) -> sqlx::Result<Vec<RefRow>> {
    sqlx::query_as(
        "SELECT m.id, m.code, m.title, m.ampel FROM sign_offs so JOIN measures m ON m.id = so.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND so.track = ? AND so.state = 'offen'
         ORDER BY m.code",
    )
    .bind(programme)
    .bind(track)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct DeviationRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub ampel: String,
    pub fiscal_year: i64,
    pub approved: i64,
    pub actual: i64,
}

/// Budget lines of the current and the previous fiscal year whose actual exceeds the
/// approved amount (older years are closed and not discussed again).
pub async fn budget_deviations(
    conn: &mut SqliteConnection,
    programme: i64,
    from_year: i64,
) -> sqlx::Result<Vec<DeviationRow>> {
    sqlx::query_as(
        "SELECT m.id, m.code, m.title, m.ampel, b.fiscal_year, b.approved, b.actual
         FROM budget_lines b JOIN measures m ON m.id = b.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND b.actual > b.approved
           AND b.fiscal_year >= ?
         ORDER BY m.code, b.fiscal_year",
    )
    .bind(programme)
    .bind(from_year)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct SummaryRow {
    pub measures: i64,
    pub red: i64,
    pub amber: i64,
    pub green: i64,
    pub updates: i64,
    pub completed: i64,
}

pub async fn quarter_summary(
    conn: &mut SqliteConnection,
    programme: i64,
    since: &str,
) -> sqlx::Result<SummaryRow> {
    sqlx::query_as(
        "SELECT
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung')) AS measures,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung') AND ampel = 'rot') AS red,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung') AND ampel = 'gelb') AS amber,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung') AND ampel = 'gruen') AS green,
           (SELECT count(*) FROM status_updates s JOIN measures m ON m.id = s.measure_id
              WHERE m.programme_id = ?1 AND s.created_at >= ?2) AS updates,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND status = 'abgeschlossen'
              AND actual_end >= ?2) AS completed",
    )
    .bind(programme)
    .bind(since)
    .fetch_one(conn)
    .await
}

/// Red and amber active measures of the programme.
pub async fn red_amber(conn: &mut SqliteConnection, programme: i64) -> sqlx::Result<Vec<RefRow>> {
    sqlx::query_as(
        "SELECT id, code, title, ampel FROM measures
         WHERE programme_id = ? AND archived_at IS NULL AND ampel IN ('rot', 'gelb')
           AND status IN ('geplant', 'vorbereitung', 'umsetzung')
         ORDER BY CASE ampel WHEN 'rot' THEN 1 ELSE 2 END, code",
    )
    .bind(programme)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct ReportRow {
    pub period_label: String,
    pub cutoff_on: String,
    pub state: String,
    pub request_started_at: Option<String>,
    pub request_due_on: Option<String>,
}

/// The report of the half-year starting on `period_start` (newest first if several).
pub async fn report_for(
    conn: &mut SqliteConnection,
    programme: i64,
    period_start: &str,
) -> sqlx::Result<Option<ReportRow>> {
    sqlx::query_as(
        "SELECT period_label, cutoff_on, state, request_started_at, request_due_on FROM reports
         WHERE programme_id = ? AND period_start = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(programme)
    .bind(period_start)
    .fetch_optional(conn)
    .await
}

// ------------------------------------------------------------------ calendar tokens

pub async fn set_calendar_token(
    conn: &mut SqliteConnection,
    user: i64,
    hash: &str,
    at: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(user)
    .bind(hash)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn calendar_token_created(pool: &SqlitePool, user: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT created_at FROM calendar_tokens WHERE user_id = ?")
        .bind(user)
        .fetch_optional(pool)
        .await
}

/// The role of the active account that owns the token hash.
pub async fn calendar_token_role(pool: &SqlitePool, hash: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT u.role FROM calendar_tokens c JOIN users u ON u.id = c.user_id
         WHERE c.token_hash = ? AND u.active = 1",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await
}
