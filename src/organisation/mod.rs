//! Responsibilities: org units, people, and the AG membership with dates.

pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisation", get(handlers::show))
        .route("/organisation/einheiten", post(handlers::create_unit))
        .route("/organisation/personen", post(handlers::create_person))
        .route(
            "/organisation/personen/{id}",
            get(handlers::edit_person_form).post(handlers::update_person),
        )
        .route(
            "/organisation/mitgliedschaften",
            post(handlers::add_membership),
        )
        .route(
            "/organisation/mitgliedschaften/{id}/ende",
            post(handlers::end_membership),
        )
}
