//! The types the demo tables are written in (dates relative to `today`, measures with
//! their history, costs, sign-offs and milestones), built from the domain's vocabularies.

use anyhow::Context;
use chrono::{NaiveDate, TimeDelta};

use crate::domain::{Ampel, Priority, SignOffState, SignOffTrack, Status};

/// A date in the demo data: fixed, or relative to the `today` passed to [`super::load`].
#[derive(Clone, Copy, Debug)]
pub(super) enum When {
    /// An ISO date `YYYY-MM-DD`.
    On(&'static str),
    /// `today` plus this many days (negative: in the past).
    Rel(i64),
}

impl When {
    pub(super) fn date(self, today: NaiveDate) -> anyhow::Result<NaiveDate> {
        match self {
            When::On(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .with_context(|| format!("Ungültiges Datum in den Demodaten: {text}")),
            When::Rel(days) => TimeDelta::try_days(days)
                .and_then(|delta| today.checked_add_signed(delta))
                .with_context(|| format!("Datum außerhalb des Bereichs: heute {days:+} Tage")),
        }
    }
}

pub(super) fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A UTC timestamp on `date` with a working-hours time that varies with `seq`.
pub(super) fn stamp(date: NaiveDate, seq: usize) -> String {
    format!(
        "{}T{:02}:{:02}:00Z",
        iso(date),
        7 + seq % 9,
        (seq * 17 + 4) % 60
    )
}

pub(super) fn days_after(date: NaiveDate, days: i64) -> anyhow::Result<NaiveDate> {
    When::Rel(days).date(date)
}

/// Budget kind of the one-time cost; running costs are always konsumtiv.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Inv,
    Kon,
}

impl Kind {
    /// The value of `budget_lines.kind`.
    pub(super) fn key(self) -> &'static str {
        match self {
            Kind::Inv => "investiv",
            Kind::Kon => "konsumtiv",
        }
    }

    /// Sachkonto (Kontenrahmen LSA) for the core administration's budget.
    pub(super) fn account(self) -> &'static str {
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
pub(super) struct SignOff(
    pub SignOffTrack,
    pub SignOffState,
    pub &'static str,
    pub Option<When>,
);

/// Why a measure is (or was) amber or red; used by its gelb/rot updates.
pub(super) struct Risk {
    pub blockers: &'static str,
    pub reason: &'static str,
    pub options: &'static str,
}

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
    /// The last update: the measure's current status, Ampel and progress.
    pub(super) fn current(&self) -> anyhow::Result<&Update> {
        self.history
            .last()
            .with_context(|| format!("Demodaten: Maßnahme „{}“ ohne Sachstand", self.title))
    }

    /// Whether the track needs a sign-off at all (the measure's `*_relevant` flag).
    pub(super) fn concerns(&self, track: SignOffTrack) -> bool {
        self.sign_offs
            .iter()
            .any(|s| s.0 == track && s.1 != SignOffState::NichtErforderlich)
    }
}
