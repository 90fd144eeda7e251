//! View models of the public pages: the public measures grouped by programme and field
//! of action, with their status and Ampel counts, in German text.

use crate::domain::dates::format_iso;
use crate::domain::enums::{Ampel, Status};
use crate::domain::money::format_euro;
use crate::lookups::public::PublicMeasure;
use crate::lookups::transparency::ReleasedReport;
use crate::web::paths;

/// The frame of every public page: the city's name, the page title, the licence.
pub struct Frame {
    pub title: String,
    /// "Stadt Musterstadt" (from the letterhead), or "Stadtverwaltung" when not set.
    pub city: String,
    pub licence_name: String,
    pub licence_url: String,
    /// The city and its resolved programme, as in every page's footer (`web::footer`).
    pub footer: String,
}

/// One measure as a table row.
pub struct Row {
    pub href: String,
    pub code: String,
    pub title: String,
    pub lead: String,
    pub status: Status,
    pub ampel: Option<Ampel>,
    pub progress: i64,
    pub period: String,
}

impl Row {
    pub fn of(m: &PublicMeasure) -> Self {
        Self {
            href: paths::public_measure(m.id).to_string(),
            code: m.code.clone(),
            title: m.title.clone(),
            lead: m.lead.clone(),
            status: m.status,
            ampel: m.ampel,
            progress: m.progress.clamp(0, 100),
            period: period(m),
        }
    }
}

/// "01.03.2026 – 31.12.2027", one side only, or "".
pub fn period(m: &PublicMeasure) -> String {
    let start = format_iso(m.planned_start.as_deref());
    let end = format_iso(m.planned_end.as_deref());
    match (start.is_empty(), end.is_empty()) {
        (false, false) => format!("{start} – {end}"),
        (false, true) => format!("ab {start}"),
        (true, false) => format!("bis {end}"),
        (true, true) => String::new(),
    }
}

/// A count per label, for charts and their tables.
#[derive(Clone)]
pub struct Count {
    pub label: &'static str,
    /// CSS key of the bar ("gruen", "umsetzung", …).
    pub key: &'static str,
    pub n: usize,
    /// The bar's width in percent (a CSS class `w-0` … `w-100`: no inline style).
    pub pct: usize,
}

/// Bar widths: each count relative to `of` (0 → all zero), rounded down, and for parts
/// of one whole (`whole`) the rounding remainder given to the largest part so the
/// segments fill the track exactly.
fn widths(counts: &mut [Count], of: usize, whole: bool) {
    if of == 0 {
        return;
    }
    for c in counts.iter_mut() {
        c.pct = c.n * 100 / of;
    }
    if whole {
        let sum: usize = counts.iter().map(|c| c.pct).sum();
        // ties: the first of the largest (Grün before Gelb)
        if let Some(max) = counts.iter_mut().rev().max_by_key(|c| c.n) {
            max.pct += 100 - sum.min(100);
        }
    }
}

pub struct Field {
    pub code: String,
    pub title: String,
    /// The heading's id (`hf-<programme>-<field>`).
    pub anchor: String,
    pub rows: Vec<Row>,
    pub ampel: Vec<Count>,
    /// "3 Maßnahmen laufen: 2 Grün, 1 Gelb, 0 Rot." or that none runs.
    pub ampel_text: String,
}

pub struct Programme {
    pub title: String,
    pub anchor: String,
    pub total: usize,
    pub fields: Vec<Field>,
    pub status: Vec<Count>,
    pub status_text: String,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// "1.000": a count with German thousands separators.
pub fn thousands(n: usize) -> String {
    crate::domain::money::format_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

pub fn measures_word(n: usize) -> String {
    plural(n, "Maßnahme", "Maßnahmen")
}

fn status_counts(ms: &[&PublicMeasure]) -> Vec<Count> {
    Status::ALL
        .iter()
        .map(|s| Count {
            label: s.label(),
            key: s.key(),
            n: ms.iter().filter(|m| m.status == *s).count(),
            pct: 0,
        })
        .collect()
}

fn ampel_counts(ms: &[&PublicMeasure]) -> Vec<Count> {
    Ampel::ALL
        .iter()
        .map(|a| Count {
            label: a.short(),
            key: a.key(),
            n: ms.iter().filter(|m| m.ampel == Some(*a)).count(),
            pct: 0,
        })
        .collect()
}

fn ampel_text(counts: &[Count]) -> String {
    let running: usize = counts.iter().map(|c| c.n).sum();
    if running == 0 {
        return "Keine Maßnahme läuft derzeit (nur laufende Maßnahmen tragen eine Ampel).".into();
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|c| format!("{} {}", c.n, c.label))
        .collect();
    let verb = if running == 1 { "läuft" } else { "laufen" };
    format!("{} {verb}: {}.", measures_word(running), parts.join(", "))
}

fn status_text(counts: &[Count]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|c| c.n > 0)
        .map(|c| format!("{} {}", c.n, c.label))
        .collect();
    if parts.is_empty() {
        "Keine öffentlichen Maßnahmen.".into()
    } else {
        format!("{}.", parts.join(", "))
    }
}

/// Groups the measures (ordered by programme, field, code) into programmes and fields.
pub fn programmes(measures: &[PublicMeasure]) -> Vec<Programme> {
    let mut out: Vec<Programme> = Vec::new();
    let mut i = 0;
    while i < measures.len() {
        let pid = measures[i].programme_id;
        let of_programme: Vec<&PublicMeasure> = measures[i..]
            .iter()
            .take_while(|m| m.programme_id == pid)
            .collect();
        i += of_programme.len();
        let mut fields: Vec<Field> = Vec::new();
        let mut j = 0;
        while j < of_programme.len() {
            let fid = of_programme[j].field_id;
            let of_field: Vec<&PublicMeasure> = of_programme[j..]
                .iter()
                .take_while(|m| m.field_id == fid)
                .copied()
                .collect();
            j += of_field.len();
            let mut ampel = ampel_counts(&of_field);
            let running = ampel.iter().map(|c| c.n).sum();
            widths(&mut ampel, running, true);
            fields.push(Field {
                code: of_field[0].field_code.clone(),
                title: of_field[0].field_title.clone(),
                anchor: format!("hf-{pid}-{fid}"),
                rows: of_field.iter().map(|m| Row::of(m)).collect(),
                ampel_text: ampel_text(&ampel),
                ampel,
            });
        }
        let mut status = status_counts(&of_programme);
        let most = status.iter().map(|c| c.n).max().unwrap_or(0);
        widths(&mut status, most, false);
        let title = of_programme[0].programme.clone();
        out.push(Programme {
            status_text: status_text(&status),
            status,
            anchor: format!("programm-{pid}"),
            total: of_programme.len(),
            title,
            fields,
        });
    }
    out
}

/// A released report in the list and in the feed.
pub struct ReportLink {
    pub title: String,
    pub programme: String,
    pub vorlage_no: String,
    pub cutoff: String,
    pub committee: String,
    pub released: String,
    pub href: String,
    pub pdf: Option<String>,
    pub docx: Option<String>,
}

impl ReportLink {
    pub fn of(r: &ReleasedReport) -> Self {
        Self {
            title: format!("Sachstandsbericht {}", r.period_label),
            programme: r.programme.clone(),
            vorlage_no: r.vorlage_no.clone(),
            cutoff: format_iso(Some(&r.cutoff_on)),
            committee: format_iso(r.committee_on.as_deref()),
            released: format_iso(Some(&r.released_at)),
            href: paths::public_report(r.id).to_string(),
            pdf: r
                .has_pdf
                .then(|| paths::public_report_pdf(r.id).to_string()),
            docx: r
                .has_docx
                .then(|| paths::public_report_docx(r.id).to_string()),
        }
    }
}

/// One measure's detail page.
pub struct Detail {
    pub row: Row,
    pub programme: String,
    pub field: String,
    pub description: String,
    pub released_text: String,
    /// "Stand: Sachstandsbericht vom 30.06.2026 (Vorlage 2026/123)".
    pub released_from: Option<(String, String)>,
    pub released_on: String,
    pub approved: Vec<(i64, String)>,
    pub approved_total: String,
}

impl Detail {
    pub fn of(m: &PublicMeasure) -> Self {
        let total: i64 = m.approved.iter().map(|(_, c)| c).sum();
        Self {
            row: Row::of(m),
            programme: m.programme.clone(),
            field: format!("{} {}", m.field_code, m.field_title),
            description: m.description.clone(),
            released_text: m
                .released
                .as_ref()
                .map(|r| r.text.clone())
                .unwrap_or_default(),
            released_from: m.released.as_ref().map(|r| {
                (
                    format!(
                        "Sachstandsbericht zum Stichtag {} (Vorlage {})",
                        format_iso(Some(&r.cutoff_on)),
                        r.vorlage_no
                    ),
                    paths::public_report(r.report_id).to_string(),
                )
            }),
            released_on: m
                .released
                .as_ref()
                .map(|r| format_iso(r.text_on.as_deref()))
                .unwrap_or_default(),
            approved: m
                .approved
                .iter()
                .map(|(y, c)| (*y, format_euro(*c)))
                .collect(),
            approved_total: format_euro(total),
        }
    }
}

impl Field {
    /// Running measures of the field (those with an Ampel).
    pub fn running(&self) -> usize {
        self.ampel.iter().map(|c| c.n).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(n: usize) -> Count {
        Count {
            label: "x",
            key: "x",
            n,
            pct: 0,
        }
    }

    #[test]
    fn segments_fill_the_track() {
        let mut c = vec![count(1), count(1), count(1)];
        widths(&mut c, 3, true);
        assert_eq!(
            c.iter().map(|c| c.pct).collect::<Vec<_>>(),
            vec![34, 33, 33]
        );
        let mut c = vec![count(4), count(2), count(0)];
        widths(&mut c, 4, false);
        assert_eq!(
            c.iter().map(|c| c.pct).collect::<Vec<_>>(),
            vec![100, 50, 0]
        );
        let mut c = vec![count(0), count(0)];
        widths(&mut c, 0, true);
        assert_eq!(c.iter().map(|c| c.pct).collect::<Vec<_>>(), vec![0, 0]);
    }

    #[test]
    fn ampel_sentence_counts_running_measures() {
        let c = vec![
            Count {
                label: "Grün",
                key: "gruen",
                n: 2,
                pct: 0,
            },
            Count {
                label: "Gelb",
                key: "gelb",
                n: 1,
                pct: 0,
            },
            Count {
                label: "Rot",
                key: "rot",
                n: 0,
                pct: 0,
            },
        ];
        assert_eq!(ampel_text(&c), "3 Maßnahmen laufen: 2 Grün, 1 Gelb, 0 Rot.");
        let one = vec![Count {
            label: "Rot",
            key: "rot",
            n: 1,
            pct: 0,
        }];
        assert_eq!(ampel_text(&one), "1 Maßnahme läuft: 1 Rot.");
    }
}
