//! Budget sums: plan vs. Ansatz vs. Ist with deviations, grouped by any key.

use std::collections::BTreeMap;

crate::domain::enums::vocabulary!(
    /// Kind of a budget line.
    BudgetKind {
        Investiv => ("investiv", "investiv"),
        Konsumtiv => ("konsumtiv", "konsumtiv"),
    }
);

/// Written as its key (audit entries record budget lines as JSON).
impl serde::Serialize for BudgetKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// Amounts in euro cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Amounts {
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
}

impl Amounts {
    pub fn add(&mut self, other: Amounts) {
        self.planned += other.planned;
        self.approved += other.approved;
        self.actual += other.actual;
    }
    /// Ansatz − Plan: negative when less was approved than planned.
    pub fn approved_minus_planned(&self) -> i64 {
        self.approved - self.planned
    }
    /// Ist − Ansatz: positive means over budget (über-/außerplanmäßig).
    pub fn actual_minus_approved(&self) -> i64 {
        self.actual - self.approved
    }
    /// Ist as a share of the Ansatz in whole percent (None without Ansatz).
    pub fn used_percent(&self) -> Option<i64> {
        (self.approved > 0)
            .then(|| (self.actual as f64 * 100.0 / self.approved as f64).round() as i64)
    }
}

/// Sums `items` per key, in key order, plus the grand total.
pub fn sum_by<T, K: Ord + Clone>(
    items: &[T],
    key: impl Fn(&T) -> K,
    amounts: impl Fn(&T) -> Amounts,
) -> (Vec<(K, Amounts)>, Amounts) {
    let mut groups: BTreeMap<K, Amounts> = BTreeMap::new();
    let mut total = Amounts::default();
    for item in items {
        let a = amounts(item);
        groups.entry(key(item)).or_default().add(a);
        total.add(a);
    }
    (groups.into_iter().collect(), total)
}

/// The four years of the medium-term view: the plan year and the three following.
pub fn medium_term_years(plan_year: i32) -> [i32; 4] {
    [plan_year, plan_year + 1, plan_year + 2, plan_year + 3]
}

#[cfg(test)]
#[allow(clippy::inconsistent_digit_grouping)] // amounts written as euros_cents
mod tests {
    use super::*;

    #[test]
    fn sums_and_deviations() {
        let lines = [
            ("investiv", 1_000_00, 800_00, 850_00),
            ("konsumtiv", 500_00, 500_00, 120_00),
            ("investiv", 250_00, 250_00, 0),
        ];
        let (groups, total) = sum_by(
            &lines,
            |l| l.0,
            |l| Amounts {
                planned: l.1,
                approved: l.2,
                actual: l.3,
            },
        );
        assert_eq!(groups[0].0, "investiv");
        assert_eq!(
            groups[0].1,
            Amounts {
                planned: 1_250_00,
                approved: 1_050_00,
                actual: 850_00
            }
        );
        assert_eq!(
            total,
            Amounts {
                planned: 1_750_00,
                approved: 1_550_00,
                actual: 970_00
            }
        );
        assert_eq!(total.approved_minus_planned(), -200_00);
        assert_eq!(total.actual_minus_approved(), -580_00);
        assert_eq!(groups[1].1.used_percent(), Some(24));
        assert_eq!(Amounts::default().used_percent(), None);
        assert_eq!(medium_term_years(2027), [2027, 2028, 2029, 2030]);
    }
}
