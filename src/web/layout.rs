//! The page frame every template shares, and rendering templates into responses
//! (also the error page, which must render far from any handler).

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::flash::Flash;
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
    /// A page's own print stylesheet (e.g. a report's page furniture), served by the app.
    pub print_css: Option<String>,
    /// The city and its resolved programme (`web::footer`), "" when it has entered none.
    pub footer: String,
}

pub struct UserNav {
    pub display_name: String,
    pub role_label: &'static str,
    /// "Katrin Vogelsang (AG-Mitglied)"; the role left out when the name says it.
    pub name_and_role: String,
    pub can_edit: bool,
    pub is_admin: bool,
    pub internal: bool,
    /// A local account (directory and SSO accounts change their password elsewhere).
    pub local_password: bool,
}

impl Layout {
    pub fn new(title: impl Into<String>, session: Option<&Session>, nav: &'static str) -> Self {
        Self {
            title: title.into(),
            user: session.map(|s| UserNav {
                display_name: s.display_name.clone(),
                role_label: s.role.label(),
                name_and_role: crate::domain::wording::name_with_role(
                    &s.display_name,
                    s.role.label(),
                ),
                can_edit: s.role.can_edit_programme(),
                is_admin: s.role == Role::Admin,
                internal: s.role.is_internal(),
                local_password: !s.external,
            }),
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            nav,
            flash: None,
            print_css: None,
            footer: super::footer::current(),
        }
    }

    /// Adds a print stylesheet of the page's own (a same-origin URL; CSP allows no inline style).
    pub fn with_print_css(mut self, url: String) -> Self {
        self.print_css = Some(url);
        self
    }

    /// Pages with form errors get a title starting with "Fehler:" (WCAG 3.3.1).
    pub fn with_errors(mut self, has_errors: bool) -> Self {
        if has_errors {
            self.title = format!("Fehler: {}", self.title);
        }
        self
    }

    pub fn with_flash(mut self, flash: Option<Flash>) -> Self {
        self.flash = flash.map(Flash::message);
        self
    }
}

/// Renders a template into a response with the given status; a rendering failure
/// becomes a plain German 500 (logged), never a panic.
pub fn render_page<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            let id = incident_id();
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

/// A short random id that connects an error page with its log line.
pub fn incident_id() -> String {
    let bytes: [u8; 5] = rand::random();
    hex::encode_upper(bytes)
}
