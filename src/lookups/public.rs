//! The public view of a measure: the one definition of what anyone outside the AG may see
//! of it. The council view (`rat` accounts), the transparency page and the OParl interface
//! all read measures through here, so a field can only leak if it is added here.
//!
//! Shown: code, title, field of action, the lead unit as a role ("Leitung Hauptamt"), status,
//! Ampel, progress, planned dates, the public description, the Sachstand text as of the
//! latest released report with its date, and the approved budget (Ansatz) per year.
//! Never: internal effort, sign-off notes, blockers, unreleased history, names of persons,
//! budget lines with Produkt or Sachkonto.

use std::collections::HashMap;

use crate::db::Conn;
use sqlx::FromRow;

use crate::domain::dates::format_iso;
use crate::domain::enums::{Ampel, Status};
use crate::domain::money::format_euro;
use crate::domain::report::ReportData;

/// What the public may see of one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicMeasure {
    pub id: i64,
    pub programme_id: i64,
    pub programme: String,
    pub field_id: i64,
    pub field_code: String,
    pub field_title: String,
    pub code: String,
    pub title: String,
    /// The lead unit as a role: "Leitung Hauptamt".
    pub lead: String,
    pub status: Status,
    /// The Ampel as shown (only a running measure carries one).
    pub ampel: Option<Ampel>,
    pub progress: i64,
    /// ISO dates.
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    /// The public description the AG wrote ("" when none).
    pub description: String,
    /// Whether the AG marked the measure public (the council sees every measure, the
    /// public only those marked).
    pub public: bool,
    pub archived: bool,
    /// The Sachstand as of the latest released report of the measure's programme.
    pub released: Option<ReleasedText>,
    /// Approved budget (Ansatz) per fiscal year, euro cents, ascending years.
    pub approved: Vec<(i64, i64)>,
    /// Timestamps for feeds, caches and OParl (`created_at`, `updated_at` of the measure).
    pub created_at: String,
    pub updated_at: String,
}

impl PublicMeasure {
    /// "01.04.2024 bis 31.12.2026", with "–" for a missing date.
    pub fn planned_label(&self) -> String {
        let d = |v: &Option<String>| match format_iso(v.as_deref()) {
            s if s.is_empty() => "–".to_string(),
            s => s,
        };
        format!("{} bis {}", d(&self.planned_start), d(&self.planned_end))
    }

    /// The Ansatz per year as shown: ("2025", "38.000,00 €"); a year whose lines carry
    /// no approved amount yet reads "noch kein Ansatz".
    pub fn approved_rows(&self) -> Vec<(i64, String)> {
        self.approved
            .iter()
            .map(|&(year, cents)| {
                let shown = if cents == 0 {
                    "noch kein Ansatz".to_string()
                } else {
                    format_euro(cents)
                };
                (year, shown)
            })
            .collect()
    }

    /// The sum of the Ansatz over all years, formatted.
    pub fn approved_total(&self) -> String {
        format_euro(self.approved.iter().map(|(_, c)| c).sum())
    }
}

impl ReleasedText {
    /// The report's Stichtag, German: "30.06.2026".
    pub fn cutoff_label(&self) -> String {
        format_iso(Some(&self.cutoff_on))
    }

    /// The date of the status update the text comes from, German ("" when none).
    pub fn text_on_label(&self) -> String {
        format_iso(self.text_on.as_deref())
    }
}

/// The Sachstand text a released report holds for a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleasedText {
    pub report_id: i64,
    pub vorlage_no: String,
    /// ISO date of the report's Stichtag.
    pub cutoff_on: String,
    /// The Sachstand text ("" when the report had none for this measure).
    pub text: String,
    /// ISO date of the status update the text comes from.
    pub text_on: Option<String>,
}

/// Which measures to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The council: every measure that is not archived, with its public data only.
    Council,
    /// Anyone: only measures the AG marked public, not archived.
    Public,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    programme_id: i64,
    programme: String,
    field_id: i64,
    field_code: String,
    field_title: String,
    code: String,
    title: String,
    unit_code: String,
    status: Status,
    ampel: Ampel,
    progress: i64,
    planned_start: Option<String>,
    planned_end: Option<String>,
    public_description: String,
    public: bool,
    archived: bool,
    created_at: String,
    updated_at: String,
}

/// The one SELECT of the public view, with a WHERE/ORDER tail.
macro_rules! select {
    ($tail:literal) => {
        concat!(
            "SELECT m.id, m.programme_id, p.short_title AS programme, m.field_id,
        f.code AS field_code, f.title AS field_title, m.code, m.title, u.code AS unit_code,
        m.status, m.ampel, m.progress, m.planned_start, m.planned_end, m.public_description,
        m.public, m.archived_at IS NOT NULL AS archived, m.created_at, m.updated_at
     FROM measures m
     JOIN programmes p ON p.id = m.programme_id
     JOIN fields f ON f.id = m.field_id
     JOIN org_units u ON u.id = m.org_unit_id ",
            $tail
        )
    };
}

/// One measure's public view, whether or not it is marked public (the caller decides who
/// may see an unmarked one: the council may, the public may not).
pub async fn one(conn: &mut Conn, id: i64) -> sqlx::Result<Option<PublicMeasure>> {
    let Some(row): Option<Row> = crate::db::query_as(select!("WHERE m.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let released = latest_released(conn, row.programme_id).await?;
    let approved = approved_by_year(conn, Some(id)).await?;
    Ok(Some(assemble(row, released.as_ref(), &approved)))
}

/// Every measure the audience may see, ordered by programme, field position and code.
pub async fn all(conn: &mut Conn, audience: Audience) -> sqlx::Result<Vec<PublicMeasure>> {
    let rows: Vec<Row> = crate::db::query_as(select!(
        "WHERE m.archived_at IS NULL AND (?1 = FALSE OR m.public = TRUE)
         ORDER BY m.programme_id, f.position, m.code, m.id"
    ))
    .bind(audience == Audience::Public)
    .fetch_all(&mut *conn)
    .await?;
    let approved = approved_by_year(conn, None).await?;
    let mut reports: HashMap<i64, Option<Released>> = HashMap::new();
    let mut programmes: Vec<i64> = rows.iter().map(|r| r.programme_id).collect();
    programmes.dedup();
    for p in programmes {
        let released = latest_released(conn, p).await?;
        reports.insert(p, released);
    }
    let out = rows
        .into_iter()
        .map(|row| {
            let released = reports.get(&row.programme_id).and_then(Option::as_ref);
            assemble(row, released, &approved)
        })
        .collect();
    Ok(out)
}

/// The public may see a measure only when it is marked public and not archived.
pub fn visible_to(m: &PublicMeasure, audience: Audience) -> bool {
    match audience {
        Audience::Council => true,
        Audience::Public => m.public && !m.archived,
    }
}

/// The lead unit as a role, never a person: "Leitung Hauptamt".
pub fn lead_role(unit_code: &str) -> String {
    format!("Leitung {unit_code}")
}

/// The latest released report of a programme, with its frozen data.
struct Released {
    report_id: i64,
    vorlage_no: String,
    cutoff_on: String,
    data: ReportData,
}

async fn latest_released(conn: &mut Conn, programme_id: i64) -> sqlx::Result<Option<Released>> {
    let row: Option<(i64, String, String, Option<String>)> = crate::db::query_as(
        "SELECT id, vorlage_no, cutoff_on, snapshot_json FROM reports
         WHERE programme_id = ? AND state = 'freigegeben' AND snapshot_json IS NOT NULL
         ORDER BY cutoff_on DESC, released_at DESC, id DESC LIMIT 1",
    )
    .bind(programme_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((report_id, vorlage_no, cutoff_on, Some(json))) = row else {
        return Ok(None);
    };
    // A frozen report that no longer parses is a storage fault, not a missing text.
    let data: ReportData =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(Some(Released {
        report_id,
        vorlage_no,
        cutoff_on,
        data,
    }))
}

async fn approved_by_year(
    conn: &mut Conn,
    measure: Option<i64>,
) -> sqlx::Result<HashMap<i64, Vec<(i64, i64)>>> {
    let rows: Vec<(i64, i64, i64)> = crate::db::query_as(
        "SELECT measure_id, fiscal_year, CAST(sum(approved) AS BIGINT) FROM budget_lines
         WHERE ?1 IS NULL OR measure_id = ?1
         GROUP BY measure_id, fiscal_year ORDER BY measure_id, fiscal_year",
    )
    .bind(measure)
    .fetch_all(&mut *conn)
    .await?;
    let mut by: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for (m, year, cents) in rows {
        by.entry(m).or_default().push((year, cents));
    }
    Ok(by)
}

fn assemble(
    row: Row,
    released: Option<&Released>,
    approved: &HashMap<i64, Vec<(i64, i64)>>,
) -> PublicMeasure {
    let released = released.and_then(|r| {
        let snap = r.data.measures.iter().find(|m| m.id == row.id)?;
        Some(ReleasedText {
            report_id: r.report_id,
            vorlage_no: r.vorlage_no.clone(),
            cutoff_on: r.cutoff_on.clone(),
            text: snap.text.clone(),
            text_on: snap.text_on.clone(),
        })
    });
    PublicMeasure {
        id: row.id,
        programme_id: row.programme_id,
        programme: row.programme,
        field_id: row.field_id,
        field_code: row.field_code,
        field_title: row.field_title,
        code: row.code,
        title: row.title,
        lead: lead_role(&row.unit_code),
        status: row.status,
        ampel: row.status.shown_ampel(row.ampel),
        progress: row.progress,
        planned_start: row.planned_start,
        planned_end: row.planned_end,
        description: row.public_description,
        public: row.public,
        archived: row.archived,
        released,
        approved: approved.get(&row.id).cloned().unwrap_or_default(),
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
