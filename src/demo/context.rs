//! What the loaders share while the demo is written: `today` and the ids of the master data.

use std::collections::HashMap;

use anyhow::Context;
use chrono::NaiveDate;

/// Ids inserted earlier, by the symbolic keys of the demo tables.
pub(super) type Ids = HashMap<&'static str, i64>;

/// Ids of the master data, shared by the programme, measure and meeting loaders.
pub(super) struct Ctx {
    pub today: NaiveDate,
    pub units: Ids,
    pub people: Ids,
    /// The AG member's account: author of status updates and assessments.
    pub ag_user: i64,
}

/// Looks up an id inserted earlier under a symbolic key of the demo tables.
pub(super) fn id_of(map: &Ids, key: &str, what: &str) -> anyhow::Result<i64> {
    map.get(key)
        .copied()
        .with_context(|| format!("Demodaten: unbekannte {what} „{key}“"))
}
