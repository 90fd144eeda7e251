//! Rate limiting of the anonymous public routes (the transparency page, OParl): a token
//! bucket per client address (behind a trusted proxy the forwarded client, see
//! `site::Site::client_ip`; IPv6 clients by their /64 network), with bounded memory —
//! at most `MAX_CLIENTS` buckets, full (idle) ones evicted first, then the longest idle.
//! An exhausted bucket answers 429 with a German page and `Retry-After`.
//!
//! Wrap a router with `layer(router, state)`; every wrapped router shares the buckets of
//! the state's limiter, so one client's budget covers all public routes together.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use super::site::ClientIp;
use super::{AppState, ErrorPage, render_page};

/// How many client buckets are kept at most.
pub const MAX_CLIENTS: usize = 10_000;

/// The default budget: requests per minute per client (the burst is the same number).
pub const DEFAULT_PER_MINUTE: u32 = 120;

struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Token buckets per client.
pub struct PublicLimit {
    /// Requests per minute (also the burst).
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl PublicLimit {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    fn rate_per_sec(&self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }

    /// Takes one token for `client` at `now`: `Ok(())`, or `Err(seconds)` to wait.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let key = bucket_key(client);
        let capacity = f64::from(self.per_minute);
        let rate = self.rate_per_sec();
        // A poisoned lock only means another request panicked while holding it; the map
        // itself is still consistent (every update is a single assignment).
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !map.contains_key(&key) && map.len() >= MAX_CLIENTS {
            evict(&mut map, now, capacity, rate);
        }
        let b = map.entry(key).or_insert(Bucket {
            tokens: capacity,
            last: now,
        });
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * rate).min(capacity);
        b.last = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / rate).ceil().max(1.0) as u64)
        }
    }

    /// How many clients are tracked (for tests).
    pub fn tracked(&self) -> usize {
        self.buckets.lock().map(|m| m.len()).unwrap_or(0)
    }
}

impl Default for PublicLimit {
    fn default() -> Self {
        Self::new(DEFAULT_PER_MINUTE)
    }
}

/// IPv4 clients by address, IPv6 clients by their /64 (one household or host gets one).
fn bucket_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return IpAddr::V4(v4);
            }
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

/// Makes room: drops every bucket that has refilled completely (it holds no state worth
/// keeping), and if none has, the one idle longest.
fn evict(map: &mut HashMap<IpAddr, Bucket>, now: Instant, capacity: f64, rate: f64) {
    let refill = Duration::from_secs_f64(capacity / rate);
    map.retain(|_, b| now.saturating_duration_since(b.last) < refill);
    if map.len() >= MAX_CLIENTS
        && let Some(oldest) = map.iter().min_by_key(|(_, b)| b.last).map(|(k, _)| *k)
    {
        map.remove(&oldest);
    }
}

/// The middleware: one token per request, or 429.
pub async fn limit(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    req: Request,
    next: Next,
) -> Response {
    match state.public_limit.check(client, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) if req.uri().path().starts_with("/oparl/") => too_many_oparl(wait),
        Err(wait) => too_many(wait),
    }
}

fn wait_words(wait: u64) -> String {
    if wait == 1 {
        "eine Sekunde".to_string()
    } else {
        format!("{wait} Sekunden")
    }
}

/// An OParl client gets the OParl error object (JSON, readable from any origin).
fn too_many_oparl(wait: u64) -> Response {
    let body = serde_json::json!({
        "type": "https://schema.oparl.org/1.1/Error",
        "message": format!("Zu viele Anfragen von Ihrer Adresse. Bitte warten Sie {}.", wait_words(wait)),
        "debug": format!("rate limit, retry after {wait} s"),
    });
    let mut res = (StatusCode::TOO_MANY_REQUESTS, body.to_string()).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        h.insert(header::RETRY_AFTER, v);
    }
    res
}

fn too_many(wait: u64) -> Response {
    let mut res = render_page(
        StatusCode::TOO_MANY_REQUESTS,
        &ErrorPage::new(
            "Zu viele Anfragen",
            &format!(
                "Von Ihrer Adresse kamen in kurzer Zeit sehr viele Anfragen. Bitte warten Sie {} und laden Sie die Seite dann erneut.",
                wait_words(wait)
            ),
            None,
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// Wraps a router of public routes in the per-client limit.
pub fn layer(router: Router<AppState>, state: AppState) -> Router<AppState> {
    router.layer(middleware::from_fn_with_state(state, limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let l = PublicLimit::new(60);
        let ip: IpAddr = "192.0.2.1".parse().expect("ip");
        let t0 = Instant::now();
        for _ in 0..60 {
            assert_eq!(l.check(ip, t0), Ok(()));
        }
        assert_eq!(l.check(ip, t0), Err(1));
        // another client has its own bucket
        assert_eq!(l.check("192.0.2.2".parse().expect("ip"), t0), Ok(()));
        // one token per second comes back
        assert_eq!(l.check(ip, t0 + Duration::from_secs(1)), Ok(()));
        assert_eq!(l.check(ip, t0 + Duration::from_secs(1)), Err(1));
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let l = PublicLimit::new(1);
        let t0 = Instant::now();
        assert_eq!(l.check("2001:db8:1:2::1".parse().expect("ip"), t0), Ok(()));
        assert_eq!(
            l.check("2001:db8:1:2:ffff::9".parse().expect("ip"), t0),
            Err(60)
        );
        assert_eq!(l.check("2001:db8:1:3::1".parse().expect("ip"), t0), Ok(()));
    }

    #[test]
    fn memory_stays_bounded() {
        let l = PublicLimit::new(10);
        let t0 = Instant::now();
        for i in 0..(MAX_CLIENTS as u32 + 500) {
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + i));
            let _ = l.check(ip, t0 + Duration::from_millis(u64::from(i)));
        }
        assert!(l.tracked() <= MAX_CLIENTS, "{}", l.tracked());
    }
}
