//! The measures list with filters, sorting and counts, and the same list as CSV.

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::response::Response;
use chrono::Utc;

use crate::auth::AnyUser;
use crate::domain::{Ampel, Status};
use crate::lookups::Choice;
use crate::measures::filter::FilterQuery;
use crate::measures::views::{RowView, SortLink, sorted_query};
use crate::measures::{csv, queries};
use crate::web::{AppError, AppResult, AppState, Href, Layout, Require, paths, render};

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
    csv_href: Href,
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
    let (rows, choices) = queries::list_with_choices(&state.db.read, &filter).await?;
    let rows: Vec<RowView> = rows
        .into_iter()
        .map(|r| RowView::new(r, internal, now))
        .collect();
    let by_status = Status::ALL
        .iter()
        .map(|s| (s.label(), rows.iter().filter(|r| r.status == *s).count()))
        .collect();
    let by_ampel = Ampel::ALL
        .iter()
        .map(|a| (*a, rows.iter().filter(|r| r.ampel == Some(*a)).count()))
        .collect();
    let base = q.without_sort();
    let full_query = sorted_query(&base, filter.sort.key(), filter.descending);
    let page = ListPage {
        layout: Layout::new("Maßnahmen", Some(&user), "massnahmen"),
        total: rows.len(),
        rows,
        by_status,
        by_ampel,
        filtered: !base.is_empty(),
        sort_links: SortLink::all(&base, &filter),
        programmes: choices.programmes,
        fields: choices.fields,
        units: choices.units,
        statuses: Status::ALL,
        ampels: Ampel::ALL,
        can_edit: user.role.can_edit_programme(),
        csv_href: paths::measures_csv().query(&full_query),
        query: q,
    };
    Ok(render(&page))
}

/// GET /massnahmen.csv — the filtered list as the user sees it.
pub async fn csv(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let q: FilterQuery = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|_| AppError::BadRequest("Die Filterangaben sind ungültig.".into()))?;
    let filter = q.parse(user.person_id).map_err(AppError::BadRequest)?;
    let rows = queries::list(&state.db.read, &filter).await?;
    let body = csv::render(&rows, user.role.is_internal())?;
    let today = Utc::now().date_naive().format("%Y-%m-%d");
    Ok(crate::web::csv::download(
        &format!("massnahmen-{today}.csv"),
        body,
    ))
}
