//! /kapazitaet: load per unit and half-year against capacity; setting a capacity.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::forms::{CapacityForm, NO_UNIT};
use super::queries::{self, Planned};
use super::views::{Table, UnitRow};
use crate::audit::{self, Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::capacity::sum_loads;
use crate::domain::validation::FieldErrors;
use crate::lookups::{self, Choice, RefTable, programme_filter};
use crate::web::{AppResult, AppState, CsrfForm, Flash, Layout, Require, form, paths, render};

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
    let db = &state.db.read;
    let programme = programme_filter(&q.programm)?;
    let planned = queries::planned(db, programme).await?;
    let loads = sum_loads(&Planned::entries(&planned));
    let caps = queries::capacities(db).await?;
    let units = queries::units(db).await?;
    let this_year = i64::from(chrono::Datelike::year(&Utc::now().date_naive()));
    let table = Table::new(&planned, &loads, &caps, &units, this_year);
    Ok(Page {
        layout: Layout::new("Kapazität: realistisch einordnen", Some(user), "kapazitaet")
            .with_errors(!errors.is_empty())
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        periods: table.periods.iter().map(|h| h.label()).collect(),
        rows: table.rows,
        over: table.over,
        undated: table.undated,
        programmes: lookups::programme_choices(db).await?,
        programm: q.programm.clone(),
        can_edit: user.role.can_edit_programme(),
        form: form.unwrap_or_default(),
        errors,
        units: lookups::unit_choices(db).await?,
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let page = build(&state, &user, &q, None, FieldErrors::default()).await?;
    Ok(render(&page))
}

pub async fn save(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(typed): CsrfForm<CapacityForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let input = typed.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    if input.unit > 0 && !lookups::exists(&mut tx, RefTable::OrgUnit, input.unit).await? {
        e.add("org_unit_id", NO_UNIT);
    }
    if !e.is_empty() {
        drop(tx);
        let page = build(&state, &user, &PageQuery::default(), Some(typed), e).await?;
        return form::invalid(&page);
    }
    let stored = queries::current(&mut tx, input.unit, input.year, input.half).await?;
    if let Some(seen) = typed.seen()
        && seen != stored
    {
        drop(tx);
        e.add(
            "person_days",
            format!(
                "Die Kapazität wurde inzwischen geändert (jetzt {} Personentage). Bitte prüfen Sie den Wert und speichern Sie erneut.",
                stored.map(|s| s.to_string()).unwrap_or_else(|| "keine".into())
            ),
        );
        let kept = CapacityForm {
            bisher: stored.map(|s| s.to_string()).unwrap_or_default(),
            ..typed
        };
        let page = build(&state, &user, &PageQuery::default(), Some(kept), e).await?;
        return form::conflict(&page);
    }
    let (year, half) = (input.year, input.half);
    queries::upsert(&mut tx, input.unit, year, half, input.days).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::KapazitaetSetzen,
            Entity::Organisationseinheit,
            Some(input.unit),
        )
        .before(json!({"year": year, "half": half, "person_days": stored}))
        .after(json!({"year": year, "half": half, "person_days": input.days})),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::capacity().flash(Flash::Kapazitaet).into_response())
}
