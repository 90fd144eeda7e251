//! All SQL of the capacity page and the load preview.

use crate::db::{Conn, Pool};
use chrono::NaiveDate;
use sqlx::FromRow;

use crate::domain::capacity::HalfYear;

#[derive(Debug, Clone, FromRow)]
pub struct Planned {
    pub org_unit_id: i64,
    pub effort_days: i64,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub code: String,
}

fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref()
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
}

impl Planned {
    /// Planned start and end, if both are set.
    pub fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((date(&self.planned_start)?, date(&self.planned_end)?))
    }

    /// The dated rows as (unit, effort, start, end) for `domain::capacity::sum_loads`.
    pub fn entries(rows: &[Planned]) -> Vec<(i64, i64, NaiveDate, NaiveDate)> {
        rows.iter()
            .filter_map(|r| {
                let (start, end) = r.dates()?;
                Some((r.org_unit_id, r.effort_days, start, end))
            })
            .collect()
    }
}

/// Active measures with effort: planned, in preparation or being implemented.
pub async fn planned(pool: &Pool, programme: Option<i64>) -> sqlx::Result<Vec<Planned>> {
    crate::db::query_as(
        "SELECT org_unit_id, effort_days, planned_start, planned_end, code FROM measures
         WHERE archived_at IS NULL AND effort_days > 0
           AND status IN ('geplant', 'vorbereitung', 'umsetzung')
           AND (?1 IS NULL OR programme_id = ?1)",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
}

/// The same for one unit, except one measure (the one being edited).
pub async fn planned_for_unit(
    pool: &Pool,
    unit: i64,
    except: Option<i64>,
) -> sqlx::Result<Vec<Planned>> {
    crate::db::query_as(
        "SELECT org_unit_id, effort_days, planned_start, planned_end, code FROM measures
         WHERE archived_at IS NULL AND effort_days > 0
           AND status IN ('geplant', 'vorbereitung', 'umsetzung')
           AND org_unit_id = ? AND id IS DISTINCT FROM ?",
    )
    .bind(unit)
    .bind(except)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct CapacityRow {
    pub org_unit_id: i64,
    pub year: i64,
    pub half: i64,
    pub person_days: i64,
}

impl CapacityRow {
    /// The recorded capacity of a unit in a half-year, if any.
    pub fn find(caps: &[CapacityRow], unit: i64, h: HalfYear) -> Option<i64> {
        caps.iter()
            .find(|c| {
                c.org_unit_id == unit && c.year == i64::from(h.year) && c.half == i64::from(h.half)
            })
            .map(|c| c.person_days)
    }
}

pub async fn capacities(pool: &Pool) -> sqlx::Result<Vec<CapacityRow>> {
    crate::db::query_as("SELECT org_unit_id, year, half, person_days FROM capacities")
        .fetch_all(pool)
        .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Unit {
    pub id: i64,
    pub code: String,
}

pub async fn units(pool: &Pool) -> sqlx::Result<Vec<Unit>> {
    crate::db::query_as("SELECT id, code FROM org_units ORDER BY code")
        .fetch_all(pool)
        .await
}

pub async fn current(
    conn: &mut Conn,
    unit: i64,
    year: i64,
    half: i64,
) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar(
        "SELECT person_days FROM capacities WHERE org_unit_id = ? AND year = ? AND half = ?",
    )
    .bind(unit)
    .bind(year)
    .bind(half)
    .fetch_optional(conn)
    .await
}

pub async fn upsert(
    conn: &mut Conn,
    unit: i64,
    year: i64,
    half: i64,
    days: i64,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (?, ?, ?, ?)
         ON CONFLICT (org_unit_id, year, half) DO UPDATE SET person_days = excluded.person_days",
    )
    .bind(unit)
    .bind(year)
    .bind(half)
    .bind(days)
    .execute(conn)
    .await?;
    Ok(())
}
