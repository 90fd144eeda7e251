//! The confirmation step before a consequential action (reset a password, deactivate an
//! account, archive a measure): a GET page that names the object and the consequence and
//! changes nothing; "Ja, …" posts the action (with CSRF), which redirects to a GET page,
//! so a reload never repeats it. Works without JavaScript.

use askama::Template;

use super::layout::Layout;
use super::paths::Href;

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub layout: Layout,
    /// The question, e.g. "Passwort von Katrin Vogel zurücksetzen?"
    pub heading: String,
    /// What will happen, one sentence each.
    pub consequences: Vec<String>,
    /// Where "Ja, …" posts to, with its hidden fields (besides the CSRF token).
    pub action: Href,
    pub fields: Vec<(&'static str, String)>,
    /// "Ja, Passwort zurücksetzen"
    pub yes: String,
    /// Where "Abbrechen" leads back to.
    pub cancel: Href,
}
