//! The load preview of the measure form ("Auslastung prüfen"): what a measure with this
//! effort and these dates would add to its unit's load, next to the load of the unit's
//! other measures and its capacity. No HTTP here; the measure form calls it.

use crate::db::Pool;
use chrono::NaiveDate;

use super::queries::{self, CapacityRow, Planned};
use crate::domain::capacity::{Load, round_days, sum_loads};

/// One German sentence per half-year the measure touches.
pub async fn preview(
    db: &Pool,
    unit: i64,
    except: Option<i64>,
    effort: i64,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> sqlx::Result<Vec<String>> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(vec![
            "Ohne geplanten Beginn und geplantes Ende kann die Auslastung nicht berechnet werden."
                .into(),
        ]);
    };
    if effort <= 0 {
        return Ok(vec![
            "Ohne internen Aufwand (Personentage) ändert die Maßnahme die Auslastung nicht.".into(),
        ]);
    }
    let others = queries::planned_for_unit(db, unit, except).await?;
    let base = sum_loads(&Planned::entries(&others));
    let with = sum_loads(&[(unit, effort, start, end)]);
    let caps = queries::capacities(db).await?;
    let code = queries::units(db)
        .await?
        .into_iter()
        .find(|u| u.id == unit)
        .map(|u| u.code)
        .unwrap_or_default();
    let mut out = Vec::new();
    for ((_, h), add) in with {
        let before = base.get(&(unit, h)).copied().unwrap_or(0.0);
        let load = Load {
            unit: code.clone(),
            period: h,
            planned: round_days(before + add),
            capacity: CapacityRow::find(&caps, unit, h),
        };
        out.push(format!(
            "{} (bisher {} Personentage, mit dieser Maßnahme {}){}",
            load.sentence(),
            round_days(before),
            load.planned,
            if load.over() {
                " – überlastet"
            } else {
                " – im Rahmen"
            }
        ));
    }
    Ok(out)
}
