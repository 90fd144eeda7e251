//! The forms of user administration, parsed into checked values.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::domain::Role;
use crate::domain::validation::FieldErrors;

/// Usernames: a–z, 0–9 and `. - _` (also for accounts created on the command line).
pub fn valid_username(username: &str) -> bool {
    username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The new-account form. `person` is "neu" (or empty) to create the person in the same
/// step from `display_name`, `function` and `org_unit`, or the id of an existing person.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewUserForm {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password: String,
    pub person: String,
    pub function: String,
    pub org_unit: String,
}

/// Whom a new account belongs to.
pub enum PersonChoice {
    Existing(i64),
    New {
        name: String,
        function: String,
        org_unit: Option<i64>,
    },
}

impl NewUserForm {
    /// A blank form proposes the role AG.
    pub fn blank() -> Self {
        Self {
            role: Role::Ag.key().to_string(),
            ..Self::default()
        }
    }
}

/// A checked new account (the username and the person are checked against the
/// database separately).
pub struct NewUser {
    pub username: String,
    pub role: Option<Role>,
    pub person: Option<PersonChoice>,
}

impl NewUserForm {
    /// Whether the form creates a new person (the default).
    pub fn creates_person(&self) -> bool {
        matches!(self.person.trim(), "" | "neu")
    }
}

impl NewUserForm {
    pub fn parse(&self, e: &mut FieldErrors) -> NewUser {
        let username = e.text("username", "einen Benutzernamen", &self.username, 64);
        if !username.is_empty() && !valid_username(&username) {
            e.add("username", "Der Benutzername darf nur Buchstaben (a–z), Ziffern, Punkt, Binde- und Unterstrich enthalten.");
        }
        let role = e.choice("role", "eine Rolle", &self.role, Role::parse);
        let person = if self.creates_person() {
            let name = e.name(
                "display_name",
                "den Namen der Person",
                &self.display_name,
                120,
            );
            let function = e.optional_text("function", "Die Funktion", &self.function, 120);
            let org_unit = e.optional_id("org_unit", "eine Organisationseinheit", &self.org_unit);
            Some(PersonChoice::New {
                name,
                function,
                org_unit,
            })
        } else {
            e.id("person", "eine Person", &self.person)
                .map(PersonChoice::Existing)
        };
        NewUser {
            username,
            role,
            person,
        }
    }
}

/// What the audit log records for a new account.
pub fn new_user_json(new: &crate::auth::accounts::NewAccount<'_>) -> Value {
    let mut v =
        json!({"username": new.username, "display_name": new.display_name, "role": new.role.key()});
    if let Some(map) = v.as_object_mut() {
        if let Some(p) = new.person_id {
            map.insert("person_id".into(), json!(p));
        }
        if new.must_change_password {
            map.insert("must_change_password".into(), json!(true));
        }
    }
    v
}

/// Linking an existing account to a person.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PersonForm {
    pub person: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    pub role: String,
    pub admin_password: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActiveForm {
    pub active: String,
}

impl ActiveForm {
    /// "1" or "0"; anything else is not a value of the form.
    pub fn parse(&self) -> Option<bool> {
        match self.active.as_str() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }
}
