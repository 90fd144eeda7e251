//! Creating a draft and editing its header, editorial text and field comments
//! (optimistic locking by version: a conflict shows the form again, 409).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::load::draft;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Session};
use crate::domain::dates::format_iso;
use crate::domain::report::FieldSnap;
use crate::domain::validation::FieldErrors;
use crate::lookups;
use crate::reports::forms::{DEFAULT_ADDRESSEE, IsoDates, ReportForm, ReportInput};
use crate::reports::queries::{self, NewReport, Report};
use crate::reports::views::pages::FormPage;
use crate::web::{AppResult, AppState, CsrfForm, Flash, Layout, Require, form, paths, render};

/// How the form page is shown: fresh, with field errors, or after a conflict.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    Fresh,
    Invalid,
    Conflict,
}

async fn form_page(
    state: &AppState,
    user: &Session,
    report: Option<&Report>,
    form: ReportForm,
    errors: FieldErrors,
    shown: Shown,
) -> AppResult<FormPage> {
    let mut conn = state.db.read.acquire().await?;
    let (heading, action, fields) = match report {
        Some(r) => (
            format!("Bericht {} bearbeiten", r.period_label),
            paths::edit_report(r.id),
            queries::fields(&mut conn, r.id).await?,
        ),
        None => ("Neuer Bericht".to_string(), paths::new_report(), Vec::new()),
    };
    let conflict = shown == Shown::Conflict;
    Ok(FormPage {
        layout: Layout::new(heading.clone(), Some(user), "berichte")
            .with_errors(!errors.is_empty() || conflict),
        heading,
        action,
        form,
        errors,
        programmes: lookups::programme_choices(&mut *conn).await?,
        fields,
        editing: report.is_some(),
        conflict,
        back: report.map_or_else(paths::reports, |r| paths::report(r.id)),
    })
}

/// The form page as a response: 200, 422 with the errors, or 409 after a conflict.
async fn respond(
    state: &AppState,
    user: &Session,
    report: Option<&Report>,
    input: ReportForm,
    errors: FieldErrors,
    shown: Shown,
) -> AppResult<Response> {
    let page = form_page(state, user, report, input, errors, shown).await?;
    match shown {
        Shown::Fresh => Ok(render(&page)),
        Shown::Invalid => form::invalid(&page),
        Shown::Conflict => form::conflict(&page),
    }
}

/// The header and text to store, from the validated input.
fn new_report<'a>(
    input: &'a ReportInput,
    dates: &'a IsoDates,
    programme_id: i64,
    author_id: i64,
    corrects_id: Option<i64>,
) -> NewReport<'a> {
    NewReport {
        programme_id,
        period_label: &input.period_label,
        period_start: &dates.period_start,
        cutoff_on: &dates.cutoff_on,
        vorlage_no: &input.vorlage_no,
        addressee: &input.addressee,
        committee_on: dates.committee_on.as_deref(),
        summary: &input.summary,
        outlook: &input.outlook,
        author_id,
        corrects_id,
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let form = ReportForm {
        programme_id: "1".into(),
        addressee: DEFAULT_ADDRESSEE.into(),
        ..Default::default()
    };
    respond(
        &state,
        &user,
        None,
        form,
        FieldErrors::default(),
        Shown::Fresh,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let mut input = form.parse(&[]);
    if let Ok(i) = &input {
        let mut conn = state.db.read.acquire().await?;
        if !lookups::programme_exists(&mut conn, i.programme_id).await? {
            let mut e = FieldErrors::default();
            e.add(
                "programme_id",
                "Bitte wählen Sie ein vorhandenes Programm aus.",
            );
            input = Err(e);
        }
    }
    let input = match input {
        Ok(i) => i,
        Err(errors) => return respond(&state, &user, None, form, errors, Shown::Invalid).await,
    };
    let dates = input.iso_dates();
    let mut tx = state.db.begin_write().await?;
    let new = new_report(&input, &dates, input.programme_id, user.user_id, None);
    let id = queries::create(&mut tx, &new).await?;
    let after = json!({"period_label": input.period_label, "period_start": dates.period_start,
        "cutoff_on": dates.cutoff_on, "vorlage_no": input.vorlage_no, "addressee": input.addressee,
        "committee_on": dates.committee_on});
    let entry = Entry::new(Action::BerichtAnlegen, Entity::Bericht, Some(id)).after(after);
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(paths::report(id)
        .flash(Flash::BerichtAngelegt)
        .into_response())
}

fn form_of(r: &Report, fields: &[FieldSnap]) -> ReportForm {
    ReportForm {
        programme_id: r.programme_id.to_string(),
        period_label: r.period_label.clone(),
        period_start: format_iso(Some(&r.period_start)),
        cutoff_on: format_iso(Some(&r.cutoff_on)),
        vorlage_no: r.vorlage_no.clone(),
        addressee: r.addressee.clone(),
        committee_on: format_iso(r.committee_on.as_deref()),
        summary: r.summary.clone(),
        outlook: r.outlook.clone(),
        version: r.version.to_string(),
        rest: fields
            .iter()
            .map(|f| (format!("hf_{}", f.id), f.comment.clone()))
            .collect(),
    }
}

async fn fields_of(state: &AppState, id: i64) -> AppResult<Vec<FieldSnap>> {
    let mut conn = state.db.read.acquire().await?;
    Ok(queries::fields(&mut conn, id).await?)
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = draft(&state, id).await?;
    let form = form_of(&r, &fields_of(&state, id).await?);
    respond(
        &state,
        &user,
        Some(&r),
        form,
        FieldErrors::default(),
        Shown::Fresh,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(mut form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let r = draft(&state, id).await?;
    // the programme of a report never changes
    form.programme_id = r.programme_id.to_string();
    let field_ids: Vec<i64> = fields_of(&state, id).await?.iter().map(|f| f.id).collect();
    let input = match form.parse(&field_ids) {
        Ok(i) => i,
        Err(errors) => return respond(&state, &user, Some(&r), form, errors, Shown::Invalid).await,
    };
    let dates = input.iso_dates();
    let mut tx = state.db.begin_write().await?;
    let new = new_report(&input, &dates, r.programme_id, user.user_id, r.corrects_id);
    if !queries::update_draft(&mut tx, id, input.version, &new).await? {
        drop(tx);
        // someone saved (or released) in between: show their state next to the input
        let current = draft(&state, id).await?;
        form.version = current.version.to_string();
        let errors = FieldErrors::default();
        return respond(&state, &user, Some(&current), form, errors, Shown::Conflict).await;
    }
    for (field_id, comment) in &input.comments {
        queries::set_field_comment(&mut tx, id, *field_id, comment).await?;
    }
    let before = json!({"period_label": r.period_label, "cutoff_on": r.cutoff_on,
        "vorlage_no": r.vorlage_no, "summary": r.summary, "outlook": r.outlook, "version": r.version});
    let after = json!({"period_label": input.period_label, "cutoff_on": dates.cutoff_on,
        "vorlage_no": input.vorlage_no, "summary": input.summary, "outlook": input.outlook,
        "comments": input.comments.iter().filter(|c| !c.1.is_empty()).collect::<Vec<_>>()});
    let entry = Entry::new(Action::BerichtBearbeiten, Entity::Bericht, Some(id))
        .before(before)
        .after(after);
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(paths::report(id).flash(Flash::Gespeichert).into_response())
}
