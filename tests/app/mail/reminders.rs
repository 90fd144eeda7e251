//! Task reminders from the minutes: the owner hears of an open task a set number of days
//! before it is due, once per due date, unless switched off.

use chrono::NaiveDate;
use sachstand::domain::Role;

use super::{Sink, outbox_count, settings, spawn_mail_app};

#[tokio::test]
async fn task_owner_is_reminded_before_the_due_date_unless_switched_off() {
    let sink = Sink::start();
    let (app, mail) = spawn_mail_app(settings(sink.port), true).await;
    app.seed(2).await;
    app.exec(
        "INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state) VALUES
           (9, 1, 'ag', '2099-11-01T14:00', '2099-11-01T16:00', 'Rathaus', 'durchgefuehrt');
         INSERT INTO agenda_items (id, meeting_id, position, title) VALUES (90, 9, 1, 'E-Akte');
         INSERT INTO tasks (id, agenda_item_id, owner_id, title, due_on, state) VALUES
           (1, 90, 1, 'Angebot für den Scanner einholen', '2099-12-10', 'offen'),
           (2, 90, 2, 'Schulungstermine abstimmen', '2099-12-10', 'offen'),
           (3, 90, 1, 'Erledigtes', '2099-12-10', 'erledigt');",
    )
    .await;
    // Max switches task reminders off
    super::account_of_person(&app, "max", Role::Ag, 2).await;
    let mut max = app.browser();
    assert_eq!(max.login("max", crate::support::PASSWORD).await.status, 303);
    max.get("/konto/benachrichtigungen").await;
    let r = max
        .post(
            "/konto/benachrichtigungen",
            &[
                ("abfrage_erinnerung", "an"),
                ("sitzung_erinnerung", "an"),
                ("freigabe", "an"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);

    let early = NaiveDate::from_ymd_opt(2099, 12, 1).unwrap();
    sachstand::notify::tick(&app.db, &mail, &app.base, early)
        .await
        .expect("tick");
    assert_eq!(outbox_count(&app, "TRUE").await, 0, "too early");
    let day = NaiveDate::from_ymd_opt(2099, 12, 7).unwrap();
    sachstand::notify::tick(&app.db, &mail, &app.base, day)
        .await
        .expect("tick");
    sachstand::notify::tick(&app.db, &mail, &app.base, day)
        .await
        .expect("tick");
    let got = sink.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(
        sink.messages().len(),
        1,
        "Erika once; Max switched off; the done task not"
    );
    assert!(got[0].rcpt.contains("erika@"));
    assert_eq!(got[0].subject, "Erinnerung: Aufgabe fällig am 10.12.2099");
    assert!(got[0].text.contains("„Angebot für den Scanner einholen“"));
    assert!(got[0].text.contains(&format!("{}/sitzungen/9", app.base)));
}
