//! Measure pages: list, detail with status updates, create, edit, archive.

use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::filter::{FilterQuery, SortKey};
use super::forms::{MeasureForm, MeasureInput};
use super::queries::{self, Measure};
use super::views::{
    BudgetView, HistoryView, MilestoneView, RowView, SignOffView, ampel_of, status_label,
};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{AnyUser, Editors, Session};
use crate::domain::dates::{ago, format_iso, format_timestamp, now_utc};
use crate::domain::money::format_euro;
use crate::domain::status_update::StatusUpdateForm;
use crate::domain::validation::FieldErrors;
use crate::domain::{Ampel, Priority, SignOffState, SignOffTrack, Status};
use crate::lookups::Choice;
use crate::web::AppState;
use crate::web::{AppError, AppResult};
use crate::web::{ConflictRow, Flash, FlashQuery, Layout, paths, render, render_page};
use crate::web::{CsrfForm, Require};

// ------------------------------------------------------------------ list

pub struct SortLink {
    pub label: &'static str,
    pub href: String,
    pub aria_sort: &'static str,
    pub arrow: &'static str,
}

#[derive(Template)]
#[template(path = "measures/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<RowView>,
    total: usize,
    by_status: Vec<(&'static str, usize)>,
    by_ampel: Vec<(Ampel, usize)>,
    query: FilterQuery,
    sort_links: Vec<SortLink>,
    programmes: Vec<Choice>,
    fields: Vec<Choice>,
    units: Vec<Choice>,
    statuses: &'static [Status],
    ampels: &'static [Ampel],
    can_edit: bool,
    csv_href: String,
    filtered: bool,
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Query(q): Query<FilterQuery>,
) -> AppResult<Response> {
    let filter = q.parse(user.person_id).map_err(AppError::BadRequest)?;
    let internal = user.role.is_internal();
    let now = Utc::now();
    let rows: Vec<RowView> = queries::list(&state.db.read, &filter)
        .await?
        .into_iter()
        .map(|r| RowView::new(r, internal, now))
        .collect();
    let by_status = Status::ALL
        .iter()
        .map(|s| {
            (
                s.label(),
                rows.iter().filter(|r| r.status == s.label()).count(),
            )
        })
        .collect();
    let by_ampel = Ampel::ALL
        .iter()
        .map(|a| (*a, rows.iter().filter(|r| r.ampel == *a).count()))
        .collect();
    let base = q.without_sort();
    let sort_links = SortKey::ALL
        .iter()
        .map(|(key, param, label)| {
            let active = filter.sort == *key;
            let next_dir = if active && !filter.descending {
                "ab"
            } else {
                "auf"
            };
            let sep = if base.is_empty() { "" } else { "&" };
            SortLink {
                label,
                href: format!("/massnahmen?{base}{sep}sort={param}&richtung={next_dir}"),
                aria_sort: match (active, filter.descending) {
                    (false, _) => "none",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                },
                arrow: match (active, filter.descending) {
                    (false, _) => "",
                    (true, false) => " ▲",
                    (true, true) => " ▼",
                },
            }
        })
        .collect();
    let full_query = {
        let sep = if base.is_empty() { "" } else { "&" };
        format!(
            "{base}{sep}sort={}&richtung={}",
            filter.sort.key(),
            if filter.descending { "ab" } else { "auf" }
        )
    };
    let page = ListPage {
        layout: Layout::new("Maßnahmen", Some(&user), "massnahmen"),
        total: rows.len(),
        rows,
        by_status,
        by_ampel,
        filtered: !base.is_empty(),
        sort_links,
        programmes: crate::lookups::programme_choices(&state.db.read).await?,
        fields: crate::lookups::field_choices(&state.db.read).await?,
        units: crate::lookups::unit_choices(&state.db.read).await?,
        statuses: Status::ALL,
        ampels: Ampel::ALL,
        can_edit: user.role.can_edit_programme(),
        csv_href: format!("/massnahmen.csv?{full_query}"),
        query: q,
    };
    Ok(render(&page))
}

// ------------------------------------------------------------------ detail

pub struct MeasureView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub programme: String,
    pub field: String,
    pub unit: String,
    pub responsible: String,
    pub email: String,
    pub status: &'static str,
    pub ampel: Ampel,
    pub progress: i64,
    pub priority: String,
    pub planned_start: String,
    pub planned_end: String,
    pub actual_start: String,
    pub actual_end: String,
    pub effort_days: i64,
    pub flags: Vec<&'static str>,
    pub ozg: Option<String>,
    pub last_update: String,
    pub last_update_ago: String,
    pub archived: Option<String>,
    pub version: i64,
    /// The expectation this measure came from (link to its cost-benefit assessment).
    pub expectation_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "measures/detail.html")]
struct DetailPage {
    layout: Layout,
    m: MeasureView,
    history: Vec<HistoryView>,
    milestones: Vec<MilestoneView>,
    budget: Vec<BudgetView>,
    budget_totals: (String, String, String),
    sign_offs: Vec<SignOffView>,
    form: StatusUpdateForm,
    milestone_form: MilestoneForm,
    errors: FieldErrors,
    can_edit: bool,
    may_archive: bool,
    statuses: &'static [Status],
    ampels: &'static [Ampel],
    /// Tasks from meeting minutes linked to this measure (read-only; internal only).
    tasks: Vec<crate::lookups::tasks::TaskView>,
}

async fn detail_page(
    state: &AppState,
    user: &Session,
    id: i64,
    form: Option<StatusUpdateForm>,
    milestone_form: Option<MilestoneForm>,
    errors: FieldErrors,
    flash: Option<Flash>,
) -> AppResult<DetailPage> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sign_off_rows = queries::sign_offs(&mut conn, id).await?;
    drop(conn);
    let ctx = queries::context(&state.db.read, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let internal = user.role.is_internal();
    let now = Utc::now();
    let today = now.date_naive().to_string();
    let budget_rows = queries::budget(&state.db.read, id).await?;
    let sum = |f: fn(&queries::BudgetRow) -> i64| format_euro(budget_rows.iter().map(f).sum());
    let budget_totals = (sum(|b| b.planned), sum(|b| b.approved), sum(|b| b.actual));
    let mut flags = Vec::new();
    if m.dsb_relevant {
        flags.push("datenschutzrelevant (DSB)");
    }
    if m.isb_relevant {
        flags.push("informationssicherheitsrelevant (ISB)");
    }
    if m.pr_relevant {
        flags.push("mitbestimmungspflichtig (Personalrat)");
    }
    let ozg = match (&m.ozg_key, &m.ozg_model, m.ozg_level) {
        (None, None, None) => None,
        (key, model, level) => Some(format!(
            "LeiKa {} · Reifegrad {} (Reifegradmodell {})",
            key.as_deref().unwrap_or("–"),
            level.map(|l| l.to_string()).unwrap_or_else(|| "–".into()),
            model.as_deref().unwrap_or("–")
        )),
    };
    let responsible = if internal {
        ctx.person_name.clone().unwrap_or_default()
    } else {
        ctx.person_function.clone().unwrap_or_default()
    };
    let view = MeasureView {
        id: m.id,
        code: m.code.clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        programme: ctx.programme_title,
        field: format!("{} {}", ctx.field_code, ctx.field_title),
        unit: if ctx.unit_name.starts_with(&ctx.unit_code) {
            ctx.unit_name
        } else {
            format!("{} – {}", ctx.unit_code, ctx.unit_name)
        },
        responsible,
        email: if internal {
            ctx.person_email.unwrap_or_default()
        } else {
            String::new()
        },
        status: status_label(&m.status),
        ampel: ampel_of(&m.ampel),
        progress: m.progress,
        priority: Priority::parse(&m.priority)
            .map(Priority::label)
            .unwrap_or("mittel")
            .to_string(),
        planned_start: format_iso(m.planned_start.as_deref()),
        planned_end: format_iso(m.planned_end.as_deref()),
        actual_start: format_iso(m.actual_start.as_deref()),
        actual_end: format_iso(m.actual_end.as_deref()),
        effort_days: m.effort_days,
        flags,
        ozg,
        last_update: format_timestamp(&m.last_update_at),
        last_update_ago: ago(&m.last_update_at, now),
        archived: m.archived_at.as_deref().map(|a| format_iso(Some(a))),
        version: m.version,
        expectation_id: m.expectation_id.filter(|_| internal),
    };
    let form = form.unwrap_or_else(|| StatusUpdateForm {
        status: m.status.clone(),
        ampel: m.ampel.clone(),
        progress: m.progress.to_string(),
        ..Default::default()
    });
    let title = format!("{} {}", m.code, m.title);
    let tasks = if internal {
        crate::lookups::tasks::tasks_of_measure(&state.db.read, id)
            .await?
            .iter()
            .map(|t| crate::lookups::tasks::TaskView::new(t, &today))
            .collect()
    } else {
        Vec::new()
    };
    Ok(DetailPage {
        tasks,
        layout: Layout::new(title, Some(user), "massnahmen")
            .with_errors(!errors.is_empty())
            .with_flash(flash),
        m: view,
        history: queries::history(&state.db.read, id)
            .await?
            .into_iter()
            .map(|h| HistoryView::new(h, internal))
            .collect(),
        milestones: queries::milestones(&state.db.read, id)
            .await?
            .into_iter()
            .map(|r| MilestoneView::new(r, &today))
            .collect(),
        budget: budget_rows.iter().map(BudgetView::new).collect(),
        budget_totals,
        sign_offs: SignOffView::all(&sign_off_rows),
        form,
        milestone_form: milestone_form.unwrap_or_default(),
        errors,
        can_edit: user.role.can_edit_programme() && m.archived_at.is_none(),
        may_archive: user.role.can_edit_programme(),
        statuses: Status::ALL,
        ampels: Ampel::ALL,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let page = detail_page(
        &state,
        &user,
        id,
        None,
        None,
        FieldErrors::default(),
        q.flash(),
    )
    .await?;
    Ok(render(&page))
}

/// POST /massnahmen/{id}/sachstand — the journey-1 form.
/// The status form, optionally sent from a meeting page that wants the user back.
#[derive(Deserialize)]
pub struct StatusPost {
    #[serde(flatten)]
    form: StatusUpdateForm,
    #[serde(default)]
    next: String,
}

pub async fn post_status_update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(StatusPost { form, next }): CsrfForm<StatusPost>,
) -> AppResult<Response> {
    let now = Utc::now();
    let today = now.date_naive();
    let update = match form.parse(today) {
        Ok(u) => u,
        Err(errors) => {
            let page = detail_page(&state, &user, id, Some(form), None, errors, None).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if m.archived_at.is_some() {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add(
            "status",
            "Die Maßnahme ist archiviert; bitte stellen Sie sie zuerst wieder her.",
        );
        let page = detail_page(&state, &user, id, Some(form), None, errors, None).await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    let stamp = now_utc();
    queries::add_status_update(
        &mut tx,
        &m,
        user.user_id,
        &update,
        &stamp,
        &today.to_string(),
    )
    .await?;
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::SachstandMelden, Entity::Massnahme, Some(id)).before(json!({"status": m.status, "ampel": m.ampel, "progress": m.progress})).after(json!({
            "status": update.status.key(), "ampel": update.ampel.key(), "progress": update.progress,
            "text": update.text, "next_steps": update.next_steps, "blockers": update.blockers,
            "reason": update.reason, "options": update.options,
            "decision_by": update.decision_by.map(|d| d.to_string()),
        })))
    .await?;
    tx.commit().await?;
    if let Some(back) = crate::web::paths::return_path(&next) {
        return Ok(Redirect::to(&format!("{back}?meldung=sachstand")).into_response());
    }
    Ok(Redirect::to(&format!("/massnahmen/{id}?meldung=sachstand#verlauf")).into_response())
}

// ------------------------------------------------------------------ milestones

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MilestoneForm {
    pub ms_title: String,
    pub ms_due: String,
}

pub async fn add_milestone(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MilestoneForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let title = e.text(
        "ms_title",
        "eine Bezeichnung des Meilensteins",
        &form.ms_title,
        200,
    );
    let due = e.optional_date("ms_due", &form.ms_due);
    if due.is_none() && e.get("ms_due").is_none() {
        e.add(
            "ms_due",
            "Bitte geben Sie das Fälligkeitsdatum an (TT.MM.JJJJ).",
        );
    }
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if m.archived_at.is_some() {
        e.add("ms_title", "Die Maßnahme ist archiviert.");
    }
    let Some(due) = due.filter(|_| e.is_empty()) else {
        drop(tx);
        let page = detail_page(&state, &user, id, None, Some(form), e, None).await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let ms = queries::add_milestone(&mut tx, id, &title, &due.to_string()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::MeilensteinAnlegen, Entity::Massnahme, Some(id))
            .after(json!({"milestone_id": ms, "title": title, "due_on": due.to_string()})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/massnahmen/{id}?meldung=gespeichert#h-meilensteine"
    ))
    .into_response())
}

pub async fn complete_milestone(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, ms)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<crate::web::NoFields>,
) -> AppResult<Response> {
    let today = Utc::now().date_naive().to_string();
    let mut tx = state.db.begin_write().await?;
    if !queries::complete_milestone(&mut tx, id, ms, &today).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::MeilensteinErledigt, Entity::Massnahme, Some(id))
            .before(json!({"milestone_id": ms, "done_on": null}))
            .after(json!({"milestone_id": ms, "done_on": today})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/massnahmen/{id}?meldung=gespeichert#h-meilensteine"
    ))
    .into_response())
}

// ------------------------------------------------------------------ create / edit

pub struct FormChoices {
    pub fields: Vec<Choice>,
    pub units: Vec<Choice>,
    pub people: Vec<Choice>,
}

pub struct SignOffInput {
    pub track: SignOffTrack,
    pub state: String,
    pub note: String,
    pub date: String,
    pub relevant: bool,
}

#[derive(Template)]
#[template(path = "measures/form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    action: String,
    form: MeasureForm,
    errors: FieldErrors,
    choices: FormChoices,
    priorities: &'static [Priority],
    sign_off_states: &'static [SignOffState],
    sign_offs: Vec<SignOffInput>,
    cancel_href: String,
    /// For a 409: the values stored now, shown next to the user's input.
    conflict: Option<Vec<ConflictRow>>,
    /// "Auslastung prüfen": the unit's load with this measure, per half-year.
    load: Option<Vec<String>>,
}

async fn choices(state: &AppState) -> AppResult<FormChoices> {
    Ok(FormChoices {
        fields: crate::lookups::field_choices(&state.db.read).await?,
        units: crate::lookups::unit_choices(&state.db.read).await?,
        people: crate::lookups::person_choices(&state.db.read).await?,
    })
}

async fn form_page(
    state: &AppState,
    user: &Session,
    id: Option<i64>,
    form: MeasureForm,
    errors: FieldErrors,
    conflict: Option<Vec<ConflictRow>>,
) -> AppResult<FormPage> {
    let (heading, action, cancel_href) = match id {
        Some(id) => (
            format!("Maßnahme {} bearbeiten", form.code),
            format!("/massnahmen/{id}/bearbeiten"),
            format!("/massnahmen/{id}"),
        ),
        None => (
            "Neue Maßnahme".to_string(),
            "/massnahmen/neu".to_string(),
            "/massnahmen".to_string(),
        ),
    };
    let sign_offs = SignOffTrack::ALL
        .iter()
        .map(|t| {
            let (state, note, date, relevant) = form.sign_off_fields(*t);
            SignOffInput {
                track: *t,
                state: state.to_string(),
                note: note.to_string(),
                date: date.to_string(),
                relevant,
            }
        })
        .collect();
    Ok(FormPage {
        layout: Layout::new(heading.clone(), Some(user), "massnahmen")
            .with_errors(!errors.is_empty() || conflict.is_some()),
        heading,
        action,
        errors,
        choices: choices(state).await?,
        priorities: Priority::ALL,
        sign_off_states: SignOffState::ALL,
        sign_offs,
        cancel_href,
        conflict,
        form,
        load: None,
    })
}

/// "Auslastung prüfen": the form again with the load of its unit, nothing saved.
async fn load_preview(
    state: &AppState,
    user: &Session,
    id: Option<i64>,
    form: MeasureForm,
) -> AppResult<Response> {
    use crate::domain::dates::parse_date;
    let lines = match form.org_unit_id.trim().parse::<i64>() {
        Ok(unit) => {
            let effort = form.effort_days.trim().parse::<i64>().unwrap_or(0);
            crate::capacity::handlers::preview(
                state,
                unit,
                id,
                effort,
                parse_date(&form.planned_start),
                parse_date(&form.planned_end),
            )
            .await?
        }
        Err(_) => {
            vec!["Bitte wählen Sie zuerst die federführende Organisationseinheit.".to_string()]
        }
    };
    let mut page = form_page(state, user, id, form, FieldErrors::default(), None).await?;
    page.load = Some(lines);
    Ok(render(&page))
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let page = form_page(
        &state,
        &user,
        None,
        MeasureForm::blank(),
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(render(&page))
}

fn measure_json(m: &MeasureInput) -> serde_json::Value {
    json!({
        "code": m.code, "title": m.title, "description": m.description,
        "programme_id": m.programme_id, "field_id": m.field_id, "org_unit_id": m.org_unit_id,
        "person_id": m.person_id, "priority": m.priority.key(),
        "planned_start": m.planned_start.map(|d| d.to_string()),
        "planned_end": m.planned_end.map(|d| d.to_string()),
        "actual_start": m.actual_start.map(|d| d.to_string()),
        "effort_days": m.effort_days, "dsb_relevant": m.dsb_relevant,
        "isb_relevant": m.isb_relevant, "pr_relevant": m.pr_relevant,
        "ozg_key": m.ozg_key, "ozg_model": m.ozg_model, "ozg_level": m.ozg_level,
        "sign_offs": m.sign_offs,
    })
}

fn stored_json(m: &Measure, sign_offs: &[queries::SignOffRow]) -> serde_json::Value {
    json!({
        "code": m.code, "title": m.title, "description": m.description,
        "programme_id": m.programme_id, "field_id": m.field_id, "org_unit_id": m.org_unit_id,
        "person_id": m.person_id, "priority": m.priority,
        "planned_start": m.planned_start, "planned_end": m.planned_end,
        "actual_start": m.actual_start, "effort_days": m.effort_days,
        "dsb_relevant": m.dsb_relevant, "isb_relevant": m.isb_relevant, "pr_relevant": m.pr_relevant,
        "ozg_key": m.ozg_key, "ozg_model": m.ozg_model, "ozg_level": m.ozg_level,
        "sign_offs": sign_offs,
    })
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<MeasureForm>,
) -> AppResult<Response> {
    if form.pruefen.is_some() {
        return load_preview(&state, &user, None, form).await;
    }
    let mut tx = state.db.begin_write().await?;
    let input = match form.parse(&mut tx, None).await? {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let page = form_page(&state, &user, None, form, errors, None).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let now = now_utc();
    let id = queries::insert(&mut tx, &input, &now).await?;
    queries::replace_sign_offs(&mut tx, id, &input.sign_offs).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Anlegen, Entity::Massnahme, Some(id))
            .after(measure_json(&input).clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/massnahmen/{id}?meldung=angelegt")).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sign_offs = queries::sign_offs(&mut conn, id).await?;
    drop(conn);
    if m.archived_at.is_some() {
        return Err(AppError::BadRequest(
            "Archivierte Maßnahmen können nicht bearbeitet werden. Bitte stellen Sie die Maßnahme zuerst wieder her.".into(),
        ));
    }
    let page = form_page(
        &state,
        &user,
        Some(id),
        MeasureForm::from_measure(&m, &sign_offs),
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(render(&page))
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MeasureForm>,
) -> AppResult<Response> {
    if form.pruefen.is_some() {
        return load_preview(&state, &user, Some(id), form).await;
    }
    let mut tx = state.db.begin_write().await?;
    let current = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let current_sign_offs = queries::sign_offs(&mut tx, id).await?;
    let input = match form.parse(&mut tx, Some(id)).await? {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let page = form_page(&state, &user, Some(id), form, errors, None).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let version: i64 = form.version.trim().parse().unwrap_or(-1);
    let now = now_utc();
    if version != current.version || !queries::update(&mut tx, id, version, &input, &now).await? {
        drop(tx);
        let theirs = MeasureForm::from_measure(&current, &current_sign_offs);
        let rows = conflict_rows(&form, &theirs);
        // The form keeps the user's input but carries the current version, so saving
        // again is a deliberate decision to overwrite with what is shown.
        let mut mine = form;
        mine.version = current.version.to_string();
        let page = form_page(
            &state,
            &user,
            Some(id),
            mine,
            FieldErrors::default(),
            Some(rows),
        )
        .await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    queries::replace_sign_offs(&mut tx, id, &input.sign_offs).await?;
    let (old, new) = audit::diff(
        &stored_json(&current, &current_sign_offs),
        &measure_json(&input),
    );
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Bearbeiten, Entity::Massnahme, Some(id))
            .before(old.clone())
            .after(new.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/massnahmen/{id}?meldung=gespeichert")).into_response())
}

fn conflict_rows(mine: &MeasureForm, theirs: &MeasureForm) -> Vec<ConflictRow> {
    let pairs: [(&'static str, &String, &String); 10] = [
        ("Nummer", &mine.code, &theirs.code),
        ("Titel", &mine.title, &theirs.title),
        ("Beschreibung", &mine.description, &theirs.description),
        ("Handlungsfeld (Nr.)", &mine.field_id, &theirs.field_id),
        ("Federführung (Nr.)", &mine.org_unit_id, &theirs.org_unit_id),
        ("Verantwortlich (Nr.)", &mine.person_id, &theirs.person_id),
        ("Priorität", &mine.priority, &theirs.priority),
        (
            "Geplanter Beginn",
            &mine.planned_start,
            &theirs.planned_start,
        ),
        ("Geplantes Ende", &mine.planned_end, &theirs.planned_end),
        ("Aufwand (PT)", &mine.effort_days, &theirs.effort_days),
    ];
    pairs
        .iter()
        .map(|(label, a, b)| ConflictRow {
            label,
            mine: a.trim().to_string(),
            theirs: b.trim().to_string(),
        })
        .collect()
}

// ------------------------------------------------------------------ archive

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionForm {
    version: String,
}

async fn set_archived(
    state: &AppState,
    user: &Session,
    id: i64,
    version: &str,
    archive: bool,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let version: i64 = version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("Die Versionsangabe fehlt.".into()))?;
    let now = now_utc();
    let stamp = archive.then_some(now.as_str());
    if m.archived_at.is_some() == archive {
        return Ok(Redirect::to(&format!("/massnahmen/{id}")).into_response());
    }
    if !queries::set_archived(&mut tx, id, version, stamp, &now).await? {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add("status", "Die Maßnahme wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand und wiederholen Sie die Aktion.");
        let page = detail_page(state, user, id, None, None, errors, None).await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    let (action, flash) = if archive {
        (Action::Archivieren, Flash::Archiviert)
    } else {
        (Action::Wiederherstellen, Flash::Wiederhergestellt)
    };
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(action, Entity::Massnahme, Some(id))
            .before(json!({"archived_at": m.archived_at}))
            .after(json!({"archived_at": stamp})),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::measure(id).flash(flash).into_response())
}

pub async fn archive(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    set_archived(&state, &user, id, &form.version, true).await
}

pub async fn restore(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    set_archived(&state, &user, id, &form.version, false).await
}

// ------------------------------------------------------------------ CSV

pub async fn csv(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let q: FilterQuery = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|_| AppError::BadRequest("Die Filterangaben sind ungültig.".into()))?;
    let filter = q.parse(user.person_id).map_err(AppError::BadRequest)?;
    let rows = queries::list(&state.db.read, &filter).await?;
    let body = super::csv::render(&rows, user.role.is_internal())
        .map_err(|e| AppError::Internal(e.into()))?;
    let today = Utc::now().date_naive().format("%Y-%m-%d");
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"massnahmen-{today}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}
