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
    /// Per-client budget of the anonymous public routes (`public_limit`).
    pub public_limit: Arc<super::public_limit::PublicLimit>,
    /// The city's OParl system or body (`--oparl-endpoint`): council papers are looked up there.
    pub oparl_endpoint: Option<Arc<url::Url>>,
    /// The SMTP settings and reminder lead time (issue 14); default: not configured.
    pub mail: Arc<crate::mail::MailSettings>,
    /// Host name → tenant, for many cities on one PostgreSQL database (issue 15).
    pub tenants: Arc<super::tenant::Tenants>,
    /// Draft PDFs: typeset a few at a time, unchanged ones from a small cache.
    pub draft_pdfs: Arc<super::render_queue::RenderQueue>,
    /// The footer line per tenant, for a few seconds (`web::footer`).
    pub footers: Arc<super::footer::Footers>,
}

impl AppState {
    /// A site that answers to any host name (tests, `serve` without `--public-url` on a
    /// public interface); `with_site` sets the real one.
    pub fn new(db: Db, secure_cookies: bool) -> Self {
        Self {
            db,
            auth: Arc::new(AuthConfig::new(secure_cookies)),
            site: Arc::new(Site::default()),
            public_limit: Arc::new(super::public_limit::PublicLimit::default()),
            oparl_endpoint: None,
            mail: Arc::new(crate::mail::MailSettings::default()),
            tenants: Arc::new(super::tenant::Tenants::default()),
            draft_pdfs: Arc::new(Default::default()),
            footers: Arc::new(Default::default()),
        }
    }

    pub fn with_site(mut self, site: Site) -> Self {
        self.site = Arc::new(site);
        self
    }

    /// Requests per minute each client may send to the public routes.
    pub fn with_public_limit(mut self, per_minute: u32) -> Self {
        self.public_limit = Arc::new(super::public_limit::PublicLimit::new(per_minute));
        self
    }
    pub fn with_oparl_endpoint(mut self, endpoint: Option<url::Url>) -> Self {
        self.oparl_endpoint = endpoint.map(Arc::new);
        self
    }
    pub fn with_mail(mut self, mail: crate::mail::MailSettings) -> Self {
        self.mail = Arc::new(mail);
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

/// `--oparl-endpoint`: an http(s) address, or nothing.
pub fn parse_oparl_endpoint(raw: Option<&str>) -> Result<Option<url::Url>, String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(raw) => {
            let u = url::Url::parse(raw)
                .map_err(|e| format!("--oparl-endpoint {raw:?} ist keine Adresse ({e})"))?;
            if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
                return Err(format!(
                    "--oparl-endpoint {raw:?} muss mit http:// oder https:// und einem Rechnernamen beginnen"
                ));
            }
            Ok(Some(u))
        }
    }
}
