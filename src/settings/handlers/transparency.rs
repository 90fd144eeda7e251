//! `/verwaltung/transparenz`: whether the public transparency page is published, the
//! open-data licence of its data and its intro text (admins only).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Admins, Session};
use crate::domain::dates::now_utc;
use crate::domain::validation::FieldErrors;
use crate::lookups::transparency::{self, Settings};
use crate::settings::forms::TransparencyForm;
use crate::settings::queries;
use crate::web::{AppResult, AppState, CsrfForm, Flash, FlashQuery, Layout, Require};
use crate::web::{form, paths, render};

#[derive(Template)]
#[template(path = "settings/transparency.html")]
struct TransparencyPage {
    layout: Layout,
    form: TransparencyForm,
    errors: FieldErrors,
}

fn page(
    user: &Session,
    form: TransparencyForm,
    errors: FieldErrors,
    flash: Option<Flash>,
) -> TransparencyPage {
    TransparencyPage {
        layout: Layout::new("Transparenzseite", Some(user), "transparenz")
            .with_errors(!errors.is_empty())
            .with_flash(flash),
        form,
        errors,
    }
}

fn as_json(s: &Settings) -> serde_json::Value {
    json!({
        "enabled": s.enabled,
        "licence_name": s.licence_name,
        "licence_url": s.licence_url,
        "intro": s.intro,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let current = transparency::settings(&mut conn).await?;
    Ok(render(&page(
        &user,
        TransparencyForm::of(&current),
        FieldErrors::default(),
        q.flash(),
    )))
}

pub async fn save(
    State(state): State<AppState>,
    user: Require<Admins>,
    CsrfForm(typed): CsrfForm<TransparencyForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let new = typed.parse(&mut e);
    if !e.is_empty() {
        return form::invalid(&page(&user, typed, e, None));
    }
    let mut tx = state.db.begin_write().await?;
    let before = transparency::settings(&mut tx).await?;
    queries::save_transparency(&mut tx, &new, &now_utc()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::TransparenzAendern, Entity::Einstellung, None)
            .before(as_json(&before))
            .after(as_json(&new)),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::transparency_settings()
        .flash(Flash::Transparenz)
        .into_response())
}
