//! Accounts below the web: sessions, passwords, role policies and login throttling.
//! Nothing here knows about HTTP pages; the login form is a page of the account feature.

pub mod accounts;
pub mod directory;
pub mod external;
pub mod oidc;
pub mod password;
pub mod policy;
pub mod recovery;
pub mod session;
pub mod throttle;

pub use policy::{Admins, AnyUser, Editors, Internal, LeitungOnly};
pub use session::Session;

pub struct AuthConfig {
    pub secure_cookies: bool,
    /// At most two Argon2 computations at once: each needs 19 MiB and a core, so a
    /// login storm neither exhausts memory nor starves the other requests.
    pub hash_permits: tokio::sync::Semaphore,
    /// Failed login attempts per address, account and pair (growing delays, no lock).
    pub login_throttle: throttle::LoginThrottle,
    /// Login with the city's directory and single sign-on (issue 14).
    pub external: ExternalLogin,
}

/// The directory (`--ldap-*`) and SSO (`--oidc-*`) settings; both optional.
#[derive(Debug, Clone)]
pub struct ExternalLogin {
    pub ldap: Option<std::sync::Arc<directory::LdapConfig>>,
    pub oidc: Option<std::sync::Arc<oidc::OidcConfig>>,
    /// Fixed lifetime of a directory or SSO account's session.
    pub session_lifetime: chrono::Duration,
}

impl Default for ExternalLogin {
    fn default() -> Self {
        Self {
            ldap: None,
            oidc: None,
            session_lifetime: chrono::Duration::minutes(60),
        }
    }
}

impl ExternalLogin {
    /// From the `serve` flags (reads the secret files).
    pub fn from_args(
        args: &crate::config::DirectoryArgs,
        public_url: Option<&url::Url>,
    ) -> Result<Self, String> {
        Ok(Self {
            ldap: directory::LdapConfig::from_args(args)?.map(std::sync::Arc::new),
            oidc: oidc::OidcConfig::from_args(args, public_url)?.map(std::sync::Arc::new),
            session_lifetime: chrono::Duration::minutes(i64::from(
                args.directory_session_minutes.max(1),
            )),
        })
    }
}

impl AuthConfig {
    pub fn new(secure_cookies: bool) -> Self {
        Self {
            secure_cookies,
            hash_permits: tokio::sync::Semaphore::new(2),
            login_throttle: throttle::LoginThrottle,
            external: ExternalLogin::default(),
        }
    }
}

/// Verified against when the user does not exist, so both answers take as long. The
/// password behind it was random and discarded; a constant saves an Argon2 run at start.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FjaHN0YW5kLWR1bW15IQ$/eRPYSIjKkzn0xux9W2yVBvsHRkJv2ioH0SRE91a4o4";
