//! /konto/benachrichtigungen — which reminder mails the signed-in user's person receives.
//! Invitations to meetings and the request of a status round always go out.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{AnyUser, Session};
use crate::notify::prefs::{self, ReminderKind};
use crate::web::{AppResult, AppState, CsrfForm, Flash, FlashQuery, Layout, Require};
use crate::web::{paths, render};

pub struct KindChoice {
    pub key: &'static str,
    pub label: &'static str,
    pub on: bool,
}

#[derive(Template)]
#[template(path = "account/notifications.html")]
struct NotificationsPage {
    layout: Layout,
    /// The account is linked to a person with an e-mail address.
    email: Option<String>,
    linked: bool,
    kinds: Vec<KindChoice>,
}

async fn page(
    state: &AppState,
    user: &Session,
    flash: Option<Flash>,
) -> AppResult<NotificationsPage> {
    let mut conn = state.db.read.acquire().await?;
    let (email, off) = match user.person_id {
        Some(p) => {
            let email: Option<String> =
                crate::db::query_scalar("SELECT email FROM people WHERE id = ?")
                    .bind(p)
                    .fetch_optional(&mut conn)
                    .await?
                    .flatten()
                    .filter(|e: &String| !e.trim().is_empty());
            (email, prefs::off_kinds(&mut conn, p).await?)
        }
        None => (None, Vec::new()),
    };
    Ok(NotificationsPage {
        layout: Layout::new("Benachrichtigungen", Some(user), "").with_flash(flash),
        email,
        linked: user.person_id.is_some(),
        kinds: ReminderKind::ALL
            .iter()
            .map(|k| KindChoice {
                key: k.key(),
                label: k.label(),
                on: !off.iter().any(|o| o == k.key()),
            })
            .collect(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    Ok(render(&page(&state, &user, q.flash()).await?))
}

/// One checkbox per kind; a ticked box ("an") means the mails come.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NotificationsForm {
    abfrage_erinnerung: Option<String>,
    sitzung_erinnerung: Option<String>,
    aufgabe_erinnerung: Option<String>,
    freigabe: Option<String>,
}

impl NotificationsForm {
    fn off(&self) -> Vec<ReminderKind> {
        let on = |v: &Option<String>| v.as_deref() == Some("an");
        let mut off = Vec::new();
        for (k, v) in [
            (ReminderKind::Abfrage, &self.abfrage_erinnerung),
            (ReminderKind::Sitzung, &self.sitzung_erinnerung),
            (ReminderKind::Aufgabe, &self.aufgabe_erinnerung),
            (ReminderKind::Freigabe, &self.freigabe),
        ] {
            if !on(v) {
                off.push(k);
            }
        }
        off
    }
}

pub async fn save(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    CsrfForm(form): CsrfForm<NotificationsForm>,
) -> AppResult<Response> {
    let Some(person) = user.person_id else {
        return Err(crate::web::AppError::BadRequest(
            "Ihr Konto ist keiner Person zugeordnet; Benachrichtigungen gehen an Personen. Bitte wenden Sie sich an die Verwaltung.".into(),
        ));
    };
    let off = form.off();
    let mut tx = state.db.begin_write().await?;
    let before = prefs::off_kinds(&mut tx, person).await?;
    prefs::set_off(&mut tx, person, &off).await?;
    let after: Vec<&str> = off.iter().map(|k| k.key()).collect();
    let entry = Entry::new(
        Action::BenachrichtigungenAendern,
        Entity::Person,
        Some(person),
    )
    .before(json!({"abbestellt": before}))
    .after(json!({"abbestellt": after}));
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(paths::notifications()
        .flash(Flash::Benachrichtigungen)
        .into_response())
}
