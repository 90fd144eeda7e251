//! The iCalendar feed: RFC 5545 content, the time zone and the per-user token.

use super::{joint_session_with_data, meeting_id_of, plan};
use crate::support::{Audit, Browser, spawn_app};

/// Unfolds RFC 5545 content lines (CRLF followed by a space continues a line).
fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn calendar_feed_is_rfc5545_with_timezone_and_per_user_token() {
    use icalendar::{Component, EventLike};
    let app = spawn_app().await;
    let (mut ag, id, _) = joint_session_with_data(&app).await;
    assert_eq!(plan(&mut ag, "ag", "26.11.2026").await.status, 303);
    let cancelled = meeting_id_of(&app, "ag", "2026-11-26T14:00").await;
    ag.get(&format!("/sitzungen/{cancelled}")).await;
    ag.post(
        &format!("/sitzungen/{cancelled}/status"),
        &[("state", "abgesagt")],
    )
    .await;

    // a calendar client cannot log in: without token it is sent to the login
    let mut anon = Browser::new(&app.base);
    let r = anon.get("/sitzungen.ics").await;
    assert_eq!(r.status, 303);
    assert_eq!(
        anon.get(&format!("/sitzungen.ics?token={}", "a".repeat(64)))
            .await
            .status,
        404
    );

    let page = ag.get("/sitzungen/kalender").await;
    assert!(page.contains("Sie haben noch keine geheime Kalenderadresse."));
    // the first address needs no confirmation: POST → redirect → the page shows it once
    let r = ag.post("/sitzungen/kalender", &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        "/sitzungen/kalender?meldung=kalenderadresse_angelegt"
    );
    let r = ag.follow(&r).await;
    assert_eq!(r.status, 200);
    assert!(r.contains("Ihre geheime Kalenderadresse wurde erzeugt."));
    assert_eq!(r.header("cache-control"), "no-store");
    let re = regex_lite::Regex::new(r"/sitzungen\.ics\?token=([0-9a-f]{64})").unwrap();
    let token = re.captures(&r.body).expect("feed url")[1].to_string();
    // the whole address, for the calendar program (scheme and host included)
    assert!(
        r.body
            .contains(&format!("{}/sitzungen.ics?token={token}", app.base))
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM calendar_tokens WHERE token_hash = '{token}'"
        ))
        .await,
        0,
        "only the hash is stored"
    );
    app.assert_audited(Audit::action("kalender_token_anlegen"), 1)
        .await;
    app.assert_audited(Audit::all().new_has(&token), 0).await;

    let res = anon.get(&format!("/sitzungen.ics?token={token}")).await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").starts_with("text/calendar"));
    let body = res.body;
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        body.lines().all(|l| l.trim_end_matches('\r').len() <= 75),
        "lines are folded at 75 octets"
    );
    let lines = unfold(&body);
    let has = |l: &str| lines.iter().any(|x| x == l);
    assert!(has("VERSION:2.0"));
    assert!(has("PRODID:-//Stadtverwaltung//Sachstand//DE"));
    assert!(has("BEGIN:VTIMEZONE"));
    assert!(has("TZID:Europe/Berlin"));
    assert!(has("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));

    // parsed back with the icalendar crate's parser, field by field
    let cal: icalendar::Calendar = body.parse().expect("parses");
    let events: Vec<&icalendar::Event> =
        cal.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 2);
    let joint = events
        .iter()
        .find(|e| e.get_uid() == Some(format!("sitzung-{id}@sachstand").as_str()))
        .expect("joint session event");
    assert_eq!(
        joint.get_summary(),
        Some("Gemeinsame Quartalsberatung am 10.12.2099")
    );
    assert_eq!(joint.get_location(), Some("Rathaus, Beratungsraum 2"));
    assert_eq!(joint.property_value("STATUS"), Some("TENTATIVE"));
    let start = joint.properties().get("DTSTART").expect("DTSTART");
    assert_eq!(start.value(), "20991210T140000");
    assert_eq!(
        start.params().get("TZID").map(|p| p.value()),
        Some("Europe/Berlin")
    );
    assert_eq!(
        joint.properties().get("DTEND").map(|p| p.value()),
        Some("20991210T160000")
    );
    let gone = events
        .iter()
        .find(|e| e.get_uid() == Some(format!("sitzung-{cancelled}@sachstand").as_str()))
        .expect("cancelled event");
    assert_eq!(gone.property_value("STATUS"), Some("CANCELLED"));
    assert!(gone.get_summary().unwrap_or("").starts_with("Abgesagt:"));

    // a reload shows the address no more
    let again = ag.get("/sitzungen/kalender").await;
    assert!(!again.contains(&token));
    assert!(again.contains("Neue Adresse erzeugen"));

    // renewing the token invalidates the old address, after a confirmation step
    let r = ag.get("/sitzungen/kalender/erneuern").await;
    assert_eq!(r.status, 200);
    assert!(r.contains("Neue Kalenderadresse erzeugen?"));
    assert!(r.contains("Ihre bisherige Adresse (erzeugt am "));
    assert!(r.contains("erhalten keine Termine mehr"));
    assert!(r.contains("Ja, neue Adresse erzeugen"));
    assert!(r.contains("href=\"/sitzungen/kalender\">Abbrechen"));
    // the confirmation page changed nothing
    assert_eq!(
        anon.get(&format!("/sitzungen.ics?token={token}"))
            .await
            .status,
        200
    );
    app.assert_audited(Audit::action("kalender_token_erneuern"), 0)
        .await;
    // a POST without the confirmation (an old tab) is sent to it and changes nothing
    let r = ag.post("/sitzungen/kalender", &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/sitzungen/kalender/erneuern");
    assert_eq!(
        anon.get(&format!("/sitzungen.ics?token={token}"))
            .await
            .status,
        200
    );
    app.assert_audited(Audit::action("kalender_token_erneuern"), 0)
        .await;
    let r = ag
        .post("/sitzungen/kalender", &[("bestaetigt", "ja")])
        .await;
    assert_eq!(r.status, 303);
    let r = ag.follow(&r).await;
    assert!(r.contains("Die geheime Kalenderadresse wurde neu erzeugt."));
    let fresh = re.captures(&r.body).expect("feed url")[1].to_string();
    assert_ne!(fresh, token);
    assert_eq!(
        anon.get(&format!("/sitzungen.ics?token={token}"))
            .await
            .status,
        404
    );
    app.assert_audited(Audit::action("kalender_token_erneuern"), 1)
        .await;
    // a council member's account gets no feed, even with a token of its own
    app.exec("UPDATE users SET role = 'rat' WHERE username = 'ag1'")
        .await;
    assert_eq!(
        anon.get(&format!("/sitzungen.ics?token={fresh}"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn a_new_calendar_address_waits_sealed_for_the_next_page_on_any_instance() {
    use sachstand::domain::Role;
    let app = spawn_app().await;
    let other = crate::support::serve(sachstand::app(sachstand::AppState::new(
        app.db.clone(),
        false,
    )))
    .await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    // a generated password waiting for its page is not the calendar page's to take
    let created = crate::support::add_katrin_with_generated_password(&mut admin).await;
    assert_eq!(created.status, 303);
    admin.get("/sitzungen/kalender").await;
    let r = admin.post("/sitzungen/kalender", &[]).await;
    assert_eq!(r.status, 303);
    let rows: Vec<(String, String, Vec<u8>)> = sachstand::db::query_as(
        "SELECT purpose, label, ciphertext FROM pending_secrets ORDER BY purpose",
    )
    .fetch_all(&app.db.read)
    .await
    .expect("pending");
    assert_eq!(
        rows.iter()
            .map(|(p, l, _)| (p.as_str(), l.as_str()))
            .collect::<Vec<_>>(),
        [("kalender", ""), ("passwort", "k.vogel")]
    );
    // the calendar page without its message (not the page after the POST) takes nothing
    let plain = admin.get("/sitzungen/kalender").await;
    assert!(!plain.contains("sitzungen.ics?token="));
    // the page after the redirect, on the other instance, shows the address once
    admin.set_base(&other);
    let page = admin.follow(&r).await;
    assert!(page.contains("Ihre geheime Kalenderadresse wurde erzeugt."));
    let re = regex_lite::Regex::new(r"/sitzungen\.ics\?token=([0-9a-f]{64})").unwrap();
    let token = re.captures(&page.body).expect("feed url")[1].to_string();
    assert!(!page.contains("k.vogel"), "not the waiting password");
    let sealed = &rows[0].2;
    assert!(
        !sealed.windows(64).any(|w| w == token.as_bytes()),
        "the address is sealed in the database"
    );
    assert!(
        !admin.follow(&r).await.contains(&token),
        "a reload shows nothing"
    );
    let mut anon = Browser::new(&other);
    assert_eq!(
        anon.get(&format!("/sitzungen.ics?token={token}"))
            .await
            .status,
        200
    );
    // the password still waits for its own page
    let users = admin.follow(&created).await;
    assert!(users.contains(r#"class="password""#));
    assert_eq!(
        app.count("SELECT count(*) FROM pending_secrets").await,
        0,
        "both taken"
    );
}
