//! Demo meetings: the biweekly AG series since September 2022 with minutes, decisions
//! and tasks, the quarterly joint sessions (released by the OB), and the next joint
//! session whose agenda is drafted from the data and not yet released.

use crate::db::Conn;
use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::context::{Ctx, id_of};
use super::minutes::{Cast, MeasureRef, held_ag_meeting, held_joint_session};
use super::spec::iso;
use crate::domain::meetings::{Attendance, MeetingKind, MeetingState};
use crate::meetings::{draft, queries};

const PLACE: &str = "Rathaus, Beratungsraum 2";
const FIRST_AG: &str = "2022-09-08";

/// Second Tuesday of the last month of the date's quarter.
fn joint_date(year: i32, quarter: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, quarter * 3, 1)?;
    let offset = (7 + Weekday::Tue.num_days_from_monday() as i64
        - first.weekday().num_days_from_monday() as i64)
        % 7;
    Some(first + Duration::days(offset + 7))
}

async fn meeting(
    conn: &mut Conn,
    programme: i64,
    series: Option<i64>,
    kind: MeetingKind,
    day: NaiveDate,
    hours: (&str, &str),
    state: MeetingState,
) -> anyhow::Result<i64> {
    let id = queries::insert(
        conn,
        &queries::NewMeeting {
            programme_id: programme,
            series_id: series,
            kind: kind.key(),
            starts_at: format!("{}T{}", iso(day), hours.0),
            ends_at: format!("{}T{}", iso(day), hours.1),
            place: PLACE,
        },
    )
    .await?;
    if state != MeetingState::Terminiert {
        queries::set_state(conn, id, state.key()).await?;
    }
    Ok(id)
}

async fn participants(
    conn: &mut Conn,
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
                Attendance::Entschuldigt
            } else {
                Attendance::Anwesend
            };
            queries::set_attendance(conn, meeting, *p, Some(a.key())).await?;
        }
    }
    if joint {
        for key in ["ob", "dsb", "isb", "pr"] {
            let p = id_of(&ctx.people, key, "Person")?;
            queries::add_participant(conn, meeting, p, true).await?;
            if held {
                queries::set_attendance(conn, meeting, p, Some(Attendance::Anwesend.key())).await?;
            }
        }
    }
    Ok(())
}

/// Pre-fills a meeting's agenda from the programme's state, as the application does.
async fn draft_agenda(conn: &mut Conn, meeting: i64, today: NaiveDate) -> anyhow::Result<()> {
    let m = queries::get(conn, meeting).await?.context("Sitzung")?;
    let items = draft::propose(conn, &m, today).await?;
    draft::write(conn, meeting, &items).await?;
    Ok(())
}

/// Inserts the AG series and the held joint sessions; the next joint session is planned
/// but drafted later by [`draft_upcoming_joint_session`].
pub(super) async fn insert(conn: &mut Conn, ctx: &Ctx) -> anyhow::Result<()> {
    let programme: i64 = crate::db::query_scalar("SELECT min(id) FROM programmes")
        .fetch_one(&mut *conn)
        .await?;
    let measures: Vec<MeasureRef> = crate::db::query_as::<(i64, String)>(
        "SELECT id, code FROM measures WHERE programme_id = ? ORDER BY code",
    )
    .bind(programme)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, code)| MeasureRef { id, code })
    .collect();
    anyhow::ensure!(
        !measures.is_empty(),
        "Demodaten: keine Maßnahmen für Sitzungen"
    );
    let ob_user: i64 = crate::db::query_scalar("SELECT id FROM users WHERE username = 'ob'")
        .fetch_one(&mut *conn)
        .await?;
    let members = queries::members_on(conn, &iso(ctx.today)).await?;
    anyhow::ensure!(!members.is_empty(), "Demodaten: keine AG-Mitglieder");
    let cast = Cast {
        today: ctx.today,
        measures,
        members,
        sbdig: id_of(&ctx.people, "sbdig", "Person")?,
        ob_user,
    };
    insert_ag_series(conn, ctx, &cast, programme).await?;
    insert_joint_sessions(conn, ctx, &cast, programme).await
}

/// The biweekly AG series: held, cancelled and moved meetings in the past, the next one
/// invited with a pre-filled agenda, the later ones planned.
async fn insert_ag_series(
    conn: &mut Conn,
    ctx: &Ctx,
    cast: &Cast,
    programme: i64,
) -> anyhow::Result<()> {
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
            (true, true) => MeetingState::Abgesagt,
            (true, false) => MeetingState::Durchgefuehrt,
            (false, _) if next_planned.is_none() => MeetingState::Eingeladen,
            _ => MeetingState::Terminiert,
        };
        let id = meeting(
            conn,
            programme,
            Some(series),
            MeetingKind::Ag,
            actual,
            ("14:00", "15:30"),
            state,
        )
        .await?;
        if moved {
            crate::db::query("UPDATE meetings SET moved_from = ? WHERE id = ?")
                .bind(format!("{}T14:00", iso(this)))
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        let held = state == MeetingState::Durchgefuehrt;
        participants(conn, ctx, id, actual, false, held, seq).await?;
        if held {
            held_ag_meeting(conn, cast, id, actual, prev_held, seq).await?;
            prev_held = Some(id);
        } else if state == MeetingState::Eingeladen {
            next_planned = Some(id);
        }
    }
    // The next AG meeting: agenda pre-filled from the programme's state.
    if let Some(id) = next_planned {
        draft_agenda(conn, id, ctx.today).await?;
    }
    Ok(())
}

/// Quarterly joint sessions, released by the OB, up to the first one still ahead.
async fn insert_joint_sessions(
    conn: &mut Conn,
    ctx: &Ctx,
    cast: &Cast,
    programme: i64,
) -> anyhow::Result<()> {
    let mut year = 2022;
    let mut quarter = 4;
    while let Some(day) = joint_date(year, quarter) {
        let past = day < ctx.today;
        let state = if past {
            MeetingState::Durchgefuehrt
        } else {
            MeetingState::Terminiert
        };
        let id = meeting(
            conn,
            programme,
            None,
            MeetingKind::Quartal,
            day,
            ("10:00", "12:00"),
            state,
        )
        .await?;
        participants(conn, ctx, id, day, true, past, quarter as usize).await?;
        if !past {
            // drafted by `draft_upcoming_joint_session` once the reports exist
            break;
        }
        held_joint_session(conn, cast, id, day, year as usize + quarter as usize).await?;
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
pub(super) async fn draft_upcoming_joint_session(conn: &mut Conn, ctx: &Ctx) -> anyhow::Result<()> {
    let next: Option<i64> = crate::db::query_scalar(
        "SELECT id FROM meetings WHERE kind = ? AND state = ? ORDER BY starts_at LIMIT 1",
    )
    .bind(MeetingKind::Quartal)
    .bind(MeetingState::Terminiert)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = next {
        draft_agenda(conn, id, ctx.today).await?;
    }
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
