//! POST /massnahmen/{id}/sachstand — a status update (journey 1), also sent from the
//! meeting pages, which want the user back.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};

use super::detail::{Retry, detail_page};
use crate::audit::{self, Action, Entity};
use crate::auth::Editors;
use crate::domain::dates::now_utc;
use crate::domain::status_update::{StatusUpdate, StatusUpdateForm};
use crate::measures::queries::{self, Measure};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Href, Require, form, paths};

/// The status form, optionally sent from a meeting page that wants the user back.
#[derive(Deserialize)]
pub struct StatusPost {
    #[serde(flatten)]
    form: StatusUpdateForm,
    #[serde(default)]
    next: String,
    /// The latest status update the form was based on (its id; 0 for none; empty from
    /// forms that do not say, which are not checked).
    #[serde(default)]
    basis: String,
    /// "Trotzdem speichern" on the 409 page of a stale form.
    #[serde(default)]
    trotzdem: Option<String>,
}

pub async fn post_status_update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(StatusPost {
        form,
        next,
        basis,
        trotzdem,
    }): CsrfForm<StatusPost>,
) -> AppResult<Response> {
    let now = Utc::now();
    let today = now.date_naive();
    let basis: Option<i64> = basis.trim().parse().ok();
    let update = match form.parse(today) {
        Ok(u) => u,
        Err(errors) => {
            let retry = Retry {
                status: Some(form),
                errors,
                basis,
                ..Retry::default()
            };
            return form::invalid(&detail_page(&state, &user, id, retry, None, 1).await?);
        }
    };
    // Status updates of different measures run side by side up to their audit entry (on
    // PostgreSQL; see `Db::begin_shared_write`); two of the same measure one after the other.
    let mut tx = state.db.begin_shared_write().await?;
    let m = queries::get_for_update(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if m.archived_at.is_some() {
        drop(tx);
        let retry = Retry::status_error(
            Some(form),
            "Die Maßnahme ist archiviert; bitte stellen Sie sie zuerst wieder her.",
        );
        return form::conflict(&detail_page(&state, &user, id, retry, None, 1).await?);
    }
    // A newer update arrived after the form was opened: show it next to the input and
    // let the user decide (save anyway, or adjust); nothing is written.
    let latest = queries::latest_update_id(&mut tx, id).await?;
    let stale = basis.is_some_and(|b| latest > b);
    if stale && trotzdem.is_none() {
        drop(tx);
        let retry = Retry {
            status: Some(form),
            newer: true,
            ..Retry::default()
        };
        return form::conflict(&detail_page(&state, &user, id, retry, None, 1).await?);
    }
    let stamp = now_utc();
    queries::add_status_update(
        &mut tx,
        &m,
        user.user_id,
        &update,
        &stamp,
        &today.to_string(),
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::SachstandMelden, Entity::Massnahme, Some(id))
            .before(state_json(&m))
            .after(update_json(&update, trotzdem.is_some().then_some(latest))),
    )
    .await?;
    tx.commit().await?;
    let back = match paths::return_path(&next) {
        Some(back) => Href::checked(back),
        None => paths::measure(id).anchor("verlauf"),
    };
    Ok(back.flash(Flash::Sachstand).into_response())
}

/// The measure's state before the update, as the audit log records it.
fn state_json(m: &Measure) -> Value {
    json!({"status": m.status.key(), "ampel": m.ampel.key(), "progress": m.progress})
}

/// The update as the audit log records it; saved on purpose over a newer update the
/// form did not know (`despite`), the log says which.
fn update_json(u: &StatusUpdate, despite: Option<i64>) -> Value {
    let mut v = json!({
        "status": u.status.key(), "ampel": u.ampel.key(), "progress": u.progress,
        "text": u.text, "next_steps": u.next_steps, "blockers": u.blockers,
        "reason": u.reason, "options": u.options,
        "decision_by": u.decision_by.map(|d| d.to_string()),
    });
    if let Some(newer) = despite {
        v["saved_despite_newer_update"] = json!(newer);
    }
    v
}
