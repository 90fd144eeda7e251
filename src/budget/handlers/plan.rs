//! `/haushalt` and `/haushalt.csv`: the budget plan of a fiscal year.

use axum::extract::{Query, State};
use axum::response::Response;

use crate::auth::{Internal, Session};
use crate::budget::forms::{KINDS, LineForm, YearQuery};
use crate::budget::views::{Page, Plan};
use crate::budget::{csv as budget_csv, queries};
use crate::domain::budget::BudgetKind;
use crate::domain::validation::FieldErrors;
use crate::lookups::{self, programme_filter};
use crate::web::{AppResult, AppState, Flash, Layout, Require, csv, render};

/// The budget plan page; `form` and `errors` when a new line could not be added.
pub async fn build_page(
    state: &AppState,
    user: &Session,
    q: &YearQuery,
    form: Option<LineForm>,
    errors: FieldErrors,
) -> AppResult<Page> {
    let year = q.year()?;
    let programme = programme_filter(&q.programm)?;
    let all = queries::lines(&state.db.read, year, year + 3, programme).await?;
    let programm = q.programm.trim().to_string();
    let csv_href = if programm.is_empty() {
        format!("/haushalt.csv?jahr={year}")
    } else {
        format!("/haushalt.csv?jahr={year}&programm={programm}")
    };
    Ok(Page {
        layout: Layout::new(format!("Haushalt {year}"), Some(user), "haushalt")
            .with_errors(!errors.is_empty())
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        year,
        prev: year - 1,
        next: year + 1,
        programm,
        programmes: lookups::programme_choices(&state.db.read).await?,
        plan: Plan::new(year, &all),
        csv_href,
        can_edit: user.role.can_edit_programme(),
        form: form.unwrap_or_else(|| LineForm {
            fiscal_year: year.to_string(),
            kind: BudgetKind::Konsumtiv.key().into(),
            ..Default::default()
        }),
        errors,
        measures: queries::measure_choices(&state.db.read).await?,
        kinds: KINDS,
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let page = build_page(&state, &user, &q, None, FieldErrors::default()).await?;
    Ok(render(&page))
}

pub async fn csv(
    State(state): State<AppState>,
    _user: Require<Internal>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year()?;
    let programme = programme_filter(&q.programm)?;
    let rows = queries::lines(&state.db.read, year, year, programme).await?;
    let body = budget_csv::render(&rows).map_err(anyhow::Error::from)?;
    Ok(csv::download(&format!("haushalt-{year}.csv"), body))
}
