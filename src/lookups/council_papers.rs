//! Council papers a measure references (the resolution, budget resolutions): read by the
//! measure page and by the report.

use std::collections::HashMap;

use crate::db::Conn;
use sqlx::FromRow;

use crate::domain::dates::format_iso;

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct CouncilPaper {
    pub id: i64,
    pub measure_id: i64,
    pub reference: String,
    pub name: String,
    /// ISO date.
    pub dated_on: Option<String>,
    pub url: String,
}

impl CouncilPaper {
    /// "567/24 (28.11.2024)", or "567/24" without a date.
    pub fn short(&self) -> String {
        short(&self.reference, self.dated_on.as_deref())
    }
}

/// "567/24 (28.11.2024)", or the reference alone without a date.
pub fn short(reference: &str, dated_on: Option<&str>) -> String {
    match dated_on.filter(|d| !d.is_empty()) {
        Some(d) => format!("{reference} ({})", format_iso(Some(d))),
        None => reference.to_string(),
    }
}

pub async fn of_measure(conn: &mut Conn, measure: i64) -> sqlx::Result<Vec<CouncilPaper>> {
    crate::db::query_as(
        "SELECT id, measure_id, reference, name, dated_on, url FROM council_papers
         WHERE measure_id = ? ORDER BY dated_on IS NULL, dated_on, reference, id",
    )
    .bind(measure)
    .fetch_all(conn)
    .await
}

/// Every measure's papers, by measure id.
pub async fn by_measure(conn: &mut Conn) -> sqlx::Result<HashMap<i64, Vec<CouncilPaper>>> {
    let rows: Vec<CouncilPaper> = crate::db::query_as(
        "SELECT id, measure_id, reference, name, dated_on, url FROM council_papers
         ORDER BY measure_id, dated_on IS NULL, dated_on, reference, id",
    )
    .fetch_all(conn)
    .await?;
    let mut out: HashMap<i64, Vec<CouncilPaper>> = HashMap::new();
    for r in rows {
        out.entry(r.measure_id).or_default().push(r);
    }
    Ok(out)
}
