//! Meetings themselves: the row, listing, the previous meeting, planning, state, moving
//! a date, approving minutes and the release of the agenda.

use crate::db::{Conn, Pool};
use crate::domain::meetings::{MeetingKind, MeetingState};
use chrono::NaiveDate;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub programme_id: i64,
    pub series_id: Option<i64>,
    pub kind: MeetingKind,
    pub starts_at: String,
    /// The date of `starts_at`.
    #[sqlx(try_from = "crate::db::IsoDate")]
    pub starts_on: NaiveDate,
    pub ends_at: String,
    /// From start to end, in minutes.
    pub length_minutes: i64,
    pub place: String,
    pub state: MeetingState,
    pub minutes_approved_in: Option<i64>,
    pub agenda_released_by: Option<i64>,
    pub released_by_name: Option<String>,
    pub agenda_released_at: Option<String>,
    pub agenda_changed_after_release: bool,
    pub moved_from: Option<String>,
    pub version: i64,
    /// When the agenda was last drafted (or updated) from the programme's data.
    pub agenda_drafted_at: Option<String>,
    /// The agenda as released: JSON list of `SnapshotItem`.
    pub agenda_released_items: Option<String>,
}

impl MeetingRow {
    /// Held, and its minutes not yet approved in a later meeting.
    pub fn awaits_approval(&self) -> bool {
        self.state == MeetingState::Durchgefuehrt && self.minutes_approved_in.is_none()
    }
}

const MEETING_SELECT: &str = "SELECT mt.id, mt.programme_id, mt.series_id, mt.kind, mt.starts_at,
        substr(mt.starts_at, 1, 10) AS starts_on, mt.ends_at,
        CASE WHEN mt.ends_at > mt.starts_at
            THEN CAST(round((julianday(mt.ends_at) - julianday(mt.starts_at)) * 1440) AS BIGINT)
            ELSE 0 END AS length_minutes,
        mt.place, mt.state, mt.minutes_approved_in, mt.agenda_released_by,
        u.display_name AS released_by_name, mt.agenda_released_at,
        mt.agenda_changed_after_release, mt.moved_from, mt.version, mt.agenda_drafted_at,
        mt.agenda_released_items
    FROM meetings mt LEFT JOIN users u ON u.id = mt.agenda_released_by";

pub async fn list(pool: &Pool) -> sqlx::Result<Vec<MeetingRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} ORDER BY mt.starts_at"
    )))
    .fetch_all(pool)
    .await
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<MeetingRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} WHERE mt.id = ?"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The meeting of the same kind held or planned just before this one (not cancelled).
pub async fn previous(
    conn: &mut Conn,
    kind: MeetingKind,
    before: &str,
) -> sqlx::Result<Option<MeetingRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} WHERE mt.kind = ? AND mt.starts_at < ? AND mt.state <> 'abgesagt'
         ORDER BY mt.starts_at DESC LIMIT 1"
    )))
    .bind(kind)
    .bind(before)
    .fetch_optional(conn)
    .await
}

pub async fn default_programme(conn: &mut Conn) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT min(id) FROM programmes")
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

pub async fn insert(conn: &mut Conn, m: &NewMeeting<'_>) -> sqlx::Result<i64> {
    crate::db::query_scalar::<i64>(
        "INSERT INTO meetings (programme_id, series_id, kind, starts_at, ends_at, place, state)
         VALUES (?, ?, ?, ?, ?, ?, 'terminiert') RETURNING id",
    )
    .bind(m.programme_id)
    .bind(m.series_id)
    .bind(m.kind)
    .bind(&m.starts_at)
    .bind(&m.ends_at)
    .bind(m.place)
    .fetch_one(conn)
    .await
}

pub async fn set_state(conn: &mut Conn, id: i64, state: &str) -> sqlx::Result<()> {
    crate::db::query("UPDATE meetings SET state = ?, version = version + 1 WHERE id = ?")
        .bind(state)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves one meeting; the first move keeps the original start in `moved_from`.
pub async fn move_meeting(
    conn: &mut Conn,
    id: i64,
    starts_at: &str,
    ends_at: &str,
    place: &str,
) -> sqlx::Result<()> {
    crate::db::query(
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

pub async fn approve_minutes(conn: &mut Conn, approved: i64, in_meeting: i64) -> sqlx::Result<()> {
    crate::db::query("UPDATE meetings SET minutes_approved_in = ? WHERE id = ?")
        .bind(in_meeting)
        .bind(approved)
        .execute(conn)
        .await?;
    Ok(())
}

/// Any change of a released agenda needs a new release.
pub async fn mark_agenda_changed(conn: &mut Conn, meeting: i64) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE meetings SET agenda_changed_after_release = TRUE, version = version + 1
         WHERE id = ? AND agenda_released_at IS NOT NULL",
    )
    .bind(meeting)
    .execute(conn)
    .await?;
    Ok(())
}

/// Releases the agenda; `items` is the agenda as released (JSON), to tell later changes.
pub async fn release(
    conn: &mut Conn,
    id: i64,
    user: i64,
    at: &str,
    items: &str,
) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE meetings SET agenda_released_by = ?, agenda_released_at = ?,
            agenda_changed_after_release = FALSE, agenda_released_items = ?, version = version + 1
         WHERE id = ?",
    )
    .bind(user)
    .bind(at)
    .bind(items)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The next meeting still to be held (planned or invited) from `from` (local
/// `YYYY-MM-DDTHH:MM`) on: the next AG meeting (the Sachstand cycle follows the AG's
/// fortnightly meetings), or the next joint session when no AG meeting is planned.
pub async fn next_meeting(conn: &mut Conn, from: &str) -> sqlx::Result<Option<MeetingRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} WHERE mt.state IN ('terminiert', 'eingeladen') AND mt.starts_at >= ?
         ORDER BY CASE mt.kind WHEN 'ag' THEN 0 ELSE 1 END, mt.starts_at LIMIT 1"
    )))
    .bind(from)
    .fetch_optional(conn)
    .await
}

/// Joint sessions still ahead whose agenda has items and waits for a (new) release.
pub async fn joint_awaiting_release(conn: &mut Conn, from: &str) -> sqlx::Result<Vec<MeetingRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{MEETING_SELECT} WHERE mt.kind = 'quartal' AND mt.state IN ('terminiert', 'eingeladen')
           AND mt.starts_at >= ?
           AND (mt.agenda_released_at IS NULL OR mt.agenda_changed_after_release = TRUE)
           AND EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = mt.id)
         ORDER BY mt.starts_at"
    )))
    .bind(from)
    .fetch_all(conn)
    .await
}
