//! Participants of a meeting, AG membership on a date, and the people to choose from.

use crate::db::{Conn, Pool};
use crate::domain::meetings::Attendance;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct ParticipantRow {
    pub person_id: i64,
    pub name: String,
    pub function: String,
    pub guest: bool,
    pub attendance: Option<Attendance>,
}

pub async fn participants(pool: &Pool, meeting: i64) -> sqlx::Result<Vec<ParticipantRow>> {
    crate::db::query_as(
        "SELECT pa.person_id, p.name, p.function, pa.guest, pa.attendance
         FROM participants pa JOIN people p ON p.id = pa.person_id
         WHERE pa.meeting_id = ? ORDER BY pa.guest, p.name",
    )
    .bind(meeting)
    .fetch_all(pool)
    .await
}

/// People who are AG members on the date (`YYYY-MM-DD`), since/until inclusive.
pub async fn members_on(conn: &mut Conn, date: &str) -> sqlx::Result<Vec<i64>> {
    crate::db::query_scalar(
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

pub async fn people(conn: &mut Conn) -> sqlx::Result<Vec<PersonRow>> {
    crate::db::query_as("SELECT id, name, function FROM people ORDER BY name")
        .fetch_all(conn)
        .await
}

pub async fn add_participant(
    conn: &mut Conn,
    meeting: i64,
    person: i64,
    guest: bool,
) -> sqlx::Result<bool> {
    let r = crate::db::query(
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
    conn: &mut Conn,
    meeting: i64,
    person: i64,
    attendance: Option<&str>,
) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE participants SET attendance = ? WHERE meeting_id = ? AND person_id = ?",
    )
    .bind(attendance)
    .bind(meeting)
    .bind(person)
    .execute(conn)
    .await?;
    Ok(())
}
