//! View models and page templates of the goals feature: a goal with its attainment,
//! readings and a small SVG chart (coordinates only, no style attributes).

use askama::Template;
use chrono::NaiveDate;

use super::forms::{GoalForm, ReadingForm};
use super::queries::{GoalRow, ReadingRow};
use crate::domain::dates::format_date;
use crate::domain::goals::{self as g, Track};
use crate::domain::validation::FieldErrors;
use crate::lookups::Choice;
use crate::web::merge::MergeView;
use crate::web::{Href, Layout, paths};

pub struct Marker {
    pub x: String,
    pub y: String,
}

pub struct Chart {
    pub polyline: String,
    pub markers: Vec<Marker>,
    pub plan: (String, String, String, String),
    pub target: Marker,
    pub y_min: String,
    pub y_max: String,
    pub x_from: String,
    pub x_to: String,
}

pub struct ReadingView {
    pub read_on: String,
    pub value: String,
    pub share: String,
    pub note: String,
}

pub struct GoalView {
    pub id: i64,
    pub programme: String,
    pub field: String,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: String,
    pub baseline_on: String,
    pub target: String,
    pub target_on: String,
    pub latest: Option<ReadingView>,
    pub track: Track,
    pub summary: String,
    pub chart: Chart,
    pub readings: Vec<ReadingView>,
    pub measures: Vec<(i64, String)>,
    /// The add-reading form: blank, or the input of a failed attempt on this goal.
    pub form: ReadingForm,
    pub failed: bool,
}

const L: f64 = 12.0;
const R: f64 = 348.0;
const T: f64 = 12.0;
const B: f64 = 150.0;

fn chart(goal: &GoalRow, readings: &[(NaiveDate, f64)]) -> Chart {
    let (b0, t0) = (goal.baseline_on, goal.target_on);
    let last = readings.iter().map(|r| r.0).max().unwrap_or(t0).max(t0);
    let first = readings.iter().map(|r| r.0).min().unwrap_or(b0).min(b0);
    let span = ((last - first).num_days()).max(1) as f64;
    let mut lo = goal.baseline.min(goal.target_value);
    let mut hi = goal.baseline.max(goal.target_value);
    for r in readings {
        lo = lo.min(r.1);
        hi = hi.max(r.1);
    }
    if (hi - lo).abs() < f64::EPSILON {
        hi = lo + 1.0;
    }
    let x = |d: NaiveDate| L + (d - first).num_days() as f64 / span * (R - L);
    let y = |v: f64| B - (v - lo) / (hi - lo) * (B - T);
    let f = |v: f64| format!("{v:.1}");
    let mut points = vec![(x(b0), y(goal.baseline))];
    points.extend(readings.iter().map(|r| (x(r.0), y(r.1))));
    Chart {
        polyline: points
            .iter()
            .map(|(a, b)| format!("{},{}", f(*a), f(*b)))
            .collect::<Vec<_>>()
            .join(" "),
        markers: points
            .iter()
            .map(|(a, b)| Marker { x: f(*a), y: f(*b) })
            .collect(),
        plan: (
            f(x(b0)),
            f(y(goal.baseline)),
            f(x(t0)),
            f(y(goal.target_value)),
        ),
        target: Marker {
            x: f(x(t0)),
            y: f(y(goal.target_value)),
        },
        y_min: g::format_number(lo),
        y_max: g::format_number(hi),
        x_from: format_date(first),
        x_to: format_date(last),
    }
}

impl GoalView {
    /// A goal with its readings (in date order) and the measures contributing to it.
    pub fn new(goal: GoalRow, rows: &[&ReadingRow], measures: Vec<(i64, String)>) -> Self {
        let readings: Vec<(NaiveDate, f64)> = rows.iter().map(|r| (r.read_on, r.value)).collect();
        let latest_pair = readings.iter().max_by_key(|r| r.0).copied();
        let track = g::track(
            goal.baseline,
            goal.target_value,
            goal.baseline_on,
            goal.target_on,
            latest_pair,
        );
        let reading_view = |r: &ReadingRow| ReadingView {
            read_on: format_date(r.read_on),
            value: g::format_number(r.value),
            share: g::attainment(goal.baseline, goal.target_value, r.value)
                .map(g::format_share)
                .unwrap_or_else(|| "–".into()),
            note: r.note.clone(),
        };
        let reading_views: Vec<ReadingView> = rows.iter().map(|r| reading_view(r)).collect();
        let latest = rows
            .iter()
            .max_by_key(|r| r.read_on)
            .map(|r| reading_view(r));
        let plan = format!(
            "Ausgangswert {} {} am {}, Zielwert {} {} bis {}.",
            g::format_number(goal.baseline),
            goal.unit,
            format_date(goal.baseline_on),
            g::format_number(goal.target_value),
            goal.unit,
            format_date(goal.target_on),
        );
        let summary = match &latest {
            Some(l) => format!(
                "{plan} Letzter Messwert {} {} am {}: {} des Weges erreicht, {}.",
                l.value,
                goal.unit,
                l.read_on,
                l.share,
                track.label()
            ),
            None => format!("{plan} Noch kein Messwert."),
        };
        Self {
            chart: chart(&goal, &readings),
            id: goal.id,
            programme: goal.programme_short,
            field: goal.field.unwrap_or_default(),
            indicator: goal.indicator,
            baseline: g::format_number(goal.baseline),
            baseline_on: format_date(goal.baseline_on),
            target: g::format_number(goal.target_value),
            target_on: format_date(goal.target_on),
            title: goal.title,
            unit: goal.unit,
            latest,
            track,
            summary,
            readings: reading_views,
            measures,
            form: ReadingForm::default(),
            failed: false,
        }
    }
}

#[derive(Template)]
#[template(path = "goals/list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub goals: Vec<GoalView>,
    pub programmes: Vec<Choice>,
    pub programm: String,
    pub can_edit: bool,
    pub errors: FieldErrors,
    pub today: String,
}

#[derive(Template)]
#[template(path = "goals/form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: Href,
    pub form: GoalForm,
    pub errors: FieldErrors,
    pub merge: MergeView,
    pub programmes: Vec<Choice>,
    pub fields: Vec<Choice>,
}

/// Which goal the form page is for: a new one, or an existing one being edited.
pub struct Target {
    pub heading: String,
    pub action: Href,
}

impl Target {
    pub fn new_goal() -> Self {
        Self {
            heading: "Neues Ziel".into(),
            action: paths::new_goal(),
        }
    }

    pub fn edit(id: i64, title: &str) -> Self {
        Self {
            heading: format!("Ziel bearbeiten: {title}"),
            action: paths::edit_goal(id),
        }
    }
}
