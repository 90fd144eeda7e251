//! The cost-benefit gate (/bewertung): expectations, WiBe-lite assessments with history,
//! the AG's recommendation and decision (an accepted expectation becomes a measure), the
//! portfolio chart and the OZG maturity count.

pub mod chart;
pub mod forms;
pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bewertung", get(handlers::list))
        .route(
            "/bewertung/neu",
            get(handlers::new_form).post(handlers::create),
        )
        .route("/bewertung/{id}", get(handlers::show))
        .route("/bewertung/{id}/bewerten", post(handlers::assess))
        .route("/bewertung/{id}/entscheidung", post(handlers::decide))
}
