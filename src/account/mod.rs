//! The signed-in user's own account: login and logout, password change, extending the
//! session.

pub mod login;
pub mod notifications;
pub mod password;
pub mod sso;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/anmelden", get(login::show).post(login::submit))
        .route("/abmelden", post(login::logout))
        .route(
            "/konto/passwort",
            get(password::show).post(password::change),
        )
        .route("/konto/sitzung", post(password::extend))
        .route(
            "/konto/benachrichtigungen",
            get(notifications::show).post(notifications::save),
        )
        .route("/anmelden/sso", get(sso::start))
        .route("/anmelden/sso/rueckruf", get(sso::callback))
}
