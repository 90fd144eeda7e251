//! Goals and goal attainment (/ziele): goals with indicator, baseline and target, dated
//! readings, attainment and on-track status, a small SVG chart per goal.

pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;
use handlers::{edit, list, readings};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ziele", get(list::list))
        .route("/ziele/neu", get(edit::new_form).post(edit::create))
        .route(
            "/ziele/{id}/bearbeiten",
            get(edit::edit_form).post(edit::update),
        )
        .route("/ziele/{id}/messwerte", post(readings::add_reading))
}
