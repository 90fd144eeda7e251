//! Which city a request belongs to when many are hosted on one PostgreSQL database: the
//! request's host name, looked up in `tenants` and cached by this instance for a few
//! seconds (a disabled tenant stops being served within `TTL` on every instance). The
//! rest of the request then runs in that tenant's scope (`db::tenant`), which every
//! transaction hands to row-level security. On SQLite (one city per file) nothing
//! happens here.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use crate::db::{self, Db};

/// How long a looked-up host stays cached.
const TTL: Duration = Duration::from_secs(10);

#[derive(Debug, Default)]
pub struct Tenants {
    cache: RwLock<HashMap<String, (Option<i64>, Instant)>>,
}

impl Tenants {
    /// The active tenant serving `host`, if any.
    pub async fn lookup(&self, db: &Db, host: &str) -> sqlx::Result<Option<i64>> {
        let host = db::tenant::host_name(host);
        if let Ok(cache) = self.cache.read()
            && let Some((id, at)) = cache.get(&host)
            && at.elapsed() < TTL
        {
            return Ok(*id);
        }
        let id: Option<i64> =
            db::query_scalar("SELECT id FROM tenants WHERE host = ? AND active = TRUE")
                .bind(&host)
                .fetch_optional(&db.read)
                .await?;
        if let Ok(mut cache) = self.cache.write() {
            if cache.len() > 10_000 {
                cache.clear();
            }
            cache.insert(host, (id, Instant::now()));
        }
        Ok(id)
    }
}

/// Runs the rest of the request in the scope of the tenant its host names: an unknown
/// host gets a German 421 page, an unreachable database a German 503.
pub async fn serve_tenant(
    state: &crate::web::AppState,
    host: String,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;

    use crate::web::{ErrorPage, render_page};
    match state.tenants.lookup(&state.db, &host).await {
        Ok(Some(tenant)) => db::tenant::scope_at(tenant, host, next.run(req)).await,
        Ok(None) => render_page(
            StatusCode::MISDIRECTED_REQUEST,
            &ErrorPage::new(
                "Unbekannte Adresse",
                "Unter dieser Adresse ist keine Stadt eingerichtet. Bitte verwenden Sie die Adresse, die Ihnen Ihre Verwaltung genannt hat.",
                None,
            ),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "Mandant nicht ermittelbar");
            crate::web::error::AppError::from(e).into_response()
        }
    }
}
