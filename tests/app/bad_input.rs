//! Generated bad input against every parser and every form: never a panic, never a 5xx,
//! nothing written when the answer is 4xx.

use proptest::prelude::*;
use sachstand::domain::Role;
use sachstand::domain::dates::parse_date;
use sachstand::domain::money::parse_euro;
use sachstand::domain::status_update::StatusUpdateForm;
use sachstand::measures::filter::FilterQuery;

use crate::harness::random::Lcg;
use crate::support::{ROUTE_MATRIX, spawn_app};

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn date_parser_never_panics_and_only_accepts_real_dates(s in "\\PC{0,16}") {
        if let Some(d) = parse_date(&s) {
            let round = d.format("%d.%m.%Y").to_string();
            prop_assert_eq!(parse_date(&round), Some(d));
        }
    }

    #[test]
    fn euro_parser_never_panics_and_never_goes_negative(s in "[-0-9.,€ a-z]{0,20}") {
        if let Some(c) = parse_euro(&s) {
            prop_assert!((0..=sachstand::domain::money::MAX_CENTS).contains(&c));
        }
    }

    #[test]
    fn filter_parser_never_panics(
        programm in "\\PC{0,8}", hf in "\\PC{0,8}", status in "\\PC{0,14}", ampel in "\\PC{0,8}",
        einheit in "\\PC{0,8}", q in "\\PC{0,250}", sort in "\\PC{0,12}", richtung in "\\PC{0,4}",
    ) {
        let f = FilterQuery { programm, hf, status, ampel, einheit, q, sort, richtung, archiv: String::new(), meine: String::new() };
        let _ = f.parse(Some(1));
        let _ = f.without_sort();
    }

    #[test]
    fn status_update_parser_never_panics_and_enforces_ampel_discipline(
        status in "(geplant|umsetzung|abgeschlossen|\\PC{0,10})",
        ampel in "(gruen|gelb|rot|\\PC{0,6})",
        progress in "(-?[0-9]{1,4}|\\PC{0,5})",
        text in "\\PC{0,50}",
        reason in "\\PC{0,10}",
        decision_by in "(2099-01-01|31.02.2027|\\PC{0,10})",
    ) {
        let form = StatusUpdateForm { status, ampel, progress, text, reason, decision_by, ..Default::default() };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        if let Ok(u) = form.parse(today) {
            prop_assert!((0..=100).contains(&u.progress));
            prop_assert!(!u.text.trim().is_empty());
            if u.ampel != sachstand::domain::Ampel::Gruen {
                prop_assert!(!u.reason.is_empty() && u.decision_by.is_some());
            }
        }
    }
}

const NASTY: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "101",
    "99999999999999999999",
    "1e9",
    "NaN",
    "30.02.2026",
    "2026-13-01",
    "31.12.1899",
    "'; DROP TABLE measures; --",
    "<script>alert(1)</script>",
    "\u{0}",
    "\r\n\t",
    "ä\u{202e}ö",
    "%00",
    "../../etc/passwd",
    "=SUM(A1)",
    "gelb",
    "rot",
    "abgeschlossen",
    "admin",
    "1.234,56",
    "-5,00",
    "on",
    "2.0",
    "1.1",
    "9",
    "1",
    "2",
];

const FIELDS: &[&str] = &[
    "status",
    "ampel",
    "progress",
    "text",
    "next_steps",
    "blockers",
    "reason",
    "options",
    "decision_by",
    "code",
    "title",
    "description",
    "field_id",
    "org_unit_id",
    "person_id",
    "priority",
    "planned_start",
    "planned_end",
    "actual_start",
    "effort_days",
    "dsb_relevant",
    "dsb_state",
    "dsb_date",
    "dsb_note",
    "isb_state",
    "pr_state",
    "ozg_key",
    "ozg_model",
    "ozg_level",
    "version",
    "ms_title",
    "ms_due",
    "username",
    "display_name",
    "role",
    "password",
    "admin_password",
    "active",
    "current",
    "new_password",
    "repeat",
    "next",
];

#[tokio::test]
async fn random_forms_against_every_post_route_never_give_5xx_or_partial_writes() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let id = seed.measures[0].to_string();
    app.exec(&format!(
        "INSERT INTO milestones (id, measure_id, title, due_on) VALUES (7, {id}, 'M', '2027-01-01')"
    ))
    .await;
    let target = app.account("ziel", Role::Ag).await.to_string();
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let routes = [
        format!("/massnahmen/{id}/sachstand"),
        "/massnahmen/neu".to_string(),
        format!("/massnahmen/{id}/bearbeiten"),
        format!("/massnahmen/{id}/meilensteine"),
        format!("/massnahmen/{id}/archivieren"),
        "/verwaltung/benutzer".to_string(),
        format!("/verwaltung/benutzer/{target}/rolle"),
        format!("/verwaltung/benutzer/{target}/aktiv"),
        "/konto/passwort".to_string(),
    ];
    let mut rng = Lcg::from_state(20261129);
    let mut by_status = std::collections::BTreeMap::new();
    for round in 0..300 {
        let path = &routes[round % routes.len()];
        let n = 1 + (rng.next() % 12) as usize;
        let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), admin.csrf.clone())];
        for _ in 0..n {
            let value = match rng.next() % 4 {
                0 => "x".repeat((rng.next() % 9000) as usize),
                _ => rng.pick(NASTY).to_string(),
            };
            fields.push((rng.pick(FIELDS).to_string(), value));
        }
        let before = app.snapshot().await;
        let r = admin.post_raw(path, &fields).await;
        *by_status.entry(r.status).or_insert(0) += 1;
        assert!(r.status < 500, "{path} {fields:?} → {}", r.status);
        if (400..500).contains(&r.status) {
            assert_eq!(
                before,
                app.snapshot().await,
                "{path} {fields:?} wrote on {}",
                r.status
            );
            assert!(r.body.contains("lang=\"de\""), "German page expected");
        }
        if r.status == 303 && r.location().starts_with("/anmelden") {
            // a random form may have ended the session (e.g. a role change): sign in again
            admin = app.signed_in(&format!("admin{round}"), Role::Admin).await;
        }
    }
    println!("bad input: 300 random forms, status counts {by_status:?}, 0 5xx");
}

#[tokio::test]
async fn random_query_strings_never_give_5xx() {
    let app = spawn_app().await;
    app.seed(3).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut rng = Lcg::from_state(42);
    let keys = [
        "programm", "hf", "status", "ampel", "einheit", "q", "sort", "richtung", "archiv", "meine",
        "meldung", "vor", "next",
    ];
    for i in 0..200 {
        let mut pairs = Vec::new();
        for _ in 0..(1 + rng.next() % 6) {
            pairs.push((rng.pick(&keys).to_string(), rng.pick(NASTY).to_string()));
        }
        let qs = serde_urlencoded::to_string(&pairs).unwrap();
        let path = [
            "/massnahmen",
            "/massnahmen.csv",
            "/",
            "/anmelden",
            "/verwaltung/protokoll",
        ][i % 5];
        let r = ag.get(&format!("{path}?{qs}")).await;
        assert!(r.status < 500, "{path}?{qs} → {}", r.status);
    }
    // raw, malformed percent-encoding and non-UTF-8
    for raw in ["%ff%fe", "q=%", "status=%e4", "hf=1&hf=2"] {
        let r = ag.get(&format!("/massnahmen?{raw}")).await;
        assert!(r.status < 500, "{raw} → {}", r.status);
    }
}

/// Every POST route of the route matrix, on the full demo data set, with random forms:
/// new pages are covered as soon as their routes are listed.
#[tokio::test]
async fn random_forms_against_every_route_in_the_matrix_on_demo_data() {
    let app = spawn_app().await;
    sachstand::demo::load(&app.db.write, chrono::Utc::now().date_naive())
        .await
        .expect("demo data");
    let matrix = std::fs::read_to_string(ROUTE_MATRIX).unwrap();
    let routes: Vec<String> = matrix
        .lines()
        .filter(|l| l.starts_with("POST"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|p| !matches!(*p, "/abmelden" | "/anmelden"))
        .map(|p| {
            p.replace("{id}", "1")
                .replace("{top}", "1")
                .replace("{ms}", "1")
        })
        .collect();
    assert!(routes.len() > 40, "{routes:?}");
    let mut rng = Lcg::from_state(7);
    let mut by_status = std::collections::BTreeMap::new();
    let mut requests = 0;
    let mut admin = app.signed_in("fuzzadmin", Role::Admin).await;
    for path in &routes {
        for _ in 0..6 {
            let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), admin.csrf.clone())];
            for _ in 0..(1 + rng.next() % 10) {
                let value = match rng.next() % 5 {
                    0 => "x".repeat((rng.next() % 6000) as usize),
                    _ => rng.pick(NASTY).to_string(),
                };
                fields.push((rng.pick(FIELDS).to_string(), value));
            }
            let before = app.snapshot_except(&["sessions"]).await;
            let r = admin.post_raw(path, &fields).await;
            requests += 1;
            *by_status.entry(r.status).or_insert(0) += 1;
            assert!(
                r.status < 500,
                "{path} {fields:?} → {}: {}",
                r.status,
                &r.body[..r.body.len().min(400)]
            );
            if (400..500).contains(&r.status) {
                assert_eq!(
                    before,
                    app.snapshot_except(&["sessions"]).await,
                    "{path} wrote on {}",
                    r.status
                );
            }
            if r.status == 303 && r.location().starts_with("/anmelden") {
                admin = app
                    .signed_in(&format!("fuzzadmin{requests}"), Role::Admin)
                    .await;
            } else {
                // pick up a fresh token if the page carries one
                admin.get("/").await;
            }
        }
    }
    println!(
        "bad input (all routes): {} routes, {requests} random forms, status counts {by_status:?}, 0 5xx",
        routes.len()
    );
}
