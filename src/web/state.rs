//! The state every request handler shares.

use std::sync::Arc;

use super::site::Site;
use crate::auth::AuthConfig;
use crate::db::Db;

/// Shared state of every request handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub auth: Arc<AuthConfig>,
    pub site: Arc<Site>,
}

impl AppState {
    /// A site that answers to any host name (tests, `serve` without `--public-url` on a
    /// public interface); `with_site` sets the real one.
    pub fn new(db: Db, secure_cookies: bool) -> Self {
        Self {
            db,
            auth: Arc::new(AuthConfig::new(secure_cookies)),
            site: Arc::new(Site::default()),
        }
    }

    pub fn with_site(mut self, site: Site) -> Self {
        self.site = Arc::new(site);
        self
    }

    /// Directory login and single sign-on (`--ldap-*`, `--oidc-*`).
    pub fn with_external_login(mut self, external: crate::auth::ExternalLogin) -> Self {
        let mut auth = AuthConfig::new(self.auth.secure_cookies);
        auth.external = external;
        self.auth = Arc::new(auth);
        self
    }
}
