//! Measures (Maßnahmen): list, detail, status updates, create/edit, archive, CSV.

pub mod csv;
pub mod filter;
pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/massnahmen", get(handlers::list))
        .route("/massnahmen.csv", get(handlers::csv))
        .route(
            "/massnahmen/neu",
            get(handlers::new_form).post(handlers::create),
        )
        .route("/massnahmen/{id}", get(handlers::show))
        .route(
            "/massnahmen/{id}/bearbeiten",
            get(handlers::edit_form).post(handlers::update),
        )
        .route(
            "/massnahmen/{id}/sachstand",
            post(handlers::post_status_update),
        )
        .route(
            "/massnahmen/{id}/meilensteine",
            post(handlers::add_milestone),
        )
        .route(
            "/massnahmen/{id}/meilensteine/{ms}/erledigt",
            post(handlers::complete_milestone),
        )
        .route("/massnahmen/{id}/archivieren", post(handlers::archive))
        .route("/massnahmen/{id}/wiederherstellen", post(handlers::restore))
}
