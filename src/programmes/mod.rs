//! Programmes (/programme): the papers with resolution data, their revisions
//! (Fortschreibungen) with recorded changes and a side-by-side comparison, and the
//! ordered, editable fields of action.

pub mod handlers;
pub mod queries;
pub mod revisions;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programme", get(handlers::list))
        .route("/programme/{id}/vergleich", get(handlers::compare))
        .route(
            "/programme/{id}/fortschreibungen",
            get(revisions::page).post(revisions::create_revision),
        )
        .route(
            "/programme/{id}/aenderungen",
            post(revisions::record_change),
        )
        .route(
            "/programme/handlungsfelder/{id}",
            post(handlers::update_field),
        )
        .route("/programme/{id}/handlungsfelder", post(handlers::add_field))
}
