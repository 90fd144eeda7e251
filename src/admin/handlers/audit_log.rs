//! /verwaltung/protokoll — the audit log, newest first, 100 entries per page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::admin::queries;
use crate::admin::views::AuditView;
use crate::auth::Admins;
use crate::web::{AppError, AppResult, AppState, Layout, Require, render};

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<AuditView>,
    next_before: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    vor: String,
}

const AUDIT_PAGE: i64 = 100;

pub async fn audit_log(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let before = match q.vor.trim() {
        "" => None,
        v => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::BadRequest("Ungültige Seitenangabe.".into()))?,
        ),
    };
    let rows = queries::audit_page(&state.db.read, before, AUDIT_PAGE).await?;
    let next_before = (rows.len() as i64 == AUDIT_PAGE)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    Ok(render(&AuditPage {
        layout: Layout::new("Änderungsprotokoll", Some(&user), "verwaltung"),
        rows: rows.into_iter().map(AuditView::new).collect(),
        next_before,
    }))
}
