//! Agenda items: unknown measures refused with input kept, the AG pre-fill from the
//! programme state, and status updates posted from the meeting page.

use sachstand::domain::Role;

use super::{joint_session_with_data, meeting_id_of, plan, seed_people};
use crate::support::{Audit, spawn_app};

#[tokio::test]
async fn agenda_item_with_unknown_measure_is_refused_with_input_kept() {
    let app = spawn_app().await;
    let (mut ag, id, _) = joint_session_with_data(&app).await;
    ag.get(&format!("/sitzungen/{id}")).await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops"),
            &[
                ("title", "Telefonanlage <script>"),
                ("public", "0"),
                ("presenter_id", ""),
                ("planned_minutes", "500"),
                ("measures", "HF9-99"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("<title>Fehler:"));
    assert!(r.contains("Die geplante Dauer muss eine ganze Zahl von 1 bis 240 sein."));
    assert!(r.body.contains("href=\"#f-planned_minutes\""));
    assert!(
        r.body.contains("Telefonanlage &#60;script&#62;")
            || r.body.contains("Telefonanlage &lt;script&gt;")
    );
    assert!(r.body.contains("value=\"500\""));
    assert_eq!(before, app.snapshot().await);
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops"),
            &[
                ("title", "Telefonanlage"),
                ("public", "1"),
                ("planned_minutes", "15"),
                ("measures", "HF9-99"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Unbekannte Maßnahmennummer: HF9-99."));
    assert_eq!(before, app.snapshot().await);
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops"),
            &[
                ("title", "Telefonanlage"),
                ("public", "1"),
                ("planned_minutes", "60"),
                ("measures", "hf1-01"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(page.contains("TOP 9: Telefonanlage"));
    assert!(page.contains("Geplante Dauer: <strong>137 Minuten</strong> von 120 Minuten"));
    assert!(page.contains("Tagesordnung länger als die Sitzung"));
    app.assert_audited(Audit::action("top_anlegen"), 1).await;
}

#[tokio::test]
async fn ag_agenda_is_prefilled_from_the_programme_state() {
    let app = spawn_app().await;
    let m = seed_people(&app).await;
    // last AG meeting held on 12.11.2026, minutes not approved, one item not dealt with
    app.exec(&format!(
        "INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
           VALUES (50, 1, 'ag', '2026-11-12T14:00', '2026-11-12T15:30', 'Rathaus', 'durchgefuehrt');
         INSERT INTO agenda_items (id, meeting_id, position, title, dealt_with) VALUES
           (500, 50, 1, 'Telefonanlage', FALSE), (501, 50, 2, 'Erledigtes', TRUE);
         INSERT INTO status_updates (measure_id, created_at, status, ampel, progress, text) VALUES
           ({a}, '2026-10-01T10:00:00Z', 'umsetzung', 'gruen', 10, 'alt'),
           ({a}, '2026-11-20T10:00:00Z', 'umsetzung', 'gelb', 20, 'neu'),
           ({b}, '2026-10-01T10:00:00Z', 'geplant', 'gruen', 0, 'alt'),
           ({b}, '2026-11-18T10:00:00Z', 'umsetzung', 'gruen', 5, 'begonnen');
         UPDATE measures SET ampel = 'gelb' WHERE id = {a};
         UPDATE measures SET ampel = 'rot' WHERE id = {c};
         INSERT INTO milestones (measure_id, title, due_on) VALUES ({d}, 'Vergabe', '2026-11-20'), ({d}, 'Später', '2027-05-01');
         INSERT INTO tasks (agenda_item_id, owner_id, title, due_on, state) VALUES
           (501, 1, 'Angebot einholen', '2020-01-01', 'offen'), (501, 2, 'Vermerk', '2099-01-01', 'offen'), (501, 2, 'Fertig', '2020-01-01', 'erledigt');",
        a = m[0], b = m[1], c = m[2], d = m[3]
    ))
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    assert_eq!(plan(&mut ag, "ag", "26.11.2026").await.status, 303);
    let id = meeting_id_of(&app, "ag", "2026-11-26T14:00").await;
    let page = ag.get(&format!("/sitzungen/{id}")).await;
    assert!(page.contains("TOP 1: Genehmigung des Protokolls der Sitzung vom 12.11.2026"));
    assert!(page.contains("Das Protokoll der letzten Sitzung ist noch nicht genehmigt."));
    assert!(page.contains("TOP 2: Telefonanlage"));
    assert!(page.contains("In der letzten Sitzung nicht behandelt – übertragen."));
    assert!(page.contains("TOP 3: HF1-03 Maßnahme Nummer 3 – Ampel Rot"));
    assert!(page.contains("Ampel Rot: rote Maßnahmen stehen automatisch auf der Tagesordnung."));
    assert!(page.contains("TOP 4: HF1-01 Maßnahme Nummer 1 – Ampel Gelb"));
    assert!(page.contains("Ampel seit der letzten Sitzung am 12.11.2026 auf Gelb gewechselt."));
    assert!(page.contains("TOP 5: Statusänderungen seit der letzten Sitzung"));
    assert!(page.contains("HF2-02: Geplant → In Umsetzung"));
    assert!(page.contains("TOP 6: Fällige Meilensteine"));
    assert!(page.contains("HF2-04: „Vergabe“ fällig am 20.11.2026"));
    assert!(!page.contains("Später"));
    assert!(page.contains("TOP 7: Offene Aufgaben (Wiedervorlage)"));
    assert!(page.contains("2 offene Aufgabe(n) aus früheren Sitzungen, davon 1 überfällig."));
    assert!(page.contains("TOP 8: Verschiedenes"));
    assert!(!page.contains("Erledigtes"));
    assert_eq!(
        app.count(&format!(
            "SELECT carried_from FROM agenda_items WHERE meeting_id = {id} AND position = 2"
        ))
        .await,
        500
    );

    // minutes of the last meeting are approved in this one
    let r = ag
        .post(&format!("/sitzungen/{id}/protokoll-genehmigen"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT minutes_approved_in FROM meetings WHERE id = 50")
            .await,
        id
    );
    let r = ag
        .post(&format!("/sitzungen/{id}/protokoll-genehmigen"), &[])
        .await;
    assert_eq!(r.status, 409);
    app.assert_audited(Audit::action("protokoll_genehmigen"), 1)
        .await;
}

#[tokio::test]
async fn status_update_posted_from_the_meeting_returns_there_and_shows_live() {
    let app = spawn_app().await;
    let (mut ag, id, m) = joint_session_with_data(&app).await;
    let top: i64 = app
        .count(&format!(
            "SELECT id FROM agenda_items WHERE meeting_id = {id} AND position = 2"
        ))
        .await;
    let page = ag.get(&format!("/sitzungen/{id}/tops/{top}")).await;
    assert!(page.contains("Sachstand melden: HF2-02"));
    let next = format!("/sitzungen/{id}/tops/{top}");
    let fields = [
        ("status", "umsetzung"),
        ("ampel", "gruen"),
        ("progress", "70"),
        ("text", "Verzug aufgeholt."),
        ("next_steps", ""),
        ("reason", ""),
        ("options", ""),
        ("decision_by", ""),
        ("next", next.as_str()),
    ];
    let r = ag
        .post(&format!("/massnahmen/{}/sachstand", m[1]), &fields)
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), format!("{next}?meldung=sachstand"));
    let page = ag.follow(&r).await;
    assert!(page.contains("Die Sachstandsmeldung wurde gespeichert."));
    assert!(page.contains("70 %"));
    app.assert_audited(Audit::action("sachstand_melden"), 1)
        .await;
    // a foreign target is ignored: back to the measure
    let mut evil = fields;
    evil[8] = ("next", "https://evil.example/");
    let r = ag
        .post(&format!("/massnahmen/{}/sachstand", m[1]), &evil)
        .await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with(&format!("/massnahmen/{}", m[1])));
    // Ampel discipline still applies (same validation as on the measure page)
    let mut red = fields;
    red[1] = ("ampel", "rot");
    let before = app.snapshot().await;
    let r = ag
        .post(&format!("/massnahmen/{}/sachstand", m[1]), &red)
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bei Ampel Rot ist eine Begründung erforderlich."));
    assert_eq!(before, app.snapshot().await);
}
