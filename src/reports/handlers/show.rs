//! `/berichte/{id}`: the report page (a draft rendered live, a released report from its
//! snapshot) with the status request round; `{id}.pdf`, `{id}.docx` and `{id}.csv` go to
//! the files.

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::files;
use super::load::{released_html, visible};
use crate::auth::{AnyUser, Session};
use crate::domain::Role;
use crate::domain::dates::{format_iso, format_timestamp};
use crate::domain::validation::FieldErrors;
use crate::reports::forms::RequestForm;
use crate::reports::queries::{self, Report};
use crate::reports::snapshot::{body_html, compose};
use crate::reports::views::pages::{RequestView, ShowPage};
use crate::web::{AppError, AppResult, AppState, Flash, FlashQuery, Layout, Require, render};

/// What `/berichte/{id}` asks for: the page, the PDF, the DOCX or the CSV.
enum Format {
    Html,
    Pdf,
    Docx,
    Csv,
    /// The print stylesheet with the page furniture: Vorlage number and Stichtag on every page.
    PrintCss,
}

fn parse_target(raw: &str) -> AppResult<(i64, Format)> {
    let (id, format) = if let Some(id) = raw.strip_suffix(".pdf") {
        (id, Format::Pdf)
    } else if let Some(id) = raw.strip_suffix(".docx") {
        (id, Format::Docx)
    } else if let Some(id) = raw.strip_suffix(".csv") {
        (id, Format::Csv)
    } else if let Some(id) = raw.strip_suffix(".css") {
        (id, Format::PrintCss)
    } else {
        (raw, Format::Html)
    };
    match id.parse::<i64>() {
        Ok(id) if id > 0 => Ok((id, format)),
        _ => Err(AppError::NotFound),
    }
}

/// The running status request round of a draft, if one was started.
async fn request_round(state: &AppState, r: &Report) -> AppResult<Option<RequestView>> {
    let (Some(started), false) = (&r.request_started_at, r.released()) else {
        return Ok(None);
    };
    let mut conn = state.db.read.acquire().await?;
    let rows = queries::request_rows(&mut conn, r.programme_id, started).await?;
    let mails = crate::notify::round::status(&mut conn, r.id, r.programme_id, started).await?;
    let mut view = RequestView::new(
        format_iso(r.request_due_on.as_deref()),
        format_timestamp(started),
        rows,
    );
    view.mails = mails;
    Ok(Some(view))
}

pub async fn show_page(
    state: &AppState,
    user: &Session,
    r: &Report,
    request_form: RequestForm,
    errors: FieldErrors,
    flash: Option<Flash>,
) -> AppResult<ShowPage> {
    let body = if r.released() {
        released_html(state, r).await?
    } else {
        let mut conn = state.db.read.acquire().await?;
        body_html(&compose(&mut conn, r).await?.view)?
    };
    let title = if r.released() {
        format!("Sachstandsbericht {}", r.period_label)
    } else {
        format!("Entwurf: Sachstandsbericht {}", r.period_label)
    };
    Ok(ShowPage {
        layout: Layout::new(title, Some(user), "berichte")
            .with_errors(!errors.is_empty())
            .with_flash(flash)
            .with_print_css(format!("/berichte/{}.css", r.id)),
        id: r.id,
        body,
        released: r.released(),
        released_info: released_info(r, user.role.is_internal()),
        author: r.author_name.clone().unwrap_or_default(),
        can_edit: user.role.can_edit_programme(),
        // Only the Leitung releases reports to the committee (four-eyes with the author).
        can_release: user.role == Role::Leitung,
        is_author: r.author_id == Some(user.user_id),
        request: request_round(state, r).await?,
        request_form,
        errors,
    })
}

/// "am 25.08.2026, 11:00 Uhr von Henrik Stollberg" for the administration; the council
/// reads the releasing person's function instead ("(Freigabe: Oberbürgermeister)"), never
/// a name. The line sits outside the frozen body, so released documents stay unchanged.
fn released_info(r: &Report, internal: bool) -> String {
    let Some(at) = &r.released_at else {
        return String::new();
    };
    let at = format_timestamp(at);
    if internal {
        return match &r.released_by_name {
            Some(by) => format!("am {at} von {by}"),
            None => format!("am {at}"),
        };
    }
    let role = r
        .released_by_function
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .unwrap_or(Role::Leitung.label());
    format!("am {at} (Freigabe: {role})")
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
            let (form, errors) = (RequestForm::default(), FieldErrors::default());
            let page = show_page(&state, &user, &r, form, errors, q.flash()).await?;
            Ok(render(&page))
        }
        Format::Pdf => files::pdf(&state, &r).await,
        Format::Docx => files::docx(&state, &r).await,
        Format::Csv => files::csv(&state, &r).await,
        Format::PrintCss => Ok(files::print_css(&r)),
    }
}
