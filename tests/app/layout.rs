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
