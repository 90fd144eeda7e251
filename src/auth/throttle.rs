//! Login throttling without a lock that anyone can trigger. Two counters of failed
//! attempts, neither of which refuses a correct password only because other clients
//! failed:
//!
//! - **per client address**: at most `ADDRESS_LIMIT` failures in a sliding minute, then
//!   429 with `Retry-After` (a guessing client, whatever accounts it tries). An address
//!   that signed in to an account before is not held back for that account, so the
//!   owner behind a busy NAT address still gets in.
//! - **per account and address**: after `PAIR_FREE` failures, each further attempt from
//!   that address for that account waits twice as long as the one before (1 s, 2 s, 4 s …
//!   at most 15 minutes). Ten failures from ten addresses no longer lock `admin`.
//!
//! A successful login clears its pair. Counters live in the server's memory (a restart
//! clears them); `sachstand user unlock NAME` is the administrators' way in besides: it
//! resets the account's stored failure count, and the next attempt for that account
//! sees that and forgets the account's delays (`LoginThrottle::unlock`).
//! (governor was tried first: it counts every attempt and cannot look without
//! consuming, so it either throttles successful logins or lets guesses be verified.)

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures per address and minute before the address waits.
pub const ADDRESS_LIMIT: usize = 10;
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(60);
/// Failures of one account from one address before delays start (the per-address limit
/// applies at the same count; the pair's delays outlast its minute).
pub const PAIR_FREE: u32 = 10;
/// The first delay of a pair; it doubles with every further failure.
pub const PAIR_FIRST_DELAY: Duration = Duration::from_secs(1);
/// The longest delay; also how long a failure is remembered.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// How long an address that signed in successfully counts as the owner's client.
pub const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
const MAX_TRACKED: usize = 20_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// Time still to wait: `first · 2^(count - free)` after the last failure, capped.
    fn wait(&self, free: u32, first: Duration, now: Instant) -> Option<Duration> {
        if self.count < free {
            return None;
        }
        let exp = (self.count - free).min(20);
        let delay = first.saturating_mul(1u32 << exp).min(MAX_DELAY);
        let passed = now.saturating_duration_since(self.last);
        (passed < delay).then(|| delay - passed)
    }
}

#[derive(Default)]
struct State {
    addresses: HashMap<IpAddr, VecDeque<Instant>>,
    pairs: HashMap<(String, IpAddr), Failures>,
    known: HashMap<(String, IpAddr), Instant>,
}

#[derive(Default)]
pub struct LoginThrottle {
    state: Mutex<State>,
}

/// Account names are compared case-insensitively, like the login does.
fn key(username: &str) -> String {
    username.trim().to_lowercase()
}

impl LoginThrottle {
    /// `Err(seconds)` when this attempt must wait; checked before the password is.
    pub fn check(&self, username: &str, ip: IpAddr) -> Result<(), u64> {
        self.check_at(username, ip, Instant::now())
    }

    pub fn record_failure(&self, username: &str, ip: IpAddr) {
        self.failure_at(username, ip, Instant::now());
    }

    pub fn record_success(&self, username: &str, ip: IpAddr) {
        self.success_at(username, ip, Instant::now());
    }

    /// Forgets the delays of every address for this account (after `sachstand user
    /// unlock` or a password reset, seen through the database).
    pub fn unlock(&self, username: &str) {
        let k = key(username);
        self.lock().pairs.retain(|(u, _), _| *u != k);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn check_at(&self, username: &str, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let k = key(username);
        let mut s = self.lock();
        let known = s
            .known
            .get(&(k.clone(), ip))
            .is_some_and(|t| now.saturating_duration_since(*t) < KNOWN_FOR);
        let mut wait = Duration::ZERO;
        if let Some(q) = s.addresses.get_mut(&ip) {
            while q
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= ADDRESS_WINDOW)
            {
                q.pop_front();
            }
            if q.len() >= ADDRESS_LIMIT
                && !known
                && let Some(oldest) = q.front()
            {
                wait = wait.max(ADDRESS_WINDOW - now.saturating_duration_since(*oldest));
            }
        }
        if let Some(w) = s
            .pairs
            .get(&(k.clone(), ip))
            .and_then(|f| f.wait(PAIR_FREE, PAIR_FIRST_DELAY, now))
        {
            wait = wait.max(w);
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait.as_secs().max(1))
        }
    }

    fn failure_at(&self, username: &str, ip: IpAddr, now: Instant) {
        let k = key(username);
        let mut s = self.lock();
        if s.pairs.len() + s.addresses.len() >= MAX_TRACKED {
            s.addresses.retain(|_, q| {
                q.back()
                    .is_some_and(|t| now.saturating_duration_since(*t) < ADDRESS_WINDOW)
            });
            s.pairs
                .retain(|_, f| now.saturating_duration_since(f.last) < MAX_DELAY);
        }
        s.addresses.entry(ip).or_default().push_back(now);
        let f = s.pairs.entry((k, ip)).or_insert(Failures {
            count: 0,
            last: now,
        });
        bump(f, now);
    }

    fn success_at(&self, username: &str, ip: IpAddr, now: Instant) {
        let k = key(username);
        let mut s = self.lock();
        s.pairs.remove(&(k.clone(), ip));
        s.addresses.remove(&ip);
        if s.known.len() >= MAX_TRACKED {
            s.known
                .retain(|_, t| now.saturating_duration_since(*t) < KNOWN_FOR);
        }
        s.known.insert((k, ip), now);
    }
}

/// A failure long after the previous one starts counting afresh.
fn bump(f: &mut Failures, now: Instant) {
    if now.saturating_duration_since(f.last) >= MAX_DELAY {
        f.count = 0;
    }
    f.count += 1;
    f.last = now;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn ten_failures_from_one_address_make_it_wait_a_minute() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..ADDRESS_LIMIT {
            assert!(t.check_at(&format!("user{i}"), ip("10.0.0.1"), now).is_ok());
            t.failure_at(&format!("user{i}"), ip("10.0.0.1"), now);
        }
        let wait = t.check_at("someone", ip("10.0.0.1"), now).unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(t.check_at("someone", ip("10.0.0.2"), now).is_ok());
        assert!(
            t.check_at("someone", ip("10.0.0.1"), now + ADDRESS_WINDOW)
                .is_ok()
        );
    }

    #[test]
    fn failures_for_one_account_from_one_address_grow_the_delay() {
        let t = LoginThrottle::default();
        let a = ip("192.0.2.1");
        let mut now = Instant::now();
        for _ in 0..PAIR_FREE {
            assert!(t.check_at("admin", a, now).is_ok());
            t.failure_at("admin", a, now);
            now += Duration::from_secs(7); // stay under the address limit (10 a minute)
        }
        // further failures: 2 s, then 4 s, then 8 s
        let mut delay = 2;
        for _ in 0..3 {
            t.failure_at("admin", a, now);
            assert_eq!(t.check_at("admin", a, now), Err(delay));
            now += Duration::from_secs(delay);
            assert!(t.check_at("admin", a, now).is_ok());
            delay *= 2;
        }
        // other accounts from the same address, and this account elsewhere, are free
        assert!(t.check_at("anna", a, now).is_ok());
        assert!(t.check_at("admin", ip("192.0.2.2"), now).is_ok());
        // after `unlock` only the address's minute remains
        t.unlock("ADMIN");
        assert!(t.check_at("admin", a, now + ADDRESS_WINDOW).is_ok());
    }

    #[test]
    fn the_owner_is_not_held_back_by_others_failing_from_the_same_address() {
        let t = LoginThrottle::default();
        let nat = ip("198.51.100.7");
        let now = Instant::now();
        t.success_at("erika", nat, now);
        for i in 0..ADDRESS_LIMIT {
            t.failure_at(&format!("guess{i}"), nat, now);
        }
        assert!(t.check_at("someone", nat, now).is_err());
        assert_eq!(t.check_at("erika", nat, now), Ok(()));
        // the delay never exceeds the maximum
        for _ in 0..40 {
            t.failure_at("victim", nat, now);
        }
        let wait = t.check_at("victim", nat, now).unwrap_err();
        assert!(wait <= MAX_DELAY.as_secs(), "{wait}");
    }
}
