//! Demo measures with sign-offs, status history, milestones, budget lines and goal links.

use std::collections::HashMap;

use crate::db::Conn;
use anyhow::bail;
use chrono::NaiveDate;

use super::budget;
use super::catalogue::{CORE_MEASURES, ENTERPRISE_MEASURES, each};
use super::context::{Ctx, id_of};
use super::programme::{CORE, ENTERPRISES, Programmes};
use super::spec::{Measure, Milestone, SignOff, Update, When, days_after, iso, stamp};
use crate::domain::{Ampel, SignOffTrack, Status};

/// Days after a gelb/rot update by which a decision is needed.
const DECISION_WITHIN_DAYS: i64 = 42;

/// Inserts all demo measures with their dependent rows; returns measure ids by code.
pub(super) async fn insert(
    conn: &mut Conn,
    ctx: &Ctx,
    programmes: &Programmes,
) -> anyhow::Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    let mut seq = 0;
    for (programme, list) in [(CORE, CORE_MEASURES), (ENTERPRISES, ENTERPRISE_MEASURES)] {
        let mut running: HashMap<&str, usize> = HashMap::new();
        for m in each(list) {
            let number = running.entry(m.field).or_default();
            *number += 1;
            let code = format!("{}-{:02}", m.field, number);
            let id = insert_measure(conn, ctx, programmes, programme, &code, m, seq).await?;
            seq += 1;
            ids.insert(code, id);
        }
    }
    Ok(ids)
}

/// Dates of the updates: resolved and made strictly increasing, so that fixed historic
/// dates never come after a date relative to an early `today`.
fn update_dates(m: &Measure, today: NaiveDate) -> anyhow::Result<Vec<NaiveDate>> {
    let mut dates = m
        .history
        .iter()
        .map(|u| u.0.date(today))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut next = today;
    for date in dates.iter_mut().rev() {
        if *date >= next {
            *date = days_after(next, -7)?;
        }
        next = *date;
    }
    Ok(dates)
}

async fn insert_measure(
    conn: &mut Conn,
    ctx: &Ctx,
    programmes: &Programmes,
    programme: usize,
    code: &str,
    m: &Measure,
    seq: usize,
) -> anyhow::Result<i64> {
    let &Update(_, status, ampel, progress, ..) = m.current()?;
    let dates = update_dates(m, ctx.today)?;
    let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
        bail!("Demodaten: Maßnahme „{}“ ohne Sachstand", m.title);
    };
    let actual_start = m
        .history
        .iter()
        .zip(&dates)
        .find(|(Update(_, status, ..), _)| status.work_started())
        .map(|(_, &d)| iso(d));
    let actual_end = (status == Status::Abgeschlossen).then(|| iso(last));
    let last_update_at = stamp(last, seq + m.history.len());
    let archived_at = m
        .archived
        .map(|w| w.date(ctx.today).map(|d| stamp(d, seq)))
        .transpose()?;
    let expectation_id = m.expectation.map(|i| programmes.expectations[i]);
    // Most demo measures are public; archived ones and every seventh stay internal, so that
    // the public face can be seen leaving something out.
    let public = m.archived.is_none() && seq % 7 != 3;

    let id = crate::db::query_scalar::<i64>(
        "INSERT INTO measures (programme_id, field_id, code, title, description, org_unit_id,
            person_id, status, ampel, progress, planned_start, planned_end, actual_start,
            actual_end, priority, dsb_relevant, isb_relevant, pr_relevant, ozg_key, ozg_model,
            ozg_level, effort_days, expectation_id, archived_at, version, created_at,
            updated_at, last_update_at, public, public_description)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?,
            ?, ?) RETURNING id",
    )
    .bind(programmes.ids[programme])
    .bind(id_of(&programmes.fields, m.field, "Handlungsfeld")?)
    .bind(code)
    .bind(m.title)
    .bind(m.description)
    .bind(id_of(&ctx.units, m.unit, "Organisationseinheit")?)
    .bind(id_of(&ctx.people, m.person, "Person")?)
    .bind(status)
    .bind(ampel)
    .bind(progress)
    .bind(m.planned.0)
    .bind(m.planned.1)
    .bind(actual_start.as_deref())
    .bind(actual_end.as_deref())
    .bind(m.priority)
    .bind(m.concerns(SignOffTrack::Dsb))
    .bind(m.concerns(SignOffTrack::Isb))
    .bind(m.concerns(SignOffTrack::Pr))
    .bind(m.ozg.map(|o| o.0))
    .bind(m.ozg.map(|o| o.1))
    .bind(m.ozg.map(|o| o.2))
    .bind(m.effort)
    .bind(expectation_id)
    .bind(archived_at.as_deref())
    .bind(stamp(first, seq))
    .bind(archived_at.as_deref().unwrap_or(&last_update_at))
    .bind(&last_update_at)
    .bind(public)
    .bind(if public { m.description } else { "" })
    .fetch_one(&mut *conn)
    .await?;

    insert_history(conn, ctx, id, m, &dates, seq).await?;
    insert_sign_offs(conn, ctx.today, id, m).await?;
    insert_milestones(conn, ctx.today, id, m).await?;
    for line in budget::lines(m, status, ctx.today, seq as u64) {
        budget::insert_line(conn, id, m.unit, programme == CORE, &line).await?;
    }
    for &goal in m.goals {
        crate::db::query("INSERT INTO measure_goals (measure_id, goal_id) VALUES (?, ?)")
            .bind(id)
            .bind(programmes.goals[goal])
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

async fn insert_history(
    conn: &mut Conn,
    ctx: &Ctx,
    measure_id: i64,
    m: &Measure,
    dates: &[NaiveDate],
    seq: usize,
) -> anyhow::Result<()> {
    for (i, (update, &date)) in m.history.iter().zip(dates).enumerate() {
        let &Update(_, status, ampel, progress, text, next_steps) = update;
        let risk = m.risk.as_ref().filter(|_| ampel != Ampel::Gruen);
        if ampel != Ampel::Gruen && risk.is_none() {
            bail!(
                "Demodaten: „{}“ ist {} ohne Begründung",
                m.title,
                ampel.key()
            );
        }
        let decision_by = risk
            .map(|_| days_after(date, DECISION_WITHIN_DAYS).map(iso))
            .transpose()?;
        crate::db::query(
            "INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel,
                progress, text, next_steps, blockers, reason, options, decision_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(measure_id)
        .bind(ctx.ag_user)
        .bind(stamp(date, seq + i + 1))
        .bind(status)
        .bind(ampel)
        .bind(progress)
        .bind(text)
        .bind(next_steps)
        .bind(risk.map_or("", |r| r.blockers))
        .bind(risk.map_or("", |r| r.reason))
        .bind(risk.map_or("", |r| r.options))
        .bind(decision_by)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The ISO date on which something was done; never after `today`.
fn done_by(when: Option<When>, today: NaiveDate) -> anyhow::Result<Option<String>> {
    when.map(|w| w.date(today).map(|d| iso(d.min(today))))
        .transpose()
}

async fn insert_sign_offs(
    conn: &mut Conn,
    today: NaiveDate,
    measure_id: i64,
    m: &Measure,
) -> anyhow::Result<()> {
    for SignOff(track, verdict, note, decided) in m.sign_offs {
        let decided_on = done_by(*decided, today)?;
        crate::db::query(
            "INSERT INTO sign_offs (measure_id, track, state, note, decided_on)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(measure_id)
        .bind(*track)
        .bind(*verdict)
        .bind(*note)
        .bind(decided_on)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_milestones(
    conn: &mut Conn,
    today: NaiveDate,
    measure_id: i64,
    m: &Measure,
) -> anyhow::Result<()> {
    for Milestone(title, due, done) in m.milestones {
        let done_on = done_by(*done, today)?;
        crate::db::query(
            "INSERT INTO milestones (measure_id, title, due_on, done_on) VALUES (?, ?, ?, ?)",
        )
        .bind(measure_id)
        .bind(*title)
        .bind(iso(due.date(today)?))
        .bind(done_on)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
