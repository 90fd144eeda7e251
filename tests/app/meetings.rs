//! Journey 3 and the meeting pages: the joint-session agenda drafted from the data with
//! its reasons, comments and release by the Leitung, re-release after a change; the
//! biweekly series, participants by membership date, the AG pre-fill, minutes with
//! decisions and tasks, and the iCalendar feed.

use sachstand::domain::Role;

use crate::support::{Audit, Browser, Resp, TestApp, spawn_app};

/// Seed plus the joint-session guests and AG memberships (Max joins in August 2023).
async fn seed_people(app: &TestApp) -> Vec<i64> {
    let seed = app.seed(6).await;
    app.exec(
        "INSERT INTO people (id, name, function, org_unit_id) VALUES
           (3, 'Henrik Stollberg', 'Oberbürgermeister', 1),
           (4, 'Rainer Quandt', 'Datenschutzbeauftragter', 1),
           (5, 'Daniel Ohlendorf', 'Beauftragter für Informationssicherheit', 2),
           (6, 'Birgit Lautenschläger', 'Vorsitzende des Personalrates', 1);
         INSERT INTO ag_memberships (person_id, ag_role, since, until) VALUES
           (1, 'leitung', '2022-09-01', NULL),
           (2, 'mitglied', '2023-08-01', NULL);",
    )
    .await;
    seed.measures
}

async fn meeting_id_of(app: &TestApp, kind: &str, starts: &str) -> i64 {
    app.count(&format!(
        "SELECT id FROM meetings WHERE kind = '{kind}' AND starts_at = '{starts}'"
    ))
    .await
}

async fn plan(b: &mut Browser, kind: &str, date: &str) -> Resp {
    b.get("/sitzungen/neu").await;
    b.post(
        "/sitzungen/neu",
        &[
            ("kind", kind),
            ("date", date),
            ("start", "14:00"),
            ("end", "16:00"),
            ("place", "Rathaus, Beratungsraum 2"),
        ],
    )
    .await
}

/// Measures 1 red, 2 amber; open DSB+ISB sign-off on 3, open PR sign-off on 4; measure 5
/// over budget. The draft must name each, with its reason.
async fn joint_session_with_data(app: &TestApp) -> (Browser, i64, Vec<i64>) {
    let m = seed_people(app).await;
    app.exec(&format!(
        "UPDATE measures SET ampel = 'rot' WHERE id = {};
         UPDATE measures SET ampel = 'gelb' WHERE id = {};
         INSERT INTO sign_offs (measure_id, track, state) VALUES ({}, 'dsb', 'offen'), ({}, 'isb', 'offen'), ({}, 'pr', 'offen'), ({}, 'dsb', 'erteilt');
         INSERT INTO budget_lines (measure_id, fiscal_year, kind, planned, approved, actual)
           VALUES ({}, 2099, 'investiv', 1000000, 1000000, 1250000), ({}, 2099, 'konsumtiv', 500000, 500000, 400000), ({}, 2097, 'investiv', 1, 1, 2);",
        m[0], m[1], m[2], m[2], m[3], m[4], m[4], m[5], m[5]
    ))
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let r = plan(&mut ag, "quartal", "10.12.2099").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = meeting_id_of(app, "quartal", "2099-12-10T14:00").await;
    assert!(r.location().starts_with(&format!("/sitzungen/{id}")));
    (ag, id, m)
}

#[tokio::test]
async fn joint_session_draft_names_each_item_with_its_reason() {
    let app = spawn_app().await;
    let (mut ag, id, m) = joint_session_with_data(&app).await;
    let page = ag.get(&format!("/sitzungen/{id}")).await;
    assert_eq!(page.status, 200);
    let b = &page.body;
    assert!(page.contains("Gemeinsame Quartalsberatung am 10.12.2099"));
    assert!(page.contains("Entwurf – noch nicht freigegeben."));
    // 1 summary of the quarter: 6 running measures, 1 red, 1 amber, 4 green
    assert!(page.contains("TOP 1: Sachstand Arbeitspapier – Quartal IV/2099"));
    assert!(
        page.contains("Zusammenfassung des Quartals: 6 laufende Maßnahmen (Rot 1, Gelb 1, Grün 4)")
    );
    // 2 red and amber, with the live Ampel of the linked measures
    assert!(page.contains("TOP 2: Gefährdete und verzögerte Maßnahmen (Ampel Rot und Gelb)"));
    assert!(
        page.contains("Ampel Rot: HF1-01 Maßnahme Nummer 1. Ampel Gelb: HF2-02 Maßnahme Nummer 2.")
    );
    assert!(b.contains(&format!("href=\"/massnahmen/{}\"", m[0])));
    assert!(b.contains("ampel-rot"));
    // 3–5 open sign-offs grouped per DSB, ISB and Personalrat (HF1-05 has DSB granted)
    assert!(page.contains("TOP 3: Beteiligung Datenschutz (DSB): offene Stellungnahmen"));
    assert!(page.contains(
        "Beteiligung des Datenschutzbeauftragten offen bei 1 Maßnahme(n): HF1-03 Maßnahme Nummer 3."
    ));
    assert!(page.contains("TOP 4: Beteiligung Informationssicherheit (ISB): offene Freigaben"));
    assert!(page.contains("TOP 5: Beteiligung Personalrat: offene Mitbestimmung"));
    assert!(page.contains("offen bei 1 Maßnahme(n): HF2-04 Maßnahme Nummer 4."));
    // 6 budget deviation: only the line over its Ansatz
    assert!(page.contains(
        "Ist über dem Haushaltsansatz: HF1-05 (2099): Ansatz 10.000,00\u{a0}€, Ist 12.500,00\u{a0}€, Mehrausgabe 2.500,00\u{a0}€."
    ));
    assert!(!page.contains("HF2-06 (2099)"));
    assert!(
        !page.contains("(2097)"),
        "closed fiscal years are not discussed again"
    );
    // 7 the half-yearly report is due in Q4 and not yet created
    assert!(
        page.contains("TOP 7: Vorbereitung der halbjährlichen Sachstandsinformation an den FVA")
    );
    assert!(page.contains("(2. Halbjahr 2099) ist fällig; der Bericht ist noch nicht angelegt"));
    assert!(page.contains("TOP 8: Entscheidungen, Aufgaben und Wiedervorlagen"));
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = {id} AND reason <> ''"
        ))
        .await,
        8
    );
    // guests of the joint session are invited, although not AG members
    for guest in [
        "Henrik Stollberg",
        "Rainer Quandt",
        "Daniel Ohlendorf",
        "Birgit Lautenschläger",
    ] {
        assert!(page.contains(guest), "{guest}");
    }
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM participants WHERE meeting_id = {id} AND guest = 1"
        ))
        .await,
        4
    );
    app.assert_audited(Audit::action("sitzung_anlegen"), 1)
        .await;
}

#[tokio::test]
async fn only_the_leitung_releases_and_a_change_needs_a_new_release() {
    let app = spawn_app().await;
    let (mut ag, id, _) = joint_session_with_data(&app).await;
    let top: i64 = app
        .count(&format!(
            "SELECT id FROM agenda_items WHERE meeting_id = {id} AND position = 2"
        ))
        .await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let mut ob = app.signed_in("ob", Role::Leitung).await;
    app.exec("UPDATE users SET display_name = 'Henrik Stollberg' WHERE username = 'ob'")
        .await;

    // admin and AG may not release: 403, nothing written
    for b in [&mut admin, &mut ag] {
        b.get(&format!("/sitzungen/{id}")).await;
        let before = app.snapshot().await;
        let r = b.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
        assert_eq!(r.status, 403);
        assert_eq!(before, app.snapshot().await);
    }

    // the OB opens the draft, comments on an item and releases
    let page = ob.get(&format!("/sitzungen/{id}")).await;
    assert!(page.contains("Tagesordnung freigeben"));
    assert!(!page.contains("Tagesordnungspunkt hinzufügen"));
    let item = ob.get(&format!("/sitzungen/{id}/tops/{top}")).await;
    assert_eq!(item.status, 200);
    assert!(item.contains("Warum auf der Tagesordnung"));
    let before = app.snapshot().await;
    let r = ob
        .post(
            &format!("/sitzungen/{id}/tops/{top}/kommentar"),
            &[("text", "   ")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("<title>Fehler:"));
    assert!(r.contains("Bitte geben Sie einen Kommentar ein."));
    assert_eq!(before, app.snapshot().await);
    let r = ob
        .post(
            &format!("/sitzungen/{id}/tops/{top}/kommentar"),
            &[(
                "text",
                "Bitte HF1-01 mit Zeitplan <b>und</b> Kosten vorstellen.",
            )],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ob.follow(&r).await;
    assert!(
        page.body
            .contains("Bitte HF1-01 mit Zeitplan &#60;b&#62;und&#60;/b&#62; Kosten vorstellen.")
            || page.contains("Bitte HF1-01 mit Zeitplan <b>und</b> Kosten vorstellen.")
    );
    assert!(!page.body.contains("<b>und</b>"));
    app.assert_audited(Audit::action("top_kommentieren"), 1)
        .await;
    // the Leitung may not edit the agenda itself
    let before = app.snapshot().await;
    let r = ob
        .post(
            &format!("/sitzungen/{id}/tops"),
            &[("title", "Eigener Punkt")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(before, app.snapshot().await);

    let r = ob.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
    assert_eq!(r.status, 303);
    let page = ob.follow(&r).await;
    assert!(page.contains("Die Tagesordnung wurde freigegeben."));
    assert!(page.contains("Freigegeben</strong> von Henrik Stollberg am"));
    assert!(!page.contains("erneute Freigabe erforderlich"));
    app.assert_audited(Audit::action("tagesordnung_freigeben"), 1)
        .await;
    // releasing an unchanged released agenda again is refused
    let before = app.snapshot().await;
    let r = ob.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
    assert_eq!(r.status, 409);
    assert_eq!(before, app.snapshot().await);

    // the AG moves an item: the release is stale
    ag.get(&format!("/sitzungen/{id}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{top}/verschieben"),
            &[("richtung", "hoch")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT position FROM agenda_items WHERE id = {top}"
        ))
        .await,
        1
    );
    let page = ob.get(&format!("/sitzungen/{id}")).await;
    assert!(page.contains("geändert nach Freigabe – erneute Freigabe erforderlich"));
    assert!(page.contains("Tagesordnung erneut freigeben"));
    assert!(
        ob.get("/sitzungen")
            .await
            .contains("geändert nach Freigabe")
    );
    let r = ob.post(&format!("/sitzungen/{id}/freigabe"), &[]).await;
    assert_eq!(r.status, 303);
    let page = ob.follow(&r).await;
    assert!(!page.contains("erneute Freigabe erforderlich"));
    app.assert_audited(Audit::action("tagesordnung_freigeben"), 2)
        .await;
    app.assert_audited(Audit::action("top_verschieben"), 1)
        .await;

    // editing an item after release also asks for a new release
    ag.get(&format!("/sitzungen/{id}/tops/{top}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/tops/{top}"),
            &[
                ("title", "Rote und gelbe Maßnahmen"),
                ("public", "1"),
                ("presenter_id", "1"),
                ("planned_minutes", "20"),
                ("measures", "HF1-01, HF2-02"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.assert_audited(Audit::action("top_bearbeiten"), 1).await;
    assert!(
        ob.get(&format!("/sitzungen/{id}"))
            .await
            .contains("erneute Freigabe erforderlich")
    );
}

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
    assert!(r.contains("Unbekannte Maßnahmennummer(n): HF9-99."));
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
async fn biweekly_series_skips_and_moves_single_dates() {
    let app = spawn_app().await;
    seed_people(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/sitzungen/serie").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/sitzungen/serie",
            &[
                ("title", "AG"),
                ("first", "08.01.2026"),
                ("until", "01.01.2026"),
                ("start", "14:00"),
                ("end", "13:00"),
                ("place", "Rathaus"),
                ("skip", "31.02.2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Das Ende der Serie muss nach dem ersten Termin liegen."));
    assert!(r.contains("Das Ende muss nach dem Beginn liegen."));
    assert!(r.contains("„31.02.2026“ ist kein gültiges Datum"));
    assert!(r.body.contains("value=\"08.01.2026\""));
    assert_eq!(before, app.snapshot().await);

    let r = ag
        .post(
            "/sitzungen/serie",
            &[
                ("title", "AG Digitalisierung"),
                ("first", "08.01.2026"),
                ("until", "05.03.2026"),
                ("start", "14:00"),
                ("end", "15:30"),
                ("place", "Rathaus"),
                ("skip", "05.02.2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let starts: Vec<String> = sqlx::query_scalar(
        "SELECT starts_at FROM meetings WHERE series_id IS NOT NULL ORDER BY starts_at",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    assert_eq!(
        starts,
        vec![
            "2026-01-08T14:00",
            "2026-01-22T14:00",
            "2026-02-19T14:00",
            "2026-03-05T14:00"
        ]
    );
    app.assert_audited(Audit::action("serie_anlegen"), 1).await;

    // move the second date by one day: the others stay
    let id = meeting_id_of(&app, "ag", "2026-01-22T14:00").await;
    ag.get(&format!("/sitzungen/{id}")).await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/verlegen"),
            &[
                ("date", "23.01.2026"),
                ("start", "10:00"),
                ("end", "11:30"),
                ("place", "Rathaus, Ratssaal"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(page.contains("ursprünglich geplant: 22.01.2026, 14:00 Uhr"));
    assert!(page.contains("AG-Sitzung am 23.01.2026"));
    let starts: Vec<String> = sqlx::query_scalar(
        "SELECT starts_at FROM meetings WHERE series_id IS NOT NULL ORDER BY starts_at",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    assert_eq!(
        starts,
        vec![
            "2026-01-08T14:00",
            "2026-01-23T10:00",
            "2026-02-19T14:00",
            "2026-03-05T14:00"
        ]
    );
    // cancel one: still in the series, shown as abgesagt
    let r = ag
        .post(&format!("/sitzungen/{id}/status"), &[("state", "abgesagt")])
        .await;
    assert_eq!(r.status, 303);
    assert!(ag.follow(&r).await.contains("Diese Sitzung ist abgesagt."));
    // a cancelled meeting cannot be marked as held
    let before = app.snapshot().await;
    let r = ag
        .post(
            &format!("/sitzungen/{id}/status"),
            &[("state", "durchgefuehrt")],
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(before, app.snapshot().await);
    app.assert_audited(Audit::action("sitzung_verlegen"), 1)
        .await;
    app.assert_audited(Audit::action("sitzung_status"), 1).await;
}

#[tokio::test]
async fn participants_come_from_the_membership_valid_on_the_date() {
    let app = spawn_app().await;
    seed_people(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    assert_eq!(plan(&mut ag, "ag", "20.07.2023").await.status, 303);
    assert_eq!(plan(&mut ag, "ag", "17.08.2023").await.status, 303);
    let july = meeting_id_of(&app, "ag", "2023-07-20T14:00").await;
    let august = meeting_id_of(&app, "ag", "2023-08-17T14:00").await;
    let page = ag.get(&format!("/sitzungen/{july}")).await;
    assert!(page.contains("Erika Beispiel"));
    assert!(
        !page.contains("Max Muster</th>"),
        "Max is a member only from August 2023"
    );
    let page = ag.get(&format!("/sitzungen/{august}")).await;
    assert!(page.contains("Erika Beispiel"));
    assert!(page.contains("Max Muster</th>"));
    assert!(
        !page.contains("Henrik Stollberg</th>"),
        "no guests at an AG meeting"
    );

    // attendance per participant
    let r = ag
        .post(
            &format!("/sitzungen/{august}/anwesenheit"),
            &[("a-1", "anwesend"), ("a-2", "entschuldigt")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!("SELECT count(*) FROM participants WHERE meeting_id = {august} AND attendance = 'entschuldigt' AND person_id = 2")).await,
        1
    );
    let before = app.snapshot().await;
    let r = ag
        .post(
            &format!("/sitzungen/{august}/anwesenheit"),
            &[("a-1", "vielleicht")],
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(before, app.snapshot().await);
    // a guest added by hand
    let r = ag
        .post(
            &format!("/sitzungen/{august}/teilnehmende"),
            &[("person_id", "4")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT guest FROM participants WHERE meeting_id = {august} AND person_id = 4"
        ))
        .await,
        1
    );
    app.assert_audited(Audit::action("anwesenheit"), 1).await;
    app.assert_audited(Audit::action("teilnehmende_hinzufuegen"), 1)
        .await;
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
           (500, 50, 1, 'Telefonanlage', 0), (501, 50, 2, 'Erledigtes', 1);
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
    assert!(r.contains("Dieser Punkt wurde inzwischen von jemand anderem geändert"));
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

#[tokio::test]
async fn council_members_see_no_meetings() {
    let app = spawn_app().await;
    let (_, id, _) = joint_session_with_data(&app).await;
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert!(!rat.get("/").await.body.contains("href=\"/sitzungen\""));
    for path in [
        "/sitzungen".to_string(),
        format!("/sitzungen/{id}"),
        "/sitzungen.ics".into(),
        "/sitzungen/beschluesse".into(),
    ] {
        assert_eq!(rat.get(&path).await.status, 403, "{path}");
    }
}

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
    let r = ag.post("/sitzungen/kalender", &[]).await;
    assert_eq!(r.status, 200);
    let re = regex_lite::Regex::new(r"/sitzungen\.ics\?token=([0-9a-f]{64})").unwrap();
    let token = re.captures(&r.body).expect("feed url")[1].to_string();
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

    // renewing the token invalidates the old address
    let r = ag.post("/sitzungen/kalender", &[]).await;
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

#[tokio::test]
async fn drafting_again_and_removing_items_are_audited_and_guarded() {
    let app = spawn_app().await;
    let (mut ag, id, _) = joint_session_with_data(&app).await;
    let mut ob = app.signed_in("ob", Role::Leitung).await;
    let first: i64 = app
        .count(&format!(
            "SELECT id FROM agenda_items WHERE meeting_id = {id} AND position = 1"
        ))
        .await;
    let last: i64 = app
        .count(&format!(
            "SELECT id FROM agenda_items WHERE meeting_id = {id} AND position = 8"
        ))
        .await;
    ob.get(&format!("/sitzungen/{id}/tops/{first}")).await;
    ob.post(
        &format!("/sitzungen/{id}/tops/{first}/kommentar"),
        &[("text", "Bitte kürzer.")],
    )
    .await;
    // an item with a comment of the Leitung is not removed
    ag.get(&format!("/sitzungen/{id}")).await;
    let before = app.snapshot().await;
    let r = ag
        .post(&format!("/sitzungen/{id}/tops/{first}/loeschen"), &[])
        .await;
    assert_eq!(r.status, 409);
    assert!(r.contains("kann nicht entfernt werden"));
    assert_eq!(before, app.snapshot().await);
    // one without is removed, the rest renumbered
    let r = ag
        .post(&format!("/sitzungen/{id}/tops/{last}/loeschen"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT max(position) FROM agenda_items WHERE meeting_id = {id}"
        ))
        .await,
        7
    );
    app.assert_audited(Audit::action("top_entfernen"), 1).await;
    // drafting again adds only what is not on the agenda: the removed standing item
    let r = ag.post(&format!("/sitzungen/{id}/entwurf"), &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = {id}"
        ))
        .await,
        8
    );
    app.assert_audited(Audit::action("tagesordnung_entwurf"), 1)
        .await;
    let before = app.snapshot().await;
    let r = ag.post(&format!("/sitzungen/{id}/entwurf"), &[]).await;
    assert_eq!(r.status, 303);
    assert!(
        ag.follow(&r)
            .await
            .contains("keine neuen Tagesordnungspunkte")
    );
    assert_eq!(before, app.snapshot().await, "nothing new: nothing written");
}

#[tokio::test]
async fn before_a_meeting_the_page_lists_who_has_not_reported_since_the_last_one() {
    let app = spawn_app().await;
    let m = seed_people(&app).await;
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| today + chrono::Duration::days(offset);
    let german = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    let (last, next, later) = (day(-7), day(7), day(21));
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    for d in [last, next, later] {
        assert_eq!(plan(&mut ag, "ag", &german(d)).await.status, 303);
    }
    let id_of = |d: chrono::NaiveDate| format!("{}T14:00", d.format("%Y-%m-%d"));
    let first = meeting_id_of(&app, "ag", &id_of(last)).await;
    let second = meeting_id_of(&app, "ag", &id_of(next)).await;
    let third = meeting_id_of(&app, "ag", &id_of(later)).await;
    // All measures last reported on 01.01.2026. HF1-01 reports after the last meeting,
    // HF2-02 is archived, HF1-03 completed: HF2-04 and HF2-06 (Max Muster) and HF1-05
    // (Erika Beispiel) still owe a Sachstand.
    app.exec(&format!(
        "UPDATE measures SET last_update_at = '{}T09:00:00Z' WHERE id = {};
         UPDATE measures SET archived_at = '2026-02-01T10:00:00Z' WHERE id = {};
         UPDATE measures SET status = 'abgeschlossen' WHERE id = {};",
        day(-3),
        m[0],
        m[1],
        m[2]
    ))
    .await;
    let section = |body: &str| -> String {
        let start = body
            .find("id=\"h-meldungen\"")
            .expect("section with who owes a Sachstand");
        let end = body[start..].find("</section>").expect("end of section") + start;
        body[start..end].to_string()
    };
    let page = ag.get(&format!("/sitzungen/{second}")).await;
    assert_eq!(page.status, 200);
    let s = section(&page.body);
    assert!(
        s.contains(&format!(
            "Seit der letzten Sitzung am {} fehlt bei <strong>3 laufenden Maßnahmen</strong>",
            german(last)
        )),
        "{s}"
    );
    let erika = s
        .find("Erika Beispiel (Leitung Amt 21)")
        .expect("Erika listed");
    let max = s
        .find("Max Muster (Leitung EDV-Abteilung)")
        .expect("Max listed");
    assert!(erika < max, "people in alphabetical order: {s}");
    let (hf105, hf204, hf206) = (
        s.find("HF1-05").expect("HF1-05"),
        s.find("HF2-04").expect("HF2-04"),
        s.find("HF2-06").expect("HF2-06"),
    );
    assert!(
        erika < hf105 && hf105 < max && max < hf204 && hf204 < hf206,
        "{s}"
    );
    for done in ["HF1-01", "HF2-02", "HF1-03"] {
        assert!(!s.contains(done), "{done} must not be listed: {s}");
    }
    // the first meeting has no previous one: the 14 days before it count (the same three)
    let s = section(&ag.get(&format!("/sitzungen/{first}")).await.body);
    assert!(
        s.contains(&format!(
            "Seit dem {} (14 Tage vor dieser Sitzung) fehlt bei <strong>3 laufenden Maßnahmen</strong>",
            german(day(-21))
        )),
        "{s}"
    );
    // a meeting whose previous one is still ahead has nothing to say yet
    let page = ag.get(&format!("/sitzungen/{third}")).await;
    assert!(!page.body.contains("id=\"h-meldungen\""));
    // once everyone has reported, the section says so; a held meeting does not show it
    app.exec(&format!(
        "UPDATE measures SET last_update_at = '{}T09:00:00Z'",
        day(-1)
    ))
    .await;
    let s = section(&ag.get(&format!("/sitzungen/{second}")).await.body);
    assert!(
        s.contains(&format!(
            "Alle laufenden Maßnahmen haben seit der letzten Sitzung am {} einen neuen Sachstand.",
            german(last)
        )),
        "{s}"
    );
    app.exec(&format!(
        "UPDATE meetings SET state = 'durchgefuehrt' WHERE id = {second}"
    ))
    .await;
    assert!(
        !ag.get(&format!("/sitzungen/{second}"))
            .await
            .body
            .contains("id=\"h-meldungen\"")
    );
}
