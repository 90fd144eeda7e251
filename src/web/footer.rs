//! The footer line of every page, from the city's own data: the city's name (the
//! letterhead, `/verwaltung/briefkopf`) and the programme the council resolved, e.g.
//! "Stadt Musterstadt – Arbeitspapier zur Digitalisierung (Beschluss-Nr. 567/24 vom
//! 21.03.2024)". A hosted service serves many cities, so nothing here is fixed text.
//!
//! It is read in the request's tenant scope like every other query (one statement, by
//! primary key / `min(id)`), so row-level security keeps the cities apart, and handed to
//! [`super::Layout::new`] through a task-local. Each instance keeps the line per tenant
//! (never one line for all: the key is the request's tenant) for [`TTL`]: on PostgreSQL the
//! statement is a transaction of its own (four round trips, 0.7 ms in a debug build, about
//! half the time of the login page). A write through this instance (any request other than
//! GET/HEAD, e.g. the letterhead form) drops its tenant's line, so the next page shows the
//! change; a change made elsewhere (another instance, `sachstand copy`, SQL) shows within
//! [`TTL`].

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::db::Pool;
use crate::domain::dates::format_iso;
use crate::web::AppState;

tokio::task_local! {
    /// The footer line of the request being served ("" outside a request or when the
    /// city has entered nothing yet).
    pub static REQUEST_FOOTER: String;
}

/// What the footer is made of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FooterData {
    /// "Stadt Musterstadt"; "" when the letterhead is not filled in.
    pub city: String,
    /// The oldest programme with a council resolution (a draft without one is not named).
    pub programme: Option<String>,
    pub resolution_no: Option<String>,
    /// ISO date.
    pub resolution_date: Option<String>,
}

/// The city's name and the first resolved programme; several programmes name the
/// oldest one with a resolution number (the one the city's work started with).
const SQL: &str = "SELECT (SELECT city FROM letterhead WHERE id = 1),
        p.title, p.resolution_no, p.resolution_date
     FROM (SELECT 1 AS one) AS x
     LEFT JOIN programmes p ON p.id = (SELECT min(id) FROM programmes
        WHERE resolution_no IS NOT NULL AND resolution_no <> '')";

type Row = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Reads the footer's data in the current tenant's scope.
pub async fn data(pool: &Pool) -> sqlx::Result<FooterData> {
    let row: Option<Row> = crate::db::query_as(SQL).fetch_optional(pool).await?;
    let (city, programme, resolution_no, resolution_date) = row.unwrap_or_default();
    Ok(FooterData {
        city: city.unwrap_or_default().trim().to_owned(),
        programme: programme.filter(|p| !p.trim().is_empty()),
        resolution_no,
        resolution_date,
    })
}

impl FooterData {
    /// "Stadt Musterstadt – Arbeitspapier … (Beschluss-Nr. 567/24 vom 21.03.2024)";
    /// the parts the city has not entered are left out, "" when there is none.
    pub fn line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.city.is_empty() {
            parts.push(self.city.clone());
        }
        if let Some(title) = &self.programme {
            let title = title.trim();
            let no = self.resolution_no.as_deref().map(str::trim).unwrap_or("");
            let date = format_iso(self.resolution_date.as_deref());
            parts.push(match (no.is_empty(), date.is_empty()) {
                (true, _) => title.to_owned(),
                (false, true) => format!("{title} (Beschluss-Nr. {no})"),
                (false, false) => format!("{title} (Beschluss-Nr. {no} vom {date})"),
            });
        }
        parts.join(" – ")
    }
}

/// The footer line of the request being served.
pub fn current() -> String {
    REQUEST_FOOTER.try_with(String::clone).unwrap_or_default()
}

/// How long an instance keeps a tenant's footer line.
pub const TTL: Duration = Duration::from_secs(3);

/// The footer line per tenant (SQLite: the one city, key 0), with the time it was read.
#[derive(Debug, Default)]
pub struct Footers {
    lines: RwLock<HashMap<i64, (String, Instant)>>,
}

impl Footers {
    fn fresh(&self, tenant: i64) -> Option<String> {
        let lines = self.lines.read().ok()?;
        let (line, at) = lines.get(&tenant)?;
        (at.elapsed() < TTL).then(|| line.clone())
    }

    fn store(&self, tenant: i64, line: &str) {
        if let Ok(mut lines) = self.lines.write() {
            if lines.len() > 10_000 {
                lines.clear();
            }
            lines.insert(tenant, (line.to_owned(), Instant::now()));
        }
    }

    fn forget(&self, tenant: i64) {
        if let Ok(mut lines) = self.lines.write() {
            lines.remove(&tenant);
        }
    }
}

/// Middleware: the footer line of the request's tenant (cached for [`TTL`]), for the whole
/// request. Static files and the health check belong to no city and get none; an
/// unreachable database leaves the footer neutral (the page itself reports the outage).
/// A request that may write drops the tenant's line once it is answered.
pub async fn load(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/healthz" || path.starts_with("/static/") {
        return next.run(req).await;
    }
    let tenant = crate::db::tenant::current().unwrap_or(0);
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let line = match state.footers.fresh(tenant) {
        Some(line) => line,
        None => match data(&state.db.read).await {
            Ok(d) => {
                let line = d.line();
                state.footers.store(tenant, &line);
                line
            }
            Err(e) => {
                tracing::debug!(error = %e, "Fußzeile nicht lesbar");
                String::new()
            }
        },
    };
    let res = REQUEST_FOOTER.scope(line, next.run(req)).await;
    if writes {
        state.footers.forget(tenant);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::FooterData;

    fn data(
        city: &str,
        programme: Option<&str>,
        no: Option<&str>,
        date: Option<&str>,
    ) -> FooterData {
        FooterData {
            city: city.into(),
            programme: programme.map(Into::into),
            resolution_no: no.map(Into::into),
            resolution_date: date.map(Into::into),
        }
    }

    #[test]
    fn the_line_names_what_the_city_has_entered() {
        assert_eq!(
            data(
                "Stadt Musterstadt",
                Some("Arbeitspapier"),
                Some("567/24"),
                Some("2024-03-21")
            )
            .line(),
            "Stadt Musterstadt – Arbeitspapier (Beschluss-Nr. 567/24 vom 21.03.2024)"
        );
        assert_eq!(
            data(
                "Stadt Musterstadt",
                Some("Arbeitspapier"),
                Some("12/25"),
                None
            )
            .line(),
            "Stadt Musterstadt – Arbeitspapier (Beschluss-Nr. 12/25)"
        );
        assert_eq!(
            data("", Some("Arbeitspapier"), Some("12/25"), None).line(),
            "Arbeitspapier (Beschluss-Nr. 12/25)"
        );
        assert_eq!(
            data("Gemeinde Beispiel", None, None, None).line(),
            "Gemeinde Beispiel"
        );
        assert_eq!(FooterData::default().line(), "");
    }
}
