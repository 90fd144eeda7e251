//! The outbox itself: mail server down → the request still succeeds and the messages stay
//! queued with the error; after the last attempt they are failed, an admin sees the error
//! and puts them back (audited); once the server is up they arrive. Without SMTP settings
//! the outbox fills and the admin page says mail is not configured.

use sachstand::domain::Role;
use sachstand::mail::MailSettings;

use super::{Sink, free_port, outbox_count, settings, spawn_mail_app};
use crate::support::Audit;

async fn invite(app: &crate::support::TestApp, ag: &mut crate::support::Browser) -> i64 {
    app.exec(
        "INSERT INTO ag_memberships (person_id, ag_role, since, until) VALUES
           (1, 'leitung', '2022-09-01', NULL), (2, 'mitglied', '2023-08-01', NULL);",
    )
    .await;
    ag.get("/sitzungen/neu").await;
    let r = ag
        .post(
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
    assert_eq!(r.status, 303, "{}", r.body);
    let id = app.count("SELECT id FROM meetings").await;
    ag.get(&format!("/sitzungen/{id}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/status"),
            &[("state", "eingeladen")],
        )
        .await;
    assert_eq!(
        r.status, 303,
        "the request succeeds whatever the mail server does: {}",
        r.body
    );
    id
}

#[tokio::test]
async fn mail_server_down_keeps_mail_queued_then_failed_retried_by_admin_and_delivered() {
    let port = free_port(); // nobody listens here yet
    let s = MailSettings {
        max_attempts: 2,
        ..settings(port)
    };
    let (app, mail) = spawn_mail_app(s, false).await;
    app.seed(2).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let started = std::time::Instant::now();
    invite(&app, &mut ag).await;
    assert!(
        started.elapsed().as_secs() < 5,
        "the web request does not wait for SMTP"
    );
    assert_eq!(
        outbox_count(&app, "sent_at IS NULL AND failed_at IS NULL").await,
        2
    );

    // first attempt: connection refused → still queued, with the error and a later attempt
    let t0 = std::time::Instant::now();
    let sent = sachstand::mail::worker::send_due(&app.db, &mail)
        .await
        .expect("pass");
    assert!(
        t0.elapsed().as_secs() < 6,
        "short timeouts: {:?}",
        t0.elapsed()
    );
    assert_eq!(sent, 0);
    assert_eq!(
        outbox_count(&app, "sent_at IS NULL AND failed_at IS NULL").await,
        2
    );
    assert_eq!(
        outbox_count(
            &app,
            "attempts = 1 AND last_error LIKE 'Mailserver nicht erreichbar%'"
        )
        .await,
        1,
        "the first message was tried; the rest waits for the next pass"
    );
    let mut admin = app.signed_in("admin", Role::Admin).await;
    let page = admin.get("/verwaltung/postausgang").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Wartend (2)"), "{}", page.body);
    assert!(page.contains("Mailserver nicht erreichbar"));
    assert!(page.contains("Einladung: AG-Sitzung am 10.12.2099"));

    // the second attempt is the last one (max 2): failed
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    sachstand::mail::worker::send_due(&app.db, &mail)
        .await
        .expect("pass");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    sachstand::mail::worker::send_due(&app.db, &mail)
        .await
        .expect("pass");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    sachstand::mail::worker::send_due(&app.db, &mail)
        .await
        .expect("pass");
    assert_eq!(outbox_count(&app, "failed_at IS NOT NULL").await, 2);
    let page = admin
        .get("/verwaltung/postausgang?zeige=fehlgeschlagen")
        .await;
    assert!(page.contains("Fehlgeschlagen (2)"));
    assert!(page.contains("Erneut senden"));
    assert!(page.contains("erika@stadt.example"));

    // the admin puts one back (CSRF form, audited); a sent or queued one cannot be retried
    let one = app.count("SELECT MIN(id) FROM outbox").await;
    let r = admin
        .post(&format!("/verwaltung/postausgang/{one}/erneut"), &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = admin.follow(&r).await;
    assert!(page.contains("Die E-Mail wurde erneut in den Versand gegeben."));
    app.assert_audited(Audit::action("email_erneut_senden").id(one), 1)
        .await;
    let r = admin
        .post(&format!("/verwaltung/postausgang/{one}/erneut"), &[])
        .await;
    assert_eq!(r.status, 400);
    assert!(r.contains("nicht fehlgeschlagen"));
    app.assert_audited(Audit::action("email_erneut_senden"), 1)
        .await;
    // without a CSRF token: 403, nothing changes
    let other = app.count("SELECT MAX(id) FROM outbox").await;
    let r = admin
        .post_raw(&format!("/verwaltung/postausgang/{other}/erneut"), &[])
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(outbox_count(&app, "failed_at IS NOT NULL").await, 1);

    // the server comes up: the retried message arrives
    let sink = Sink::start_on(port);
    let sent = sachstand::mail::worker::send_due(&app.db, &mail)
        .await
        .expect("pass");
    assert_eq!(sent, 1);
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].subject, "Einladung: AG-Sitzung am 10.12.2099");
    assert!(
        got[0].message_id.contains(&format!("sachstand.{one}.")),
        "{}",
        got[0].message_id
    );
    assert_eq!(outbox_count(&app, "sent_at IS NOT NULL").await, 1);
}

#[tokio::test]
async fn without_smtp_settings_mail_queues_and_the_admin_page_says_so() {
    let (app, mail) = spawn_mail_app(MailSettings::default(), true).await;
    app.seed(2).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    invite(&app, &mut ag).await;
    assert_eq!(
        sachstand::mail::worker::send_due(&app.db, &mail)
            .await
            .expect("pass"),
        0
    );
    assert_eq!(
        outbox_count(
            &app,
            "sent_at IS NULL AND failed_at IS NULL AND attempts = 0"
        )
        .await,
        2
    );
    let mut admin = app.signed_in("admin", Role::Admin).await;
    let page = admin.get("/verwaltung/postausgang").await;
    assert!(
        page.contains("Der E-Mail-Versand ist nicht eingerichtet."),
        "{}",
        page.body
    );
    assert!(page.contains("wartet auf den Versand"));
    assert!(page.contains("<caption id=\"h-postausgang\">"));
    let r = admin.get("/verwaltung/postausgang?zeige=alles").await;
    assert_eq!(r.status, 400);
    let mut ag2 = app.signed_in("ag2", Role::Ag).await;
    assert_eq!(ag2.get("/verwaltung/postausgang").await.status, 403);
}

/// As `serve` runs on PostgreSQL: the worker's database is bound to no city, so each pass
/// runs once per active tenant in its scope (row-level security shows a pass no row
/// otherwise), and the queued invitations of the test city are delivered and marked sent.
#[tokio::test]
async fn on_postgres_the_worker_sends_the_mail_of_every_hosted_city() {
    if !crate::support::on_postgres() {
        println!("PostgreSQL only (tenants; a SQLite file is one city)");
        return;
    }
    let sink = Sink::start();
    let (app, mail) = spawn_mail_app(settings(sink.port), false).await;
    app.seed(2).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    invite(&app, &mut ag).await;
    assert_eq!(
        outbox_count(&app, "sent_at IS NULL AND failed_at IS NULL").await,
        2
    );
    let database = app.pg.as_ref().expect("the test database");
    let unbound = sachstand::db::Db::connect(&database.app_url, &Default::default())
        .await
        .expect("connect as the app role");
    let site = sachstand::web::site::Site::new(Some(&app.base), &[], None).expect("site");
    let state = sachstand::AppState::new(unbound, false)
        .with_site(site)
        .with_mail((*mail).clone());
    tokio::spawn(sachstand::notify::worker(state));
    let got = sink.wait_for(2).await;
    assert_eq!(got.len(), 2);
    assert!(
        got.iter()
            .all(|m| m.subject == "Einladung: AG-Sitzung am 10.12.2099"),
        "{:?}",
        got.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert_eq!(
        super::outbox_count_when(&app, "sent_at IS NOT NULL", 2).await,
        2
    );
}
