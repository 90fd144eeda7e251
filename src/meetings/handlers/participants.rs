//! Participants of a meeting: adding a person (as member or guest) and recording who
//! was present.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::Editors;
use crate::domain::meetings::Attendance;
use crate::lookups::{RefTable, exists};
use crate::meetings::forms::ParticipantForm;
use crate::meetings::queries;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Href, Require, paths};

fn participants_section(id: i64) -> Href {
    paths::meeting(id)
        .anchor("h-teilnehmende")
        .flash(Flash::Gespeichert)
}

fn bad(message: &str) -> AppError {
    AppError::BadRequest(message.into())
}

pub async fn add_participant(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(sent): CsrfForm<ParticipantForm>,
) -> AppResult<Response> {
    let person: i64 = sent
        .person_id
        .trim()
        .parse()
        .map_err(|_| bad("Bitte wählen Sie eine Person aus der Liste."))?;
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !exists(&mut tx, RefTable::Person, person).await? {
        return Err(bad(
            "Diese Person gibt es nicht. Bitte wählen Sie aus der Liste.",
        ));
    }
    let date = m.starts_on.to_string();
    let member = queries::members_on(&mut tx, &date).await?.contains(&person);
    if queries::add_participant(&mut tx, id, person, !member).await? {
        audit::record(
            &mut tx,
            &user.actor(),
            audit::Entry::new(Action::TeilnehmendeHinzufuegen, Entity::Sitzung, Some(id))
                .after(json!({"person_id": person, "guest": !member})),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(participants_section(id).into_response())
}

/// Attendance per participant: fields `a-{person_id}` = anwesend | entschuldigt | abwesend.
pub async fn attendance(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let known: Vec<i64> = queries::participants(&state.db.read, id)
        .await?
        .iter()
        .map(|p| p.person_id)
        .collect();
    let mut changes = Vec::new();
    for (k, v) in &pairs {
        let Some(pid) = k.strip_prefix("a-") else {
            continue;
        };
        let pid = pid
            .parse::<i64>()
            .ok()
            .filter(|p| known.contains(p))
            .ok_or_else(|| bad("Ungültige Teilnehmerangabe."))?;
        let a = match v.as_str() {
            "" => None,
            v => Some(
                Attendance::parse(v).ok_or_else(|| bad("Unbekannte Angabe zur Anwesenheit."))?,
            ),
        };
        queries::set_attendance(&mut tx, id, pid, a.map(Attendance::key)).await?;
        changes.push(json!({"person_id": pid, "attendance": a.map(Attendance::key)}));
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Anwesenheit, Entity::Sitzung, Some(id))
            .after(json!({"attendance": changes})),
    )
    .await?;
    tx.commit().await?;
    Ok(participants_section(id).into_response())
}
