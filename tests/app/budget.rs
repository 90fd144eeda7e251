//! The budget plan: sums worked out by hand, CSV for German Excel, adding and editing
//! lines with validation and optimistic locking.

use sachstand::domain::Role;

use crate::support::{Audit, TestApp, spawn_app};

/// Measure 1 is in HF1, measure 2 in HF2 (see `seed`).
async fn lines(app: &TestApp, m: &[i64]) {
    app.exec(&format!(
        "INSERT INTO budget_lines (measure_id, fiscal_year, kind, product, account, planned, approved, actual, note) VALUES
          ({a}, 2027, 'investiv',  '1.1.1.06', '7831', 1000000, 800000, 850000, '=HYPERLINK(\"x\")'),
          ({a}, 2027, 'konsumtiv', '1.1.1.06', '5431',  500000, 500000, 120000, ''),
          ({b}, 2027, 'investiv',  '1.2.2.02', '7831',  250000, 250000,      0, ''),
          ({b}, 2028, 'konsumtiv', '1.2.2.02', '5431',  300000,      0,      0, ''),
          ({a}, 2030, 'konsumtiv', '1.1.1.06', '5431',  100000,      0,      0, ''),
          ({a}, 2031, 'konsumtiv', '1.1.1.06', '5431',  999900,      0,      0, '');",
        a = m[0],
        b = m[1]
    ))
    .await;
}

#[tokio::test]
async fn budget_page_sums_by_field_kind_and_account_with_deviations_and_medium_term() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    lines(&app, &seed.measures).await;
    let mut ob = app.signed_in("ob1", Role::Leitung).await;
    let r = ob.get("/haushalt?jahr=2027").await;
    assert_eq!(r.status, 200);
    // HF1 2027: plan 10.000 + 5.000 = 15.000; Ansatz 8.000 + 5.000 = 13.000; Ist 8.500 + 1.200 = 9.700
    assert!(r.contains("15.000,00\u{a0}€"));
    assert!(r.contains("13.000,00\u{a0}€"));
    assert!(r.contains("9.700,00\u{a0}€"));
    // Ansatz − Plan HF1 = −2.000; Ist − Ansatz HF1 = −3.300
    assert!(r.contains("−2.000,00\u{a0}€"));
    assert!(r.contains("−3.300,00\u{a0}€"));
    // investiv: Ist 8.500 vs Ansatz 10.500 (8.000 + 2.500); the investiv line of HF1 alone is over
    // budget only per line, not per sum, so no "überschritten" on the kind table for investiv.
    assert!(r.contains("10.500,00\u{a0}€"));
    // total 2027: plan 17.500, Ansatz 15.500, Ist 9.700 → 63 % used
    assert!(r.contains("17.500,00\u{a0}€"));
    assert!(r.contains("15.500,00\u{a0}€"));
    assert!(r.contains("63 %"));
    // Produkt/Sachkonto group "1.1.1.06 / 7831": Ist 8.500 > Ansatz 8.000 → flagged
    assert!(r.contains("1.1.1.06 / 7831"));
    assert!(r.contains("überschritten"));
    // medium term 2027–2030: the 2031 line is outside, total 17.500 + 3.000 + 0 + 1.000 = 21.500
    assert!(r.contains("Mittelfristige Finanzplanung (Plan, 2027–2030)"));
    assert!(r.contains("21.500,00\u{a0}€"));
    assert!(!r.contains("9.999,00\u{a0}€"));
    // programme filter and bad year
    assert_eq!(ob.get("/haushalt?jahr=2027&programm=1").await.status, 200);
    assert_eq!(ob.get("/haushalt?jahr=zwei").await.status, 400);
    assert_eq!(ob.get("/haushalt?programm=x").await.status, 400);
}

#[tokio::test]
async fn budget_csv_follows_german_excel_conventions() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    lines(&app, &seed.measures).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let r = ag.get("/haushalt.csv?jahr=2027").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/csv"));
    assert!(r.body.starts_with('\u{feff}'));
    let rows: Vec<&str> = r
        .body
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .collect();
    assert!(rows[0].starts_with("Haushaltsjahr;Nr.;Maßnahme;"));
    assert_eq!(rows.iter().filter(|l| l.starts_with("2027;")).count(), 3);
    assert!(r.body.contains("10000,00;8000,00;8500,00;500,00;"));
    assert!(
        r.body.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "formula neutralised: {}",
        r.body
    );
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert_eq!(rat.get("/haushalt.csv?jahr=2027").await.status, 403);
}

#[tokio::test]
async fn ag_member_adds_and_edits_a_budget_line_with_validation_and_locking() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let m = seed.measures[0].to_string();
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/haushalt?jahr=2027").await;
    let before = app.snapshot().await;
    let bad = [
        ("measure_id", m.as_str()),
        ("fiscal_year", "2027"),
        ("kind", "investiv"),
        ("product", "1.1.1.06"),
        ("account", "7831"),
        ("planned", "12.500,999"),
        ("approved", "-1"),
        ("actual", ""),
        ("note", "Server"),
    ];
    let r = ag.post("/haushalt/zeilen", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Plan: Bitte geben Sie einen Betrag in Euro ohne Vorzeichen ein"));
    assert!(r.contains("Ansatz: Bitte geben Sie einen Betrag in Euro ohne Vorzeichen ein"));
    assert!(r.body.contains("value=\"12.500,999\""));
    assert_eq!(before, app.snapshot().await);

    let good = [
        ("measure_id", m.as_str()),
        ("fiscal_year", "2027"),
        ("kind", "investiv"),
        ("product", "1.1.1.06"),
        ("account", "7831"),
        ("planned", "12.500,50"),
        ("approved", "10.000"),
        ("actual", ""),
        ("note", "Server"),
    ];
    let r = ag.post("/haushalt/zeilen", &good).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.contains("Die Haushaltszeile wurde gespeichert."));
    assert!(page.contains("12.500,50\u{a0}€"));
    let id = app.count("SELECT max(id) FROM budget_lines").await;
    assert_eq!(
        app.count(&format!("SELECT planned FROM budget_lines WHERE id = {id}"))
            .await,
        1_250_050
    );
    app.assert_audited(Audit::action("haushaltszeile_anlegen"), 1)
        .await;

    // Edit: Ist booked. Then a stale second save gets 409 with both sides.
    let form = ag.get(&format!("/haushalt/zeilen/{id}")).await;
    assert!(form.body.contains("value=\"12500,50\""));
    let mut edit: Vec<(&str, &str)> = good.to_vec();
    edit.retain(|(k, _)| *k != "actual");
    edit.push(("actual", "4.000"));
    edit.push(("version", "1"));
    let r = ag.post(&format!("/haushalt/zeilen/{id}"), &edit).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        app.count(&format!("SELECT actual FROM budget_lines WHERE id = {id}"))
            .await,
        400_000
    );
    let before = app.snapshot().await;
    let r = ag.post(&format!("/haushalt/zeilen/{id}"), &edit).await;
    assert_eq!(r.status, 409);
    assert!(r.contains("Die Haushaltszeile wurde inzwischen geändert – von ag"));
    assert_eq!(before, app.snapshot().await);
    app.assert_audited(Audit::action("haushaltszeile_bearbeiten"), 1)
        .await;
}
