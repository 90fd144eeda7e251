//! Creating and editing a goal (/ziele/neu, /ziele/{id}/bearbeiten): one form, one check
//! against the database, optimistic locking on edit.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use sqlx::SqliteConnection;

use super::queries::{self, GoalRecord, NewGoal};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Session};
use crate::domain::goals as g;
use crate::domain::validation::FieldErrors;
use crate::lookups::{self, Choice};
use crate::measures::queries as mq;
use crate::web::AppState;
use crate::web::{AppError, AppResult};
use crate::web::{ConflictRow, Layout, render_page};
use crate::web::{CsrfForm, Require};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GoalForm {
    pub programme_id: String,
    pub field_id: String,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: String,
    pub target_value: String,
    pub baseline_on: String,
    pub target_on: String,
    /// Measure numbers of the programme, separated by commas (e.g. "HF2-01, HF2-04").
    pub measures: String,
    /// Edit only: the version the form was loaded with.
    pub version: String,
}

impl GoalForm {
    fn of(goal: &GoalRecord, linked: &[(i64, String)]) -> Self {
        Self {
            programme_id: goal.programme_id.to_string(),
            field_id: goal.field_id.map(|f| f.to_string()).unwrap_or_default(),
            title: goal.title.clone(),
            indicator: goal.indicator.clone(),
            unit: goal.unit.clone(),
            baseline: plain_number(goal.baseline),
            target_value: plain_number(goal.target_value),
            baseline_on: goal.baseline_on.clone(),
            target_on: goal.target_on.clone(),
            measures: linked
                .iter()
                .map(|(_, code)| code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            version: goal.version.to_string(),
        }
    }
}

/// A stored number as the form shows it: exact, decimal comma, no grouping (`12,55`).
fn plain_number(v: f64) -> String {
    v.to_string().replace('.', ",")
}

#[derive(Template)]
#[template(path = "goals/form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    action: String,
    form: GoalForm,
    errors: FieldErrors,
    conflict: Option<Vec<ConflictRow>>,
    programmes: Vec<Choice>,
    fields: Vec<Choice>,
}

/// What the form page shows besides the form: the goal being edited, if any.
struct Target {
    heading: String,
    action: String,
}

impl Target {
    fn new_goal() -> Self {
        Self {
            heading: "Neues Ziel".into(),
            action: "/ziele/neu".into(),
        }
    }
    fn edit(id: i64, title: &str) -> Self {
        Self {
            heading: format!("Ziel bearbeiten: {title}"),
            action: format!("/ziele/{id}/bearbeiten"),
        }
    }
}

async fn form_page(
    state: &AppState,
    user: &Session,
    status: StatusCode,
    target: Target,
    form: GoalForm,
    errors: FieldErrors,
    conflict: Option<Vec<ConflictRow>>,
) -> AppResult<Response> {
    let page = FormPage {
        layout: Layout::new(target.heading.clone(), Some(user), "ziele")
            .with_errors(!errors.is_empty() || conflict.is_some()),
        heading: target.heading,
        action: target.action,
        form,
        errors,
        conflict,
        programmes: lookups::programme_choices(&state.db.read).await?,
        fields: lookups::field_choices(&state.db.read).await?,
    };
    Ok(render_page(status, &page))
}

/// The goal form checked, also against the database (the programme exists, the field
/// belongs to it, the measure numbers are the programme's): the goal and its measures.
async fn checked_goal(
    conn: &mut SqliteConnection,
    form: &GoalForm,
) -> sqlx::Result<Result<(NewGoal, Vec<i64>), FieldErrors>> {
    let mut e = FieldErrors::default();
    let programme_id = form.programme_id.trim().parse::<i64>().ok();
    let field_id = match form.field_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                e.add("field_id", "Bitte wählen Sie ein Handlungsfeld aus.");
                None
            }
        },
    };
    let title = e.text("title", "einen Titel", &form.title, 200);
    let indicator = e.text(
        "indicator",
        "den Indikator (was gemessen wird)",
        &form.indicator,
        500,
    );
    let unit = e.text("unit", "die Einheit (z. B. Anzahl, %)", &form.unit, 40);
    let mut number = |field: &'static str, label: &str, v: &str| {
        g::parse_number(v).unwrap_or_else(|| {
            e.add(
                field,
                format!("Bitte geben Sie {label} als Zahl ein, z. B. 17 oder 12,5."),
            );
            0.0
        })
    };
    let baseline = number("baseline", "den Ausgangswert", &form.baseline);
    let target_value = number("target_value", "den Zielwert", &form.target_value);
    let baseline_on = e.optional_date("baseline_on", &form.baseline_on);
    let target_on = e.optional_date("target_on", &form.target_on);
    for (field, value, label) in [
        ("baseline_on", baseline_on, "das Datum des Ausgangswerts"),
        ("target_on", target_on, "das Zieldatum"),
    ] {
        if value.is_none() && e.get(field).is_none() {
            e.add(field, format!("Bitte geben Sie {label} an (TT.MM.JJJJ)."));
        }
    }
    if let (Some(b), Some(t)) = (baseline_on, target_on)
        && t <= b
    {
        e.add(
            "target_on",
            "Das Zieldatum muss nach dem Datum des Ausgangswerts liegen.",
        );
    }
    if e.get("baseline").is_none()
        && e.get("target_value").is_none()
        && (target_value - baseline).abs() < f64::EPSILON
    {
        e.add(
            "target_value",
            "Zielwert und Ausgangswert dürfen nicht gleich sein.",
        );
    }
    let programme_ok = match programme_id {
        Some(p) => crate::lookups::programme_exists(conn, p).await?,
        None => false,
    };
    if !programme_ok {
        e.add("programme_id", "Bitte wählen Sie ein Programm aus.");
    }
    if let (Some(f), Some(p)) = (field_id, programme_id)
        && mq::programme_of_field(conn, f).await? != Some(p)
    {
        e.add(
            "field_id",
            "Bitte wählen Sie ein Handlungsfeld des gewählten Programms.",
        );
    }
    let mut measure_ids = Vec::new();
    if let Some(p) = programme_id.filter(|_| programme_ok) {
        let codes = form
            .measures
            .split([',', ';', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty());
        for code in codes {
            match queries::measure_by_code(conn, p, code).await? {
                Some(id) if !measure_ids.contains(&id) => measure_ids.push(id),
                Some(_) => {}
                None => e.add(
                    "measures",
                    format!("Die Maßnahme „{code}“ gibt es im gewählten Programm nicht."),
                ),
            }
        }
    }
    Ok(match (programme_id, baseline_on, target_on) {
        (Some(programme_id), Some(baseline_on), Some(target_on)) if e.is_empty() => Ok((
            NewGoal {
                programme_id,
                field_id,
                title,
                indicator,
                unit,
                baseline,
                target_value,
                baseline_on: baseline_on.to_string(),
                target_on: target_on.to_string(),
            },
            measure_ids,
        )),
        _ => Err(e),
    })
}

/// The goal as the audit log records it.
fn audit_json(goal: &NewGoal, measure_ids: &[i64]) -> serde_json::Value {
    json!({"programme_id": goal.programme_id, "field_id": goal.field_id, "title": goal.title,
           "indicator": goal.indicator, "unit": goal.unit, "baseline": goal.baseline,
           "target_value": goal.target_value, "baseline_on": goal.baseline_on,
           "target_on": goal.target_on, "measure_ids": measure_ids})
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    form_page(
        &state,
        &user,
        StatusCode::OK,
        Target::new_goal(),
        GoalForm::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let (goal, measure_ids) = match checked_goal(&mut tx, &form).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return form_page(
                &state,
                &user,
                status,
                Target::new_goal(),
                form,
                errors,
                None,
            )
            .await;
        }
    };
    let id = queries::insert_goal(&mut tx, &goal).await?;
    queries::set_measures(&mut tx, id, &measure_ids).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Anlegen, Entity::Ziel, Some(id))
            .after(audit_json(&goal, &measure_ids).clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/ziele?meldung=ziel#ziel-{id}")).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let goal = queries::goal(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let linked = queries::linked_measures(&mut conn, id).await?;
    drop(conn);
    let form = GoalForm::of(&goal, &linked);
    let target = Target::edit(id, &goal.title);
    form_page(
        &state,
        &user,
        StatusCode::OK,
        target,
        form,
        FieldErrors::default(),
        None,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let old = queries::goal(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let old_linked = queries::linked_measures(&mut tx, id).await?;
    let old_ids: Vec<i64> = old_linked.iter().map(|(id, _)| *id).collect();
    let target = Target::edit(id, &old.title);
    let (goal, measure_ids) = match checked_goal(&mut tx, &form).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return form_page(&state, &user, status, target, form, errors, None).await;
        }
    };
    let version: i64 = form.version.trim().parse().unwrap_or(-1);
    if !queries::update_goal(&mut tx, id, version, &goal).await? {
        drop(tx);
        // Someone saved in between: both versions side by side, the user's input kept
        // with the current version, so that saving again overwrites on purpose.
        let stored = GoalForm::of(&old, &old_linked);
        let rows = [
            ("Titel", &stored.title, &form.title),
            ("Indikator", &stored.indicator, &form.indicator),
            ("Einheit", &stored.unit, &form.unit),
            ("Ausgangswert", &stored.baseline, &form.baseline),
            ("Zielwert", &stored.target_value, &form.target_value),
            ("Beitragende Maßnahmen", &stored.measures, &form.measures),
        ]
        .into_iter()
        .map(|(label, theirs, mine)| ConflictRow {
            label,
            theirs: theirs.clone(),
            mine: mine.clone(),
        })
        .collect();
        let mut mine = form;
        mine.version = old.version.to_string();
        let status = StatusCode::CONFLICT;
        let errors = FieldErrors::default();
        return form_page(&state, &user, status, target, mine, errors, Some(rows)).await;
    }
    queries::set_measures(&mut tx, id, &measure_ids).await?;
    let before = NewGoal {
        programme_id: old.programme_id,
        field_id: old.field_id,
        title: old.title,
        indicator: old.indicator,
        unit: old.unit,
        baseline: old.baseline,
        target_value: old.target_value,
        baseline_on: old.baseline_on,
        target_on: old.target_on,
    };
    let (o, n) = audit::diff(
        &audit_json(&before, &old_ids),
        &audit_json(&goal, &measure_ids),
    );
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Bearbeiten, Entity::Ziel, Some(id))
            .before(o.clone())
            .after(n.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/ziele?meldung=ziel_geaendert#ziel-{id}")).into_response())
}
