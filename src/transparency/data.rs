//! The public data as files: CSV for German Excel (the one `web::csv` writer) and JSON,
//! both under the open-data licence the admin named. Only fields of the public view.

use serde_json::{Value, json};

use crate::domain::dates::format_iso;
use crate::domain::money::format_plain;
use crate::lookups::public::PublicMeasure;
use crate::lookups::transparency::Settings;
use crate::web::csv::{Cell, Table};

/// The CSV's columns.
pub const CSV_HEADER: &[&str] = &[
    "Programm",
    "Handlungsfeld",
    "Code",
    "Maßnahme",
    "Federführung",
    "Status",
    "Ampel",
    "Fortschritt (%)",
    "Beginn (geplant)",
    "Ende (geplant)",
    "Beschreibung",
    "Sachstand",
    "Sachstand vom",
    "Haushaltsansatz gesamt (EUR)",
    "Adresse",
];

/// One row per public measure; `link` turns a measure id into its absolute address.
pub fn csv(
    measures: &[PublicMeasure],
    link: impl Fn(i64) -> String,
) -> Result<Vec<u8>, csv::Error> {
    let mut t = Table::new(CSV_HEADER)?;
    for m in measures {
        let total: i64 = m.approved.iter().map(|(_, c)| c).sum();
        let (text, on) = m
            .released
            .as_ref()
            .map(|r| (r.text.clone(), format_iso(r.text_on.as_deref())))
            .unwrap_or_default();
        t.row([
            Cell::text(&m.programme),
            Cell::text(format!("{} {}", m.field_code, m.field_title)),
            Cell::text(&m.code),
            Cell::text(&m.title),
            Cell::text(&m.lead),
            Cell::text(m.status.label()),
            Cell::text(m.ampel.map(|a| a.short()).unwrap_or("")),
            Cell::number(m.progress),
            Cell::text(format_iso(m.planned_start.as_deref())),
            Cell::text(format_iso(m.planned_end.as_deref())),
            Cell::text(&m.description),
            Cell::text(text),
            Cell::text(on),
            Cell::number(format_plain(total)),
            Cell::text(link(m.id)),
        ])?;
    }
    t.finish()
}

/// The JSON document: licence, publisher, and every public measure.
pub fn json(
    measures: &[PublicMeasure],
    settings: &Settings,
    city: &str,
    link: impl Fn(i64) -> String,
) -> Value {
    let items: Vec<Value> = measures
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "code": m.code,
                "titel": m.title,
                "programm": m.programme,
                "handlungsfeld": {"code": m.field_code, "titel": m.field_title},
                "federfuehrung": m.lead,
                "status": {"schluessel": m.status.key(), "bezeichnung": m.status.label()},
                "ampel": m.ampel.map(|a| json!({
                    "schluessel": a.key(), "bezeichnung": a.short(), "bedeutung": a.meaning(),
                })),
                "fortschritt_prozent": m.progress,
                "beginn_geplant": m.planned_start,
                "ende_geplant": m.planned_end,
                "beschreibung": m.description,
                "sachstand": m.released.as_ref().map(|r| json!({
                    "text": r.text,
                    "vom": r.text_on,
                    "bericht": {"vorlage": r.vorlage_no, "stichtag": r.cutoff_on},
                })),
                "haushaltsansatz": m.approved.iter().map(|(year, cents)| json!({
                    "jahr": year,
                    "betrag_eur": *cents as f64 / 100.0,
                })).collect::<Vec<_>>(),
                "adresse": link(m.id),
            })
        })
        .collect();
    json!({
        "herausgeber": city,
        "lizenz": {"name": settings.licence_name, "url": settings.licence_url},
        "stand": measures.iter().map(|m| m.updated_at.as_str()).max(),
        "anzahl": items.len(),
        "massnahmen": items,
    })
}
