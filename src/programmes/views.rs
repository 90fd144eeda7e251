//! View models and page templates of the programmes feature, and the side-by-side
//! comparison of two revisions.

use askama::Template;

use super::forms::{ChangeForm, NewFieldForm, RevisionForm};
use super::queries::{Change, Field, Programme, Revision};
use crate::domain::programme::ChangeKind;
use crate::domain::validation::FieldErrors;
use crate::web::Layout;

/// A field of action with its edit form (the user's input after a failed edit).
pub struct FieldView {
    pub f: Field,
    pub form_title: String,
    pub form_position: String,
    pub form_version: String,
    pub failed: bool,
}

pub struct ProgrammeView {
    pub p: Programme,
    pub resolution_date: String,
    pub revisions: Vec<(Revision, String)>,
    pub fields: Vec<FieldView>,
    /// The "add a field of action" form: the user's input after an error, else a proposal
    /// (next code and position).
    pub new_field: NewFieldForm,
    pub adding_failed: bool,
}

#[derive(Template)]
#[template(path = "programmes/list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub programmes: Vec<ProgrammeView>,
    pub can_edit: bool,
    pub errors: FieldErrors,
    pub conflict: bool,
}

pub struct RevisionView {
    pub r: Revision,
    pub date: String,
    pub changes: Vec<Change>,
}

#[derive(Template)]
#[template(path = "programmes/revisions.html")]
pub struct RevisionsPage {
    pub layout: Layout,
    pub p: Programme,
    pub revisions: Vec<RevisionView>,
    pub can_edit: bool,
    pub rev_form: RevisionForm,
    pub change_form: ChangeForm,
    pub errors: FieldErrors,
}

pub struct DiffRow {
    pub entity: &'static str,
    pub left: String,
    pub right: String,
    pub change: ChangeKind,
    pub revision: String,
    pub note: String,
}

/// The changes recorded after revision `older` up to and including `newer`, as rows
/// "Fassung A | Fassung B". Revisions must be in date order.
pub fn diff(revisions: &[Revision], changes: &[Change], older: i64, newer: i64) -> Vec<DiffRow> {
    let pos = |id: i64| revisions.iter().position(|r| r.id == id);
    let (Some(a), Some(b)) = (pos(older), pos(newer)) else {
        return Vec::new();
    };
    let between: Vec<&Revision> = revisions[a + 1..=b.max(a)].iter().collect();
    changes
        .iter()
        .filter_map(|c| {
            let r = between.iter().find(|r| r.id == c.revision_id)?;
            let (left, right) = match c.change {
                ChangeKind::Neu => ("nicht enthalten".to_string(), c.label.clone()),
                ChangeKind::Entfallen => (c.label.clone(), "entfallen".to_string()),
                ChangeKind::Geaendert => (c.label.clone(), c.label.clone()),
            };
            Some(DiffRow {
                entity: c.entity.label(),
                left,
                right,
                change: c.change,
                revision: r.version.clone(),
                note: c.note.clone(),
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "programmes/compare.html")]
pub struct ComparePage {
    pub layout: Layout,
    pub programme: Programme,
    pub revisions: Vec<Revision>,
    pub a: Option<(Revision, String)>,
    pub b: Option<(Revision, String)>,
    pub rows: Vec<DiffRow>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::ChangeSubject;

    fn rev(id: i64, version: &str, on: &str) -> Revision {
        Revision {
            id,
            programme_id: 1,
            version: version.into(),
            revised_on: on.into(),
            summary: String::new(),
            resolution_ref: None,
        }
    }

    fn ch(revision_id: i64, label: &str, change: ChangeKind) -> Change {
        Change {
            revision_id,
            entity: ChangeSubject::Massnahme,
            label: label.into(),
            change,
            note: String::new(),
        }
    }

    #[test]
    fn diff_lists_changes_after_the_older_up_to_the_newer() {
        let revs = [
            rev(1, "1.0", "2024-01-01"),
            rev(2, "1.1", "2025-01-01"),
            rev(3, "1.2", "2026-01-01"),
        ];
        let changes = [
            ch(1, "A", ChangeKind::Neu),
            ch(2, "B", ChangeKind::Neu),
            ch(3, "C", ChangeKind::Entfallen),
        ];
        let rows = diff(&revs, &changes, 1, 3);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].left.as_str(), rows[0].right.as_str()),
            ("nicht enthalten", "B")
        );
        assert_eq!(
            (rows[1].left.as_str(), rows[1].right.as_str()),
            ("C", "entfallen")
        );
        assert_eq!(diff(&revs, &changes, 2, 2).len(), 0);
    }
}
