//! The OParl requests: the System, the Body's lists (paginated, filtered), single objects,
//! the report files, and the OParl error object for everything else.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::data::{self, Data};
use super::objects::{self, BODY_LISTS, Urls};
use crate::web::AppState;

/// Page size without `limit`, and the most a client can ask for.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 100;

const FILTERS: [&str; 4] = [
    "created_since",
    "created_until",
    "modified_since",
    "modified_until",
];

fn json_response(status: StatusCode, value: &Value) -> Response {
    // serde_json writes UTF-8 without a byte order mark; non-ASCII stays as is.
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}

/// The OParl error object (`type` …/Error, a German `message`, `debug`).
fn error(status: StatusCode, message: &str, debug: &str) -> Response {
    json_response(
        status,
        &json!({
            "type": objects::type_uri("Error"),
            "message": message,
            "debug": debug,
        }),
    )
}

fn not_found(path: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Dieses Objekt gibt es in dieser OParl-Schnittstelle nicht.",
        &format!("unknown path /oparl/v1.1/{path}"),
    )
}

fn internal(e: &sqlx::Error) -> Response {
    let id = crate::web::error::incident_id();
    tracing::error!(incident = %id, error = %e, "OParl: Datenbankfehler");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Interner Fehler. Bitte nennen Sie bei Rückfragen die Vorfallsnummer.",
        &format!("incident {id}"),
    )
}

fn urls(state: &AppState, headers: &HeaderMap) -> Urls {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin = state.site.absolute("", host);
    Urls { origin }
}

async fn load(state: &AppState) -> Result<Data, sqlx::Error> {
    let mut conn = state.db.read.acquire().await?;
    data::load(&mut conn).await
}

pub async fn system(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let u = urls(&state, &headers);
    match load(&state).await {
        Ok(d) => json_response(StatusCode::OK, &objects::system(&d, &u)),
        Err(e) => internal(&e),
    }
}

/// The query of a list request, checked.
struct ListQuery {
    /// Filters as given (kept in every link), parsed.
    filters: Vec<(&'static str, String, DateTime<Utc>)>,
    limit: usize,
    limit_given: bool,
    page: usize,
    omit_internal: bool,
}

/// A bad parameter: the German message and the debug text of the 400 answer.
type BadParameter = (String, String);

fn parse_query(raw: Option<&str>) -> Result<ListQuery, BadParameter> {
    let bad = |message: String, debug: String| (message, debug);
    let mut q = ListQuery {
        filters: Vec::new(),
        limit: DEFAULT_LIMIT,
        limit_given: false,
        page: 1,
        omit_internal: false,
    };
    for (k, v) in url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        if let Some(name) = FILTERS.iter().find(|f| **f == k) {
            let t = DateTime::parse_from_rfc3339(v.trim()).map_err(|e| {
                bad(
                    format!(
                        "Der Filter {name} erwartet einen Zeitpunkt mit Zeitzone wie 2026-01-01T00:00:00+01:00, nicht „{v}“."
                    ),
                    e.to_string(),
                )
            })?;
            q.filters.retain(|f| f.0 != *name);
            q.filters
                .push((name, v.trim().to_string(), t.with_timezone(&Utc)));
        } else if k == "limit" {
            let n: usize = v.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                bad(
                    format!("Der Parameter limit erwartet eine ganze Zahl ab 1, nicht „{v}“."),
                    "limit".into(),
                )
            })?;
            q.limit = n.min(MAX_LIMIT);
            q.limit_given = true;
        } else if k == "page" {
            q.page = v.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                bad(
                    format!("Der Parameter page erwartet eine Seitenzahl ab 1, nicht „{v}“."),
                    "page".into(),
                )
            })?;
        } else if k == "omit_internal" {
            q.omit_internal = v == "true";
        }
    }
    Ok(q)
}

impl ListQuery {
    fn modified_since(&self) -> bool {
        self.filters.iter().any(|f| f.0 == "modified_since")
    }

    fn keeps(&self, e: &Entry) -> bool {
        if e.deleted && !self.modified_since() {
            return false;
        }
        self.filters.iter().all(|(name, _, t)| match *name {
            "created_since" => e.created >= *t,
            "created_until" => e.created <= *t,
            "modified_since" => e.modified >= *t,
            _ => e.modified <= *t,
        })
    }

    /// The link to a page of the list: the filters, `limit` and `omit_internal` kept.
    fn link(&self, list: &str, page: usize) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (name, raw, _) in &self.filters {
            s.append_pair(name, raw);
        }
        if self.limit_given {
            s.append_pair("limit", &self.limit.to_string());
        }
        if self.omit_internal {
            s.append_pair("omit_internal", "true");
        }
        s.append_pair("page", &page.to_string());
        format!("{list}?{}", s.finish())
    }
}

/// One object of a list with what filters and sorting need.
struct Entry {
    key: (i64, i64),
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
    deleted: bool,
    value: Value,
}

fn entries(d: &Data, u: &Urls, list: &str, omit_internal: bool) -> Option<Vec<Entry>> {
    let v = match list {
        "body" => vec![Entry {
            key: (1, 0),
            created: d.installed,
            modified: objects_modified(&objects::body(d, u)).unwrap_or(d.installed),
            deleted: false,
            value: objects::body(d, u),
        }],
        "organization" => vec![Entry {
            key: (1, 0),
            created: d.installed,
            modified: d.installed,
            deleted: false,
            value: objects::organization(d, u),
        }],
        "meeting" => d
            .meetings
            .iter()
            .map(|m| Entry {
                key: (m.id, 0),
                created: m.created,
                modified: m.modified,
                deleted: false,
                value: objects::meeting(d, u, m, omit_internal),
            })
            .collect(),
        "agendaItem" => d
            .items
            .iter()
            .map(|i| Entry {
                key: (i.id, 0),
                created: i.created,
                modified: i.modified,
                deleted: i.public_name.is_none(),
                value: objects::item(u, i),
            })
            .collect(),
        "paper" => d
            .reports
            .iter()
            .map(|r| Entry {
                key: (r.id, 0),
                created: r.released,
                modified: r.released,
                deleted: false,
                value: objects::paper(u, r, omit_internal),
            })
            .collect(),
        "file" => d
            .reports
            .iter()
            .flat_map(|r| {
                let mut v = vec![Entry {
                    key: (r.id, 0),
                    created: r.released,
                    modified: r.released,
                    deleted: false,
                    value: objects::file(u, r, false, false),
                }];
                if r.docx_size.is_some() {
                    v.push(Entry {
                        key: (r.id, 1),
                        created: r.released,
                        modified: r.released,
                        deleted: false,
                        value: objects::file(u, r, true, false),
                    });
                }
                v
            })
            .collect(),
        "person" | "consultation" | "location" | "legislativeTerm" | "membership" => Vec::new(),
        _ => return None,
    };
    Some(v)
}

fn objects_modified(v: &Value) -> Option<DateTime<Utc>> {
    v.get("modified")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

fn list_page(mut all: Vec<Entry>, q: &ListQuery, list_url: &str) -> Response {
    all.retain(|e| q.keeps(e));
    all.sort_by_key(|e| e.key);
    let total = all.len();
    let pages = total.div_ceil(q.limit).max(1);
    if q.page > pages {
        return error(
            StatusCode::NOT_FOUND,
            &format!(
                "Diese Listenseite gibt es nicht; die Liste hat {pages} {}.",
                if pages == 1 { "Seite" } else { "Seiten" }
            ),
            &format!("page {} of {pages}", q.page),
        );
    }
    let data: Vec<Value> = all
        .into_iter()
        .skip((q.page - 1) * q.limit)
        .take(q.limit)
        .map(|e| e.value)
        .collect();
    let mut links = serde_json::Map::new();
    links.insert("first".into(), json!(q.link(list_url, 1)));
    if q.page > 1 {
        links.insert("prev".into(), json!(q.link(list_url, q.page - 1)));
    }
    links.insert("self".into(), json!(q.link(list_url, q.page)));
    if q.page < pages {
        links.insert("next".into(), json!(q.link(list_url, q.page + 1)));
    }
    links.insert("last".into(), json!(q.link(list_url, pages)));
    json_response(
        StatusCode::OK,
        &json!({
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": q.limit,
                "currentPage": q.page,
                "totalPages": pages,
            },
            "links": links,
        }),
    )
}

/// Everything below `/oparl/v1.1/` except the System.
pub async fn dispatch(
    State(state): State<AppState>,
    Path(rest): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let u = urls(&state, &headers);
    let parts: Vec<&str> = rest.split('/').collect();
    // Lists: `body` (of the System) and `body/1/{list}`.
    let list = match parts.as_slice() {
        ["body"] => Some(("body", u.at("body"))),
        ["body", "1", segment] => BODY_LISTS
            .iter()
            .find(|(_, s)| s == segment)
            .map(|(_, s)| (*s, u.list(s))),
        _ => None,
    };
    if let Some((list, list_url)) = list {
        let q = match parse_query(query.as_deref()) {
            Ok(q) => q,
            Err((message, debug)) => return error(StatusCode::BAD_REQUEST, &message, &debug),
        };
        let d = match load(&state).await {
            Ok(d) => d,
            Err(e) => return internal(&e),
        };
        return match entries(&d, &u, list, q.omit_internal) {
            Some(all) => list_page(all, &q, &list_url),
            None => not_found(&rest),
        };
    }
    let omit_internal = query.as_deref().is_some_and(|q| {
        url::form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "omit_internal" && v == "true")
    });
    match parts.as_slice() {
        ["body", "1"] | ["organization", "1"] => {}
        ["meeting" | "agendaitem" | "paper", id] if id.parse::<i64>().is_ok() => {}
        ["file", id] | ["file", id, "access" | "download"] if file_id(id).is_some() => {}
        _ => return not_found(&rest),
    }
    let d = match load(&state).await {
        Ok(d) => d,
        Err(e) => return internal(&e),
    };
    let num = |s: &str| s.parse::<i64>().ok();
    let found = match parts.as_slice() {
        ["body", "1"] => Some(objects::body(&d, &u)),
        ["organization", "1"] => Some(objects::organization(&d, &u)),
        ["meeting", id] => d
            .meetings
            .iter()
            .find(|m| Some(m.id) == num(id))
            .map(|m| objects::meeting(&d, &u, m, omit_internal)),
        ["agendaitem", id] => d
            .items
            .iter()
            .find(|i| Some(i.id) == num(id))
            .map(|i| objects::item(&u, i)),
        ["paper", id] => d
            .reports
            .iter()
            .find(|r| Some(r.id) == num(id))
            .map(|r| objects::paper(&u, r, omit_internal)),
        ["file", id] => file_id(id).and_then(|(report, docx)| {
            d.reports
                .iter()
                .find(|r| r.id == report && (!docx || r.docx_size.is_some()))
                .map(|r| objects::file(&u, r, docx, false))
        }),
        ["file", id, how] => {
            let Some((report, docx)) = file_id(id) else {
                return not_found(&rest);
            };
            let Some(r) = d.reports.iter().find(|r| r.id == report) else {
                return not_found(&rest);
            };
            return file_content(&state, r, docx, *how == "download", &rest).await;
        }
        _ => None,
    };
    match found {
        Some(v) => json_response(StatusCode::OK, &v),
        None => not_found(&rest),
    }
}

/// `12-pdf` → (12, false), `12-docx` → (12, true).
fn file_id(s: &str) -> Option<(i64, bool)> {
    let (id, ext) = s.split_once('-')?;
    let id = id.parse().ok()?;
    match ext {
        "pdf" => Some((id, false)),
        "docx" => Some((id, true)),
        _ => None,
    }
}

/// The frozen bytes: `access` inline, `download` as an attachment with its file name.
async fn file_content(
    state: &AppState,
    r: &data::Report,
    docx: bool,
    download: bool,
    rest: &str,
) -> Response {
    let bytes = {
        let mut conn = match state.db.read.acquire().await {
            Ok(c) => c,
            Err(e) => return internal(&e),
        };
        match data::file_bytes(&mut conn, r.id, docx).await {
            Ok(Some(b)) => b,
            Ok(None) => return not_found(rest),
            Err(e) => return internal(&e),
        }
    };
    let (mime, ext) = if docx {
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )
    } else {
        ("application/pdf", "pdf")
    };
    let disposition = format!(
        "{}; filename=\"{}.{ext}\"",
        if download { "attachment" } else { "inline" },
        r.file_stem
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}
