//! SQL of the measures list and the overview's rows: one query plus one lookup of the
//! names, shared between the rows.

use std::collections::HashMap;
use std::sync::Arc;

use crate::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::{Ampel, Status};
use crate::lookups::Choice;
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
#[derive(FromRow, serde::Deserialize)]
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

impl crate::db::WideRow for ListRow {
    const JSON_COLUMNS: &'static str = "id, code, title, field_id, programme_id, status, ampel,
        progress, org_unit_id, person_id, last_update_at, planned_end,
        json(CASE WHEN archived THEN 'true' ELSE 'false' END)";
}

// The joins serve only the sort order (field position, unit code); every measure has
// both (NOT NULL foreign keys), so a sort that needs neither leaves them out.
const LIST_SELECT: &str = "SELECT m.id, m.code, m.title, m.field_id, m.programme_id, m.status,
        m.ampel, m.progress, m.org_unit_id, m.person_id, m.last_update_at, m.planned_end,
        (m.archived_at IS NOT NULL) AS archived
    FROM measures m";
const JOIN_FIELDS: &str = "JOIN fields f ON f.id = m.field_id";
const JOIN_UNITS: &str = "JOIN org_units o ON o.id = m.org_unit_id";

/// kind, id, name, choice label, sort keys (see `Names::load`).
type NameRows = Vec<NameRow>;

#[derive(FromRow, serde::Deserialize)]
struct NameRow(String, i64, String, Option<String>, i64, i64);

impl crate::db::WideRow for NameRow {
    const JSON_COLUMNS: &'static str = "kind, id, name, label, sort1, sort2";
}

/// What the list page's filter form offers: programmes, fields of action, units.
pub struct ListChoices {
    pub programmes: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub units: Vec<Choice>,
}

impl ListChoices {
    /// The same choices, labels and order as `lookups::{programme,field,unit}_choices`.
    fn from_names(rows: NameRows) -> Self {
        let mut programmes = Vec::new();
        let mut fields = Vec::new();
        let mut units = Vec::new();
        for NameRow(kind, id, name, label, programme, position) in rows {
            let label = label.unwrap_or_default();
            match kind.as_str() {
                "p" => programmes.push((id, label)),
                "f" => fields.push(((programme, position), Choice { id, label })),
                "o" => {
                    let label = crate::domain::wording::unit_label(&name, &label);
                    units.push((name, Choice { id, label }));
                }
                _ => {}
            }
        }
        programmes.sort_by_key(|(id, _)| *id);
        fields.sort_by_key(|(key, _)| *key);
        units.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            programmes: programmes
                .into_iter()
                .map(|(id, label)| Choice { id, label })
                .collect(),
            fields: fields.into_iter().map(|(_, c)| c).collect(),
            units: units.into_iter().map(|(_, c)| c).collect(),
        }
    }
}

/// The names list rows show, by id: fields of action, programmes, units, people.
#[derive(Default)]
struct Names {
    fields: HashMap<i64, Arc<str>>,
    programmes: HashMap<i64, Arc<str>>,
    units: HashMap<i64, Arc<str>>,
    people: HashMap<i64, (Arc<str>, Arc<str>)>,
}

impl Names {
    /// One query for every name a list shows, with the labels and sort keys the filter
    /// form's choices need (the list page reads both in one go).
    async fn load(conn: &mut Conn) -> sqlx::Result<(Self, NameRows)> {
        let rows: NameRows = crate::db::query_as(
            "SELECT 'f' AS kind, f.id AS id, f.code || ' ' || f.title AS name,
                    p.short_title || ' – ' || f.code || ' ' || f.title AS label, p.id AS sort1,
                    f.position AS sort2
             FROM fields f JOIN programmes p ON p.id = f.programme_id
             UNION ALL SELECT 'p', id, short_title, short_title, id, 0 FROM programmes
             UNION ALL SELECT 'o', id, code, name, 0, 0 FROM org_units
             UNION ALL SELECT 'e', id, name, function, 0, 0 FROM people",
        )
        .fetch_all_wide(conn)
        .await?;
        let mut n = Names::default();
        for NameRow(kind, id, name, label, _, _) in &rows {
            let name: Arc<str> = name.as_str().into();
            let map = match kind.as_str() {
                "f" => &mut n.fields,
                "p" => &mut n.programmes,
                "o" => &mut n.units,
                _ => {
                    let function = label.as_deref().unwrap_or_default();
                    n.people.insert(*id, (name, function.into()));
                    continue;
                }
            };
            map.insert(*id, name);
        }
        Ok((n, rows))
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

type ListQuery = crate::db::QueryAs<ListRow>;

/// Runs a list query and resolves its names, both in one read transaction.
async fn list_rows(pool: &Pool, query: ListQuery) -> sqlx::Result<(Vec<MeasureRow>, NameRows)> {
    let mut tx = pool.begin().await?;
    let rows = query.fetch_all_wide(&mut tx).await?;
    let (names, name_rows) = Names::load(&mut tx).await?;
    tx.commit().await?;
    Ok((rows.into_iter().map(|r| names.row(r)).collect(), name_rows))
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
pub async fn list(pool: &Pool, f: &Filter) -> sqlx::Result<Vec<MeasureRow>> {
    Ok(list_rows(pool, list_query(f)).await?.0)
}

/// The list and what its filter form offers, read together (one query fewer per list).
pub async fn list_with_choices(
    pool: &Pool,
    f: &Filter,
) -> sqlx::Result<(Vec<MeasureRow>, ListChoices)> {
    let (rows, names) = list_rows(pool, list_query(f)).await?;
    Ok((rows, ListChoices::from_names(names)))
}

fn list_query(f: &Filter) -> ListQuery {
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
    let joins = match f.sort {
        SortKey::Code | SortKey::Field => JOIN_FIELDS,
        SortKey::Unit => JOIN_UNITS,
        _ => "",
    };
    // Filled in after the split above: the status list itself contains ", ".
    let running = running_statuses();
    let order = order.replace("RUNNING", &running);
    let sql = format!(
        "{LIST_SELECT} {joins}
        WHERE (m.archived_at IS NULL OR ?1 = TRUE)
          AND (?2 IS NULL OR m.programme_id = ?2)
          AND (?3 IS NULL OR m.field_id = ?3)
          AND (?4 IS NULL OR m.status = ?4)
          AND (?5 IS NULL OR (m.ampel = ?5 AND m.status IN ({running})))
          AND (?6 IS NULL OR m.org_unit_id = ?6)
          AND (?7 IS NULL OR lower(m.title) LIKE lower(?7) ESCAPE '\\' OR lower(m.code) LIKE lower(?7) ESCAPE '\\' OR lower(m.description) LIKE lower(?7) ESCAPE '\\')
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
    crate::db::query_as(sqlx::AssertSqlSafe(sql))
        .bind(f.archived)
        .bind(f.programme)
        .bind(f.field)
        .bind(f.status)
        .bind(f.ampel)
        .bind(f.unit)
        .bind(like)
        .bind(f.person)
}

/// Only the rows the overview shows: red measures, and active ones without an update
/// since `stale_before` (instead of loading the whole list and filtering in Rust).
pub async fn needing_attention(pool: &Pool, stale_before: &str) -> sqlx::Result<Vec<MeasureRow>> {
    Ok(list_rows(pool, attention_query(stale_before)).await?.0)
}

/// The overview's two lists on one connection (the caller's read transaction), with the
/// names read once: the rows needing attention, and the active measures of `person`.
pub async fn overview_rows(
    conn: &mut Conn,
    stale_before: &str,
    person: Option<i64>,
) -> sqlx::Result<(Vec<MeasureRow>, Vec<MeasureRow>)> {
    let attention = attention_query(stale_before)
        .fetch_all_wide(&mut *conn)
        .await?;
    let mine = match person {
        Some(p) => {
            let f = Filter {
                person: Some(p),
                ..Filter::default()
            };
            list_query(&f).fetch_all_wide(&mut *conn).await?
        }
        None => Vec::new(),
    };
    let (names, _) = Names::load(conn).await?;
    let resolve = |rows: Vec<ListRow>| rows.into_iter().map(|r| names.row(r)).collect();
    Ok((resolve(attention), resolve(mine)))
}

fn attention_query(stale_before: &str) -> ListQuery {
    let running = running_statuses();
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{LIST_SELECT} {JOIN_FIELDS}
        WHERE m.archived_at IS NULL
          AND m.status IN ({running})
          AND (m.ampel = 'rot' OR m.last_update_at < ?)
        ORDER BY m.programme_id, f.position, m.code"
    )))
    .bind(stale_before)
}
