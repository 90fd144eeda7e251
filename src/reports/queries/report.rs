//! The report rows themselves: list, load, create, edit a draft, field comments and
//! the start of the status request round.

use crate::db::Conn;
use sqlx::FromRow;

use crate::domain::report::{FieldSnap, ReportState};

#[derive(Debug, Clone, FromRow)]
pub struct Report {
    pub id: i64,
    pub programme_id: i64,
    pub programme_title: String,
    pub period_label: String,
    pub period_start: String,
    pub cutoff_on: String,
    pub vorlage_no: String,
    pub addressee: String,
    pub committee_on: Option<String>,
    pub summary: String,
    pub outlook: String,
    pub state: ReportState,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub released_by_name: Option<String>,
    /// The releasing user's function ("Oberbürgermeister"): what the council reads
    /// instead of the name.
    pub released_by_function: Option<String>,
    pub released_at: Option<String>,
    pub corrects_id: Option<i64>,
    pub corrects_label: Option<String>,
    pub request_due_on: Option<String>,
    pub request_started_at: Option<String>,
    pub version: i64,
}

impl Report {
    pub fn released(&self) -> bool {
        self.state == ReportState::Freigegeben
    }
}

const REPORT_SELECT: &str =
    "SELECT r.id, r.programme_id, p.title AS programme_title, r.period_label,
        r.period_start, r.cutoff_on, r.vorlage_no, r.addressee, r.committee_on, r.summary,
        r.outlook, r.state, r.author_id, a.display_name AS author_name,
        rb.display_name AS released_by_name, rbp.function AS released_by_function,
        r.released_at, r.corrects_id,
        c.vorlage_no || ' (' || c.period_label || ')' AS corrects_label,
        r.request_due_on, r.request_started_at, r.version
    FROM reports r
    JOIN programmes p ON p.id = r.programme_id
    LEFT JOIN users a ON a.id = r.author_id
    LEFT JOIN users rb ON rb.id = r.released_by
    LEFT JOIN people rbp ON rbp.id = rb.person_id
    LEFT JOIN reports c ON c.id = r.corrects_id";

pub async fn list(conn: &mut Conn, drafts: bool) -> sqlx::Result<Vec<Report>> {
    let sql = format!(
        "{REPORT_SELECT} WHERE (? OR r.state = 'freigegeben') ORDER BY r.cutoff_on DESC, r.id DESC"
    );
    crate::db::query_as(sqlx::AssertSqlSafe(sql))
        .bind(drafts)
        .fetch_all(conn)
        .await
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Report>> {
    let sql = format!("{REPORT_SELECT} WHERE r.id = ?");
    crate::db::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The header and editorial text of a report as written (dates as ISO strings).
pub struct NewReport<'a> {
    pub programme_id: i64,
    pub period_label: &'a str,
    pub period_start: &'a str,
    pub cutoff_on: &'a str,
    pub vorlage_no: &'a str,
    pub addressee: &'a str,
    pub committee_on: Option<&'a str>,
    pub summary: &'a str,
    pub outlook: &'a str,
    pub author_id: i64,
    pub corrects_id: Option<i64>,
}

impl<'a> NewReport<'a> {
    /// A correction of the released report `r`: its header and text under a new
    /// Vorlage-Nr., referencing `r`.
    pub fn correction_of(r: &'a Report, vorlage_no: &'a str, author_id: i64) -> Self {
        Self {
            programme_id: r.programme_id,
            period_label: &r.period_label,
            period_start: &r.period_start,
            cutoff_on: &r.cutoff_on,
            vorlage_no,
            addressee: &r.addressee,
            committee_on: r.committee_on.as_deref(),
            summary: &r.summary,
            outlook: &r.outlook,
            author_id,
            corrects_id: Some(r.id),
        }
    }
}

pub async fn create(conn: &mut Conn, r: &NewReport<'_>) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO reports (programme_id, period_label, period_start, cutoff_on, vorlage_no,
            addressee, committee_on, summary, outlook, state, author_id, corrects_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(r.programme_id)
    .bind(r.period_label)
    .bind(r.period_start)
    .bind(r.cutoff_on)
    .bind(r.vorlage_no)
    .bind(r.addressee)
    .bind(r.committee_on)
    .bind(r.summary)
    .bind(r.outlook)
    .bind(ReportState::Entwurf)
    .bind(r.author_id)
    .bind(r.corrects_id)
    .fetch_one(conn)
    .await
}

/// Updates a draft's header and editorial text if it still has `version`.
/// Returns false when someone else saved in between (or it is no longer a draft).
pub async fn update_draft(
    conn: &mut Conn,
    id: i64,
    version: i64,
    r: &NewReport<'_>,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE reports SET period_label = ?, period_start = ?, cutoff_on = ?, vorlage_no = ?,
            addressee = ?, committee_on = ?, summary = ?, outlook = ?, version = version + 1
         WHERE id = ? AND version = ? AND state = 'entwurf'",
    )
    .bind(r.period_label)
    .bind(r.period_start)
    .bind(r.cutoff_on)
    .bind(r.vorlage_no)
    .bind(r.addressee)
    .bind(r.committee_on)
    .bind(r.summary)
    .bind(r.outlook)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_field_comment(
    conn: &mut Conn,
    report_id: i64,
    field_id: i64,
    comment: &str,
) -> sqlx::Result<()> {
    if comment.is_empty() {
        crate::db::query("DELETE FROM report_field_comments WHERE report_id = ? AND field_id = ?")
            .bind(report_id)
            .bind(field_id)
            .execute(conn)
            .await?;
    } else {
        crate::db::query(
            "INSERT INTO report_field_comments (report_id, field_id, comment) VALUES (?, ?, ?)
             ON CONFLICT (report_id, field_id) DO UPDATE SET comment = excluded.comment",
        )
        .bind(report_id)
        .bind(field_id)
        .bind(comment)
        .execute(conn)
        .await?;
    }
    Ok(())
}

pub async fn start_request(
    conn: &mut Conn,
    id: i64,
    due_on: &str,
    started_at: &str,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE reports SET request_due_on = ?, request_started_at = ?, version = version + 1
         WHERE id = ? AND state = 'entwurf'",
    )
    .bind(due_on)
    .bind(started_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The programme's fields of action with the report's comment on each.
pub async fn fields(conn: &mut Conn, report_id: i64) -> sqlx::Result<Vec<FieldSnap>> {
    let rows: Vec<(i64, String, String, Option<String>)> = crate::db::query_as(
        "SELECT f.id, f.code, f.title, c.comment FROM reports r
         JOIN fields f ON f.programme_id = r.programme_id
         LEFT JOIN report_field_comments c ON c.report_id = r.id AND c.field_id = f.id
         WHERE r.id = ? ORDER BY f.position, f.code",
    )
    .bind(report_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, title, comment)| FieldSnap {
            id,
            code,
            title,
            comment: comment.unwrap_or_default(),
        })
        .collect())
}
