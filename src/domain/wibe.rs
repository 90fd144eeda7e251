//! WiBe-lite (DOMAIN.md §3.2): Nutzen-Index from urgency D, strategic quality Q and
//! external benefit E, the portfolio quadrant from benefit × effort, and the AG's
//! decision at the cost-benefit gate.

use super::enums::vocabulary;

/// Weights of the Nutzen-Index: 0.4·D + 0.4·Q + 0.2·E (each 0–100).
pub fn benefit_index(urgency: i64, strategic: i64, external: i64) -> f64 {
    0.4 * urgency as f64 + 0.4 * strategic as f64 + 0.2 * external as f64
}

/// Benefit from this index on counts as "hoch".
pub const HIGH_BENEFIT: f64 = 50.0;
/// Effort up to this index (1–5) counts as "niedrig".
pub const LOW_EFFORT: f64 = 2.5;

vocabulary!(
    /// The portfolio quadrant of an assessment: Pflicht (legally required or resolved by
    /// the council, only the "how" is open), then benefit high/low × effort low/high.
    Quadrant {
        Pflicht => ("pflicht", "Pflicht"),
        SofortUmsetzen => ("sofort", "Sofort umsetzen (Quick Win)"),
        StrategischPlanen => ("strategisch", "Strategisch planen (Haushalt/VE)"),
        BeiGelegenheit => ("gelegenheit", "Bei Gelegenheit"),
        Zurueckstellen => ("zurueckstellen", "Zurückstellen/verwerfen"),
    }
);

vocabulary!(
    /// The AG's decision on an expectation (the cost-benefit gate); none yet is "offen".
    Decision {
        Accepted => ("angenommen", "angenommen"),
        Deferred => ("zurueckgestellt", "zurückgestellt"),
        Rejected => ("abgelehnt", "abgelehnt"),
    }
);

impl Decision {
    /// The label of a decision that may not have been taken yet.
    pub fn label_or_open(decision: Option<Decision>) -> &'static str {
        decision.map_or("offen", Decision::label)
    }
}

vocabulary!(
    /// What a point of the portfolio is: a measure or a not yet accepted expectation.
    Subject {
        Massnahme => ("massnahme", "Maßnahme"),
        Erwartung => ("erwartung", "Erwartung"),
    }
);

/// Pflicht first; otherwise Nutzen-Index ≥ 50 = hoch, Aufwand ≤ 2,5 = niedrig.
pub fn quadrant(mandatory: bool, benefit: f64, effort_index: f64) -> Quadrant {
    let high = benefit >= HIGH_BENEFIT;
    let low_effort = effort_index <= LOW_EFFORT;
    match (mandatory, high, low_effort) {
        (true, _, _) => Quadrant::Pflicht,
        (false, true, true) => Quadrant::SofortUmsetzen,
        (false, true, false) => Quadrant::StrategischPlanen,
        (false, false, true) => Quadrant::BeiGelegenheit,
        (false, false, false) => Quadrant::Zurueckstellen,
    }
}

/// WiBe rule without a Kapitalwert: worth doing if D ≥ 50 or Q ≥ 50.
pub fn threshold_reached(urgency: i64, strategic: i64) -> bool {
    urgency >= 50 || strategic >= 50
}

/// `63,0` — one decimal, German comma.
pub fn format_index(v: f64) -> String {
    format!("{:.1}", v).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benefit_index_weights_urgency_quality_and_external() {
        // 0.4·45 + 0.4·60 + 0.2·85 = 18 + 24 + 17 = 59
        assert!((benefit_index(45, 60, 85) - 59.0).abs() < 1e-9);
        assert!((benefit_index(0, 0, 0)).abs() < 1e-9);
        assert!((benefit_index(100, 100, 100) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn quadrants_follow_the_portfolio_table() {
        assert_eq!(quadrant(true, 10.0, 5.0), Quadrant::Pflicht);
        assert_eq!(quadrant(false, 59.0, 2.0), Quadrant::SofortUmsetzen);
        assert_eq!(quadrant(false, 50.0, 2.5), Quadrant::SofortUmsetzen);
        assert_eq!(quadrant(false, 50.0, 2.6), Quadrant::StrategischPlanen);
        assert_eq!(quadrant(false, 49.9, 1.0), Quadrant::BeiGelegenheit);
        assert_eq!(quadrant(false, 31.0, 3.8), Quadrant::Zurueckstellen);
    }

    #[test]
    fn threshold_and_format() {
        assert!(threshold_reached(50, 0));
        assert!(!threshold_reached(49, 49));
        assert_eq!(format_index(59.0), "59,0");
        assert_eq!(format_index(33.25), "33,2");
    }
}
