//! The status request round by mail: one mail per responsible person with a link to each
//! status form, reminders before the cut-off to those who have not reported, and the round
//! page showing asked, reminded, reported.

use chrono::NaiveDate;
use sachstand::domain::Role;

use super::{Sink, outbox_count, outbox_count_when, settings, spawn_mail_app};
use crate::support::Audit;

async fn start_round(ag: &mut crate::support::Browser, due: &str) -> i64 {
    ag.get("/berichte/neu").await;
    let r = ag
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "1"),
                ("period_label", "2. Halbjahr 2099"),
                ("period_start", "01.07.2099"),
                ("cutoff_on", "31.12.2099"),
                ("vorlage_no", "IV/50/2099"),
                ("addressee", "Finanz- und Verwaltungsausschuss"),
                ("committee_on", ""),
                ("summary", ""),
                ("outlook", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 = r
        .location()
        .trim_start_matches("/berichte/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    ag.get(&format!("/berichte/{id}")).await;
    let r = ag
        .post(&format!("/berichte/{id}/abfrage"), &[("due_on", due)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    id
}

#[tokio::test]
async fn round_mails_each_person_once_with_links_then_reminds_only_who_has_not_reported() {
    let sink = Sink::start();
    let (app, mail) = spawn_mail_app(settings(sink.port), true).await;
    // Erika (person 1) is responsible for m1 and m3, Max (person 2) for m2 and m4.
    let m = app.seed(4).await.measures;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = start_round(&mut ag, "31.12.2099").await;
    app.assert_audited(Audit::action("sachstandsabfrage_starten"), 1)
        .await;

    let got = sink.wait_for(2).await;
    assert_eq!(got.len(), 2);
    let erika = got
        .iter()
        .find(|x| x.rcpt.contains("erika@stadt.example"))
        .expect("Erika's mail");
    assert_eq!(
        erika.subject,
        "Sachstandsabfrage 2. Halbjahr 2099: bitte bis 31.12.2099 melden"
    );
    assert!(erika.to.contains("Erika Beispiel"), "{}", erika.to);
    assert!(erika.from.contains("ag-digital@stadt.example"));
    assert!(
        erika.text.starts_with("Guten Tag Erika Beispiel,"),
        "{}",
        erika.text
    );
    assert!(
        erika
            .text
            .contains("um einen aktuellen Sachstand zu Ihren 2 Maßnahmen."),
        "{}",
        erika.text
    );
    assert!(erika.text.contains("Stichtag 31.12.2099"));
    let link1 = format!("{}/massnahmen/{}#h-melden", app.base, m[0]);
    let link3 = format!("{}/massnahmen/{}#h-melden", app.base, m[2]);
    assert!(
        erika
            .text
            .contains(&format!("- HF1-01 Maßnahme Nummer 1\n  {link1}\n")),
        "{}",
        erika.text
    );
    assert!(erika.text.contains(&link3));
    assert!(
        !erika.text.contains(&format!("/massnahmen/{}#", m[1])),
        "Max's measure in Erika's mail"
    );
    assert!(
        erika
            .html
            .contains(&format!("<a href=\"{link1}\">HF1-01 Maßnahme Nummer 1</a>")),
        "{}",
        erika.html
    );
    assert!(erika.html.contains("<html lang=\"de\">"));
    assert!(
        !erika.html.contains("<img"),
        "no images, no tracking pixels"
    );
    let max = got
        .iter()
        .find(|x| x.rcpt.contains("max@stadt.example"))
        .expect("Max's mail");
    assert!(max.text.contains(&format!("/massnahmen/{}#h-melden", m[1])));
    assert_eq!(
        outbox_count_when(&app, "sent_at IS NOT NULL AND kind = 'abfrage'", 2).await,
        2
    );

    // the link leads straight to the status form of the measure
    let path = link1
        .trim_start_matches(&app.base)
        .split('#')
        .next()
        .unwrap()
        .to_string();
    let form = ag.get(&path).await;
    assert_eq!(form.status, 200);
    assert!(form.contains("id=\"h-melden\""), "{}", form.body);

    // Erika reports on m1; the reminder 2 days before the cut-off lists only m3 for her
    let r = ag
        .post(
            &format!("/massnahmen/{}/sachstand", m[0]),
            &[
                ("status", "umsetzung"),
                ("ampel", "gruen"),
                ("progress", "50"),
                ("text", "Läuft"),
                ("next_steps", ""),
                ("blockers", ""),
                ("reason", ""),
                ("options", ""),
                ("decision_by", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let early = NaiveDate::from_ymd_opt(2099, 12, 20).unwrap();
    sachstand::notify::tick(&app.db, &mail, &app.base, early)
        .await
        .expect("tick");
    assert_eq!(
        outbox_count(&app, "kind = 'abfrage_erinnerung'").await,
        0,
        "too early for a reminder"
    );
    let today = NaiveDate::from_ymd_opt(2099, 12, 29).unwrap();
    sachstand::notify::tick(&app.db, &mail, &app.base, today)
        .await
        .expect("tick");
    sachstand::notify::tick(&app.db, &mail, &app.base, today)
        .await
        .expect("tick again");
    let got = sink.wait_for(4).await;
    assert_eq!(got.len(), 4, "one reminder per person, not one per tick");
    let reminders: Vec<_> = got
        .iter()
        .filter(|x| x.subject.starts_with("Erinnerung"))
        .collect();
    let erika = reminders
        .iter()
        .find(|x| x.rcpt.contains("erika@"))
        .expect("Erika's reminder");
    assert_eq!(
        erika.subject,
        "Erinnerung: Sachstandsabfrage 2. Halbjahr 2099 endet am 31.12.2099"
    );
    assert!(
        erika
            .text
            .contains("Für diese Maßnahme fehlt noch Ihr Sachstand"),
        "{}",
        erika.text
    );
    assert!(erika.text.contains(&link3));
    assert!(!erika.text.contains(&link1), "m1 was reported");
    let max = reminders
        .iter()
        .find(|x| x.rcpt.contains("max@"))
        .expect("Max's reminder");
    assert!(
        max.text
            .contains("Für diese 2 Maßnahmen fehlt noch Ihr Sachstand")
    );

    // the round page: asked, reminded, reported per person
    let page = ag.get(&format!("/berichte/{id}")).await;
    assert!(page.contains("Benachrichtigung per E-Mail"));
    let row = |name: &str| {
        let start = page
            .body
            .find(&format!("<th scope=\"row\">{name}</th><td>am "))
            .unwrap_or_else(|| panic!("{name} row: {}", page.body));
        page.body[start..]
            .split("</tr>")
            .next()
            .unwrap()
            .to_string()
    };
    let e = row("Erika Beispiel (Leitung Amt 21)");
    assert!(e.contains("<td>1 von 2</td>"), "{e}");
    assert!(e.matches("<td>am ").count() == 2, "asked and reminded: {e}");
    let x = row("Max Muster (Leitung EDV-Abteilung)");
    assert!(x.contains("<td>0 von 2</td>"), "{x}");
}

#[tokio::test]
async fn switched_off_round_reminders_are_not_sent_but_the_request_is() {
    let sink = Sink::start();
    let (app, mail) = spawn_mail_app(settings(sink.port), true).await;
    app.seed(2).await;
    super::account_of_person(&app, "max", Role::Ag, 2).await;
    let mut max = app.browser();
    assert_eq!(max.login("max", crate::support::PASSWORD).await.status, 303);
    let page = max.get("/konto/benachrichtigungen").await;
    assert!(
        page.contains("E-Mails von Sachstand gehen an <strong>max@stadt.example</strong>"),
        "{}",
        page.body
    );
    assert!(page.contains("name=\"abfrage_erinnerung\" value=\"an\" checked"));
    // everything on except the round reminders
    let r = max
        .post(
            "/konto/benachrichtigungen",
            &[
                ("sitzung_erinnerung", "an"),
                ("aufgabe_erinnerung", "an"),
                ("freigabe", "an"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = max.follow(&r).await;
    assert!(page.contains("Ihre Einstellungen zu Benachrichtigungen wurden gespeichert."));
    assert!(!page.contains("name=\"abfrage_erinnerung\" value=\"an\" checked"));
    app.assert_audited(Audit::action("benachrichtigungen_aendern"), 1)
        .await;

    let mut ag = app.signed_in("ag1", Role::Ag).await;
    start_round(&mut ag, "31.12.2099").await;
    sink.wait_for(2).await;
    let today = NaiveDate::from_ymd_opt(2099, 12, 30).unwrap();
    sachstand::notify::tick(&app.db, &mail, &app.base, today)
        .await
        .expect("tick");
    let got = sink.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let got_later = sink.messages();
    assert_eq!(got.len(), 3);
    assert_eq!(got_later.len(), 3);
    let reminders: Vec<_> = got_later
        .iter()
        .filter(|x| x.subject.starts_with("Erinnerung"))
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(
        reminders[0].rcpt.contains("erika@"),
        "only Erika is reminded"
    );
}
