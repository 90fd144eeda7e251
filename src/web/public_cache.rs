//! Caching of anonymous public pages and files: a successful answer gets an `ETag` (a
//! hash of its bytes) and `Cache-Control: public, max-age=300`; a request whose
//! `If-None-Match` names the current tag gets `304 Not Modified` without a body. Such
//! pages must look the same for everyone (no user, no token, no cookie).

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::AppState;

pub const CACHE_CONTROL: &str = "public, max-age=300";

/// Largest answer that is hashed (frozen report PDFs are far smaller).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Wraps a router of public routes in the ETag/304 handling.
pub fn layer(router: Router<AppState>) -> Router<AppState> {
    router.layer(middleware::from_fn(cacheable))
}

pub async fn cacheable(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let tag = etag(&bytes);
    let Ok(tag_value) = HeaderValue::from_str(&tag) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let cache = HeaderValue::from_static(CACHE_CONTROL);
    if if_none_match.is_some_and(|v| matches(&v, &tag)) {
        let mut h = HeaderMap::new();
        h.insert(header::ETAG, tag_value);
        h.insert(header::CACHE_CONTROL, cache);
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    parts.headers.insert(header::ETAG, tag_value);
    parts.headers.insert(header::CACHE_CONTROL, cache);
    Response::from_parts(parts, Body::from(bytes))
}

/// `"<32 hex digits>"`: the first 128 bits of the body's SHA-256.
pub fn etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// Does an `If-None-Match` value (`"a", W/"b"` or `*`) name `tag`? Weak comparison, as
/// RFC 9110 asks for `If-None-Match`.
fn matches(header: &HeaderValue, tag: &str) -> bool {
    let Ok(v) = header.to_str() else {
        return false;
    };
    v.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let tag = etag(b"x");
        assert_eq!(tag.len(), 34);
        let h = |s: &str| HeaderValue::from_str(s).expect("header");
        assert!(matches(&h(&tag), &tag));
        assert!(matches(&h(&format!("\"other\", W/{tag}")), &tag));
        assert!(matches(&h("*"), &tag));
        assert!(!matches(&h("\"other\""), &tag));
    }
}
