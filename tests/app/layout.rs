//! Issue 11, "Pages that fit the screen and the language": one Ampel rule on every page
//! (only running measures carry an Ampel), German plurals and units, labels that do not
//! repeat themselves. Figures are worked out by hand from the data set up here.

use sachstand::domain::Role;

use crate::reports::{article, create_report, programme, update, update_with};
use crate::support::spawn_app;

/// The page's text with the whitespace between tags removed, so that table rows can be
/// compared as one string.
fn squeeze(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pending_space = false;
    for line in html.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if pending_space && !t.starts_with('<') && !out.ends_with('>') {
            out.push(' ');
        }
        out.push_str(t);
        pending_space = true;
    }
    out
}

/// Four measures (programme of the report tests), on 01.03.2026:
/// m1 completed (Grün stored), m2 deferred (Gelb stored), m3 running Rot, m4 running Grün.
/// Running measures: m3 and m4 → Grün 1, Gelb 0, Rot 1. Counting every measure by its
/// stored colour (the old overview) would give Grün 2, Gelb 1, Rot 1.
async fn four_measures(app: &crate::support::TestApp) -> Vec<i64> {
    let m = programme(app).await;
    update(
        app,
        m[0],
        "2026-03-01T10:00:00Z",
        "abgeschlossen",
        "gruen",
        100,
        "Fertig",
    )
    .await;
    update(
        app,
        m[1],
        "2026-03-01T10:00:00Z",
        "zurueckgestellt",
        "gelb",
        0,
        "Haushaltssperre",
    )
    .await;
    update_with(
        app,
        m[2],
        "2026-03-01T10:00:00Z",
        "umsetzung",
        "rot",
        40,
        "Verzug",
        "Lieferant insolvent",
        "Neuvergabe",
    )
    .await;
    update(
        app,
        m[3],
        "2026-03-01T10:00:00Z",
        "umsetzung",
        "gruen",
        60,
        "Im Plan",
    )
    .await;
    app.exec(&format!(
        "UPDATE measures SET status = 'abgeschlossen', ampel = 'gruen', progress = 100 WHERE id = {};
         UPDATE measures SET status = 'zurueckgestellt', ampel = 'gelb', progress = 0 WHERE id = {};
         UPDATE measures SET status = 'umsetzung', ampel = 'rot', progress = 40 WHERE id = {};
         UPDATE measures SET status = 'umsetzung', ampel = 'gruen', progress = 60 WHERE id = {};",
        m[0], m[1], m[2], m[3]
    ))
    .await;
    m
}

#[tokio::test]
async fn overview_list_and_report_count_the_ampel_of_running_measures_only() {
    let app = spawn_app().await;
    let m = four_measures(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;

    // Overview: totals row = 6 status columns, then Grün, Gelb, Rot, then the total.
    let overview = squeeze(&ag.get("/").await.body);
    // Each cell carries its column's label for the phone layout (one card per row).
    let labels = [
        ("Geplant", 0),
        ("In Vorbereitung", 0),
        ("In Umsetzung", 2),
        ("Abgeschlossen", 1),
        ("Zurückgestellt", 1),
        ("Verworfen", 0),
        ("Grün – im Plan", 1),
        ("Gelb – Verzug/Risiko", 0),
        ("Rot – gefährdet", 1),
        ("Gesamt", 4),
    ];
    let cells: String = labels
        .iter()
        .map(|(label, n)| format!("<td class=\"num\" data-label=\"{label}\">{n}</td>"))
        .collect();
    let sums = &format!("<th scope=\"row\">Summe</th>{cells}");
    assert!(
        overview.contains(sums),
        "overview totals: {}",
        &overview[overview.find("Summe").unwrap_or(0)..]
            [..600.min(overview.len() - overview.find("Summe").unwrap_or(0))]
    );

    // The measure list counts the same.
    let list = ag.get("/massnahmen").await.body;
    for want in ["Grün: 1", "Gelb: 0", "Rot: 1"] {
        assert!(list.contains(want), "list lacks {want}");
    }
    // Filtering by colour finds running measures only.
    let green = ag.get("/massnahmen?ampel=gruen").await.body;
    assert!(green.contains("<strong>1 Maßnahme</strong>"), "Grün filter");
    assert!(green.contains("Maßnahme Nummer 4<") && !green.contains("Maßnahme Nummer 1<"));
    let amber = ag.get("/massnahmen?ampel=gelb").await.body;
    assert!(
        amber.contains("<strong>0 Maßnahmen</strong>"),
        "Gelb filter"
    );

    // The report for the half-year counts the same colours.
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/20/2026",
    )
    .await;
    let report = article(&ag.get(&format!("/berichte/{id}")).await);
    for (label, value) in [
        ("Ampel: Grün – im Plan", "1"),
        ("Ampel: Gelb – Verzug/Risiko", "0"),
        ("Ampel: Rot – gefährdet", "1"),
    ] {
        let row = format!("<th scope=\"row\">{label}</th><td class=\"num\">{value}</td>");
        assert!(report.contains(&row), "report lacks {row}");
    }

    // A completed measure shows no Ampel: not on its page, not in the list, not in the CSV.
    let detail = squeeze(&ag.get(&format!("/massnahmen/{}", m[0])).await.body);
    assert!(
        detail.contains("<dt>Ampel</dt><dd>keine"),
        "detail of a completed measure"
    );
    let row_start = list.find("Maßnahme Nummer 1<").expect("row of m1");
    let row = &list[row_start..row_start + list[row_start..].find("</tr>").unwrap()];
    assert!(
        !row.contains("class=\"ampel ") && row.contains("keine Ampel"),
        "list row of m1: {row}"
    );
    let csv = ag.get("/massnahmen.csv").await.body;
    let line = csv
        .lines()
        .find(|l| l.contains("Maßnahme Nummer 1;"))
        .expect("CSV line of m1");
    assert!(
        line.contains(";Abgeschlossen;;100;"),
        "CSV line of m1: {line}"
    );
    let line4 = csv
        .lines()
        .find(|l| l.contains("Maßnahme Nummer 4;"))
        .expect("CSV line of m4");
    assert!(
        line4.contains(";In Umsetzung;Grün;60;"),
        "CSV line of m4: {line4}"
    );

    // The overview's list of endangered measures: m3 only.
    assert!(overview.contains("Maßnahme Nummer 3</a>"));
}

#[tokio::test]
async fn plurals_units_and_labels_read_as_german() {
    let app = spawn_app().await;
    app.seed(3).await;
    app.exec(
        "INSERT INTO org_units (id, code, name) VALUES (3, 'Standesamt', 'Standesamt'), (4, 'Amt 30', 'Amt 30 – Recht');
         INSERT INTO goals (id, programme_id, title, indicator, unit, baseline, target_value, baseline_on, target_on)
           VALUES (1, 1, 'Papierverbrauch', 'Gedruckte Blätter', 'Blatt/Jahr', 180000, 40000, '2023-12-31', '2027-12-31');",
    )
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;

    let all = ag.get("/massnahmen").await.body;
    assert!(all.contains("<strong>3 Maßnahmen</strong>"));
    let one = ag.get("/massnahmen?q=nummer+2").await.body;
    assert!(one.contains("<strong>1 Maßnahme</strong>"));
    assert!(!all.contains("Maßnahme(n)"));
    // unit labels: the code is not repeated when the name carries it
    assert!(all.contains(">Standesamt</option>") && !all.contains("Standesamt – Standesamt"));
    assert!(all.contains(">Amt 30 – Recht</option>") && !all.contains("Amt 30 – Amt 30"));
    assert!(all.contains(">Amt 21 – Finanzen</option>"));
    // the account in the header: name and role once
    assert!(all.contains("ag1 (AG-Mitglied)"));

    let goals = ag.get("/ziele").await.body;
    assert!(
        goals.contains("180.000 Blatt/Jahr"),
        "goal with unit and thousands separator"
    );

    app.account("rat1", Role::Rat).await;
    app.exec("UPDATE users SET display_name = 'Ratsmitglied (Demo)' WHERE username = 'rat1'")
        .await;
    let mut rat = app.browser();
    assert_eq!(
        rat.login("rat1", crate::support::PASSWORD).await.status,
        303
    );
    let page = rat.get("/massnahmen").await.body;
    assert!(
        page.contains("<span class=\"account-name\">Ratsmitglied (Demo)</span>"),
        "header of the council member"
    );
    assert!(!page.contains("(Demo) (Ratsmitglied)"));
}

#[tokio::test]
async fn status_form_marks_the_amber_red_fields_and_pages_load_the_script() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let page = ag
        .get(&format!("/massnahmen/{}", seed.measures[0]))
        .await
        .body;
    assert!(page.contains("<script src=\"/static/app.js\" defer></script>"));
    assert!(page.contains("class=\"field-hint no-js-hint\">Nur bei Ampel Gelb oder Rot ausfüllen"));
    // the Ampel radio shows the colour once: badge and meaning, not "Grün Grün – im Plan"
    assert!(!page.contains("Grün</span> <span class=\"muted\">Grün – im Plan"));
    assert!(page.contains("Grün</span> im Plan</label>"));
    let js = ag.get("/static/app.js").await;
    assert_eq!(js.status, 200);
    assert!(js.body.contains("error-summary") && js.body.contains("ampel-discipline"));
}

// ---------------------------------------------------------------- the footer (issue 15)

/// The footer line of a page ("" when the page has no footer text besides the link).
fn footer_line(html: &str) -> String {
    let footer = html
        .split("<footer class=\"site-footer\">")
        .nth(1)
        .and_then(|f| f.split("</footer>").next())
        .unwrap_or_else(|| panic!("no footer in {html}"));
    footer
        .split("<span>")
        .nth(1)
        .and_then(|s| s.split("</span>").next())
        .unwrap_or("")
        .to_string()
}

async fn anonymous_page(app: &crate::support::TestApp, path: &str) -> String {
    let r = app.browser().get(path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r.body
}

/// The demo city's footer names its city and the resolution of its programme, read from
/// the data on every page (login, the public transparency page, signed-in pages), and
/// follows the data: a changed resolution number and a changed city show on the next page.
#[tokio::test]
async fn the_footer_names_the_city_and_the_resolution_from_the_data() {
    let app = spawn_app().await;
    sachstand::demo::load(
        &app.db.write,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
    )
    .await
    .expect("demo data");
    let demo = "Stadt Musterstadt – Arbeitspapier zur Digitalisierung in der Stadtverwaltung \
                (Beschluss-Nr. 567/24 vom 21.03.2024)";
    assert_eq!(footer_line(&anonymous_page(&app, "/anmelden").await), demo);
    assert_eq!(
        footer_line(&anonymous_page(&app, "/transparenz").await),
        demo
    );
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    assert_eq!(footer_line(&admin.get("/").await.body), demo);
    // an error page carries it too
    let missing = admin.get("/massnahmen/999999").await;
    assert_eq!(missing.status, 404);
    assert_eq!(footer_line(&missing.body), demo);

    // the programme's resolution is changed in the data behind this instance's back (as
    // `sachstand copy` or another instance would; the demo's second programme is a draft
    // without a resolution and is not named): it shows once the instance's line is older
    // than footer::TTL
    app.exec(
        "UPDATE programmes SET resolution_no = '12/26', resolution_date = '2026-02-05'
         WHERE resolution_no = '567/24'",
    )
    .await;
    tokio::time::sleep(sachstand::web::footer::TTL + std::time::Duration::from_millis(100)).await;
    let changed = "Stadt Musterstadt – Arbeitspapier zur Digitalisierung in der Stadtverwaltung \
                   (Beschluss-Nr. 12/26 vom 05.02.2026)";
    assert_eq!(
        footer_line(&anonymous_page(&app, "/anmelden").await),
        changed
    );
    assert_eq!(footer_line(&admin.get("/massnahmen").await.body), changed);

    // the admin renames the city in the letterhead form: a write through this instance
    // shows on the very next page
    admin.get("/verwaltung/briefkopf").await;
    let saved = admin
        .post(
            "/verwaltung/briefkopf",
            &[
                ("city", "Stadt Beispielhausen"),
                ("head", "Die Bürgermeisterin"),
                ("unit", "Amt für Digitales"),
                ("kind", "Informationsvorlage"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let renamed = anonymous_page(&app, "/transparenz").await;
    assert_eq!(
        footer_line(&renamed),
        "Stadt Beispielhausen – Arbeitspapier zur Digitalisierung in der Stadtverwaltung \
         (Beschluss-Nr. 12/26 vom 05.02.2026)"
    );
    assert!(!renamed.contains("567/24"));
}

/// A fresh installation names no city and no resolution; a draft programme without a
/// resolution is not named; of two resolved programmes the older one is.
#[tokio::test]
async fn the_footer_is_neutral_until_the_city_has_entered_its_data() {
    let app = spawn_app().await;
    let fresh = anonymous_page(&app, "/anmelden").await;
    assert_eq!(footer_line(&fresh), "");
    assert!(fresh.contains("<a href=\"/barrierefreiheit\">Erklärung zur Barrierefreiheit</a>"));
    assert!(!fresh.contains("Beschluss"));

    // each stage on an app of its own (its footer read for the first time)
    let draft = "INSERT INTO programmes (id, title, short_title, scope)
         VALUES (1, 'Entwurf Digitalstrategie', 'Entwurf', 'Kernverwaltung');
         UPDATE letterhead SET city = 'Gemeinde Beispiel' WHERE id = 1;";
    let resolved = "INSERT INTO programmes (id, title, short_title, scope, resolution_no, resolution_date, body)
         VALUES (2, 'Digitalstrategie 2030', 'Strategie', 'Kernverwaltung', '41/25', '2025-06-12', 'Gemeinderat'),
                (3, 'Digitalstrategie der Eigenbetriebe', 'Eigenbetriebe', 'Eigenbetriebe', '77/26', NULL, 'Gemeinderat');";
    let app = spawn_app().await;
    app.exec(draft).await;
    assert_eq!(
        footer_line(&anonymous_page(&app, "/anmelden").await),
        "Gemeinde Beispiel"
    );

    let app = spawn_app().await;
    app.exec(draft).await;
    app.exec(resolved).await;
    assert_eq!(
        footer_line(&anonymous_page(&app, "/anmelden").await),
        "Gemeinde Beispiel – Digitalstrategie 2030 (Beschluss-Nr. 41/25 vom 12.06.2025)"
    );

    let app = spawn_app().await;
    app.exec(draft).await;
    app.exec(resolved).await;
    app.exec("UPDATE programmes SET resolution_no = NULL WHERE id = 2")
        .await;
    assert_eq!(
        footer_line(&anonymous_page(&app, "/anmelden").await),
        "Gemeinde Beispiel – Digitalstrategie der Eigenbetriebe (Beschluss-Nr. 77/26)"
    );
}

/// Two cities on one PostgreSQL database: each host shows its own city's footer (the
/// footer is read in the request's tenant scope and kept per tenant, never one for all).
#[tokio::test]
async fn each_city_sees_its_own_footer() {
    if !crate::support::on_postgres() {
        println!("footer per city: PostgreSQL only (a SQLite file holds one city)");
        return;
    }
    let app = spawn_app().await;
    let database = app.pg.as_ref().expect("PostgreSQL database");
    let other = crate::harness::pg::add_tenant(database, "beispielstadt", "localhost").await;
    app.exec(
        "UPDATE letterhead SET city = 'Stadt Musterstadt' WHERE id = 1;
         INSERT INTO programmes (id, title, short_title, scope, resolution_no, resolution_date)
         VALUES (1, 'Arbeitspapier Digitalisierung', 'Arbeitspapier', 'Kernverwaltung', '567/24', '2024-03-21');",
    )
    .await;
    sachstand::db::raw_sql(
        "UPDATE letterhead SET city = 'Stadt Beispielstadt' WHERE id = 1;
         INSERT INTO programmes (title, short_title, scope, resolution_no)
         VALUES ('Digitalstrategie', 'Strategie', 'Kernverwaltung', '8/25');",
        &app.db.for_tenant(other).write,
    )
    .await
    .expect("the other city's data");
    let port = app.base.rsplit(':').next().expect("port").to_string();
    for _ in 0..3 {
        let mut here =
            crate::support::Browser::new(&format!("http://{}:{port}", crate::support::TEST_HOST));
        let mut there = crate::support::Browser::new(&format!("http://localhost:{port}"));
        assert_eq!(
            footer_line(&here.get("/anmelden").await.body),
            "Stadt Musterstadt – Arbeitspapier Digitalisierung (Beschluss-Nr. 567/24 vom 21.03.2024)"
        );
        assert_eq!(
            footer_line(&there.get("/anmelden").await.body),
            "Stadt Beispielstadt – Digitalstrategie (Beschluss-Nr. 8/25)"
        );
    }
}

/// No template carries a city's resolution as fixed text: the footer comes from the data.
#[test]
fn no_template_hard_codes_a_resolution_number() {
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/base.html"))
        .expect("base.html");
    assert!(
        !base.contains("567"),
        "base.html names the demo city's resolution"
    );
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates"
    ))];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("templates dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            seen += 1;
            let text = std::fs::read_to_string(&path).expect("template");
            assert!(
                !text.contains("Beschluss-Nr."),
                "{} names a resolution number as fixed text",
                path.display()
            );
        }
    }
    assert!(seen > 20, "the templates were found ({seen})");
}
