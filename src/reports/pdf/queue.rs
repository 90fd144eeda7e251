//! Draft PDFs are typeset live, each in a child process of ~45 MiB for a few seconds.
//! At most `RUNNING` are typeset at once and at most `WAITING` more wait for their turn;
//! beyond that the answer is 503 with `Retry-After`. An unchanged draft is served from a
//! small cache keyed by the hash of the Typst source it was made from (so any change of
//! the data gives a new key).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::worker::render_source;

/// Typeset at once (the machine has two cores).
pub const RUNNING: usize = 2;
/// Requests that may wait for a turn; further ones get 503.
pub const WAITING: usize = 4;
/// How long a request waits for its turn before it gets 503.
pub const MAX_WAIT: Duration = Duration::from_secs(30);
/// Draft PDFs kept (the newest ones).
const CACHED: usize = 8;

pub enum Outcome {
    Pdf(Arc<Vec<u8>>),
    /// Too many PDFs are being typeset; try again after this many seconds.
    Busy(u64),
}

/// The process's one queue (like the typeset worker, a property of the process).
pub fn draft_pdfs() -> &'static DraftPdfs {
    static QUEUE: std::sync::OnceLock<DraftPdfs> = std::sync::OnceLock::new();
    QUEUE.get_or_init(DraftPdfs::default)
}

/// The newest PDFs with the hash of their source, newest first.
type Cache = VecDeque<([u8; 32], Arc<Vec<u8>>)>;

pub struct DraftPdfs {
    turns: Semaphore,
    admitted: Semaphore,
    cache: Mutex<Cache>,
}

impl Default for DraftPdfs {
    fn default() -> Self {
        Self {
            turns: Semaphore::new(RUNNING),
            admitted: Semaphore::new(RUNNING + WAITING),
            cache: Mutex::new(VecDeque::new()),
        }
    }
}

impl DraftPdfs {
    fn cached(&self, key: &[u8; 32]) -> Option<Arc<Vec<u8>>> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    fn remember(&self, key: [u8; 32], pdf: Arc<Vec<u8>>) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.retain(|(k, _)| *k != key);
        cache.push_front((key, pdf));
        cache.truncate(CACHED);
    }

    /// The PDF of this Typst source: from the cache, or typeset when a turn is free.
    pub async fn pdf(&self, ident: String, source: String) -> anyhow::Result<Outcome> {
        let key: [u8; 32] = Sha256::digest(format!("{ident}\n{source}").as_bytes()).into();
        if let Some(pdf) = self.cached(&key) {
            return Ok(Outcome::Pdf(pdf));
        }
        let Ok(_admitted) = self.admitted.try_acquire() else {
            return Ok(Outcome::Busy(10));
        };
        let Ok(Ok(_turn)) = tokio::time::timeout(MAX_WAIT, self.turns.acquire()).await else {
            return Ok(Outcome::Busy(10));
        };
        // another request may have typeset the same draft while this one waited
        if let Some(pdf) = self.cached(&key) {
            return Ok(Outcome::Pdf(pdf));
        }
        let pdf = tokio::task::spawn_blocking(move || render_source(&ident, &source)).await??;
        let pdf = Arc::new(pdf);
        self.remember(key, pdf.clone());
        Ok(Outcome::Pdf(pdf))
    }
}
