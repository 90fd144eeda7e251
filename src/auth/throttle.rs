//! Login throttling per client address: at most `LIMIT` failed attempts in a sliding
//! minute, then 429 with Retry-After. Successful logins do not count, so a whole town
//! hall behind one NAT address can still sign in at nine o'clock.
//!
//! (governor was tried first: it counts every attempt and cannot look without
//! consuming, so it either throttles successful logins or lets guesses be verified.)

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const LIMIT: usize = 10;
pub const WINDOW: Duration = Duration::from_secs(60);
const MAX_TRACKED: usize = 10_000;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// `Err(seconds)` when the client must wait before the next attempt.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(q) = map.get_mut(&ip) else {
            return Ok(());
        };
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        match q.front() {
            Some(oldest) if q.len() >= LIMIT => {
                Err((WINDOW - now.duration_since(*oldest)).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, ip: IpAddr) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_TRACKED {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        map.entry(ip).or_default().push_back(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_failures_block_the_eleventh_attempt() {
        let t = LoginThrottle::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..LIMIT {
            assert!(t.check(ip).is_ok());
            t.record_failure(ip);
        }
        let wait = t.check(ip).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(t.check("10.0.0.2".parse().unwrap()).is_ok());
    }
}
