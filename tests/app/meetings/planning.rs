//! Planning meetings: the biweekly series with skipped and moved dates, participants by
//! membership date, who has not reported before a meeting, and that council members see no
//! meetings.

use sachstand::domain::Role;

use super::{joint_session_with_data, meeting_id_of, plan, seed_people};
use crate::support::{Audit, spawn_app};

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
    let starts: Vec<String> = sachstand::db::query_scalar(
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
    let starts: Vec<String> = sachstand::db::query_scalar(
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
            "SELECT CAST(CASE WHEN guest THEN 1 ELSE 0 END AS BIGINT) FROM participants WHERE meeting_id = {august} AND person_id = 4"
        ))
        .await,
        1
    );
    app.assert_audited(Audit::action("anwesenheit"), 1).await;
    app.assert_audited(Audit::action("teilnehmende_hinzufuegen"), 1)
        .await;
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
