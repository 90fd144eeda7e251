//! Sachstand: the web application in which a city administration runs its
//! digitalisation work programme (measures, status updates, meetings, reports).

pub mod account;
pub mod admin;
pub mod assessment;
pub mod audit;
pub mod auth;
pub mod budget;
pub mod capacity;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod goals;
pub mod lookups;
pub mod mail;
pub mod measures;
pub mod meetings;
pub mod notify;
pub mod oparl;
pub mod organisation;
pub mod overview;
pub mod programmes;
pub mod reports;
pub mod settings;
pub mod transparency;
pub mod web;

use axum::Router;

pub use db::Db;
pub use web::AppState;

/// The whole application: every feature's router merged, wrapped in the
/// cross-cutting layers (security headers, CSRF origin check, limits, tracing).
pub fn app(state: AppState) -> Router {
    let routes = Router::new()
        .merge(account::router())
        .merge(overview::router())
        .merge(measures::router())
        .merge(meetings::router())
        .merge(organisation::router())
        .merge(admin::router())
        .merge(assessment::router())
        .merge(budget::router())
        .merge(goals::router())
        .merge(capacity::router())
        .merge(programmes::router())
        .merge(reports::router())
        .merge(settings::router())
        .merge(web::public_limit::layer(
            transparency::router(),
            state.clone(),
        ))
        // issue 16: OParl 1.1, read-only and anonymous, with the same per-client budget
        .merge(web::public_limit::layer(oparl::router(), state.clone()))
        .merge(web::router());
    web::layers::wrap(routes, state)
}
