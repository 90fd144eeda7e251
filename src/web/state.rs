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
    /// The SMTP settings and reminder lead time (issue 14); default: not configured.
    pub mail: Arc<crate::mail::MailSettings>,
}

impl AppState {
    /// A site that answers to any host name (tests, `serve` without `--public-url` on a
    /// public interface); `with_site` sets the real one.
    pub fn new(db: Db, secure_cookies: bool) -> Self {
        Self {
            db,
            auth: Arc::new(AuthConfig::new(secure_cookies)),
            site: Arc::new(Site::default()),
            mail: Arc::new(crate::mail::MailSettings::default()),
        }
    }

    pub fn with_site(mut self, site: Site) -> Self {
        self.site = Arc::new(site);
        self
    }

    pub fn with_mail(mut self, mail: crate::mail::MailSettings) -> Self {
        self.mail = Arc::new(mail);
        self
    }
}
