//! Request and response headers: no cross-origin embedding, form posts must be forms,
//! unknown hosts and foreign origins refused, HSTS with secure cookies.

use axum::http::Method;
use sachstand::domain::Role;

use crate::support::{PASSWORD, spawn_app, spawn_app_configured};

#[tokio::test]
async fn responses_forbid_cross_origin_embedding() {
    let app = spawn_app().await;
    let r = app.browser().get("/anmelden").await;
    assert_eq!(r.header("cross-origin-resource-policy"), "same-origin");
}

#[tokio::test]
async fn a_form_post_must_be_a_form() {
    let app = spawn_app().await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    b.get("/konto/passwort").await;
    let before = app.snapshot().await;
    let body = format!(
        "csrf_token={}&current={PASSWORD}&new_password=Ganz-Neues-Passwort-2&repeat=Ganz-Neues-Passwort-2",
        b.csrf
    );
    for ct in ["text/plain", "application/json", ""] {
        let headers: &[(&str, &str)] = if ct.is_empty() {
            &[]
        } else {
            &[("content-type", ct)]
        };
        let res = b
            .request(
                Method::POST,
                "/konto/passwort",
                headers,
                Some(body.clone().into_bytes()),
            )
            .await;
        assert_eq!(res.status, 415, "content type {ct:?}");
        assert!(
            String::from_utf8_lossy(&res.bytes).contains("Formular"),
            "German message"
        );
    }
    assert_eq!(app.snapshot().await, before, "nothing written");
}

/// With a public address, a request for another host name is refused (DNS rebinding),
/// and the Origin of a form post must be the public address, not whatever Host says.
#[tokio::test]
async fn unknown_hosts_and_foreign_origins_are_refused_with_a_public_url() {
    let app = spawn_app_configured(Default::default(), |s| {
        let site =
            sachstand::web::site::Site::new(Some("https://sachstand.example-stadt.de"), &[], None)
                .expect("site");
        s.with_site(site)
    })
    .await;
    // hosted: the city is registered under its public host name
    app.serve_tenant_at("sachstand.example-stadt.de").await;
    let client = reqwest::Client::new();
    let res = client
        .get(format!("{}/anmelden", app.base))
        .send()
        .await
        .expect("get");
    // reqwest sends Host: 127.0.0.1:PORT, which is not the public host
    assert_eq!(res.status().as_u16(), 421);
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("nicht erreichbar")
    );
    let ok = client
        .get(format!("{}/anmelden", app.base))
        .header("host", "sachstand.example-stadt.de")
        .send()
        .await
        .expect("get");
    assert_eq!(ok.status().as_u16(), 200);
    // An Origin that matches the Host header but not the public address is foreign.
    let res = client
        .post(format!("{}/anmelden", app.base))
        .header("host", "sachstand.example-stadt.de")
        .header("origin", "http://sachstand.example-stadt.de")
        .form(&[("csrf_token", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn secure_cookies_come_with_strict_transport_security() {
    let app =
        spawn_app_configured(Default::default(), |s| sachstand::AppState::new(s.db, true)).await;
    let r = app.browser().get("/anmelden").await;
    assert!(
        r.header("strict-transport-security")
            .starts_with("max-age="),
        "{:?}",
        r.headers
    );
    // the cookies carry the __Host- prefix (this host only, Secure, Path=/)
    let set = r.header("set-cookie").to_string();
    assert!(set.starts_with("__Host-sachstand_csrf="), "{set}");
    assert!(set.contains("; Secure") && set.contains("Path=/"), "{set}");
    app.account("anna", Role::Ag).await;
    let token = set
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(format!("{}/anmelden", app.base))
        .header("cookie", format!("__Host-sachstand_csrf={token}"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", "anna"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status().as_u16(), 303);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("__Host-sachstand_sid=") && c.contains("; Secure")),
        "{cookies:?}"
    );
    let plain = spawn_app().await;
    let r = plain.browser().get("/anmelden").await;
    assert_eq!(r.header("strict-transport-security"), "");
}

/// The HTTP parser's own answers (a head over the limit: 431; a request line it cannot
/// read: 400) carry the security headers too.
#[tokio::test]
async fn the_parsers_own_answers_carry_the_security_headers() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let huge = "x".repeat(80 * 1024);
    for (request, status) in [
        (
            format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Gross: {huge}\r\n\r\n"),
            "431",
        ),
        ("KAPUTT\u{7}\r\n\r\n".to_string(), "400"),
    ] {
        let mut s = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        let _ = s.write_all(request.as_bytes()).await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            s.read_to_end(&mut answer),
        )
        .await;
        let text = String::from_utf8_lossy(&answer).to_ascii_lowercase();
        assert!(text.starts_with(&format!("http/1.1 {status}")), "{text}");
        for h in [
            "content-security-policy: ",
            "x-content-type-options: nosniff",
            "x-frame-options: deny",
            "cross-origin-resource-policy: same-origin",
        ] {
            assert!(text.contains(h), "{status} without {h}: {text}");
        }
    }
}
