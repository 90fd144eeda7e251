//! Cross-cutting layers: security headers (HSTS behind HTTPS), the host check, cross-site
//! request rejection, body limit,
//! timeout, panic capture with an incident id, and German pages for bare status codes.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::web::AppState;
use crate::web::{ErrorPage, render_page};

pub const BODY_LIMIT: usize = 1024 * 1024;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The security headers of every response (also of the HTTP parser's own 400/431
/// answers, which `web::serve` adds them to).
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Wraps the merged routes in the cross-cutting layers, once around the whole router.
///
/// `Router::layer` would wrap every route on its own: each request then clones and boxes
/// each layer (two allocations per layer and per request, 20 layers deep). Here the
/// layers sit outside the router, listed from the outermost in.
pub fn wrap(routes: Router<AppState>, state: AppState) -> Router {
    let stack = ServiceBuilder::new()
        // Only method and path are logged: query strings may carry secrets (feed tokens).
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
        }))
        .layer(middleware::from_fn(session_scope))
        .layer(middleware::map_response_with_state(
            state.auth.secure_cookies,
            security_headers,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        // Inside the tenant scope that `check_host` sets, around every page and error page.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::footer::load,
        ))
        .layer(CatchPanicLayer::custom(panic_page))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn(german_status_pages))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            reject_cross_site,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::password_gate::require_own_password,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Innermost: the router accepts the limited body as it is.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .service(routes.with_state(state));
    Router::new().fallback_service(stack)
}

/// The security headers on every answer; HSTS when served over HTTPS (the flag says so):
/// browsers must not fall back to HTTP.
async fn security_headers(State(hsts): State<bool>, mut res: Response) -> Response {
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(*name, HeaderValue::from_static(value));
    }
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

async fn session_scope(req: Request, next: Next) -> Response {
    crate::web::heap::touch();
    crate::web::layout::REQUEST_SESSION
        .scope(std::cell::RefCell::new(None), next.run(req))
        .await
}

/// A panic in a handler becomes a German 500 page with an incident id in the log;
/// the server keeps serving.
fn panic_page(_err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let id = crate::web::error::incident_id();
    tracing::error!(incident = %id, "Panik in einem Handler");
    render_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        &ErrorPage::new(
            "Interner Fehler",
            "Es ist ein unerwarteter Fehler aufgetreten. Bitte nennen Sie bei Rückfragen die Vorfallsnummer.",
            Some(id),
        ),
    )
}

/// State-changing requests from another site are refused (defence in depth next to
/// the CSRF token): `Sec-Fetch-Site: cross-site` or an `Origin` of another host.
/// The `Origin` is compared with the configured public address (`--public-url`), or
/// without one with the request's host.
async fn reject_cross_site(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let headers = req.headers();
        let cross_fetch = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site");
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let foreign_origin = match headers.get(header::ORIGIN) {
            Some(origin) => origin
                .to_str()
                .map(|o| o == "null" || !state.site.origin_allowed(o, host))
                .unwrap_or(true),
            None => false,
        };
        if cross_fetch || foreign_origin {
            return crate::web::error::AppError::Csrf.into_response();
        }
    }
    next.run(req).await
}

/// A request for a host name this site does not have is refused (421): a foreign page
/// whose name was pointed at this server (DNS rebinding) gets nothing.
async fn check_host(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    if !state.site.host_allowed(host) {
        return render_page(
            StatusCode::MISDIRECTED_REQUEST,
            &ErrorPage::new(
                "Unbekannte Adresse",
                "Diese Anwendung ist unter dieser Adresse nicht erreichbar. Bitte verwenden Sie die Adresse, die Ihnen Ihre Verwaltung genannt hat.",
                None,
            ),
        );
    }
    // The health check and the static files belong to no city: a load balancer asks
    // `/healthz` at the instance's own address.
    let shared = req.uri().path() == "/healthz" || req.uri().path().starts_with("/static/");
    if state.db.backend() == crate::db::Backend::Postgres && !shared {
        return crate::web::tenant::serve_tenant(&state, host.unwrap_or("").to_owned(), req, next)
            .await;
    }
    next.run(req).await
}

/// Authenticated pages must not be kept by caches; static files may be, and so may the
/// anonymous public pages that say so themselves (`Cache-Control: public`, see
/// `transparency::cache`).
async fn cache_control(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    let public = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"));
    if public {
        return res;
    }
    let value = if is_static {
        "public, max-age=3600"
    } else {
        "no-store"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// Bare status answers from the framework (405, 413, 415, 408) get a German page.
async fn german_status_pages(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let message = match res.status() {
        StatusCode::BAD_REQUEST => "Die Adresse oder die gesendeten Daten sind ungültig.",
        StatusCode::METHOD_NOT_ALLOWED => "Diese Methode ist für diese Adresse nicht erlaubt.",
        StatusCode::PAYLOAD_TOO_LARGE => "Die gesendeten Daten sind zu groß (höchstens 1 MB).",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "Das Format der gesendeten Daten wird nicht unterstützt."
        }
        StatusCode::REQUEST_TIMEOUT => "Die Anfrage hat zu lange gedauert.",
        _ => return res,
    };
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    // JSON answers (the OParl error object) keep their own body.
    if is_html {
        return res;
    }
    let status = res.status();
    let (parts, _) = res.into_parts();
    let mut page = render_page(
        status,
        &ErrorPage::new("Anfrage nicht möglich", message, None),
    );
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        page.headers_mut().insert(header::ALLOW, allow.clone());
    }
    page
}
