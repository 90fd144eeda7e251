//! GET / — counts, the measures needing attention, the user's own measures and tasks.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Utc;

use super::queries;
use super::views::{CountTable, FieldCounts};
use crate::auth::AnyUser;
use crate::domain::{Ampel, Role, Status};
use crate::lookups::tasks::{self, TaskView};
use crate::measures::queries as measures;
use crate::measures::views::{RowView, STALE_DAYS};
use crate::meetings::prompts::{self, OwedPrompt, ReleasePrompt};
use crate::web::{AppResult, AppState, Layout, Require, render};

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
    tasks: Vec<TaskView>,
    /// For the Leitung: joint-session agendas waiting for their release.
    releases: Vec<ReleasePrompt>,
    /// For a person with measures: the Sachstand they owe before the next meeting.
    owed: Option<OwedPrompt>,
}

pub async fn overview(
    State(state): State<AppState>,
    user: Require<AnyUser>,
) -> AppResult<Response> {
    let db = &state.db.read;
    let internal = user.role.is_internal();
    let now = Utc::now();
    let stale_before = (now - chrono::Duration::days(STALE_DAYS))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    // The counts and both lists from one snapshot, on one connection.
    let mut tx = db.begin().await?;
    let counts = CountTable::new(queries::counts(&mut tx).await?);
    let (attention, mine) = measures::overview_rows(&mut tx, &stale_before, user.person_id).await?;
    tx.commit().await?;
    let view = |rows: Vec<measures::MeasureRow>| -> Vec<RowView> {
        rows.into_iter()
            .map(|r| RowView::new(r, internal, now))
            .collect()
    };
    let attention = view(attention);
    let red = attention
        .iter()
        .filter(|r| r.ampel == Some(Ampel::Rot))
        .cloned()
        .collect();
    let stale = attention.into_iter().filter(|r| r.stale).collect();
    let mine = view(mine);
    // "Meine Aufgaben": open tasks from meeting minutes (internal accounts only).
    let tasks = match user.person_id.filter(|_| internal) {
        Some(p) => {
            let today = now.date_naive().to_string();
            tasks::open_tasks_of_person(db, p)
                .await?
                .iter()
                .map(|t| TaskView::new(t, &today))
                .collect()
        }
        None => Vec::new(),
    };
    let mut conn = db.acquire().await?;
    let releases = if user.role == Role::Leitung {
        prompts::awaiting_release(&mut conn, now.date_naive()).await?
    } else {
        Vec::new()
    };
    let owed = match user.person_id.filter(|_| internal) {
        Some(p) => prompts::owed_before_next(&mut conn, p, now).await?,
        None => None,
    };
    drop(conn);
    Ok(render(&OverviewPage {
        releases,
        owed,
        tasks,
        layout: Layout::new("Übersicht", Some(&user), "uebersicht"),
        statuses: Status::ALL,
        ampels: Ampel::ALL,
        fields: counts.fields,
        totals_status: counts.totals_status,
        totals_ampel: counts.totals_ampel,
        total: counts.total,
        stale,
        red,
        mine,
        internal,
        has_person: user.person_id.is_some(),
        stale_days: STALE_DAYS,
    }))
}
