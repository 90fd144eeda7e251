//! Writes of the council papers a measure references (reading: `lookups::council_papers`).

use crate::db::Conn;

pub async fn council_paper_taken(
    conn: &mut Conn,
    measure: i64,
    reference: &str,
) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT count(*) FROM council_papers WHERE measure_id = ? AND lower(reference) = lower(?)",
    )
    .bind(measure)
    .bind(reference)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub struct NewCouncilPaper<'a> {
    pub measure: i64,
    pub reference: &'a str,
    pub name: &'a str,
    pub dated_on: Option<&'a str>,
    pub url: &'a str,
    pub at: &'a str,
}

pub async fn add_council_paper(conn: &mut Conn, p: &NewCouncilPaper<'_>) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO council_papers (measure_id, reference, name, dated_on, url, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(p.measure)
    .bind(p.reference)
    .bind(p.name)
    .bind(p.dated_on)
    .bind(p.url)
    .bind(p.at)
    .fetch_one(conn)
    .await
}

/// Removes one link; its reference, or `None` when the measure has no such link.
pub async fn remove_council_paper(
    conn: &mut Conn,
    measure: i64,
    id: i64,
) -> sqlx::Result<Option<String>> {
    crate::db::query_scalar(
        "DELETE FROM council_papers WHERE id = ? AND measure_id = ? RETURNING reference",
    )
    .bind(id)
    .bind(measure)
    .fetch_optional(conn)
    .await
}
