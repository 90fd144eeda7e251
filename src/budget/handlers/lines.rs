//! Adding a budget line (on the plan page) and editing one (optimistic locking by
//! version: a conflict shows both versions, 409).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sqlx::SqliteConnection;

use super::plan::build_page;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Session};
use crate::budget::forms::{KINDS, LineForm, YearQuery};
use crate::budget::queries::{self, LineInput};
use crate::budget::views::EditPage;
use crate::domain::validation::FieldErrors;
use crate::web::{
    AppError, AppResult, AppState, Conflict, ConflictRow, CsrfForm, Flash, Layout, Require, form,
    paths, render,
};

/// The form parsed, with a measure that exists.
async fn checked(
    conn: &mut SqliteConnection,
    form: &LineForm,
) -> sqlx::Result<Result<LineInput, FieldErrors>> {
    Ok(match form.parse() {
        Ok(l) if queries::measure_exists(conn, l.measure_id).await? => Ok(l),
        Ok(_) => {
            let mut e = FieldErrors::default();
            e.add("measure_id", "Bitte wählen Sie eine Maßnahme aus.");
            Err(e)
        }
        Err(e) => Err(e),
    })
}

/// The audit record of a line: its values and (after the write) its id.
fn with_id(l: &LineInput, id: i64) -> serde_json::Value {
    let mut v = json!(l);
    v["budget_line_id"] = json!(id);
    v
}

/// Back to the lines of the plan of `year`, with the success message.
fn saved(year: i64) -> Response {
    paths::budget_year(year)
        .anchor("h-zeilen")
        .flash(Flash::Haushalt)
        .into_response()
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<LineForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let input = match checked(&mut tx, &form).await? {
        Ok(l) => l,
        Err(errors) => {
            drop(tx);
            let q = YearQuery::of_form(&form);
            return form::invalid(&build_page(&state, &user, &q, Some(form), errors).await?);
        }
    };
    let id = queries::insert(&mut tx, &input).await?;
    let entry = Entry::new(
        Action::HaushaltszeileAnlegen,
        Entity::Massnahme,
        Some(input.measure_id),
    )
    .after(with_id(&input, id));
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(saved(input.fiscal_year))
}

async fn edit_page(
    state: &AppState,
    user: &Session,
    id: i64,
    form: LineForm,
    errors: FieldErrors,
    conflict: Option<Vec<ConflictRow>>,
) -> AppResult<EditPage> {
    Ok(EditPage {
        layout: Layout::new("Haushaltszeile bearbeiten", Some(user), "haushalt")
            .with_errors(!errors.is_empty() || conflict.is_some()),
        id,
        form,
        errors,
        measures: queries::measure_choices(&state.db.read).await?,
        kinds: KINDS,
        conflict,
    })
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let line = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let form = LineForm::from_line(&line);
    let page = edit_page(&state, &user, id, form, FieldErrors::default(), None).await?;
    Ok(render(&page))
}

/// The fields of a 409 page: what the user sent next to what is stored now.
fn conflict_rows(mine: &LineForm, theirs: &LineForm) -> Vec<ConflictRow> {
    Conflict::new()
        .field("Art", mine.kind.trim(), theirs.kind.trim())
        .field("Produkt", mine.product.trim(), theirs.product.trim())
        .field("Sachkonto", mine.account.trim(), theirs.account.trim())
        .field("Plan", mine.planned.trim(), theirs.planned.trim())
        .field("Ansatz", mine.approved.trim(), theirs.approved.trim())
        .field("Ist", mine.actual.trim(), theirs.actual.trim())
        .rows()
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<LineForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let current = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let input = match checked(&mut tx, &form).await? {
        Ok(l) => l,
        Err(errors) => {
            drop(tx);
            return form::invalid(&edit_page(&state, &user, id, form, errors, None).await?);
        }
    };
    let version = form.version.trim().parse::<i64>().unwrap_or(-1);
    if version != current.version || !queries::update(&mut tx, id, version, &input).await? {
        drop(tx);
        let rows = conflict_rows(&form, &LineForm::from_line(&current));
        let mut mine = form;
        mine.version = current.version.to_string();
        let errors = FieldErrors::default();
        return form::conflict(&edit_page(&state, &user, id, mine, errors, Some(rows)).await?);
    }
    let old = json!({
        "measure_id": current.measure_id, "fiscal_year": current.fiscal_year, "kind": current.kind,
        "product": current.product, "account": current.account, "planned": current.planned,
        "approved": current.approved, "actual": current.actual, "note": current.note,
    });
    let (old, mut new) = audit::diff(&old, &json!(input));
    new["budget_line_id"] = json!(id);
    let entry = Entry::new(
        Action::HaushaltszeileBearbeiten,
        Entity::Massnahme,
        Some(input.measure_id),
    )
    .before(old)
    .after(new);
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(saved(input.fiscal_year))
}
