//! /verwaltung/protokoll — the audit log, newest first, 100 entries per page, filtered by
//! person, object type or one object, and period; /verwaltung/protokoll.csv — the same
//! filtered log as a file.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::admin::audit_view::{AuditView, Names, object_types};
use crate::admin::queries::{self, AuditFilter};
use crate::audit::Entity;
use crate::auth::{Admins, Session};
use crate::domain::dates::{end_of_day_utc, parse_date};
use crate::domain::validation::FieldErrors;
use crate::web::csv::{Cell, Table, download};
use crate::web::{AppError, AppResult, AppState, Layout, Require, form, render};

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<AuditView>,
    q: AuditQuery,
    errors: FieldErrors,
    actors: Vec<(i64, String, String)>,
    types: Vec<(&'static str, &'static str)>,
    /// The one object the log is narrowed to, by name.
    object_name: Option<String>,
    total: i64,
    /// The query of the current filter (for the CSV link and the next page).
    filter_query: String,
    next_before: Option<i64>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AuditQuery {
    pub vor: String,
    pub person: String,
    pub art: String,
    pub objekt: String,
    pub von: String,
    pub bis: String,
}

const AUDIT_PAGE: i64 = 100;
/// The CSV holds at most this many entries (newest first); the page says so.
const CSV_LIMIT: i64 = 20_000;

fn date_field(e: &mut FieldErrors, field: &'static str, label: &str, v: &str) -> Option<NaiveDate> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    match parse_date(t) {
        Some(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        _ => {
            e.add(
                field,
                format!("Bitte geben Sie das Datum „{label}“ als TT.MM.JJJJ an, z. B. 28.11.2026."),
            );
            None
        }
    }
}

/// The filter of the query, or the German messages of its bad fields.
fn parse_filter(q: &AuditQuery) -> Result<AuditFilter, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut f = AuditFilter::default();
    match q.person.trim() {
        "" => {}
        p => match p.parse::<i64>() {
            Ok(id) if id > 0 => f.actor_id = Some(id),
            _ => e.add("person", "Bitte wählen Sie eine Person aus der Liste."),
        },
    }
    match q.art.trim() {
        "" => {}
        "anmeldung" => {
            f.entities = vec![Entity::Sitzung.key()];
            f.only_actions = vec!["anmelden", "abmelden"];
        }
        key => match Entity::parse(key) {
            Some(Entity::Sitzung) => {
                f.entities = vec![Entity::Sitzung.key()];
                f.exclude_actions = vec!["anmelden", "abmelden"];
            }
            Some(entity) => f.entities = vec![entity.key()],
            None => e.add("art", "Bitte wählen Sie eine Objektart aus der Liste."),
        },
    }
    match q.objekt.trim() {
        "" => {}
        o => match o.parse::<i64>() {
            Ok(id) if id > 0 && !q.art.trim().is_empty() => f.entity_id = Some(id),
            _ => e.add(
                "art",
                "Das gewählte Objekt ist ungültig; bitte wählen Sie es erneut aus dem Protokoll.",
            ),
        },
    }
    let from = date_field(&mut e, "von", "von", &q.von);
    let until = date_field(&mut e, "bis", "bis", &q.bis);
    if let (Some(a), Some(b)) = (from, until)
        && a > b
    {
        e.add("bis", "Das Datum „bis“ liegt vor dem Datum „von“.");
    }
    // "von" includes the whole local day: after the end of the day before.
    f.after = from
        .and_then(|d| d.pred_opt())
        .map(|d| end_of_day_utc(&d.to_string()));
    f.until = until.map(|d| end_of_day_utc(&d.to_string()));
    match q.vor.trim() {
        "" => {}
        v => match v.parse::<i64>() {
            Ok(id) => f.before = Some(id),
            Err(_) => return Err(bad_page()),
        },
    }
    if e.is_empty() { Ok(f) } else { Err(e) }
}

/// A page number nobody typed: a marker turned into 400 by the caller.
fn bad_page() -> FieldErrors {
    let mut e = FieldErrors::default();
    e.add("vor", "Ungültige Seitenangabe.");
    e
}

/// The filter as a query string (without the page), for links.
fn filter_query(q: &AuditQuery) -> String {
    let pairs = [
        ("person", &q.person),
        ("art", &q.art),
        ("objekt", &q.objekt),
        ("von", &q.von),
        ("bis", &q.bis),
    ];
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.trim().is_empty() {
            s.append_pair(k, v.trim());
        }
    }
    s.finish()
}

async fn page(
    state: &AppState,
    user: &Session,
    q: AuditQuery,
    errors: FieldErrors,
    rows: Vec<queries::AuditRow>,
    total: i64,
    next_before: Option<i64>,
) -> AppResult<AuditPage> {
    let names = Names::load(&state.db.read, &rows).await?;
    let views: Vec<AuditView> = rows
        .into_iter()
        .map(|r| AuditView::new(r, &names))
        .collect();
    let object_name = if q.objekt.trim().is_empty() {
        None
    } else {
        views.first().map(|v| v.object.clone())
    };
    Ok(AuditPage {
        layout: Layout::new("Änderungsprotokoll", Some(user), "protokoll")
            .with_errors(!errors.is_empty()),
        rows: views,
        filter_query: filter_query(&q),
        q,
        errors,
        actors: queries::actors(&state.db.read).await?,
        types: object_types(),
        object_name,
        total,
        next_before,
    })
}

pub async fn audit_log(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let filter = match parse_filter(&q) {
        Ok(f) => f,
        Err(e) if e.get("vor").is_some() => {
            return Err(AppError::BadRequest("Ungültige Seitenangabe.".into()));
        }
        Err(e) => return form::invalid(&page(&state, &user, q, e, Vec::new(), 0, None).await?),
    };
    let rows = queries::audit_page(&state.db.read, &filter, Some(AUDIT_PAGE)).await?;
    let total = queries::audit_count(&state.db.read, &filter).await?;
    let next_before = (rows.len() as i64 == AUDIT_PAGE)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    let p = page(
        &state,
        &user,
        q,
        FieldErrors::default(),
        rows,
        total,
        next_before,
    )
    .await?;
    Ok(render(&p))
}

pub async fn audit_csv(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let filter = match parse_filter(&AuditQuery {
        vor: String::new(),
        ..q.clone()
    }) {
        Ok(f) => f,
        Err(e) => return form::invalid(&page(&state, &user, q, e, Vec::new(), 0, None).await?),
    };
    let rows = queries::audit_page(&state.db.read, &filter, Some(CSV_LIMIT)).await?;
    let names = Names::load(&state.db.read, &rows).await?;
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    let mut t = Table::new(&[
        "Nr.",
        "Zeitpunkt",
        "Wer",
        "Aktion",
        "Objektart",
        "Objekt",
        "Änderungen",
    ])
    .map_err(csv_err)?;
    for r in rows {
        let v = AuditView::new(r, &names);
        let changes = v.changes_text();
        let actor = v.actor_with_role();
        t.row([
            Cell::number(v.id),
            Cell::text(v.at),
            Cell::text(actor),
            Cell::text(v.action),
            Cell::text(v.kind),
            Cell::text(v.object),
            Cell::text(changes),
        ])
        .map_err(csv_err)?;
    }
    Ok(download(
        "aenderungsprotokoll.csv",
        t.finish().map_err(csv_err)?,
    ))
}
