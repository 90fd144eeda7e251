//! Where the application is reached: its public address (links in feeds and mails, the
//! Origin check), the host names it answers to (DNS rebinding), and the reverse proxies
//! whose `X-Forwarded-For` / `Forwarded` headers name the real client.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

/// The site settings (`--public-url`, `--trusted-proxy`).
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// `https://sachstand.example-stadt.de` (scheme, host, optional port; no path).
    pub public_url: Option<url::Url>,
    /// Host names (with port where not the default) that requests may carry. Empty: any.
    allowed_hosts: Vec<String>,
    trusted_proxies: Vec<IpNet>,
    /// Many cities on PostgreSQL, each under its own host name (`sachstand tenant add
    /// --host`): the tenant table says which host names are served (an unknown one gets
    /// 421 from `web::tenant`), and links name the request's host with the scheme (and port)
    /// of `--public-url`.
    hosted: bool,
}

impl Site {
    /// `public_url`: the address users type; `trusted_proxies`: addresses or networks
    /// (`10.0.0.5`, `10.0.0.0/24`) of reverse proxies; `listen`: the bound address,
    /// whose loopback names are allowed when there is no public address.
    pub fn new(
        public_url: Option<&str>,
        trusted_proxies: &[String],
        listen: Option<SocketAddr>,
    ) -> Result<Self, String> {
        let public_url = match public_url.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => {
                let u = url::Url::parse(raw)
                    .map_err(|e| format!("--public-url {raw:?} ist keine Adresse ({e})"))?;
                if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
                    return Err(format!(
                        "--public-url {raw:?} muss mit http:// oder https:// und einem Rechnernamen beginnen"
                    ));
                }
                if u.path() != "/" || u.query().is_some() {
                    return Err(format!(
                        "--public-url {raw:?} darf keinen Pfad haben (Sachstand läuft im Wurzelverzeichnis)"
                    ));
                }
                Some(u)
            }
        };
        let mut proxies = Vec::new();
        for p in trusted_proxies.iter().flat_map(|p| p.split(',')) {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            let net = p
                .parse::<IpNet>()
                .or_else(|_| p.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!("--trusted-proxy {p:?} ist keine IP-Adresse oder kein Netz")
                })?;
            proxies.push(net);
        }
        let allowed_hosts = match (&public_url, listen) {
            (Some(u), _) => vec![host_port(u)],
            // Only loopback: a page of another site whose name resolves to 127.0.0.1
            // (DNS rebinding) must not reach a locally running Sachstand.
            (None, Some(addr)) if addr.ip().is_loopback() => {
                let port = addr.port();
                ["localhost", "127.0.0.1", "[::1]"]
                    .iter()
                    .flat_map(|h| [format!("{h}:{port}"), h.to_string()])
                    .collect()
            }
            // Bound to a public interface without a public address: any name.
            _ => Vec::new(),
        };
        Ok(Self {
            public_url,
            allowed_hosts,
            trusted_proxies: proxies,
            hosted: false,
        })
    }

    /// The hosted mode (PostgreSQL): host names come from the tenant table.
    pub fn hosted(mut self) -> Self {
        self.hosted = true;
        self
    }

    /// `--public-url` with the host name replaced by `host` (a hosted city's address).
    fn public_url_at(&self, host: Option<&str>) -> Option<url::Url> {
        let mut u = self.public_url.clone()?;
        if self.hosted
            && let Some(h) = host
        {
            let name = crate::db::tenant::host_name(h);
            if u.set_host(Some(&name)).is_err() {
                return Some(u);
            }
        }
        Some(u)
    }

    /// Does a request's `Host` header name this site?
    pub fn host_allowed(&self, host: Option<&str>) -> bool {
        if self.hosted || self.allowed_hosts.is_empty() {
            return true;
        }
        host.is_some_and(|h| self.allowed_hosts.iter().any(|a| a.eq_ignore_ascii_case(h)))
    }

    /// Is `origin` (an `Origin` header) this site? Without a public address it is
    /// compared with the request's own host.
    pub fn origin_allowed(&self, origin: &str, host: Option<&str>) -> bool {
        match &self.public_url_at(host) {
            Some(u) => origin.trim_end_matches('/') == u.origin().ascii_serialization(),
            None => host.is_some_and(|h| origin.split("://").nth(1) == Some(h)),
        }
    }

    /// The absolute address of a path (`/sitzungen.ics`) for feeds and mails; without
    /// a public address, the request's host over plain HTTP.
    pub fn absolute(&self, path: &str, host: Option<&str>) -> String {
        match &self.public_url_at(host) {
            Some(u) => format!("{}{path}", u.origin().ascii_serialization()),
            None => format!("http://{}{path}", host.unwrap_or("localhost")),
        }
    }

    /// The client's address: the peer, or — only when the peer is a trusted proxy — the
    /// last address in `X-Forwarded-For` / `Forwarded: for=` that is not itself a proxy.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusted(peer) {
            return peer;
        }
        let mut hops: Vec<IpAddr> = Vec::new();
        for v in headers
            .get_all("forwarded")
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            for part in v.split([',', ';']) {
                let part = part.trim();
                if let Some(f) = part
                    .strip_prefix("for=")
                    .or_else(|| part.strip_prefix("For="))
                    && let Some(ip) = parse_forwarded_ip(f)
                {
                    hops.push(ip);
                }
            }
        }
        if hops.is_empty() {
            for v in headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
            {
                hops.extend(v.split(',').filter_map(|s| s.trim().parse::<IpAddr>().ok()));
            }
        }
        // Walk back from the nearest hop; the first one that is not our proxy is the client.
        hops.into_iter()
            .rev()
            .find(|ip| !self.trusted(*ip))
            .unwrap_or(peer)
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|n| n.contains(&ip))
    }
}

fn host_port(u: &url::Url) -> String {
    let host = u.host_str().unwrap_or_default();
    match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

/// `for=192.0.2.1`, `for="[2001:db8::1]:4711"`, `for=192.0.2.1:80`.
fn parse_forwarded_ip(raw: &str) -> Option<IpAddr> {
    let s = raw.trim().trim_matches('"');
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    s.parse()
        .ok()
        .or_else(|| s.rsplit_once(':').and_then(|(ip, _)| ip.parse().ok()))
}

/// The client's address as `Site::client_ip` decides (loopback without connect info).
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<super::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &super::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
        Ok(ClientIp(state.site.client_ip(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().expect("header"));
        }
        h
    }

    /// Hosted (many cities on PostgreSQL): every host name passes here (the tenant table
    /// decides), and links and the Origin check name the request's city with the scheme and
    /// port of `--public-url`.
    #[test]
    fn a_hosted_site_links_to_the_city_of_the_request() -> Result<(), String> {
        let site = Site::new(Some("https://sachstand.kit-union.de"), &[], None)?.hosted();
        assert!(site.host_allowed(Some("sachstand.beispielstadt.de")));
        assert_eq!(
            site.absolute("/sitzungen.ics", Some("sachstand.beispielstadt.de")),
            "https://sachstand.beispielstadt.de/sitzungen.ics"
        );
        assert!(site.origin_allowed(
            "https://sachstand.beispielstadt.de",
            Some("sachstand.beispielstadt.de")
        ));
        // another city's page may not post here, nor the plain-HTTP one
        assert!(!site.origin_allowed(
            "https://sachstand.musterstadt.de",
            Some("sachstand.beispielstadt.de")
        ));
        assert!(!site.origin_allowed(
            "http://sachstand.beispielstadt.de",
            Some("sachstand.beispielstadt.de")
        ));
        // one city (SQLite): only the public address
        let single = Site::new(Some("https://sachstand.musterstadt.de"), &[], None)?;
        assert!(!single.host_allowed(Some("sachstand.beispielstadt.de")));
        assert_eq!(
            single.absolute("/x", Some("sachstand.beispielstadt.de")),
            "https://sachstand.musterstadt.de/x"
        );
        Ok(())
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() -> Result<(), String> {
        let site = Site::new(None, &["10.0.0.0/24".into()], None)?;
        let proxy: IpAddr = "10.0.0.5".parse().map_err(|_| "ip")?;
        let other: IpAddr = "192.0.2.9".parse().map_err(|_| "ip")?;
        let h = headers(&[("x-forwarded-for", "203.0.113.7, 10.0.0.4")]);
        assert_eq!(site.client_ip(proxy, &h).to_string(), "203.0.113.7");
        // a client that is not a proxy cannot choose its address
        assert_eq!(site.client_ip(other, &h), other);
        let h = headers(&[("forwarded", "for=\"[2001:db8::1]:4711\";proto=https")]);
        assert_eq!(site.client_ip(proxy, &h).to_string(), "2001:db8::1");
        // no header: the proxy itself
        assert_eq!(site.client_ip(proxy, &HeaderMap::new()), proxy);
        Ok(())
    }

    #[test]
    fn hosts_and_origins() -> Result<(), String> {
        let site = Site::new(Some("https://sachstand.example-stadt.de"), &[], None)?;
        assert!(site.host_allowed(Some("sachstand.example-stadt.de")));
        assert!(!site.host_allowed(Some("evil.example")));
        assert!(!site.host_allowed(None));
        assert!(site.origin_allowed("https://sachstand.example-stadt.de", None));
        assert!(!site.origin_allowed("http://sachstand.example-stadt.de", None));
        assert_eq!(
            site.absolute("/sitzungen.ics", Some("x")),
            "https://sachstand.example-stadt.de/sitzungen.ics"
        );
        let local = Site::new(
            None,
            &[],
            Some("127.0.0.1:3000".parse().map_err(|_| "addr")?),
        )?;
        assert!(local.host_allowed(Some("127.0.0.1:3000")));
        assert!(local.host_allowed(Some("localhost:3000")));
        assert!(!local.host_allowed(Some("rebind.evil.example:3000")));
        assert!(Site::new(Some("ftp://x"), &[], None).is_err());
        assert!(Site::new(Some("https://x/sub"), &[], None).is_err());
        assert!(Site::new(None, &["nope".into()], None).is_err());
        Ok(())
    }
}
