//! /ziele: goals with attainment, chart and readings; the add-reading form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use super::queries::{self, GoalRow, ReadingRow};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::dates::format_iso;
use crate::domain::goals::{self as g, Track};
use crate::domain::validation::FieldErrors;
use crate::lookups::programme_filter;
use crate::lookups::{self, Choice};
use crate::web::AppState;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, Require};
use crate::web::{Flash, Layout, render, render_page};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    programm: String,
    meldung: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReadingForm {
    pub read_on: String,
    pub value: String,
    pub note: String,
}

pub struct Marker {
    pub x: String,
    pub y: String,
}

pub struct Chart {
    pub polyline: String,
    pub markers: Vec<Marker>,
    pub plan: (String, String, String, String),
    pub target: Marker,
    pub y_min: String,
    pub y_max: String,
    pub x_from: String,
    pub x_to: String,
}

pub struct ReadingView {
    pub read_on: String,
    pub value: String,
    pub share: String,
    pub note: String,
}

pub struct GoalView {
    pub id: i64,
    pub programme: String,
    pub field: String,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: String,
    pub baseline_on: String,
    pub target: String,
    pub target_on: String,
    pub latest: Option<ReadingView>,
    pub track: Track,
    pub summary: String,
    pub chart: Chart,
    pub readings: Vec<ReadingView>,
    pub measures: Vec<(i64, String)>,
    /// The add-reading form: blank, or the input of a failed attempt on this goal.
    pub form: ReadingForm,
    pub failed: bool,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

const L: f64 = 12.0;
const R: f64 = 348.0;
const T: f64 = 12.0;
const B: f64 = 150.0;

fn chart(goal: &GoalRow, b0: NaiveDate, t0: NaiveDate, readings: &[(NaiveDate, f64)]) -> Chart {
    let last = readings.iter().map(|r| r.0).max().unwrap_or(t0).max(t0);
    let first = readings.iter().map(|r| r.0).min().unwrap_or(b0).min(b0);
    let span = ((last - first).num_days()).max(1) as f64;
    let mut lo = goal.baseline.min(goal.target_value);
    let mut hi = goal.baseline.max(goal.target_value);
    for r in readings {
        lo = lo.min(r.1);
        hi = hi.max(r.1);
    }
    if (hi - lo).abs() < f64::EPSILON {
        hi = lo + 1.0;
    }
    let x = |d: NaiveDate| L + (d - first).num_days() as f64 / span * (R - L);
    let y = |v: f64| B - (v - lo) / (hi - lo) * (B - T);
    let f = |v: f64| format!("{v:.1}");
    let mut points = vec![(x(b0), y(goal.baseline))];
    points.extend(readings.iter().map(|r| (x(r.0), y(r.1))));
    Chart {
        polyline: points
            .iter()
            .map(|(a, b)| format!("{},{}", f(*a), f(*b)))
            .collect::<Vec<_>>()
            .join(" "),
        markers: points
            .iter()
            .map(|(a, b)| Marker { x: f(*a), y: f(*b) })
            .collect(),
        plan: (
            f(x(b0)),
            f(y(goal.baseline)),
            f(x(t0)),
            f(y(goal.target_value)),
        ),
        target: Marker {
            x: f(x(t0)),
            y: f(y(goal.target_value)),
        },
        y_min: g::format_number(lo),
        y_max: g::format_number(hi),
        x_from: format_iso(Some(&first.to_string())),
        x_to: format_iso(Some(&last.to_string())),
    }
}

fn view(goal: GoalRow, rows: &[&ReadingRow], measures: Vec<(i64, String)>) -> Option<GoalView> {
    let (b0, t0) = (date(&goal.baseline_on)?, date(&goal.target_on)?);
    let readings: Vec<(NaiveDate, f64)> = rows
        .iter()
        .filter_map(|r| Some((date(&r.read_on)?, r.value)))
        .collect();
    let latest_pair = readings.iter().max_by_key(|r| r.0).copied();
    let track = g::track(goal.baseline, goal.target_value, b0, t0, latest_pair);
    let share = |v: f64| {
        g::attainment(goal.baseline, goal.target_value, v)
            .map(g::format_share)
            .unwrap_or_else(|| "–".into())
    };
    let reading_views: Vec<ReadingView> = rows
        .iter()
        .map(|r| ReadingView {
            read_on: format_iso(Some(&r.read_on)),
            value: g::format_number(r.value),
            share: share(r.value),
            note: r.note.clone(),
        })
        .collect();
    let latest = rows
        .iter()
        .max_by(|a, b| a.read_on.cmp(&b.read_on))
        .map(|r| ReadingView {
            read_on: format_iso(Some(&r.read_on)),
            value: g::format_number(r.value),
            share: share(r.value),
            note: r.note.clone(),
        });
    let summary = match &latest {
        Some(l) => format!(
            "Ausgangswert {} {} am {}, Zielwert {} {} bis {}. Letzter Messwert {} {} am {}: {} des Weges erreicht, {}.",
            g::format_number(goal.baseline),
            goal.unit,
            format_iso(Some(&goal.baseline_on)),
            g::format_number(goal.target_value),
            goal.unit,
            format_iso(Some(&goal.target_on)),
            l.value,
            goal.unit,
            l.read_on,
            l.share,
            track.label()
        ),
        None => format!(
            "Ausgangswert {} {} am {}, Zielwert {} {} bis {}. Noch kein Messwert.",
            g::format_number(goal.baseline),
            goal.unit,
            format_iso(Some(&goal.baseline_on)),
            g::format_number(goal.target_value),
            goal.unit,
            format_iso(Some(&goal.target_on)),
        ),
    };
    Some(GoalView {
        chart: chart(&goal, b0, t0, &readings),
        id: goal.id,
        programme: goal.programme_short,
        field: goal.field.unwrap_or_default(),
        indicator: goal.indicator,
        baseline: g::format_number(goal.baseline),
        baseline_on: format_iso(Some(&goal.baseline_on)),
        target: g::format_number(goal.target_value),
        target_on: format_iso(Some(&goal.target_on)),
        title: goal.title,
        unit: goal.unit,
        latest,
        track,
        summary,
        readings: reading_views,
        measures,
        form: ReadingForm::default(),
        failed: false,
    })
}

#[derive(Template)]
#[template(path = "goals/list.html")]
struct ListPage {
    layout: Layout,
    goals: Vec<GoalView>,
    programmes: Vec<Choice>,
    programm: String,
    can_edit: bool,
    errors: FieldErrors,
    today: String,
}

async fn list_page(
    state: &AppState,
    user: &Session,
    q: &ListQuery,
    failed: Option<(i64, ReadingForm)>,
    errors: FieldErrors,
) -> AppResult<ListPage> {
    let programme = programme_filter(&q.programm)?;
    let rows = queries::goals(&state.db.read, programme).await?;
    let readings = queries::readings(&state.db.read).await?;
    let measures = queries::measures(&state.db.read).await?;
    let goals: Vec<GoalView> = rows
        .into_iter()
        .filter_map(|goal| {
            let own: Vec<&ReadingRow> = readings.iter().filter(|r| r.goal_id == goal.id).collect();
            let ms = measures
                .iter()
                .filter(|m| m.goal_id == goal.id)
                .map(|m| (m.id, format!("{} {}", m.code, m.title)))
                .collect();
            view(goal, &own, ms)
        })
        .map(|mut v| {
            if let Some((id, form)) = &failed
                && *id == v.id
            {
                v.form = form.clone();
                v.failed = true;
            }
            v
        })
        .collect();
    Ok(ListPage {
        layout: Layout::new("Ziele und Zielerreichung", Some(user), "ziele")
            .with_errors(!errors.is_empty())
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        goals,
        programmes: lookups::programme_choices(&state.db.read).await?,
        programm: q.programm.clone(),
        can_edit: user.role.can_edit_programme(),
        errors,
        today: chrono::Utc::now().date_naive().to_string(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    Ok(render(
        &list_page(&state, &user, &q, None, FieldErrors::default()).await?,
    ))
}

pub async fn add_reading(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReadingForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let read_on = e.optional_date("read_on", &form.read_on);
    if read_on.is_none() && e.get("read_on").is_none() {
        e.add(
            "read_on",
            "Bitte geben Sie das Datum des Messwerts an (TT.MM.JJJJ).",
        );
    }
    let value = g::parse_number(&form.value);
    if value.is_none() {
        e.add(
            "value",
            "Bitte geben Sie den Messwert als Zahl ein, z. B. 41 oder 12,5.",
        );
    }
    let note = e.optional_text("note", "Die Anmerkung", &form.note, 500);
    let mut tx = state.db.begin_write().await?;
    if !queries::goal_exists(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let (Some(read_on), Some(value)) = (read_on.filter(|_| e.is_empty()), value) else {
        drop(tx);
        let page = list_page(&state, &user, &ListQuery::default(), Some((id, form)), e).await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let rid = queries::add_reading(&mut tx, id, &read_on.to_string(), value, &note).await?;
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::MesswertErfassen, Entity::Ziel, Some(id)).after(json!({"reading_id": rid, "read_on": read_on.to_string(), "value": value, "note": note})))
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/ziele?meldung=messwert#ziel-{id}")).into_response())
}
