//! Creating a draft and editing its header, editorial text and field comments
//! (optimistic locking by version: a conflict shows the form again, 409).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::load::draft;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Session};
use crate::domain::dates::format_iso;
use crate::domain::report::FieldSnap;
use crate::domain::validation::FieldErrors;
use crate::lookups;
use crate::merge_field;
use crate::reports::forms::{DEFAULT_ADDRESSEE, IsoDates, ReportForm, ReportInput};
use crate::reports::queries::{self, NewReport, Report};
use crate::reports::views::pages::FormPage;
use crate::web::merge::{self, Field, LastChange, MergeInput, MergeView, Mergeable, Outcome, Show};
use crate::web::{AppResult, AppState, CsrfForm, Flash, Layout, Require, form, paths, render};

/// How the form page is shown: fresh, with field errors, or after a conflict.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    Fresh,
    Invalid,
    Conflict,
}

async fn form_page(
    state: &AppState,
    user: &Session,
    report: Option<&Report>,
    form: ReportForm,
    errors: FieldErrors,
    shown: Shown,
    merge: MergeView,
) -> AppResult<FormPage> {
    let mut conn = state.db.read.acquire().await?;
    let (heading, action, fields) = match report {
        Some(r) => (
            format!("Bericht {} bearbeiten", r.period_label),
            paths::edit_report(r.id),
            queries::fields(&mut conn, r.id).await?,
        ),
        None => ("Neuer Bericht".to_string(), paths::new_report(), Vec::new()),
    };
    let conflict = shown == Shown::Conflict;
    let merge = if report.is_some() { Some(merge) } else { None };
    Ok(FormPage {
        layout: Layout::new(heading.clone(), Some(user), "berichte")
            .with_errors(!errors.is_empty() || conflict),
        heading,
        action,
        form,
        errors,
        programmes: lookups::programme_choices(&mut conn).await?,
        fields,
        editing: report.is_some(),
        merge,
        back: report.map_or_else(paths::reports, |r| paths::report(r.id)),
    })
}

/// The form page as a response: 200, 422 with the errors, or 409 after a conflict.
async fn respond(
    state: &AppState,
    user: &Session,
    report: Option<&Report>,
    input: ReportForm,
    errors: FieldErrors,
    shown: Shown,
    merge: MergeView,
) -> AppResult<Response> {
    let page = form_page(state, user, report, input, errors, shown, merge).await?;
    match shown {
        Shown::Fresh => Ok(render(&page)),
        Shown::Invalid => form::invalid(&page),
        Shown::Conflict => form::conflict(&page),
    }
}

/// The header and text to store, from the validated input.
fn new_report<'a>(
    input: &'a ReportInput,
    dates: &'a IsoDates,
    programme_id: i64,
    author_id: i64,
    corrects_id: Option<i64>,
) -> NewReport<'a> {
    NewReport {
        programme_id,
        period_label: &input.period_label,
        period_start: &dates.period_start,
        cutoff_on: &dates.cutoff_on,
        vorlage_no: &input.vorlage_no,
        addressee: &input.addressee,
        committee_on: dates.committee_on.as_deref(),
        summary: &input.summary,
        outlook: &input.outlook,
        author_id,
        corrects_id,
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let form = ReportForm {
        programme_id: "1".into(),
        addressee: DEFAULT_ADDRESSEE.into(),
        ..Default::default()
    };
    respond(
        &state,
        &user,
        None,
        form,
        FieldErrors::default(),
        Shown::Fresh,
        MergeView::default(),
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let mut input = form.parse(&[]);
    if let Ok(i) = &input {
        let mut conn = state.db.read.acquire().await?;
        if !lookups::programme_exists(&mut conn, i.programme_id).await? {
            let mut e = FieldErrors::default();
            e.add(
                "programme_id",
                "Bitte wählen Sie ein vorhandenes Programm aus.",
            );
            input = Err(e);
        }
    }
    let input = match input {
        Ok(i) => i,
        Err(errors) => {
            let none = MergeView::default();
            return respond(&state, &user, None, form, errors, Shown::Invalid, none).await;
        }
    };
    let dates = input.iso_dates();
    let mut tx = state.db.begin_write().await?;
    let new = new_report(&input, &dates, input.programme_id, user.user_id, None);
    let id = queries::create(&mut tx, &new).await?;
    let after = json!({"period_label": input.period_label, "period_start": dates.period_start,
        "cutoff_on": dates.cutoff_on, "vorlage_no": input.vorlage_no, "addressee": input.addressee,
        "committee_on": dates.committee_on});
    let entry = Entry::new(Action::BerichtAnlegen, Entity::Bericht, Some(id)).after(after);
    audit::record(&mut tx, &user.actor(), entry).await?;
    let base = crate::notify::base_url(&state);
    crate::notify::releases::report_waiting(&mut tx, &base, id, &input.period_label).await?;
    tx.commit().await?;
    Ok(paths::report(id)
        .flash(Flash::BerichtAngelegt)
        .into_response())
}

fn form_of(r: &Report, fields: &[FieldSnap]) -> ReportForm {
    ReportForm {
        programme_id: r.programme_id.to_string(),
        period_label: r.period_label.clone(),
        period_start: format_iso(Some(&r.period_start)),
        cutoff_on: format_iso(Some(&r.cutoff_on)),
        vorlage_no: r.vorlage_no.clone(),
        addressee: r.addressee.clone(),
        committee_on: format_iso(r.committee_on.as_deref()),
        summary: r.summary.clone(),
        outlook: r.outlook.clone(),
        version: r.version.to_string(),
        rest: fields
            .iter()
            .map(|f| (format!("hf_{}", f.id), f.comment.clone()))
            .collect(),
    }
}

async fn fields_of(state: &AppState, id: i64) -> AppResult<Vec<FieldSnap>> {
    let mut conn = state.db.read.acquire().await?;
    Ok(queries::fields(&mut conn, id).await?)
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = draft(&state, id).await?;
    let form = form_of(&r, &fields_of(&state, id).await?);
    let merge = MergeView::opened(&form);
    let none = FieldErrors::default();
    respond(&state, &user, Some(&r), form, none, Shown::Fresh, merge).await
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(mut form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    // Everything below is read while this transaction holds the write lock, so no one
    // can save in between; the merge below is checked against the latest stored draft.
    let mut tx = state.db.begin_write().await?;
    let r = draft(&state, id).await?;
    // the programme of a report never changes
    form.programme_id = r.programme_id.to_string();
    let fields = fields_of(&state, id).await?;
    let stored = form_of(&r, &fields);
    let show = ReportShow { fields: &fields };
    let (form, merged, retry) = match merge::resolve(form, &stored, r.version, &show) {
        Outcome::Save {
            form,
            merged,
            retry,
        } => (form, merged, retry),
        Outcome::Conflict {
            form: mine,
            view,
            rows,
            choice_missing,
        } => {
            let last = LastChange::of(&mut tx, Entity::Bericht, id).await?;
            drop(tx);
            let view = view.with_conflict("Der Berichtsentwurf", last, rows, choice_missing);
            let none = FieldErrors::default();
            return respond(&state, &user, Some(&r), mine, none, Shown::Conflict, view).await;
        }
    };
    let field_ids: Vec<i64> = fields.iter().map(|f| f.id).collect();
    let input = match form.parse(&field_ids) {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            return respond(&state, &user, Some(&r), form, errors, Shown::Invalid, retry).await;
        }
    };
    let dates = input.iso_dates();
    let new = new_report(&input, &dates, r.programme_id, user.user_id, r.corrects_id);
    if !queries::update_draft(&mut tx, id, r.version, &new).await? {
        // The write transaction holds the lock since the draft was read: cannot happen.
        return Err(anyhow::anyhow!("report {id} changed inside the write transaction").into());
    }
    for (field_id, comment) in &input.comments {
        queries::set_field_comment(&mut tx, id, *field_id, comment).await?;
    }
    let before = json!({"period_label": r.period_label, "cutoff_on": r.cutoff_on,
        "vorlage_no": r.vorlage_no, "summary": r.summary, "outlook": r.outlook, "version": r.version});
    let after = json!({"period_label": input.period_label, "cutoff_on": dates.cutoff_on,
        "vorlage_no": input.vorlage_no, "summary": input.summary, "outlook": input.outlook,
        "comments": input.comments.iter().filter(|c| !c.1.is_empty()).collect::<Vec<_>>()});
    let entry = Entry::new(Action::BerichtBearbeiten, Entity::Bericht, Some(id))
        .before(before)
        .after(after);
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    let flash = if merged {
        Flash::Zusammengefuehrt
    } else {
        Flash::Gespeichert
    };
    Ok(paths::report(id).flash(flash).into_response())
}

impl Mergeable for ReportForm {
    const FIELDS: &'static [Field<Self>] = &[
        merge_field!(ReportForm, period_label, "Berichtszeitraum"),
        merge_field!(ReportForm, period_start, "Beginn"),
        merge_field!(ReportForm, cutoff_on, "Stichtag"),
        merge_field!(ReportForm, vorlage_no, "Vorlagennummer"),
        merge_field!(ReportForm, addressee, "Beratungsfolge"),
        merge_field!(ReportForm, committee_on, "Sitzung des Gremiums"),
        merge_field!(ReportForm, summary, "Zusammenfassung"),
        merge_field!(ReportForm, outlook, "Ausblick"),
    ];
    fn version_mut(&mut self) -> &mut String {
        &mut self.version
    }
    fn merge_input(&self) -> MergeInput {
        let get = |k: &str| self.rest.get(k).cloned().unwrap_or_default();
        MergeInput {
            orig: get("orig"),
            offen: get("offen"),
            rest: self.rest.clone(),
        }
    }
    /// One comment per field of action (`hf_<id>`).
    fn extra_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .rest
            .keys()
            .filter(|k| k.starts_with("hf_"))
            .cloned()
            .collect();
        keys.sort();
        keys
    }
    fn get_extra(&self, key: &str) -> String {
        self.rest.get(key).cloned().unwrap_or_default()
    }
    fn set_extra(&mut self, key: &str, value: String) {
        self.rest.insert(key.to_string(), value);
    }
}

/// The report form's values as people read them: comments labelled by their field.
struct ReportShow<'a> {
    fields: &'a [FieldSnap],
}

impl Show for ReportShow<'_> {
    fn value(&self, _key: &str, raw: &str) -> String {
        raw.to_string()
    }
    fn label(&self, key: &str) -> String {
        key.strip_prefix("hf_")
            .and_then(|id| self.fields.iter().find(|f| f.id.to_string() == id))
            .map_or_else(
                || "Kommentar zu einem Handlungsfeld".to_string(),
                |f| format!("Kommentar zu {} {}", f.code, f.title),
            )
    }
}
