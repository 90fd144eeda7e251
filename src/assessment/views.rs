//! View models and page templates of the cost-benefit gate: scored rows, the portfolio
//! points, the OZG maturity table and the assessment history.

use askama::Template;

use super::chart::{self, Axes, Point};
use super::forms::{AssessmentForm, DecisionForm, ExpectationForm};
use super::queries::{AssessmentRow, Expectation, LinkedMeasure, ListRow, OzgCount, PortfolioRow};
use crate::domain::dates::format_iso;
use crate::domain::money::format_euro;
use crate::domain::validation::FieldErrors;
use crate::domain::wibe::{self, Decision, Quadrant, Subject};
use crate::lookups::Choice;
use crate::web::merge::MergeView;
use crate::web::{Href, Layout, paths};

/// An assessment's indices, quadrant and WiBe threshold, formatted.
pub struct Scored {
    pub benefit: String,
    pub effort: String,
    pub quadrant: Quadrant,
    pub threshold: bool,
}

impl Scored {
    pub fn new(mandatory: bool, d: i64, q: i64, e: i64, effort: f64) -> Self {
        let benefit = wibe::benefit_index(d, q, e);
        Scored {
            benefit: wibe::format_index(benefit),
            effort: wibe::format_index(effort),
            quadrant: wibe::quadrant(mandatory, benefit, effort),
            threshold: wibe::threshold_reached(d, q),
        }
    }
}

pub struct ListRowView {
    pub id: i64,
    pub title: String,
    pub origin: String,
    pub raised_on: String,
    pub programme: String,
    pub decision: &'static str,
    pub measure: Option<(i64, String)>,
    pub versions: i64,
    pub score: Option<Scored>,
}

impl From<ListRow> for ListRowView {
    fn from(r: ListRow) -> Self {
        let score = match (
            r.mandatory,
            r.urgency,
            r.strategic,
            r.external,
            r.effort_index,
        ) {
            (Some(m), Some(d), Some(q), Some(e), Some(x)) => Some(Scored::new(m, d, q, e, x)),
            _ => None,
        };
        Self {
            id: r.id,
            title: r.title,
            origin: r.origin,
            raised_on: format_iso(Some(&r.raised_on)),
            programme: r.programme_short,
            decision: Decision::label_or_open(r.decision),
            measure: r.measure_id.zip(r.measure_code),
            versions: r.assessments,
            score,
        }
    }
}

pub struct PortfolioView {
    pub kind: &'static str,
    pub href: Href,
    pub label: String,
    pub title: String,
    pub score: Scored,
    pub point: Point,
}

impl From<PortfolioRow> for PortfolioView {
    fn from(p: PortfolioRow) -> Self {
        let benefit = wibe::benefit_index(p.urgency, p.strategic, p.external);
        let measure = p.kind == Subject::Massnahme;
        Self {
            kind: p.kind.label(),
            href: match p.kind {
                Subject::Massnahme => paths::measure(p.subject_id),
                Subject::Erwartung => paths::expectation(p.subject_id),
            },
            point: chart::point(p.effort_index, benefit, measure, &p.label),
            score: Scored::new(
                p.mandatory,
                p.urgency,
                p.strategic,
                p.external,
                p.effort_index,
            ),
            label: p.label,
            title: p.title,
        }
    }
}

pub struct OzgRow {
    pub model: String,
    pub levels: Vec<(i64, i64)>,
    pub total: i64,
    pub online: i64,
    pub online_from: i64,
}

/// The OZG maturity table: per model (1.1 with levels 0–4, 2.0 with 0–7) the services
/// per level, how many there are and how many are online.
pub fn ozg_rows(counts: &[OzgCount]) -> Vec<OzgRow> {
    [("1.1", 4), ("2.0", 7)]
        .iter()
        .map(|&(model, max)| {
            let levels: Vec<(i64, i64)> = (0..=max)
                .map(|l| {
                    let n = counts
                        .iter()
                        .filter(|c| c.model == model && c.level == l)
                        .map(|c| c.n)
                        .sum();
                    (l, n)
                })
                .collect();
            // OZG conformity ("online") from level 3 in model 1.1; in 2.0 level 3 is the
            // complete online application as well (front-end digitalisation 0–3).
            let online_from = 3;
            OzgRow {
                model: model.to_string(),
                total: levels.iter().map(|l| l.1).sum(),
                online: levels
                    .iter()
                    .filter(|l| l.0 >= online_from)
                    .map(|l| l.1)
                    .sum(),
                online_from,
                levels,
            }
        })
        .collect()
}

/// One version of the assessment history (number 1 is the oldest).
pub struct AssessmentView {
    pub number: usize,
    pub assessed_on: String,
    pub assessor: String,
    pub mandatory: bool,
    pub one_time: String,
    pub yearly: String,
    pub person_days: i64,
    pub urgency: i64,
    pub strategic: i64,
    pub external: i64,
    pub justification: String,
    pub score: Scored,
}

impl AssessmentView {
    pub fn new(number: usize, a: AssessmentRow) -> Self {
        Self {
            number,
            assessed_on: format_iso(Some(&a.assessed_on)),
            assessor: a.assessor.unwrap_or_default(),
            mandatory: a.mandatory,
            one_time: format_euro(a.one_time_cost),
            yearly: format_euro(a.yearly_cost),
            person_days: a.person_days,
            urgency: a.urgency,
            strategic: a.strategic,
            external: a.external,
            justification: a.justification,
            score: Scored::new(
                a.mandatory,
                a.urgency,
                a.strategic,
                a.external,
                a.effort_index,
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "assessment/list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub rows: Vec<ListRowView>,
    pub portfolio: Vec<PortfolioView>,
    pub axes: Axes,
    pub width: i64,
    pub height: i64,
    pub programmes: Vec<Choice>,
    pub programm: String,
    pub ozg: Vec<OzgRow>,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "assessment/new.html")]
pub struct NewPage {
    pub layout: Layout,
    pub form: ExpectationForm,
    pub errors: FieldErrors,
    pub programmes: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "assessment/detail.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub e: Expectation,
    pub raised_on: String,
    pub decided_on: String,
    pub decision: &'static str,
    pub programme: String,
    pub measure: Option<LinkedMeasure>,
    pub history: Vec<AssessmentView>,
    pub assessment: AssessmentForm,
    pub decision_form: DecisionForm,
    pub decisions: &'static [Decision],
    pub errors: FieldErrors,
    pub fields: Vec<Choice>,
    pub units: Vec<Choice>,
    pub people: Vec<Choice>,
    pub can_edit: bool,
    /// The decision form's hidden merge snapshot, and on its 409 the conflict panel.
    pub merge: MergeView,
}
