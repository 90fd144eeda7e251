//! User text and page size: bidi controls never reach pages or the CSV, codes and names
//! refuse invisible characters, and measure pages stay bounded.

use sachstand::domain::Role;

use crate::support::spawn_app;

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
         SELECT {id}, NULL, '2026-01-01T00:00:' || substr(CAST(100 + i % 60 AS TEXT), 2) || 'Z.' || substr(CAST(10000 + i AS TEXT), 2), 'umsetzung', 'gruen', 50,
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

/// The meeting list shows the past meetings of one year (the current one by default)
/// with links to the other years; the decision register shows 50 decisions per page.
/// However many years the AG meets, both pages stay the same size.
#[tokio::test]
async fn the_meeting_list_and_the_decision_register_stay_bounded() {
    let app = spawn_app().await;
    app.seed(1).await;
    let this_year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
    let mut sql = String::new();
    for (i, year) in [this_year - 2, this_year - 1].iter().enumerate() {
        for k in 0..30 {
            let id = 1 + i * 100 + k;
            sql.push_str(&format!(
                "INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
                 VALUES ({id}, 1, 'ag', '{year}-03-{d:02}T08:00:00Z', '{year}-03-{d:02}T10:00:00Z', 'Raum {id}', 'durchgefuehrt');
                 INSERT INTO agenda_items (id, meeting_id, position, title) VALUES ({id}, {id}, 1, 'TOP {id}');
                 INSERT INTO decisions (agenda_item_id, text, decided_on) VALUES ({id}, 'Beschluss {id} a', '{year}-03-{d:02}'),
                   ({id}, 'Beschluss {id} b', '{year}-03-{d:02}');",
                d = 1 + k % 28
            ));
        }
    }
    app.exec(&sql).await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    let list = b.get("/sitzungen").await;
    assert_eq!(list.status, 200);
    // the latest year with past meetings is shown, the other one is a link
    assert!(
        list.body
            .contains(&format!("Vergangene Sitzungen {} (30)", this_year - 1)),
        "{}",
        list.body
    );
    assert!(
        list.body
            .contains(&format!("/sitzungen?jahr={}#h-vergangen", this_year - 2))
    );
    assert_eq!(list.body.matches("Raum ").count(), 30);
    let older = b.get(&format!("/sitzungen?jahr={}", this_year - 2)).await;
    assert!(
        older
            .body
            .contains(&format!("Vergangene Sitzungen {} (30)", this_year - 2))
    );
    assert_eq!(b.get("/sitzungen?jahr=zwanzig").await.status, 400);

    let reg = b.get("/sitzungen/beschluesse").await;
    assert_eq!(reg.status, 200);
    assert!(
        reg.body
            .contains("Gefundene Beschlüsse: 120, 50 auf dieser Seite"),
        "{}",
        reg.body
    );
    assert_eq!(
        reg.body.matches("<td class=\"prewrap\">Beschluss ").count(),
        50
    );
    assert!(reg.body.contains("seite=2") && reg.body.contains("Ältere Beschlüsse"));
    let last = b.get("/sitzungen/beschluesse?seite=3").await;
    assert!(last.body.contains("20 auf dieser Seite") && !last.body.contains("Ältere Beschlüsse"));
}
