//! The public pages: extract, check the page is published, read through the public
//! lookups, render. No session, no token, no cookie: the same answer for everyone.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::views::{self, Detail, Frame, Programme, ReportLink};
use super::{data, feed};
use crate::lookups::public::{self, Audience, PublicMeasure};
use crate::lookups::transparency::{self, Frozen, Settings};
use crate::web::{AppError, AppResult, AppState, csv, paths, render, render_page};

#[derive(Template)]
#[template(path = "transparency/index.html")]
struct IndexPage {
    frame: Frame,
    intro: String,
    /// "28.11.2026": the latest change of a public measure ("" without any).
    as_of: String,
    total: usize,
    /// How many measures the page lists (at most `MAX_ON_PAGE`; the data files hold all).
    listed: usize,
    programmes: Vec<Programme>,
    reports: Vec<ReportLink>,
}

#[derive(Template)]
#[template(path = "transparency/measure.html")]
struct MeasurePage {
    frame: Frame,
    m: Detail,
}

#[derive(Template)]
#[template(path = "transparency/report.html")]
struct ReportPage {
    frame: Frame,
    report: ReportLink,
    body: String,
}

#[derive(Template)]
#[template(path = "transparency/off.html")]
struct OffPage {
    frame: Frame,
}

fn frame(title: impl Into<String>, city: &str, s: &Settings) -> Frame {
    Frame {
        title: title.into(),
        city: if city.is_empty() {
            "Stadtverwaltung".to_string()
        } else {
            city.to_string()
        },
        licence_name: s.licence_name.clone(),
        licence_url: s.licence_url.clone(),
        footer: crate::web::footer::current(),
    }
}

/// The settings and the city's name when the page is published; otherwise the German
/// 404 page that says it is not.
async fn published(state: &AppState) -> AppResult<Result<(Settings, String), Response>> {
    let mut conn = state.db.read.acquire().await?;
    let s = transparency::settings(&mut conn).await?;
    let city = transparency::city(&mut conn).await?;
    if !s.enabled {
        let page = OffPage {
            frame: frame("Transparenzseite nicht veröffentlicht", &city, &s),
        };
        return Ok(Err(render_page(StatusCode::NOT_FOUND, &page)));
    }
    Ok(Ok((s, city)))
}

fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

async fn public_measures(state: &AppState) -> AppResult<Vec<PublicMeasure>> {
    let mut conn = state.db.read.acquire().await?;
    Ok(public::all(&mut conn, Audience::Public).await?)
}

/// The overview lists at most this many measures (a city's programme has far fewer); the
/// data files hold all of them.
pub const MAX_ON_PAGE: usize = 1000;

pub async fn index(State(state): State<AppState>) -> AppResult<Response> {
    let (s, city) = match published(&state).await? {
        Ok(p) => p,
        Err(off) => return Ok(off),
    };
    let measures = public_measures(&state).await?;
    let reports = {
        let mut conn = state.db.read.acquire().await?;
        transparency::released(&mut conn).await?
    };
    let intro = if s.intro.is_empty() {
        format!(
            "Hier berichtet die {} über ihr Arbeitsprogramm zur Digitalisierung der Verwaltung: welche Maßnahmen sie umsetzt, wie weit sie sind und ob sie im Plan liegen. Die Angaben stammen aus der Arbeitsgruppe Digitalisierung; die Berichte an den Rat stehen unten zum Herunterladen.",
            if city.is_empty() {
                "Stadtverwaltung"
            } else {
                &city
            }
        )
    } else {
        s.intro.clone()
    };
    Ok(render(&IndexPage {
        frame: frame("Digitalisierung: Stand der Maßnahmen", &city, &s),
        intro,
        as_of: crate::domain::dates::format_iso(
            measures.iter().map(|m| m.updated_at.as_str()).max(),
        ),
        total: measures.len(),
        listed: measures.len().min(MAX_ON_PAGE),
        programmes: views::programmes(&measures[..measures.len().min(MAX_ON_PAGE)]),
        reports: reports.iter().map(ReportLink::of).collect(),
    }))
}

fn positive_id(raw: &str) -> AppResult<i64> {
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(AppError::NotFound),
    }
}

pub async fn measure(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let (s, city) = match published(&state).await? {
        Ok(p) => p,
        Err(off) => return Ok(off),
    };
    let id = positive_id(&raw)?;
    let mut conn = state.db.read.acquire().await?;
    let m = public::one(&mut conn, id)
        .await?
        .filter(|m| public::visible_to(m, Audience::Public))
        .ok_or(AppError::NotFound)?;
    Ok(render(&MeasurePage {
        frame: frame(format!("{} {}", m.code, m.title), &city, &s),
        m: Detail::of(&m),
    }))
}

/// `/transparenz/berichte/{id}`, `{id}.pdf`, `{id}.docx`: the files frozen at release.
pub async fn report(State(state): State<AppState>, Path(raw): Path<String>) -> AppResult<Response> {
    let (s, city) = match published(&state).await? {
        Ok(p) => p,
        Err(off) => return Ok(off),
    };
    let (id, which) = if let Some(id) = raw.strip_suffix(".pdf") {
        (id, Frozen::Pdf)
    } else if let Some(id) = raw.strip_suffix(".docx") {
        (id, Frozen::Docx)
    } else {
        (raw.as_str(), Frozen::Html)
    };
    let id = positive_id(id)?;
    let mut conn = state.db.read.acquire().await?;
    let r = transparency::released_one(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = transparency::frozen(&mut conn, id, which)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = file_stem(&r.vorlage_no);
    Ok(match which {
        Frozen::Html => {
            let body = String::from_utf8(bytes).map_err(anyhow::Error::from)?;
            let link = ReportLink::of(&r);
            render(&ReportPage {
                frame: frame(link.title.clone(), &city, &s),
                report: link,
                body,
            })
        }
        Frozen::Pdf => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{name}.pdf\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Frozen::Docx => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        .to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.docx\""),
                ),
            ],
            bytes,
        )
            .into_response(),
    })
}

/// "Sachstandsbericht-2026-123": ASCII only, safe inside a header.
fn file_stem(vorlage_no: &str) -> String {
    let safe: String = vorlage_no
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("Sachstandsbericht-{safe}")
}

pub async fn atom(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let (_, city) = match published(&state).await? {
        Ok(p) => p,
        Err(off) => return Ok(off),
    };
    let reports = {
        let mut conn = state.db.read.acquire().await?;
        transparency::released(&mut conn).await?
    };
    let site = &state.site;
    let host = host(&headers);
    let abs = |p: paths::Href| site.absolute(p.as_str(), host);
    let report = |id| abs(paths::public_report(id));
    let pdf = |id| abs(paths::public_report_pdf(id));
    let docx = |id| abs(paths::public_report_docx(id));
    let links = feed::Links {
        feed: abs(paths::transparency_feed()),
        page: abs(paths::transparency()),
        report: &report,
        pdf: &pdf,
        docx: &docx,
    };
    let body = feed::atom(&reports, &city, &links);
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response())
}

/// `Link: <licence>; rel="license"` (RFC 6903) on the data files.
fn licence_link(s: &Settings) -> Option<HeaderValue> {
    let url = s.licence_url.replace(['<', '>', '"'], "");
    HeaderValue::from_str(&format!("<{url}>; rel=\"license\"")).ok()
}

pub async fn data_csv(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let (s, _) = match published(&state).await? {
        Ok(p) => p,
        Err(off) => return Ok(off),
    };
    let measures = public_measures(&state).await?;
    let host = host(&headers);
    let bytes = data::csv(&measures, |id| {
        state
            .site
            .absolute(paths::public_measure(id).as_str(), host)
    })
    .map_err(anyhow::Error::from)?;
    let mut res = csv::download("massnahmen-digitalisierung.csv", bytes);
    if let Some(v) = licence_link(&s) {
        res.headers_mut().insert(header::LINK, v);
    }
    Ok(res)
}

pub async fn data_json(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let (s, city) = match published(&state).await? {
        Ok(p) => p,
        Err(off) => return Ok(off),
    };
    let measures = public_measures(&state).await?;
    let host = host(&headers);
    let doc = data::json(&measures, &s, &city, |id| {
        state
            .site
            .absolute(paths::public_measure(id).as_str(), host)
    });
    let body = serde_json::to_vec_pretty(&doc).map_err(anyhow::Error::from)?;
    let mut res = (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"massnahmen-digitalisierung.json\"".to_string(),
            ),
        ],
        body,
    )
        .into_response();
    if let Some(v) = licence_link(&s) {
        res.headers_mut().insert(header::LINK, v);
    }
    Ok(res)
}
