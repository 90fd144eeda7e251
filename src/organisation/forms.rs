//! Forms of the organisation page, parsed into checked inputs.

use chrono::NaiveDate;
use serde::Deserialize;

use super::queries::{PersonInput, PersonRow};
use crate::domain::organisation::AgRole;
use crate::domain::validation::FieldErrors;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UnitForm {
    pub unit_code: String,
    pub unit_name: String,
    pub unit_parent: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    pub person_name: String,
    pub person_function: String,
    pub person_unit: String,
    pub person_email: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MembershipForm {
    pub m_person: String,
    pub m_role: String,
    pub m_since: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EndForm {
    pub end_until: String,
}

impl UnitForm {
    pub fn parse(&self, e: &mut FieldErrors) -> (String, String, Option<i64>) {
        let code = e.name("unit_code", "ein Kürzel", &self.unit_code, 40);
        let name = e.name("unit_name", "eine Bezeichnung", &self.unit_name, 200);
        let parent = e.optional_id(
            "unit_parent",
            "eine übergeordnete Einheit",
            &self.unit_parent,
        );
        (code, name, parent)
    }
}

impl PersonForm {
    pub fn parse(&self, e: &mut FieldErrors) -> PersonInput {
        let name = e.name("person_name", "einen Namen", &self.person_name, 200);
        let function = e.text(
            "person_function",
            "eine Funktion",
            &self.person_function,
            200,
        );
        let org_unit_id = e.optional_id(
            "person_unit",
            "eine Organisationseinheit",
            &self.person_unit,
        );
        let email = e.optional_text(
            "person_email",
            "Die E-Mail-Adresse",
            &self.person_email,
            200,
        );
        if !email.is_empty() {
            let valid = email.split_once('@').is_some_and(|(l, d)| {
                !l.is_empty()
                    && d.contains('.')
                    && !d.starts_with('.')
                    && !email.contains(char::is_whitespace)
            });
            if !valid {
                e.add(
                    "person_email",
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein (z. B. name@stadt.example).",
                );
            }
        }
        PersonInput {
            name,
            function,
            org_unit_id,
            email: (!email.is_empty()).then_some(email),
        }
    }

    pub fn from_row(p: &PersonRow) -> Self {
        Self {
            person_name: p.name.clone(),
            person_function: p.function.clone(),
            person_unit: p.org_unit_id.map(|i| i.to_string()).unwrap_or_default(),
            person_email: p.email.clone().unwrap_or_default(),
        }
    }
}

impl MembershipForm {
    pub fn parse(&self, e: &mut FieldErrors) -> Option<(i64, AgRole, NaiveDate)> {
        let person = e.id("m_person", "eine Person", &self.m_person);
        let role = e.choice(
            "m_role",
            "eine Rolle in der AG",
            &self.m_role,
            AgRole::parse,
        );
        let since = e.optional_date("m_since", &self.m_since);
        if since.is_none() && e.get("m_since").is_none() {
            e.add(
                "m_since",
                "Bitte geben Sie an, seit wann die Mitgliedschaft besteht (TT.MM.JJJJ).",
            );
        }
        Some((person?, role?, since?))
    }
}

impl EndForm {
    pub fn parse(&self, e: &mut FieldErrors) -> Option<NaiveDate> {
        e.required_date("end_until", "das Ende der Mitgliedschaft", &self.end_until)
    }
}
