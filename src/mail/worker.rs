//! The background sender: every tick it claims due messages, sends them, and records
//! sent or failed (with the error); a failed attempt is retried with exponential backoff.

use std::sync::Arc;
use std::time::Duration;

use super::outbox;
use super::settings::MailSettings;
use super::smtp;
use crate::db::Db;

/// How often the worker looks for due messages.
pub const TICK: Duration = Duration::from_secs(1);
/// Messages per claim.
const BATCH: i64 = 20;

/// One pass: claims due messages and tries each once. Returns how many were sent.
/// Without SMTP settings nothing is claimed: the messages wait in the queue.
pub async fn send_due(db: &Db, settings: &MailSettings) -> anyhow::Result<usize> {
    let Some(smtp_cfg) = &settings.smtp else {
        return Ok(0);
    };
    let timeout = Duration::from_secs(settings.timeout_secs.max(1));
    let mut sent = 0;
    loop {
        let due = outbox::claim_due(&db.write, BATCH).await?;
        if due.is_empty() {
            return Ok(sent);
        }
        let transport = smtp::transport(smtp_cfg, timeout);
        let mut server_down = false;
        for q in &due {
            if server_down {
                // Do not hammer a server that just failed; leave the rest for the next pass.
                crate::db::query("UPDATE outbox SET sending_since = NULL WHERE id = ?")
                    .bind(q.id)
                    .execute(&db.write)
                    .await?;
                continue;
            }
            // (error, permanent): a rejected or unbuildable message is not retried.
            let result = match (&transport, smtp::build(settings, q)) {
                (Err(e), _) => Err((e.clone(), false)),
                (_, Err(e)) => Err((e, true)),
                (Ok(t), Ok(message)) => smtp::send(t, message, timeout).await.map_err(|e| {
                    let permanent = e.starts_with(smtp::REJECTED);
                    (e, permanent)
                }),
            };
            match result {
                Ok(()) => {
                    outbox::mark_sent(&db.write, q.id).await?;
                    sent += 1;
                    tracing::info!(outbox_id = q.id, "E-Mail versandt");
                }
                Err((error, permanent)) => {
                    tracing::warn!(outbox_id = q.id, %error, "E-Mail nicht versandt");
                    let max = if permanent {
                        q.attempts + 1
                    } else {
                        settings.max_attempts
                    };
                    outbox::mark_attempt_failed(
                        &db.write,
                        q,
                        &error,
                        settings.retry_base_secs,
                        max,
                    )
                    .await?;
                    server_down = !permanent;
                }
            }
        }
        if server_down {
            return Ok(sent);
        }
    }
}

/// How many ticks between two runs of the scheduled reminders.
const REMINDER_TICKS: u64 = 60;

/// The cities a pass works for: on PostgreSQL every active tenant (id and host name), each
/// pass then runs in that tenant's scope; on SQLite the one city of the file (`None`).
async fn tenants(db: &Db) -> sqlx::Result<Vec<Option<(i64, String)>>> {
    if db.backend() == crate::db::Backend::Sqlite {
        return Ok(vec![None]);
    }
    let rows: Vec<(i64, String)> =
        crate::db::query_as("SELECT id, host FROM tenants WHERE active = TRUE ORDER BY id")
            .fetch_all(&db.read)
            .await?;
    Ok(rows.into_iter().map(Some).collect())
}

/// Runs forever (spawned by `serve`): releases stale claims once, then sends every tick;
/// `on_tick` runs at start and then once a minute, before a pass (the features' scheduled
/// reminders queue there). On PostgreSQL both run once per active tenant, in its scope;
/// `on_tick` gets the tenant's host name (for the links in its mails).
pub async fn run<F, Fut>(db: Db, settings: Arc<MailSettings>, on_tick: F)
where
    F: Fn(Db, Arc<MailSettings>, Option<String>) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    // One server per SQLite file: a claim left from before a crash is nobody's. On
    // PostgreSQL other instances may be sending right now; a dead instance's claims
    // expire instead (`STALE_CLAIM_SECS`).
    if db.backend() == crate::db::Backend::Sqlite {
        match outbox::release_claims(&db.write).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                messages = n,
                "E-Mails nach Abbruch erneut in der Warteschlange"
            ),
            Err(e) => tracing::error!(error = %e, "Postausgang: Ansprüche nicht freigegeben"),
        }
    }
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ticks: u64 = 0;
    loop {
        interval.tick().await;
        let reminders = ticks.is_multiple_of(REMINDER_TICKS);
        ticks = ticks.wrapping_add(1);
        let cities = match tenants(&db).await {
            Ok(cities) => cities,
            Err(e) => {
                tracing::error!(error = %e, "Postausgang: Mandanten nicht lesbar");
                continue;
            }
        };
        for city in cities {
            let pass = async {
                if reminders
                    && let Err(e) = on_tick(
                        db.clone(),
                        settings.clone(),
                        city.as_ref().map(|(_, host)| host.clone()),
                    )
                    .await
                {
                    tracing::error!(error = %e, "Erinnerungen nicht erzeugt");
                }
                if let Err(e) = send_due(&db, &settings).await {
                    tracing::error!(error = %e, "Postausgang: Versand unterbrochen");
                }
            };
            match &city {
                Some((tenant, host)) => {
                    crate::db::tenant::scope_at(*tenant, host.clone(), pass).await
                }
                None => pass.await,
            }
        }
    }
}
