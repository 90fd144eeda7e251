//! Hardening II (issue 13): each test fails on the code before its fix.

use std::time::{Duration, Instant};

use axum::http::Method;

use crate::support::{Browser, PASSWORD, spawn_app, spawn_app_configured, spawn_app_with};
use sachstand::domain::Role;
use tokio::io::AsyncWriteExt;

#[tokio::test]
async fn tab_or_control_characters_in_next_never_leave_the_site() {
    let app = spawn_app().await;
    app.account("anna", Role::Ag).await;
    // Before login: the login page keeps only safe targets in its form.
    for raw in [
        "/%09/evil.example",
        "/%0b/x",
        "/%00/x",
        "/%01/x",
        "/%5C/evil.example",
    ] {
        let mut b = app.browser();
        let r = b.get(&format!("/anmelden?next={raw}")).await;
        assert_eq!(r.status, 200, "{raw}: {}", r.status);
        assert!(!r.body.contains("evil.example"), "{raw} kept in the form");
        // Logged in: the login page redirects to the target, which must be local.
        b.login("anna", PASSWORD).await;
        let r = b.get(&format!("/anmelden?next={raw}")).await;
        assert!(r.status < 500, "{raw}: {}", r.status);
        assert_eq!(r.location(), "/", "{raw} → {:?}", r.location());
    }
    // The login form itself and "Sitzung verlängern" take `next` from the body.
    let mut b = app.browser();
    b.get("/anmelden").await;
    let r = b
        .post(
            "/anmelden",
            &[
                ("username", "anna"),
                ("password", PASSWORD),
                ("next", "/\t/evil.example"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/");
    b.get("/").await;
    let r = b
        .post("/konto/sitzung", &[("next", "/\t/evil.example")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/");
    let r = b.post("/konto/sitzung", &[("next", "/\u{1}x")]).await;
    assert_eq!(r.location(), "/");
}

#[tokio::test]
async fn a_static_directory_is_not_found_not_redirected() {
    let app = spawn_app().await;
    let mut b = app.browser();
    for path in ["/static/.", "/static/", "/static"] {
        let r = b.get(path).await;
        assert_eq!(r.status, 404, "{path}: {} → {:?}", r.status, r.location());
    }
}

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

#[tokio::test]
async fn a_pre_login_token_must_be_one_the_server_made() {
    let app = spawn_app().await;
    app.account("anna", Role::Ag).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for token in ["a", "zz", &"g".repeat(64)] {
        let res = client
            .post(format!("{}/anmelden", app.base))
            .header("cookie", format!("sachstand_csrf={token}"))
            .form(&[
                ("csrf_token", token),
                ("username", "anna"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), 403, "token {token:?} accepted");
    }
}

/// Idle and half-sent connections are closed after the header deadline, and at most
/// `max_connections` are served at once, so a normal client still gets its answer.
#[tokio::test]
async fn idle_and_half_sent_connections_do_not_starve_the_server() {
    let limits = sachstand::web::serve::Limits {
        max_connections: 64,
        header_timeout: Duration::from_millis(500),
        ..Default::default()
    };
    let app = spawn_app_with(limits).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut held = Vec::new();
    for i in 0..100 {
        let mut s = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        if i % 2 == 0 {
            // half a request head, never finished
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
        }
        held.push(s);
    }
    let started = Instant::now();
    let res = reqwest::Client::new()
        .get(format!("{}/healthz", app.base))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("healthz answered while 100 connections were held");
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    drop(held);
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

/// A title with a right-to-left override reads "exe.png" where it is shown as stored;
/// every HTML page and the CSV export show it without the control characters.
#[tokio::test]
async fn bidi_controls_in_user_text_never_reach_the_page_or_the_csv() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    app.exec(&format!(
        "UPDATE measures SET title = 'Foto\u{202E}gnp.exe\u{202C} und\u{200B}mehr' WHERE id = {id}"
    ))
    .await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    for path in [format!("/massnahmen/{id}"), "/massnahmen".to_string()] {
        let r = b.get(&path).await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Fotognp.exe undmehr"), "{path}");
        assert!(
            !r.body.contains('\u{202E}') && !r.body.contains('\u{200B}'),
            "{path}"
        );
    }
    let csv = b.get("/massnahmen.csv").await;
    assert!(csv.body.contains("Fotognp.exe undmehr"), "{}", csv.body);
    assert!(!csv.body.contains('\u{202E}') && !csv.body.contains('\u{200B}'));
}

/// Behind a reverse proxy every client arrives from the proxy's address. With the proxy
/// trusted, `X-Forwarded-For` names the client: one client's failures do not stop
/// another client's correct password.
#[tokio::test]
async fn behind_a_trusted_proxy_other_clients_failures_do_not_block_a_correct_password() {
    let app = spawn_app_configured(Default::default(), |s| {
        let site =
            sachstand::web::site::Site::new(None, &["127.0.0.1".into()], None).expect("site");
        s.with_site(site)
    })
    .await;
    app.account("anna", Role::Ag).await;
    let attempt = |who: &'static str, user: &'static str, password: &'static str| {
        let base = app.base.clone();
        async move { login_from(&mut Browser::new(&base), who, user, password).await }
    };
    for _ in 0..12 {
        attempt("203.0.113.66", "anna", "falsch-falsch-falsch").await;
    }
    assert_eq!(
        attempt("203.0.113.66", "anna", "falsch-falsch-falsch").await,
        429
    );
    // another client behind the same proxy, correct password
    assert_eq!(attempt("198.51.100.20", "anna", PASSWORD).await, 303);
    // an untrusted client cannot pick its address: the header is ignored
    let plain = spawn_app().await;
    plain.account("bert", Role::Ag).await;
    let mut b = plain.browser();
    for i in 0..11 {
        let status = login_from(&mut b, &format!("192.0.2.{i}"), "bert", "falsch-falsch-1").await;
        if i == 10 {
            assert_eq!(status, 429, "X-Forwarded-For trusted without a proxy");
        }
    }
}

/// Failures from many addresses no longer lock `admin`: the owner logs in with the
/// right password from anywhere; an address that keeps failing waits (growing delays,
/// no hard lock), and `sachstand user unlock` lifts that.
#[tokio::test]
async fn nobody_can_lock_a_known_account_out() {
    let app = spawn_app_configured(Default::default(), |s| {
        let site =
            sachstand::web::site::Site::new(None, &["127.0.0.1".into()], None).expect("site");
        s.with_site(site)
    })
    .await;
    app.account("admin", Role::Admin).await;
    let login = |who: String, password: &'static str| {
        let base = app.base.clone();
        async move { login_from(&mut Browser::new(&base), &who, "admin", password).await }
    };
    // the owner's usual client
    assert_eq!(login("198.51.100.7".into(), PASSWORD).await, 303);
    // 15 failures from 15 addresses: each is answered, none locks the account
    for i in 0..15 {
        let status = login(format!("203.0.113.{i}"), "falsch-falsch-1").await;
        assert_eq!(status, 401, "attempt {i}");
    }
    // the owner gets in with the right password, from the usual client or a new one
    assert_eq!(login("198.51.100.7".into(), PASSWORD).await, 303);
    assert_eq!(login("192.0.2.44".into(), PASSWORD).await, 303);
    // the owner's client, failing for admin again and again, waits (growing delays) …
    let home = "198.51.100.7".to_string();
    let mut answers = Vec::new();
    for _ in 0..11 {
        answers.push(login(home.clone(), "falsch-falsch-1").await);
    }
    assert_eq!(
        answers.iter().filter(|s| **s == 401).count(),
        10,
        "{answers:?}"
    );
    assert_eq!(answers[10], 429, "{answers:?}");
    assert_eq!(login(home.clone(), PASSWORD).await, 429);
    // … until `sachstand user unlock admin` (the function the CLI calls) resets the
    // stored count, which the running server sees at the next attempt
    sachstand::auth::recovery::unlock(&app.db, "admin")
        .await
        .expect("unlock");
    assert_eq!(login(home.clone(), PASSWORD).await, 303);
    // inactive accounts cannot log in
    app.exec("UPDATE users SET active = 0 WHERE username = 'admin'")
        .await;
    assert_eq!(login("198.51.100.7".into(), PASSWORD).await, 401);
}

/// Logging in again in the same browser ends the previous session on the server.
#[tokio::test]
async fn a_new_login_ends_the_previous_session_of_the_browser() {
    let app = spawn_app().await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    let first = app.count("SELECT count(*) FROM sessions").await;
    assert_eq!(first, 1);
    b.get("/anmelden").await;
    let r = b
        .post(
            "/anmelden",
            &[("username", "anna"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM sessions").await,
        1,
        "old session still valid"
    );
    assert_eq!(b.get("/massnahmen").await.status, 200);
}

/// Twenty parallel requests for a draft's PDF: at most a few are typeset (the rest wait
/// or get 503 with `Retry-After` and a German page), and an unchanged draft comes from
/// the cache. Before, every request started its own typesetting process.
#[tokio::test]
async fn draft_pdfs_are_typeset_a_few_at_a_time_and_cached() {
    let app = spawn_app().await;
    app.seed(3).await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    b.get("/berichte/neu").await;
    let r = b
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "1"),
                ("period_label", "2. Halbjahr 2026"),
                ("period_start", "01.07.2026"),
                ("cutoff_on", "30.11.2026"),
                ("vorlage_no", "W-1/2026"),
                ("addressee", "Finanz- und Verwaltungsausschuss"),
                ("committee_on", "15.12.2026"),
                ("summary", "Im Plan."),
                ("outlook", "Weiter so."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = r
        .location()
        .trim_start_matches("/berichte/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("report id");
    let url = format!("/berichte/{id}.pdf");
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (mut b, url) = (b.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let res = b.get_raw(&url).await;
            let retry = res
                .headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            (res.status, retry, res.bytes)
        }));
    }
    let mut ok = Vec::new();
    let mut busy = 0;
    for t in tasks {
        let (status, retry, body) = t.await.expect("task");
        match status {
            200 => ok.push(body),
            503 => {
                busy += 1;
                assert!(!retry.is_empty(), "503 without Retry-After");
                assert!(String::from_utf8_lossy(&body).contains("Bitte versuchen Sie es"));
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(
        busy >= 20 - 6,
        "{busy} busy answers: too many were admitted"
    );
    assert!(!ok.is_empty() && ok.iter().all(|p| p.starts_with(b"%PDF-")));
    assert!(ok.windows(2).all(|w| w[0] == w[1]), "same draft, same PDF");
    // unchanged: served from the cache, fast
    let started = std::time::Instant::now();
    let res = b.get_raw(&url).await;
    assert_eq!(res.status, 200);
    assert!(
        started.elapsed() < std::time::Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

/// A calendar feed address must not outlive the account's other credentials: an
/// administrator's password reset and a deactivation revoke it.
#[tokio::test]
async fn a_password_reset_or_deactivation_revokes_the_calendar_address() {
    let app = spawn_app().await;
    let anna = app.account("anna", Role::Ag).await;
    let mut admin = app.signed_in("chef", Role::Admin).await;
    for step in ["passwort", "aktiv"] {
        let mut b = app.browser();
        b.login("anna", PASSWORD).await;
        b.get("/sitzungen/kalender").await;
        let page = b.post("/sitzungen/kalender", &[]).await;
        let token = page
            .body
            .split("token=")
            .nth(1)
            .and_then(|t| t.split(['"', '<', '&']).next())
            .expect("feed token on the page")
            .to_string();
        let feed = format!("/sitzungen.ics?token={token}");
        assert_eq!(
            app.browser().get(&feed).await.status,
            200,
            "{step}: feed works"
        );
        admin.get("/verwaltung/benutzer").await;
        let fields: &[(&str, &str)] = if step == "aktiv" {
            &[("active", "0")]
        } else {
            &[]
        };
        let r = admin
            .post(&format!("/verwaltung/benutzer/{anna}/{step}"), fields)
            .await;
        assert!(r.status < 400, "{step}: {}", r.status);
        assert_ne!(
            app.browser().get(&feed).await.status,
            200,
            "{step}: feed still served"
        );
        app.exec(&format!("UPDATE users SET active = 1, password_hash = (SELECT password_hash FROM users WHERE username = 'chef') WHERE id = {anna}")).await;
    }
}

/// However many status updates a measure collects, its page shows 20 of them and links
/// to the older ones: 4,000 updates no longer make a 2 MB page.
#[tokio::test]
async fn a_measure_page_stays_bounded_however_long_its_history() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    app.exec(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
         INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel, progress, text, next_steps, blockers)
         SELECT {id}, NULL, printf('2026-01-01T00:00:%02dZ', i % 60) || printf('.%04d', i), 'umsetzung', 'gruen', 50,
                'Meldung Nummer ' || i, '', '' FROM n"
    ))
    .await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    let r = b.get(&format!("/massnahmen/{id}")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.len() < 200_000, "{} bytes", r.body.len());
    assert_eq!(r.body.matches("Meldung Nummer ").count(), 20);
    assert!(r.body.contains("Meldungen 1–20 von 4.000"), "summary");
    assert!(
        r.body
            .contains(&format!("/massnahmen/{id}?verlauf=2#verlauf"))
    );
    let r = b.get(&format!("/massnahmen/{id}?verlauf=200")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Meldungen 3981–4000 von 4.000"));
    assert!(r.body.contains("Neuere Meldungen") && !r.body.contains("Ältere Meldungen"));
    assert_eq!(
        b.get(&format!("/massnahmen/{id}?verlauf=abc")).await.status,
        400
    );
}

/// Codes and names refuse bidirectional controls and zero-width characters (422, input
/// kept, nothing written).
#[tokio::test]
async fn codes_and_names_refuse_invisible_control_characters() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    b.get("/organisation").await;
    let before = app.snapshot().await;
    let r = b
        .post(
            "/organisation/einheiten",
            &[
                ("unit_code", "Amt\u{200B}30"),
                ("unit_name", "Ordnung\u{202E}"),
                ("parent_id", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("unsichtbare Steuerzeichen"));
    assert_eq!(app.snapshot().await, before);
}

/// A login form post from a browser that (through the proxy) says it is `who`.
async fn login_from(b: &mut Browser, who: &str, user: &str, password: &str) -> u16 {
    b.get("/anmelden").await;
    let body = serde_urlencoded::to_string([
        ("csrf_token", b.csrf.as_str()),
        ("username", user),
        ("password", password),
        ("next", "/"),
    ])
    .expect("encode");
    b.request(
        Method::POST,
        "/anmelden",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-forwarded-for", who),
        ],
        Some(body.into_bytes()),
    )
    .await
    .status
}
