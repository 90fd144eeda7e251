//! Shared web pieces: the page layout, rendering, static files, health and the
//! accessibility statement.

pub mod layers;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::auth::Session;
use crate::domain::Role;

/// What every page's frame needs: title, the signed-in user, the CSRF token for the
/// logout form, the active navigation entry and an optional success message.
pub struct Layout {
    pub title: String,
    pub user: Option<UserNav>,
    pub csrf: String,
    pub nav: &'static str,
    pub flash: Option<&'static str>,
}

pub struct UserNav {
    pub display_name: String,
    pub role_label: &'static str,
    pub can_edit: bool,
    pub is_admin: bool,
    pub internal: bool,
}

impl Layout {
    pub fn new(title: impl Into<String>, session: Option<&Session>, nav: &'static str) -> Self {
        Self {
            title: title.into(),
            user: session.map(|s| UserNav {
                display_name: s.display_name.clone(),
                role_label: s.role.label(),
                can_edit: s.role.can_edit_programme(),
                is_admin: s.role == Role::Admin,
                internal: s.role.is_internal(),
            }),
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            nav,
            flash: None,
        }
    }

    /// Pages with form errors get a title starting with "Fehler:" (WCAG 3.3.1).
    pub fn with_errors(mut self, has_errors: bool) -> Self {
        if has_errors {
            self.title = format!("Fehler: {}", self.title);
        }
        self
    }

    pub fn with_flash(mut self, flash: Option<&'static str>) -> Self {
        self.flash = flash;
        self
    }
}

/// Success messages after a redirect (PRG), chosen from a fixed list so that no user
/// input is ever echoed from the query string.
pub fn flash_message(key: Option<&str>) -> Option<&'static str> {
    Some(match key? {
        "sachstand" => "Die Sachstandsmeldung wurde gespeichert.",
        "gespeichert" => "Die Änderungen wurden gespeichert.",
        "angelegt" => "Die Maßnahme wurde angelegt.",
        "archiviert" => "Die Maßnahme wurde archiviert.",
        "wiederhergestellt" => "Die Maßnahme wurde wiederhergestellt.",
        "benutzer" => "Das Benutzerkonto wurde gespeichert.",
        "abgemeldet" => "Sie wurden abgemeldet.",
        "passwort" => "Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet.",
        "erwartung" => "Die Erwartung wurde erfasst.",
        "bewertet" => "Die Bewertung wurde als neue Fassung gespeichert.",
        "entschieden" => "Empfehlung und Entscheidung wurden gespeichert.",
        "uebernommen" => {
            "Die Erwartung wurde angenommen und als Maßnahme angelegt. Bitte ergänzen Sie die Angaben über „Bearbeiten“."
        }
        "messwert" => "Der Messwert wurde gespeichert.",
        "ziel" => "Das Ziel wurde angelegt.",
        "ziel_geaendert" => "Das Ziel wurde geändert.",
        "haushalt" => "Die Haushaltszeile wurde gespeichert.",
        "kapazitaet" => "Die Kapazität wurde gespeichert.",
        "handlungsfeld" => "Das Handlungsfeld wurde gespeichert.",
        "handlungsfeld_neu" => "Das Handlungsfeld wurde angelegt.",
        "fortschreibung" => "Die Fortschreibung wurde angelegt.",
        "aenderung" => "Die Änderung wurde bei der Fassung vermerkt.",
        "sitzung" => "Die Sitzung wurde angelegt.",
        "serie" => "Die Sitzungsserie wurde angelegt.",
        "top" => "Der Tagesordnungspunkt wurde hinzugefügt.",
        "entwurf" => "Die Tagesordnung wurde aus dem Programmstand ergänzt.",
        "unveraendert" => "Der Programmstand ergibt keine neuen Tagesordnungspunkte.",
        "entfernt" => "Der Tagesordnungspunkt wurde entfernt.",
        "kommentar" => "Ihr Kommentar wurde gespeichert.",
        "freigegeben" => "Die Tagesordnung wurde freigegeben.",
        "beschluss" => "Der Beschluss wurde gespeichert.",
        "aufgabe" => "Die Aufgabe wurde gespeichert.",
        "genehmigt" => "Das Protokoll der vorherigen Sitzung wurde genehmigt.",
        "bericht_angelegt" => "Der Berichtsentwurf wurde angelegt.",
        "bericht_freigegeben" => "Der Bericht wurde freigegeben und ist nun unveränderlich.",
        "abfrage" => "Die Sachstandsabfrage wurde gestartet.",
        _ => return None,
    })
}

/// Renders a template into a response with the given status; a rendering failure
/// becomes a plain German 500 (logged), never a panic.
/// One row of a 409 page (someone saved in between): a field's stored value next to
/// what the user typed, which stays in the form.
pub struct ConflictRow {
    pub label: &'static str,
    pub mine: String,
    pub theirs: String,
}

impl ConflictRow {
    pub fn differs(&self) -> bool {
        self.mine != self.theirs
    }
}

pub fn render_page<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            let id = crate::error::incident_id();
            tracing::error!(incident = %id, error = %err, "Template-Fehler");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("Interner Fehler. Vorfallsnummer: {id}"),
            )
                .into_response()
        }
    }
}

/// Renders with 200 OK.
pub fn render<T: Template>(page: &T) -> Response {
    render_page(StatusCode::OK, page)
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub heading: String,
    pub message: String,
    pub incident: Option<String>,
}

tokio::task_local! {
    /// The signed-in user of the request being served, so that error pages rendered far
    /// from the handler (403, 404, 405, 413) still show the navigation and "Abmelden".
    pub static REQUEST_SESSION: std::cell::RefCell<Option<Session>>;
}

/// Remembers the request's session for error pages (set by the session extractor).
pub fn remember_session(session: &Session) {
    let _ = REQUEST_SESSION.try_with(|c| *c.borrow_mut() = Some(session.clone()));
}

impl ErrorPage {
    pub fn new(heading: &str, message: &str, incident: Option<String>) -> Self {
        let session = REQUEST_SESSION
            .try_with(|c| c.borrow().clone())
            .ok()
            .flatten();
        Self {
            layout: Layout::new(heading, session.as_ref(), ""),
            heading: heading.to_string(),
            message: message.to_string(),
            incident,
        }
    }
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    layout: Layout,
}

async fn accessibility(session: Option<Session>) -> Response {
    render(&AccessibilityPage {
        layout: Layout::new("Erklärung zur Barrierefreiheit", session.as_ref(), ""),
    })
}

async fn healthz(State(state): State<AppState>) -> Response {
    if state.db.ping().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "Datenbank antwortet nicht").into_response()
    }
}

/// Unknown paths: 404, with the navigation when someone is signed in.
async fn not_found(_session: Option<Session>) -> crate::error::AppError {
    crate::error::AppError::NotFound
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/barrierefreiheit", get(accessibility))
        .nest_service(
            "/static",
            tower_http::services::ServeDir::new(static_dir()).fallback(tower::service_fn(
                |_req| async {
                    Ok::<_, std::convert::Infallible>(
                        crate::error::AppError::NotFound.into_response(),
                    )
                },
            )),
        )
        .fallback(not_found)
}

/// The static folder next to the crate (for `cargo run`) or next to the binary.
fn static_dir() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    if manifest.is_dir() {
        return manifest;
    }
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("static")))
        .unwrap_or_else(|| "static".into())
}
