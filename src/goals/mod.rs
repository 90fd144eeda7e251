//! Goals and goal attainment (/ziele): goals with indicator, baseline and target, dated
//! readings, attainment and on-track status, a small SVG chart per goal.

pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ziele", get(handlers::list))
        .route("/ziele/neu", get(handlers::new_form).post(handlers::create))
        .route("/ziele/{id}/messwerte", post(handlers::add_reading))
}
