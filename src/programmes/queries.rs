//! All SQL of the programmes feature: programmes, revisions with their recorded
//! changes, fields of action.

use crate::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::programme::{ChangeKind, ChangeSubject};

#[derive(Debug, Clone, FromRow)]
pub struct Programme {
    pub id: i64,
    pub title: String,
    pub short_title: String,
    pub scope: String,
    pub resolution_no: Option<String>,
    pub resolution_date: Option<String>,
    pub body: Option<String>,
    pub description: String,
}

/// One programme (None: no such programme).
pub async fn programme(pool: &Pool, id: i64) -> sqlx::Result<Option<Programme>> {
    crate::db::query_as(
        "SELECT id, title, short_title, scope, resolution_no, resolution_date, body, description
         FROM programmes WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

pub async fn programmes(pool: &Pool) -> sqlx::Result<Vec<Programme>> {
    crate::db::query_as(
        "SELECT id, title, short_title, scope, resolution_no, resolution_date, body, description
         FROM programmes ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Revision {
    pub id: i64,
    pub programme_id: i64,
    pub version: String,
    pub revised_on: String,
    pub summary: String,
    pub resolution_ref: Option<String>,
}

/// The revisions of one programme, in date order.
pub async fn revisions_of(pool: &Pool, programme: i64) -> sqlx::Result<Vec<Revision>> {
    crate::db::query_as(
        "SELECT id, programme_id, version, revised_on, summary, resolution_ref FROM revisions
         WHERE programme_id = ? ORDER BY revised_on, id",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
}

pub async fn revisions(pool: &Pool) -> sqlx::Result<Vec<Revision>> {
    crate::db::query_as(
        "SELECT id, programme_id, version, revised_on, summary, resolution_ref FROM revisions
         ORDER BY programme_id, revised_on, id",
    )
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Change {
    pub revision_id: i64,
    pub entity: ChangeSubject,
    pub label: String,
    pub change: ChangeKind,
    pub note: String,
}

pub async fn changes(pool: &Pool, programme: i64) -> sqlx::Result<Vec<Change>> {
    crate::db::query_as(
        "SELECT c.revision_id, c.entity, c.label, c.change, c.note FROM revision_changes c
         JOIN revisions r ON r.id = c.revision_id WHERE r.programme_id = ?
         ORDER BY r.revised_on, c.id",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Field {
    pub id: i64,
    pub programme_id: i64,
    pub code: String,
    pub title: String,
    pub position: i64,
    pub version: i64,
}

pub async fn fields(pool: &Pool) -> sqlx::Result<Vec<Field>> {
    crate::db::query_as(
        "SELECT id, programme_id, code, title, position, version FROM fields
         ORDER BY programme_id, position, code",
    )
    .fetch_all(pool)
    .await
}

pub async fn field(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Field>> {
    crate::db::query_as(
        "SELECT id, programme_id, code, title, position, version FROM fields WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn field_code_taken(conn: &mut Conn, programme: i64, code: &str) -> sqlx::Result<bool> {
    let n: i64 =
        crate::db::query_scalar("SELECT count(*) FROM fields WHERE programme_id = ? AND code = ?")
            .bind(programme)
            .bind(code)
            .fetch_one(conn)
            .await?;
    Ok(n > 0)
}

pub async fn insert_field(
    conn: &mut Conn,
    programme: i64,
    code: &str,
    title: &str,
    position: i64,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO fields (programme_id, code, title, position) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(programme)
    .bind(code)
    .bind(title)
    .bind(position)
    .fetch_one(conn)
    .await
}

pub async fn update_field(
    conn: &mut Conn,
    id: i64,
    version: i64,
    title: &str,
    position: i64,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE fields SET title = ?, position = ?, version = version + 1 WHERE id = ? AND version = ?",
    )
    .bind(title)
    .bind(position)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn version_taken(conn: &mut Conn, programme: i64, version: &str) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT count(*) FROM revisions WHERE programme_id = ? AND version = ?",
    )
    .bind(programme)
    .bind(version)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn insert_revision(
    conn: &mut Conn,
    programme: i64,
    version: &str,
    revised_on: &str,
    summary: &str,
    resolution_ref: Option<&str>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO revisions (programme_id, version, revised_on, summary, resolution_ref)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(programme)
    .bind(version)
    .bind(revised_on)
    .bind(summary)
    .bind(resolution_ref)
    .fetch_one(conn)
    .await
}

pub async fn revision_programme(conn: &mut Conn, id: i64) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT programme_id FROM revisions WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn insert_change(
    conn: &mut Conn,
    revision: i64,
    entity: ChangeSubject,
    label: &str,
    change: ChangeKind,
    note: &str,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO revision_changes (revision_id, entity, label, change, note)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(revision)
    .bind(entity)
    .bind(label)
    .bind(change)
    .bind(note)
    .fetch_one(conn)
    .await
}
