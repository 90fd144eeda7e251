//! The measure list and overview: archive and restore, filters, sorting and counts, the CSV
//! export, and the council members' read-only view.

use sachstand::domain::Role;

use super::status_form;
use crate::support::{Audit, Browser, PASSWORD, spawn_app};

#[tokio::test]
async fn measures_are_archived_not_deleted_and_can_be_restored() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get(&format!("/massnahmen/{id}")).await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/archivieren"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    let list = ag.get("/massnahmen").await;
    assert!(!list.body.contains(&format!("href=\"/massnahmen/{id}\"")));
    assert!(list.body.contains("<strong>1 Maßnahme</strong>"));
    let list = ag.get("/massnahmen?archiv=1").await;
    assert!(list.body.contains(&format!("href=\"/massnahmen/{id}\"")));
    assert!(list.body.contains("archiviert"));
    // an archived measure takes no status updates and no edits
    let r = ag
        .post(
            &format!("/massnahmen/{id}/sachstand"),
            &status_form("gruen", "x"),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        ag.get(&format!("/massnahmen/{id}/bearbeiten")).await.status,
        400
    );
    ag.get(&format!("/massnahmen/{id}")).await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/wiederherstellen"),
            &[("version", "2")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM measures WHERE archived_at IS NULL")
            .await,
        2
    );
    app.assert_audited(Audit::actions(&["archivieren", "wiederherstellen"]), 2)
        .await;
}

#[tokio::test]
async fn the_list_filters_sorts_and_counts() {
    let app = spawn_app().await;
    let seed = app.seed(6).await;
    app.exec(&format!(
        "UPDATE measures SET ampel = 'rot' WHERE id = {}",
        seed.measures[2]
    ))
    .await;
    app.exec(&format!(
        "UPDATE measures SET status = 'geplant', title = 'Aaa zuerst' WHERE id = {}",
        seed.measures[5]
    ))
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;

    let all = ag.get("/massnahmen").await;
    assert!(all.body.contains("<strong>6 Maßnahmen</strong>"));
    assert!(all.body.contains("In Umsetzung: 5"));
    assert!(all.body.contains("Geplant: 1"));
    assert!(all.body.contains("Rot: 1"));

    let red = ag.get("/massnahmen?ampel=rot").await;
    assert!(red.body.contains("<strong>1 Maßnahme</strong>"));
    assert!(red.body.contains("Maßnahme Nummer 3"));

    let field = ag.get("/massnahmen?hf=2&einheit=2").await;
    assert!(field.body.contains("<strong>3 Maßnahmen</strong>"));

    let text = ag.get("/massnahmen?q=nummer+4").await;
    assert!(text.body.contains("<strong>1 Maßnahme</strong>"));
    // LIKE wildcards are taken literally
    let wild = ag.get("/massnahmen?q=%25").await;
    assert!(wild.body.contains("<strong>0 Maßnahmen</strong>"));

    let by_title = ag.get("/massnahmen?sort=titel&richtung=auf").await;
    let first = by_title.body.find("Aaa zuerst").unwrap();
    let other = by_title.body.find("Maßnahme Nummer 1<").unwrap();
    assert!(first < other);
    assert!(by_title.body.contains(r#"aria-sort="ascending""#));
    let desc = ag.get("/massnahmen?sort=titel&richtung=ab").await;
    assert!(desc.body.find("Aaa zuerst").unwrap() > desc.body.find("Maßnahme Nummer 1<").unwrap());

    for bad in [
        "?status=fertig",
        "?sort=id;drop",
        "?hf=x",
        "?richtung=seitwaerts",
        "?ampel=blau",
    ] {
        let r = ag.get(&format!("/massnahmen{bad}")).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.body.contains("ungültig"), "{bad}");
    }
}

#[tokio::test]
async fn csv_export_suits_german_excel_and_neutralises_formulas() {
    let app = spawn_app().await;
    let seed = app.seed(3).await;
    app.exec(&format!(
        "UPDATE measures SET title = '=HYPERLINK(\"http://evil.example\";\"klick\")' WHERE id = {}",
        seed.measures[0]
    ))
    .await;
    app.exec(&format!(
        "UPDATE measures SET title = 'Titel; mit \"Zitat\"', ampel = 'rot' WHERE id = {}",
        seed.measures[1]
    ))
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let r = ag.get("/massnahmen.csv").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/csv"));
    assert!(r.header("content-disposition").contains("attachment"));
    assert!(r.body.starts_with('\u{feff}'), "BOM for Excel");
    let lines: Vec<&str> = r
        .body
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .collect();
    assert!(lines[0].starts_with("Nr.;Maßnahme;Programm;Handlungsfeld;"));
    assert_eq!(
        lines.len(),
        5,
        "header + 3 rows + trailing empty: {lines:?}"
    );
    assert!(
        r.body
            .contains("\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klick\"\")\"")
    );
    assert!(r.body.contains("\"Titel; mit \"\"Zitat\"\"\""));
    // the export follows the list's filter
    let red = ag.get("/massnahmen.csv?ampel=rot").await;
    assert_eq!(
        red.body
            .trim_start_matches('\u{feff}')
            .trim_end()
            .split("\r\n")
            .count(),
        2
    );
    assert!(red.body.contains("Zitat"));
}

#[tokio::test]
async fn council_members_read_the_public_view_and_write_nothing() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let id = seed.measures[0];
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let page = rat.get(&format!("/massnahmen/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("Erika Beispiel"),
        "council view names roles, not persons"
    );
    assert!(page.body.contains("Leitung Amt 21"));
    assert!(!page.body.contains("Sachstand melden"));
    let list = rat.get("/massnahmen").await;
    assert!(!list.body.contains("Erika Beispiel"));
    assert!(!list.body.contains("Neue Maßnahme"));
    let csv = rat.get("/massnahmen.csv").await;
    assert!(!csv.body.contains("Erika Beispiel"));

    let before = app.snapshot().await;
    for path in [
        format!("/massnahmen/{id}/sachstand"),
        format!("/massnahmen/{id}/bearbeiten"),
        format!("/massnahmen/{id}/archivieren"),
        "/massnahmen/neu".to_string(),
    ] {
        let r = rat.post(&path, &status_form("gruen", "x")).await;
        assert_eq!(r.status, 403, "{path}");
    }
    assert_eq!(before, app.snapshot().await, "database unchanged");
}

#[tokio::test]
async fn overview_shows_counts_red_stale_and_own_measures() {
    let app = spawn_app().await;
    let seed = app.seed(4).await;
    app.exec(&format!(
        "UPDATE measures SET ampel = 'rot', title = 'Rote Maßnahme' WHERE id = {}",
        seed.measures[0]
    ))
    .await;
    app.exec(&format!(
        "UPDATE measures SET last_update_at = '{}' WHERE id IN ({}, {})",
        crate::support::seconds_ago(0),
        seed.measures[1],
        seed.measures[3]
    ))
    .await;
    let uid = app.account("erika", Role::Ag).await;
    app.exec(&format!("UPDATE users SET person_id = 1 WHERE id = {uid}"))
        .await;
    let mut b = Browser::new(&app.base);
    b.login("erika", PASSWORD).await;
    let page = b.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Rote Maßnahme"));
    // two measures have not been updated since 2026-01-01
    let stale = page
        .body
        .split_once("id=\"h-veraltet\"")
        .unwrap()
        .1
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(stale.matches("<li>").count(), 2);
    let mine = page.body.split_once("id=\"h-meine\"").unwrap().1;
    assert_eq!(
        mine.matches("<tr><td class=\"nowrap stack-code\">HF1-")
            .count(),
        2,
        "person 1 leads the HF1 measures"
    );
    assert!(
        page.body
            .contains("<td class=\"num\">4</td>\n    </tr>\n  </tfoot>")
            || page.body.contains(">4</td>")
    );
}
