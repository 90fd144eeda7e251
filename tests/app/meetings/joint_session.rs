//! The joint-session agenda drafted from the data with its reasons, release by the Leitung,
//! re-release after a change, and audited redrafting and removal.

use sachstand::domain::Role;

use super::joint_session_with_data;
use crate::support::{Audit, spawn_app};

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
    // the reason counts them; the measures are the linked list below it
    assert!(page.contains(
        "</strong> Ampel Rot bei 1 Maßnahme, Ampel Gelb bei 1 Maßnahme. Die Leitung entscheidet"
    ));
    assert!(b.contains(&format!("href=\"/massnahmen/{}\"", m[0])));
    assert!(b.contains("ampel-rot"));
    // 3–5 open sign-offs grouped per DSB, ISB and Personalrat (HF1-05 has DSB granted)
    assert!(page.contains("TOP 3: Beteiligung Datenschutz (DSB): offene Stellungnahmen"));
    assert!(page.contains("Beteiligung des Datenschutzbeauftragten offen bei 1 Maßnahme."));
    assert!(page.contains("TOP 4: Beteiligung Informationssicherheit (ISB): offene Freigaben"));
    assert!(page.contains("TOP 5: Beteiligung Personalrat: offene Mitbestimmung"));
    assert!(page.contains("Beteiligung des Personalrates offen bei 1 Maßnahme."));
    assert!(!page.contains("Maßnahme(n)"));
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
            "SELECT count(*) FROM participants WHERE meeting_id = {id} AND guest = TRUE"
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
