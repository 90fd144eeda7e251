//! Freed heap goes back to the operating system once the server has been idle for a
//! second (issue 17). glibc keeps memory that was freed in its arenas for reuse: after a
//! burst of requests that is several megabytes nobody uses (the bench's memory child:
//! ~10 MiB after 100,000 status updates). `malloc_trim` hands the free pages back; it
//! runs on a blocking thread, once per idle spell, so a busy server never pays for it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Requests seen; the trimmer only acts when this has not moved for a whole tick.
static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// How long the server must have been idle before the heap is trimmed.
pub const IDLE: Duration = Duration::from_secs(1);

/// Counts a request (called by the request layer).
pub fn touch() {
    REQUESTS.fetch_add(1, Ordering::Relaxed);
}

/// Starts the trimmer on the current runtime (`sachstand serve` and the bench's memory
/// child; tests do without).
pub fn spawn_trimmer() {
    tokio::spawn(async {
        let mut tick = tokio::time::interval(IDLE);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut seen = REQUESTS.load(Ordering::Relaxed);
        let mut trimmed = false;
        loop {
            tick.tick().await;
            let now = REQUESTS.load(Ordering::Relaxed);
            if now != seen {
                seen = now;
                trimmed = false;
            } else if !trimmed {
                trimmed = true;
                let _ = tokio::task::spawn_blocking(trim).await;
            }
        }
    });
}

/// Returns the allocator's free pages to the operating system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn trim() {
    // SAFETY: malloc_trim only releases memory glibc holds as free; it takes the arena
    // locks itself.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() {}
