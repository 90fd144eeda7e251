//! /bewertung pages: list with portfolio, new expectation, detail with assessment history,
//! assessment and decision forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::chart::{self, Axes, Point};
use super::forms::{AssessmentForm, Decision, DecisionForm, ExpectationForm, decision_label};
use super::queries::{self, AssessmentRow, Expectation, LinkedMeasure};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::Priority;
use crate::domain::dates::{format_iso, now_utc};
use crate::domain::money::format_euro;
use crate::domain::validation::FieldErrors;
use crate::domain::wibe::{self, Quadrant};
use crate::lookups::{self, Choice, RefTable};
use crate::measures::forms::MeasureInput;
use crate::measures::queries as mq;
use crate::web::AppState;
use crate::web::{AppError, AppResult};
use crate::web::{ConflictRow, Flash, Layout, render, render_page};
use crate::web::{CsrfForm, Require};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    programm: String,
    meldung: Option<String>,
}

pub struct Scored {
    pub benefit: String,
    pub effort: String,
    pub quadrant: Quadrant,
    pub threshold: bool,
}

fn scored(mandatory: bool, d: i64, q: i64, e: i64, effort: f64) -> Scored {
    let benefit = wibe::benefit_index(d, q, e);
    Scored {
        benefit: wibe::format_index(benefit),
        effort: wibe::format_index(effort),
        quadrant: wibe::quadrant(mandatory, benefit, effort),
        threshold: wibe::threshold_reached(d, q),
    }
}

pub struct ListRowView {
    pub id: i64,
    pub title: String,
    pub origin: String,
    pub raised_on: String,
    pub programme: String,
    pub decision: &'static str,
    pub measure: Option<(i64, String)>,
    pub versions: i64,
    pub score: Option<Scored>,
}

pub struct PortfolioView {
    pub kind: &'static str,
    pub href: String,
    pub label: String,
    pub title: String,
    pub score: Scored,
    pub point: Point,
}

pub struct OzgRow {
    pub model: String,
    pub levels: Vec<(i64, i64)>,
    pub total: i64,
    pub online: i64,
    pub online_from: i64,
}

#[derive(Template)]
#[template(path = "assessment/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ListRowView>,
    portfolio: Vec<PortfolioView>,
    axes: Axes,
    width: i64,
    height: i64,
    programmes: Vec<Choice>,
    programm: String,
    ozg: Vec<OzgRow>,
    can_edit: bool,
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let programme = crate::lookups::programme_filter(&q.programm)?;
    let rows = queries::list(&state.db.read, programme)
        .await?
        .into_iter()
        .map(|r| ListRowView {
            id: r.id,
            title: r.title,
            origin: r.origin,
            raised_on: format_iso(Some(&r.raised_on)),
            programme: r.programme_short,
            decision: decision_label(r.decision.as_deref()),
            measure: r.measure_id.zip(r.measure_code),
            versions: r.assessments,
            score: match (
                r.mandatory,
                r.urgency,
                r.strategic,
                r.external,
                r.effort_index,
            ) {
                (Some(m), Some(d), Some(q), Some(e), Some(x)) => Some(scored(m, d, q, e, x)),
                _ => None,
            },
        })
        .collect();
    let portfolio = queries::portfolio(&state.db.read, programme)
        .await?
        .into_iter()
        .map(|p| {
            let benefit = wibe::benefit_index(p.urgency, p.strategic, p.external);
            let measure = p.kind == "massnahme";
            PortfolioView {
                kind: if measure { "Maßnahme" } else { "Erwartung" },
                href: if measure {
                    format!("/massnahmen/{}", p.subject_id)
                } else {
                    format!("/bewertung/{}", p.subject_id)
                },
                point: chart::point(p.effort_index, benefit, measure, &p.label),
                score: scored(
                    p.mandatory,
                    p.urgency,
                    p.strategic,
                    p.external,
                    p.effort_index,
                ),
                label: p.label,
                title: p.title,
            }
        })
        .collect();
    let counts = queries::ozg_counts(&state.db.read, programme).await?;
    let ozg = ["1.1", "2.0"]
        .iter()
        .map(|model| {
            let max = if *model == "1.1" { 4 } else { 7 };
            let levels: Vec<(i64, i64)> = (0..=max)
                .map(|l| {
                    let n = counts
                        .iter()
                        .filter(|c| c.model == *model && c.level == l)
                        .map(|c| c.n)
                        .sum();
                    (l, n)
                })
                .collect();
            // OZG conformity ("online") from level 3 in model 1.1; in 2.0 level 3 is the
            // complete online application as well (front-end digitalisation 0–3).
            let online_from = 3;
            OzgRow {
                model: model.to_string(),
                total: levels.iter().map(|l| l.1).sum(),
                online: levels
                    .iter()
                    .filter(|l| l.0 >= online_from)
                    .map(|l| l.1)
                    .sum(),
                online_from,
                levels,
            }
        })
        .collect();
    let page = ListPage {
        layout: Layout::new("Aufwand-Nutzen-Bewertung", Some(&user), "bewertung")
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        rows,
        portfolio,
        axes: chart::axes(),
        width: chart::WIDTH,
        height: chart::HEIGHT,
        programmes: lookups::programme_choices(&state.db.read).await?,
        programm: q.programm,
        ozg,
        can_edit: user.role.can_edit_programme(),
    };
    Ok(render(&page))
}

// ------------------------------------------------------------------ new expectation

#[derive(Template)]
#[template(path = "assessment/new.html")]
struct NewPage {
    layout: Layout,
    form: ExpectationForm,
    errors: FieldErrors,
    programmes: Vec<Choice>,
}

async fn new_page(
    state: &AppState,
    user: &Session,
    form: ExpectationForm,
    errors: FieldErrors,
) -> AppResult<NewPage> {
    Ok(NewPage {
        layout: Layout::new("Neue Erwartung erfassen", Some(user), "bewertung")
            .with_errors(!errors.is_empty()),
        form,
        errors,
        programmes: lookups::programme_choices(&state.db.read).await?,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let form = ExpectationForm {
        raised_on: Utc::now().date_naive().to_string(),
        ..Default::default()
    };
    Ok(render(
        &new_page(&state, &user, form, FieldErrors::default()).await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<ExpectationForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let parsed = match form.parse() {
        Ok(i) if crate::lookups::programme_exists(&mut tx, i.programme_id).await? => Ok(i),
        Ok(_) => {
            let mut e = FieldErrors::default();
            e.add("programme_id", "Bitte wählen Sie ein Programm aus.");
            Err(e)
        }
        Err(e) => Err(e),
    };
    let input = match parsed {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let page = new_page(&state, &user, form, errors).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let raised_on = input.raised_on.to_string();
    let id = queries::insert_expectation(
        &mut tx,
        &queries::NewExpectation {
            programme_id: input.programme_id,
            title: &input.title,
            origin: &input.origin,
            description: &input.description,
            raised_on: &raised_on,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Anlegen, Entity::Erwartung, Some(id)).after(
            json!({"programme_id": input.programme_id, "title": input.title, "origin": input.origin,
                "description": input.description, "raised_on": raised_on}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/bewertung/{id}?meldung=erwartung")).into_response())
}

// ------------------------------------------------------------------ detail

pub struct AssessmentView {
    pub number: usize,
    pub assessed_on: String,
    pub assessor: String,
    pub mandatory: bool,
    pub one_time: String,
    pub yearly: String,
    pub person_days: i64,
    pub urgency: i64,
    pub strategic: i64,
    pub external: i64,
    pub justification: String,
    pub score: Scored,
}

impl AssessmentView {
    fn new(number: usize, a: AssessmentRow) -> Self {
        Self {
            number,
            assessed_on: format_iso(Some(&a.assessed_on)),
            assessor: a.assessor.unwrap_or_default(),
            mandatory: a.mandatory,
            one_time: format_euro(a.one_time_cost),
            yearly: format_euro(a.yearly_cost),
            person_days: a.person_days,
            urgency: a.urgency,
            strategic: a.strategic,
            external: a.external,
            justification: a.justification,
            score: scored(
                a.mandatory,
                a.urgency,
                a.strategic,
                a.external,
                a.effort_index,
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "assessment/detail.html")]
struct DetailPage {
    layout: Layout,
    e: Expectation,
    raised_on: String,
    decided_on: String,
    decision: &'static str,
    programme: String,
    measure: Option<LinkedMeasure>,
    history: Vec<AssessmentView>,
    assessment: AssessmentForm,
    decision_form: DecisionForm,
    decisions: &'static [Decision],
    errors: FieldErrors,
    fields: Vec<Choice>,
    units: Vec<Choice>,
    people: Vec<Choice>,
    can_edit: bool,
    conflict: Option<Vec<ConflictRow>>,
}

struct Forms {
    assessment: Option<AssessmentForm>,
    decision: Option<DecisionForm>,
    errors: FieldErrors,
    conflict: Option<Vec<ConflictRow>>,
}

impl Forms {
    fn none() -> Self {
        Self {
            assessment: None,
            decision: None,
            errors: FieldErrors::default(),
            conflict: None,
        }
    }
}

async fn detail_page(
    state: &AppState,
    user: &Session,
    id: i64,
    forms: Forms,
    flash: Option<Flash>,
) -> AppResult<DetailPage> {
    let mut conn = state.db.read.acquire().await?;
    let e = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = queries::assessments(&mut conn, id).await?;
    let measure = queries::measure_of(&mut conn, id).await?;
    drop(conn);
    let n = rows.len();
    let latest = rows.first().cloned();
    let history: Vec<AssessmentView> = rows
        .into_iter()
        .enumerate()
        .map(|(i, a)| AssessmentView::new(n - i, a))
        .collect();
    let today = Utc::now().date_naive().to_string();
    // A new assessment starts from the latest one, so a re-assessment changes only what moved.
    let assessment = forms.assessment.unwrap_or_else(|| match &latest {
        Some(a) => AssessmentForm {
            assessed_on: today.clone(),
            mandatory: a.mandatory.then(|| "on".to_string()),
            one_time_cost: crate::domain::money::format_plain(a.one_time_cost),
            yearly_cost: crate::domain::money::format_plain(a.yearly_cost),
            person_days: a.person_days.to_string(),
            urgency: a.urgency.to_string(),
            strategic: a.strategic.to_string(),
            external: a.external.to_string(),
            effort_index: wibe::format_index(a.effort_index),
            justification: String::new(),
        },
        None => AssessmentForm {
            assessed_on: today.clone(),
            ..Default::default()
        },
    });
    let decision_form = forms.decision.unwrap_or_else(|| DecisionForm {
        version: e.version.to_string(),
        recommendation: e.recommendation.clone(),
        decision: e.decision.clone().unwrap_or_default(),
        decision_reason: e.decision_reason.clone(),
        decided_on: e.decided_on.clone().unwrap_or(today),
        ..Default::default()
    });
    let programmes = lookups::programme_choices(&state.db.read).await?;
    let programme = programmes
        .iter()
        .find(|p| p.id == e.programme_id)
        .map(|p| p.label.clone())
        .unwrap_or_default();
    let prefix = programme.clone() + " – ";
    let fields = lookups::field_choices(&state.db.read)
        .await?
        .into_iter()
        .filter(|f| f.label.starts_with(&prefix))
        .collect();
    Ok(DetailPage {
        layout: Layout::new(format!("Erwartung: {}", e.title), Some(user), "bewertung")
            .with_errors(!forms.errors.is_empty() || forms.conflict.is_some())
            .with_flash(flash),
        raised_on: format_iso(Some(&e.raised_on)),
        decided_on: format_iso(e.decided_on.as_deref()),
        decision: decision_label(e.decision.as_deref()),
        programme,
        measure,
        history,
        assessment,
        decision_form,
        decisions: Decision::ALL,
        errors: forms.errors,
        fields,
        units: lookups::unit_choices(&state.db.read).await?,
        people: lookups::person_choices(&state.db.read).await?,
        can_edit: user.role.can_edit_programme(),
        conflict: forms.conflict,
        e,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<crate::web::FlashQuery>,
) -> AppResult<Response> {
    let page = detail_page(
        &state,
        &user,
        id,
        Forms::none(),
        Flash::from_key(q.meldung.as_deref()),
    )
    .await?;
    Ok(render(&page))
}

pub async fn assess(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AssessmentForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let forms = Forms {
                assessment: Some(form),
                errors,
                ..Forms::none()
            };
            let page = detail_page(&state, &user, id, forms, None).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let aid = queries::insert_assessment(&mut tx, id, user.user_id, &input).await?;
    let benefit = wibe::benefit_index(input.urgency, input.strategic, input.external);
    let quadrant = wibe::quadrant(input.mandatory, benefit, input.effort_index);
    let mut new = json!(input);
    new["assessment_id"] = json!(aid);
    new["nutzen_index"] = json!(benefit);
    new["quadrant"] = json!(quadrant.label());
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Bewerten, Entity::Erwartung, Some(id)).after(new.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/bewertung/{id}?meldung=bewertet#h-verlauf")).into_response())
}

pub async fn decide(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let current = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let history = queries::assessments(&mut tx, id).await?;
    let existing = queries::measure_of(&mut tx, id).await?;
    let mandatory = history.first().is_some_and(|a| a.mandatory);
    let mut parsed = form.parse(!history.is_empty(), mandatory);
    // Checks against the database: the new measure's field, unit, person and number.
    if let Ok(input) = &parsed {
        let mut e = FieldErrors::default();
        if existing.is_some() {
            e.add(
                "decision",
                "Die Erwartung wurde bereits als Maßnahme übernommen; die Entscheidung kann nicht mehr geändert werden.",
            );
        }
        if let Some(m) = &input.measure {
            if mq::programme_of_field(&mut tx, m.field_id).await? != Some(current.programme_id) {
                e.add(
                    "field_id",
                    "Bitte wählen Sie ein Handlungsfeld des Programms der Erwartung.",
                );
            }
            if !lookups::exists(&mut tx, RefTable::OrgUnit, m.org_unit_id).await? {
                e.add(
                    "org_unit_id",
                    "Bitte wählen Sie die federführende Organisationseinheit aus.",
                );
            }
            if !lookups::exists(&mut tx, RefTable::Person, m.person_id).await? {
                e.add(
                    "person_id",
                    "Bitte wählen Sie eine verantwortliche Person aus.",
                );
            }
            if mq::code_taken(&mut tx, current.programme_id, &m.code, None).await? {
                e.add("code", "Diese Nummer ist im Programm bereits vergeben.");
            }
        }
        if !e.is_empty() {
            parsed = Err(e);
        }
    }
    let input = match parsed {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let forms = Forms {
                decision: Some(form),
                errors,
                ..Forms::none()
            };
            let page = detail_page(&state, &user, id, forms, None).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let decided_on = input.decided_on.map(|d| d.to_string());
    let saved = input.version == current.version
        && queries::decide(
            &mut tx,
            id,
            input.version,
            &input.recommendation,
            input.decision.map(Decision::key),
            &input.reason,
            decided_on.as_deref(),
        )
        .await?;
    if !saved {
        drop(tx);
        let conflict = vec![
            ConflictRow {
                label: "Empfehlung der AG",
                mine: form.recommendation.trim().to_string(),
                theirs: current.recommendation.clone(),
            },
            ConflictRow {
                label: "Entscheidung",
                mine: decision_label(Some(form.decision.trim())).to_string(),
                theirs: decision_label(current.decision.as_deref()).to_string(),
            },
            ConflictRow {
                label: "Begründung",
                mine: form.decision_reason.trim().to_string(),
                theirs: current.decision_reason.clone(),
            },
        ];
        let mut mine = form;
        mine.version = current.version.to_string();
        let forms = Forms {
            decision: Some(mine),
            conflict: Some(conflict),
            ..Forms::none()
        };
        let page = detail_page(&state, &user, id, forms, None).await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    // An accepted expectation becomes a measure in the same transaction.
    let mut measure_id = None;
    if let (Some(Decision::Accepted), Some(m)) = (input.decision, &input.measure) {
        let latest = history.first();
        let new_measure = MeasureInput {
            programme_id: current.programme_id,
            field_id: m.field_id,
            code: m.code.clone(),
            title: current.title.clone(),
            description: current.description.clone(),
            org_unit_id: m.org_unit_id,
            person_id: Some(m.person_id),
            priority: Priority::Mittel,
            planned_start: None,
            planned_end: None,
            actual_start: None,
            effort_days: latest.map(|a| a.person_days).unwrap_or(0),
            dsb_relevant: false,
            isb_relevant: false,
            pr_relevant: false,
            ozg_key: None,
            ozg_model: None,
            ozg_level: None,
            sign_offs: Vec::new(),
        };
        let mid = mq::insert(&mut tx, &new_measure, &now_utc()).await?;
        queries::link_measure(&mut tx, mid, id).await?;
        measure_id = Some(mid);
    }
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::Entscheiden, Entity::Erwartung, Some(id)).before(json!({"recommendation": current.recommendation, "decision": current.decision,
                "decision_reason": current.decision_reason, "decided_on": current.decided_on})).after(json!({"recommendation": input.recommendation, "decision": input.decision.map(Decision::key),
                "decision_reason": input.reason, "decided_on": decided_on,
                "measure_id": measure_id,
                "measure_code": input.measure.as_ref().map(|m| m.code.clone())})))
    .await?;
    tx.commit().await?;
    let target = match measure_id {
        Some(mid) => format!("/massnahmen/{mid}?meldung=uebernommen"),
        None => format!("/bewertung/{id}?meldung=entschieden"),
    };
    Ok(Redirect::to(&target).into_response())
}
