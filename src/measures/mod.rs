//! Measures (Maßnahmen): list, detail, status updates, create/edit, archive, CSV.

pub mod csv;
pub mod filter;
pub mod forms;
pub mod handlers;
pub mod input;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/massnahmen", get(handlers::list::list))
        .route("/massnahmen.csv", get(handlers::list::csv))
        .route(
            "/massnahmen/neu",
            get(handlers::edit::new_form).post(handlers::edit::create),
        )
        .route("/massnahmen/{id}", get(handlers::detail::show))
        .route(
            "/massnahmen/{id}/bearbeiten",
            get(handlers::edit::edit_form).post(handlers::edit::update),
        )
        .route(
            "/massnahmen/{id}/sachstand",
            post(handlers::status::post_status_update),
        )
        .route(
            "/massnahmen/{id}/meilensteine",
            post(handlers::milestones::add_milestone),
        )
        .route(
            "/massnahmen/{id}/meilensteine/{ms}/erledigt",
            post(handlers::milestones::complete_milestone),
        )
        .route(
            "/massnahmen/{id}/archivieren",
            get(handlers::archive::confirm_archive).post(handlers::archive::archive),
        )
        .route(
            "/massnahmen/{id}/wiederherstellen",
            post(handlers::archive::restore),
        )
        .route(
            "/massnahmen/{id}/oeffentlich",
            get(handlers::public::preview),
        )
        // issue 16: links to council decisions
        .route(
            "/massnahmen/{id}/ratsbeschluesse",
            post(handlers::council::add_council_paper),
        )
        .route(
            "/massnahmen/{id}/ratsbeschluesse/{ms}/entfernen",
            post(handlers::council::remove_council_paper),
        )
}
