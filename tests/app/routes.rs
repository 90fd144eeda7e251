//! Deny by default: every route × method × role against the checked-in matrix in
//! `tests/route_matrix.txt`. A route in the source that the matrix does not list fails.

use std::collections::BTreeSet;

use axum::http::Method;
use sachstand::domain::Role;

use crate::support::{Browser, ROUTE_MATRIX, spawn_app};

struct Entry {
    method: String,
    path: String,
    expect: [String; 5],
}

fn matrix() -> Vec<Entry> {
    let text = std::fs::read_to_string(ROUTE_MATRIX).expect("route matrix");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(cols.len(), 7, "bad matrix line: {l}");
            Entry {
                method: cols[0].to_string(),
                path: cols[1].to_string(),
                expect: [cols[2], cols[3], cols[4], cols[5], cols[6]].map(str::to_string),
            }
        })
        .collect()
}

/// Routes declared in the source: `.route("/path", get(..).post(..))`.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let re = regex_lite::Regex::new(r#"\.route\(\s*"([^"]+)",\s*([^;]*?)\)\s*(?:\n|$)"#).unwrap();
    let mut found = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let src = std::fs::read_to_string(&p).unwrap();
                for c in re.captures_iter(&src) {
                    for (needle, method) in [("get(", "GET"), ("post(", "POST")] {
                        if c[2].contains(needle) {
                            found.insert((method.to_string(), c[1].to_string()));
                        }
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_route_in_the_source_is_in_the_matrix() {
    let listed: BTreeSet<(String, String)> =
        matrix().into_iter().map(|e| (e.method, e.path)).collect();
    let source = routes_in_source();
    assert!(
        source.len() >= 20,
        "route scan found too few routes: {source:?}"
    );
    let missing: Vec<_> = source.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "routes missing from tests/route_matrix.txt: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&source).collect();
    assert!(
        stale.is_empty(),
        "matrix lists routes that do not exist: {stale:?}"
    );
}

#[tokio::test]
async fn every_role_gets_exactly_what_the_matrix_allows() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let target_user = app.account("zielkonto", Role::Ag).await;
    app.exec(&format!(
        "INSERT INTO milestones (id, measure_id, title, due_on) VALUES (7, {}, 'Vergabe', '2027-03-31')",
        seed.measures[0]
    ))
    .await;
    let roles = [Role::Admin, Role::Ag, Role::Leitung, Role::Rat];
    let mut checked = 0;
    for entry in matrix() {
        let path = entry
            .path
            .replace(
                "{id}",
                &if entry.path.starts_with("/verwaltung") {
                    target_user
                } else {
                    seed.measures[0]
                }
                .to_string(),
            )
            .replace("{ms}", "7")
            .replace("{top}", "1");
        // anonymous
        let mut anon = Browser::new(&app.base);
        anon.get("/anmelden").await;
        let r = if entry.method == "GET" {
            anon.get(&path).await
        } else {
            anon.post(&path, &[]).await
        };
        match entry.expect[0].as_str() {
            "login" => {
                assert_eq!(r.status, 303, "anon {} {}", entry.method, path);
                assert!(
                    r.location().starts_with("/anmelden"),
                    "anon {} {}",
                    entry.method,
                    path
                );
            }
            "open" => assert!(
                r.status < 500 && r.status != 403,
                "anon {} {} → {}",
                entry.method,
                path,
                r.status
            ),
            other => panic!("unknown anon expectation {other}"),
        }
        for (i, role) in roles.iter().enumerate() {
            let name = format!("{}-{}-{}", role.key(), checked, i);
            // a fresh session per request: some routes (logout, password reset) end sessions
            let mut b = app.signed_in(&name, *role).await;
            let before = app.snapshot().await;
            let r = if entry.method == "GET" {
                b.get(&path).await
            } else {
                b.post(&path, &[]).await
            };
            let what = format!("{} {} {} → {}", role.key(), entry.method, path, r.status);
            match entry.expect[i + 1].as_str() {
                "ok" => {
                    assert!(r.status != 403 && r.status < 500, "{what}");
                    // logging out is the one allowed way back to the login page
                    if entry.path != "/abmelden" {
                        assert!(!r.location().starts_with("/anmelden"), "{what}");
                    }
                }
                "deny" => {
                    assert_eq!(r.status, 403, "{what}");
                    assert!(r.body.contains("Keine Berechtigung"), "{what}");
                    assert_eq!(before, app.snapshot().await, "{what}: database changed");
                }
                other => panic!("unknown expectation {other}"),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, matrix().len() * 4);
}

#[tokio::test]
async fn get_and_head_never_change_the_domain_tables() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let before = app.snapshot().await;
    for e in matrix().into_iter().filter(|e| e.method == "GET") {
        let path = e
            .path
            .replace("{id}", &seed.measures[0].to_string())
            .replace("{top}", "1");
        let r = admin.get(&path).await;
        assert!(r.status < 500, "{path}");
        let head = admin.request(Method::HEAD, &path, &[], None).await;
        assert!(head.status < 500, "HEAD {path}");
    }
    assert_eq!(before, app.snapshot().await);
}

#[tokio::test]
async fn unknown_methods_paths_and_file_probes_get_german_4xx_pages() {
    let app = spawn_app().await;
    let mut b = app.signed_in("admin1", Role::Admin).await;
    for probe in [
        "/.git/config",
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/test.db",
        "/static/nicht-da.css",
    ] {
        let r = b.get(probe).await;
        assert_eq!(r.status, 404, "{probe}");
    }
    let r = b.request(Method::DELETE, "/massnahmen", &[], None).await;
    assert_eq!(r.status, 405);
    assert!(r.text().contains("nicht erlaubt"));
    let big = "x".repeat(2 * 1024 * 1024);
    let body = format!("csrf_token={}&title={big}", b.csrf);
    let r = b
        .request(
            Method::POST,
            "/massnahmen/neu",
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(body.into_bytes()),
        )
        .await;
    assert_eq!(r.status, 413);
    assert!(r.text().contains("zu groß"));
}
