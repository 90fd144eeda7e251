//! What the public transparency page reads besides the measures (those come from
//! `lookups::public`): its settings (on/off, open-data licence, intro text) and the
//! released reports with their frozen files. Only released reports exist here: a draft
//! cannot be reached through any function of this module.

use crate::db::Conn;
use sqlx::FromRow;

/// The admin's settings of the transparency page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    pub enabled: bool,
    pub licence_name: String,
    pub licence_url: String,
    pub intro: String,
}

pub async fn settings(conn: &mut Conn) -> sqlx::Result<Settings> {
    let row: Option<(bool, String, String, String)> = crate::db::query_as(
        "SELECT enabled, licence_name, licence_url, intro FROM transparency_settings WHERE id = 1",
    )
    .fetch_optional(conn)
    .await?;
    Ok(row
        .map(|(enabled, licence_name, licence_url, intro)| Settings {
            enabled,
            licence_name,
            licence_url,
            intro,
        })
        .unwrap_or_default())
}

/// The city's name from the letterhead ("Stadt Musterstadt"; "" when not set).
pub async fn city(conn: &mut Conn) -> sqlx::Result<String> {
    let city: Option<String> = crate::db::query_scalar("SELECT city FROM letterhead WHERE id = 1")
        .fetch_optional(conn)
        .await?;
    Ok(city.unwrap_or_default())
}

/// A released report as the public sees it: no author, no releasing person.
#[derive(Debug, Clone, FromRow)]
pub struct ReleasedReport {
    pub id: i64,
    pub programme: String,
    pub period_label: String,
    pub vorlage_no: String,
    pub cutoff_on: String,
    pub committee_on: Option<String>,
    pub summary: String,
    /// RFC 3339 UTC.
    pub released_at: String,
    pub has_pdf: bool,
    pub has_docx: bool,
}

/// At most this many reports are listed (newest first); a city releases two a year.
pub const MAX_REPORTS: i64 = 200;

const SELECT: &str = "SELECT r.id, p.title AS programme, r.period_label, r.vorlage_no,
        r.cutoff_on, r.committee_on, r.summary, r.released_at,
        r.snapshot_pdf IS NOT NULL AS has_pdf, r.snapshot_docx IS NOT NULL AS has_docx
     FROM reports r JOIN programmes p ON p.id = r.programme_id
     WHERE r.state = 'freigegeben' AND r.snapshot_html IS NOT NULL AND r.released_at IS NOT NULL";

/// The released reports, newest release first, at most `MAX_REPORTS`.
pub async fn released(conn: &mut Conn) -> sqlx::Result<Vec<ReleasedReport>> {
    let sql = format!("{SELECT} ORDER BY r.released_at DESC, r.id DESC LIMIT ?");
    crate::db::query_as(sqlx::AssertSqlSafe(sql))
        .bind(MAX_REPORTS)
        .fetch_all(conn)
        .await
}

/// One released report, or `None` (also for a draft).
pub async fn released_one(conn: &mut Conn, id: i64) -> sqlx::Result<Option<ReleasedReport>> {
    let sql = format!("{SELECT} AND r.id = ?");
    crate::db::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A frozen file of a released report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frozen {
    Html,
    Pdf,
    Docx,
}

/// The bytes frozen at release (`None` for a draft or a file not frozen).
pub async fn frozen(conn: &mut Conn, id: i64, which: Frozen) -> sqlx::Result<Option<Vec<u8>>> {
    let sql = match which {
        Frozen::Html => {
            let html: Option<Option<String>> = crate::db::query_scalar(
                "SELECT snapshot_html FROM reports WHERE id = ? AND state = 'freigegeben'",
            )
            .bind(id)
            .fetch_optional(conn)
            .await?;
            return Ok(html.flatten().map(String::into_bytes));
        }
        Frozen::Pdf => "SELECT snapshot_pdf FROM reports WHERE id = ? AND state = 'freigegeben'",
        Frozen::Docx => "SELECT snapshot_docx FROM reports WHERE id = ? AND state = 'freigegeben'",
    };
    let bytes: Option<Option<Vec<u8>>> = crate::db::query_scalar(sql)
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(bytes.flatten())
}
