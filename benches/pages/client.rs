//! A browser-like client of the router in-process.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use tower::ServiceExt;

use crate::AnyResult;

pub struct Resp {
    pub status: StatusCode,
    headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

/// A signed-in browser: the router, its session cookie and the session's CSRF token.
#[derive(Clone)]
pub struct Browser {
    app: Router,
    pub cookie: String,
    csrf: String,
}

async fn send(app: &Router, req: Request<Body>) -> AnyResult<Resp> {
    let res = app.clone().oneshot(req).await?;
    let (parts, body) = res.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await?;
    Ok(Resp {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

fn get_req(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).expect("request")
}

fn post_req(uri: &str, cookie: &str, form: &[(&str, &str)]) -> Request<Body> {
    let body = serde_urlencoded::to_string(form).expect("form");
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request")
}

fn csrf_in(html: &str) -> Option<String> {
    let re = regex_lite::Regex::new(r#"name="csrf_token"\s+value="([^"]+)""#).ok()?;
    re.captures(html).map(|c| c[1].to_string())
}

impl Browser {
    /// Logs in exactly as a browser does: GET the form (pre-login CSRF cookie and
    /// hidden field), POST it, keep the session cookie, read the session's CSRF token
    /// from the next page.
    pub async fn login(app: Router, username: &str, password: &str) -> AnyResult<Self> {
        let form = send(&app, get_req("/anmelden", None)).await?;
        check!(
            form.status == StatusCode::OK,
            "GET /anmelden: {}",
            form.status
        );
        let pre = form
            .set_cookie("sachstand_csrf")
            .ok_or("GET /anmelden did not set sachstand_csrf")?;
        let token = csrf_in(&form.text()).ok_or("login form without csrf_token")?;
        let cookie = format!("sachstand_csrf={pre}");
        let res = send(
            &app,
            post_req(
                "/anmelden",
                &cookie,
                &[
                    ("csrf_token", token.as_str()),
                    ("username", username),
                    ("password", password),
                    ("next", "/"),
                ],
            ),
        )
        .await?;
        check!(
            res.status == StatusCode::SEE_OTHER,
            "POST /anmelden: expected 303, got {} — {}",
            res.status,
            res.text().chars().take(300).collect::<String>()
        );
        let sid = res
            .set_cookie("sachstand_sid")
            .ok_or("login did not set sachstand_sid")?;
        let cookie = format!("sachstand_sid={sid}");
        let home = send(&app, get_req("/", Some(&cookie))).await?;
        check!(
            home.status == StatusCode::OK,
            "GET / after login: {}",
            home.status
        );
        let csrf = csrf_in(&home.text()).ok_or("no csrf_token on / after login")?;
        Ok(Self { app, cookie, csrf })
    }

    pub async fn get(&self, uri: &str) -> AnyResult<Resp> {
        send(&self.app, get_req(uri, Some(&self.cookie))).await
    }

    pub async fn post(&self, uri: &str, form: &[(&str, &str)]) -> AnyResult<Resp> {
        let mut fields: Vec<(&str, &str)> = vec![("csrf_token", self.csrf.as_str())];
        fields.extend_from_slice(form);
        send(&self.app, post_req(uri, &self.cookie, &fields)).await
    }
}
