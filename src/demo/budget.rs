//! Budget lines of the demo measures, derived from their cost figures, status and `today`.

use crate::db::Conn;
use chrono::{Datelike, NaiveDate};

use super::organisation::product_of;
use super::spec::{Cost, Kind, Measure};
use crate::domain::Status;

/// Fiscal years of the medium-term view (mittelfristige Finanzplanung).
const FISCAL_YEARS: std::ops::RangeInclusive<i32> = 2024..=2027;

#[derive(Debug, PartialEq, Eq)]
pub(super) struct BudgetLine {
    pub year: i32,
    pub kind: Kind,
    /// Cents.
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
    pub note: &'static str,
}

/// A deterministic spread of 0..=12 percentage points (simple LCG step).
fn spread(seed: u64) -> i64 {
    let x = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    i64::try_from((x >> 33) % 13).unwrap_or_default()
}

/// Budget lines of a measure derived from its cost figures, status and `today`:
/// approved amounts only for years whose budget is adopted, actuals only for past and
/// current years of measures in implementation, and the deviation on the one-time line.
pub(super) fn lines(m: &Measure, status: Status, today: NaiveDate, seed: u64) -> Vec<BudgetLine> {
    let Some(Cost(once, yearly, kind, once_year, deviation)) = m.cost else {
        return Vec::new();
    };
    if status == Status::Verworfen {
        return Vec::new();
    }
    let current_year = today.year();
    let shelved = status == Status::Zurueckgestellt;
    // Money flows only once work on the measure has started (award, licences, operation).
    let spending = status.work_started();
    let first_yearly = if once > 0 { once_year + 1 } else { once_year };
    let mut lines = Vec::new();
    for year in FISCAL_YEARS {
        let parts = [
            (year == once_year && once > 0, once, kind, true),
            (year >= first_yearly && yearly > 0, yearly, Kind::Kon, false),
        ];
        for (applies, euros, kind, is_once) in parts {
            if !applies {
                continue;
            }
            let planned = euros * 100;
            let cut = if is_once && deviation < 0 {
                deviation
            } else {
                0
            };
            let approved = if shelved || year > current_year {
                0
            } else {
                planned * (100 + cut) / 100
            };
            let share = 100 - spread(seed * 31 + u64::from(year.unsigned_abs()));
            let actual = if !spending || year > current_year {
                0
            } else if is_once && deviation > 0 {
                approved * (100 + deviation) / 100
            } else if year < current_year || is_once {
                approved * share / 100
            } else {
                // Running costs of the current year: booked up to the current month.
                approved * share / 100 * i64::from(today.month()) / 12
            };
            let note = if shelved {
                "Maßnahme zurückgestellt; Mittel nicht freigegeben"
            } else if year > current_year {
                "Mittelfristige Planung; Ansatz noch nicht beschlossen"
            } else if cut < 0 {
                "Ansatz im Haushaltskonsolidierungskonzept gekürzt (Sperrvermerk)"
            } else if actual > approved {
                "Mehrkosten gegenüber dem Ansatz; überplanmäßige Aufwendung beantragt"
            } else if is_once {
                "Einmalige Kosten (Beschaffung, Einführung)"
            } else {
                "Laufende Kosten (Lizenzen, Wartung, Betrieb)"
            };
            lines.push(BudgetLine {
                year,
                kind,
                planned,
                approved,
                actual,
                note,
            });
        }
    }
    lines
}

pub(super) async fn insert_line(
    conn: &mut Conn,
    measure_id: i64,
    unit: &str,
    core: bool,
    line: &BudgetLine,
) -> anyhow::Result<()> {
    // Enterprises keep a Wirtschaftsplan, not the city's Kontenrahmen.
    let account = if core { line.kind.account() } else { "" };
    crate::db::query(
        "INSERT INTO budget_lines (measure_id, fiscal_year, kind, product, account, planned,
                                   approved, actual, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(measure_id)
    .bind(line.year)
    .bind(line.kind.key())
    .bind(product_of(unit))
    .bind(account)
    .bind(line.planned)
    .bind(line.approved)
    .bind(line.actual)
    .bind(line.note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
