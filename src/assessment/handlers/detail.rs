//! GET /bewertung/{id}: an expectation with its assessment history and the assessment
//! and decision forms; also the page the two forms answer with when they fail.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Utc;

use crate::assessment::forms::{AssessmentForm, DecisionForm};
use crate::assessment::queries;
use crate::assessment::views::{AssessmentView, DetailPage};
use crate::auth::{Internal, Session};
use crate::domain::dates::format_iso;
use crate::domain::validation::FieldErrors;
use crate::domain::wibe::Decision;
use crate::lookups;
use crate::web::merge::MergeView;
use crate::web::{AppError, AppResult, AppState, Flash, FlashQuery, Layout, Require, render};

/// What a failed post puts back on the page: the user's input with the errors, or the
/// decision form's merge state (with the conflict panel). The other form is shown as stored.
#[derive(Default)]
pub struct Kept {
    pub assessment: Option<AssessmentForm>,
    pub decision: Option<DecisionForm>,
    pub errors: FieldErrors,
    /// The decision form's merge state (None: opened from the stored expectation).
    pub merge: Option<MergeView>,
}

pub async fn detail_page(
    state: &AppState,
    user: &Session,
    id: i64,
    kept: Kept,
    flash: Option<Flash>,
) -> AppResult<DetailPage> {
    let mut conn = state.db.read.acquire().await?;
    let e = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = queries::assessments(&mut conn, id).await?;
    let measure = queries::measure_of(&mut conn, id).await?;
    drop(conn);
    let today = Utc::now().date_naive().to_string();
    let assessment = kept
        .assessment
        .unwrap_or_else(|| AssessmentForm::starting_from(rows.first(), &today));
    let decision_form = kept.decision.unwrap_or_else(|| DecisionForm::of(&e, today));
    let merge = kept
        .merge
        .unwrap_or_else(|| MergeView::opened(&decision_form));
    let n = rows.len();
    let history = rows
        .into_iter()
        .enumerate()
        .map(|(i, a)| AssessmentView::new(n - i, a))
        .collect();
    let programmes = lookups::programme_choices(&state.db.read).await?;
    let programme = programmes
        .iter()
        .find(|p| p.id == e.programme_id)
        .map(|p| p.label.clone())
        .unwrap_or_default();
    let prefix = programme.clone() + " – ";
    let fields = lookups::field_choices(&state.db.read)
        .await?
        .into_iter()
        .filter(|f| f.label.starts_with(&prefix))
        .collect();
    Ok(DetailPage {
        layout: Layout::new(format!("Erwartung: {}", e.title), Some(user), "bewertung")
            .with_errors(!kept.errors.is_empty() || merge.conflict.is_some())
            .with_flash(flash),
        raised_on: format_iso(Some(&e.raised_on)),
        decided_on: format_iso(e.decided_on.as_deref()),
        decision: Decision::label_or_open(e.decision),
        programme,
        measure,
        history,
        assessment,
        decision_form,
        decisions: Decision::ALL,
        errors: kept.errors,
        fields,
        units: lookups::unit_choices(&state.db.read).await?,
        people: lookups::person_choices(&state.db.read).await?,
        can_edit: user.role.can_edit_programme(),
        merge,
        e,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let page = detail_page(&state, &user, id, Kept::default(), q.flash()).await?;
    Ok(render(&page))
}
