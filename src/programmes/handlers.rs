//! /programme: programmes with revisions and fields; revision comparison; field edits.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::queries::{self, Change, Field, Programme, Revision};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::dates::format_iso;
use crate::domain::validation::FieldErrors;
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, Require};
use crate::web::{FlashQuery, Layout, render, render_page};

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
struct ListPage {
    layout: Layout,
    programmes: Vec<ProgrammeView>,
    can_edit: bool,
    errors: FieldErrors,
    conflict: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FieldForm {
    pub title: String,
    pub position: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewFieldForm {
    pub code: String,
    pub title: String,
    pub position: String,
}

impl NewFieldForm {
    /// The next code and position after the programme's fields ("HF6" after "HF5").
    fn proposal(fields: &[&Field]) -> Self {
        let last = fields.iter().max_by_key(|f| f.position);
        let code = last
            .and_then(|f| {
                let digits = f.code.trim_start_matches(|c: char| !c.is_ascii_digit());
                let n: u32 = digits.parse().ok()?;
                Some(format!(
                    "{}{}",
                    &f.code[..f.code.len() - digits.len()],
                    n + 1
                ))
            })
            .unwrap_or_default();
        Self {
            code,
            title: String::new(),
            position: last.map_or(1, |f| f.position + 1).to_string(),
        }
    }
}

/// What the programme page shows besides the stored data: a form that failed.
#[derive(Default)]
struct ListInput {
    /// A field-of-action edit that failed (field id, input).
    failed: Option<(i64, FieldForm)>,
    /// A new field of action that failed (programme id, input).
    adding: Option<(i64, NewFieldForm)>,
    errors: FieldErrors,
    conflict: bool,
    flash: Option<Flash>,
}

async fn list_page(state: &AppState, user: &Session, input: ListInput) -> AppResult<ListPage> {
    let ListInput {
        failed,
        adding,
        errors,
        conflict,
        flash,
    } = input;
    let programmes = queries::programmes(&state.db.read).await?;
    let revisions = queries::revisions(&state.db.read).await?;
    let fields = queries::fields(&state.db.read).await?;
    let views = programmes
        .into_iter()
        .map(|p| ProgrammeView {
            resolution_date: format_iso(p.resolution_date.as_deref()),
            revisions: revisions
                .iter()
                .filter(|r| r.programme_id == p.id)
                .map(|r| (r.clone(), format_iso(Some(&r.revised_on))))
                .collect(),
            fields: fields
                .iter()
                .filter(|f| f.programme_id == p.id)
                .map(|f| {
                    let mine = failed.as_ref().filter(|(id, _)| *id == f.id);
                    FieldView {
                        form_title: mine
                            .map(|m| m.1.title.clone())
                            .unwrap_or_else(|| f.title.clone()),
                        form_position: mine
                            .map(|m| m.1.position.clone())
                            .unwrap_or_else(|| f.position.to_string()),
                        form_version: mine
                            .map(|m| m.1.version.clone())
                            .unwrap_or_else(|| f.version.to_string()),
                        failed: mine.is_some(),
                        f: f.clone(),
                    }
                })
                .collect(),
            new_field: match adding.as_ref().filter(|(pid, _)| *pid == p.id) {
                Some((_, form)) => form.clone(),
                None => NewFieldForm::proposal(
                    &fields
                        .iter()
                        .filter(|f| f.programme_id == p.id)
                        .collect::<Vec<_>>(),
                ),
            },
            adding_failed: adding.as_ref().is_some_and(|(pid, _)| *pid == p.id),
            p,
        })
        .collect();
    Ok(ListPage {
        layout: Layout::new("Programme und Fortschreibungen", Some(user), "programme")
            .with_errors(!errors.is_empty())
            .with_flash(flash),
        programmes: views,
        can_edit: user.role.can_edit_programme(),
        errors,
        conflict,
    })
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let input = ListInput {
        flash: q.flash(),
        ..ListInput::default()
    };
    let page = list_page(&state, &user, input).await?;
    Ok(render(&page))
}

pub async fn update_field(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<FieldForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let title = e.text(
        "field_title",
        "einen Titel des Handlungsfelds",
        &form.title,
        200,
    );
    let position = e.int_in("field_position", "Die Reihenfolge", &form.position, 1, 999);
    let version = form.version.trim().parse::<i64>().unwrap_or(-1);
    let mut tx = state.db.begin_write().await?;
    let current = queries::field(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if e.is_empty() && !queries::update_field(&mut tx, id, version, &title, position).await? {
        e.add(
            "field_title",
            format!(
                "Das Handlungsfeld wurde inzwischen geändert (jetzt: „{}“, Position {}). Ihre Eingabe ist erhalten; speichern Sie erneut, um sie zu übernehmen.",
                current.title, current.position
            ),
        );
        status = StatusCode::CONFLICT;
    }
    if !e.is_empty() {
        drop(tx);
        let mut kept = form;
        let conflict = status == StatusCode::CONFLICT;
        if conflict {
            kept.version = current.version.to_string();
        }
        let input = ListInput {
            failed: Some((id, kept)),
            errors: e,
            conflict,
            ..ListInput::default()
        };
        let page = list_page(&state, &user, input).await?;
        return Ok(render_page(status, &page));
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Bearbeiten, Entity::Handlungsfeld, Some(id))
            .before(json!({"title": current.title, "position": current.position}))
            .after(json!({"title": title, "position": position})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/programme?meldung=handlungsfeld").into_response())
}

pub async fn add_field(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(programme): Path<i64>,
    CsrfForm(form): CsrfForm<NewFieldForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let code = e.text("new_field_code", "ein Kürzel (z. B. HF7)", &form.code, 20);
    if !code.is_empty()
        && !code
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
    {
        e.add(
            "new_field_code",
            "Das Kürzel darf nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten.",
        );
    }
    let title = e.text(
        "new_field_title",
        "einen Titel des Handlungsfelds",
        &form.title,
        200,
    );
    let position = e.int_in(
        "new_field_position",
        "Die Reihenfolge",
        &form.position,
        1,
        999,
    );
    let mut tx = state.db.begin_write().await?;
    if !crate::lookups::programme_exists(&mut tx, programme).await? {
        return Err(AppError::NotFound);
    }
    if e.get("new_field_code").is_none()
        && queries::field_code_taken(&mut tx, programme, &code).await?
    {
        e.add(
            "new_field_code",
            format!("Das Kürzel „{code}“ hat dieses Programm schon."),
        );
    }
    if !e.is_empty() {
        drop(tx);
        let input = ListInput {
            adding: Some((programme, form)),
            errors: e,
            ..ListInput::default()
        };
        let page = list_page(&state, &user, input).await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let id = queries::insert_field(&mut tx, programme, &code, &title, position).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Anlegen, Entity::Handlungsfeld, Some(id)).after(
            json!({"programme_id": programme, "code": code, "title": title, "position": position}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/programme?meldung=handlungsfeld_neu").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompareQuery {
    a: String,
    b: String,
}

pub struct DiffRow {
    pub entity: &'static str,
    pub left: String,
    pub right: String,
    pub change: &'static str,
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
            let entity = if c.entity == "ziel" {
                "Ziel"
            } else {
                "Maßnahme"
            };
            let (left, right, change) = match c.change.as_str() {
                "neu" => ("nicht enthalten".to_string(), c.label.clone(), "neu"),
                "entfallen" => (c.label.clone(), "entfallen".to_string(), "entfallen"),
                _ => (c.label.clone(), c.label.clone(), "geändert"),
            };
            Some(DiffRow {
                entity,
                left,
                right,
                change,
                revision: r.version.clone(),
                note: c.note.clone(),
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "programmes/compare.html")]
struct ComparePage {
    layout: Layout,
    programme: Programme,
    revisions: Vec<Revision>,
    a: Option<(Revision, String)>,
    b: Option<(Revision, String)>,
    rows: Vec<DiffRow>,
}

pub async fn compare(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> AppResult<Response> {
    let programme = queries::programmes(&state.db.read)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    let revisions: Vec<Revision> = queries::revisions(&state.db.read)
        .await?
        .into_iter()
        .filter(|r| r.programme_id == id)
        .collect();
    let pick = |raw: &str, default: Option<&Revision>| -> AppResult<Option<Revision>> {
        match raw.trim() {
            "" => Ok(default.cloned()),
            s => {
                let rid = s.parse::<i64>().map_err(|_| {
                    AppError::BadRequest("Die Auswahl der Fassung ist ungültig.".into())
                })?;
                revisions
                    .iter()
                    .find(|r| r.id == rid)
                    .cloned()
                    .map(Some)
                    .ok_or(AppError::NotFound)
            }
        }
    };
    let n = revisions.len();
    let mut a = pick(&q.a, n.checked_sub(2).and_then(|i| revisions.get(i)))?;
    let mut b = pick(&q.b, revisions.last())?;
    // Always compare older (left) with newer (right).
    if let (Some(x), Some(y)) = (&a, &b) {
        let px = revisions.iter().position(|r| r.id == x.id);
        let py = revisions.iter().position(|r| r.id == y.id);
        if px > py {
            std::mem::swap(&mut a, &mut b);
        }
    }
    let changes = queries::changes(&state.db.read, id).await?;
    let rows = match (&a, &b) {
        (Some(x), Some(y)) => diff(&revisions, &changes, x.id, y.id),
        _ => Vec::new(),
    };
    let page = ComparePage {
        layout: Layout::new(
            format!("Fassungen vergleichen: {}", programme.short_title),
            Some(&user),
            "programme",
        ),
        a: a.map(|r| {
            let d = format_iso(Some(&r.revised_on));
            (r, d)
        }),
        b: b.map(|r| {
            let d = format_iso(Some(&r.revised_on));
            (r, d)
        }),
        programme,
        revisions,
        rows,
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn ch(revision_id: i64, label: &str, change: &str) -> Change {
        Change {
            revision_id,
            entity: "massnahme".into(),
            label: label.into(),
            change: change.into(),
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
            ch(1, "A", "neu"),
            ch(2, "B", "neu"),
            ch(3, "C", "entfallen"),
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
