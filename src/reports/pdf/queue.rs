//! Draft PDFs are typeset live, each in a child process of ~45 MiB for a few seconds.
//! At most `RUNNING` are typeset at once and at most `WAITING` more wait for their turn;
//! beyond that the answer is 503 with `Retry-After`. An unchanged draft is served from a
//! small cache keyed by the hash of the Typst source it was made from (so any change of
//! the data gives a new key).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// The newest PDFs with the hash of their source, newest first.
type Cache = VecDeque<([u8; 32], Arc<Vec<u8>>)>;

/// The server's queue (one per `AppState`, so each test app has its own).
pub struct DraftPdfs {
    turns: Semaphore,
    admitted: Semaphore,
    cache: Mutex<Cache>,
    /// PDFs typeset so far (cache hits not counted).
    typeset: AtomicUsize,
}

impl Default for DraftPdfs {
    fn default() -> Self {
        Self {
            turns: Semaphore::new(RUNNING),
            admitted: Semaphore::new(RUNNING + WAITING),
            cache: Mutex::new(VecDeque::new()),
            typeset: AtomicUsize::new(0),
        }
    }
}

impl DraftPdfs {
    /// How many PDFs this queue has typeset (requests served from the cache not counted).
    pub fn typeset_count(&self) -> usize {
        self.typeset.load(Ordering::Relaxed)
    }

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
        self.typeset.fetch_add(1, Ordering::Relaxed);
        let pdf = tokio::task::spawn_blocking(move || render_source(&ident, &source)).await??;
        let pdf = Arc::new(pdf);
        self.remember(key, pdf.clone());
        Ok(Outcome::Pdf(pdf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(n: usize) -> String {
        format!(
            "#set document(title: [Entwurf {n}])\n#set page(width: 4cm, height: 2cm)\n#set text(lang: \"de\")\nEntwurf {n}"
        )
    }

    /// Seven different drafts at once: the first `RUNNING + WAITING` are admitted (`join!`
    /// polls them in order the first time, and each takes its place before the next asks),
    /// the seventh is told to come back; each admitted one is typeset once, and asking
    /// again for one of them is answered from the cache.
    #[tokio::test]
    async fn beyond_the_waiting_places_the_answer_is_busy_and_repeats_come_from_the_cache() {
        assert_eq!(RUNNING + WAITING + 1, 7, "one more request than places");
        let queue = DraftPdfs::default();
        let ask = |n: usize| queue.pdf(format!("t-{n}"), source(n));
        let (a, b, c, d, e, f, g) =
            tokio::join!(ask(0), ask(1), ask(2), ask(3), ask(4), ask(5), ask(6));
        let outcomes = [a, b, c, d, e, f, g];
        let mut pdfs = 0;
        for (n, outcome) in outcomes.into_iter().enumerate() {
            match outcome.expect("typeset") {
                Outcome::Pdf(pdf) => {
                    assert!(n < RUNNING + WAITING, "request {n} was admitted");
                    assert!(pdf.starts_with(b"%PDF-"));
                    pdfs += 1;
                }
                Outcome::Busy(secs) => {
                    assert_eq!(n, RUNNING + WAITING, "request {n} was turned away");
                    assert!(secs > 0);
                }
            }
        }
        assert_eq!(pdfs, RUNNING + WAITING);
        assert_eq!(queue.typeset_count(), RUNNING + WAITING);
        let again = queue.pdf("t-0".into(), source(0)).await.expect("cached");
        assert!(matches!(again, Outcome::Pdf(_)));
        assert_eq!(
            queue.typeset_count(),
            RUNNING + WAITING,
            "served from the cache"
        );
    }
}
