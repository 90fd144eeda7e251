//! The joint-session rules: the draft agenda of the quarterly joint session with the
//! Oberbürgermeister, DSB, ISB and Personalrat, drafted from the data.

use chrono::NaiveDate;

use super::agenda::{DraftItem, MeasureRef};
use super::schedule::quarter_label;
use crate::domain::dates::format_date;
use crate::domain::money::format_euro;
use crate::domain::{Ampel, SignOffTrack};

/// Key figures of the period a joint session looks back on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuarterSummary {
    pub since: Option<NaiveDate>,
    pub measures: i64,
    pub red: i64,
    pub amber: i64,
    pub green: i64,
    pub updates_in_period: i64,
    pub completed_in_period: i64,
}

/// A budget line whose actual exceeds the approved amount (cents).
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetDeviation {
    pub measure: MeasureRef,
    pub fiscal_year: i64,
    pub approved: i64,
    pub actual: i64,
}

/// The half-yearly report as the joint draft sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportState {
    /// No report row for the half-year yet.
    NotCreated {
        label: String,
    },
    Draft {
        label: String,
        cutoff: NaiveDate,
        request_started: Option<NaiveDate>,
        request_due: Option<NaiveDate>,
    },
    Released {
        label: String,
    },
}

/// Input of the joint-session draft.
#[derive(Debug, Clone)]
pub struct JointInput {
    pub meeting_date: NaiveDate,
    pub summary: QuarterSummary,
    pub red_amber: Vec<MeasureRef>,
    /// Measures with an open sign-off, per track.
    pub open_sign_offs: Vec<(SignOffTrack, Vec<MeasureRef>)>,
    pub budget: Vec<BudgetDeviation>,
    /// Only given when the report is due (see [`super::report_half_due`]).
    pub report: Option<ReportState>,
}

/// The title of the joint session's item on red and amber measures.
pub const RED_AMBER_TITLE: &str = "Gefährdete und verzögerte Maßnahmen (Ampel Rot und Gelb)";

/// "1 Maßnahme", "3 Maßnahmen"
fn measures_n(n: usize) -> String {
    if n == 1 {
        "1 Maßnahme".into()
    } else {
        format!("{n} Maßnahmen")
    }
}

/// The draft agenda of the quarterly joint session, drafted from the data.
pub fn draft_joint_agenda(input: &JointInput) -> Vec<DraftItem> {
    let s = &input.summary;
    let since = s
        .since
        .map(|d| {
            format!(
                "seit der letzten gemeinsamen Beratung am {}",
                format_date(d)
            )
        })
        .unwrap_or_else(|| "in den letzten drei Monaten".into());
    let mut items = vec![DraftItem::new(
        format!(
            "Sachstand Arbeitspapier – Quartal {}",
            quarter_label(input.meeting_date)
        ),
        format!(
            "Zusammenfassung des Quartals: {} laufende Maßnahmen (Rot {}, Gelb {}, Grün {}); \
             {since} {} Sachstandsmeldungen und {} abgeschlossene Maßnahmen.",
            s.measures, s.red, s.amber, s.green, s.updates_in_period, s.completed_in_period
        ),
        15,
    )];
    let red: Vec<&MeasureRef> = input
        .red_amber
        .iter()
        .filter(|m| m.ampel == Ampel::Rot)
        .collect();
    let amber: Vec<&MeasureRef> = input
        .red_amber
        .iter()
        .filter(|m| m.ampel == Ampel::Gelb)
        .collect();
    if !input.red_amber.is_empty() {
        // The measures themselves are linked below the reason (with cause, options and
        // the decision date): the reason only counts them.
        let mut parts = Vec::new();
        if !red.is_empty() {
            parts.push(format!("Ampel Rot bei {}", measures_n(red.len())));
        }
        if !amber.is_empty() {
            parts.push(format!("Ampel Gelb bei {}", measures_n(amber.len())));
        }
        let mut it = DraftItem::new(
            RED_AMBER_TITLE,
            format!(
                "{}. Die Leitung entscheidet über die Handlungsoptionen; je Maßnahme sind Ursache, Handlungsoptionen und Entscheidungstermin aus der letzten Sachstandsmeldung aufgeführt.",
                parts.join(", ")
            ),
            5 + 3 * input.red_amber.len() as i64,
        );
        it.measure_ids = red.iter().chain(amber.iter()).map(|m| m.id).collect();
        items.push(it);
    }
    for (track, ms) in &input.open_sign_offs {
        if ms.is_empty() {
            continue;
        }
        let (title, who) = match track {
            SignOffTrack::Dsb => (
                "Beteiligung Datenschutz (DSB): offene Stellungnahmen",
                "des Datenschutzbeauftragten",
            ),
            SignOffTrack::Isb => (
                "Beteiligung Informationssicherheit (ISB): offene Freigaben",
                "des Beauftragten für Informationssicherheit",
            ),
            SignOffTrack::Pr => (
                "Beteiligung Personalrat: offene Mitbestimmung",
                "des Personalrates",
            ),
        };
        let mut it = DraftItem::new(
            title,
            format!("Beteiligung {who} offen bei {}.", measures_n(ms.len())),
            5 + 2 * ms.len() as i64,
        );
        it.public = false;
        it.measure_ids = ms.iter().map(|m| m.id).collect();
        items.push(it);
    }
    if !input.budget.is_empty() {
        let reason = input
            .budget
            .iter()
            .map(|b| {
                format!(
                    "{} ({}): Ansatz {}, Ist {}, Mehrausgabe {}",
                    b.measure.code,
                    b.fiscal_year,
                    format_euro(b.approved),
                    format_euro(b.actual),
                    format_euro(b.actual - b.approved)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut it = DraftItem::new(
            "Haushaltsabweichungen",
            format!("Ist über dem Haushaltsansatz: {reason}."),
            10,
        );
        let mut ids: Vec<i64> = input.budget.iter().map(|b| b.measure.id).collect();
        ids.dedup();
        it.measure_ids = ids;
        items.push(it);
    }
    if let Some(report) = &input.report {
        let reason = match report {
            ReportState::NotCreated { label } => format!(
                "Die halbjährliche Sachstandsinformation an den Finanz- und Verwaltungsausschuss ({label}) ist fällig; \
                 der Bericht ist noch nicht angelegt, die Sachstandsabfrage noch nicht gestartet."
            ),
            ReportState::Draft {
                label,
                cutoff,
                request_started,
                request_due,
            } => {
                let round = match (request_started, request_due) {
                    (Some(s), Some(d)) => format!(
                        "Sachstandsabfrage gestartet am {}, Rückmeldung bis {}",
                        format_date(*s),
                        format_date(*d)
                    ),
                    (Some(s), None) => {
                        format!("Sachstandsabfrage gestartet am {}", format_date(*s))
                    }
                    _ => "Sachstandsabfrage noch nicht gestartet".into(),
                };
                format!(
                    "Die halbjährliche Sachstandsinformation ({label}, Stichtag {}) ist fällig und im Entwurf; {round}.",
                    format_date(*cutoff)
                )
            }
            ReportState::Released { label } => format!(
                "Die halbjährliche Sachstandsinformation ({label}) ist bereits freigegeben; Bericht zur Kenntnis."
            ),
        };
        items.push(DraftItem::new(
            "Vorbereitung der halbjährlichen Sachstandsinformation an den FVA",
            reason,
            10,
        ));
    }
    items.push(DraftItem::new(
        "Entscheidungen, Aufgaben und Wiedervorlagen",
        "Ständiger Tagesordnungspunkt der gemeinsamen Beratung.",
        10,
    ));
    items
}

#[cfg(test)]
mod tests {
    use super::super::agenda::test_support::{d, m};
    use super::*;

    #[test]
    fn joint_draft_has_every_item_with_its_reason() {
        let input = JointInput {
            meeting_date: d("2026-12-10"),
            summary: QuarterSummary {
                since: Some(d("2026-09-10")),
                measures: 40,
                red: 2,
                amber: 5,
                green: 33,
                updates_in_period: 61,
                completed_in_period: 3,
            },
            red_amber: vec![m(1, "HF1-01", Ampel::Rot), m(2, "HF2-01", Ampel::Gelb)],
            open_sign_offs: vec![
                (SignOffTrack::Dsb, vec![m(3, "HF3-01", Ampel::Gruen)]),
                (SignOffTrack::Isb, vec![]),
                (SignOffTrack::Pr, vec![m(4, "HF4-01", Ampel::Gruen)]),
            ],
            budget: vec![BudgetDeviation {
                measure: m(5, "HF5-01", Ampel::Gruen),
                fiscal_year: 2026,
                approved: 1_000_000,
                actual: 1_250_000,
            }],
            report: Some(ReportState::NotCreated {
                label: "2. Halbjahr 2026".into(),
            }),
        };
        let items = draft_joint_agenda(&input);
        assert_eq!(items.len(), 7);
        assert!(
            items[0]
                .reason
                .contains("40 laufende Maßnahmen (Rot 2, Gelb 5, Grün 33)")
        );
        assert!(
            items[0]
                .reason
                .contains("am 10.09.2026 61 Sachstandsmeldungen")
        );
        // the reason counts; the measures are the linked list, not repeated in the text
        assert!(
            items[1]
                .reason
                .starts_with("Ampel Rot bei 1 Maßnahme, Ampel Gelb bei 1 Maßnahme.")
        );
        assert!(!items[1].reason.contains("HF1-01"));
        assert_eq!(
            items[2].reason,
            "Beteiligung des Datenschutzbeauftragten offen bei 1 Maßnahme."
        );
        assert_eq!(items[1].measure_ids, vec![1, 2]);
        assert!(items[2].title.contains("Datenschutz"));
        assert!(!items[2].public);
        assert!(items[3].title.contains("Personalrat"));
        assert_eq!(
            items[4].reason,
            "Ist über dem Haushaltsansatz: HF5-01 (2026): Ansatz 10.000,00\u{a0}€, Ist 12.500,00\u{a0}€, Mehrausgabe 2.500,00\u{a0}€."
        );
        assert!(items[5].reason.contains("noch nicht angelegt"));
    }
}
