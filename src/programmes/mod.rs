//! Programmes (/programme): the papers with resolution data, their revisions
//! (Fortschreibungen) with recorded changes and a side-by-side comparison, and the
//! ordered, editable fields of action.

pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programme", get(handlers::list))
        .route("/programme/{id}/vergleich", get(handlers::compare))
        .route(
            "/programme/handlungsfelder/{id}",
            post(handlers::update_field),
        )
}
