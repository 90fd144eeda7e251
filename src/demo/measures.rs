//! Demo measures with sign-offs, status history, milestones, budget lines and goal links.

use std::collections::HashMap;

use anyhow::{Context, bail};
use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

use super::catalogue::{CORE_MEASURES, ENTERPRISE_MEASURES};
use super::programme::{CORE, ENTERPRISES, Programmes};
use super::{Ctx, When, days_after, id_of, iso, product_of, stamp};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Status {
    Geplant,
    Vorbereitung,
    Umsetzung,
    Abgeschlossen,
    Zurueckgestellt,
    Verworfen,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Geplant => "geplant",
            Status::Vorbereitung => "vorbereitung",
            Status::Umsetzung => "umsetzung",
            Status::Abgeschlossen => "abgeschlossen",
            Status::Zurueckgestellt => "zurueckgestellt",
            Status::Verworfen => "verworfen",
        }
    }

    /// Whether work on the measure has actually begun (sets `actual_start`).
    fn is_started(self) -> bool {
        matches!(
            self,
            Status::Vorbereitung | Status::Umsetzung | Status::Abgeschlossen
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ampel {
    Gruen,
    Gelb,
    Rot,
}

impl Ampel {
    fn as_str(self) -> &'static str {
        match self {
            Ampel::Gruen => "gruen",
            Ampel::Gelb => "gelb",
            Ampel::Rot => "rot",
        }
    }
}

#[derive(Clone, Copy)]
pub(super) enum Priority {
    Hoch,
    Mittel,
    Niedrig,
}

impl Priority {
    fn as_str(self) -> &'static str {
        match self {
            Priority::Hoch => "hoch",
            Priority::Mittel => "mittel",
            Priority::Niedrig => "niedrig",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Track {
    Dsb,
    Isb,
    Pr,
}

impl Track {
    fn as_str(self) -> &'static str {
        match self {
            Track::Dsb => "dsb",
            Track::Isb => "isb",
            Track::Pr => "pr",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    NichtErforderlich,
    Offen,
    Erteilt,
    MitAuflagen,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Verdict::NichtErforderlich => "nicht_erforderlich",
            Verdict::Offen => "offen",
            Verdict::Erteilt => "erteilt",
            Verdict::MitAuflagen => "mit_auflagen",
        }
    }
}

/// Budget kind of the one-time cost; running costs are always konsumtiv.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Inv,
    Kon,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Inv => "investiv",
            Kind::Kon => "konsumtiv",
        }
    }

    /// Sachkonto (Kontenrahmen LSA) for the core administration's budget.
    fn account(self) -> &'static str {
        match self {
            Kind::Inv => "7831",
            Kind::Kon => "5431",
        }
    }
}

/// Costs in euros: one-time, yearly, kind of the one-time cost, its fiscal year, and a
/// deviation in percent: positive = the one-time actual exceeds the approved amount,
/// negative = the approved amount was cut below the planned one.
#[derive(Clone, Copy)]
pub(super) struct Cost(pub i64, pub i64, pub Kind, pub i32, pub i64);

/// OZG data of an online service: `LeiKa` key, maturity model version, level.
#[derive(Clone, Copy)]
pub(super) struct Ozg(pub &'static str, pub &'static str, pub i64);

/// A status update: date, status, Ampel, progress, Sachstand text, next steps.
pub(super) struct Update(
    pub When,
    pub Status,
    pub Ampel,
    pub i64,
    pub &'static str,
    pub &'static str,
);

/// A milestone: title, due, done.
pub(super) struct Milestone(pub &'static str, pub When, pub Option<When>);

/// A sign-off track: track, state, note, decided on.
pub(super) struct SignOff(pub Track, pub Verdict, pub &'static str, pub Option<When>);

/// Why a measure is (or was) amber or red; used by its gelb/rot updates.
pub(super) struct Risk {
    pub blockers: &'static str,
    pub reason: &'static str,
    pub options: &'static str,
}

/// Days after a gelb/rot update by which a decision is needed.
const DECISION_WITHIN_DAYS: i64 = 42;

/// One measure. Its current status, Ampel and progress are those of the last update.
pub(super) struct Measure {
    pub field: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub unit: &'static str,
    pub person: &'static str,
    pub priority: Priority,
    pub planned: (&'static str, &'static str),
    pub effort: i64,
    pub history: &'static [Update],
    pub ozg: Option<Ozg>,
    pub cost: Option<Cost>,
    pub goals: &'static [usize],
    pub sign_offs: &'static [SignOff],
    pub risk: Option<Risk>,
    pub expectation: Option<usize>,
    pub archived: Option<When>,
    pub milestones: &'static [Milestone],
}

/// Defaults for the optional parts, used as `..BASE`.
pub(super) const BASE: Measure = Measure {
    field: "",
    title: "",
    description: "",
    unit: "",
    person: "",
    priority: Priority::Mittel,
    planned: ("", ""),
    effort: 0,
    history: &[],
    ozg: None,
    cost: None,
    goals: &[],
    sign_offs: &[],
    risk: None,
    expectation: None,
    archived: None,
    milestones: &[],
};

impl Measure {
    fn current(&self) -> anyhow::Result<&Update> {
        self.history
            .last()
            .with_context(|| format!("Demodaten: Maßnahme „{}“ ohne Sachstand", self.title))
    }
}

/// Inserts all demo measures with their dependent rows; returns measure ids by code.
pub(super) async fn insert(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    programmes: &Programmes,
) -> anyhow::Result<HashMap<String, i64>> {
    let mut ids = HashMap::new();
    let mut seq = 0;
    for (programme, list) in [(CORE, CORE_MEASURES), (ENTERPRISES, ENTERPRISE_MEASURES)] {
        let mut running: HashMap<&str, usize> = HashMap::new();
        for m in list {
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
    conn: &mut SqliteConnection,
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
        .find(|(Update(_, status, ..), _)| status.is_started())
        .map(|(_, &d)| iso(d));
    let actual_end = (status == Status::Abgeschlossen).then(|| iso(last));
    let last_update_at = stamp(last, seq + m.history.len());
    let archived_at = m
        .archived
        .map(|w| w.date(ctx.today).map(|d| stamp(d, seq)))
        .transpose()?;
    let relevant = |track| {
        m.sign_offs
            .iter()
            .any(|s| s.0 == track && s.1 != Verdict::NichtErforderlich)
    };
    let expectation_id = m.expectation.map(|i| programmes.expectations[i]);

    let id = sqlx::query(
        "INSERT INTO measures (programme_id, field_id, code, title, description, org_unit_id,
            person_id, status, ampel, progress, planned_start, planned_end, actual_start,
            actual_end, priority, dsb_relevant, isb_relevant, pr_relevant, ozg_key, ozg_model,
            ozg_level, effort_days, expectation_id, archived_at, version, created_at,
            updated_at, last_update_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
    )
    .bind(programmes.ids[programme])
    .bind(id_of(&programmes.fields, m.field, "Handlungsfeld")?)
    .bind(code)
    .bind(m.title)
    .bind(m.description)
    .bind(id_of(&ctx.units, m.unit, "Organisationseinheit")?)
    .bind(id_of(&ctx.people, m.person, "Person")?)
    .bind(status.as_str())
    .bind(ampel.as_str())
    .bind(progress)
    .bind(m.planned.0)
    .bind(m.planned.1)
    .bind(actual_start.as_deref())
    .bind(actual_end.as_deref())
    .bind(m.priority.as_str())
    .bind(relevant(Track::Dsb))
    .bind(relevant(Track::Isb))
    .bind(relevant(Track::Pr))
    .bind(m.ozg.map(|o| o.0))
    .bind(m.ozg.map(|o| o.1))
    .bind(m.ozg.map(|o| o.2))
    .bind(m.effort)
    .bind(expectation_id)
    .bind(archived_at.as_deref())
    .bind(stamp(first, seq))
    .bind(archived_at.as_deref().unwrap_or(&last_update_at))
    .bind(&last_update_at)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();

    insert_history(conn, ctx, id, m, &dates, seq).await?;
    insert_sign_offs(conn, ctx.today, id, m).await?;
    insert_milestones(conn, ctx.today, id, m).await?;
    for line in budget_lines(m, status, ctx.today, seq as u64) {
        insert_budget_line(conn, id, m.unit, programme == CORE, &line).await?;
    }
    for &goal in m.goals {
        sqlx::query("INSERT INTO measure_goals (measure_id, goal_id) VALUES (?, ?)")
            .bind(id)
            .bind(programmes.goals[goal])
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

async fn insert_history(
    conn: &mut SqliteConnection,
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
                ampel.as_str()
            );
        }
        let decision_by = risk
            .map(|_| days_after(date, DECISION_WITHIN_DAYS).map(iso))
            .transpose()?;
        sqlx::query(
            "INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel,
                progress, text, next_steps, blockers, reason, options, decision_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(measure_id)
        .bind(ctx.ag_user)
        .bind(stamp(date, seq + i + 1))
        .bind(status.as_str())
        .bind(ampel.as_str())
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

async fn insert_sign_offs(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    measure_id: i64,
    m: &Measure,
) -> anyhow::Result<()> {
    for SignOff(track, verdict, note, decided) in m.sign_offs {
        let decided_on = decided
            .map(|w| w.date(today).map(|d| iso(d.min(today))))
            .transpose()?;
        sqlx::query(
            "INSERT INTO sign_offs (measure_id, track, state, note, decided_on)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(measure_id)
        .bind(track.as_str())
        .bind(verdict.as_str())
        .bind(*note)
        .bind(decided_on)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_milestones(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    measure_id: i64,
    m: &Measure,
) -> anyhow::Result<()> {
    for Milestone(title, due, done) in m.milestones {
        let done_on = done
            .map(|w| w.date(today).map(|d| iso(d.min(today))))
            .transpose()?;
        sqlx::query(
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

/// Fiscal years of the medium-term view (mittelfristige Finanzplanung).
const FISCAL_YEARS: std::ops::RangeInclusive<i32> = 2024..=2027;

#[derive(Debug, PartialEq, Eq)]
pub(super) struct BudgetLine {
    pub year: i32,
    pub kind: Kind,
    /// Cents.
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
    pub note: &'static str,
}

/// A deterministic spread of 0..=12 percentage points (simple LCG step).
fn spread(seed: u64) -> i64 {
    let x = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    i64::try_from((x >> 33) % 13).unwrap_or_default()
}

/// Budget lines of a measure derived from its cost figures, status and `today`:
/// approved amounts only for years whose budget is adopted, actuals only for past and
/// current years of measures in implementation, and the deviation on the one-time line.
pub(super) fn budget_lines(
    m: &Measure,
    status: Status,
    today: NaiveDate,
    seed: u64,
) -> Vec<BudgetLine> {
    let Some(Cost(once, yearly, kind, once_year, deviation)) = m.cost else {
        return Vec::new();
    };
    if status == Status::Verworfen {
        return Vec::new();
    }
    let current_year = today.year();
    let shelved = status == Status::Zurueckgestellt;
    // Money flows only once the measure is being implemented (award, licences, operation).
    let spending = matches!(status, Status::Umsetzung | Status::Abgeschlossen);
    let first_yearly = if once > 0 { once_year + 1 } else { once_year };
    let mut lines = Vec::new();
    for year in FISCAL_YEARS {
        let parts = [
            (year == once_year && once > 0, once, kind, true),
            (year >= first_yearly && yearly > 0, yearly, Kind::Kon, false),
        ];
        for (applies, euros, kind, is_once) in parts {
            if !applies {
                continue;
            }
            let planned = euros * 100;
            let cut = if is_once && deviation < 0 {
                deviation
            } else {
                0
            };
            let approved = if shelved || year > current_year {
                0
            } else {
                planned * (100 + cut) / 100
            };
            let share = 100 - spread(seed * 31 + u64::from(year.unsigned_abs()));
            let actual = if !spending || year > current_year {
                0
            } else if is_once && deviation > 0 {
                approved * (100 + deviation) / 100
            } else if year < current_year || is_once {
                approved * share / 100
            } else {
                // Running costs of the current year: booked up to the current month.
                approved * share / 100 * i64::from(today.month()) / 12
            };
            let note = if shelved {
                "Maßnahme zurückgestellt; Mittel nicht freigegeben"
            } else if year > current_year {
                "Mittelfristige Planung; Ansatz noch nicht beschlossen"
            } else if cut < 0 {
                "Ansatz im Haushaltskonsolidierungskonzept gekürzt (Sperrvermerk)"
            } else if actual > approved {
                "Mehrkosten gegenüber dem Ansatz; überplanmäßige Aufwendung beantragt"
            } else if is_once {
                "Einmalige Kosten (Beschaffung, Einführung)"
            } else {
                "Laufende Kosten (Lizenzen, Wartung, Betrieb)"
            };
            lines.push(BudgetLine {
                year,
                kind,
                planned,
                approved,
                actual,
                note,
            });
        }
    }
    lines
}

async fn insert_budget_line(
    conn: &mut SqliteConnection,
    measure_id: i64,
    unit: &str,
    core: bool,
    line: &BudgetLine,
) -> anyhow::Result<()> {
    // Enterprises keep a Wirtschaftsplan, not the city's Kontenrahmen.
    let account = if core { line.kind.account() } else { "" };
    sqlx::query(
        "INSERT INTO budget_lines (measure_id, fiscal_year, kind, product, account, planned,
                                   approved, actual, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(measure_id)
    .bind(line.year)
    .bind(line.kind.as_str())
    .bind(product_of(unit))
    .bind(account)
    .bind(line.planned)
    .bind(line.approved)
    .bind(line.actual)
    .bind(line.note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
