//! The figures of one measurement: percentiles, mean, max, and the target they are held to.

use crate::harness::stats::{percentile, sorted};

#[derive(Clone)]
pub struct Stats {
    pub name: String,
    pub n: usize,
    pub median: f64,
    pub p95: f64,
    pub p99: f64,
    pub mean: f64,
    pub max: f64,
    pub target: Option<f64>,
    /// Which statistic the target applies to ("median" or "p99").
    pub target_on: &'static str,
    pub extra: String,
}

impl Stats {
    pub fn from_samples(name: &str, ms: Vec<f64>) -> Self {
        let ms = sorted(ms);
        let q = |p: f64| percentile(&ms, p);
        Self {
            name: name.to_string(),
            n: ms.len(),
            median: q(0.50),
            p95: q(0.95),
            p99: q(0.99),
            mean: ms.iter().sum::<f64>() / ms.len().max(1) as f64,
            max: ms.last().copied().unwrap_or(f64::NAN),
            target: None,
            target_on: "median",
            extra: String::new(),
        }
    }

    pub fn target(mut self, on: &'static str, ms: f64) -> Self {
        self.target = Some(ms);
        self.target_on = on;
        self
    }

    fn verdict(&self) -> String {
        match self.target {
            None => String::new(),
            Some(t) => {
                let v = if self.target_on == "p99" {
                    self.p99
                } else {
                    self.median
                };
                format!(
                    "target {} < {t} ms: {}",
                    self.target_on,
                    if v < t { "MET" } else { "MISSED" }
                )
            }
        }
    }

    pub fn line(&self) -> String {
        format!(
            "{:<22} n={:<6} median {:>8.3} ms  p95 {:>8.3} ms  p99 {:>8.3} ms  mean {:>8.3} ms  max {:>8.3} ms  {}{}",
            self.name,
            self.n,
            self.median,
            self.p95,
            self.p99,
            self.mean,
            self.max,
            self.verdict(),
            if self.extra.is_empty() {
                String::new()
            } else {
                format!("  {}", self.extra)
            }
        )
    }

    pub fn md_row(&self) -> String {
        format!(
            "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            self.name,
            self.n,
            self.median,
            self.p95,
            self.p99,
            self.mean,
            self.max,
            [self.verdict(), self.extra.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ")
        )
    }
}

/// `BENCH_SCALE`: multiplies the iteration counts and time budgets.
pub fn scale() -> f64 {
    std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(1.0)
}
