//! Demo assessments (Aufwand-Nutzen-Bewertungen) of expectations and measures.

use std::collections::HashMap;

use crate::db::Conn;

use super::context::Ctx;
use super::programme::Programmes;

/// What an assessment rates.
enum Subject {
    Expectation(usize),
    /// A measure by its code, e.g. `HF3-02`.
    Measure(&'static str),
}

struct Assessment {
    subject: Subject,
    assessed_on: &'static str,
    mandatory: bool,
    /// Euros; stored as cents.
    one_time: i64,
    yearly: i64,
    person_days: i64,
    urgency: i64,
    strategic: i64,
    external: i64,
    effort_index: f64,
    justification: &'static str,
}

#[rustfmt::skip]
const ASSESSMENTS: &[Assessment] = &[
    Assessment { subject: Subject::Expectation(0), assessed_on: "2024-06-04", mandatory: false, one_time: 0, yearly: 0, person_days: 2, urgency: 10, strategic: 15, external: 40, effort_index: 1.0, justification: "Keine Zuständigkeit der Stadt; möglich ist nur ein Verweis auf das Angebot des Landkreises." },
    Assessment { subject: Subject::Expectation(1), assessed_on: "2025-09-30", mandatory: false, one_time: 9_500, yearly: 3_600, person_days: 35, urgency: 45, strategic: 60, external: 85, effort_index: 2.0, justification: "Hoher Nutzen für Bürgerinnen und Bürger, marktübliche Standardprodukte, wenige Abhängigkeiten; Antrag aus dem Stadtrat." },
    Assessment { subject: Subject::Expectation(2), assessed_on: "2025-04-22", mandatory: false, one_time: 28_000, yearly: 4_200, person_days: 15, urgency: 30, strategic: 35, external: 65, effort_index: 3.5, justification: "Entlastet die Schalter, aber hohe Investition und Wartungskosten; kein Pflichtbezug." },
    Assessment { subject: Subject::Expectation(3), assessed_on: "2026-10-06", mandatory: false, one_time: 15_000, yearly: 6_000, person_days: 30, urgency: 20, strategic: 35, external: 50, effort_index: 3.8, justification: "Pflege der Wissensbasis bindet die Pressestelle dauerhaft; Nutzen unsicher, Datenschutzfragen zum Anbieter offen." },
    Assessment { subject: Subject::Measure("HF3-02"), assessed_on: "2025-09-16", mandatory: true, one_time: 120_000, yearly: 28_000, person_days: 220, urgency: 70, strategic: 90, external: 40, effort_index: 4.2, justification: "Pflichtbezug nach EGovG LSA; Voraussetzung für Ende-zu-Ende-Digitalisierung der Online-Dienste; hoher interner Aufwand in EDV und Pilotämtern." },
    Assessment { subject: Subject::Measure("HF3-02"), assessed_on: "2026-03-17", mandatory: true, one_time: 120_000, yearly: 28_000, person_days: 240, urgency: 80, strategic: 90, external: 40, effort_index: 4.5, justification: "Neubewertung nach dem Sperrvermerk im Haushalt 2026: Dringlichkeit steigt (Supportende der Ablage-Laufwerke), Aufwand durch gestreckte Einführung höher." },
    Assessment { subject: Subject::Measure("HF3-04"), assessed_on: "2024-04-16", mandatory: true, one_time: 38_000, yearly: 9_000, person_days: 70, urgency: 85, strategic: 70, external: 55, effort_index: 3.0, justification: "Annahmepflicht für E-Rechnungen in Sachsen-Anhalt seit 18.04.2020; der Workflow verkürzt die Durchlaufzeit." },
    Assessment { subject: Subject::Measure("HF4-01"), assessed_on: "2024-11-12", mandatory: false, one_time: 24_000, yearly: 6_500, person_days: 40, urgency: 40, strategic: 60, external: 45, effort_index: 2.4, justification: "Einsparung bei Druck und Porto von rund 25.000 € jährlich; Amortisation nach etwa zwei Jahren." },
    Assessment { subject: Subject::Measure("HF6-02"), assessed_on: "2024-09-10", mandatory: false, one_time: 1_500, yearly: 12_500, person_days: 25, urgency: 75, strategic: 65, external: 20, effort_index: 1.8, justification: "Geringer Aufwand, hoher Sicherheitsgewinn; Voraussetzung des Cyberversicherers." },
];

/// Inserts the assessments; runs after the measures so that it can refer to them by code.
pub(super) async fn insert(
    conn: &mut Conn,
    ctx: &Ctx,
    programmes: &Programmes,
    measures: &HashMap<String, i64>,
) -> anyhow::Result<()> {
    for a in ASSESSMENTS {
        let (expectation_id, measure_id) = match a.subject {
            Subject::Expectation(index) => (Some(programmes.expectations[index]), None),
            Subject::Measure(code) => {
                let id = measures
                    .get(code)
                    .copied()
                    .ok_or_else(|| anyhow::anyhow!("Demodaten: unbekannte Maßnahme „{code}“"))?;
                (None, Some(id))
            }
        };
        crate::db::query(
            "INSERT INTO assessments (expectation_id, measure_id, assessed_by, assessed_on,
                                      mandatory, one_time_cost, yearly_cost, person_days,
                                      urgency, strategic, external, effort_index, justification)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(expectation_id)
        .bind(measure_id)
        .bind(ctx.ag_user)
        .bind(a.assessed_on)
        .bind(a.mandatory)
        .bind(a.one_time * 100)
        .bind(a.yearly * 100)
        .bind(a.person_days)
        .bind(a.urgency)
        .bind(a.strategic)
        .bind(a.external)
        .bind(a.effort_index)
        .bind(a.justification)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
