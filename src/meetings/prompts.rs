//! What the meetings ask of a person on the overview: the Leitung's agenda release, and
//! the Sachstand an AG member owes before the next meeting.

use crate::db::Conn;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::queries::{self, MeetingRow};
use super::views::{MeetingView, PendingMeasure};
use crate::domain::dates::{ago, format_date};
use crate::domain::meetings::MeetingState;

/// Before the next meeting: who has not reported since the previous one (or in the 14
/// days before the first). Not for meetings held or cancelled, nor for later ones whose
/// previous meeting is still ahead. The date and how it is named on the page.
pub fn pending_since(
    m: &MeetingRow,
    prev: Option<&MeetingRow>,
    today: NaiveDate,
) -> Option<(NaiveDate, String)> {
    if matches!(
        m.state,
        MeetingState::Durchgefuehrt | MeetingState::Abgesagt
    ) {
        return None;
    }
    let (since, basis) = match prev {
        Some(p) => (
            p.starts_on,
            format!("der letzten Sitzung am {}", format_date(p.starts_on)),
        ),
        None => {
            let since = m.starts_on - Duration::days(14);
            let basis = format!("dem {} (14 Tage vor dieser Sitzung)", format_date(since));
            (since, basis)
        }
    };
    (since <= today).then_some((since, basis))
}

/// A joint-session agenda waiting for the Leitung's release.
pub struct ReleasePrompt {
    pub meeting_id: i64,
    pub title: String,
    /// Released before and changed since: a new release is needed.
    pub again: bool,
}

pub async fn awaiting_release(
    conn: &mut Conn,
    today: NaiveDate,
) -> sqlx::Result<Vec<ReleasePrompt>> {
    Ok(queries::joint_awaiting_release(conn, &today.to_string())
        .await?
        .iter()
        .map(|m| ReleasePrompt {
            meeting_id: m.id,
            title: MeetingView::new(m).title,
            again: m.agenda_released_at.is_some(),
        })
        .collect())
}

/// The measures a person is responsible for that owe a Sachstand before the next meeting.
pub struct OwedPrompt {
    pub meeting_id: i64,
    /// "AG-Sitzung am 15.12.2026"
    pub meeting_title: String,
    /// "der letzten Sitzung am 01.12.2026"
    pub since: String,
    pub measures: Vec<PendingMeasure>,
}

pub async fn owed_before_next(
    conn: &mut Conn,
    person: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<OwedPrompt>> {
    let today = now.date_naive();
    let Some(next) = queries::next_meeting(conn, &today.to_string()).await? else {
        return Ok(None);
    };
    let prev = queries::previous(conn, next.kind, &next.starts_at).await?;
    let Some((since, basis)) = pending_since(&next, prev.as_ref(), today) else {
        return Ok(None);
    };
    let rows = queries::owed_by_person(conn, next.programme_id, person, &since.to_string()).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(OwedPrompt {
        meeting_id: next.id,
        meeting_title: MeetingView::new(&next).title,
        since: basis,
        measures: rows
            .into_iter()
            .map(|r| PendingMeasure {
                ago: ago(&r.last_update_at, now),
                id: r.id,
                code: r.code,
                title: r.title,
            })
            .collect(),
    }))
}
