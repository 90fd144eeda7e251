//! Report pages: list, create/edit a draft, status request round, release, the report
//! itself (HTML, PDF, CSV), corrections and the side-by-side comparison.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde_json::json;

use super::forms::{DEFAULT_ADDRESSEE, ReportForm, RequestForm};
use super::queries::{self, NewReport, Report};
use super::snapshot::{self, body_html, compose};
use super::views::{self, ReportView, RequestGroup};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{AnyUser, Editors, LeitungOnly, Session};
use crate::domain::dates::{format_iso, format_timestamp, now_utc};
use crate::domain::report::{FieldSnap, ReportData, key_figures};
use crate::domain::validation::FieldErrors;
use crate::lookups::{self, Choice};
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, NoFields, Require};
use crate::web::{FlashQuery, Layout, render, render_page};

/// What `/berichte/{id}` asks for: the page, the PDF or the CSV.
enum Format {
    Html,
    Pdf,
    Csv,
}

fn parse_target(raw: &str) -> AppResult<(i64, Format)> {
    let (id, format) = if let Some(id) = raw.strip_suffix(".pdf") {
        (id, Format::Pdf)
    } else if let Some(id) = raw.strip_suffix(".csv") {
        (id, Format::Csv)
    } else {
        (raw, Format::Html)
    };
    match id.parse::<i64>() {
        Ok(id) if id > 0 => Ok((id, format)),
        _ => Err(AppError::NotFound),
    }
}

/// Loads a report the user may see: council members see released reports only.
async fn visible(state: &AppState, user: &Session, id: i64) -> AppResult<Report> {
    let mut conn = state.db.read.acquire().await?;
    let r = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !r.released() && !user.role.is_internal() {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

// ------------------------------------------------------------------ list

pub struct ListRow {
    pub id: i64,
    pub period_label: String,
    pub vorlage_no: String,
    pub cutoff: String,
    pub state: &'static str,
    pub released: bool,
    pub released_at: String,
    pub corrects: String,
}

#[derive(Template)]
#[template(path = "reports/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ListRow>,
    can_edit: bool,
    compare: Option<(i64, i64)>,
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let reports = queries::list(&mut conn, user.role.is_internal()).await?;
    let released: Vec<i64> = reports
        .iter()
        .filter(|r| r.released())
        .map(|r| r.id)
        .collect();
    let rows = reports
        .into_iter()
        .map(|r| ListRow {
            id: r.id,
            released: r.released(),
            state: if r.released() {
                "freigegeben"
            } else {
                "Entwurf"
            },
            released_at: r
                .released_at
                .as_deref()
                .map(format_timestamp)
                .unwrap_or_default(),
            corrects: r.corrects_label.clone().unwrap_or_default(),
            cutoff: format_iso(Some(&r.cutoff_on)),
            period_label: r.period_label,
            vorlage_no: r.vorlage_no,
        })
        .collect();
    Ok(render(&ListPage {
        layout: Layout::new("Berichte", Some(&user), "berichte").with_flash(q.flash()),
        rows,
        can_edit: user.role.can_edit_programme(),
        compare: match released.as_slice() {
            [newest, older, ..] => Some((*older, *newest)),
            _ => None,
        },
    }))
}

// ------------------------------------------------------------------ create / edit

#[derive(Template)]
#[template(path = "reports/form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    action: String,
    form: ReportForm,
    errors: FieldErrors,
    programmes: Vec<Choice>,
    fields: Vec<FieldSnap>,
    editing: bool,
    conflict: bool,
    back: String,
}

async fn form_page(
    state: &AppState,
    user: &Session,
    report: Option<&Report>,
    form: ReportForm,
    errors: FieldErrors,
    conflict: bool,
) -> AppResult<FormPage> {
    let mut conn = state.db.read.acquire().await?;
    let (heading, action, fields) = match report {
        Some(r) => (
            format!("Bericht {} bearbeiten", r.period_label),
            format!("/berichte/{}/bearbeiten", r.id),
            queries::fields(&mut conn, r.id).await?,
        ),
        None => (
            "Neuer Bericht".to_string(),
            "/berichte/neu".to_string(),
            Vec::new(),
        ),
    };
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
        back: report
            .map(|r| format!("/berichte/{}", r.id))
            .unwrap_or_else(|| "/berichte".into()),
    })
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
    let page = form_page(&state, &user, None, form, FieldErrors::default(), false).await?;
    Ok(render(&page))
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let mut input = form.parse(&[]);
    if let Ok(i) = &input {
        let mut conn = state.db.read.acquire().await?;
        if !crate::lookups::programme_exists(&mut conn, i.programme_id).await? {
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
        Err(errors) => {
            let page = form_page(&state, &user, None, form, errors, false).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let (start, cutoff) = (input.period_start.to_string(), input.cutoff_on.to_string());
    let committee = input.committee_on.map(|d| d.to_string());
    let mut tx = state.db.begin_write().await?;
    let new = NewReport {
        programme_id: input.programme_id,
        period_label: &input.period_label,
        period_start: &start,
        cutoff_on: &cutoff,
        vorlage_no: &input.vorlage_no,
        addressee: &input.addressee,
        committee_on: committee.as_deref(),
        summary: &input.summary,
        outlook: &input.outlook,
        author_id: user.user_id,
        corrects_id: None,
    };
    let id = queries::create(&mut tx, &new).await?;
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::BerichtAnlegen, Entity::Bericht, Some(id)).after(json!({"period_label": input.period_label, "period_start": start, "cutoff_on": cutoff,
                "vorlage_no": input.vorlage_no, "addressee": input.addressee, "committee_on": committee})))
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/berichte/{id}?meldung=bericht_angelegt")).into_response())
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

async fn draft(state: &AppState, id: i64) -> AppResult<Report> {
    let mut conn = state.db.read.acquire().await?;
    let r = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(r)
}

fn not_a_draft() -> AppError {
    AppError::BadRequest(
        "Dieser Bericht ist freigegeben und kann nicht mehr geändert werden. Eine Berichtigung legen Sie als neue Fassung an.".into(),
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = draft(&state, id).await?;
    if r.released() {
        return Err(not_a_draft());
    }
    let fields = {
        let mut conn = state.db.read.acquire().await?;
        queries::fields(&mut conn, id).await?
    };
    let form = form_of(&r, &fields);
    let page = form_page(&state, &user, Some(&r), form, FieldErrors::default(), false).await?;
    Ok(render(&page))
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(mut form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let r = draft(&state, id).await?;
    if r.released() {
        return Err(not_a_draft());
    }
    // the programme of a report never changes
    form.programme_id = r.programme_id.to_string();
    let fields = {
        let mut conn = state.db.read.acquire().await?;
        queries::fields(&mut conn, id).await?
    };
    let field_ids: Vec<i64> = fields.iter().map(|f| f.id).collect();
    let input = match form.parse(&field_ids) {
        Ok(i) => i,
        Err(errors) => {
            let page = form_page(&state, &user, Some(&r), form, errors, false).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let (start, cutoff) = (input.period_start.to_string(), input.cutoff_on.to_string());
    let committee = input.committee_on.map(|d| d.to_string());
    let mut tx = state.db.begin_write().await?;
    let new = NewReport {
        programme_id: r.programme_id,
        period_label: &input.period_label,
        period_start: &start,
        cutoff_on: &cutoff,
        vorlage_no: &input.vorlage_no,
        addressee: &input.addressee,
        committee_on: committee.as_deref(),
        summary: &input.summary,
        outlook: &input.outlook,
        author_id: user.user_id,
        corrects_id: r.corrects_id,
    };
    if !queries::update_draft(&mut tx, id, input.version, &new).await? {
        drop(tx);
        // someone saved (or released) in between: show their state next to the input
        let current = draft(&state, id).await?;
        if current.released() {
            return Err(not_a_draft());
        }
        form.version = current.version.to_string();
        let page = form_page(
            &state,
            &user,
            Some(&current),
            form,
            FieldErrors::default(),
            true,
        )
        .await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    for (field_id, comment) in &input.comments {
        queries::set_field_comment(&mut tx, id, *field_id, comment).await?;
    }
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::BerichtBearbeiten, Entity::Bericht, Some(id)).before(json!({"period_label": r.period_label, "cutoff_on": r.cutoff_on, "vorlage_no": r.vorlage_no,
                "summary": r.summary, "outlook": r.outlook, "version": r.version})).after(json!({"period_label": input.period_label, "cutoff_on": cutoff, "vorlage_no": input.vorlage_no,
                "summary": input.summary, "outlook": input.outlook,
                "comments": input.comments.iter().filter(|c| !c.1.is_empty()).collect::<Vec<_>>()})))
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/berichte/{id}?meldung=gespeichert")).into_response())
}

// ------------------------------------------------------------------ the report

pub struct RequestView {
    pub due: String,
    pub started: String,
    pub rows: Vec<queries::RequestRow>,
    pub missing: usize,
    pub by_person: Vec<RequestGroup>,
    pub by_unit: Vec<RequestGroup>,
}

#[derive(Template)]
#[template(path = "reports/show.html")]
struct ShowPage {
    layout: Layout,
    id: i64,
    body: String,
    released: bool,
    released_info: String,
    author: String,
    can_edit: bool,
    can_release: bool,
    is_author: bool,
    request: Option<RequestView>,
    request_form: RequestForm,
    errors: FieldErrors,
}

async fn show_page(
    state: &AppState,
    user: &Session,
    r: &Report,
    request_form: RequestForm,
    errors: FieldErrors,
    flash: Option<Flash>,
) -> AppResult<ShowPage> {
    let mut conn = state.db.read.acquire().await?;
    let body = if r.released() {
        let (html, _, _) = queries::snapshot(&mut conn, r.id).await?.ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("released report without snapshot"))
        })?;
        html
    } else {
        let c = compose(&mut conn, r).await?;
        body_html(&c.view)?
    };
    let request = match (&r.request_started_at, r.released()) {
        (Some(started), false) => {
            let rows = queries::request_rows(&mut conn, r.programme_id, started).await?;
            Some(RequestView {
                due: format_iso(r.request_due_on.as_deref()),
                started: format_timestamp(started),
                missing: rows.iter().filter(|x| !x.updated).count(),
                by_person: views::group_requests(
                    rows.iter().map(|x| (x.person.as_str(), x.updated)),
                ),
                by_unit: views::group_requests(rows.iter().map(|x| (x.unit.as_str(), x.updated))),
                rows,
            })
        }
        _ => None,
    };
    let title = if r.released() {
        format!("Sachstandsbericht {}", r.period_label)
    } else {
        format!("Entwurf: Sachstandsbericht {}", r.period_label)
    };
    Ok(ShowPage {
        layout: Layout::new(title, Some(user), "berichte")
            .with_errors(!errors.is_empty())
            .with_flash(flash),
        id: r.id,
        body,
        released: r.released(),
        released_info: match (&r.released_by_name, &r.released_at) {
            (Some(by), Some(at)) => format!("am {} von {}", format_timestamp(at), by),
            _ => String::new(),
        },
        author: r.author_name.clone().unwrap_or_default(),
        can_edit: user.role.can_edit_programme(),
        // Only the Leitung releases reports to the committee (four-eyes with the author).
        can_release: user.role == crate::domain::Role::Leitung,
        is_author: r.author_id == Some(user.user_id),
        request,
        request_form,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Path(raw): Path<String>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let (id, format) = parse_target(&raw)?;
    let r = visible(&state, &user, id).await?;
    match format {
        Format::Html => {
            let page = show_page(
                &state,
                &user,
                &r,
                RequestForm::default(),
                FieldErrors::default(),
                q.flash(),
            )
            .await?;
            Ok(render(&page))
        }
        Format::Pdf => pdf(&state, &r).await,
        Format::Csv => csv(&state, &r).await,
    }
}

async fn data_of(state: &AppState, r: &Report) -> AppResult<(ReportData, Option<ReportView>)> {
    let mut conn = state.db.read.acquire().await?;
    if r.released() {
        let (_, _, json) = queries::snapshot(&mut conn, r.id).await?.ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("released report without snapshot"))
        })?;
        let data: ReportData =
            serde_json::from_str(&json).map_err(|e| AppError::Internal(e.into()))?;
        Ok((data, None))
    } else {
        let c = compose(&mut conn, r).await?;
        Ok((c.data, Some(c.view)))
    }
}

fn file_name(r: &Report, ext: &str) -> String {
    let safe: String = r
        .vorlage_no
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("Sachstandsbericht-{safe}.{ext}")
}

async fn pdf(state: &AppState, r: &Report) -> AppResult<Response> {
    let bytes = if r.released() {
        let mut conn = state.db.read.acquire().await?;
        queries::snapshot_pdf(&mut conn, r.id)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("released report without PDF")))?
    } else {
        let (_, view) = data_of(state, r).await?;
        let view = view.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no view")))?;
        tokio::task::spawn_blocking(move || super::pdf::render(&view))
            .await
            .map_err(|e| AppError::Internal(e.into()))??
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}\"", file_name(r, "pdf")),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn csv(state: &AppState, r: &Report) -> AppResult<Response> {
    let (data, _) = data_of(state, r).await?;
    let bytes = super::csv::render(&data).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file_name(r, "csv")),
            ),
        ],
        bytes,
    )
        .into_response())
}

// ------------------------------------------------------------------ status request round

pub async fn start_request(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> AppResult<Response> {
    let r = draft(&state, id).await?;
    if r.released() {
        return Err(not_a_draft());
    }
    let due = match form.parse(Utc::now().date_naive()) {
        Ok(d) => d,
        Err(errors) => {
            let page = show_page(&state, &user, &r, form, errors, None).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let started = now_utc();
    let mut tx = state.db.begin_write().await?;
    if !queries::start_request(&mut tx, id, &due.to_string(), &started).await? {
        return Err(not_a_draft());
    }
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::SachstandsabfrageStarten, Entity::Bericht, Some(id)).before(json!({"request_due_on": r.request_due_on, "request_started_at": r.request_started_at})).after(json!({"request_due_on": due.to_string(), "request_started_at": started})))
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/berichte/{id}?meldung=abfrage#abfrage")).into_response())
}

// ------------------------------------------------------------------ release / correction

pub async fn release(
    State(state): State<AppState>,
    user: Require<LeitungOnly>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let may_release = |r: &queries::Report| {
        if r.released() {
            return Err(not_a_draft());
        }
        if r.author_id == Some(user.user_id) {
            // four-eyes principle: the author of the draft cannot release it
            return Err(AppError::Forbidden);
        }
        Ok(())
    };
    // typeset from a consistent read snapshot first, outside the write transaction
    let prepared = {
        let mut read = state.db.read.begin().await?;
        let r = queries::get(&mut read, id)
            .await?
            .ok_or(AppError::NotFound)?;
        may_release(&r)?;
        let prepared = snapshot::prepare(&mut read, &r).await?;
        read.rollback().await?;
        prepared
    };
    let mut tx = state.db.begin_write().await?;
    let r = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    may_release(&r)?;
    let at = now_utc();
    if !snapshot::release_prepared(&mut tx, &r, user.user_id, &at, prepared).await? {
        return Err(not_a_draft());
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::BerichtFreigeben, Entity::Bericht, Some(id))
            .before(json!({"state": "entwurf"}))
            .after(json!({"state": "freigegeben", "released_at": at})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/berichte/{id}?meldung=bericht_freigegeben")).into_response())
}

/// A correction of a released report: a new draft that references the old one.
pub async fn correct(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let r = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !r.released() {
        return Err(AppError::BadRequest(
            "Nur ein freigegebener Bericht kann berichtigt werden; einen Entwurf bearbeiten Sie direkt.".into(),
        ));
    }
    let vorlage = format!("{}-B", r.vorlage_no);
    let new = NewReport {
        programme_id: r.programme_id,
        period_label: &r.period_label,
        period_start: &r.period_start,
        cutoff_on: &r.cutoff_on,
        vorlage_no: &vorlage,
        addressee: &r.addressee,
        committee_on: r.committee_on.as_deref(),
        summary: &r.summary,
        outlook: &r.outlook,
        author_id: user.user_id,
        corrects_id: Some(r.id),
    };
    let new_id = queries::create(&mut tx, &new).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::BerichtBerichtigen, Entity::Bericht, Some(new_id))
            .after(json!({"corrects_id": r.id, "vorlage_no": vorlage})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/berichte/{new_id}?meldung=bericht_angelegt")).into_response())
}

// ------------------------------------------------------------------ comparison

pub struct CompareRow {
    pub label: String,
    pub a: String,
    pub b: String,
    pub differs: bool,
}

#[derive(Template)]
#[template(path = "reports/compare.html")]
struct ComparePage {
    layout: Layout,
    a_id: i64,
    b_id: i64,
    a_label: String,
    b_label: String,
    figures: Vec<CompareRow>,
    measures: Vec<CompareRow>,
    changes: ReportView,
}

pub async fn compare(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Path((a, b)): Path<(String, String)>,
) -> AppResult<Response> {
    let parse = |s: &str| s.parse::<i64>().map_err(|_| AppError::NotFound);
    let (a, b) = (parse(&a)?, parse(&b)?);
    let ra = visible(&state, &user, a).await?;
    let rb = visible(&state, &user, b).await?;
    if !ra.released() || !rb.released() {
        return Err(AppError::BadRequest(
            "Verglichen werden können nur freigegebene Berichte.".into(),
        ));
    }
    let (da, _) = data_of(&state, &ra).await?;
    let (db, _) = data_of(&state, &rb).await?;
    let (ka, kb) = (key_figures(&da), key_figures(&db));
    let row = |label: String, a: String, b: String| CompareRow {
        differs: a != b,
        label,
        a,
        b,
    };
    let mut figures = vec![row(
        "Maßnahmen insgesamt".into(),
        ka.total.to_string(),
        kb.total.to_string(),
    )];
    for ((s, na), (_, nb)) in ka.by_status.iter().zip(&kb.by_status) {
        figures.push(row(
            format!("Status: {}", s.label()),
            na.to_string(),
            nb.to_string(),
        ));
    }
    for ((x, na), (_, nb)) in ka.by_ampel.iter().zip(&kb.by_ampel) {
        figures.push(row(
            format!("Ampel: {}", x.label()),
            na.to_string(),
            nb.to_string(),
        ));
    }
    figures.push(row(
        "Im Berichtszeitraum abgeschlossen".into(),
        ka.completed_in_period.to_string(),
        kb.completed_in_period.to_string(),
    ));
    use crate::domain::money::format_euro;
    figures.push(row(
        "Haushalt des Stichtagsjahres: Plan".into(),
        format!("{} ({})", format_euro(ka.planned), ka.fiscal_year),
        format!("{} ({})", format_euro(kb.planned), kb.fiscal_year),
    ));
    figures.push(row(
        "Haushalt des Stichtagsjahres: Ist".into(),
        format!("{} ({})", format_euro(ka.actual), ka.fiscal_year),
        format!("{} ({})", format_euro(kb.actual), kb.fiscal_year),
    ));
    let cell = |m: Option<&crate::domain::report::MeasureSnap>| {
        m.map(|m| {
            format!(
                "{} · {} · {} %",
                views::status_label(&m.status),
                views::ampel_of(&m.ampel).short(),
                m.progress
            )
        })
        .unwrap_or_else(|| "nicht enthalten".into())
    };
    let mut ids: Vec<(String, i64)> = da
        .measures
        .iter()
        .chain(&db.measures)
        .map(|m| (m.code.clone(), m.id))
        .collect();
    ids.sort();
    ids.dedup();
    let measures = ids
        .into_iter()
        .map(|(code, id)| {
            let ma = da.measures.iter().find(|m| m.id == id);
            let mb = db.measures.iter().find(|m| m.id == id);
            let title = mb.or(ma).map(|m| m.title.clone()).unwrap_or_default();
            row(format!("{code} {title}"), cell(ma), cell(mb))
        })
        .collect();
    let label = |d: &ReportData| {
        format!(
            "{} (Vorlage {}, Stichtag {})",
            d.meta.period_label,
            d.meta.vorlage_no,
            format_iso(Some(&d.meta.cutoff_on))
        )
    };
    let (a_label, b_label) = (label(&da), label(&db));
    let changes = snapshot::view_of(&db, Some(&(a_label.clone(), da.clone())));
    Ok(render(&ComparePage {
        layout: Layout::new(
            format!(
                "Vergleich {} und {}",
                da.meta.period_label, db.meta.period_label
            ),
            Some(&user),
            "berichte",
        ),
        a_id: a,
        b_id: b,
        a_label,
        b_label,
        figures,
        measures,
        changes,
    }))
}
