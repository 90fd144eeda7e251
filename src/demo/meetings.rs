//! Demo meetings: the biweekly AG series since September 2022 with minutes, decisions
//! and tasks, the quarterly joint sessions (released by the OB), and the next joint
//! session whose agenda is drafted from the data and not yet released.

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sqlx::SqliteConnection;

use super::{Ctx, iso};
use crate::domain::meetings::{DraftItem, quarter_label};
use crate::meetings::{draft, queries};

const PLACE: &str = "Rathaus, Beratungsraum 2";
const FIRST_AG: &str = "2022-09-08";

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

struct Measure {
    id: i64,
    code: String,
}

fn pick<'a>(list: &'a [&'a str], n: usize) -> &'a str {
    list[n % list.len()]
}

/// Second Tuesday of the last month of the date's quarter.
fn joint_date(year: i32, quarter: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, quarter * 3, 1)?;
    let offset = (7 + Weekday::Tue.num_days_from_monday() as i64
        - first.weekday().num_days_from_monday() as i64)
        % 7;
    Some(first + Duration::days(offset + 7))
}

async fn meeting(
    conn: &mut SqliteConnection,
    programme: i64,
    series: Option<i64>,
    kind: &str,
    day: NaiveDate,
    hours: (&str, &str),
    state: &str,
) -> anyhow::Result<i64> {
    let id = queries::insert(
        conn,
        &queries::NewMeeting {
            programme_id: programme,
            series_id: series,
            kind,
            starts_at: format!("{}T{}", iso(day), hours.0),
            ends_at: format!("{}T{}", iso(day), hours.1),
            place: PLACE,
        },
    )
    .await?;
    if state != "terminiert" {
        queries::set_state(conn, id, state).await?;
    }
    Ok(id)
}

async fn participants(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    meeting: i64,
    day: NaiveDate,
    joint: bool,
    held: bool,
    seq: usize,
) -> anyhow::Result<()> {
    let members = queries::members_on(conn, &iso(day)).await?;
    for (i, p) in members.iter().enumerate() {
        queries::add_participant(conn, meeting, *p, false).await?;
        if held {
            let a = if (seq + i).is_multiple_of(9) {
                "entschuldigt"
            } else {
                "anwesend"
            };
            queries::set_attendance(conn, meeting, *p, Some(a)).await?;
        }
    }
    if joint {
        for key in ["ob", "dsb", "isb", "pr"] {
            let p = super::id_of(&ctx.people, key, "Person")?;
            queries::add_participant(conn, meeting, p, true).await?;
            if held {
                queries::set_attendance(conn, meeting, p, Some("anwesend")).await?;
            }
        }
    }
    Ok(())
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

pub(super) async fn insert(conn: &mut SqliteConnection, ctx: &Ctx) -> anyhow::Result<()> {
    let programme: i64 = sqlx::query_scalar("SELECT min(id) FROM programmes")
        .fetch_one(&mut *conn)
        .await?;
    let measures: Vec<Measure> = sqlx::query_as::<_, (i64, String)>(
        "SELECT id, code FROM measures WHERE programme_id = ? ORDER BY code",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, code)| Measure { id, code })
    .collect();
    anyhow::ensure!(
        !measures.is_empty(),
        "Demodaten: keine Maßnahmen für Sitzungen"
    );
    let ob_user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'ob'")
        .fetch_one(&mut *conn)
        .await?;
    let members: Vec<i64> = queries::members_on(conn, &iso(ctx.today)).await?;
    let owner_of = |n: usize| members[n % members.len()];
    let sbdig = super::id_of(&ctx.people, "sbdig", "Person")?;

    let first = NaiveDate::parse_from_str(FIRST_AG, "%Y-%m-%d").context("Datum")?;
    let until = ctx.today + Duration::days(120);
    let series = queries::insert_series(
        conn,
        programme,
        "AG Digitalisierung der Verwaltung",
        FIRST_AG,
        "14:00",
        90,
        PLACE,
        14,
    )
    .await?;

    // ---- the biweekly AG series
    let mut prev_held: Option<i64> = None;
    let mut next_planned = None;
    let mut day = first;
    let mut seq = 0usize;
    while day <= until {
        seq += 1;
        let this = day;
        day += Duration::days(14);
        // Christmas break: no meeting between 20 December and 6 January.
        let (m, d) = (this.month(), this.day());
        if (m == 12 && d >= 20) || (m == 1 && d <= 6) {
            continue;
        }
        let past = this < ctx.today;
        let cancelled = past && seq % 17 == 5;
        // Now and then a date is moved by a day (the series stays as it is).
        let moved = past && seq % 23 == 11;
        let actual = if moved {
            this + Duration::days(1)
        } else {
            this
        };
        let state = match (past, cancelled) {
            (true, true) => "abgesagt",
            (true, false) => "durchgefuehrt",
            (false, _) if next_planned.is_none() => "eingeladen",
            _ => "terminiert",
        };
        let id = meeting(
            conn,
            programme,
            Some(series),
            "ag",
            actual,
            ("14:00", "15:30"),
            state,
        )
        .await?;
        if moved {
            sqlx::query("UPDATE meetings SET moved_from = ? WHERE id = ?")
                .bind(format!("{}T14:00", iso(this)))
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        participants(conn, ctx, id, actual, false, state == "durchgefuehrt", seq).await?;
        if state == "durchgefuehrt" {
            held_ag_meeting(
                conn, id, actual, prev_held, &measures, seq, ctx, &owner_of, sbdig,
            )
            .await?;
            prev_held = Some(id);
        } else if state == "eingeladen" {
            next_planned = Some(id);
        }
    }
    // The next AG meeting: agenda pre-filled from the programme's state.
    if let Some(id) = next_planned {
        let m = queries::get(conn, id).await?.context("Sitzung")?;
        let items = draft::propose(conn, &m, ctx.today).await?;
        draft::write(conn, id, &items).await?;
    }

    // ---- quarterly joint sessions, released by the OB; the next one is a draft
    let mut year = 2022;
    let mut quarter = 4;
    while let Some(day) = joint_date(year, quarter) {
        let past = day < ctx.today;
        let state = if past { "durchgefuehrt" } else { "terminiert" };
        let id = meeting(
            conn,
            programme,
            None,
            "quartal",
            day,
            ("10:00", "12:00"),
            state,
        )
        .await?;
        participants(conn, ctx, id, day, true, past, quarter as usize).await?;
        if past {
            held_joint_session(
                conn,
                id,
                day,
                &measures,
                ob_user,
                year as usize + quarter as usize,
            )
            .await?;
        } else {
            // drafted by `draft_upcoming_joint_session` once the reports exist
            break;
        }
        quarter += 1;
        if quarter > 4 {
            quarter = 1;
            year += 1;
        }
    }
    Ok(())
}

/// Drafts the next joint session's agenda from the data. Runs after the demo reports are
/// loaded, so the "half-yearly report due" item sees the draft and its request round.
pub(super) async fn draft_upcoming_joint_session(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
) -> anyhow::Result<()> {
    let next: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM meetings WHERE kind = 'quartal' AND state = 'terminiert' ORDER BY starts_at LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = next {
        let m = queries::get(conn, id).await?.context("Sitzung")?;
        let items = draft::propose(conn, &m, ctx.today).await?;
        draft::write(conn, id, &items).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn held_ag_meeting(
    conn: &mut SqliteConnection,
    id: i64,
    day: NaiveDate,
    prev_held: Option<i64>,
    measures: &[Measure],
    seq: usize,
    ctx: &Ctx,
    owner_of: &impl Fn(usize) -> i64,
    sbdig: i64,
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
        let m = &measures[(seq * 3 + k * 7) % measures.len()];
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
            let open = due + Duration::days(42) > ctx.today;
            let owner = if (seq + k).is_multiple_of(5) {
                sbdig
            } else {
                owner_of(seq + k)
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

async fn held_joint_session(
    conn: &mut SqliteConnection,
    id: i64,
    day: NaiveDate,
    measures: &[Measure],
    ob_user: i64,
    seq: usize,
) -> anyhow::Result<()> {
    let m = &measures[(seq * 5) % measures.len()];
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
    queries::release(conn, id, ob_user, &released).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::joint_date;
    use chrono::NaiveDate;

    #[test]
    fn joint_sessions_fall_on_the_second_tuesday_of_the_quarter_end_month() {
        assert_eq!(joint_date(2026, 4), NaiveDate::from_ymd_opt(2026, 12, 8));
        assert_eq!(joint_date(2026, 1), NaiveDate::from_ymd_opt(2026, 3, 10));
    }
}
