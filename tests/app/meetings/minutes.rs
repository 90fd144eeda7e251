//! Minutes: decisions and tasks recorded in a meeting reach the register, the overview and
//! the measure.

use sachstand::domain::Role;

use super::{meeting_id_of, plan, seed_people};
use crate::support::{Audit, spawn_app};

#[tokio::test]
async fn minutes_decisions_and_tasks_reach_register_overview_and_measure() {
    let app = spawn_app().await;
    let m = seed_people(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    app.exec("UPDATE users SET person_id = 2 WHERE username = 'ag1'")
        .await;
    assert_eq!(plan(&mut ag, "ag", "10.09.2026").await.status, 303);
    let id = meeting_id_of(&app, "ag", "2026-09-10T14:00").await;
    let top: i64 = app
        .count(&format!(
            "SELECT id FROM agenda_items WHERE meeting_id = {id} ORDER BY position DESC LIMIT 1"
        ))
        .await;
    ag.get(&format!("/sitzungen/{id}/tops/{top}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{top}/protokoll"),
            &[
                ("notes", "Die AG berät den Stand der E-Akte."),
                ("outcome", "zur Kenntnis genommen"),
                ("dealt_with", "1"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    // a second member who opened the same item earlier does not overwrite silently
    let before = app.snapshot().await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{top}/protokoll"),
            &[
                ("notes", "Meine ältere Fassung"),
                ("outcome", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.contains("Das Protokoll des Tagesordnungspunkts wurde inzwischen geändert"));
    assert!(
        r.contains("Die AG berät den Stand der E-Akte."),
        "stored side shown"
    );
    assert!(r.contains("Meine ältere Fassung"), "own input kept");
    assert!(
        r.body.contains("name=\"version\" value=\"2\""),
        "form carries the current version"
    );
    assert_eq!(before, app.snapshot().await);
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{top}/beschluss"),
            &[(
                "text",
                "Die AG empfiehlt die Einführung der E-Akte im Bürgerbüro.",
            )],
        )
        .await;
    assert_eq!(r.status, 303);
    let before = app.snapshot().await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{top}/aufgabe"),
            &[
                ("task_title", "Angebot einholen"),
                ("owner_id", ""),
                ("due_on", "31.09.2026"),
                ("measure_code", "XX"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte wählen Sie aus, wer die Aufgabe übernimmt."));
    assert!(r.contains("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."));
    assert!(r.body.contains("value=\"Angebot einholen\""));
    assert_eq!(before, app.snapshot().await);
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{top}/aufgabe"),
            &[
                ("task_title", "Angebot einholen"),
                ("owner_id", "2"),
                ("due_on", "01.10.2026"),
                ("measure_code", "HF1-01"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(page.contains("Angebot einholen – Max Muster, bis 01.10.2026 (offen)"));
    assert!(page.contains("überfällig"), "due date is in the past");
    assert!(page.contains("Beschluss:</strong> Die AG empfiehlt"));

    // decision register, searchable
    let reg = ag.get("/sitzungen/beschluesse?q=E-Akte").await;
    assert!(reg.contains("Die AG empfiehlt die Einführung der E-Akte im Bürgerbüro."));
    assert!(reg.contains("Gefundene Beschlüsse: 1"));
    let reg = ag.get("/sitzungen/beschluesse?q=Telefon%25").await;
    assert!(reg.contains("Gefundene Beschlüsse: 0"));
    // the owner's overview and the measure page show the task
    let home = ag.get("/").await;
    assert!(home.contains("Meine Aufgaben"));
    assert!(home.contains("Angebot einholen – bis 01.10.2026"));
    let measure = ag.get(&format!("/massnahmen/{}", m[0])).await;
    assert!(measure.contains("Aufgaben aus Sitzungen"));
    assert!(measure.contains("Angebot einholen – Max Muster"));
    // done
    let task: i64 = app.count("SELECT id FROM tasks").await;
    let r = ag
        .post(&format!("/sitzungen/aufgaben/{task}/erledigt"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert!(!ag.get("/").await.contains("Angebot einholen – bis"));
    for action in [
        "protokoll_top",
        "beschluss_anlegen",
        "aufgabe_anlegen",
        "aufgabe_erledigt",
    ] {
        app.assert_audited(Audit::action(action), 1).await;
    }
    // print views
    let print = ag.get(&format!("/sitzungen/{id}/niederschrift")).await;
    assert_eq!(print.status, 200);
    assert!(print.contains("Niederschrift: AG-Sitzung am 10.09.2026"));
    assert!(print.contains("Die AG berät den Stand der E-Akte."));
    let inv = ag.get(&format!("/sitzungen/{id}/einladung")).await;
    assert!(inv.contains("Einladung und Tagesordnung: AG-Sitzung am 10.09.2026"));
}
