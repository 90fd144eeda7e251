//! Accounts, sessions, login, roles and CSRF.

pub mod csrf;
pub mod extract;
pub mod login;
pub mod password;
pub mod session;
pub mod throttle;

use axum::Router;
use axum::routing::{get, post};

pub use csrf::{CsrfForm, NoFields};
pub use extract::{Admins, AnyUser, Editors, Internal, Leitung, Require};
pub use session::Session;

use crate::AppState;

/// Failed logins in a row after which an account is locked for a while.
pub const SOFT_LOCK_AFTER: i64 = 10;
pub const SOFT_LOCK_MINUTES: i64 = 15;

pub struct AuthConfig {
    pub secure_cookies: bool,
    /// Verified against when the user does not exist, so both answers take as long.
    pub dummy_hash: String,
    /// Failed login attempts per client address.
    pub login_throttle: throttle::LoginThrottle,
}

impl AuthConfig {
    pub fn new(secure_cookies: bool) -> Self {
        let dummy_hash = password::hash_password(&session::random_token()).unwrap_or_default();
        Self {
            secure_cookies,
            dummy_hash,
            login_throttle: throttle::LoginThrottle::default(),
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/anmelden", get(login::show).post(login::submit))
        .route("/abmelden", post(login::logout))
}
