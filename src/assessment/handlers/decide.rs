//! POST /bewertung/{id}/entscheidung: the AG's recommendation and decision; an accepted
//! expectation becomes a measure in the same transaction.

use crate::db::Conn;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::detail::{Kept, detail_page};
use crate::assessment::forms::{DecisionForm, DecisionInput, NewMeasure, shown_decision};
use crate::assessment::queries::{self, AssessmentRow, Expectation};
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::Editors;
use crate::domain::Priority;
use crate::domain::dates::now_utc;
use crate::domain::validation::FieldErrors;
use crate::domain::wibe::Decision;
use crate::lookups::{self, RefTable};
// The one place where this feature writes another feature's table: the accepted
// expectation becomes a measure, with the measures feature's own insert and checks.
use crate::measures::forms::MeasureInput;
use crate::measures::queries as mq;
use crate::web::form::{conflict, invalid};
use crate::web::merge::{self, LastChange, Outcome};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Require, paths};

/// Checks against the database: the decision is still open, and the new measure's
/// field, unit, person and number fit.
async fn stored_errors(
    conn: &mut Conn,
    current: &Expectation,
    input: &DecisionInput,
) -> sqlx::Result<FieldErrors> {
    let mut e = FieldErrors::default();
    if queries::measure_of(conn, current.id).await?.is_some() {
        e.add(
            "decision",
            "Die Erwartung wurde bereits als Maßnahme übernommen; die Entscheidung kann nicht mehr geändert werden.",
        );
    }
    if let Some(m) = &input.measure {
        if mq::programme_of_field(conn, m.field_id).await? != Some(current.programme_id) {
            e.add(
                "field_id",
                "Bitte wählen Sie ein Handlungsfeld des Programms der Erwartung.",
            );
        }
        if !lookups::exists(conn, RefTable::OrgUnit, m.org_unit_id).await? {
            e.add(
                "org_unit_id",
                "Bitte wählen Sie die federführende Organisationseinheit aus.",
            );
        }
        if !lookups::exists(conn, RefTable::Person, m.person_id).await? {
            e.add(
                "person_id",
                "Bitte wählen Sie eine verantwortliche Person aus.",
            );
        }
        if mq::code_taken(conn, current.programme_id, &m.code, None).await? {
            e.add("code", "Diese Nummer ist im Programm bereits vergeben.");
        }
    }
    Ok(e)
}

/// The measure an accepted expectation becomes: its title and description, the latest
/// assessment's internal effort; the rest is completed in the measure form.
async fn accept_as_measure(
    conn: &mut Conn,
    current: &Expectation,
    latest: Option<&AssessmentRow>,
    m: &NewMeasure,
) -> sqlx::Result<i64> {
    let new_measure = MeasureInput {
        programme_id: current.programme_id,
        field_id: m.field_id,
        code: m.code.clone(),
        title: current.title.clone(),
        description: current.description.clone(),
        // Internal until the AG writes a public text and marks it public.
        public: false,
        public_description: String::new(),
        org_unit_id: m.org_unit_id,
        person_id: Some(m.person_id),
        priority: Priority::Mittel,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        effort_days: latest.map_or(0, |a| a.person_days),
        dsb_relevant: false,
        isb_relevant: false,
        pr_relevant: false,
        ozg_key: None,
        ozg_model: None,
        ozg_level: None,
        sign_offs: Vec::new(),
    };
    let id = mq::insert(conn, &new_measure, &now_utc()).await?;
    queries::link_measure(conn, id, current.id).await?;
    Ok(id)
}

pub async fn decide(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let current = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    // Merge field by field against the stored decision, inside the write transaction (an
    // open decision is dated today, as on the page).
    let stored = DecisionForm::of(&current, Utc::now().date_naive().to_string());
    let (form, merged, retry) =
        match merge::resolve(form, &stored, current.version, &shown_decision) {
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
                let last = LastChange::of(&mut tx, Entity::Erwartung, id).await?;
                drop(tx);
                let kept = Kept {
                    decision: Some(mine),
                    merge: Some(view.with_conflict("Die Entscheidung", last, rows, choice_missing)),
                    ..Kept::default()
                };
                return conflict(&detail_page(&state, &user, id, kept, None).await?);
            }
        };
    let history = queries::assessments(&mut tx, id).await?;
    let mandatory = history.first().is_some_and(|a| a.mandatory);
    let mut parsed = form.parse(!history.is_empty(), mandatory);
    if let Ok(input) = &parsed {
        let e = stored_errors(&mut tx, &current, input).await?;
        if !e.is_empty() {
            parsed = Err(e);
        }
    }
    let input = match parsed {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let kept = Kept {
                decision: Some(form),
                errors,
                merge: Some(retry),
                ..Kept::default()
            };
            return invalid(&detail_page(&state, &user, id, kept, None).await?);
        }
    };
    let decided_on = input.decided_on.map(|d| d.to_string());
    let saved = queries::decide(
        &mut tx,
        id,
        current.version,
        &input.recommendation,
        input.decision,
        &input.reason,
        decided_on.as_deref(),
    )
    .await?;
    if !saved {
        // The write transaction holds the lock since the expectation was read: cannot happen.
        return Err(
            anyhow::anyhow!("expectation {id} changed inside the write transaction").into(),
        );
    }
    let measure_id = match (input.decision, &input.measure) {
        (Some(Decision::Accepted), Some(m)) => {
            Some(accept_as_measure(&mut tx, &current, history.first(), m).await?)
        }
        _ => None,
    };
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::Entscheiden, Entity::Erwartung, Some(id))
            .before(json!({"recommendation": current.recommendation,
                "decision": current.decision.map(Decision::key),
                "decision_reason": current.decision_reason, "decided_on": current.decided_on}))
            .after(json!({"recommendation": input.recommendation,
                "decision": input.decision.map(Decision::key),
                "decision_reason": input.reason, "decided_on": decided_on,
                "measure_id": measure_id,
                "measure_code": input.measure.as_ref().map(|m| m.code.clone())})),
    )
    .await?;
    tx.commit().await?;
    Ok(match measure_id {
        Some(mid) => paths::measure(mid).flash(Flash::Uebernommen),
        None if merged => paths::expectation(id).flash(Flash::Zusammengefuehrt),
        None => paths::expectation(id).flash(Flash::Entschieden),
    }
    .into_response())
}
