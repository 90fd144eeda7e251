//! Capacity realism ("realistisch einordnen"): the planned effort of a measure is spread
//! evenly over the calendar days from planned start to planned end and summed per
//! half-year; the sum per unit is compared with the person-days the unit can give.

use chrono::{Datelike, NaiveDate};

/// A calendar half-year: 1 = January–June, 2 = July–December.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfYear {
    pub year: i32,
    pub half: u8,
}

impl HalfYear {
    pub fn of(d: NaiveDate) -> Self {
        Self {
            year: d.year(),
            half: if d.month() <= 6 { 1 } else { 2 },
        }
    }
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, if self.half == 1 { 1 } else { 7 }, 1)
    }
    pub fn last_day(self) -> Option<NaiveDate> {
        if self.half == 1 {
            NaiveDate::from_ymd_opt(self.year, 6, 30)
        } else {
            NaiveDate::from_ymd_opt(self.year, 12, 31)
        }
    }
    pub fn next(self) -> Self {
        if self.half == 1 {
            Self {
                year: self.year,
                half: 2,
            }
        } else {
            Self {
                year: self.year + 1,
                half: 1,
            }
        }
    }
    /// `1. Halbjahr 2027`
    pub fn label(self) -> String {
        format!("{}. Halbjahr {}", self.half, self.year)
    }
}

/// Spreads `effort_days` over `start..=end` in proportion to the calendar days in each
/// half-year. Empty when the dates are missing or reversed or there is no effort.
pub fn distribute(effort_days: i64, start: NaiveDate, end: NaiveDate) -> Vec<(HalfYear, f64)> {
    if effort_days <= 0 || end < start {
        return Vec::new();
    }
    let total = (end - start).num_days() + 1;
    let mut out = Vec::new();
    let mut h = HalfYear::of(start);
    while h <= HalfYear::of(end) {
        let (Some(first), Some(last)) = (h.first_day(), h.last_day()) else {
            break;
        };
        let from = first.max(start);
        let to = last.min(end);
        let days = (to - from).num_days() + 1;
        if days > 0 {
            out.push((h, effort_days as f64 * days as f64 / total as f64));
        }
        h = h.next();
    }
    out
}

/// The load of one unit in one half-year against its capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub unit: String,
    pub period: HalfYear,
    /// Planned person-days, rounded to whole days.
    pub planned: i64,
    pub capacity: Option<i64>,
}

impl Load {
    /// Over-committed: more planned than the recorded capacity. Without a recorded
    /// capacity nothing can be compared, so nothing is flagged.
    pub fn over(&self) -> bool {
        self.capacity.is_some_and(|c| self.planned > c)
    }
    /// `Amt 21: 142 von 90 Personentagen im 1. Halbjahr 2027 verplant`
    pub fn sentence(&self) -> String {
        match self.capacity {
            Some(c) => format!(
                "{}: {} von {} Personentagen im {} verplant",
                self.unit,
                self.planned,
                c,
                self.period.label()
            ),
            None => format!(
                "{}: {} Personentage im {} verplant, aber keine Kapazität erfasst",
                self.unit,
                self.planned,
                self.period.label()
            ),
        }
    }
    /// Share of the capacity in whole percent (None without capacity).
    pub fn percent(&self) -> Option<i64> {
        match self.capacity {
            Some(c) if c > 0 => Some((self.planned as f64 * 100.0 / c as f64).round() as i64),
            _ => None,
        }
    }
}

/// Rounds a sum of fractional person-days to whole days (half up).
pub fn round_days(v: f64) -> i64 {
    (v + 0.5).floor() as i64
}

/// Planned effort per (unit, half-year): each entry is (unit id, person-days, start, end).
pub fn sum_loads(
    entries: &[(i64, i64, NaiveDate, NaiveDate)],
) -> std::collections::BTreeMap<(i64, HalfYear), f64> {
    let mut out = std::collections::BTreeMap::new();
    for &(unit, effort, start, end) in entries {
        for (h, days) in distribute(effort, start, end) {
            *out.entry((unit, h)).or_insert(0.0) += days;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn effort_is_spread_by_calendar_days() {
        // 2027: Jan–Jun 181 days, Jul–Dec 184 days, 365 in all.
        let parts = distribute(100, d("2027-01-01"), d("2027-12-31"));
        assert_eq!(parts.len(), 2);
        assert!((parts[0].1 - 100.0 * 181.0 / 365.0).abs() < 1e-9);
        assert_eq!(round_days(parts[0].1), 50);
        assert_eq!(round_days(parts[1].1), 50);
        // one half-year only
        let one = distribute(40, d("2026-02-01"), d("2026-03-31"));
        assert_eq!(
            one,
            vec![(
                HalfYear {
                    year: 2026,
                    half: 1
                },
                40.0
            )]
        );
        // across a year boundary: 01.12.2026–31.01.2027 = 31 + 31 days
        let two = distribute(62, d("2026-12-01"), d("2027-01-31"));
        assert_eq!(
            two[0],
            (
                HalfYear {
                    year: 2026,
                    half: 2
                },
                31.0
            )
        );
        assert_eq!(
            two[1],
            (
                HalfYear {
                    year: 2027,
                    half: 1
                },
                31.0
            )
        );
        assert!(distribute(10, d("2027-01-02"), d("2027-01-01")).is_empty());
        assert!(distribute(0, d("2027-01-01"), d("2027-01-02")).is_empty());
    }

    #[test]
    fn loads_are_summed_per_unit_and_half_year() {
        let h1 = HalfYear {
            year: 2027,
            half: 1,
        };
        let sums = sum_loads(&[
            (21, 100, d("2027-01-01"), d("2027-12-31")),
            (21, 90, d("2027-01-01"), d("2027-06-30")),
            (7, 10, d("2027-01-01"), d("2027-06-30")),
        ]);
        // 100·181/365 + 90 = 49,59 + 90 = 139,59 → 140
        assert_eq!(round_days(sums[&(21, h1)]), 140);
        assert_eq!(round_days(sums[&(7, h1)]), 10);
    }

    #[test]
    fn over_commitment_sentence() {
        let l = Load {
            unit: "Amt 21".into(),
            period: HalfYear {
                year: 2027,
                half: 1,
            },
            planned: 142,
            capacity: Some(90),
        };
        assert!(l.over());
        assert_eq!(
            l.sentence(),
            "Amt 21: 142 von 90 Personentagen im 1. Halbjahr 2027 verplant"
        );
        assert_eq!(l.percent(), Some(158));
        let ok = Load { planned: 90, ..l };
        assert!(!ok.over());
    }
}
