//! Keeping an agenda true: what updating a drafted agenda from today's data would add,
//! remove or rewrite (shown before anything is written), and what changed on an agenda
//! since its release.

use serde::{Deserialize, Serialize};

use super::agenda::DraftItem;

/// An item on the agenda as the update sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub id: i64,
    pub title: String,
    pub reason: String,
    pub measure_ids: Vec<i64>,
    /// Comments, decisions or tasks hang on it: it is never removed by an update.
    pub has_dependents: bool,
}

impl StoredItem {
    /// Drafted from the data (items added by hand have no reason).
    fn derived(&self) -> bool {
        !self.reason.is_empty()
    }
}

/// A drafted item whose reason or linked measures the data now tell differently.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemUpdate {
    pub id: i64,
    pub title: String,
    pub reason_before: String,
    pub reason_after: String,
    pub measure_ids: Vec<i64>,
    pub measures_added: Vec<i64>,
    pub measures_dropped: Vec<i64>,
}

/// What an update of the drafted agenda would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftPlan {
    pub add: Vec<DraftItem>,
    /// Drafted items the data no longer call for: (id, title).
    pub remove: Vec<(i64, String)>,
    pub update: Vec<ItemUpdate>,
    /// Items the data no longer call for that stay, because comments, decisions or tasks
    /// hang on them: (id, title).
    pub kept: Vec<(i64, String)>,
}

impl DraftPlan {
    /// Nothing to add, remove or rewrite: the draft is up to date.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty() && self.update.is_empty()
    }

    /// A short text that changes whenever the plan changes: the confirming POST carries
    /// the one its preview showed, so that data changed in between are shown first.
    pub fn fingerprint(&self) -> String {
        let mut s = String::new();
        for a in &self.add {
            s.push_str(&format!("+{}|{}|{:?}\n", a.title, a.reason, a.measure_ids));
        }
        for (id, _) in &self.remove {
            s.push_str(&format!("-{id}\n"));
        }
        for u in &self.update {
            s.push_str(&format!(
                "~{}|{}|{:?}\n",
                u.id, u.reason_after, u.measure_ids
            ));
        }
        s
    }
}

fn sorted(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Compares the drafted items on an agenda with what the rules propose today. Items are
/// matched by title; items added by hand are never touched; title, duration and
/// visibility of drafted items stay as the users set them, only reason and linked
/// measures follow the data.
pub fn plan_update(stored: &[StoredItem], proposed: &[DraftItem]) -> DraftPlan {
    let mut plan = DraftPlan::default();
    for p in proposed {
        match stored.iter().find(|s| s.title == p.title) {
            None => plan.add.push(p.clone()),
            Some(s) if s.derived() => {
                let before = sorted(&s.measure_ids);
                let after = sorted(&p.measure_ids);
                if s.reason != p.reason || before != after {
                    plan.update.push(ItemUpdate {
                        id: s.id,
                        title: s.title.clone(),
                        reason_before: s.reason.clone(),
                        reason_after: p.reason.clone(),
                        measures_added: after
                            .iter()
                            .filter(|m| !before.contains(m))
                            .copied()
                            .collect(),
                        measures_dropped: before
                            .iter()
                            .filter(|m| !after.contains(m))
                            .copied()
                            .collect(),
                        measure_ids: p.measure_ids.clone(),
                    });
                }
            }
            // an item added by hand under the same title: the users' wording stays
            Some(_) => {}
        }
    }
    for s in stored.iter().filter(|s| s.derived()) {
        if proposed.iter().any(|p| p.title == s.title) {
            continue;
        }
        if s.has_dependents {
            plan.kept.push((s.id, s.title.clone()));
        } else {
            plan.remove.push((s.id, s.title.clone()));
        }
    }
    plan
}

/// One item of an agenda as it was released (kept as JSON with the release).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotItem {
    pub id: i64,
    pub title: String,
    pub public: bool,
    pub planned_minutes: i64,
    pub reason: String,
    /// Codes of the linked measures.
    pub measures: Vec<String>,
}

/// The same item before and after: the same id, and — because SQLite hands the id of a
/// removed last item to the next new one — the same title or, for a renamed item, the
/// same reason.
fn same_item(before: &SnapshotItem, after: &SnapshotItem) -> bool {
    before.id == after.id && (before.title == after.title || before.reason == after.reason)
}

fn quoted(s: &str) -> String {
    format!("„{s}“")
}

/// What changed on an agenda since its release, one German sentence per change, in the
/// order of the current agenda (removed items last).
pub fn release_changes(released: &[SnapshotItem], now: &[SnapshotItem]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, it) in now.iter().enumerate() {
        let top = format!("TOP {}", i + 1);
        let Some(old) = released.iter().find(|r| same_item(r, it)) else {
            out.push(format!("{top} {} neu aufgenommen.", quoted(&it.title)));
            continue;
        };
        let name = format!("{top} {}", quoted(&it.title));
        if old.title != it.title {
            out.push(format!(
                "{name}: Titel geändert (vorher {}).",
                quoted(&old.title)
            ));
        }
        if old.planned_minutes != it.planned_minutes {
            out.push(format!(
                "{name}: Dauer {} statt {} Minuten.",
                it.planned_minutes, old.planned_minutes
            ));
        }
        if old.public != it.public {
            out.push(format!(
                "{name}: jetzt {}.",
                if it.public {
                    "öffentlich"
                } else {
                    "nicht öffentlich"
                }
            ));
        }
        if old.reason != it.reason {
            out.push(format!(
                "{name}: Begründung aus dem Programmstand aktualisiert."
            ));
        }
        let added: Vec<&str> = it
            .measures
            .iter()
            .filter(|m| !old.measures.contains(m))
            .map(String::as_str)
            .collect();
        let dropped: Vec<&str> = old
            .measures
            .iter()
            .filter(|m| !it.measures.contains(m))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            out.push(format!(
                "{name}: Maßnahmen neu verknüpft: {}.",
                added.join(", ")
            ));
        }
        if !dropped.is_empty() {
            out.push(format!(
                "{name}: Maßnahmen nicht mehr verknüpft: {}.",
                dropped.join(", ")
            ));
        }
    }
    for old in released {
        if !now.iter().any(|n| same_item(old, n)) {
            out.push(format!("{} entfernt.", quoted(&old.title)));
        }
    }
    // the items both agendas share, in their relative order
    let kept_before: Vec<i64> = released
        .iter()
        .map(|r| r.id)
        .filter(|id| {
            now.iter()
                .any(|n| released.iter().any(|r| r.id == *id && same_item(r, n)))
        })
        .collect();
    let kept_now: Vec<i64> = now
        .iter()
        .filter(|n| released.iter().any(|r| same_item(r, n)))
        .map(|n| n.id)
        .filter(|id| kept_before.contains(id))
        .collect();
    if kept_before != kept_now {
        out.push("Reihenfolge der Tagesordnungspunkte geändert.".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: i64, title: &str, reason: &str, ms: &[i64], deps: bool) -> StoredItem {
        StoredItem {
            id,
            title: title.into(),
            reason: reason.into(),
            measure_ids: ms.to_vec(),
            has_dependents: deps,
        }
    }

    fn proposed(title: &str, reason: &str, ms: &[i64]) -> DraftItem {
        let mut d = DraftItem::new(title, reason, 10);
        d.measure_ids = ms.to_vec();
        d
    }

    #[test]
    fn plan_adds_removes_and_rewrites_only_drafted_items() {
        let stored = vec![
            stored(1, "Sachstand", "40 Maßnahmen", &[], false),
            stored(2, "Rot und Gelb", "Ampel Rot bei 1 Maßnahme", &[7], false),
            stored(3, "Von Hand", "", &[], false),
            stored(4, "DSB offen", "offen bei 1 Maßnahme", &[8], false),
            stored(5, "PR offen", "offen bei 1 Maßnahme", &[9], true),
        ];
        let today = vec![
            proposed("Sachstand", "40 Maßnahmen", &[]),
            proposed("Rot und Gelb", "Ampel Rot bei 2 Maßnahmen", &[7, 6]),
            proposed("Haushalt", "Ist über Ansatz", &[5]),
        ];
        let plan = plan_update(&stored, &today);
        assert_eq!(plan.add.len(), 1);
        assert_eq!(plan.add[0].title, "Haushalt");
        assert_eq!(plan.remove, vec![(4, "DSB offen".to_string())]);
        assert_eq!(plan.kept, vec![(5, "PR offen".to_string())]);
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].id, 2);
        assert_eq!(plan.update[0].measures_added, vec![6]);
        assert!(plan.update[0].measures_dropped.is_empty());
        assert!(!plan.is_empty());
        // the same data again: the same fingerprint; an unchanged agenda: empty plan
        assert_eq!(
            plan.fingerprint(),
            plan_update(&stored, &today).fingerprint()
        );
        let same = vec![proposed("Sachstand", "40 Maßnahmen", &[])];
        assert!(plan_update(&stored[..1], &same).is_empty());
    }

    fn snap(id: i64, title: &str, minutes: i64, ms: &[&str]) -> SnapshotItem {
        SnapshotItem {
            id,
            title: title.into(),
            public: true,
            planned_minutes: minutes,
            reason: String::new(),
            measures: ms.iter().map(|m| m.to_string()).collect(),
        }
    }

    #[test]
    fn release_changes_name_each_change() {
        let released = vec![
            snap(1, "Sachstand", 15, &[]),
            snap(2, "Rot und Gelb", 10, &["HF1-01"]),
            snap(3, "Haushalt", 10, &[]),
        ];
        let mut moved = snap(2, "Rot und Gelb", 20, &["HF1-01", "HF2-02"]);
        moved.public = false;
        // id 3 removed, its id handed to a new item
        let now = vec![moved, snap(1, "Sachstand", 15, &[]), {
            let mut n = snap(3, "Neu", 5, &[]);
            n.reason = "von Hand".into();
            n
        }];
        assert_eq!(
            release_changes(&released, &now),
            vec![
                "TOP 1 „Rot und Gelb“: Dauer 20 statt 10 Minuten.",
                "TOP 1 „Rot und Gelb“: jetzt nicht öffentlich.",
                "TOP 1 „Rot und Gelb“: Maßnahmen neu verknüpft: HF2-02.",
                "TOP 3 „Neu“ neu aufgenommen.",
                "„Haushalt“ entfernt.",
                "Reihenfolge der Tagesordnungspunkte geändert.",
            ]
        );
        assert!(release_changes(&released, &released).is_empty());
    }
}
