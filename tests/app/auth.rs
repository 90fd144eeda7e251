//! Login, sessions, throttling, CSRF and security headers, as a browser meets them.

use axum::http::Method;
use sachstand::domain::Role;

use crate::support::{Audit, Browser, PASSWORD, spawn_app};

#[tokio::test]
async fn anonymous_visitor_is_sent_to_login_and_back_after_signing_in() {
    let app = spawn_app().await;
    app.account("ag1", Role::Ag).await;
    let mut b = app.browser();
    let r = b.get("/massnahmen?ampel=rot").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/anmelden?next=%2Fmassnahmen%3Fampel%3Drot");
    let page = b.follow(&r).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"name="csrf_token""#));
    assert!(
        page.body
            .contains(r#"name="next" value="/massnahmen?ampel=rot""#)
    );
    let r = b
        .post(
            "/anmelden",
            &[
                ("username", "ag1"),
                ("password", PASSWORD),
                ("next", "/massnahmen?ampel=rot"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/massnahmen?ampel=rot");
    let page = b.follow(&r).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Maßnahmen</h1>"));
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.account("ag1", Role::Ag).await;
    let mut a = app.browser();
    a.get("/anmelden").await;
    let wrong = a
        .post(
            "/anmelden",
            &[
                ("username", "ag1"),
                ("password", "falsches-passwort-1"),
                ("next", "/"),
            ],
        )
        .await;
    let mut b = app.browser();
    b.get("/anmelden").await;
    let unknown = b
        .post(
            "/anmelden",
            &[
                ("username", "niemand"),
                ("password", "falsches-passwort-1"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    let normalise = |s: &str, tok: &str, user: &str| s.replace(tok, "TOKEN").replace(user, "USER");
    assert_eq!(
        normalise(&wrong.body, &a.csrf, "ag1"),
        normalise(&unknown.body, &b.csrf, "niemand")
    );
    assert!(
        wrong
            .body
            .contains("Benutzername oder Passwort ist falsch.")
    );
    assert!(wrong.body.contains("<title>Fehler: Anmelden"));
    // the typed user name is kept, the password is not
    assert!(wrong.body.contains(r#"value="ag1""#));
    assert!(!wrong.body.contains("falsches-passwort-1"));
}

#[tokio::test]
async fn login_issues_a_fresh_session_id_and_logout_ends_it() {
    let app = spawn_app().await;
    app.account("ag1", Role::Ag).await;
    let mut b = app.browser();
    let first = b.login("ag1", PASSWORD).await;
    let cookie1 = first.header("set-cookie").to_string();
    assert!(cookie1.contains("HttpOnly") && cookie1.contains("SameSite=Lax"));
    let mut b2 = app.browser();
    let second = b2.login("ag1", PASSWORD).await;
    assert_ne!(cookie1, second.header("set-cookie"));
    // the stored value is a hash, never the cookie itself
    let raw = cookie1
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("sachstand_sid=")
        .to_string();
    assert_eq!(raw.len(), 64);
    let stored = app
        .count(&format!(
            "SELECT count(*) FROM sessions WHERE id_hash = '{raw}'"
        ))
        .await;
    assert_eq!(stored, 0);

    b.get("/").await;
    let out = b.post("/abmelden", &[]).await;
    assert_eq!(out.status, 303);
    let after = b.get("/massnahmen").await;
    assert_eq!(after.status, 303, "session must be gone after logout");
    // the other browser is still signed in
    assert_eq!(b2.get("/massnahmen").await.status, 200);
}

#[tokio::test]
async fn login_is_throttled_per_client_with_retry_after() {
    let app = spawn_app().await;
    let mut b = app.browser();
    b.get("/anmelden").await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let r = b
            .post(
                "/anmelden",
                &[
                    ("username", "x"),
                    ("password", "falsch-falsch-1"),
                    ("next", "/"),
                ],
            )
            .await;
        statuses.push(r.status);
        if r.status == 429 {
            assert!(!r.header("retry-after").is_empty());
            assert!(r.body.contains("Zu viele Anmeldeversuche"));
        }
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn next_parameter_only_redirects_to_local_paths() {
    let app = spawn_app().await;
    app.account("ag1", Role::Ag).await;
    for evil in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
        let mut b = app.browser();
        b.get("/anmelden").await;
        let r = b
            .post(
                "/anmelden",
                &[("username", "ag1"), ("password", PASSWORD), ("next", evil)],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.location(), "/", "next={evil}");
    }
}

#[tokio::test]
async fn csrf_missing_wrong_or_foreign_is_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let other = app.signed_in("ag2", Role::Ag).await;
    // login/logout write audit rows, the failure counter and the throttle's own
    // bookkeeping (where each account signed in from); everything else must stay
    const LOGIN_TABLES: &[&str] = &[
        "audit_log",
        "users",
        "login_known",
        "login_address_failures",
        "login_pair_failures",
    ];
    let before = app.snapshot_except(LOGIN_TABLES).await;
    let path = format!("/massnahmen/{id}/sachstand");
    let fields = |tok: Option<&str>| {
        let mut v: Vec<(String, String)> = vec![
            ("status".into(), "umsetzung".into()),
            ("ampel".into(), "gruen".into()),
            ("progress".into(), "50".into()),
            ("text".into(), "Sollte nicht gespeichert werden".into()),
        ];
        if let Some(t) = tok {
            v.push(("csrf_token".into(), t.into()));
        }
        v
    };
    let missing = ag.post_raw(&path, &fields(None)).await;
    let wrong = ag.post_raw(&path, &fields(Some(&"0".repeat(64)))).await;
    let foreign_token = other.csrf.clone();
    let foreign = ag.post_raw(&path, &fields(Some(&foreign_token))).await;
    for r in [&missing, &wrong, &foreign] {
        assert_eq!(r.status, 403);
        assert!(r.body.contains("Formular abgelaufen"));
    }
    // a valid token from a logged-out session
    let old_token = ag.csrf.clone();
    ag.post("/abmelden", &[]).await;
    let mut again = app.browser();
    again.login("ag1", PASSWORD).await;
    let stale = again.post_raw(&path, &fields(Some(&old_token))).await;
    assert_eq!(stale.status, 403);
    assert_eq!(app.count("SELECT count(*) FROM status_updates").await, 0);
    assert_eq!(
        before,
        app.snapshot_except(LOGIN_TABLES).await,
        "domain tables changed"
    );
    app.assert_audited(
        Audit::all().except(&["anmelden", "abmelden", "benutzer_anlegen"]),
        0,
    )
    .await;
}

#[tokio::test]
async fn cross_site_posts_are_refused_even_with_a_valid_token() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let body = serde_urlencoded::to_string([
        ("csrf_token", ag.csrf.as_str()),
        ("status", "umsetzung"),
        ("ampel", "gruen"),
        ("progress", "50"),
        ("text", "x"),
    ])
    .unwrap();
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = ag
            .request(
                Method::POST,
                &format!("/massnahmen/{}/sachstand", seed.measures[0]),
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    (name, value),
                ],
                Some(body.clone().into_bytes()),
            )
            .await;
        assert_eq!(r.status, 403, "{name}: {value}");
    }
    assert_eq!(app.count("SELECT count(*) FROM status_updates").await, 0);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let mut anon = Browser::new(&app.base);
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let pages = [
        anon.get("/anmelden").await,
        anon.get("/gibt-es-nicht").await,
        ag.get("/").await,
        ag.get("/massnahmen").await,
        ag.get("/verwaltung/benutzer").await,
    ];
    for r in &pages {
        assert_eq!(
            r.header("content-security-policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        );
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("referrer-policy"), "same-origin");
        assert_eq!(r.header("x-frame-options"), "DENY");
        assert_eq!(r.header("cache-control"), "no-store");
        assert!(!r.body.contains("style=\""), "inline style found");
        for (i, _) in r.body.match_indices("<script") {
            assert!(
                r.body[i..].starts_with("<script src=\"/static/"),
                "inline script found"
            );
        }
    }
    assert_eq!(pages[1].status, 404);
    assert!(pages[1].body.contains("Seite nicht gefunden"));
    assert_eq!(pages[4].status, 403);
}

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let mut b = app.browser();
    let r = b.get("/healthz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, "ok");
}

#[tokio::test]
async fn error_pages_keep_the_navigation_for_signed_in_users() {
    let app = spawn_app().await;
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    for (path, status) in [
        ("/organisation", 403),
        ("/gibt-es-nicht", 404),
        ("/massnahmen/424242", 404),
    ] {
        let r = rat.get(path).await;
        assert_eq!(r.status, status, "{path}");
        assert!(
            r.body.contains("Hauptnavigation"),
            "{path}: navigation missing"
        );
        assert!(r.body.contains("Abmelden"), "{path}: logout missing");
    }
    let mut anon = Browser::new(&app.base);
    let r = anon.get("/gibt-es-nicht").await;
    assert_eq!(r.status, 404);
    assert!(!r.body.contains("Abmelden"));
}

#[tokio::test]
async fn changing_the_own_password_needs_the_old_one_and_ends_other_sessions() {
    let app = spawn_app().await;
    let mut here = app.signed_in("ag1", Role::Ag).await;
    let mut elsewhere = app.browser();
    assert_eq!(elsewhere.login("ag1", PASSWORD).await.status, 303);
    here.get("/konto/passwort").await;
    let before = app.snapshot().await;
    let r = here
        .post(
            "/konto/passwort",
            &[
                ("current", "falsch-falsch-1"),
                ("new_password", "neues-passwort-2026"),
                ("repeat", "anders"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Das bisherige Passwort ist nicht korrekt."));
    assert!(r.body.contains("Die Wiederholung stimmt nicht"));
    assert_eq!(before, app.snapshot().await);
    let r = here
        .post(
            "/konto/passwort",
            &[
                ("current", PASSWORD),
                ("new_password", "neues-passwort-2026"),
                ("repeat", "neues-passwort-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = here.follow(&r).await;
    assert!(
        page.body
            .contains("Alle anderen Anmeldungen wurden beendet.")
    );
    assert_eq!(
        here.get("/massnahmen").await.status,
        200,
        "this session stays"
    );
    assert_eq!(
        elsewhere.get("/massnahmen").await.status,
        303,
        "the other session ended"
    );
    let mut fresh = app.browser();
    assert_eq!(fresh.login("ag1", PASSWORD).await.status, 401);
    assert_eq!(fresh.login("ag1", "neues-passwort-2026").await.status, 303);
    app.assert_audited(Audit::action("passwort_aendern"), 1)
        .await;
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions_and_extending_keeps_one_alive() {
    let app = spawn_app().await;
    let mut b = app.signed_in("ag1", Role::Ag).await;
    let page = b.get("/").await;
    assert!(page.body.contains("Sitzung verlängern"));
    assert!(
        page.body
            .contains(r#"<script src="/static/session.js" defer></script>"#)
    );
    // 25 minutes idle: still valid; extending resets the clock
    app.exec(&format!(
        "UPDATE sessions SET last_seen_at = '{}'",
        crate::support::seconds_ago(25 * 60)
    ))
    .await;
    let r = b.post("/konto/sitzung", &[("next", "/massnahmen")]).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/massnahmen");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM sessions WHERE last_seen_at > '{}'",
            crate::support::seconds_ago(60)
        ))
        .await,
        1
    );
    // 31 minutes idle: gone
    app.exec(&format!(
        "UPDATE sessions SET last_seen_at = '{}'",
        crate::support::seconds_ago(31 * 60)
    ))
    .await;
    assert_eq!(b.get("/massnahmen").await.status, 303);
    // absolute timeout of 12 hours even when active
    let mut c = app.browser();
    c.login("ag1", PASSWORD).await;
    app.exec(&format!(
        "UPDATE sessions SET created_at = '{}'",
        crate::support::seconds_ago(13 * 3600)
    ))
    .await;
    assert_eq!(c.get("/massnahmen").await.status, 303);
}
