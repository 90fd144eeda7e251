//! German date formats: parse what users type, show `28.11.2026`.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

/// Parses `28.11.2026`, `28.11.26`, or ISO `2026-11-28` (what `<input type=date>` sends).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let day: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let mut year: i32 = parts[2].parse().ok()?;
    if parts[2].len() == 2 {
        year += 2000;
    } else if parts[2].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `28.11.2026`
pub fn format_date(d: NaiveDate) -> String {
    // as `d.format("%d.%m.%Y")`, without parsing the format string for every cell
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// Formats an ISO date string from the database; empty for none.
pub fn format_iso(iso: Option<&str>) -> String {
    iso.and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
        .map(format_date)
        .unwrap_or_default()
}

/// `28.11.2026, 14:30 Uhr` in German local time (Europe/Berlin, approximated by the
/// EU daylight-saving rule so that no time-zone database is needed).
pub fn format_timestamp(ts: &str) -> String {
    match DateTime::parse_from_rfc3339(ts) {
        Ok(t) => {
            let utc = t.with_timezone(&Utc);
            let local = utc + chrono::Duration::hours(berlin_offset_hours(utc));
            local.format("%d.%m.%Y, %H:%M Uhr").to_string()
        }
        Err(_) => ts.to_string(),
    }
}

/// UTC offset of Europe/Berlin: +2 from the last Sunday of March 01:00 UTC to the
/// last Sunday of October 01:00 UTC, else +1.
pub fn berlin_offset_hours(utc: DateTime<Utc>) -> i64 {
    use chrono::{Datelike, TimeZone};
    let year = utc.year();
    let last_sunday = |month: u32| -> Option<DateTime<Utc>> {
        let last_day = NaiveDate::from_ymd_opt(year, month, 31)?;
        let back = last_day.weekday().num_days_from_sunday();
        let day = last_day - chrono::Duration::days(i64::from(back));
        Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0)?).into()
    };
    match (last_sunday(3), last_sunday(10)) {
        (Some(start), Some(end)) if utc >= start && utc < end => 2,
        _ => 1,
    }
}

/// How a local wall-clock time in Europe/Berlin fails to name one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTimeProblem {
    /// 02:00–02:59 on the last Sunday of March: the clocks jump from 02:00 to 03:00.
    Skipped,
    /// 02:00–02:59 on the last Sunday of October: the clocks go back from 03:00 to 02:00,
    /// so the hour happens twice (calendar programs read it an hour apart).
    Twice,
}

/// The last Sunday of a month (March and October are the EU switch months).
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    use chrono::Datelike;
    let last_day = NaiveDate::from_ymd_opt(year, month, 31)?;
    let back = last_day.weekday().num_days_from_sunday();
    Some(last_day - chrono::Duration::days(i64::from(back)))
}

/// Whether a local time on a date does not exist or exists twice in Europe/Berlin.
pub fn berlin_local_problem(date: NaiveDate, time: NaiveTime) -> Option<LocalTimeProblem> {
    use chrono::{Datelike, Timelike};
    if time.hour() != 2 {
        return None;
    }
    if Some(date) == last_sunday(date.year(), 3) {
        Some(LocalTimeProblem::Skipped)
    } else if Some(date) == last_sunday(date.year(), 10) {
        Some(LocalTimeProblem::Twice)
    } else {
        None
    }
}

/// The German message for a time that [`berlin_local_problem`] refuses; `what` names the
/// field ("Der Beginn", "Das Ende").
pub fn local_problem_message(what: &str, date: NaiveDate, problem: LocalTimeProblem) -> String {
    match problem {
        LocalTimeProblem::Skipped => format!(
            "{what} fällt in die Stunde, die am {} mit der Umstellung auf Sommerzeit entfällt (02:00 bis 02:59 Uhr gibt es an diesem Tag nicht). Bitte wählen Sie eine andere Uhrzeit.",
            format_date(date)
        ),
        LocalTimeProblem::Twice => format!(
            "{what} fällt in die Stunde, die es am {} mit der Umstellung auf Winterzeit zweimal gibt (02:00 bis 02:59 Uhr); Kalenderprogramme lesen sie eine Stunde auseinander. Bitte wählen Sie eine andere Uhrzeit.",
            format_date(date)
        ),
    }
}

/// The last second of a German calendar day (Europe/Berlin) as a stored UTC timestamp, for
/// comparisons with `created_at`: `2026-06-30` → `2026-06-30T21:59:59Z` (summer time),
/// `2026-12-31` → `2026-12-31T22:59:59Z`. Any other input is kept and compared as it is.
pub fn end_of_day_utc(date: &str) -> String {
    let Some(end) = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
    else {
        return format!("{date}T23:59:59Z");
    };
    // Berlin changes its offset at 01:00 UTC, so the offset at 21:00 UTC is that of midnight.
    let probe = end.and_utc() - chrono::Duration::hours(3);
    let utc = end.and_utc() - chrono::Duration::hours(berlin_offset_hours(probe));
    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Now as stored in the database: ISO-8601 UTC with seconds.
pub fn now_utc() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// "vor 3 Tagen", "heute", "vor 5 Wochen" — how long ago an update was.
pub fn ago(ts: &str, now: DateTime<Utc>) -> String {
    DateTime::parse_from_rfc3339(ts)
        .map(|t| ago_days((now - t.with_timezone(&Utc)).num_days()))
        .unwrap_or_default()
}

/// The wording of `ago` for a number of days.
pub fn ago_days(days: i64) -> String {
    match days {
        i64::MIN..=0 => "heute".into(),
        1 => "gestern".into(),
        2..=13 => format!("vor {days} Tagen"),
        14..=59 => format!("vor {} Wochen", days / 7),
        60..=729 => format!("vor {} Monaten", days / 30),
        _ => format!("vor {} Jahren", days / 365),
    }
}

/// Days since a timestamp (for "older than 28 days").
pub fn days_since(ts: &str, now: DateTime<Utc>) -> i64 {
    DateTime::parse_from_rfc3339(ts)
        .map(|t| (now - t.with_timezone(&Utc)).num_days())
        .unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    #[test]
    fn end_of_day_is_midnight_in_berlin() {
        use super::end_of_day_utc;
        assert_eq!(end_of_day_utc("2026-06-30"), "2026-06-30T21:59:59Z");
        assert_eq!(end_of_day_utc("2026-12-31"), "2026-12-31T22:59:59Z");
        // the days of the change: summer time from 29.03.2026, winter time from 25.10.2026
        assert_eq!(end_of_day_utc("2026-03-28"), "2026-03-28T22:59:59Z");
        assert_eq!(end_of_day_utc("2026-03-29"), "2026-03-29T21:59:59Z");
        assert_eq!(end_of_day_utc("2026-10-24"), "2026-10-24T21:59:59Z");
        assert_eq!(end_of_day_utc("2026-10-25"), "2026-10-25T22:59:59Z");
        assert_eq!(end_of_day_utc("kaputt"), "kaputtT23:59:59Z");
    }

    use super::*;

    #[test]
    fn parses_german_and_iso_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(parse_date("28.11.2026"), Some(d));
        assert_eq!(parse_date(" 2026-11-28 "), Some(d));
        assert_eq!(parse_date("28.11.26"), Some(d));
        assert_eq!(parse_date("30.02.2026"), None);
        assert_eq!(parse_date("1.1."), None);
        assert_eq!(parse_date("28.11.202"), None);
        assert_eq!(format_date(d), "28.11.2026");
    }

    #[test]
    fn formats_timestamps_in_berlin_time() {
        assert_eq!(
            format_timestamp("2026-11-28T13:30:00Z"),
            "28.11.2026, 14:30 Uhr"
        );
        assert_eq!(
            format_timestamp("2026-07-01T08:00:00Z"),
            "01.07.2026, 10:00 Uhr"
        );
    }

    #[test]
    fn times_that_do_not_exist_or_exist_twice_in_berlin() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 2027: summer time from Sunday 28.03., winter time from Sunday 31.10.
        assert_eq!(
            berlin_local_problem(d("2027-03-28"), t(2, 30)),
            Some(LocalTimeProblem::Skipped)
        );
        assert_eq!(
            berlin_local_problem(d("2027-03-28"), t(2, 0)),
            Some(LocalTimeProblem::Skipped)
        );
        assert_eq!(
            berlin_local_problem(d("2027-10-31"), t(2, 59)),
            Some(LocalTimeProblem::Twice)
        );
        assert_eq!(berlin_local_problem(d("2027-03-28"), t(3, 0)), None);
        assert_eq!(berlin_local_problem(d("2027-03-28"), t(1, 59)), None);
        assert_eq!(berlin_local_problem(d("2027-10-31"), t(3, 30)), None);
        // 02:30 on other Sundays is an ordinary time
        assert_eq!(berlin_local_problem(d("2027-03-21"), t(2, 30)), None);
        assert_eq!(
            berlin_local_problem(d("2026-10-25"), t(2, 30)),
            Some(LocalTimeProblem::Twice)
        );
        assert!(
            local_problem_message("Der Beginn", d("2027-03-28"), LocalTimeProblem::Skipped)
                .contains("28.03.2027")
        );
    }
}
