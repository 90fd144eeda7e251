//! /verwaltung/postausgang — the outbox: queued, sent and failed mails with the error, and
//! putting a failed one back into the queue (admins only, audited).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::audit::{self, Action, Entity, Entry};
use crate::auth::Admins;
use crate::domain::dates::format_timestamp;
use crate::mail::outbox::{self, Filter, OutboxRow};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Layout, NoFields, Require};
use crate::web::{paths, render};

/// Rows per page (newest first); the page says when there are more.
const LIMIT: i64 = 200;

pub struct OutboxView {
    pub id: i64,
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    pub created: String,
    /// "versandt am …", "wartet, nächster Versuch …", "fehlgeschlagen am …"
    pub state: String,
    pub attempts: i64,
    pub error: String,
    pub failed: bool,
}

/// The German name of what caused a mail.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "abfrage" => "Sachstandsabfrage",
        "abfrage_erinnerung" => "Erinnerung Sachstandsabfrage",
        "einladung" => "Einladung",
        "einladung_aktualisiert" => "Terminänderung",
        "absage" => "Absage",
        "sitzung_erinnerung" => "Erinnerung vor Sitzung",
        "aufgabe_erinnerung" => "Erinnerung Aufgabe",
        "freigabe_wartet" => "Wartet auf Freigabe",
        "freigegeben" => "Freigegeben",
        _ => "Sonstige",
    }
}

impl OutboxView {
    fn new(r: OutboxRow) -> Self {
        let state = if let Some(at) = &r.sent_at {
            format!("versandt am {}", format_timestamp(at))
        } else if let Some(at) = &r.failed_at {
            format!("fehlgeschlagen am {}", format_timestamp(at))
        } else if r.sending_since.is_some() {
            "wird gerade versandt".to_string()
        } else if r.attempts == 0 {
            "wartet auf den Versand".to_string()
        } else {
            format!(
                "wartet, nächster Versuch {}",
                format_timestamp(&r.next_attempt_at)
            )
        };
        Self {
            id: r.id,
            kind: kind_label(&r.kind),
            recipient: format!("{} <{}>", r.recipient_name, r.recipient),
            subject: r.subject,
            created: format_timestamp(&r.created_at),
            state,
            attempts: r.attempts,
            error: r.last_error.unwrap_or_default(),
            failed: r.failed_at.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage {
    layout: Layout,
    configured: bool,
    server: String,
    filter: &'static str,
    queued: i64,
    sent: i64,
    failed: i64,
    rows: Vec<OutboxView>,
    more: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OutboxQuery {
    pub zeige: String,
    pub meldung: Option<String>,
}

pub async fn outbox(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<OutboxQuery>,
) -> AppResult<Response> {
    let filter = Filter::parse(q.zeige.trim()).ok_or_else(|| {
        AppError::BadRequest(
            "Unbekannte Auswahl. Bitte wählen Sie wartend, versandt oder fehlgeschlagen.".into(),
        )
    })?;
    let mut conn = state.db.read.acquire().await?;
    let (queued, sent, failed) = outbox::counts(&mut conn).await?;
    let mut rows = outbox::list(&mut conn, filter, LIMIT + 1).await?;
    let more = rows.len() as i64 > LIMIT;
    rows.truncate(LIMIT as usize);
    let (configured, server) = match &state.mail.smtp {
        Some(s) => (
            true,
            format!(
                "{}:{} ({}), Absender {}",
                s.host,
                s.port,
                s.tls.label(),
                state.mail.from
            ),
        ),
        None => (false, String::new()),
    };
    Ok(render(&OutboxPage {
        layout: Layout::new("Postausgang", Some(&user), "postausgang")
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        configured,
        server,
        filter: match filter {
            Filter::Queued => "wartend",
            Filter::Sent => "versandt",
            Filter::Failed => "fehlgeschlagen",
        },
        queued,
        sent,
        failed,
        rows: rows.into_iter().map(OutboxView::new).collect(),
        more,
    }))
}

/// Puts a failed mail back into the queue.
pub async fn retry(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let row = outbox::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !outbox::retry(&mut tx, id).await? {
        return Err(AppError::BadRequest(
            "Diese E-Mail ist nicht fehlgeschlagen: sie wurde versandt oder wartet noch auf den Versand.".into(),
        ));
    }
    let entry = Entry::new(Action::EmailErneutSenden, Entity::Email, Some(id))
        .before(
            json!({"failed_at": row.failed_at, "attempts": row.attempts, "error": row.last_error}),
        )
        .after(json!({"recipient": row.recipient, "subject": row.subject}));
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(paths::outbox().flash(Flash::EmailErneut).into_response())
}
