//! /kapazitaet: load per unit and half-year against capacity; setting a capacity.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::json;

use super::queries::{self, Planned};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::capacity::{HalfYear, Load, round_days, sum_loads};
use crate::domain::validation::FieldErrors;
use crate::lookups::programme_filter;
use crate::lookups::{self, Choice};
use crate::web::AppResult;
use crate::web::AppState;
use crate::web::{CsrfForm, Require};
use crate::web::{Flash, Layout, render, render_page};

fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref()
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
}

fn entries(rows: &[Planned]) -> Vec<(i64, i64, NaiveDate, NaiveDate)> {
    rows.iter()
        .filter_map(|r| {
            Some((
                r.org_unit_id,
                r.effort_days,
                date(&r.planned_start)?,
                date(&r.planned_end)?,
            ))
        })
        .collect()
}

/// What a measure with this effort and these dates would add to its unit's load, next
/// to the load of the unit's other measures and its capacity (for the measure form).
pub async fn preview(
    state: &AppState,
    unit: i64,
    except: Option<i64>,
    effort: i64,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> AppResult<Vec<String>> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(vec![
            "Ohne geplanten Beginn und geplantes Ende kann die Auslastung nicht berechnet werden."
                .into(),
        ]);
    };
    if effort <= 0 {
        return Ok(vec![
            "Ohne internen Aufwand (Personentage) ändert die Maßnahme die Auslastung nicht.".into(),
        ]);
    }
    let others = queries::planned_for_unit(&state.db.read, unit, except).await?;
    let base = sum_loads(&entries(&others));
    let with = sum_loads(&[(unit, effort, start, end)]);
    let caps = queries::capacities(&state.db.read).await?;
    let code = queries::units(&state.db.read)
        .await?
        .into_iter()
        .find(|u| u.id == unit)
        .map(|u| u.code)
        .unwrap_or_default();
    let mut out = Vec::new();
    for ((_, h), add) in with {
        let before = round_days(base.get(&(unit, h)).copied().unwrap_or(0.0));
        let load = Load {
            unit: code.clone(),
            period: h,
            planned: round_days(base.get(&(unit, h)).copied().unwrap_or(0.0) + add),
            capacity: caps
                .iter()
                .find(|c| {
                    c.org_unit_id == unit
                        && c.year == i64::from(h.year)
                        && c.half == i64::from(h.half)
                })
                .map(|c| c.person_days),
        };
        out.push(format!(
            "{} (bisher {} Personentage, mit dieser Maßnahme {}){}",
            load.sentence(),
            before,
            load.planned,
            if load.over() {
                " – überlastet"
            } else {
                " – im Rahmen"
            }
        ));
    }
    Ok(out)
}

pub struct Cell {
    pub planned: i64,
    pub capacity: String,
    pub percent: String,
    pub over: bool,
}

pub struct UnitRow {
    pub unit: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CapacityForm {
    pub org_unit_id: String,
    pub year: String,
    pub half: String,
    pub person_days: String,
    /// The value the user saw (empty: none); a different stored value is a conflict.
    pub bisher: String,
}

#[derive(Template)]
#[template(path = "capacity/page.html")]
struct Page {
    layout: Layout,
    periods: Vec<String>,
    rows: Vec<UnitRow>,
    over: Vec<String>,
    undated: Vec<String>,
    programmes: Vec<Choice>,
    programm: String,
    can_edit: bool,
    form: CapacityForm,
    errors: FieldErrors,
    units: Vec<Choice>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    programm: String,
    meldung: Option<String>,
}

async fn build(
    state: &AppState,
    user: &Session,
    q: &PageQuery,
    form: Option<CapacityForm>,
    errors: FieldErrors,
) -> AppResult<Page> {
    let programme = programme_filter(&q.programm)?;
    let rows = queries::planned(&state.db.read, programme).await?;
    let loads = sum_loads(&entries(&rows));
    let caps = queries::capacities(&state.db.read).await?;
    let units = queries::units(&state.db.read).await?;
    let this_year = i64::from(chrono::Datelike::year(&Utc::now().date_naive()));
    // The half-years for which capacities are recorded: only there can load be compared.
    let mut periods: BTreeSet<HalfYear> = BTreeSet::new();
    for c in &caps {
        periods.insert(HalfYear {
            year: c.year as i32,
            half: c.half as u8,
        });
    }
    // Keep the view to the planning horizon: last year to three years ahead.
    let periods: Vec<HalfYear> = periods
        .into_iter()
        .filter(|h| (this_year - 1..=this_year + 3).contains(&i64::from(h.year)))
        .collect();
    let mut over = Vec::new();
    let mut table = Vec::new();
    for u in &units {
        let mut cells = Vec::new();
        let mut any = false;
        for h in &periods {
            let planned = round_days(loads.get(&(u.id, *h)).copied().unwrap_or(0.0));
            let capacity = caps
                .iter()
                .find(|c| {
                    c.org_unit_id == u.id
                        && c.year == i64::from(h.year)
                        && c.half == i64::from(h.half)
                })
                .map(|c| c.person_days);
            any |= planned > 0 || capacity.is_some();
            let load = Load {
                unit: u.code.clone(),
                period: *h,
                planned,
                capacity,
            };
            if load.over() {
                over.push(load.sentence());
            }
            cells.push(Cell {
                planned,
                capacity: capacity
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "–".into()),
                percent: load.percent().map(|p| format!("{p} %")).unwrap_or_default(),
                over: load.over(),
            });
        }
        if any {
            table.push(UnitRow {
                unit: u.code.clone(),
                cells,
            });
        }
    }
    let undated = rows
        .iter()
        .filter(|r| date(&r.planned_start).is_none() || date(&r.planned_end).is_none())
        .map(|r| format!("{} ({} Personentage)", r.code, r.effort_days))
        .collect();
    Ok(Page {
        layout: Layout::new("Kapazität: realistisch einordnen", Some(user), "kapazitaet")
            .with_errors(!errors.is_empty())
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        periods: periods.iter().map(|h| h.label()).collect(),
        rows: table,
        over,
        undated,
        programmes: lookups::programme_choices(&state.db.read).await?,
        programm: q.programm.clone(),
        can_edit: user.role.can_edit_programme(),
        form: form.unwrap_or_default(),
        errors,
        units: lookups::unit_choices(&state.db.read).await?,
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    Ok(render(
        &build(&state, &user, &q, None, FieldErrors::default()).await?,
    ))
}

pub async fn save(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<CapacityForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let unit = match form.org_unit_id.trim().parse::<i64>() {
        Ok(id) if id > 0 => id,
        _ => {
            e.add(
                "org_unit_id",
                "Bitte wählen Sie eine Organisationseinheit aus.",
            );
            0
        }
    };
    let year = e.int_in("year", "Das Jahr", &form.year, 2000, 2100);
    let half = e.int_in("half", "Das Halbjahr", &form.half, 1, 2);
    let days = e.int_in(
        "person_days",
        "Die Kapazität (Personentage)",
        &form.person_days,
        0,
        100_000,
    );
    let mut tx = state.db.begin_write().await?;
    if unit > 0 && !queries::unit_exists(&mut tx, unit).await? {
        e.add(
            "org_unit_id",
            "Bitte wählen Sie eine Organisationseinheit aus.",
        );
    }
    let stored = if e.is_empty() {
        queries::current(&mut tx, unit, year, half).await?
    } else {
        None
    };
    let seen = form.bisher.trim().parse::<i64>().ok();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if e.is_empty() && !form.bisher.trim().is_empty() && seen != stored {
        e.add(
            "person_days",
            format!(
                "Die Kapazität wurde inzwischen geändert (jetzt {} Personentage). Bitte prüfen Sie den Wert und speichern Sie erneut.",
                stored.map(|s| s.to_string()).unwrap_or_else(|| "keine".into())
            ),
        );
        status = StatusCode::CONFLICT;
    }
    if !e.is_empty() {
        drop(tx);
        let mut kept = form;
        if status == StatusCode::CONFLICT {
            kept.bisher = stored.map(|s| s.to_string()).unwrap_or_default();
        }
        let page = build(&state, &user, &PageQuery::default(), Some(kept), e).await?;
        return Ok(render_page(status, &page));
    }
    queries::upsert(&mut tx, unit, year, half, days).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::KapazitaetSetzen,
            Entity::Organisationseinheit,
            Some(unit),
        )
        .before(json!({"year": year, "half": half, "person_days": stored}))
        .after(json!({"year": year, "half": half, "person_days": days})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/kapazitaet?meldung=kapazitaet").into_response())
}
