//! The measure page: the measure, its history, milestones, budget, sign-offs, tasks,
//! and the status and milestone forms (also shown again after a failed post).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Utc;

use crate::auth::{AnyUser, Session};
use crate::domain::status_update::StatusUpdateForm;
use crate::domain::validation::FieldErrors;
use crate::domain::{Ampel, Status};
use crate::lookups::tasks::{self, TaskView};
use crate::measures::forms::{CouncilPaperForm, MilestoneForm};
use crate::measures::queries;
use crate::measures::views::{BudgetView, HistoryView, MeasureView, MilestoneView, SignOffView};
use crate::web::{AppError, AppResult, AppState, Flash, FlashQuery, Layout, Require, render};

#[derive(Template)]
#[template(path = "measures/detail.html")]
pub struct DetailPage {
    layout: Layout,
    m: MeasureView,
    history: Vec<HistoryView>,
    history_pages: HistoryPages,
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
    tasks: Vec<TaskView>,
    /// The latest status update the status form is based on (its id; 0 for none).
    basis: i64,
    /// After a stale status form (409): the newer update, shown next to the input.
    newer: Option<HistoryView>,
    /// Whether the AG marked the measure public (shown with a link to the public view).
    public: bool,
    // issue 16: links to council decisions
    council_papers: Vec<CouncilPaperView>,
    council_form: CouncilPaperForm,
    /// The city's OParl system is configured: a reference alone is enough.
    council_lookup: bool,
}

/// A linked council paper as the page shows it.
pub struct CouncilPaperView {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub date: String,
    pub url: String,
}

/// Status updates shown per page of the history; the page stays bounded however many
/// updates a measure collects.
pub const HISTORY_PER_PAGE: i64 = 20;

/// Where the shown part of the history sits in the whole (`?verlauf=N`, 1 = newest).
pub struct HistoryPages {
    pub first: i64,
    pub last: i64,
    pub total: i64,
    pub newer: Option<String>,
    pub older: Option<String>,
}

impl HistoryPages {
    fn new(id: i64, page: i64, shown: usize, total: i64) -> Self {
        let first = (page - 1) * HISTORY_PER_PAGE + 1;
        let last = first + shown as i64 - 1;
        let link = |p: i64| {
            let base = crate::web::paths::measure(id);
            if p == 1 {
                base.anchor("verlauf").to_string()
            } else {
                format!("{base}?verlauf={p}#verlauf")
            }
        };
        Self {
            first,
            last,
            total,
            newer: (page > 1).then(|| link(page - 1)),
            older: (last < total).then(|| link(page + 1)),
        }
    }

    /// "Meldungen 21–40 von 4.000"; empty when everything fits on one page.
    pub fn summary(&self) -> String {
        if self.newer.is_none() && self.older.is_none() {
            return String::new();
        }
        let n = crate::domain::money::format_thousands(self.total);
        if self.last < self.first {
            return format!("Keine Meldungen auf dieser Seite (insgesamt {n}).");
        }
        format!("Meldungen {}–{} von {n}", self.first, self.last)
    }
}

/// What the page shows again after a failed post: the forms as typed, and the errors.
#[derive(Default)]
pub struct Retry {
    pub status: Option<StatusUpdateForm>,
    pub milestone: Option<MilestoneForm>,
    pub errors: FieldErrors,
    /// The status form's basis as sent (kept on a 422).
    pub basis: Option<i64>,
    /// A newer status update arrived after the form was opened (409).
    pub newer: bool,
    /// The council paper form as typed (issue 16).
    pub council: Option<CouncilPaperForm>,
}

impl Retry {
    /// The page again with one message at the status form (archived, changed meanwhile).
    pub fn status_error(status: Option<StatusUpdateForm>, message: &str) -> Self {
        let mut errors = FieldErrors::default();
        errors.add("status", message.to_string());
        Self {
            status,
            errors,
            ..Self::default()
        }
    }
}

pub async fn detail_page(
    state: &AppState,
    user: &Session,
    id: i64,
    retry: Retry,
    flash: Option<Flash>,
    history_page: i64,
) -> AppResult<DetailPage> {
    let history_page = history_page.max(1);
    let db = &state.db.read;
    // Every query of the page on one pooled connection (one acquire instead of seven).
    let mut conn = db.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sign_offs = queries::sign_offs(&mut conn, id).await?;
    let latest = queries::latest_update_id(&mut conn, id).await?;
    let ctx = queries::context(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let internal = user.role.is_internal();
    let now = Utc::now();
    let today = now.date_naive().to_string();
    let budget = queries::budget(&mut conn, id).await?;
    let form = retry.status.unwrap_or_else(|| StatusUpdateForm {
        status: m.status.key().to_string(),
        ampel: m.ampel.key().to_string(),
        progress: m.progress.to_string(),
        ..Default::default()
    });
    let (history, total) = queries::history(
        &mut conn,
        id,
        (history_page - 1).saturating_mul(HISTORY_PER_PAGE),
        HISTORY_PER_PAGE,
    )
    .await?;
    let milestones = queries::milestones(&mut conn, id).await?;
    let council_papers = crate::lookups::council_papers::of_measure(&mut conn, id).await?;
    // After a stale form the page shows the newest update next to the input, and the
    // form is based on it from now on (the user has seen it).
    let newer = if retry.newer {
        let (latest_rows, _) = queries::history(&mut conn, id, 0, 1).await?;
        latest_rows
            .into_iter()
            .next()
            .map(|h| HistoryView::new(h, internal))
    } else {
        None
    };
    drop(conn);
    let tasks = if internal {
        tasks::tasks_of_measure(db, id)
            .await?
            .iter()
            .map(|t| TaskView::new(t, &today))
            .collect()
    } else {
        Vec::new()
    };
    let basis = if retry.newer {
        latest
    } else {
        retry.basis.unwrap_or(latest)
    };
    Ok(DetailPage {
        history_pages: HistoryPages::new(id, history_page, history.len(), total),
        layout: Layout::new(format!("{} {}", m.code, m.title), Some(user), "massnahmen")
            .with_errors(!retry.errors.is_empty() || newer.is_some())
            .with_flash(flash),
        m: MeasureView::new(&m, ctx, internal, now),
        history: history
            .into_iter()
            .map(|h| HistoryView::new(h, internal))
            .collect(),
        milestones: milestones
            .into_iter()
            .map(|r| MilestoneView::new(r, &today))
            .collect(),
        budget_totals: BudgetView::totals(&budget),
        budget: budget.iter().map(BudgetView::new).collect(),
        sign_offs: SignOffView::all(&sign_offs),
        form,
        milestone_form: retry.milestone.unwrap_or_default(),
        errors: retry.errors,
        can_edit: user.role.can_edit_programme() && m.archived_at.is_none(),
        may_archive: user.role.can_edit_programme(),
        statuses: Status::ALL,
        ampels: Ampel::ALL,
        tasks,
        basis,
        newer,
        public: m.public,
        council_papers: council_papers
            .into_iter()
            .map(|p| CouncilPaperView {
                id: p.id,
                date: crate::domain::dates::format_iso(p.dated_on.as_deref()),
                reference: p.reference,
                name: p.name,
                url: p.url,
            })
            .collect(),
        council_form: retry.council.unwrap_or_default(),
        council_lookup: state.oparl_endpoint.is_some(),
    })
}

/// `?meldung=` (success message) and `?verlauf=` (page of the history).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    meldung: Option<String>,
    verlauf: Option<u32>,
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> AppResult<Response> {
    // The council sees the public view of every measure, and nothing else of it.
    if !user.role.is_internal() {
        let page = super::public::public_page(&state, &user, id, false).await?;
        return Ok(render(&page));
    }
    let flash = FlashQuery { meldung: q.meldung }.flash();
    let history_page = i64::from(q.verlauf.unwrap_or(1));
    let page = detail_page(&state, &user, id, Retry::default(), flash, history_page).await?;
    Ok(render(&page))
}
