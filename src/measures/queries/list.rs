//! SQL of the measures list and the overview's rows: one query plus one lookup of the
//! names, shared between the rows.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::domain::{Ampel, Status};
use crate::measures::filter::{Filter, SortKey};

/// One row of the measures list. The names repeat on every row, so they are shared
/// (`Arc<str>`) from one lookup per list instead of being read 500 times.
#[derive(Debug, Clone)]
pub struct MeasureRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    /// Code and title of the field of action ("HF2 Digitale Bürgerdienste").
    pub field: Arc<str>,
    pub programme_short: Arc<str>,
    pub status: Status,
    pub ampel: Ampel,
    pub progress: i64,
    pub unit_code: Arc<str>,
    pub person_name: Option<Arc<str>>,
    pub person_function: Option<Arc<str>>,
    pub last_update_at: String,
    pub planned_end: Option<String>,
    pub archived: bool,
}

/// A list row as selected: ids where the list shows names.
#[derive(FromRow)]
struct ListRow {
    id: i64,
    code: String,
    title: String,
    field_id: i64,
    programme_id: i64,
    status: Status,
    ampel: Ampel,
    progress: i64,
    org_unit_id: i64,
    person_id: Option<i64>,
    last_update_at: String,
    planned_end: Option<String>,
    archived: bool,
}

// The joins serve the filters and the sort order (field position, unit code).
const LIST_SELECT: &str = "SELECT m.id, m.code, m.title, m.field_id, m.programme_id, m.status,
        m.ampel, m.progress, m.org_unit_id, m.person_id, m.last_update_at, m.planned_end,
        (m.archived_at IS NOT NULL) AS archived
    FROM measures m
    JOIN fields f ON f.id = m.field_id
    JOIN org_units o ON o.id = m.org_unit_id";

/// The names list rows show, by id: fields of action, programmes, units, people.
#[derive(Default)]
struct Names {
    fields: HashMap<i64, Arc<str>>,
    programmes: HashMap<i64, Arc<str>>,
    units: HashMap<i64, Arc<str>>,
    people: HashMap<i64, (Arc<str>, Arc<str>)>,
}

impl Names {
    async fn load(conn: &mut SqliteConnection) -> sqlx::Result<Self> {
        let rows: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT 'f', id, code || ' ' || title, NULL FROM fields
             UNION ALL SELECT 'p', id, short_title, NULL FROM programmes
             UNION ALL SELECT 'o', id, code, NULL FROM org_units
             UNION ALL SELECT 'e', id, name, function FROM people",
        )
        .fetch_all(conn)
        .await?;
        let mut n = Names::default();
        for (kind, id, name, function) in rows {
            let name: Arc<str> = name.into();
            let map = match kind.as_str() {
                "f" => &mut n.fields,
                "p" => &mut n.programmes,
                "o" => &mut n.units,
                _ => {
                    n.people
                        .insert(id, (name, function.unwrap_or_default().into()));
                    continue;
                }
            };
            map.insert(id, name);
        }
        Ok(n)
    }

    fn row(&self, r: ListRow) -> MeasureRow {
        let name = |map: &HashMap<i64, Arc<str>>, id| map.get(&id).cloned().unwrap_or_default();
        let person = r.person_id.and_then(|p| self.people.get(&p));
        MeasureRow {
            field: name(&self.fields, r.field_id),
            programme_short: name(&self.programmes, r.programme_id),
            unit_code: name(&self.units, r.org_unit_id),
            person_name: person.map(|(name, _)| name.clone()),
            person_function: person.map(|(_, function)| function.clone()),
            id: r.id,
            code: r.code,
            title: r.title,
            status: r.status,
            ampel: r.ampel,
            progress: r.progress,
            last_update_at: r.last_update_at,
            planned_end: r.planned_end,
            archived: r.archived,
        }
    }
}

/// Runs a list query and resolves its names, both in one read transaction.
async fn list_rows<'q>(
    pool: &SqlitePool,
    query: sqlx::query::QueryAs<'q, sqlx::Sqlite, ListRow, sqlx::sqlite::SqliteArguments>,
) -> sqlx::Result<Vec<MeasureRow>> {
    let mut tx = pool.begin().await?;
    let rows = query.fetch_all(&mut *tx).await?;
    let names = Names::load(&mut tx).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(|r| names.row(r)).collect())
}

/// The statuses that carry an Ampel, as an SQL list (`'geplant', …`), built from the
/// domain's one rule so that SQL filters and sorting agree with what pages show.
fn running_statuses() -> String {
    Status::ALL
        .iter()
        .filter(|s| s.is_active())
        .map(|s| format!("'{}'", s.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The filtered, sorted list. Filter values are bound; the ORDER BY comes from an
/// allow-listed enum, never from the query string.
pub async fn list(pool: &SqlitePool, f: &Filter) -> sqlx::Result<Vec<MeasureRow>> {
    let order = match f.sort {
        SortKey::Code => "m.programme_id, f.position, m.code",
        SortKey::Title => "m.title COLLATE NOCASE",
        SortKey::Field => "m.programme_id, f.position, m.code",
        SortKey::Status => {
            "CASE m.status WHEN 'geplant' THEN 1 WHEN 'vorbereitung' THEN 2 WHEN 'umsetzung' THEN 3 WHEN 'abgeschlossen' THEN 4 WHEN 'zurueckgestellt' THEN 5 ELSE 6 END, m.code"
        }
        // Measures without an Ampel (not running) sort after green ones.
        SortKey::Ampel => {
            "CASE WHEN m.status NOT IN (RUNNING) THEN 4 WHEN m.ampel = 'rot' THEN 1 WHEN m.ampel = 'gelb' THEN 2 ELSE 3 END, m.code"
        }
        SortKey::Progress => "m.progress, m.code",
        SortKey::Unit => "o.code, m.code",
        SortKey::Updated => "m.last_update_at, m.code",
        SortKey::End => "m.planned_end IS NULL, m.planned_end, m.code",
    };
    let dir = if f.descending { "DESC" } else { "ASC" };
    // Direction applies to the first sort expression only; ties stay in code order.
    let order = match order.split_once(", ") {
        Some((first, rest)) => format!("{first} {dir}, {rest}"),
        None => format!("{order} {dir}"),
    };
    // Filled in after the split above: the status list itself contains ", ".
    let running = running_statuses();
    let order = order.replace("RUNNING", &running);
    let sql = format!(
        "{LIST_SELECT}
        WHERE (m.archived_at IS NULL OR ?1 = 1)
          AND (?2 IS NULL OR m.programme_id = ?2)
          AND (?3 IS NULL OR m.field_id = ?3)
          AND (?4 IS NULL OR m.status = ?4)
          AND (?5 IS NULL OR (m.ampel = ?5 AND m.status IN ({running})))
          AND (?6 IS NULL OR m.org_unit_id = ?6)
          AND (?7 IS NULL OR m.title LIKE ?7 ESCAPE '\\' OR m.code LIKE ?7 ESCAPE '\\' OR m.description LIKE ?7 ESCAPE '\\')
          AND (?8 IS NULL OR m.person_id = ?8)
        ORDER BY {order}"
    );
    let like = f.text.as_ref().map(|t| {
        let escaped = t
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let query = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(f.archived)
        .bind(f.programme)
        .bind(f.field)
        .bind(f.status)
        .bind(f.ampel)
        .bind(f.unit)
        .bind(like)
        .bind(f.person);
    list_rows(pool, query).await
}

/// Only the rows the overview shows: red measures, and active ones without an update
/// since `stale_before` (instead of loading the whole list and filtering in Rust).
pub async fn needing_attention(
    pool: &SqlitePool,
    stale_before: &str,
) -> sqlx::Result<Vec<MeasureRow>> {
    let running = running_statuses();
    let query = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{LIST_SELECT}
        WHERE m.archived_at IS NULL
          AND m.status IN ({running})
          AND (m.ampel = 'rot' OR m.last_update_at < ?)
        ORDER BY m.programme_id, f.position, m.code"
    )))
    .bind(stale_before);
    list_rows(pool, query).await
}
