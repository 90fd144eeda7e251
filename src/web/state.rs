//! The state every request handler shares.

use std::sync::Arc;

use crate::auth::AuthConfig;
use crate::db::Db;

/// Shared state of every request handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub auth: Arc<AuthConfig>,
}

impl AppState {
    pub fn new(db: Db, secure_cookies: bool) -> Self {
        Self {
            db,
            auth: Arc::new(AuthConfig::new(secure_cookies)),
        }
    }
}
