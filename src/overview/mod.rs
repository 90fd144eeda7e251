//! The start page: where the programme stands at a glance.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use sqlx::FromRow;

use crate::auth::AnyUser;
use crate::domain::{Ampel, Status};
use crate::measures::filter::Filter;
use crate::measures::queries;
use crate::measures::views::{RowView, STALE_DAYS};
use crate::web::AppResult;
use crate::web::AppState;
use crate::web::Require;
use crate::web::{Layout, render};

pub struct FieldCounts {
    pub field_id: i64,
    pub label: String,
    pub by_status: Vec<i64>,
    pub by_ampel: Vec<i64>,
    pub total: i64,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    layout: Layout,
    statuses: &'static [Status],
    ampels: &'static [Ampel],
    fields: Vec<FieldCounts>,
    totals_status: Vec<i64>,
    totals_ampel: Vec<i64>,
    total: i64,
    stale: Vec<RowView>,
    red: Vec<RowView>,
    mine: Vec<RowView>,
    internal: bool,
    has_person: bool,
    stale_days: i64,
    tasks: Vec<crate::lookups::tasks::TaskView>,
}

#[derive(FromRow)]
struct CountRow {
    field_id: i64,
    label: String,
    status: String,
    ampel: String,
    n: i64,
}

async fn counts(db: &sqlx::SqlitePool) -> sqlx::Result<Vec<CountRow>> {
    sqlx::query_as(
        "SELECT f.id AS field_id, p.short_title || ' – ' || f.code || ' ' || f.title AS label,
                m.status, m.ampel, count(*) AS n
         FROM measures m JOIN fields f ON f.id = m.field_id JOIN programmes p ON p.id = f.programme_id
         WHERE m.archived_at IS NULL
         GROUP BY f.id, label, m.status, m.ampel
         ORDER BY p.id, f.position",
    )
    .fetch_all(db)
    .await
}

fn index_of<T: PartialEq + Copy>(all: &[T], key: Option<T>) -> Option<usize> {
    key.and_then(|k| all.iter().position(|x| *x == k))
}

async fn overview(State(state): State<AppState>, user: Require<AnyUser>) -> AppResult<Response> {
    let mut fields: Vec<FieldCounts> = Vec::new();
    for r in counts(&state.db.read).await? {
        if fields.last().map(|f| f.field_id) != Some(r.field_id) {
            fields.push(FieldCounts {
                field_id: r.field_id,
                label: r.label.clone(),
                by_status: vec![0; Status::ALL.len()],
                by_ampel: vec![0; Ampel::ALL.len()],
                total: 0,
            });
        }
        if let Some(f) = fields.last_mut() {
            if let Some(i) = index_of(Status::ALL, Status::parse(&r.status)) {
                f.by_status[i] += r.n;
            }
            if let Some(i) = index_of(Ampel::ALL, Ampel::parse(&r.ampel)) {
                f.by_ampel[i] += r.n;
            }
            f.total += r.n;
        }
    }
    let sum_col = |pick: fn(&FieldCounts) -> &Vec<i64>, len: usize| -> Vec<i64> {
        (0..len)
            .map(|i| fields.iter().map(|f| pick(f)[i]).sum())
            .collect()
    };
    let totals_status = sum_col(|f| &f.by_status, Status::ALL.len());
    let totals_ampel = sum_col(|f| &f.by_ampel, Ampel::ALL.len());
    let total = fields.iter().map(|f| f.total).sum();

    let internal = user.role.is_internal();
    let now = Utc::now();
    let stale_before = (now - chrono::Duration::days(STALE_DAYS))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let attention: Vec<RowView> = queries::needing_attention(&state.db.read, &stale_before)
        .await?
        .into_iter()
        .map(|r| RowView::new(r, internal, now))
        .collect();
    let red = attention
        .iter()
        .filter(|r| r.ampel == Ampel::Rot)
        .cloned()
        .collect();
    let stale = attention.into_iter().filter(|r| r.stale).collect();
    let mine = match user.person_id {
        Some(p) => {
            let f = Filter {
                person: Some(p),
                ..Filter::default()
            };
            queries::list(&state.db.read, &f)
                .await?
                .into_iter()
                .map(|r| RowView::new(r, internal, now))
                .collect()
        }
        None => Vec::new(),
    };
    // "Meine Aufgaben": open tasks from meeting minutes (internal accounts only).
    let tasks = match user.person_id.filter(|_| internal) {
        Some(p) => {
            let today = now.date_naive().to_string();
            crate::lookups::tasks::open_tasks_of_person(&state.db.read, p)
                .await?
                .iter()
                .map(|t| crate::lookups::tasks::TaskView::new(t, &today))
                .collect()
        }
        None => Vec::new(),
    };
    Ok(render(&OverviewPage {
        tasks,
        layout: Layout::new("Übersicht", Some(&user), "uebersicht"),
        statuses: Status::ALL,
        ampels: Ampel::ALL,
        fields,
        totals_status,
        totals_ampel,
        total,
        stale,
        red,
        mine,
        internal,
        has_person: user.person_id.is_some(),
        stale_days: STALE_DAYS,
    }))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(overview))
}
