//! Accounts below the web: sessions, passwords, role policies and login throttling.
//! Nothing here knows about HTTP pages; the login form is a page of the account feature.

pub mod accounts;
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
}

impl AuthConfig {
    pub fn new(secure_cookies: bool) -> Self {
        Self {
            secure_cookies,
            hash_permits: tokio::sync::Semaphore::new(2),
            login_throttle: throttle::LoginThrottle::default(),
        }
    }
}

/// Verified against when the user does not exist, so both answers take as long. The
/// password behind it was random and discarded; a constant saves an Argon2 run at start.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FjaHN0YW5kLWR1bW15IQ$/eRPYSIjKkzn0xux9W2yVBvsHRkJv2ioH0SRE91a4o4";
