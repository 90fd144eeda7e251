//! Files that are expensive to make (a draft report's PDF: typeset live, each in a child
//! process of ~45 MiB for a second or more). At most `RUNNING` are made at once and at
//! most `WAITING` more wait for their turn; beyond that the answer is 503 with
//! `Retry-After`. An unchanged source is served from a small cache keyed by its hash (so
//! any change of the data gives a new key). The feature passes the function that makes
//! the file (the report's Typst typesetting), so this layer knows nothing of reports.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

/// Typeset at once (the machine has two cores).
pub const RUNNING: usize = 2;
/// Requests that may wait for a turn; further ones get 503.
pub const WAITING: usize = 4;
/// How long a request waits for its turn before it gets 503.
pub const MAX_WAIT: Duration = Duration::from_secs(30);
/// Files kept (the newest ones).
const CACHED: usize = 8;

pub enum Outcome {
    File(Arc<Vec<u8>>),
    /// Too many files are being made; try again after this many seconds.
    Busy(u64),
}

/// The newest PDFs with the hash of their source, newest first.
type Cache = VecDeque<([u8; 32], Arc<Vec<u8>>)>;

/// The server's queue (one per `AppState`, so each test app has its own).
pub struct RenderQueue {
    turns: Semaphore,
    admitted: Semaphore,
    cache: Mutex<Cache>,
    /// Files made so far (cache hits not counted).
    made: AtomicUsize,
}

impl Default for RenderQueue {
    fn default() -> Self {
        Self {
            turns: Semaphore::new(RUNNING),
            admitted: Semaphore::new(RUNNING + WAITING),
            cache: Mutex::new(VecDeque::new()),
            made: AtomicUsize::new(0),
        }
    }
}

impl RenderQueue {
    /// How many files this queue has made (requests served from the cache not counted).
    pub fn made_count(&self) -> usize {
        self.made.load(Ordering::Relaxed)
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

    /// The file made by `render(ident, source)`: from the cache, or made (on a blocking
    /// thread) when a turn is free.
    pub async fn file(
        &self,
        ident: String,
        source: String,
        render: fn(&str, &str) -> anyhow::Result<Vec<u8>>,
    ) -> anyhow::Result<Outcome> {
        let key: [u8; 32] = Sha256::digest(format!("{ident}\n{source}").as_bytes()).into();
        if let Some(pdf) = self.cached(&key) {
            return Ok(Outcome::File(pdf));
        }
        let Ok(_admitted) = self.admitted.try_acquire() else {
            return Ok(Outcome::Busy(10));
        };
        let Ok(Ok(_turn)) = tokio::time::timeout(MAX_WAIT, self.turns.acquire()).await else {
            return Ok(Outcome::Busy(10));
        };
        // another request may have typeset the same draft while this one waited
        if let Some(pdf) = self.cached(&key) {
            return Ok(Outcome::File(pdf));
        }
        self.made.fetch_add(1, Ordering::Relaxed);
        let pdf = tokio::task::spawn_blocking(move || render(&ident, &source)).await??;
        let pdf = Arc::new(pdf);
        self.remember(key, pdf.clone());
        Ok(Outcome::File(pdf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stands in for the typesetting: a few milliseconds on the blocking thread.
    fn render(ident: &str, source: &str) -> anyhow::Result<Vec<u8>> {
        std::thread::sleep(Duration::from_millis(20));
        Ok(format!("%PDF-{ident}:{source}").into_bytes())
    }

    /// Seven different sources at once: the first `RUNNING + WAITING` are admitted (`join!`
    /// polls them in order the first time, and each takes its place before the next asks),
    /// the seventh is told to come back; each admitted one is made once, and asking again
    /// for one of them is answered from the cache.
    #[tokio::test]
    async fn beyond_the_waiting_places_the_answer_is_busy_and_repeats_come_from_the_cache() {
        assert_eq!(RUNNING + WAITING + 1, 7, "one more request than places");
        let queue = RenderQueue::default();
        let ask = |n: usize| queue.file(format!("t-{n}"), format!("Entwurf {n}"), render);
        let (a, b, c, d, e, f, g) =
            tokio::join!(ask(0), ask(1), ask(2), ask(3), ask(4), ask(5), ask(6));
        let outcomes = [a, b, c, d, e, f, g];
        let mut made = 0;
        for (n, outcome) in outcomes.into_iter().enumerate() {
            match outcome.expect("made") {
                Outcome::File(pdf) => {
                    assert!(n < RUNNING + WAITING, "request {n} was admitted");
                    assert_eq!(pdf.as_slice(), format!("%PDF-t-{n}:Entwurf {n}").as_bytes());
                    made += 1;
                }
                Outcome::Busy(secs) => {
                    assert_eq!(n, RUNNING + WAITING, "request {n} was turned away");
                    assert!(secs > 0);
                }
            }
        }
        assert_eq!(made, RUNNING + WAITING);
        assert_eq!(queue.made_count(), RUNNING + WAITING);
        let again = queue.file("t-0".into(), "Entwurf 0".into(), render).await;
        assert!(matches!(again.expect("cached"), Outcome::File(_)));
        assert_eq!(queue.made_count(), RUNNING + WAITING, "from the cache");
    }
}
