//! All SQL of the measures feature.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::filter::{Filter, SortKey};

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
    pub status: String,
    pub ampel: String,
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
    status: String,
    ampel: String,
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
        SortKey::Ampel => "CASE m.ampel WHEN 'rot' THEN 1 WHEN 'gelb' THEN 2 ELSE 3 END, m.code",
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
    let sql = format!(
        "{LIST_SELECT}
        WHERE (m.archived_at IS NULL OR ?1 = 1)
          AND (?2 IS NULL OR m.programme_id = ?2)
          AND (?3 IS NULL OR m.field_id = ?3)
          AND (?4 IS NULL OR m.status = ?4)
          AND (?5 IS NULL OR m.ampel = ?5)
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
        .bind(f.status.map(|s| s.key()))
        .bind(f.ampel.map(|a| a.key()))
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
    let query = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{LIST_SELECT}
        WHERE m.archived_at IS NULL
          AND (m.ampel = 'rot'
               OR (m.status IN ('geplant', 'vorbereitung', 'umsetzung') AND m.last_update_at < ?))
        ORDER BY m.programme_id, f.position, m.code"
    )))
    .bind(stale_before);
    list_rows(pool, query).await
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Measure {
    pub id: i64,
    pub programme_id: i64,
    pub field_id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub org_unit_id: i64,
    pub person_id: Option<i64>,
    pub status: String,
    pub ampel: String,
    pub progress: i64,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    pub priority: String,
    pub dsb_relevant: bool,
    pub isb_relevant: bool,
    pub pr_relevant: bool,
    pub ozg_key: Option<String>,
    pub ozg_model: Option<String>,
    pub ozg_level: Option<i64>,
    pub effort_days: i64,
    pub expectation_id: Option<i64>,
    pub archived_at: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub last_update_at: String,
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Option<Measure>> {
    sqlx::query_as("SELECT * FROM measures WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Names around a measure for its page.
#[derive(Debug, Clone, FromRow)]
pub struct MeasureContext {
    pub programme_title: String,
    pub field_code: String,
    pub field_title: String,
    pub unit_code: String,
    pub unit_name: String,
    pub person_name: Option<String>,
    pub person_function: Option<String>,
    pub person_email: Option<String>,
}

pub async fn context(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<MeasureContext>> {
    sqlx::query_as(
        "SELECT p.title AS programme_title, f.code AS field_code, f.title AS field_title,
                o.code AS unit_code, o.name AS unit_name, pe.name AS person_name,
                pe.function AS person_function, pe.email AS person_email
         FROM measures m
         JOIN programmes p ON p.id = m.programme_id
         JOIN fields f ON f.id = m.field_id
         JOIN org_units o ON o.id = m.org_unit_id
         LEFT JOIN people pe ON pe.id = m.person_id
         WHERE m.id = ?",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct StatusUpdateRow {
    pub created_at: String,
    pub author: Option<String>,
    pub status: String,
    pub ampel: String,
    pub progress: i64,
    pub text: String,
    pub next_steps: String,
    pub blockers: String,
    pub reason: String,
    pub options: String,
    pub decision_by: Option<String>,
}

pub async fn history(pool: &SqlitePool, id: i64) -> sqlx::Result<Vec<StatusUpdateRow>> {
    sqlx::query_as(
        "SELECT su.created_at, u.display_name AS author, su.status, su.ampel, su.progress, su.text,
                su.next_steps, su.blockers, su.reason, su.options, su.decision_by
         FROM status_updates su LEFT JOIN users u ON u.id = su.author_id
         WHERE su.measure_id = ? ORDER BY su.created_at DESC, su.id DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct MilestoneRow {
    pub id: i64,
    pub title: String,
    pub due_on: String,
    pub done_on: Option<String>,
}

pub async fn milestones(pool: &SqlitePool, id: i64) -> sqlx::Result<Vec<MilestoneRow>> {
    sqlx::query_as("SELECT id, title, due_on, done_on FROM milestones WHERE measure_id = ? ORDER BY due_on, id")
        .bind(id)
        .fetch_all(pool)
        .await
}

#[derive(Debug, Clone, FromRow)]
pub struct BudgetRow {
    pub fiscal_year: i64,
    pub kind: String,
    pub product: String,
    pub account: String,
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
}

pub async fn budget(pool: &SqlitePool, id: i64) -> sqlx::Result<Vec<BudgetRow>> {
    sqlx::query_as(
        "SELECT fiscal_year, kind, product, account, planned, approved, actual
         FROM budget_lines WHERE measure_id = ? ORDER BY fiscal_year, kind, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow, serde::Serialize, PartialEq)]
pub struct SignOffRow {
    pub track: String,
    pub state: String,
    pub note: String,
    pub decided_on: Option<String>,
}

pub async fn sign_offs(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Vec<SignOffRow>> {
    sqlx::query_as("SELECT track, state, note, decided_on FROM sign_offs WHERE measure_id = ?")
        .bind(id)
        .fetch_all(conn)
        .await
}

/// The programme a field belongs to (None: no such field).
pub async fn programme_of_field(
    conn: &mut SqliteConnection,
    field_id: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT programme_id FROM fields WHERE id = ?")
        .bind(field_id)
        .fetch_optional(conn)
        .await
}

pub async fn code_taken(
    conn: &mut SqliteConnection,
    programme_id: i64,
    code: &str,
    except: Option<i64>,
) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM measures WHERE programme_id = ? AND code = ? AND id IS NOT ?",
    )
    .bind(programme_id)
    .bind(code)
    .bind(except)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// Binds the editable columns in the order both INSERT and UPDATE list them.
fn bind_editable<'q>(q: SqliteQuery<'q>, m: &'q super::forms::MeasureInput) -> SqliteQuery<'q> {
    q.bind(m.programme_id)
        .bind(m.field_id)
        .bind(&m.code)
        .bind(&m.title)
        .bind(&m.description)
        .bind(m.org_unit_id)
        .bind(m.person_id)
        .bind(m.planned_start.map(|d| d.to_string()))
        .bind(m.planned_end.map(|d| d.to_string()))
        .bind(m.actual_start.map(|d| d.to_string()))
        .bind(m.priority.key())
        .bind(m.dsb_relevant)
        .bind(m.isb_relevant)
        .bind(m.pr_relevant)
        .bind(&m.ozg_key)
        .bind(&m.ozg_model)
        .bind(m.ozg_level)
        .bind(m.effort_days)
}

/// Creates a measure (status Geplant, Ampel Grün, version 1).
pub async fn insert(
    conn: &mut SqliteConnection,
    m: &super::forms::MeasureInput,
    now: &str,
) -> sqlx::Result<i64> {
    let q = sqlx::query(
        "INSERT INTO measures (programme_id, field_id, code, title, description, org_unit_id, person_id,
            planned_start, planned_end, actual_start, priority,
            dsb_relevant, isb_relevant, pr_relevant, ozg_key, ozg_model, ozg_level, effort_days,
            status, ampel, progress, version, created_at, updated_at, last_update_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'geplant', 'gruen', 0, 1, ?, ?, ?)
         RETURNING id",
    );
    let row = bind_editable(q, m)
        .bind(now)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::Row::try_get(&row, 0)
}

/// Writes the editable columns; returns false when the version no longer matches
/// (someone saved in between), so nothing is overwritten silently.
pub async fn update(
    conn: &mut SqliteConnection,
    id: i64,
    version: i64,
    m: &super::forms::MeasureInput,
    now: &str,
) -> sqlx::Result<bool> {
    let q = sqlx::query(
        "UPDATE measures SET programme_id = ?, field_id = ?, code = ?, title = ?, description = ?,
            org_unit_id = ?, person_id = ?, planned_start = ?, planned_end = ?, actual_start = ?,
            priority = ?, dsb_relevant = ?, isb_relevant = ?, pr_relevant = ?, ozg_key = ?,
            ozg_model = ?, ozg_level = ?, effort_days = ?, version = version + 1, updated_at = ?
         WHERE id = ? AND version = ? AND archived_at IS NULL",
    );
    let done = bind_editable(q, m)
        .bind(now)
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn replace_sign_offs(
    conn: &mut SqliteConnection,
    id: i64,
    rows: &[SignOffRow],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sign_offs WHERE measure_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for r in rows {
        sqlx::query("INSERT INTO sign_offs (measure_id, track, state, note, decided_on) VALUES (?, ?, ?, ?, ?)")
            .bind(id)
            .bind(&r.track)
            .bind(&r.state)
            .bind(&r.note)
            .bind(&r.decided_on)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn set_archived(
    conn: &mut SqliteConnection,
    id: i64,
    version: i64,
    archived_at: Option<&str>,
    now: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE measures SET archived_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
    )
    .bind(archived_at)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Appends a status update and moves the measure's current state to it.
pub async fn add_status_update(
    conn: &mut SqliteConnection,
    measure: &Measure,
    author_id: i64,
    u: &crate::domain::status_update::StatusUpdate,
    now: &str,
    today: &str,
) -> sqlx::Result<()> {
    use crate::domain::Status;
    sqlx::query(
        "INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel, progress, text,
            next_steps, blockers, reason, options, decision_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(measure.id)
    .bind(author_id)
    .bind(now)
    .bind(u.status.key())
    .bind(u.ampel.key())
    .bind(u.progress)
    .bind(&u.text)
    .bind(&u.next_steps)
    .bind(&u.blockers)
    .bind(&u.reason)
    .bind(&u.options)
    .bind(u.decision_by.map(|d| d.to_string()))
    .execute(&mut *conn)
    .await?;
    let actual_end = match u.status {
        Status::Abgeschlossen => measure
            .actual_end
            .clone()
            .or_else(|| Some(today.to_string())),
        _ => None,
    };
    let actual_start = if u.status.work_started() {
        measure
            .actual_start
            .clone()
            .or_else(|| Some(today.to_string()))
    } else {
        measure.actual_start.clone()
    };
    sqlx::query(
        "UPDATE measures SET status = ?, ampel = ?, progress = ?, actual_start = ?, actual_end = ?,
            last_update_at = ?, updated_at = ? WHERE id = ?",
    )
    .bind(u.status.key())
    .bind(u.ampel.key())
    .bind(u.progress)
    .bind(actual_start)
    .bind(actual_end)
    .bind(now)
    .bind(now)
    .bind(measure.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn add_milestone(
    conn: &mut SqliteConnection,
    measure_id: i64,
    title: &str,
    due_on: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO milestones (measure_id, title, due_on) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(measure_id)
    .bind(title)
    .bind(due_on)
    .fetch_one(conn)
    .await
}

/// Marks an open milestone of this measure as done; false if there is none such.
pub async fn complete_milestone(
    conn: &mut SqliteConnection,
    measure_id: i64,
    milestone_id: i64,
    done_on: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE milestones SET done_on = ? WHERE id = ? AND measure_id = ? AND done_on IS NULL",
    )
    .bind(done_on)
    .bind(milestone_id)
    .bind(measure_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
