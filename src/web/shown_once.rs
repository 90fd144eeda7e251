//! A secret (a generated password, a new calendar address) is shown exactly once, on the page the user is sent to
//! after the POST (POST → redirect → GET): it waits here, in memory only and keyed by the
//! administrator's session, until that page takes it, at most a few minutes. It is never
//! written to the database, a URL or a log; a reload of the page no longer shows it.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

const KEEP: Duration = Duration::from_secs(300);

/// (account name, password) waiting for the administrator's next page.
type Pending = (String, String, Instant);

fn store() -> &'static Mutex<HashMap<String, Pending>> {
    static STORE: OnceLock<Mutex<HashMap<String, Pending>>> = OnceLock::new();
    STORE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Keeps the password for the next page of the session `session_hash`.
pub fn put(session_hash: &str, username: &str, password: &str) {
    if let Ok(mut m) = store().lock() {
        m.retain(|_, (_, _, at)| at.elapsed() < KEEP);
        m.insert(
            session_hash.to_string(),
            (username.to_string(), password.to_string(), Instant::now()),
        );
    }
}

/// Takes the waiting password of the session, if any (it is gone afterwards).
pub fn take(session_hash: &str) -> Option<(String, String)> {
    let mut m = store().lock().ok()?;
    let (name, pw, at) = m.remove(session_hash)?;
    (at.elapsed() < KEEP).then_some((name, pw))
}
