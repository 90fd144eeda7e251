//! The overview's count table: per field of action, by status and by Ampel, with totals.

use super::queries::CountRow;
use crate::domain::{Ampel, Status};

pub struct FieldCounts {
    pub field_id: i64,
    pub label: String,
    pub by_status: Vec<i64>,
    pub by_ampel: Vec<i64>,
    pub total: i64,
}

pub struct CountTable {
    pub fields: Vec<FieldCounts>,
    pub totals_status: Vec<i64>,
    pub totals_ampel: Vec<i64>,
    pub total: i64,
}

fn index_of<T: PartialEq>(all: &[T], key: &T) -> usize {
    all.iter().position(|x| x == key).unwrap_or_default()
}

impl CountTable {
    /// `rows` come grouped by field of action, in display order.
    pub fn new(rows: Vec<CountRow>) -> Self {
        let mut fields: Vec<FieldCounts> = Vec::new();
        for r in rows {
            if fields.last().map(|f| f.field_id) != Some(r.field_id) {
                fields.push(FieldCounts {
                    field_id: r.field_id,
                    label: r.label.clone(),
                    by_status: vec![0; Status::ALL.len()],
                    by_ampel: vec![0; Ampel::ALL.len()],
                    total: 0,
                });
            }
            if let Some(f) = fields.last_mut() {
                f.by_status[index_of(Status::ALL, &r.status)] += r.n;
                // Only running measures carry an Ampel (one rule, in the domain).
                if let Some(a) = r.status.shown_ampel(r.ampel) {
                    f.by_ampel[index_of(Ampel::ALL, &a)] += r.n;
                }
                f.total += r.n;
            }
        }
        let sum_col = |pick: fn(&FieldCounts) -> &Vec<i64>, len: usize| -> Vec<i64> {
            (0..len)
                .map(|i| fields.iter().map(|f| pick(f)[i]).sum())
                .collect()
        };
        Self {
            totals_status: sum_col(|f| &f.by_status, Status::ALL.len()),
            totals_ampel: sum_col(|f| &f.by_ampel, Ampel::ALL.len()),
            total: fields.iter().map(|f| f.total).sum(),
            fields,
        }
    }
}
