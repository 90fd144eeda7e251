//! Goals and goal attainment (/ziele): goals with indicator, baseline and target, dated
//! readings, attainment and on-track status, a small SVG chart per goal.

pub mod form;
pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ziele", get(handlers::list))
        .route("/ziele/neu", get(form::new_form).post(form::create))
        .route(
            "/ziele/{id}/bearbeiten",
            get(form::edit_form).post(form::update),
        )
        .route("/ziele/{id}/messwerte", post(handlers::add_reading))
}
