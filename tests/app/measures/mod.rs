//! Journey 1 and the measure pages: list, filters, detail, status updates with Ampel
//! discipline, create/edit with validation and optimistic locking, archive, CSV.

mod editing;
mod list;
mod status_updates;

pub(super) fn status_form<'a>(ampel: &'a str, text: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("status", "umsetzung"),
        ("ampel", ampel),
        ("progress", "60"),
        ("text", text),
        ("next_steps", "Abnahme im Januar"),
        ("blockers", ""),
        ("reason", ""),
        ("options", ""),
        ("decision_by", ""),
    ]
}
