//! Programmes (/programme): the papers with resolution data, their revisions
//! (Fortschreibungen) with recorded changes and a side-by-side comparison, and the
//! ordered, editable fields of action.

pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;
use handlers::{compare, fields, list, revisions};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/programme", get(list::list))
        .route("/programme/{id}/vergleich", get(compare::compare))
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
            post(fields::update_field),
        )
        .route("/programme/{id}/handlungsfelder", post(fields::add_field))
}
