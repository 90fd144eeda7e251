//! The "changes since the previous report" section as German lines.

use super::body::{AmpelLine, ChangeLine, ChangesView};
use super::labels::Measures;
use crate::domain::dates::format_iso;
use crate::domain::money::format_euro;
use crate::domain::report::{Changes, MilestoneSlip, ReportData, StatusChange};

fn status_detail(s: &StatusChange) -> String {
    format!("{} → {}", s.from.label(), s.to.label())
}

fn slip_detail(s: &MilestoneSlip) -> String {
    match &s.due_before {
        Some(b) if *b != s.due_now => format!(
            "Meilenstein „{}“ verschoben vom {} auf den {}",
            s.title,
            format_iso(Some(b)),
            format_iso(Some(&s.due_now))
        ),
        _ => format!(
            "Meilenstein „{}“ überfällig (fällig am {})",
            s.title,
            format_iso(Some(&s.due_now))
        ),
    }
}

/// `c` (from the previous report `prev`, labelled `previous`) as the section's lines.
pub fn changes_view(
    measures: &Measures<'_>,
    previous: &str,
    prev: &ReportData,
    c: &Changes,
) -> ChangesView {
    let line = |id: i64, detail: String| ChangeLine {
        measure: measures.label(id, Some(prev)),
        detail,
    };
    let status_lines = |changes: &[StatusChange]| {
        changes
            .iter()
            .map(|s| line(s.measure_id, status_detail(s)))
            .collect()
    };
    ChangesView {
        previous: previous.to_string(),
        new: c.new.iter().map(|id| line(*id, String::new())).collect(),
        completed: c
            .completed
            .iter()
            .map(|id| {
                let on = measures
                    .get(*id)
                    .and_then(|m| m.completed_on.as_deref())
                    .map(|d| format!("abgeschlossen am {}", format_iso(Some(d))))
                    .unwrap_or_default();
                line(*id, on)
            })
            .collect(),
        status: status_lines(&c.status),
        ampel: c
            .ampel
            .iter()
            .map(|a| {
                let m = measures.get(a.measure_id);
                AmpelLine {
                    measure: measures.label(a.measure_id, Some(prev)),
                    from: a.from,
                    to: a.to,
                    reason: m.map(|m| m.reason.clone()).unwrap_or_default(),
                    options: m.map(|m| m.options.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        deferred: status_lines(&c.deferred_or_dropped),
        removed: c
            .removed
            .iter()
            .map(|id| line(*id, "nicht mehr im Programm (archiviert)".into()))
            .collect(),
        slipped: c
            .slipped
            .iter()
            .map(|s| line(s.measure_id, slip_detail(s)))
            .collect(),
        budget: c
            .budget
            .iter()
            .filter_map(|b| {
                // only what changed: "Plan 0,00 € → 0,00 €" is noise
                let parts: Vec<String> = [
                    ("Plan", b.planned_before, b.planned_now),
                    ("Ist", b.actual_before, b.actual_now),
                ]
                .into_iter()
                .filter(|(_, before, now)| before != now)
                .map(|(label, before, now)| {
                    format!("{label} {} → {}", format_euro(before), format_euro(now))
                })
                .collect();
                (!parts.is_empty()).then(|| {
                    line(
                        b.measure_id,
                        format!("Haushaltsjahr {}: {}", b.fiscal_year, parts.join(", ")),
                    )
                })
            })
            .collect(),
        empty: c.is_empty(),
    }
}
