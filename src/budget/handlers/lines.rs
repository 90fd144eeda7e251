//! Adding a budget line (on the plan page) and editing one (optimistic locking by
//! version: a conflict shows both versions, 409).

use crate::db::Conn;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::plan::build_page;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Session};
use crate::budget::forms::{KINDS, LineForm, YearQuery};
use crate::budget::queries::{self, LineInput};
use crate::budget::views::EditPage;
use crate::domain::budget::BudgetKind;
use crate::domain::money::{format_euro, parse_euro};
use crate::domain::validation::FieldErrors;
use crate::lookups::Choice;
use crate::web::merge::{self, LastChange, MergeView, Outcome};
use crate::web::{
    AppError, AppResult, AppState, CsrfForm, Flash, Layout, Require, form, paths, render,
};

/// The form parsed, with a measure that exists.
async fn checked(conn: &mut Conn, form: &LineForm) -> sqlx::Result<Result<LineInput, FieldErrors>> {
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
    merge: MergeView,
) -> AppResult<EditPage> {
    Ok(EditPage {
        layout: Layout::new("Haushaltszeile bearbeiten", Some(user), "haushalt")
            .with_errors(!errors.is_empty() || merge.conflict.is_some()),
        id,
        form,
        errors,
        measures: queries::measure_choices(&state.db.read).await?,
        kinds: KINDS,
        merge,
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
    let merge = MergeView::opened(&form);
    let page = edit_page(&state, &user, id, form, FieldErrors::default(), merge).await?;
    Ok(render(&page))
}

/// A form value as people read it: the measure's name, the kind's label, money in euros.
fn shown(measures: &[Choice], key: &str, raw: &str) -> String {
    match key {
        "measure_id" => measures
            .iter()
            .find(|c| c.id.to_string() == raw.trim())
            .map_or_else(|| raw.to_string(), |c| c.label.clone()),
        "kind" => BudgetKind::parse(raw).map_or(raw.to_string(), |k| k.label().to_string()),
        "planned" | "approved" | "actual" => parse_euro(raw).map_or(raw.to_string(), format_euro),
        _ => raw.to_string(),
    }
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<LineForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let current = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    // Merge field by field against the stored line, inside the write transaction.
    let measures = queries::measure_choices(&state.db.read).await?;
    let show = |key: &str, raw: &str| shown(&measures, key, raw);
    let stored = LineForm::from_line(&current);
    let (form, merged, retry) = match merge::resolve(form, &stored, current.version, &show) {
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
            let last = LastChange::of_detail(
                &mut tx,
                Entity::Massnahme,
                current.measure_id,
                "budget_line_id",
                id,
            )
            .await?;
            drop(tx);
            let view = view.with_conflict("Die Haushaltszeile", last, rows, choice_missing);
            let errors = FieldErrors::default();
            return form::conflict(&edit_page(&state, &user, id, mine, errors, view).await?);
        }
    };
    let input = match checked(&mut tx, &form).await? {
        Ok(l) => l,
        Err(errors) => {
            drop(tx);
            return form::invalid(&edit_page(&state, &user, id, form, errors, retry).await?);
        }
    };
    if !queries::update(&mut tx, id, current.version, &input).await? {
        // The write transaction holds the lock since the line was read: cannot happen.
        return Err(
            anyhow::anyhow!("budget line {id} changed inside the write transaction").into(),
        );
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
    if merged {
        return Ok(paths::budget_year(input.fiscal_year)
            .anchor("h-zeilen")
            .flash(Flash::Zusammengefuehrt)
            .into_response());
    }
    Ok(saved(input.fiscal_year))
}
