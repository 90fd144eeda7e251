//! SQL of the overview: measures counted per field of action, status and Ampel (the
//! rows it lists come from `crate::measures::queries`).

use crate::db::Conn;
use sqlx::FromRow;

use crate::domain::{Ampel, Status};

#[derive(FromRow)]
pub struct CountRow {
    pub field_id: i64,
    pub label: String,
    pub status: Status,
    pub ampel: Ampel,
    pub n: i64,
}

pub async fn counts(conn: &mut Conn) -> sqlx::Result<Vec<CountRow>> {
    crate::db::query_as(
        "SELECT f.id AS field_id, p.short_title || ' – ' || f.code || ' ' || f.title AS label,
                m.status, m.ampel, count(*) AS n
         FROM measures m JOIN fields f ON f.id = m.field_id JOIN programmes p ON p.id = f.programme_id
         WHERE m.archived_at IS NULL
         GROUP BY p.id, f.id, f.position, label, m.status, m.ampel
         ORDER BY p.id, f.position",
    )
    .fetch_all(conn)
    .await
}
