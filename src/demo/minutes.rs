//! Agendas and minutes of the held demo meetings: items, notes, decisions and tasks.

use crate::db::Conn;
use chrono::{Duration, NaiveDate};

use super::spec::iso;
use crate::domain::meetings::{DraftItem, quarter_label};
use crate::meetings::{freshness, queries};

#[rustfmt::skip]
const DECISIONS: &[&str] = &[
    "Die AG empfiehlt, die Ausschreibung für {m} bis zum Quartalsende zu veröffentlichen.",
    "Die AG stimmt dem überarbeiteten Zeitplan für {m} zu.",
    "Die AG bittet die EDV-Abteilung, für {m} eine Aufwandsschätzung vorzulegen.",
    "Die AG empfiehlt, {m} im nächsten Halbjahresbericht als Schwerpunkt darzustellen.",
    "Die AG legt fest, dass {m} vor dem Echtbetrieb dem Personalrat vorgestellt wird.",
];

#[rustfmt::skip]
const TASKS: &[&str] = &[
    "Angebotsvergleich für {m} vorbereiten",
    "Abstimmung mit dem Datenschutzbeauftragten zu {m}",
    "Sachstand {m} für den Halbjahresbericht aktualisieren",
    "Schulungstermine für {m} mit dem Sachgebiet Personal abstimmen",
    "Kostenschätzung {m} mit der Kämmerei abgleichen",
];

#[rustfmt::skip]
const NOTES: &[&str] = &[
    "Die Federführung berichtet über den Stand. Die Abstimmung mit dem Anbieter läuft; Termine für den Test sind vereinbart.",
    "Die AG erörtert den Zeitplan. Engpass ist die Verfügbarkeit der EDV-Abteilung im laufenden Quartal.",
    "Kurzer Bericht; keine Abweichungen vom Plan. Nächster Bericht in vier Wochen.",
    "Die AG diskutiert Alternativen. Eine Entscheidung wird nach Vorlage der Kostenschätzung getroffen.",
];

/// A measure of the core programme as the minutes name it.
pub(super) struct MeasureRef {
    pub id: i64,
    pub code: String,
}

/// Who and what the minutes draw on.
pub(super) struct Cast {
    pub today: NaiveDate,
    /// The core programme's measures (never empty).
    pub measures: Vec<MeasureRef>,
    /// Today's AG members (never empty): owners of the tasks.
    pub members: Vec<i64>,
    /// The person who leads the AG; owns some of the tasks.
    pub sbdig: i64,
    /// The OB's account: releases the joint sessions' agendas.
    pub ob_user: i64,
}

impl Cast {
    fn measure(&self, n: usize) -> &MeasureRef {
        &self.measures[n % self.measures.len()]
    }

    fn member(&self, n: usize) -> i64 {
        self.members[n % self.members.len()]
    }
}

fn pick<'a>(list: &'a [&'a str], n: usize) -> &'a str {
    list[n % list.len()]
}

fn item(title: String, reason: &str, minutes: i64, measures: Vec<i64>) -> DraftItem {
    DraftItem {
        title,
        reason: reason.into(),
        public: true,
        planned_minutes: minutes,
        measure_ids: measures,
        carried_from: None,
    }
}

/// Agenda and minutes of a held AG meeting: approval of the previous minutes, two
/// Sachstand reports with decisions and tasks, and "Verschiedenes".
pub(super) async fn held_ag_meeting(
    conn: &mut Conn,
    cast: &Cast,
    id: i64,
    day: NaiveDate,
    prev_held: Option<i64>,
    seq: usize,
) -> anyhow::Result<()> {
    if let Some(prev) = prev_held {
        queries::approve_minutes(conn, prev, id).await?;
        let it = item(
            "Genehmigung des Protokolls der letzten Sitzung".into(),
            "Das Protokoll der letzten Sitzung ist noch nicht genehmigt.",
            5,
            vec![],
        );
        let top = queries::insert_item(conn, id, &it, None).await?;
        queries::set_minutes(
            conn,
            top,
            None,
            "Das Protokoll wird ohne Änderungen genehmigt.",
            "genehmigt",
            true,
        )
        .await?;
    }
    for k in 0..2 {
        let m = cast.measure(seq * 3 + k * 7);
        let it = item(
            format!("Sachstand {}", m.code),
            "Bericht der Federführung",
            15,
            vec![m.id],
        );
        let top = queries::insert_item(conn, id, &it, None).await?;
        queries::set_minutes(
            conn,
            top,
            None,
            pick(NOTES, seq + k),
            "zur Kenntnis genommen",
            true,
        )
        .await?;
        let on = iso(day);
        if (seq + k).is_multiple_of(3) {
            let text = pick(DECISIONS, seq + k).replace("{m}", &m.code);
            queries::add_decision(conn, top, &text, &on).await?;
        }
        if (seq + k).is_multiple_of(2) {
            let due = day + Duration::days(28);
            // Older tasks are done; the recent ones are open, some of them overdue.
            let open = due + Duration::days(42) > cast.today;
            let owner = if (seq + k).is_multiple_of(5) {
                cast.sbdig
            } else {
                cast.member(seq + k)
            };
            let t = queries::add_task(
                conn,
                &queries::NewTask {
                    item: top,
                    measure: Some(m.id),
                    owner,
                    title: &pick(TASKS, seq / 2 + k).replace("{m}", &m.code),
                    due_on: Some(iso(due)),
                },
            )
            .await?;
            if !open {
                queries::complete_task(conn, t, &iso(due - Duration::days(3))).await?;
            }
        }
    }
    let it = item(
        "Verschiedenes".into(),
        "Ständiger Tagesordnungspunkt.",
        5,
        vec![],
    );
    let top = queries::insert_item(conn, id, &it, None).await?;
    queries::set_minutes(conn, top, None, "Keine Wortmeldungen.", "", true).await?;
    Ok(())
}

/// Agenda and minutes of a held joint session, released by the OB beforehand.
pub(super) async fn held_joint_session(
    conn: &mut Conn,
    cast: &Cast,
    id: i64,
    day: NaiveDate,
    seq: usize,
) -> anyhow::Result<()> {
    let m = cast.measure(seq * 5);
    let items = [
        item(
            format!("Sachstand Arbeitspapier – Quartal {}", quarter_label(day)),
            "Zusammenfassung des Quartals (Ampel-Übersicht, Abweichungen).",
            15,
            vec![],
        ),
        item(
            format!("Beteiligung Personalrat und Datenschutz: {}", m.code),
            "Beteiligung des Personalrates und des Datenschutzbeauftragten offen.",
            15,
            vec![m.id],
        ),
        item(
            "Informationssicherheitslage".into(),
            "Ständiger Tagesordnungspunkt der gemeinsamen Beratung.",
            10,
            vec![],
        ),
        item(
            "Entscheidungen, Aufgaben und Wiedervorlagen".into(),
            "Ständiger Tagesordnungspunkt der gemeinsamen Beratung.",
            10,
            vec![],
        ),
    ];
    for (k, it) in items.iter().enumerate() {
        let top = queries::insert_item(conn, id, it, None).await?;
        queries::set_minutes(conn, top, None, pick(NOTES, seq + k), "beraten", true).await?;
        if k == 1 {
            let text = format!(
                "Die gemeinsame Beratung nimmt den Sachstand zu {} zur Kenntnis; der Personalrat wird vor der Einführung erneut beteiligt.",
                m.code
            );
            queries::add_decision(conn, top, &text, &iso(day)).await?;
        }
    }
    let released = format!("{}T08:30:00Z", iso(day - Duration::days(6)));
    let items = freshness::snapshot_json(&freshness::snapshot(conn, id).await?);
    queries::release(conn, id, cast.ob_user, &released, &items).await?;
    Ok(())
}
