//! The cost-benefit gate: an AG member records an expectation, assesses it (WiBe-lite),
//! re-assesses it (history), and accepts it, which creates a linked measure.

use sachstand::domain::Role;

use crate::support::{Audit, Browser, spawn_app};

fn assessment<'a>(d: &'a str, q: &'a str, e: &'a str, effort: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("assessed_on", "2026-10-01"),
        ("one_time_cost", "9.500,00"),
        ("yearly_cost", "3.600"),
        ("person_days", "35"),
        ("urgency", d),
        ("strategic", q),
        ("external", e),
        ("effort_index", effort),
        ("justification", "Hoher Nutzen, Standardprodukt."),
    ]
}

async fn new_expectation(b: &mut Browser) -> i64 {
    b.get("/bewertung/neu").await;
    let r = b
        .post(
            "/bewertung/neu",
            &[
                ("programme_id", "1"),
                ("title", "Mängelmelder für Schäden im Stadtgebiet"),
                ("origin", "Stadtrat (Antrag Fraktion)"),
                ("description", "Schäden online mit Foto melden."),
                ("raised_on", "12.06.2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.location()
        .trim_start_matches("/bewertung/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn ag_member_assesses_reassesses_and_accepts_an_expectation_into_a_linked_measure() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = new_expectation(&mut ag).await;

    // D 45, Q 60, E 85: 0.4·45 + 0.4·60 + 0.2·85 = 18 + 24 + 17 = 59 → high; effort 2,0 ≤ 2,5 → low.
    let r = ag
        .post(
            &format!("/bewertung/{id}/bewerten"),
            &assessment("45", "60", "85", "2,0"),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.contains("Einordnung: Sofort umsetzen (Quick Win)"));
    assert!(page.contains("Nutzen-Index 59,0"));
    assert!(page.contains("9.500,00\u{a0}€"));

    // Re-assessment: D 30, Q 40, E 50 → 12 + 16 + 10 = 38 (low), effort 3,5 (high) → Zurückstellen.
    let r = ag
        .post(
            &format!("/bewertung/{id}/bewerten"),
            &assessment("30", "40", "50", "3,5"),
        )
        .await;
    let page = ag.follow(&r).await;
    assert!(page.contains("Fassung 2 vom 01.10.2026 (aktuell)"));
    assert!(page.contains("Fassung 1 vom 01.10.2026"));
    assert!(page.contains("Einordnung: Zurückstellen/verwerfen"));
    assert!(page.contains("Nutzen-Index 38,0"));
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM assessments WHERE expectation_id = {id}"
        ))
        .await,
        2
    );

    let list = ag.get("/bewertung").await;
    assert_eq!(list.status, 200);
    assert!(list.contains("Mängelmelder für Schäden im Stadtgebiet"));
    assert!(list.body.contains(">E1<"), "portfolio point label");

    let version = app
        .count(&format!("SELECT version FROM expectations WHERE id = {id}"))
        .await;
    let r = ag
        .post(
            &format!("/bewertung/{id}/entscheidung"),
            &[
                ("version", &version.to_string()),
                ("recommendation", "Übernehmen."),
                ("decision", "angenommen"),
                (
                    "decision_reason",
                    "Hoher Nutzen für Bürgerinnen und Bürger.",
                ),
                ("decided_on", "20.11.2026"),
                ("code", "HF2-50"),
                ("field_id", "2"),
                ("org_unit_id", "2"),
                ("person_id", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location().starts_with("/massnahmen/"));
    let measure = ag.follow(&r).await;
    assert!(measure.contains("HF2-50 Mängelmelder für Schäden im Stadtgebiet"));
    assert!(
        measure.body.contains(&format!("href=\"/bewertung/{id}\"")),
        "links back"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM measures WHERE expectation_id = {id} AND code = 'HF2-50' AND effort_days = 35 AND status = 'geplant'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!("SELECT count(*) FROM expectations WHERE id = {id} AND decision = 'angenommen' AND decided_on = '2026-11-20'")).await,
        1
    );
    for (action, n) in [("anlegen", 1), ("bewerten", 2), ("entscheiden", 1)] {
        app.assert_audited(Audit::action(action).entity("erwartung").id(id), n)
            .await;
    }
    // Once accepted, the decision cannot be changed.
    let detail = ag.get(&format!("/bewertung/{id}")).await;
    assert!(!detail.contains("Entscheidung speichern"));
}

#[tokio::test]
async fn bad_assessment_input_is_refused_with_input_kept_and_nothing_written() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = new_expectation(&mut ag).await;
    let before = app.snapshot().await;
    let mut form = assessment("101", "60", "abc", "7");
    form.push(("one_time_cost", "-5"));
    form.retain(|(k, v)| *k != "one_time_cost" || *v == "-5");
    let r = ag.post(&format!("/bewertung/{id}/bewerten"), &form).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("<title>Fehler:"));
    assert!(r.contains("Die Dringlichkeit D muss eine ganze Zahl von 0 bis 100 sein."));
    assert!(r.contains("Der Aufwands-Index muss zwischen 1 und 5 liegen"));
    assert!(r.contains("Einmalige Kosten: Bitte geben Sie einen Betrag in Euro ein"));
    assert!(r.body.contains("value=\"101\""), "input kept");
    assert!(
        r.body.contains("href=\"#f-urgency\""),
        "error summary links to the field"
    );
    assert_eq!(before, app.snapshot().await);
    assert_eq!(app.count("SELECT count(*) FROM assessments").await, 0);

    // No decision without an assessment (the gate), reason and date required.
    let r = ag
        .post(
            &format!("/bewertung/{id}/entscheidung"),
            &[
                ("version", "1"),
                ("decision", "abgelehnt"),
                ("decision_reason", ""),
                ("decided_on", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Vor der Entscheidung muss die Erwartung bewertet werden"));
    assert!(r.contains("Bitte begründen Sie die Entscheidung."));
    assert_eq!(before, app.snapshot().await);
}

#[tokio::test]
async fn pflicht_cannot_be_rejected_and_a_stale_decision_gets_409() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = new_expectation(&mut ag).await;
    let mut form = assessment("80", "70", "40", "4");
    form.push(("mandatory", "on"));
    let r = ag.post(&format!("/bewertung/{id}/bewerten"), &form).await;
    let page = ag.follow(&r).await;
    assert!(page.contains("Einordnung: Pflicht"));
    let reject = [
        ("version", "1"),
        ("decision", "abgelehnt"),
        ("decision_reason", "Zu teuer."),
        ("decided_on", "01.12.2026"),
    ];
    let r = ag
        .post(&format!("/bewertung/{id}/entscheidung"), &reject)
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Eine Pflichtaufgabe kann nicht abgelehnt werden"));

    let defer = [
        ("version", "1"),
        ("decision", "zurueckgestellt"),
        ("decision_reason", "Haushalt 2028."),
        ("decided_on", "01.12.2026"),
    ];
    let r = ag
        .post(&format!("/bewertung/{id}/entscheidung"), &defer)
        .await;
    assert_eq!(r.status, 303);
    // A second editor still holding version 1 gets 409 and sees both sides.
    let mut other = app.signed_in("ag2", Role::Ag).await;
    other.get(&format!("/bewertung/{id}")).await;
    let before = app.snapshot().await;
    let stale = [
        ("version", "1"),
        ("recommendation", "Meine Empfehlung"),
        ("decision", "zurueckgestellt"),
        ("decision_reason", "Andere Begründung."),
        ("decided_on", "02.12.2026"),
    ];
    let r = other
        .post(&format!("/bewertung/{id}/entscheidung"), &stale)
        .await;
    assert_eq!(r.status, 409);
    assert!(r.contains("Andere Begründung."));
    assert!(r.contains("Haushalt 2028."));
    assert_eq!(before, app.snapshot().await);
}

#[tokio::test]
async fn council_member_is_kept_out_of_the_assessment_pages() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = new_expectation(&mut ag).await;
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert_eq!(rat.get("/bewertung").await.status, 403);
    assert_eq!(rat.get(&format!("/bewertung/{id}")).await.status, 403);
    let before = app.snapshot().await;
    let r = rat
        .post(
            &format!("/bewertung/{id}/bewerten"),
            &assessment("45", "60", "85", "2"),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(before, app.snapshot().await);
    let mut leitung = app.signed_in("ob1", Role::Leitung).await;
    assert_eq!(leitung.get("/bewertung").await.status, 200);
    assert!(
        !leitung
            .get(&format!("/bewertung/{id}"))
            .await
            .contains("Bewertung speichern")
    );
}
