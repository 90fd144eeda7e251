//! Journey 3, the agenda stays true: the draft says when it was drafted and, after the
//! data changed, what changed and what an update would add, remove and rewrite (preview
//! first, comments kept); red and amber measures with cause, options and decision date;
//! what changed since a release; the overview's prompts; removing an item asks first;
//! the feed's description and address; times refused on the days the clocks change.

use chrono::{Duration, Utc};
use sachstand::domain::Role;

use super::{meeting_id_of, plan, seed_people};
use crate::support::{Audit, Browser, TestApp, spawn_app};

/// Measures 1 red (its latest update, weeks ago, asked for a decision by 15.11.2026),
/// 2 amber; open DSB sign-off on 3, open PR sign-off on 4; no budget deviation. The
/// joint session of 10.12.2099 is planned (and drafted) by the AG: 6 items.
async fn joint_session(app: &TestApp) -> (Browser, i64, Vec<i64>) {
    let m = seed_people(app).await;
    app.exec(&format!(
        "UPDATE measures SET ampel = 'rot' WHERE id = {a};
         UPDATE measures SET ampel = 'gelb' WHERE id = {b};
         INSERT INTO status_updates (measure_id, created_at, status, ampel, progress, text, reason, options, decision_by)
           VALUES ({a}, '2026-10-01T08:00:00Z', 'umsetzung', 'rot', 10, 'Verzug', 'Schnittstelle des Herstellers fehlt',
                   'Fristverlängerung oder anderer Anbieter', '2026-11-15');
         INSERT INTO sign_offs (measure_id, track, state) VALUES ({c}, 'dsb', 'offen'), ({d}, 'pr', 'offen');",
        a = m[0],
        b = m[1],
        c = m[2],
        d = m[3]
    ))
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let r = plan(&mut ag, "quartal", "10.12.2099").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = meeting_id_of(app, "quartal", "2099-12-10T14:00").await;
    (ag, id, m)
}

async fn item_id(app: &TestApp, meeting: i64, title_like: &str) -> i64 {
    app.count(&format!(
        "SELECT id FROM agenda_items WHERE meeting_id = {meeting} AND title LIKE '{title_like}'"
    ))
    .await
}

/// The page as read: tags dropped, white space collapsed.
fn visible_text(body: &str) -> String {
    let main = body.split("<main").nth(1).unwrap_or(body);
    let inline = regex_lite::Regex::new(r"</?(a|strong|span|em|b|code)\b[^>]*>").unwrap();
    let main = inline.replace_all(main, "");
    let re = regex_lite::Regex::new(r"<[^>]*>").unwrap();
    let text = re.replace_all(&main, " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn plan_token(body: &str) -> String {
    let re = regex_lite::Regex::new(r#"name="plan" value="([0-9a-f]{64})""#).unwrap();
    re.captures(body).expect("plan token")[1].to_string()
}

#[tokio::test]
async fn draft_freshness_preview_and_update_keep_comments() {
    let app = spawn_app().await;
    let (mut ag, id, m) = joint_session(&app).await;
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = {id}"
        ))
        .await,
        6
    );
    let mut ob = app.signed_in("ob", Role::Leitung).await;
    let page = ob.get(&format!("/sitzungen/{id}")).await;
    assert!(page.contains("Entwurf aus dem Programmstand vom"));
    assert!(page.contains("er entspricht dem aktuellen Stand"));
    assert!(!page.contains("Entwurf aktualisieren"));

    // the OB comments on the red/amber item
    let red_amber = item_id(&app, id, "Gefährdete%").await;
    ob.get(&format!("/sitzungen/{id}/tops/{red_amber}")).await;
    let r = ob
        .post(
            &format!("/sitzungen/{id}/tops/{red_amber}/kommentar"),
            &[("text", "Bitte Kosten der Alternativen nennen.")],
        )
        .await;
    assert_eq!(r.status, 303);

    // the data change: HF1-03 turns red, its DSB sign-off is given, HF1-05 goes over budget
    ag.get(&format!("/massnahmen/{}", m[2])).await;
    let r = ag
        .post(
            &format!("/massnahmen/{}/sachstand", m[2]),
            &[
                ("status", "umsetzung"),
                ("ampel", "rot"),
                ("progress", "30"),
                ("text", "Lieferant insolvent."),
                ("reason", "Lieferant insolvent"),
                ("options", "Neuausschreibung oder Eigenentwicklung"),
                ("decision_by", "01.12.2099"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let today = Utc::now().date_naive();
    app.exec(&format!(
        "UPDATE sign_offs SET state = 'erteilt', decided_on = '{today}' WHERE measure_id = {} AND track = 'dsb';
         INSERT INTO budget_lines (measure_id, fiscal_year, kind, planned, approved, actual)
           VALUES ({}, 2099, 'investiv', 1000000, 1000000, 1250000);",
        m[2], m[4]
    ))
    .await;

    // the page says what changed and what an update would do
    let page = ob.get(&format!("/sitzungen/{id}")).await;
    assert!(page.contains("die Daten haben sich seitdem geändert."));
    assert!(page.contains(
        "Eine Aktualisierung ergäbe: 1 Punkt neu, 1 Punkt entfällt, 2 Punkte aktualisiert."
    ));
    assert!(page.contains("HF1-03: neuer Sachstand vom"));
    assert!(page.contains("(Ampel Rot)."));
    assert!(page.contains(&format!(
        "HF1-03: Beteiligung Datenschutz (DSB) erteilt am {}.",
        today.format("%d.%m.%Y")
    )));
    assert!(
        page.body
            .contains(&format!("href=\"/sitzungen/{id}/entwurf/aktualisieren\""))
    );

    // the preview lists before anything is written
    let before = app.snapshot().await;
    let preview = ob
        .get(&format!("/sitzungen/{id}/entwurf/aktualisieren"))
        .await;
    assert_eq!(preview.status, 200);
    assert_eq!(before, app.snapshot().await, "a preview writes nothing");
    assert!(preview.contains("Neu aufgenommen"));
    assert!(preview.contains("Haushaltsabweichungen"));
    assert!(preview.contains("Mehrausgabe 2.500,00\u{a0}€"));
    assert!(preview.contains("Entfällt"));
    assert!(preview.contains("Beteiligung Datenschutz (DSB): offene Stellungnahmen"));
    assert!(preview.contains("Begründung oder Maßnahmen aktualisiert"));
    assert!(preview.contains(
        "Neu: Ampel Rot bei 2 Maßnahmen, Ampel Gelb bei 1 Maßnahme. Die Leitung entscheidet"
    ));
    assert!(preview.contains("Maßnahmen neu: HF1-03"));
    assert!(preview.contains("6 laufende Maßnahmen (Rot 2, Gelb 1, Grün 3)"));
    let token = plan_token(&preview.body);

    // a stale preview (another plan) is not applied: 409, the new preview, nothing written
    let r = ob
        .post(
            &format!("/sitzungen/{id}/entwurf/aktualisieren"),
            &[("plan", &"0".repeat(64))],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.contains("Die Daten haben sich seit Ihrer Vorschau erneut geändert"));
    assert_eq!(before, app.snapshot().await);
    app.assert_audited(Audit::action("tagesordnung_aktualisieren"), 0)
        .await;

    // the update: one item added, one removed, two rewritten; the comment stays
    ob.get(&format!("/sitzungen/{id}/entwurf/aktualisieren"))
        .await;
    let r = ob
        .post(
            &format!("/sitzungen/{id}/entwurf/aktualisieren"),
            &[("plan", &token)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        format!("/sitzungen/{id}?meldung=entwurf_aktualisiert#h-tagesordnung")
    );
    let page = ob.follow(&r).await;
    assert!(
        page.contains("aus dem aktuellen Programmstand aktualisiert. Kommentare sind erhalten.")
    );
    assert!(page.contains("TOP 6: Haushaltsabweichungen"));
    assert!(!page.contains("Beteiligung Datenschutz (DSB)"));
    assert!(page.contains("TOP 3: Beteiligung Personalrat: offene Mitbestimmung"));
    assert!(page.contains("Bitte Kosten der Alternativen nennen."));
    assert!(page.contains("er entspricht dem aktuellen Stand"));
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM agenda_comments WHERE agenda_item_id = {red_amber}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM agenda_item_measures WHERE agenda_item_id = {red_amber}"
        ))
        .await,
        3
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = {id}"
        ))
        .await,
        6
    );
    app.assert_audited(Audit::action("tagesordnung_aktualisieren"), 1)
        .await;
    // applying the same plan again changes nothing more
    let before = app.snapshot().await;
    let r = ob
        .post(
            &format!("/sitzungen/{id}/entwurf/aktualisieren"),
            &[("plan", &token)],
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(before, app.snapshot().await);
    // a council member may not
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert_eq!(
        rat.get(&format!("/sitzungen/{id}/entwurf/aktualisieren"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn red_and_amber_item_shows_cause_options_and_decision_date_per_measure() {
    let app = spawn_app().await;
    let (mut ag, id, m) = joint_session(&app).await;
    // HF2-02 (amber) reports with a decision date still ahead
    ag.get(&format!("/massnahmen/{}", m[1])).await;
    let r = ag
        .post(
            &format!("/massnahmen/{}/sachstand", m[1]),
            &[
                ("status", "umsetzung"),
                ("ampel", "gelb"),
                ("progress", "40"),
                ("text", "Verzögerung bei der Abnahme."),
                ("reason", "Abnahmetermin verschoben"),
                ("options", "Teilabnahme im Januar"),
                ("decision_by", "01.12.2099"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.get(&format!("/sitzungen/{id}")).await;
    let text = visible_text(&page.body);
    // the reason counts, the list names them (no repetition of codes in the reason)
    let reason = text
        .split("Warum auf der Tagesordnung: Ampel Rot")
        .nth(1)
        .expect("reason")
        .split("HF1-01 Maßnahme Nummer 1")
        .next()
        .unwrap_or("");
    assert_eq!(
        reason,
        " bei 1 Maßnahme, Ampel Gelb bei 1 Maßnahme. Die Leitung entscheidet über die Handlungsoptionen; je Maßnahme sind Ursache, Handlungsoptionen und Entscheidungstermin aus der letzten Sachstandsmeldung aufgeführt. "
    );
    // HF1-01: cause, options and a passed decision date, flagged
    assert!(page.contains("Schnittstelle des Herstellers fehlt"));
    assert!(page.contains("Fristverlängerung oder anderer Anbieter"));
    assert!(text.contains(
        "Ursache Schnittstelle des Herstellers fehlt Handlungsoptionen Fristverlängerung oder anderer Anbieter Entscheidung erforderlich bis 15.11.2026 Frist überschritten"
    ));
    // HF2-02: the date ahead, not flagged
    assert!(page.contains("Abnahmetermin verschoben"));
    assert!(page.contains("Teilabnahme im Januar"));
    assert!(text.contains("Entscheidung erforderlich bis 01.12.2099"));
    assert!(!text.contains("01.12.2099 Frist überschritten"));
    assert_eq!(text.matches("Frist überschritten").count(), 1);
    // the item page shows the same per measure
    let top = item_id(&app, id, "Gefährdete%").await;
    let item = ag.get(&format!("/sitzungen/{id}/tops/{top}")).await;
    assert!(item.contains("Zu entscheiden: HF1-01 Maßnahme Nummer 1"));
    assert!(visible_text(&item.body).contains("15.11.2026 Frist überschritten"));
}

#[tokio::test]
async fn after_a_release_is_invalidated_the_page_says_what_changed() {
    let app = spawn_app().await;
    let (mut ag, id, _) = joint_session(&app).await;
    let mut ob = app.signed_in("ob", Role::Leitung).await;
    ob.get(&format!("/sitzungen/{id}")).await;
    let r = ob.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
    assert_eq!(r.status, 303);

    // the AG removes TOP 6, adds a new item and moves TOP 3 up
    let last = item_id(&app, id, "Entscheidungen, Aufgaben%").await;
    ag.get(&format!("/sitzungen/{id}/tops/{last}/loeschen"))
        .await;
    let r = ag
        .post(&format!("/sitzungen/{id}/tops/{last}/loeschen"), &[])
        .await;
    assert_eq!(r.status, 303);
    ag.get(&format!("/sitzungen/{id}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops"),
            &[
                ("title", "Telefonanlage"),
                ("public", "1"),
                ("planned_minutes", "15"),
                ("measures", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let dsb = item_id(&app, id, "Beteiligung Datenschutz%").await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{dsb}/verschieben"),
            &[("richtung", "hoch")],
        )
        .await;
    assert_eq!(r.status, 303);

    let page = ob.get(&format!("/sitzungen/{id}")).await;
    assert!(page.contains("geändert nach Freigabe – erneute Freigabe erforderlich"));
    assert!(page.contains("Seit der Freigabe geändert:"));
    let b = &page.body;
    let s = b.find("Seit der Freigabe geändert:").unwrap();
    let list = &b[s..s + b[s..].find("</ul>").unwrap()];
    let lines: Vec<&str> = list
        .split("<li>")
        .skip(1)
        .map(|l| l.trim_end_matches("</li>"))
        .collect();
    assert_eq!(
        lines,
        vec![
            "TOP 6 „Telefonanlage“ neu aufgenommen.",
            "„Entscheidungen, Aufgaben und Wiedervorlagen“ entfernt.",
            "Reihenfolge der Tagesordnungspunkte geändert.",
        ]
    );
    // released again: nothing listed any more
    let r = ob.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
    assert_eq!(r.status, 303);
    let page = ob.follow(&r).await;
    assert!(!page.contains("Seit der Freigabe geändert:"));
}

#[tokio::test]
async fn removing_an_item_asks_first_and_a_reload_does_not_repeat_it() {
    let app = spawn_app().await;
    let (mut ag, id, _) = joint_session(&app).await;
    let top = item_id(&app, id, "Entscheidungen, Aufgaben%").await;
    let before = app.snapshot().await;
    let page = ag
        .get(&format!("/sitzungen/{id}/tops/{top}/loeschen"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.contains("TOP 6 entfernen?"));
    assert!(page.contains("TOP 6: Entscheidungen, Aufgaben und Wiedervorlagen"));
    assert!(page.contains("Ja, TOP 6 entfernen"));
    assert_eq!(before, app.snapshot().await, "the question removes nothing");
    // the item page links to the question instead of removing at once
    let item = ag.get(&format!("/sitzungen/{id}/tops/{top}")).await;
    assert!(
        item.body
            .contains(&format!("href=\"/sitzungen/{id}/tops/{top}/loeschen\""))
    );
    // the Leitung does not edit the agenda
    let mut ob = app.signed_in("ob", Role::Leitung).await;
    assert_eq!(
        ob.get(&format!("/sitzungen/{id}/tops/{top}/loeschen"))
            .await
            .status,
        403
    );

    ag.get(&format!("/sitzungen/{id}/tops/{top}/loeschen"))
        .await;
    let r = ag
        .post(&format!("/sitzungen/{id}/tops/{top}/loeschen"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location(),
        format!("/sitzungen/{id}?meldung=entfernt#h-tagesordnung")
    );
    let page = ag.follow(&r).await;
    assert!(page.contains("Der Tagesordnungspunkt wurde entfernt."));
    assert!(!page.contains("Entscheidungen, Aufgaben und Wiedervorlagen"));
    app.assert_audited(Audit::action("top_entfernen"), 1).await;
    // the redirect's page is a GET: reloading it removes nothing more; posting again is a 404
    let after = app.snapshot().await;
    ag.follow(&r).await;
    assert_eq!(after, app.snapshot().await);
    let again = ag
        .post(&format!("/sitzungen/{id}/tops/{top}/loeschen"), &[])
        .await;
    assert_eq!(again.status, 404);
    app.assert_audited(Audit::action("top_entfernen"), 1).await;

    // an item with a comment cannot be removed: the question says so and offers no button
    let commented = item_id(&app, id, "Gefährdete%").await;
    ag.get(&format!("/sitzungen/{id}/tops/{commented}")).await;
    ag.post(
        &format!("/sitzungen/{id}/tops/{commented}/kommentar"),
        &[("text", "Bitte vorziehen.")],
    )
    .await;
    let page = ag
        .get(&format!("/sitzungen/{id}/tops/{commented}/loeschen"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.contains("kann nicht entfernt werden"));
    assert!(!page.contains("Ja, TOP"));
}

#[tokio::test]
async fn overview_prompts_the_leitung_to_release_and_the_ag_member_to_report() {
    let app = spawn_app().await;
    let (mut ag, id, m) = joint_session(&app).await;
    let mut ob = app.signed_in("ob", Role::Leitung).await;
    let page = ob.get("/").await;
    assert!(page.contains("Für Sie zu tun"));
    assert!(visible_text(&page.body).contains(
        "Die Tagesordnung für die Gemeinsame Quartalsberatung am 10.12.2099 wartet auf Ihre Freigabe."
    ));
    assert!(
        page.body
            .contains(&format!("href=\"/sitzungen/{id}#h-freigabe\""))
    );
    ob.get(&format!("/sitzungen/{id}")).await;
    ob.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
    assert!(!ob.get("/").await.contains("wartet auf Ihre"));
    // changed after the release: a new release is asked for
    let top = item_id(&app, id, "Entscheidungen, Aufgaben%").await;
    ag.get(&format!("/sitzungen/{id}/tops/{top}/loeschen"))
        .await;
    ag.post(&format!("/sitzungen/{id}/tops/{top}/loeschen"), &[])
        .await;
    assert!(visible_text(&ob.get("/").await.body).contains(
        "Die Tagesordnung für die Gemeinsame Quartalsberatung am 10.12.2099 wurde nach der Freigabe geändert und wartet auf Ihre erneute Freigabe."
    ));
    // the AG member sees nothing about releases
    assert!(!ag.get("/").await.contains("wartet auf Ihre"));

    // an AG meeting a week ago and the next one in a week; the AG account is Erika
    // (responsible for HF1-01, HF1-03, HF1-05); HF1-03 reports now, the others owe
    let today = Utc::now().date_naive();
    let prev = today - Duration::days(7);
    let next = today + Duration::days(7);
    app.exec(&format!(
        "INSERT INTO meetings (programme_id, kind, starts_at, ends_at, place, state) VALUES
           (1, 'ag', '{prev}T14:00', '{prev}T15:30', 'Raum 2', 'durchgefuehrt'),
           (1, 'ag', '{next}T14:00', '{next}T15:30', 'Raum 2', 'eingeladen');
         UPDATE users SET person_id = 1 WHERE username = 'ag1';"
    ))
    .await;
    let next_id = meeting_id_of(&app, "ag", &format!("{next}T14:00")).await;
    let mut ag = app.browser();
    ag.login("ag1", crate::support::PASSWORD).await;
    ag.get(&format!("/massnahmen/{}", m[2])).await;
    let r = ag
        .post(
            &format!("/massnahmen/{}/sachstand", m[2]),
            &[
                ("status", "umsetzung"),
                ("ampel", "gruen"),
                ("progress", "50"),
                ("text", "Im Plan."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.get("/").await;
    assert!(visible_text(&page.body).contains(&format!(
        "Für Sie zu tun Nächste Sitzung: AG-Sitzung am {}. Bei 2 Ihrer Maßnahmen fehlt seit der letzten Sitzung am {} ein Sachstand:",
        next.format("%d.%m.%Y"),
        prev.format("%d.%m.%Y")
    )));
    assert!(
        page.body
            .contains(&format!("href=\"/sitzungen/{next_id}\""))
    );
    let s = page.body.find("Ihrer Maßnahmen fehlt").unwrap();
    let list = &page.body[s..s + page.body[s..].find("</ul>").unwrap()];
    assert!(list.contains("HF1-01 Maßnahme Nummer 1"));
    assert!(list.contains("HF1-05 Maßnahme Nummer 5"));
    assert!(!list.contains("HF1-03"), "reported since the last meeting");
    assert!(!list.contains("HF2-02"), "someone else's measure");
    assert!(list.contains(&format!("href=\"/massnahmen/{}#h-melden\"", m[0])));
    // the OB has no measures of their own: no such prompt
    assert!(!ob.get("/").await.contains("Ihrer Maßnahmen fehlt"));
}

#[tokio::test]
async fn calendar_feed_has_one_prodid_and_agenda_and_address_per_event() {
    let app = spawn_app().await;
    let (mut ag, id, _) = joint_session(&app).await;
    let res = ag.get("/sitzungen.ics").await;
    assert_eq!(res.status, 200);
    let lines: Vec<String> = res
        .body
        .replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("PRODID")).count(),
        1,
        "RFC 5545 §3.6: exactly one PRODID"
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "PRODID:-//Stadtverwaltung//Sachstand//DE")
    );
    let description = lines
        .iter()
        .find(|l| l.starts_with("DESCRIPTION"))
        .expect("DESCRIPTION");
    assert_eq!(
        description,
        "DESCRIPTION:Tagesordnung:\\nTOP 1: Sachstand Arbeitspapier – Quartal IV/2099\\nTOP 2: Gefährdete und verzögerte Maßnahmen (Ampel Rot und Gelb)\\nTOP 3: Beteiligung Datenschutz (DSB): offene Stellungnahmen\\nTOP 4: Beteiligung Personalrat: offene Mitbestimmung\\nTOP 5: Vorbereitung der halbjährlichen Sachstandsinformation an den FVA\\nTOP 6: Entscheidungen\\, Aufgaben und Wiedervorlagen"
    );
    assert!(
        lines
            .iter()
            .any(|l| *l == format!("URL:{}/sitzungen/{id}", app.base)),
        "absolute address of the meeting page"
    );
    // the calendar page: the whole address and a webcal: link, with Outlook and Thunderbird
    let r = ag.post("/sitzungen/kalender", &[]).await;
    let r = ag.follow(&r).await;
    assert_eq!(r.status, 200);
    let host = app.base.trim_start_matches("http://");
    assert!(
        r.body
            .contains(&format!("href=\"webcal://{host}/sitzungen.ics?token="))
    );
    assert!(r.contains("Outlook:"));
    assert!(r.contains("Thunderbird:"));
}

async fn plan_at(b: &mut Browser, date: &str, start: &str, end: &str) -> crate::support::Resp {
    b.get("/sitzungen/neu").await;
    b.post(
        "/sitzungen/neu",
        &[
            ("kind", "ag"),
            ("date", date),
            ("start", start),
            ("end", end),
            ("place", "Rathaus"),
        ],
    )
    .await
}

#[tokio::test]
async fn meeting_times_in_the_hour_the_clocks_change_are_refused() {
    let app = spawn_app().await;
    seed_people(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let before = app.snapshot().await;
    // 28.03.2027: 02:30 does not exist (summer time from 02:00 to 03:00)
    let r = plan_at(&mut ag, "28.03.2027", "02:30", "04:00").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("<title>Fehler:"));
    assert!(r.contains(
        "Der Beginn fällt in die Stunde, die am 28.03.2027 mit der Umstellung auf Sommerzeit entfällt"
    ));
    assert!(r.body.contains("value=\"02:30\""), "input kept");
    assert!(r.body.contains("value=\"28.03.2027\""), "input kept");
    // 31.10.2027: 02:30 happens twice (back from 03:00 to 02:00); also as the end
    let r = plan_at(&mut ag, "31.10.2027", "02:30", "04:00").await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Der Beginn fällt in die Stunde, die es am 31.10.2027 mit der Umstellung auf Winterzeit zweimal gibt"));
    let r = plan_at(&mut ag, "31.10.2027", "01:00", "02:30").await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Das Ende fällt in die Stunde, die es am 31.10.2027"));
    assert_eq!(before, app.snapshot().await, "nothing written");
    // 03:30 on both days is an ordinary time
    for date in ["28.03.2027", "31.10.2027"] {
        let r = plan_at(&mut ag, date, "03:30", "05:00").await;
        assert_eq!(r.status, 303, "{date}: {}", r.body);
    }
    assert_eq!(
        app.count("SELECT count(*) FROM meetings WHERE starts_at IN ('2027-03-28T03:30', '2027-10-31T03:30')")
            .await,
        2
    );
}
