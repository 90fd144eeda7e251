//! The frozen snapshot of a released report: storing it at release and reading it back.

use crate::db::Conn;

/// The stored snapshot of a released report: (html, pdf, json).
pub async fn snapshot(conn: &mut Conn, id: i64) -> sqlx::Result<Option<(String, Vec<u8>, String)>> {
    type Row = (Option<String>, Option<Vec<u8>>, Option<String>);
    let row: Option<Row> = crate::db::query_as(
        "SELECT snapshot_html, snapshot_pdf, snapshot_json FROM reports WHERE id = ? AND state = 'freigegeben'",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(h, p, j)| Some((h?, p?, j?))))
}

pub async fn snapshot_pdf(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Vec<u8>>> {
    crate::db::query_scalar(
        "SELECT snapshot_pdf FROM reports WHERE id = ? AND state = 'freigegeben'",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
    .map(Option::flatten)
}

/// The frozen DOCX of a released report (`None` also for reports released before the
/// DOCX was frozen with them).
pub async fn snapshot_docx(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Vec<u8>>> {
    crate::db::query_scalar(
        "SELECT snapshot_docx FROM reports WHERE id = ? AND state = 'freigegeben'",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
    .map(Option::flatten)
}

/// The data snapshot of the latest released report of the programme before `cutoff_on`.
pub async fn previous_released(
    conn: &mut Conn,
    programme_id: i64,
    cutoff_on: &str,
    not_id: i64,
) -> sqlx::Result<Option<(i64, String)>> {
    let row: Option<(i64, Option<String>)> = crate::db::query_as(
        "SELECT id, snapshot_json FROM reports
         WHERE programme_id = ? AND state = 'freigegeben' AND cutoff_on < ? AND id <> ?
         ORDER BY cutoff_on DESC, id DESC LIMIT 1",
    )
    .bind(programme_id)
    .bind(cutoff_on)
    .bind(not_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(id, j)| Some((id, j?))))
}

/// The rendered files of a release.
pub struct Frozen<'a> {
    pub html: &'a str,
    pub pdf: &'a [u8],
    pub docx: &'a [u8],
    pub json: &'a str,
}

/// Freezes a draft: state, releaser and the snapshots in one statement.
pub async fn release(
    conn: &mut Conn,
    id: i64,
    released_by: i64,
    at: &str,
    frozen: Frozen<'_>,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE reports SET state = 'freigegeben', released_by = ?, released_at = ?,
            snapshot_html = ?, snapshot_pdf = ?, snapshot_docx = ?, snapshot_json = ?, version = version + 1
         WHERE id = ? AND state = 'entwurf'",
    )
    .bind(released_by)
    .bind(at)
    .bind(frozen.html)
    .bind(frozen.pdf)
    .bind(frozen.docx)
    .bind(frozen.json)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
