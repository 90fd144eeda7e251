//! Demo: what the Fortschreibung 1.1 of the core paper added, removed or changed
//! (revision_changes), so that the revision comparison has content.

use crate::db::Conn;

use super::programme::{CORE, Programmes};

/// Change, entity, measure or goal title as in the catalogue, note.
#[rustfmt::skip]
const CHANGES_1_1: &[(&str, &str, &str, &str)] = &[
    ("neu", "massnahme", "Urkundenbestellung im Standesamt online", "Ergänzt nach der OZG-Leistungsinventur."),
    ("neu", "massnahme", "Sondernutzungserlaubnis online beantragen", "Ergänzt auf Anregung des Ordnungsamts."),
    ("neu", "massnahme", "Digitale Haushaltsplanung mit dezentraler Erfassung", "Ergänzt auf Wunsch der Kämmerei."),
    ("geaendert", "massnahme", "Kita-Anmeldung und Platzvergabe über ein Elternportal", "Zurückgestellt: Trägerabstimmung offen, Mittel nicht im Haushalt 2026."),
    ("geaendert", "massnahme", "Open Data: Haushalt, Ratsinformationen (OParl) und Geodaten", "Zurückgestellt bis zur Einführung des neuen Ratsinformationssystems."),
    ("entfallen", "massnahme", "Telefonanlage auf VoIP/SIP umstellen", "Abgeschlossen 2023, aus dem Papier genommen und archiviert."),
    ("geaendert", "ziel", "Online verfügbare Leistungen", "Zählung ab 2026 nach Reifegradmodell 2.0 (ab Stufe 2)."),
];

pub(super) async fn insert(conn: &mut Conn, programmes: &Programmes) -> anyhow::Result<()> {
    let programme = programmes.ids[CORE];
    let revision: i64 = crate::db::query_scalar(
        "SELECT id FROM revisions WHERE programme_id = ? AND version = '1.1'",
    )
    .bind(programme)
    .fetch_one(&mut *conn)
    .await?;
    for &(change, entity, title, note) in CHANGES_1_1 {
        let found: Option<(i64, String)> = if entity == "ziel" {
            crate::db::query_as("SELECT id, title FROM goals WHERE programme_id = ? AND title = ?")
                .bind(programme)
                .bind(title)
                .fetch_optional(&mut *conn)
                .await?
        } else {
            crate::db::query_as(
                "SELECT id, code || ' ' || title FROM measures WHERE programme_id = ? AND title = ?",
            )
            .bind(programme)
            .bind(title)
            .fetch_optional(&mut *conn)
            .await?
        };
        let (entity_id, label) =
            found.ok_or_else(|| anyhow::anyhow!("Demodaten: „{title}“ nicht gefunden"))?;
        crate::db::query(
            "INSERT INTO revision_changes (revision_id, entity, entity_id, label, change, note)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(revision)
        .bind(entity)
        .bind(entity_id)
        .bind(label)
        .bind(change)
        .bind(note)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
