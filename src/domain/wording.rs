//! Wording rules shared by every page: German plurals with thousands separators, labels
//! that do not repeat themselves ("Amt 21 – Amt 21 – Finanzen"), names with their role.

use super::money::format_thousands;

/// A whole number that can be counted in words (templates pass references, too).
pub trait Quantity: Copy {
    fn value(self) -> i64;
}

macro_rules! quantity {
    ($($t:ty),+) => {$(
        impl Quantity for $t {
            fn value(self) -> i64 {
                i64::try_from(self).unwrap_or(i64::MAX)
            }
        }
    )+};
}
quantity!(i64, i32, u32, u64, usize);

impl<T: Quantity> Quantity for &T {
    fn value(self) -> i64 {
        (*self).value()
    }
}

/// `1 Maßnahme`, `3 Maßnahmen`, `1.234 Maßnahmen`: the count with the right noun.
pub fn count(n: impl Quantity, one: &str, many: &str) -> String {
    let n = n.value();
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", format_thousands(n))
}

/// Just the noun for `n` ("Maßnahme" or "Maßnahmen"), for sentences that show the number
/// elsewhere.
pub fn noun<'a>(n: impl Quantity, one: &'a str, many: &'a str) -> &'a str {
    if n.value() == 1 { one } else { many }
}

/// An organisational unit as people read it: `Kämmerei – Kämmerei (Haushalt und
/// Controlling)` becomes the name alone, as does a name that already carries the code
/// (`Amt 21 – Finanzen`, `Eigenbetrieb Abwasserentsorgung (EBA)`); otherwise `code – name`.
pub fn unit_label(code: &str, name: &str) -> String {
    let code = code.trim();
    let name = name.trim();
    if code.is_empty() || name.is_empty() {
        return if name.is_empty() { code } else { name }.to_owned();
    }
    let carries_code = name.starts_with(code)
        && name[code.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
        || name.contains(&format!("({code})"))
        || name.contains(&format!("({code},"));
    if carries_code {
        name.to_owned()
    } else {
        format!("{code} – {name}")
    }
}

/// A person or account with a role or function in brackets, unless the name already
/// says it (`Ratsmitglied (Demo)` stays as it is instead of `Ratsmitglied (Demo)
/// (Ratsmitglied)`).
pub fn name_with_role(name: &str, role: &str) -> String {
    let role = role.trim();
    if role.is_empty() || name.to_lowercase().contains(&role.to_lowercase()) {
        name.to_owned()
    } else {
        format!("{name} ({role})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_thousands() {
        assert_eq!(count(1, "Maßnahme", "Maßnahmen"), "1 Maßnahme");
        assert_eq!(count(3usize, "Maßnahme", "Maßnahmen"), "3 Maßnahmen");
        assert_eq!(count(0, "Maßnahme", "Maßnahmen"), "0 Maßnahmen");
        assert_eq!(count(1234, "Dienst", "Dienste"), "1.234 Dienste");
        assert_eq!(noun(1, "Dienst", "Dienste"), "Dienst");
        assert_eq!(noun(2u32, "Dienst", "Dienste"), "Dienste");
    }

    #[test]
    fn unit_labels_do_not_repeat_the_code() {
        assert_eq!(
            unit_label("Amt 21", "Amt 21 – Finanzen"),
            "Amt 21 – Finanzen"
        );
        assert_eq!(unit_label("Standesamt", "Standesamt"), "Standesamt");
        assert_eq!(
            unit_label("EBA", "Eigenbetrieb Abwasserentsorgung (EBA)"),
            "Eigenbetrieb Abwasserentsorgung (EBA)"
        );
        assert_eq!(
            unit_label("OB", "Oberbürgermeister"),
            "OB – Oberbürgermeister"
        );
        // "Amt 2" is not a prefix of the name "Amt 21 – Finanzen" in the word sense
        assert_eq!(
            unit_label("Amt 2", "Amt 21 – Finanzen"),
            "Amt 2 – Amt 21 – Finanzen"
        );
    }

    #[test]
    fn role_is_not_repeated() {
        assert_eq!(
            name_with_role("Ratsmitglied (Demo)", "Ratsmitglied"),
            "Ratsmitglied (Demo)"
        );
        assert_eq!(
            name_with_role("Katrin Vogelsang", "AG-Mitglied"),
            "Katrin Vogelsang (AG-Mitglied)"
        );
        assert_eq!(
            name_with_role("Administration (EDV)", "Administration"),
            "Administration (EDV)"
        );
    }
}
