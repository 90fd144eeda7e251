//! Typed paths: every link and redirect target of the application is built here, so a
//! URL is spelled once and a redirect cannot carry a free-text message.

use std::fmt;

use axum::response::{IntoResponse, Redirect, Response};

use super::flash::Flash;

/// A path inside the application (always starts with `/`), optionally with a success
/// message and a fragment. As a response it is a 303 redirect (POST → redirect → GET).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Href(String);

impl Href {
    fn new(path: String) -> Self {
        Href(path)
    }

    /// Adds `?meldung=KEY` (or `&meldung=KEY` after an existing query), before the fragment.
    pub fn flash(self, flash: Flash) -> Self {
        let (path, fragment) = match self.0.split_once('#') {
            Some((p, f)) => (p.to_string(), Some(f.to_string())),
            None => (self.0, None),
        };
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut out = format!("{path}{sep}meldung={}", flash.key());
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(&f);
        }
        Href(out)
    }

    /// Adds `#fragment` (an element id on the target page).
    pub fn anchor(self, fragment: &str) -> Self {
        let base = self.0.split('#').next().unwrap_or_default().to_string();
        Href(format!("{base}#{fragment}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A path that was checked elsewhere to be same-origin (e.g. a validated `next`).
    pub fn checked(path: &str) -> Self {
        Href(path.to_string())
    }

    /// Adds an already encoded query string (`a=1&b=2`); an empty one adds nothing.
    pub fn query(self, query: &str) -> Self {
        if query.is_empty() {
            return self;
        }
        let sep = if self.0.contains('?') { '&' } else { '?' };
        Href(format!("{}{sep}{query}", self.0))
    }
}

impl fmt::Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Href> for String {
    fn from(h: Href) -> String {
        h.0
    }
}

impl IntoResponse for Href {
    fn into_response(self) -> Response {
        Redirect::to(&self.0).into_response()
    }
}

macro_rules! fixed_paths {
    ($($(#[$meta:meta])* $name:ident => $path:literal),+ $(,)?) => {
        $($(#[$meta])* pub fn $name() -> Href { Href::new($path.to_string()) })+
    };
}

fixed_paths! {
    home => "/",
    login => "/anmelden",
    password => "/konto/passwort",
    measures => "/massnahmen",
    new_measure => "/massnahmen/neu",
    meetings => "/sitzungen",
    reports => "/berichte",
    budget => "/haushalt",
    assessment => "/bewertung",
    goals => "/ziele",
    organisation => "/organisation",
    capacity => "/kapazitaet",
    programmes => "/programme",
    users => "/verwaltung/benutzer",
    audit_log => "/verwaltung/protokoll",
    decisions => "/sitzungen/beschluesse",
    calendar => "/sitzungen/kalender",
    new_report => "/berichte/neu",
    calendar_feed => "/sitzungen.ics",
    measures_csv => "/massnahmen.csv",
    new_goal => "/ziele/neu",
    letterhead => "/verwaltung/briefkopf",
    confirm_renew_calendar => "/sitzungen/kalender/erneuern",
    // issue 16: the public transparency page and its settings
    transparency_settings => "/verwaltung/transparenz",
    transparency => "/transparenz",
    transparency_feed => "/transparenz/berichte.atom",
    transparency_csv => "/transparenz/daten.csv",
    transparency_json => "/transparenz/daten.json",
    // issue 14: e-mail
    outbox => "/verwaltung/postausgang",
    notifications => "/konto/benachrichtigungen",
}

macro_rules! id_paths {
    ($($(#[$meta:meta])* $name:ident => $fmt:literal),+ $(,)?) => {
        $($(#[$meta])* pub fn $name(id: i64) -> Href { Href::new(format!($fmt, id = id)) })+
    };
}

id_paths! {
    measure => "/massnahmen/{id}",
    edit_measure => "/massnahmen/{id}/bearbeiten",
    meeting => "/sitzungen/{id}",
    report => "/berichte/{id}",
    edit_report => "/berichte/{id}/bearbeiten",
    expectation => "/bewertung/{id}",
    edit_goal => "/ziele/{id}/bearbeiten",
    revisions => "/programme/{id}/fortschreibungen",
    person => "/organisation/personen/{id}",
    budget_line => "/haushalt/zeilen/{id}",
    /// The budget plan of one fiscal year.
    budget_year => "/haushalt?jahr={id}",
    // issue 11: one account's page, and its confirmation steps
    user_account => "/verwaltung/benutzer/{id}",
    confirm_reset_password => "/verwaltung/benutzer/{id}/passwort",
    confirm_deactivate => "/verwaltung/benutzer/{id}/deaktivieren",
    user_active => "/verwaltung/benutzer/{id}/aktiv",
    confirm_archive_measure => "/massnahmen/{id}/archivieren",
    confirm_release_report => "/berichte/{id}/freigeben",
    // issue 16: the public view of a measure (the council's view, the AG's preview)
    public_preview => "/massnahmen/{id}/oeffentlich",
    // issue 16: public pages of a measure and of a released report
    public_measure => "/transparenz/massnahmen/{id}",
    public_report => "/transparenz/berichte/{id}",
    public_report_pdf => "/transparenz/berichte/{id}.pdf",
    public_report_docx => "/transparenz/berichte/{id}.docx",
}

/// An agenda item (TOP) of a meeting.
pub fn agenda_item(meeting: i64, item: i64) -> Href {
    Href::new(format!("/sitzungen/{meeting}/tops/{item}"))
}

/// A goal on the goals page (the page lists all goals; the fragment selects one).
pub fn goal(id: i64) -> Href {
    goals().anchor(&format!("ziel-{id}"))
}

/// The login page that returns to `next` afterwards.
pub fn login_then(next: &str) -> Href {
    Href::new(format!("/anmelden?next={}", url_encode(next)))
}

/// Percent-encodes one query value.
pub fn url_encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|v| v.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

/// Where a status update posted from a meeting page returns to: only the meeting or
/// agenda-item pages (`/sitzungen/12`, `/sitzungen/12/tops/34`), never anything else.
pub fn return_path(next: &str) -> Option<&str> {
    let rest = next.strip_prefix("/sitzungen/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [m] => digits(m),
        [m, "tops", t] => digits(m) && digits(t),
        _ => false,
    };
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_goes_before_the_fragment() {
        assert_eq!(
            measure(7)
                .anchor("verlauf")
                .flash(Flash::Sachstand)
                .as_str(),
            "/massnahmen/7?meldung=sachstand#verlauf"
        );
        assert_eq!(
            goal(3).flash(Flash::Messwert).as_str(),
            "/ziele?meldung=messwert#ziel-3"
        );
        assert_eq!(
            Href::checked("/sitzungen/2?x=1").flash(Flash::Top).as_str(),
            "/sitzungen/2?x=1&meldung=top"
        );
    }

    #[test]
    fn login_target_is_encoded() {
        assert_eq!(
            login_then("/sitzungen.ics").as_str(),
            "/anmelden?next=%2Fsitzungen.ics"
        );
    }

    #[test]
    fn only_meeting_pages_are_return_targets() {
        assert_eq!(
            return_path("/sitzungen/12/tops/34"),
            Some("/sitzungen/12/tops/34")
        );
        assert_eq!(return_path("/sitzungen/12"), Some("/sitzungen/12"));
        assert_eq!(return_path("//evil.example"), None);
        assert_eq!(return_path("/sitzungen/12/../../admin"), None);
        assert_eq!(return_path("/sitzungen/12?x=1"), None);
        assert_eq!(return_path(""), None);
    }
}
