//! Journey 3 and the meeting pages: the joint-session agenda drafted from the data with
//! its reasons, comments and release by the Leitung, re-release after a change; the
//! biweekly series, participants by membership date, the AG pre-fill, minutes with
//! decisions and tasks, and the iCalendar feed.

mod agenda;
mod agenda_fresh;
mod calendar;
mod joint_session;
mod minutes;
mod planning;

use sachstand::domain::Role;

use crate::support::{Browser, Resp, TestApp};

/// Seed plus the joint-session guests and AG memberships (Max joins in August 2023).
pub(super) async fn seed_people(app: &TestApp) -> Vec<i64> {
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

pub(super) async fn meeting_id_of(app: &TestApp, kind: &str, starts: &str) -> i64 {
    app.count(&format!(
        "SELECT id FROM meetings WHERE kind = '{kind}' AND starts_at = '{starts}'"
    ))
    .await
}

pub(super) async fn plan(b: &mut Browser, kind: &str, date: &str) -> Resp {
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
pub(super) async fn joint_session_with_data(app: &TestApp) -> (Browser, i64, Vec<i64>) {
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
