//! The report pages around the report body: the list, the draft form, the report page
//! with its status request round, the comparison of two released reports.

use std::collections::BTreeMap;

use askama::Template;

use super::body::ReportView;
use super::compare::CompareRow;
use crate::domain::report::FieldSnap;
use crate::domain::validation::FieldErrors;
use crate::lookups::Choice;
use crate::reports::forms::{ReportForm, RequestForm};
use crate::reports::queries::RequestRow;
use crate::web::merge::MergeView;
use crate::web::{Href, Layout};

pub struct ListRow {
    pub id: i64,
    pub period_label: String,
    pub vorlage_no: String,
    pub cutoff: String,
    pub released: bool,
    pub released_at: String,
    pub corrects: String,
}

#[derive(Template)]
#[template(path = "reports/list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub rows: Vec<ListRow>,
    pub can_edit: bool,
    pub compare: Option<(i64, i64)>,
}

#[derive(Template)]
#[template(path = "reports/form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub heading: String,
    pub action: Href,
    pub form: ReportForm,
    pub errors: FieldErrors,
    pub programmes: Vec<Choice>,
    pub fields: Vec<FieldSnap>,
    pub editing: bool,
    /// Edit only: the hidden merge snapshot, and on a 409 the conflict panel.
    pub merge: Option<MergeView>,
    pub back: Href,
}

/// The status request round, summarised per person and per unit.
pub struct RequestGroup {
    pub name: String,
    pub total: usize,
    pub missing: usize,
}

pub fn group_requests<'a>(rows: impl Iterator<Item = (&'a str, bool)>) -> Vec<RequestGroup> {
    let mut map: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (name, updated) in rows {
        let e = map.entry(name).or_default();
        e.0 += 1;
        if !updated {
            e.1 += 1;
        }
    }
    map.into_iter()
        .map(|(name, (total, missing))| RequestGroup {
            name: name.to_string(),
            total,
            missing,
        })
        .collect()
}

/// A running status request round of a draft.
pub struct RequestView {
    pub due: String,
    pub started: String,
    pub rows: Vec<RequestRow>,
    pub missing: usize,
    pub by_person: Vec<RequestGroup>,
    pub by_unit: Vec<RequestGroup>,
    /// Per person: asked and reminded by mail, reported (issue 14).
    pub mails: Vec<crate::notify::round::PersonStatus>,
}

impl RequestView {
    pub fn new(due: String, started: String, rows: Vec<RequestRow>) -> Self {
        Self {
            due,
            started,
            missing: rows.iter().filter(|x| !x.updated).count(),
            by_person: group_requests(rows.iter().map(|x| (x.person.as_str(), x.updated))),
            by_unit: group_requests(rows.iter().map(|x| (x.unit.as_str(), x.updated))),
            rows,
            mails: Vec::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "reports/show.html")]
pub struct ShowPage {
    pub layout: Layout,
    pub id: i64,
    pub body: String,
    pub released: bool,
    pub released_info: String,
    pub author: String,
    pub can_edit: bool,
    pub can_release: bool,
    pub is_author: bool,
    pub request: Option<RequestView>,
    pub request_form: RequestForm,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "reports/compare.html")]
pub struct ComparePage {
    pub layout: Layout,
    pub a_id: i64,
    pub b_id: i64,
    pub a_label: String,
    pub b_label: String,
    pub figures: Vec<CompareRow>,
    pub measures: Vec<CompareRow>,
    pub changes: ReportView,
}
