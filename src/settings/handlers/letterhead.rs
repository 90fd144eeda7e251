//! `/verwaltung/briefkopf`: the letterhead form (admins only).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Admins, Session};
use crate::domain::dates::now_utc;
use crate::domain::report::Letterhead;
use crate::domain::validation::FieldErrors;
use crate::settings::forms::LetterheadForm;
use crate::settings::queries;
use crate::web::{AppResult, AppState, CsrfForm, Flash, FlashQuery, Layout, Require};
use crate::web::{form, paths, render};

#[derive(Template)]
#[template(path = "settings/letterhead.html")]
struct LetterheadPage {
    layout: Layout,
    form: LetterheadForm,
    errors: FieldErrors,
}

fn page(
    user: &Session,
    form: LetterheadForm,
    errors: FieldErrors,
    flash: Option<Flash>,
) -> LetterheadPage {
    LetterheadPage {
        layout: Layout::new("Briefkopf der Vorlagen", Some(user), "briefkopf")
            .with_errors(!errors.is_empty())
            .with_flash(flash),
        form,
        errors,
    }
}

fn as_json(l: &Letterhead) -> serde_json::Value {
    json!({"city": l.city, "head": l.head, "unit": l.unit, "kind": l.kind})
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let current = queries::letterhead(&mut conn).await?;
    let form = LetterheadForm::of(&current);
    Ok(render(&page(
        &user,
        form,
        FieldErrors::default(),
        q.flash(),
    )))
}

pub async fn save(
    State(state): State<AppState>,
    user: Require<Admins>,
    CsrfForm(typed): CsrfForm<LetterheadForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let new = typed.parse(&mut e);
    if !e.is_empty() {
        return form::invalid(&page(&user, typed, e, None));
    }
    let mut tx = state.db.begin_write().await?;
    let before = queries::letterhead(&mut tx).await?;
    queries::save(&mut tx, &new, &now_utc()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::BriefkopfAendern, Entity::Einstellung, None)
            .before(as_json(&before))
            .after(as_json(&new)),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::letterhead().flash(Flash::Briefkopf).into_response())
}
