//! How true a drafted agenda still is: the update plan against today's data (with the
//! data changes since the draft, in German), applying it, and the agenda snapshot taken
//! at the release with the changes since. The rules are pure, in `domain::meetings`.

use std::collections::HashMap;

use crate::db::Conn;
use chrono::NaiveDate;

use super::draft;
use super::queries::{self, MeetingRow, StoredItemRow};
use crate::domain::dates::{format_date, format_timestamp, now_utc};
use crate::domain::meetings::{
    DraftPlan, MeetingState, SnapshotItem, StoredItem, plan_update, release_changes,
};

fn stored(rows: &[StoredItemRow]) -> Vec<StoredItem> {
    rows.iter()
        .map(|r| StoredItem {
            id: r.id,
            title: r.title.clone(),
            reason: r.reason.clone(),
            measure_ids: r.measures().into_iter().map(|(id, _)| id).collect(),
            has_dependents: r.has_dependents,
        })
        .collect()
}

/// What updating the drafted agenda from today's data would do.
pub async fn plan(conn: &mut Conn, m: &MeetingRow, today: NaiveDate) -> sqlx::Result<DraftPlan> {
    let proposed = draft::propose(conn, m, today).await?;
    let rows = queries::stored_items(conn, m.id).await?;
    Ok(plan_update(&stored(&rows), &proposed))
}

/// Writes the plan: new items at the end, items no longer called for removed, reasons
/// and linked measures of the others rewritten (comments, decisions, title, duration and
/// visibility stay); records when the agenda was drafted.
pub async fn apply(conn: &mut Conn, meeting: i64, plan: &DraftPlan) -> sqlx::Result<()> {
    for (id, _) in &plan.remove {
        queries::delete_item(conn, *id).await?;
    }
    for u in &plan.update {
        queries::set_item_reason(conn, u.id, &u.reason_after).await?;
        queries::set_item_measures(conn, u.id, &u.measure_ids).await?;
    }
    for it in &plan.add {
        queries::insert_item(conn, meeting, it, None).await?;
    }
    let rest = queries::item_ids(conn, meeting).await?;
    queries::set_positions(conn, &rest).await?;
    queries::set_drafted(conn, meeting, &now_utc()).await
}

/// The agenda as it stands, for the release snapshot and the comparison with it.
pub async fn snapshot(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<SnapshotItem>> {
    Ok(queries::stored_items(conn, meeting)
        .await?
        .into_iter()
        .map(|r| SnapshotItem {
            measures: r.measures().into_iter().map(|(_, code)| code).collect(),
            id: r.id,
            title: r.title,
            public: r.public,
            planned_minutes: r.planned_minutes,
            reason: r.reason,
        })
        .collect())
}

/// The agenda snapshot as stored with the release.
pub fn snapshot_json(items: &[SnapshotItem]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// What changed since the release; `None` when the release kept no snapshot (released
/// before the snapshot existed).
pub async fn changes_since_release(
    conn: &mut Conn,
    m: &MeetingRow,
) -> sqlx::Result<Option<Vec<String>>> {
    let Some(released) = m
        .agenda_released_items
        .as_deref()
        .and_then(|j| serde_json::from_str::<Vec<SnapshotItem>>(j).ok())
    else {
        return Ok(None);
    };
    let now = snapshot(conn, m.id).await?;
    Ok(Some(release_changes(&released, &now)))
}

/// How many data changes the page lists before it sums up the rest.
const MAX_CHANGES: usize = 12;

/// The data that changed since `since` (a stored UTC timestamp), as German sentences:
/// status updates with their Ampel, and sign-offs given.
pub async fn data_changes(
    conn: &mut Conn,
    programme: i64,
    since: &str,
) -> sqlx::Result<Vec<String>> {
    let mut out = Vec::new();
    // The list is capped: Ampel changes first (what the session may have to decide),
    // then the other updates, each newest first.
    let mut updates = queries::status_changes_since(conn, programme, since).await?;
    updates.sort_by_key(|c| c.ampel_before.as_ref().is_none_or(|b| *b == c.ampel));
    for c in updates {
        let at = format_timestamp(&c.created_at);
        let ampel = match c.ampel_before {
            Some(b) if b != c.ampel => format!("Ampel {} → {}", b.short(), c.ampel.short()),
            _ => format!("Ampel {}", c.ampel.short()),
        };
        out.push(format!("{}: neuer Sachstand vom {at} ({ampel}).", c.code));
    }
    let day = since.get(..10).unwrap_or(since);
    for s in queries::sign_offs_decided_since(conn, programme, day).await? {
        let when = NaiveDate::parse_from_str(&s.decided_on, "%Y-%m-%d")
            .map(format_date)
            .unwrap_or(s.decided_on.clone());
        let how = if s.state == "mit_auflagen" {
            "mit Auflagen erteilt"
        } else {
            "erteilt"
        };
        out.push(format!(
            "{}: Beteiligung {} {how} am {when}.",
            s.code,
            s.track.label()
        ));
    }
    if out.len() > MAX_CHANGES {
        let rest = out.len() - MAX_CHANGES;
        out.truncate(MAX_CHANGES);
        out.push(if rest == 1 {
            "… und 1 weitere Änderung.".into()
        } else {
            format!("… und {rest} weitere Änderungen.")
        });
    }
    Ok(out)
}

/// The freshness box of the meeting page.
pub struct Freshness {
    /// "01.12.2026, 10:15 Uhr"
    pub drafted_at: String,
    pub changes: Vec<String>,
    pub plan: DraftPlan,
}

impl Freshness {
    pub fn stale(&self) -> bool {
        !self.plan.is_empty()
    }

    /// "1 Punkt neu, 1 entfällt, 2 aktualisiert"
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let n = |k: usize, one: &str, many: &str| {
            if k == 1 {
                format!("1 {one}")
            } else {
                format!("{k} {many}")
            }
        };
        if !self.plan.add.is_empty() {
            parts.push(format!("{} neu", n(self.plan.add.len(), "Punkt", "Punkte")));
        }
        if !self.plan.remove.is_empty() {
            parts.push(n(
                self.plan.remove.len(),
                "Punkt entfällt",
                "Punkte entfallen",
            ));
        }
        if !self.plan.update.is_empty() {
            parts.push(n(
                self.plan.update.len(),
                "Punkt aktualisiert",
                "Punkte aktualisiert",
            ));
        }
        parts.join(", ")
    }
}

/// For a drafted agenda of a meeting still ahead: when it was drafted, what changed in
/// the data since, and what an update would do. `None` for agendas never drafted and for
/// meetings held or cancelled.
pub async fn freshness(
    conn: &mut Conn,
    m: &MeetingRow,
    today: NaiveDate,
) -> sqlx::Result<Option<Freshness>> {
    let Some(at) = m.agenda_drafted_at.as_deref() else {
        return Ok(None);
    };
    if matches!(
        m.state,
        MeetingState::Durchgefuehrt | MeetingState::Abgesagt
    ) {
        return Ok(None);
    }
    let plan = plan(conn, m, today).await?;
    let changes = if plan.is_empty() {
        Vec::new()
    } else {
        data_changes(conn, m.programme_id, at).await?
    };
    Ok(Some(Freshness {
        drafted_at: format_timestamp(at),
        changes,
        plan,
    }))
}

/// Codes of measures by id, for the preview's linked-measure changes.
pub async fn codes(conn: &mut Conn, programme: i64) -> sqlx::Result<HashMap<i64, String>> {
    Ok(queries::measure_codes(conn, programme)
        .await?
        .into_iter()
        .collect())
}
