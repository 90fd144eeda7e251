//! Meeting invitations: REQUEST with the agenda and an iCalendar attachment to every
//! participant, an update after a move (same UID, higher SEQUENCE, new DTSTART), a CANCEL
//! after the cancellation; the Sachstand owed before the meeting; the Leitung told of an
//! agenda waiting for release.

use chrono::NaiveDate;
use icalendar::{Component, EventLike};
use sachstand::domain::Role;

use super::{Received, Sink, outbox_count, settings, spawn_mail_app};
use crate::support::TestApp;

async fn seed_ag(app: &TestApp) -> Vec<i64> {
    let m = app.seed(4).await.measures;
    app.exec(
        "INSERT INTO ag_memberships (person_id, ag_role, since, until) VALUES
           (1, 'leitung', '2022-09-01', NULL), (2, 'mitglied', '2023-08-01', NULL);",
    )
    .await;
    m
}

fn event(mail: &Received) -> (String, icalendar::Event) {
    let cal = mail.calendar();
    let method = cal.property_value("METHOD").unwrap_or_default().to_string();
    let ev = cal
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("one VEVENT")
        .clone();
    (method, ev)
}

fn prop(ev: &icalendar::Event, key: &str) -> String {
    ev.properties()
        .get(key)
        .map(|p| p.value().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn invitation_update_and_cancellation_share_one_uid_with_rising_sequence() {
    let sink = Sink::start();
    let (app, _) = spawn_mail_app(settings(sink.port), true).await;
    seed_ag(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/sitzungen/neu").await;
    let r = ag
        .post(
            "/sitzungen/neu",
            &[
                ("kind", "ag"),
                ("date", "10.12.2099"),
                ("start", "14:00"),
                ("end", "16:00"),
                ("place", "Rathaus, Beratungsraum 2"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = app
        .count("SELECT id FROM meetings WHERE starts_at = '2099-12-10T14:00'")
        .await;
    ag.get(&format!("/sitzungen/{id}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops"),
            &[
                ("title", "Stand E-Akte"),
                ("planned_minutes", "20"),
                ("presenter_id", ""),
                ("public", "1"),
                ("measures", ""),
            ],
        )
        .await;
    assert!(r.status == 303, "{} {}", r.status, r.body);
    assert_eq!(
        outbox_count(&app, "TRUE").await,
        0,
        "no mail before the invitation"
    );

    // invite: both AG members (with addresses) get a REQUEST
    ag.get(&format!("/sitzungen/{id}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/status"),
            &[("state", "eingeladen")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let got = sink.wait_for(2).await;
    let erika = got
        .iter()
        .find(|x| x.rcpt.contains("erika@"))
        .expect("Erika invited");
    assert!(got.iter().any(|x| x.rcpt.contains("max@")));
    assert_eq!(erika.subject, "Einladung: AG-Sitzung am 10.12.2099");
    assert!(
        erika
            .text
            .contains("Zeit: Donnerstag, 10.12.2099, 14:00–16:00 Uhr"),
        "{}",
        erika.text
    );
    // AG meetings start with "Verschiedenes"; the new item follows
    assert!(
        erika
            .text
            .contains("- TOP 1: Verschiedenes\n- TOP 2: Stand E-Akte\n"),
        "{}",
        erika.text
    );
    assert!(erika.text.contains(&format!("{}/sitzungen/{id}", app.base)));
    let (ctype, name, _) = erika.attachment.clone().expect("ics attached");
    assert_eq!(name, "einladung.ics");
    assert!(ctype.starts_with("text/calendar"), "{ctype}");
    assert!(
        ctype.to_ascii_lowercase().contains("method=request"),
        "{ctype}"
    );
    assert!(
        erika.calendar_part.is_some(),
        "also offered as text/calendar alternative"
    );
    let (method, ev) = event(erika);
    assert_eq!(method, "REQUEST");
    let uid = format!("sitzung-{id}@sachstand");
    assert_eq!(ev.get_uid(), Some(uid.as_str()));
    let seq1: u32 = prop(&ev, "SEQUENCE").parse().expect("SEQUENCE");
    assert_eq!(prop(&ev, "DTSTART"), "20991210T140000");
    assert_eq!(
        ev.properties()
            .get("DTSTART")
            .and_then(|p| p.params().get("TZID"))
            .map(|p| p.value().to_string()),
        Some("Europe/Berlin".to_string())
    );
    assert_eq!(prop(&ev, "ORGANIZER"), "mailto:ag-digital@stadt.example");
    assert!(!prop(&ev, "DTSTAMP").is_empty());
    let attendees: Vec<String> = ev
        .multi_properties()
        .get("ATTENDEE")
        .map(|v| v.iter().map(|p| p.value().to_string()).collect())
        .unwrap_or_default();
    assert_eq!(
        attendees,
        vec!["mailto:erika@stadt.example", "mailto:max@stadt.example"]
    );
    assert!(
        prop(&ev, "DESCRIPTION").contains("TOP 2: Stand E-Akte"),
        "{}",
        prop(&ev, "DESCRIPTION")
    );

    // move: an update with the same UID, a higher SEQUENCE and the new start
    let r = ag
        .post(
            &format!("/sitzungen/{id}/verlegen"),
            &[
                ("date", "11.12.2099"),
                ("start", "09:00"),
                ("end", "10:30"),
                ("place", "Rathaus, Ratssaal"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let got = sink.wait_for(4).await;
    let update = got
        .iter()
        .find(|x| x.rcpt.contains("erika@") && x.subject.starts_with("Verlegt"))
        .expect("update");
    assert_eq!(update.subject, "Verlegt: AG-Sitzung am 11.12.2099");
    let (method, ev) = event(update);
    assert_eq!(method, "REQUEST");
    assert_eq!(ev.get_uid(), Some(uid.as_str()));
    let seq2: u32 = prop(&ev, "SEQUENCE").parse().unwrap();
    assert!(seq2 > seq1, "{seq2} > {seq1}");
    assert_eq!(prop(&ev, "DTSTART"), "20991211T090000");
    assert_eq!(ev.get_location(), Some("Rathaus, Ratssaal"));

    // cancel: METHOD:CANCEL, same UID, higher SEQUENCE again
    let r = ag
        .post(&format!("/sitzungen/{id}/status"), &[("state", "abgesagt")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let got = sink.wait_for(6).await;
    let cancel = got
        .iter()
        .find(|x| x.rcpt.contains("max@") && x.subject.starts_with("Abgesagt"))
        .expect("cancel");
    let (method, ev) = event(cancel);
    assert_eq!(method, "CANCEL");
    assert_eq!(ev.get_uid(), Some(uid.as_str()));
    let seq3: u32 = prop(&ev, "SEQUENCE").parse().unwrap();
    assert!(seq3 > seq2);
    assert_eq!(prop(&ev, "STATUS"), "CANCELLED");
    assert_eq!(cancel.attachment.as_ref().unwrap().1, "absage.ics");
}

#[tokio::test]
async fn who_owes_a_sachstand_for_the_agenda_is_reminded_once_before_the_meeting() {
    let sink = Sink::start();
    let (app, mail) = spawn_mail_app(settings(sink.port), true).await;
    let m = seed_ag(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/sitzungen/neu").await;
    ag.post(
        "/sitzungen/neu",
        &[
            ("kind", "ag"),
            ("date", "10.12.2099"),
            ("start", "14:00"),
            ("end", "16:00"),
            ("place", "Rathaus"),
        ],
    )
    .await;
    let id = app
        .count("SELECT id FROM meetings WHERE starts_at = '2099-12-10T14:00'")
        .await;
    // an agenda item about Max's measure m2 (HF2-02); Max has not reported in the last 14 days
    app.exec(&format!(
        "INSERT INTO agenda_items (id, meeting_id, position, title) VALUES (50, {id}, 1, 'Online-Dienste');
         INSERT INTO agenda_item_measures (agenda_item_id, measure_id) VALUES (50, {});",
        m[1]
    ))
    .await;
    ag.get(&format!("/sitzungen/{id}")).await;
    ag.post(
        &format!("/sitzungen/{id}/status"),
        &[("state", "eingeladen")],
    )
    .await;
    sink.wait_for(2).await;
    let before = NaiveDate::from_ymd_opt(2099, 12, 8).unwrap();
    sachstand::notify::tick(&app.db, &mail, &app.base, before)
        .await
        .expect("tick");
    sachstand::notify::tick(&app.db, &mail, &app.base, before)
        .await
        .expect("tick");
    let got = sink.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(sink.messages().len(), 3, "one reminder, once");
    let reminder = got
        .iter()
        .find(|x| x.subject.starts_with("Vor der"))
        .expect("reminder");
    assert!(reminder.rcpt.contains("max@"));
    assert_eq!(
        reminder.subject,
        "Vor der AG-Sitzung am 10.12.2099: Sachstand fehlt noch"
    );
    assert!(
        reminder
            .text
            .contains(&format!("{}/massnahmen/{}#h-melden", app.base, m[1]))
    );
    // a reminder is no invitation: cancelling the meeting sends CANCEL to the two invited only
    ag.post(&format!("/sitzungen/{id}/status"), &[("state", "abgesagt")])
        .await;
    sink.wait_for(5).await;
    assert_eq!(outbox_count(&app, "kind = 'absage'").await, 2);
}

#[tokio::test]
async fn leitung_hears_of_a_waiting_report_and_the_author_of_its_release() {
    let sink = Sink::start();
    let (app, _) = spawn_mail_app(settings(sink.port), true).await;
    app.seed(2).await;
    app.exec("INSERT INTO people (id, name, function, email) VALUES (7, 'Henrik Stollberg', 'Oberbürgermeister', 'ob@stadt.example')").await;
    super::account_of_person(&app, "ob", Role::Leitung, 7).await;
    super::account_of_person(&app, "erika", Role::Ag, 1).await;
    let mut erika = app.browser();
    assert_eq!(
        erika.login("erika", crate::support::PASSWORD).await.status,
        303
    );
    erika.get("/berichte/neu").await;
    let r = erika
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "1"),
                ("period_label", "1. Halbjahr 2099"),
                ("period_start", "01.01.2099"),
                ("cutoff_on", "30.06.2099"),
                ("vorlage_no", "IV/1/2099"),
                ("addressee", "Rat"),
                ("committee_on", ""),
                ("summary", ""),
                ("outlook", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = app.count("SELECT id FROM reports").await;
    let got = sink.wait_for(1).await;
    assert!(got[0].rcpt.contains("ob@stadt.example"));
    assert_eq!(
        got[0].subject,
        "Zur Freigabe: Sachstandsbericht 1. Halbjahr 2099"
    );
    assert!(got[0].text.contains(&format!("{}/berichte/{id}", app.base)));

    let mut ob = app.browser();
    assert_eq!(ob.login("ob", crate::support::PASSWORD).await.status, 303);
    ob.get(&format!("/berichte/{id}")).await;
    let r = ob.post(&format!("/berichte/{id}/freigeben"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let got = sink.wait_for(2).await;
    let done = got
        .iter()
        .find(|x| x.subject.starts_with("Freigegeben"))
        .expect("release mail");
    assert!(done.rcpt.contains("erika@stadt.example"));
    assert!(
        done.text
            .contains("hat den Sachstandsbericht 1. Halbjahr 2099 freigegeben"),
        "{}",
        done.text
    );
}

#[tokio::test]
async fn leitung_hears_of_a_drafted_joint_agenda_and_the_author_of_its_release() {
    let sink = Sink::start();
    let (app, _) = spawn_mail_app(settings(sink.port), true).await;
    let m = seed_ag(&app).await;
    app.exec(&format!(
        "UPDATE measures SET ampel = 'rot' WHERE id = {}",
        m[0]
    ))
    .await;
    app.exec("INSERT INTO people (id, name, function, email) VALUES (7, 'Henrik Stollberg', 'Oberbürgermeister', 'ob@stadt.example')").await;
    super::account_of_person(&app, "ob", Role::Leitung, 7).await;
    super::account_of_person(&app, "erika", Role::Ag, 1).await;
    let mut erika = app.browser();
    assert_eq!(
        erika.login("erika", crate::support::PASSWORD).await.status,
        303
    );
    erika.get("/sitzungen/neu").await;
    let r = erika
        .post(
            "/sitzungen/neu",
            &[
                ("kind", "quartal"),
                ("date", "10.12.2099"),
                ("start", "14:00"),
                ("end", "16:00"),
                ("place", "Rathaus"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = app
        .count("SELECT id FROM meetings WHERE kind = 'quartal'")
        .await;
    let got = sink.wait_for(1).await;
    assert!(got[0].rcpt.contains("ob@stadt.example"));
    assert_eq!(
        got[0].subject,
        "Zur Freigabe: Tagesordnung der Gemeinsamen Quartalsberatung am 10.12.2099"
    );
    assert!(
        got[0]
            .text
            .contains(&format!("{}/sitzungen/{id}", app.base))
    );

    let mut ob = app.browser();
    assert_eq!(ob.login("ob", crate::support::PASSWORD).await.status, 303);
    ob.get(&format!("/sitzungen/{id}")).await;
    let r = ob.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let got = sink.wait_for(2).await;
    let done = got
        .iter()
        .find(|x| x.subject.starts_with("Freigegeben"))
        .expect("release mail");
    assert!(done.rcpt.contains("erika@stadt.example"), "{}", done.rcpt);
    assert!(
        done.text.contains(
            "hat die Tagesordnung der Gemeinsamen Quartalsberatung am 10.12.2099 freigegeben"
        ),
        "{}",
        done.text
    );
}
