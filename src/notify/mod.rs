//! What Sachstand tells people by e-mail (issue 14): the status request round and its
//! reminders, meeting invitations with iCalendar, releases waiting and done, task
//! reminders. Each mail is queued in the transaction of its event (`crate::mail::queue`);
//! the scheduled reminders are queued by `tick`, which the outbox worker runs.

pub mod meetings;
pub mod people;
pub mod prefs;
pub mod releases;
pub mod round;
pub mod tasks;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::db::Db;
use crate::mail::MailSettings;
use crate::web::AppState;

/// The absolute address links in mails start with: `--public-url`, else the local default;
/// for a hosted city, with its host name (the request's, see `db::tenant::scope_at`).
pub fn base_url(state: &AppState) -> String {
    let base = state
        .site
        .public_url
        .as_ref()
        .map(|u| u.as_str().trim_end_matches('/').to_string())
        .unwrap_or_else(|| "http://localhost:3000".to_string());
    match (crate::db::tenant::current_host(), &state.site.public_url) {
        (Some(host), Some(_)) => base_for_host(&base, &crate::db::tenant::host_name(&host)),
        (Some(host), None) => format!("http://{host}"),
        (None, _) => base,
    }
}

/// The scheduled reminders for `today` (Europe/Berlin date): round reminders, the
/// Sachstand owed before a meeting, task reminders. Each is queued once (marked in its table
/// in the same transaction), so running this every minute is harmless.
pub async fn tick(
    db: &Db,
    settings: &MailSettings,
    base: &str,
    today: NaiveDate,
) -> anyhow::Result<()> {
    round::remind(db, settings, base, today).await?;
    meetings::remind_owed(db, settings, base, today).await?;
    tasks::remind(db, settings, base, today).await?;
    Ok(())
}

/// Today in Europe/Berlin.
pub fn today_berlin() -> NaiveDate {
    let now = chrono::Utc::now();
    let offset = crate::domain::dates::berlin_offset_hours(now);
    (now + chrono::Duration::hours(offset)).date_naive()
}

/// The background task `serve` starts: the outbox worker with the reminders on its tick.
pub async fn worker(state: AppState) {
    let base = base_url(&state);
    let settings: Arc<MailSettings> = state.mail.clone();
    crate::mail::worker::run(state.db.clone(), settings, move |db, s, host| {
        let base = host.map_or_else(|| base.clone(), |h| base_for_host(&base, &h));
        async move { tick(&db, &s, &base, today_berlin()).await }
    })
    .await;
}

/// The public address for one hosted city: the configured address (scheme, port) with the
/// city's host name (`sachstand tenant add … --host`), so that its mails link to its site.
fn base_for_host(base: &str, host: &str) -> String {
    let Ok(mut u) = url::Url::parse(base) else {
        return base.to_string();
    };
    if u.set_host(Some(host)).is_err() {
        return base.to_string();
    }
    u.as_str().trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::base_for_host;

    #[test]
    fn a_hosted_city_gets_its_own_host_with_the_configured_scheme_and_port() {
        assert_eq!(
            base_for_host("https://sachstand.example.de", "sachstand.example-stadt.de"),
            "https://sachstand.example-stadt.de"
        );
        assert_eq!(
            base_for_host("http://127.0.0.1:8080", "stadt.localhost"),
            "http://stadt.localhost:8080"
        );
        assert_eq!(base_for_host("kaputt", "x.de"), "kaputt");
    }
}
