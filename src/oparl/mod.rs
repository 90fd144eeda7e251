//! OParl 1.1, read-only and anonymous, under `/oparl/v1.1/`: the city as `Body`, the AG as
//! `Organization`, its meetings with their public agenda items, each released report as a
//! `Paper` ("Informationsvorlage") with its frozen PDF and DOCX as `File`. Lists where
//! Sachstand holds nothing (persons, memberships, terms, consultations, locations) are empty.
//!
//! "Deleted" (`deleted: true`): an agenda item of a published agenda that is not, or no
//! longer, public — its measure was made internal or archived, the AG marked it internal,
//! or it got internal notes. Such items are left out of the embedded agenda and of lists,
//! and are listed only when a client asks with `modified_since` (OParl 1.1's update
//! mechanism); fetched alone they answer 200 with `deleted: true`. A cancelled meeting is
//! not deleted: it stays listed with `cancelled: true`, as the schema provides.

pub mod client;
mod data;
mod handlers;
mod objects;

use axum::Router;
use axum::routing::get;

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oparl/v1.1/", get(handlers::system))
        // the same System for a client given the address without the final slash
        .route("/oparl/v1.1", get(handlers::system))
        .route("/oparl/v1.1/{*rest}", get(handlers::dispatch))
}
