//! Money in integer euro cents, shown as `1.234,56 €`.

/// `1.234,56 €` (non-breaking space before the sign).
pub fn format_euro(cents: i64) -> String {
    let sign = if cents < 0 { "−" } else { "" };
    let abs = cents.unsigned_abs();
    format!(
        "{sign}{},{:02}\u{a0}€",
        group_thousands(abs / 100),
        abs % 100
    )
}

/// `40.000 €` for whole amounts in overviews.
pub fn format_euro_rounded(cents: i64) -> String {
    let sign = if cents < 0 { "−" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}\u{a0}€", group_thousands((abs + 50) / 100))
}

/// `1234,5` for CSV cells (German Excel reads the comma as decimal separator).
pub fn format_plain(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// `4.000`: a count with German thousands separators.
pub fn format_thousands(n: i64) -> String {
    let sign = if n < 0 { "−" } else { "" };
    format!("{sign}{}", group_thousands(n.unsigned_abs()))
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(d);
    }
    out
}

/// Largest amount accepted in a form: 1 billion euro.
pub const MAX_CENTS: i64 = 100_000_000_000;

/// Parses `1.234,56`, `1234,5`, `1234`, `1.234 €`; rejects negatives and nonsense.
pub fn parse_euro(input: &str) -> Option<i64> {
    let s: String = input
        .trim()
        .trim_end_matches('€')
        .trim()
        .chars()
        .filter(|c| *c != '.' && *c != '\u{a0}' && *c != ' ')
        .collect();
    if s.is_empty() {
        return None;
    }
    let (whole, frac) = match s.split_once(',') {
        Some((w, f)) => (w, f),
        None => (s.as_str(), ""),
    };
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || whole.len() > 12 {
        return None;
    }
    if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let euros: i64 = whole.parse().ok()?;
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let total = euros.checked_mul(100)?.checked_add(cents)?;
    (total <= MAX_CENTS).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_german_money() {
        assert_eq!(format_euro(123_456), "1.234,56\u{a0}€");
        assert_eq!(format_euro(5), "0,05\u{a0}€");
        assert_eq!(format_euro(-100_000_000), "−1.000.000,00\u{a0}€");
        assert_eq!(format_euro(99_999), "999,99\u{a0}€");
        assert_eq!(format_euro(100_000), "1.000,00\u{a0}€");
        assert_eq!(format_thousands(12_345_678), "12.345.678");
        assert_eq!(format_euro_rounded(4_000_000), "40.000\u{a0}€");
        assert_eq!(format_plain(123_456), "1234,56");
    }

    #[test]
    fn parses_german_money() {
        assert_eq!(parse_euro("1.234,56"), Some(123_456));
        assert_eq!(parse_euro("1234,5 €"), Some(123_450));
        assert_eq!(parse_euro("40000"), Some(4_000_000));
        assert_eq!(parse_euro("-5"), None);
        assert_eq!(parse_euro("1,234"), None);
        assert_eq!(parse_euro("abc"), None);
        assert_eq!(parse_euro("99999999999999"), None);
    }
}
