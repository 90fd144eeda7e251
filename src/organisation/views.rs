//! View models and page templates of the organisation pages.

use askama::Template;

use super::forms::{MembershipForm, PersonForm, UnitForm};
use super::queries::{MembershipRow, PersonRow, UnitRow};
use crate::domain::dates::format_iso;
use crate::domain::organisation::AgRole;
use crate::domain::validation::FieldErrors;
use crate::web::Layout;

pub struct MembershipView {
    pub id: i64,
    pub name: String,
    pub function: String,
    pub role: &'static str,
    pub since: String,
    pub until: String,
    pub current: bool,
}

impl MembershipView {
    /// A membership as listed; `today` (ISO) decides whether it is current.
    pub fn new(r: MembershipRow, today: &str) -> Self {
        Self {
            id: r.id,
            role: r.ag_role.label(),
            since: format_iso(Some(&r.since)),
            until: format_iso(r.until.as_deref()),
            current: r.since.as_str() <= today && r.until.as_deref().is_none_or(|u| u >= today),
            name: r.name,
            function: r.function,
        }
    }
}

#[derive(Template)]
#[template(path = "organisation.html")]
pub struct OrganisationPage {
    pub layout: Layout,
    pub units: Vec<UnitRow>,
    pub people: Vec<PersonRow>,
    pub members: Vec<MembershipView>,
    pub can_edit: bool,
    pub errors: FieldErrors,
    pub unit_form: UnitForm,
    pub person_form: PersonForm,
    pub membership_form: MembershipForm,
    pub ag_roles: &'static [AgRole],
}

#[derive(Template)]
#[template(path = "organisation_person.html")]
pub struct PersonPage {
    pub layout: Layout,
    pub id: i64,
    pub form: PersonForm,
    pub errors: FieldErrors,
    pub units: Vec<UnitRow>,
}
