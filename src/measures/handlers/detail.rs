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
use crate::measures::forms::MilestoneForm;
use crate::measures::queries;
use crate::measures::views::{BudgetView, HistoryView, MeasureView, MilestoneView, SignOffView};
use crate::web::{AppError, AppResult, AppState, Flash, FlashQuery, Layout, Require, render};

#[derive(Template)]
#[template(path = "measures/detail.html")]
pub struct DetailPage {
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
    tasks: Vec<TaskView>,
}

/// What the page shows again after a failed post: the forms as typed, and the errors.
#[derive(Default)]
pub struct Retry {
    pub status: Option<StatusUpdateForm>,
    pub milestone: Option<MilestoneForm>,
    pub errors: FieldErrors,
}

impl Retry {
    /// The page again with one message at the status form (archived, changed meanwhile).
    pub fn status_error(status: Option<StatusUpdateForm>, message: &str) -> Self {
        let mut errors = FieldErrors::default();
        errors.add("status", message.to_string());
        Self {
            status,
            milestone: None,
            errors,
        }
    }
}

pub async fn detail_page(
    state: &AppState,
    user: &Session,
    id: i64,
    retry: Retry,
    flash: Option<Flash>,
) -> AppResult<DetailPage> {
    let db = &state.db.read;
    let mut conn = db.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sign_offs = queries::sign_offs(&mut conn, id).await?;
    drop(conn);
    let ctx = queries::context(db, id).await?.ok_or(AppError::NotFound)?;
    let internal = user.role.is_internal();
    let now = Utc::now();
    let today = now.date_naive().to_string();
    let budget = queries::budget(db, id).await?;
    let tasks = if internal {
        tasks::tasks_of_measure(db, id)
            .await?
            .iter()
            .map(|t| TaskView::new(t, &today))
            .collect()
    } else {
        Vec::new()
    };
    let form = retry.status.unwrap_or_else(|| StatusUpdateForm {
        status: m.status.key().to_string(),
        ampel: m.ampel.key().to_string(),
        progress: m.progress.to_string(),
        ..Default::default()
    });
    Ok(DetailPage {
        layout: Layout::new(format!("{} {}", m.code, m.title), Some(user), "massnahmen")
            .with_errors(!retry.errors.is_empty())
            .with_flash(flash),
        m: MeasureView::new(&m, ctx, internal, now),
        history: queries::history(db, id)
            .await?
            .into_iter()
            .map(|h| HistoryView::new(h, internal))
            .collect(),
        milestones: queries::milestones(db, id)
            .await?
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
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let page = detail_page(&state, &user, id, Retry::default(), q.flash()).await?;
    Ok(render(&page))
}
