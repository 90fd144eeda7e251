//! /haushalt: sums, medium-term view, CSV, budget line forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Utc};
use serde::Deserialize;
use serde_json::json;

use super::forms::{KINDS, LineForm};
use super::queries::{self, LineRow};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::budget::{Amounts, medium_term_years, sum_by};
use crate::domain::money::{format_euro, format_plain};
use crate::domain::validation::FieldErrors;
use crate::lookups::programme_filter;
use crate::lookups::{self, Choice};
use crate::measures::csv::neutralise;
use crate::web::AppState;
use crate::web::{AppError, AppResult};
use crate::web::{ConflictRow, Flash, Layout, render, render_page};
use crate::web::{CsrfForm, Require};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct YearQuery {
    pub jahr: String,
    pub programm: String,
    pub meldung: Option<String>,
}

impl YearQuery {
    fn year(&self) -> AppResult<i64> {
        match self.jahr.trim() {
            "" => Ok(i64::from(Utc::now().year())),
            s => match s.parse::<i64>() {
                Ok(y) if (2000..=2100).contains(&y) => Ok(y),
                _ => Err(AppError::BadRequest(
                    "Das Haushaltsjahr muss eine Jahreszahl von 2000 bis 2100 sein.".into(),
                )),
            },
        }
    }
}

fn amounts(l: &LineRow) -> Amounts {
    Amounts {
        planned: l.planned,
        approved: l.approved,
        actual: l.actual,
    }
}

pub struct SumRow {
    pub label: String,
    pub planned: String,
    pub approved: String,
    pub actual: String,
    pub approved_minus_planned: String,
    pub actual_minus_approved: String,
    pub used: String,
    pub over: bool,
}

impl SumRow {
    fn new(label: String, a: Amounts) -> Self {
        Self {
            label,
            planned: format_euro(a.planned),
            approved: format_euro(a.approved),
            actual: format_euro(a.actual),
            approved_minus_planned: format_euro(a.approved_minus_planned()),
            actual_minus_approved: format_euro(a.actual_minus_approved()),
            used: a
                .used_percent()
                .map(|p| format!("{p} %"))
                .unwrap_or_else(|| "–".into()),
            over: a.actual_minus_approved() > 0,
        }
    }
}

pub struct Table {
    pub rows: Vec<SumRow>,
    pub total: SumRow,
}

fn table<K: Ord + Clone>(
    lines: &[&LineRow],
    key: impl Fn(&LineRow) -> K,
    label: impl Fn(&K) -> String,
) -> Table {
    let (groups, total) = sum_by(lines, |l| key(l), |l| amounts(l));
    Table {
        rows: groups
            .into_iter()
            .map(|(k, a)| SumRow::new(label(&k), a))
            .collect(),
        total: SumRow::new("Summe".into(), total),
    }
}

pub struct MediumRow {
    pub label: String,
    pub years: Vec<String>,
    pub total: String,
}

pub struct LineView {
    pub id: i64,
    pub measure_id: i64,
    pub measure: String,
    pub kind: String,
    pub product: String,
    pub account: String,
    pub planned: String,
    pub approved: String,
    pub actual: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "budget/page.html")]
struct Page {
    layout: Layout,
    year: i64,
    prev: i64,
    next: i64,
    programm: String,
    programmes: Vec<Choice>,
    by_field: Table,
    by_kind: Table,
    by_account: Table,
    years: [i32; 4],
    medium: Vec<MediumRow>,
    medium_total: MediumRow,
    lines: Vec<LineView>,
    csv_href: String,
    can_edit: bool,
    form: LineForm,
    errors: FieldErrors,
    measures: Vec<Choice>,
    kinds: &'static [(&'static str, &'static str)],
}

async fn build_page(
    state: &AppState,
    user: &Session,
    q: &YearQuery,
    form: Option<LineForm>,
    errors: FieldErrors,
) -> AppResult<Page> {
    let year = q.year()?;
    let programme = programme_filter(&q.programm)?;
    let all = queries::lines(&state.db.read, year, year + 3, programme).await?;
    let current: Vec<&LineRow> = all.iter().filter(|l| l.fiscal_year == year).collect();
    let by_field = table(
        &current,
        |l| {
            (
                l.programme_id,
                l.field_position,
                format!("{} {}", l.field_code, l.field_title),
            )
        },
        |k| k.2.clone(),
    );
    let by_kind = table(&current, |l| l.kind.clone(), |k| k.clone());
    let by_account = table(
        &current,
        |l| (l.product.clone(), l.account.clone()),
        |(p, a)| {
            let p = if p.is_empty() { "ohne Produkt" } else { p };
            let a = if a.is_empty() { "ohne Sachkonto" } else { a };
            format!("{p} / {a}")
        },
    );
    let years = medium_term_years(year as i32);
    let all_refs: Vec<&LineRow> = all.iter().collect();
    let (fields, _) = sum_by(
        &all_refs,
        |l| {
            (
                l.programme_id,
                l.field_position,
                format!("{} {}", l.field_code, l.field_title),
            )
        },
        |_| Amounts::default(),
    );
    let planned_in = |pred: &dyn Fn(&LineRow) -> bool, y: i32| -> i64 {
        all.iter()
            .filter(|l| l.fiscal_year == i64::from(y) && pred(l))
            .map(|l| l.planned)
            .sum()
    };
    let medium = fields
        .iter()
        .map(|(k, _)| {
            let pred = |l: &LineRow| (l.programme_id, l.field_position) == (k.0, k.1);
            let per: Vec<i64> = years.iter().map(|y| planned_in(&pred, *y)).collect();
            MediumRow {
                label: k.2.clone(),
                total: format_euro(per.iter().sum()),
                years: per.into_iter().map(format_euro).collect(),
            }
        })
        .collect();
    let per_total: Vec<i64> = years.iter().map(|y| planned_in(&|_| true, *y)).collect();
    let medium_total = MediumRow {
        label: "Summe".into(),
        total: format_euro(per_total.iter().sum()),
        years: per_total.into_iter().map(format_euro).collect(),
    };
    let lines = current
        .iter()
        .map(|l| LineView {
            id: l.id,
            measure_id: l.measure_id,
            measure: format!("{} {}", l.measure_code, l.measure_title),
            kind: l.kind.clone(),
            product: l.product.clone(),
            account: l.account.clone(),
            planned: format_euro(l.planned),
            approved: format_euro(l.approved),
            actual: format_euro(l.actual),
            note: l.note.clone(),
        })
        .collect();
    let qs = |y: i64| {
        if q.programm.trim().is_empty() {
            format!("jahr={y}")
        } else {
            format!("jahr={y}&programm={}", q.programm.trim())
        }
    };
    Ok(Page {
        layout: Layout::new(format!("Haushalt {year}"), Some(user), "haushalt")
            .with_errors(!errors.is_empty())
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        year,
        prev: year - 1,
        next: year + 1,
        programm: q.programm.trim().to_string(),
        programmes: lookups::programme_choices(&state.db.read).await?,
        by_field,
        by_kind,
        by_account,
        years,
        medium,
        medium_total,
        lines,
        csv_href: format!("/haushalt.csv?{}", qs(year)),
        can_edit: user.role.can_edit_programme(),
        form: form.unwrap_or_else(|| LineForm {
            fiscal_year: year.to_string(),
            kind: "konsumtiv".into(),
            ..Default::default()
        }),
        errors,
        measures: queries::measure_choices(&state.db.read).await?,
        kinds: KINDS,
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    Ok(render(
        &build_page(&state, &user, &q, None, FieldErrors::default()).await?,
    ))
}

pub async fn csv(
    State(state): State<AppState>,
    _user: Require<Internal>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year()?;
    let programme = programme_filter(&q.programm)?;
    let rows = queries::lines(&state.db.read, year, year, programme).await?;
    let body = render_csv(&rows).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"haushalt-{year}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// German Excel conventions as the measure export: BOM, `;`, CRLF, formulas neutralised.
fn render_csv(rows: &[LineRow]) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record([
            "Haushaltsjahr",
            "Nr.",
            "Maßnahme",
            "Handlungsfeld",
            "Art",
            "Produkt",
            "Sachkonto",
            "Plan (EUR)",
            "Ansatz (EUR)",
            "Ist (EUR)",
            "Ist minus Ansatz (EUR)",
            "Bemerkung",
        ])?;
        for r in rows {
            let cells = [
                r.fiscal_year.to_string(),
                r.measure_code.clone(),
                r.measure_title.clone(),
                format!("{} {}", r.field_code, r.field_title),
                r.kind.clone(),
                r.product.clone(),
                r.account.clone(),
                format_plain(r.planned),
                format_plain(r.approved),
                format_plain(r.actual),
                format_plain(r.actual - r.approved),
                r.note.clone(),
            ];
            w.write_record(cells.iter().map(|c| neutralise(c)))?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn line_json(l: &queries::LineInput) -> serde_json::Value {
    json!(l)
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<LineForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let parsed = match form.parse() {
        Ok(l) if queries::measure_exists(&mut tx, l.measure_id).await? => Ok(l),
        Ok(_) => {
            let mut e = FieldErrors::default();
            e.add("measure_id", "Bitte wählen Sie eine Maßnahme aus.");
            Err(e)
        }
        Err(e) => Err(e),
    };
    let input = match parsed {
        Ok(l) => l,
        Err(errors) => {
            drop(tx);
            let q = YearQuery {
                jahr: form
                    .fiscal_year
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
                ..Default::default()
            };
            let page = build_page(&state, &user, &q, Some(form), errors).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let id = queries::insert(&mut tx, &input).await?;
    let mut new = line_json(&input);
    new["budget_line_id"] = json!(id);
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::HaushaltszeileAnlegen,
            Entity::Massnahme,
            Some(input.measure_id),
        )
        .after(new.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/haushalt?jahr={}&meldung=haushalt#h-zeilen",
        input.fiscal_year
    ))
    .into_response())
}

#[derive(Template)]
#[template(path = "budget/edit.html")]
struct EditPage {
    layout: Layout,
    id: i64,
    form: LineForm,
    errors: FieldErrors,
    measures: Vec<Choice>,
    kinds: &'static [(&'static str, &'static str)],
    conflict: Option<Vec<ConflictRow>>,
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
    let page = edit_page(
        &state,
        &user,
        id,
        LineForm::from_line(&line),
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(render(&page))
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<LineForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let current = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let parsed = match form.parse() {
        Ok(l) if queries::measure_exists(&mut tx, l.measure_id).await? => Ok(l),
        Ok(_) => {
            let mut e = FieldErrors::default();
            e.add("measure_id", "Bitte wählen Sie eine Maßnahme aus.");
            Err(e)
        }
        Err(e) => Err(e),
    };
    let input = match parsed {
        Ok(l) => l,
        Err(errors) => {
            drop(tx);
            let page = edit_page(&state, &user, id, form, errors, None).await?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let version = form.version.trim().parse::<i64>().unwrap_or(-1);
    if version != current.version || !queries::update(&mut tx, id, version, &input).await? {
        drop(tx);
        let theirs = LineForm::from_line(&current);
        let pairs: [(&'static str, &String, &String); 6] = [
            ("Art", &form.kind, &theirs.kind),
            ("Produkt", &form.product, &theirs.product),
            ("Sachkonto", &form.account, &theirs.account),
            ("Plan", &form.planned, &theirs.planned),
            ("Ansatz", &form.approved, &theirs.approved),
            ("Ist", &form.actual, &theirs.actual),
        ];
        let rows = pairs
            .iter()
            .map(|(label, a, b)| ConflictRow {
                label,
                mine: a.trim().to_string(),
                theirs: b.trim().to_string(),
            })
            .collect();
        let mut mine = form;
        mine.version = current.version.to_string();
        let page = edit_page(&state, &user, id, mine, FieldErrors::default(), Some(rows)).await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    let old = json!({
        "measure_id": current.measure_id, "fiscal_year": current.fiscal_year, "kind": current.kind,
        "product": current.product, "account": current.account, "planned": current.planned,
        "approved": current.approved, "actual": current.actual, "note": current.note,
    });
    let (old, mut new) = audit::diff(&old, &line_json(&input));
    new["budget_line_id"] = json!(id);
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::HaushaltszeileBearbeiten,
            Entity::Massnahme,
            Some(input.measure_id),
        )
        .before(old.clone())
        .after(new.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/haushalt?jahr={}&meldung=haushalt#h-zeilen",
        input.fiscal_year
    ))
    .into_response())
}
