//! The cost-benefit gate (/bewertung): expectations, WiBe-lite assessments with history,
//! the AG's recommendation and decision (an accepted expectation becomes a measure), the
//! portfolio chart and the OZG maturity count.

pub mod chart;
pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;
use handlers::{assess, decide, detail, expectation, list};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bewertung", get(list::list))
        .route(
            "/bewertung/neu",
            get(expectation::new_form).post(expectation::create),
        )
        .route("/bewertung/{id}", get(detail::show))
        .route("/bewertung/{id}/bewerten", post(assess::assess))
        .route("/bewertung/{id}/entscheidung", post(decide::decide))
}
