//! The capacity table: planned load per unit and half-year against its capacity.

use std::collections::{BTreeMap, BTreeSet};

use super::queries::{CapacityRow, Planned, Unit};
use crate::domain::capacity::{HalfYear, Load, round_days};

pub struct Cell {
    pub planned: i64,
    pub capacity: String,
    pub percent: String,
    pub over: bool,
}

pub struct UnitRow {
    pub unit: String,
    pub cells: Vec<Cell>,
}

/// The table, the sentences about overloaded units, and the measures without dates.
pub struct Table {
    pub periods: Vec<HalfYear>,
    pub rows: Vec<UnitRow>,
    pub over: Vec<String>,
    pub undated: Vec<String>,
}

impl Table {
    pub fn new(
        planned: &[Planned],
        loads: &BTreeMap<(i64, HalfYear), f64>,
        caps: &[CapacityRow],
        units: &[Unit],
        this_year: i64,
    ) -> Self {
        // The half-years for which capacities are recorded: only there can load be compared.
        let periods: BTreeSet<HalfYear> = caps
            .iter()
            .map(|c| HalfYear {
                year: c.year as i32,
                half: c.half as u8,
            })
            .collect();
        // Keep the view to the planning horizon: last year to three years ahead.
        let periods: Vec<HalfYear> = periods
            .into_iter()
            .filter(|h| (this_year - 1..=this_year + 3).contains(&i64::from(h.year)))
            .collect();
        let mut over = Vec::new();
        let mut rows = Vec::new();
        for u in units {
            let mut cells = Vec::new();
            let mut any = false;
            for h in &periods {
                let planned = round_days(loads.get(&(u.id, *h)).copied().unwrap_or(0.0));
                let capacity = CapacityRow::find(caps, u.id, *h);
                any |= planned > 0 || capacity.is_some();
                let load = Load {
                    unit: u.code.clone(),
                    period: *h,
                    planned,
                    capacity,
                };
                if load.over() {
                    over.push(load.sentence());
                }
                cells.push(Cell {
                    planned,
                    capacity: capacity
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "–".into()),
                    percent: load.percent().map(|p| format!("{p} %")).unwrap_or_default(),
                    over: load.over(),
                });
            }
            if any {
                rows.push(UnitRow {
                    unit: u.code.clone(),
                    cells,
                });
            }
        }
        let undated = planned
            .iter()
            .filter(|r| r.dates().is_none())
            .map(|r| format!("{} ({} Personentage)", r.code, r.effort_days))
            .collect();
        Self {
            periods,
            rows,
            over,
            undated,
        }
    }
}
