//! Goal attainment: the share of the way from baseline to target (works for falling
//! targets too) and on-track/behind against the straight line to the target date.

use chrono::NaiveDate;

use super::enums::vocabulary;

/// Share of the way from `baseline` to `target` that `value` has covered (0.0 = baseline,
/// 1.0 = target reached; may be below 0 or above 1). None when baseline equals target.
pub fn attainment(baseline: f64, target: f64, value: f64) -> Option<f64> {
    let span = target - baseline;
    if span.abs() < f64::EPSILON {
        return None;
    }
    Some((value - baseline) / span)
}

/// Share of the time from baseline date to target date elapsed on `on`, clamped 0–1.
pub fn expected_share(baseline_on: NaiveDate, target_on: NaiveDate, on: NaiveDate) -> f64 {
    let total = (target_on - baseline_on).num_days();
    if total <= 0 {
        return 1.0;
    }
    let done = (on - baseline_on).num_days();
    (done as f64 / total as f64).clamp(0.0, 1.0)
}

/// The value the straight line from baseline to target expects on `on`.
pub fn expected_value(
    baseline: f64,
    target: f64,
    baseline_on: NaiveDate,
    target_on: NaiveDate,
    on: NaiveDate,
) -> f64 {
    baseline + (target - baseline) * expected_share(baseline_on, target_on, on)
}

vocabulary!(
    /// Where a goal stands against the straight line from baseline to target.
    Track {
        Reached => ("erreicht", "Ziel erreicht"),
        OnTrack => ("plan", "im Plan"),
        Behind => ("verzug", "im Verzug"),
        NoReading => ("offen", "noch kein Messwert"),
    }
);

/// Compares the latest reading with the straight line on the reading's date.
pub fn track(
    baseline: f64,
    target: f64,
    baseline_on: NaiveDate,
    target_on: NaiveDate,
    latest: Option<(NaiveDate, f64)>,
) -> Track {
    let Some((on, value)) = latest else {
        return Track::NoReading;
    };
    let Some(share) = attainment(baseline, target, value) else {
        return Track::Reached;
    };
    if share >= 1.0 {
        return Track::Reached;
    }
    // A tiny tolerance so that a reading exactly on the line counts as on track.
    if share + 1e-9 >= expected_share(baseline_on, target_on, on) {
        Track::OnTrack
    } else {
        Track::Behind
    }
}

/// `47 %` (rounded to whole percent, German spacing).
pub fn format_share(share: f64) -> String {
    format!("{} %", (share * 100.0).round() as i64)
}

/// A number as Germans write it: `180.000`, `38`, `12,5`.
pub fn format_number(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    let neg = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc() as u64;
    let frac = ((abs - abs.trunc()) * 10.0).round() as u64;
    let mut digits = whole.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(".{tail}{grouped}");
    }
    let sign = if neg { "−" } else { "" };
    if frac == 0 {
        format!("{sign}{digits}{grouped}")
    } else {
        format!("{sign}{digits}{grouped},{frac}")
    }
}

/// Parses a measured value as Germans type it: `41`, `12,5`, `180.000`, `152.800,5`.
pub fn parse_number(input: &str) -> Option<f64> {
    let s: String = input
        .trim()
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{a0}')
        .collect();
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let (whole, frac) = match s.split_once(',') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let groups: Vec<&str> = whole.split('.').collect();
    // Dots are thousands separators only in the 1.234.567 pattern.
    let thousands = groups.len() > 1
        && groups[0].len() <= 3
        && !groups[0].is_empty()
        && groups[1..].iter().all(|g| g.len() == 3);
    let whole_digits = if thousands {
        groups.concat()
    } else if groups.len() == 1 {
        whole.clone()
    } else if frac.is_none() && groups.len() == 2 {
        // `12.5`: a decimal point as typed by some users.
        return format!("{}.{}", groups[0], groups[1])
            .parse::<f64>()
            .ok()
            .filter(|v| {
                v.is_finite()
                    && groups
                        .iter()
                        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
            });
    } else {
        return None;
    };
    let neg = whole_digits.starts_with('-');
    let digits = whole_digits.trim_start_matches('-');
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let text = match &frac {
        Some(f) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => {
            format!("{digits}.{f}")
        }
        Some(_) => return None,
        None => digits.to_string(),
    };
    let v: f64 = text.parse().ok()?;
    let v = if neg { -v } else { v };
    (v.is_finite() && v.abs() < 1e12).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn attainment_rising_and_falling() {
        // 17 → 60, reading 41: (41-17)/(60-17) = 24/43 = 0.558…
        let a = attainment(17.0, 60.0, 41.0).unwrap();
        assert!((a - 24.0 / 43.0).abs() < 1e-12);
        // 180.000 → 40.000 Blatt, reading 152.800: 27.200/140.000 = 0.194…
        let b = attainment(180_000.0, 40_000.0, 152_800.0).unwrap();
        assert!((b - 27_200.0 / 140_000.0).abs() < 1e-12);
        assert_eq!(attainment(5.0, 5.0, 7.0), None);
    }

    #[test]
    fn on_track_against_straight_line() {
        // baseline 0 on 01.01.2026, target 100 on 01.01.2027 (365 days).
        let (b0, t0) = (d("2026-01-01"), d("2027-01-01"));
        // On 02.07.2026 (182 days) the line expects 49.86 → 50 is on track, 40 behind.
        assert_eq!(
            track(0.0, 100.0, b0, t0, Some((d("2026-07-02"), 50.0))),
            Track::OnTrack
        );
        assert_eq!(
            track(0.0, 100.0, b0, t0, Some((d("2026-07-02"), 40.0))),
            Track::Behind
        );
        assert_eq!(
            track(0.0, 100.0, b0, t0, Some((d("2026-03-01"), 100.0))),
            Track::Reached
        );
        assert_eq!(track(0.0, 100.0, b0, t0, None), Track::NoReading);
        // falling target 100 → 0: value 40 after half the time is ahead
        assert_eq!(
            track(100.0, 0.0, b0, t0, Some((d("2026-07-02"), 40.0))),
            Track::OnTrack
        );
        assert!((expected_value(100.0, 0.0, b0, t0, d("2027-06-01"))).abs() < 1e-9);
    }

    #[test]
    fn parses_german_numbers() {
        assert_eq!(parse_number("41"), Some(41.0));
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number("180.000"), Some(180_000.0));
        assert_eq!(parse_number("152.800,5"), Some(152_800.5));
        assert_eq!(parse_number("12.5"), Some(12.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1,2,3"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(format_number(180_000.0), "180.000");
        assert_eq!(format_number(12.5), "12,5");
        assert_eq!(format_number(38.0), "38");
        assert_eq!(format_share(24.0 / 43.0), "56 %");
    }
}
