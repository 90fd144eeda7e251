//! A seeded generator for fuzzing and load: the same seed gives the same run.

/// A linear congruential generator (Knuth's MMIX constants), high bits out.
pub struct Lcg(u64);

impl Lcg {
    /// Mixes the seed first, so that small seeds do not start with small numbers.
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// Starts from exactly this state (the bad-input tests' seeds are states).
    pub fn from_state(state: u64) -> Lcg {
        Lcg(state)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform-ish in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}
