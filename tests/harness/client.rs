//! The one browser-like HTTP client: keeps its cookies, follows no redirect by itself, sends
//! the CSRF token of the last page it saw with every form, and logs in through the real login
//! form. It talks HTTP to a server (the in-process app of `tests/app`, the `sachstand` binary
//! of `tests/proc`) or calls the router directly (`benches/pages`: everything but TCP).

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, header};
use tower::ServiceExt;

use super::html::escape_html;

/// A transport failure: connection refused or reset (a killed server), timeout, cut-off body.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// No test request may hang a run; the slowest page (a report PDF in a debug build) takes
/// a few seconds.
const TIMEOUT: Duration = Duration::from_secs(30);

/// One answer, read completely, as text (pages, CSV, ICS).
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.header("location")
    }

    /// The first value of the header, "" if absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Whether the body holds the text, literally or in its HTML-escaped form.
    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text) || self.body.contains(&escape_html(text))
    }
}

/// One answer with its body as bytes (PDFs, HEAD answers, hand-made requests).
pub struct Raw {
    pub status: u16,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Raw {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

impl From<Raw> for Resp {
    fn from(raw: Raw) -> Resp {
        let body = String::from_utf8(raw.bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Resp {
            status: raw.status,
            headers: raw.headers,
            body,
        }
    }
}

/// The first hex CSRF token of a hidden `csrf_token` field in the page.
pub fn csrf_in(html: &str) -> Option<String> {
    const FIELD: &str = r#"name="csrf_token" value=""#;
    html.match_indices(FIELD).find_map(|(i, _)| {
        let rest = &html[i + FIELD.len()..];
        let token = &rest[..rest.find('"')?];
        (!token.is_empty() && token.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| token.to_string())
    })
}

#[derive(Clone)]
enum Transport {
    Http {
        client: reqwest::Client,
        base: String,
    },
    /// Requests go straight into the router, with the headers a browser sends to its own
    /// origin.
    /// The router and the host name the requests are addressed to.
    Router(axum::Router, String),
}

/// A browser session: its own cookie jar and the CSRF token of the last page seen. Clones
/// share the session (the same cookies), not later changes to it.
#[derive(Clone)]
pub struct Browser {
    transport: Transport,
    /// name → value; every cookie of the app is `Path=/` and removed with `Max-Age=0`.
    cookies: Vec<(String, String)>,
    pub csrf: String,
}

impl Browser {
    /// A client of the server at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: &str) -> Browser {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .build()
            .expect("HTTP client");
        Browser::with(Transport::Http {
            client,
            base: base.to_string(),
        })
    }

    /// A client that calls the router in-process (as `localhost`).
    pub fn in_process(app: axum::Router) -> Browser {
        Browser::in_process_at(app, "localhost")
    }

    /// The same, with requests addressed to `host` (a tenant's host name).
    #[allow(dead_code)]
    pub fn in_process_at(app: axum::Router, host: &str) -> Browser {
        Browser::with(Transport::Router(app, host.to_string()))
    }

    fn with(transport: Transport) -> Browser {
        Browser {
            transport,
            cookies: Vec::new(),
            csrf: String::new(),
        }
    }

    /// Points the session at a server restarted on another port (cookies and token kept).
    pub fn set_base(&mut self, new_base: &str) {
        if let Transport::Http { base, .. } = &mut self.transport {
            *base = new_base.to_string();
        }
    }

    /// The value of a cookie the server set (and did not remove).
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sends one request with the session's cookies and keeps the cookies of the answer.
    pub async fn try_request(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Result<Raw, Error> {
        let cookie = (!self.cookies.is_empty()).then(|| {
            self.cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        });
        let raw = match &self.transport {
            Transport::Http { client, base } => {
                let mut req = client.request(method, format!("{base}{path}"));
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                for (k, v) in headers {
                    req = req.header(*k, *v);
                }
                if let Some(b) = body {
                    req = req.body(b);
                }
                let res = req.send().await?;
                let status = res.status().as_u16();
                let headers = res.headers().clone();
                let bytes = Vec::from(res.bytes().await?);
                Raw {
                    status,
                    headers,
                    bytes,
                }
            }
            Transport::Router(app, host) => {
                let mut req = Request::builder()
                    .method(method.clone())
                    .uri(path)
                    .header(header::HOST, host.as_str());
                if method == Method::GET {
                    req = req.header(header::ACCEPT, "text/html");
                } else if method != Method::HEAD {
                    req = req
                        .header(header::ORIGIN, format!("http://{host}"))
                        .header("sec-fetch-site", "same-origin");
                }
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                for (k, v) in headers {
                    req = req.header(*k, *v);
                }
                let req = req.body(body.map(Body::from).unwrap_or_else(Body::empty))?;
                let res = app.clone().oneshot(req).await?;
                let (parts, body) = res.into_parts();
                let bytes = axum::body::to_bytes(body, usize::MAX).await?;
                Raw {
                    status: parts.status.as_u16(),
                    headers: parts.headers,
                    bytes: Vec::from(bytes),
                }
            }
        };
        self.keep_cookies(&raw.headers);
        Ok(raw)
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for value in headers.get_all(header::SET_COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            let mut parts = value.split(';');
            let Some((name, v)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
                continue;
            };
            let removed = parts.any(|a| {
                a.trim().split_once('=').is_some_and(|(k, age)| {
                    k.eq_ignore_ascii_case("max-age")
                        && age.trim().parse::<i64>().is_ok_and(|s| s <= 0)
                })
            });
            self.cookies.retain(|(k, _)| k != name);
            if !removed {
                self.cookies.push((name.to_string(), v.to_string()));
            }
        }
    }

    fn remember_csrf(&mut self, r: &Resp) {
        if let Some(t) = csrf_in(&r.body) {
            self.csrf = t;
        }
    }

    /// GET with the body as bytes, as it came (no token scraping, no UTF-8 check): what the
    /// benchmark times.
    pub async fn try_get_raw(&mut self, path: &str) -> Result<Raw, Error> {
        self.try_request(Method::GET, path, &[], None).await
    }

    pub async fn try_get(&mut self, path: &str) -> Result<Resp, Error> {
        let r = Resp::from(self.try_request(Method::GET, path, &[], None).await?);
        self.remember_csrf(&r);
        Ok(r)
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn try_post_raw(
        &mut self,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Resp, Error> {
        self.try_post_form(path, fields).await
    }

    /// Posts the fields with the current CSRF token first.
    pub async fn try_post(&mut self, path: &str, fields: &[(&str, &str)]) -> Result<Resp, Error> {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.try_post_form(path, &all).await
    }

    async fn try_post_form<K, V>(&mut self, path: &str, fields: &[(K, V)]) -> Result<Resp, Error>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        let body = serde_urlencoded::to_string(&pairs)?;
        let raw = self
            .try_request(
                Method::POST,
                path,
                &[("content-type", "application/x-www-form-urlencoded")],
                Some(body.into_bytes()),
            )
            .await?;
        let r = Resp::from(raw);
        self.remember_csrf(&r);
        Ok(r)
    }

    /// Logs in through the form: Ok(Ok(())) once the start page has been loaded with the
    /// session's CSRF token. A session that is still valid (the login was answered, but the
    /// start page was cut off) is sent on by the login page and needs no new login.
    /// Ok(Err(answer)) when the login was refused.
    pub async fn try_login(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<Result<(), String>, Error> {
        let form = self.try_get("/anmelden").await?;
        if form.status != 303 {
            let r = self
                .try_post(
                    "/anmelden",
                    &[
                        ("username", username),
                        ("password", password),
                        ("next", "/"),
                    ],
                )
                .await?;
            if r.status != 303 || r.location().contains("anmelden") {
                return Ok(Err(format!(
                    "login of {username}: HTTP {} {} {}",
                    r.status,
                    r.location(),
                    r.body.chars().take(300).collect::<String>()
                )));
            }
        }
        let page = self.try_get("/").await?;
        if page.status == 200 && !self.csrf.is_empty() {
            Ok(Ok(()))
        } else {
            Ok(Err(format!(
                "start page after login of {username}: HTTP {} {}",
                page.status,
                page.location()
            )))
        }
    }

    // The same, panicking on transport errors (a test's server does not go away).

    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Raw {
        let what = format!("{method} {path}");
        self.try_request(method, path, headers, body)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// GET with the body as bytes (PDFs).
    pub async fn get_raw(&mut self, path: &str) -> Raw {
        self.request(Method::GET, path, &[], None).await
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.try_get(path)
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// Posts the fields with the current CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        self.try_post(path, fields)
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(String, String)]) -> Resp {
        self.try_post_raw(path, fields)
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// Follows a 303/302 answer with a GET, as a browser does.
    pub async fn follow(&mut self, r: &Resp) -> Resp {
        assert!(
            (300..400).contains(&r.status),
            "expected a redirect, got {}: {}",
            r.status,
            &r.body[..r.body.len().min(600)]
        );
        let to = r.location().to_string();
        self.get(&to).await
    }

    /// GET and POST of the login form; the answer to the POST (303 on success).
    pub async fn login(&mut self, username: &str, password: &str) -> Resp {
        self.get("/anmelden").await;
        self.post(
            "/anmelden",
            &[
                ("username", username),
                ("password", password),
                ("next", "/"),
            ],
        )
        .await
    }
}
