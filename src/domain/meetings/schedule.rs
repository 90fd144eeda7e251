//! The calendar rules of meetings: the biweekly series, who takes part on a date, the
//! quarter of a joint session and whether the half-yearly report is due then.

use chrono::{Datelike, Duration, NaiveDate};

/// The dates of a series: every `interval_days` from `first` up to and including
/// `until`, without the dates in `skip`. At most 200 dates (about 7½ years biweekly).
pub fn series_dates(
    first: NaiveDate,
    until: NaiveDate,
    interval_days: i64,
    skip: &[NaiveDate],
) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    if interval_days < 1 {
        return out;
    }
    let mut d = first;
    while d <= until && out.len() < 200 {
        if !skip.contains(&d) {
            out.push(d);
        }
        d += Duration::days(interval_days);
    }
    out
}

/// Is an AG membership valid on the date? (`since` and `until` inclusive.)
pub fn member_on(since: NaiveDate, until: Option<NaiveDate>, on: NaiveDate) -> bool {
    since <= on && until.is_none_or(|u| on <= u)
}

/// Functions of the people the joint session invites as guests (OB, DSB, ISB, PR).
pub fn is_joint_session_guest(function: &str) -> bool {
    let f = function.to_lowercase();
    f.contains("oberbürgermeister")
        || f.contains("datenschutzbeauftragte")
        || f.contains("informationssicherheit")
        || f.contains("personalrat")
}

/// "IV/2026" for a date in the fourth quarter of 2026.
pub fn quarter_label(d: NaiveDate) -> String {
    let q = (d.month() - 1) / 3 + 1;
    let roman = ["I", "II", "III", "IV"][(q - 1) as usize];
    format!("{roman}/{}", d.year())
}

/// The half-year whose report is prepared in a joint session on this date, if any:
/// the half-yearly report is due when the session falls in Q2 or Q4.
pub fn report_half_due(d: NaiveDate) -> Option<(i32, u32)> {
    match d.month() {
        4..=6 => Some((d.year(), 1)),
        10..=12 => Some((d.year(), 2)),
        _ => None,
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn series_every_14_days_without_skipped_dates() {
        let dates = series_dates(d("2026-01-08"), d("2026-02-19"), 14, &[d("2026-02-05")]);
        assert_eq!(
            dates,
            vec![d("2026-01-08"), d("2026-01-22"), d("2026-02-19")]
        );
        assert!(series_dates(d("2026-01-08"), d("2026-01-01"), 14, &[]).is_empty());
        assert_eq!(
            series_dates(d("2020-01-01"), d("2099-01-01"), 14, &[]).len(),
            200
        );
    }

    #[test]
    fn membership_dates_are_inclusive() {
        assert!(!member_on(d("2023-08-01"), None, d("2023-07-31")));
        assert!(member_on(d("2023-08-01"), None, d("2023-08-01")));
        assert!(member_on(
            d("2022-09-01"),
            Some(d("2024-04-30")),
            d("2024-04-30")
        ));
        assert!(!member_on(
            d("2022-09-01"),
            Some(d("2024-04-30")),
            d("2024-05-01")
        ));
    }

    #[test]
    fn quarters_and_report_due() {
        assert_eq!(quarter_label(d("2026-12-10")), "IV/2026");
        assert_eq!(quarter_label(d("2027-01-05")), "I/2027");
        assert_eq!(report_half_due(d("2026-12-10")), Some((2026, 2)));
        assert_eq!(report_half_due(d("2026-06-10")), Some((2026, 1)));
        assert_eq!(report_half_due(d("2026-03-10")), None);
    }
}
