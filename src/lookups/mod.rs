//! Lookups that several features share: the choices of select boxes, whether a
//! referenced row exists, the programme filter of list pages. Features depend on this
//! module instead of on each other.

pub mod public;
pub mod tasks;
pub mod transparency;
// issue 16: links to council decisions
pub mod council_papers;

use crate::db::Conn;
use sqlx::FromRow;

use crate::web::{AppError, AppResult};

/// Choices for the form's select boxes.
#[derive(Debug, Clone, FromRow)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

pub async fn field_choices<'e>(db: impl crate::db::Executor<'e>) -> sqlx::Result<Vec<Choice>> {
    crate::db::query_as(
        "SELECT f.id, p.short_title || ' – ' || f.code || ' ' || f.title AS label
         FROM fields f JOIN programmes p ON p.id = f.programme_id ORDER BY p.id, f.position",
    )
    .fetch_all(db)
    .await
}

pub async fn programme_choices<'e>(db: impl crate::db::Executor<'e>) -> sqlx::Result<Vec<Choice>> {
    crate::db::query_as("SELECT id, short_title AS label FROM programmes ORDER BY id")
        .fetch_all(db)
        .await
}

/// Units as people read them: code and name, the code not repeated when the name carries it.
pub async fn unit_choices<'e>(db: impl crate::db::Executor<'e>) -> sqlx::Result<Vec<Choice>> {
    let rows: Vec<(i64, String, String)> =
        crate::db::query_as("SELECT id, code, name FROM org_units ORDER BY code")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name)| Choice {
            id,
            label: crate::domain::wording::unit_label(&code, &name),
        })
        .collect())
}

pub async fn person_choices<'e>(db: impl crate::db::Executor<'e>) -> sqlx::Result<Vec<Choice>> {
    crate::db::query_as(
        "SELECT id, name || ' (' || function || ')' AS label FROM people ORDER BY name",
    )
    .fetch_all(db)
    .await
}

pub async fn exists(conn: &mut Conn, table: RefTable, id: i64) -> sqlx::Result<bool> {
    let sql = match table {
        RefTable::OrgUnit => "SELECT count(*) FROM org_units WHERE id = ?",
        RefTable::Person => "SELECT count(*) FROM people WHERE id = ?",
    };
    let n: i64 = crate::db::query_scalar(sql)
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Tables a form may reference by id.
#[derive(Clone, Copy)]
pub enum RefTable {
    OrgUnit,
    Person,
}

pub async fn programme_exists(conn: &mut Conn, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT count(*) FROM programmes WHERE id = ?")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// `?programm=` → a programme id, or 400 for anything but a number.
pub fn programme_filter(raw: &str) -> AppResult<Option<i64>> {
    match raw.trim() {
        "" => Ok(None),
        s => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::BadRequest("Die Programmauswahl ist ungültig.".into())),
    }
}
