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

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewUserForm {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password: String,
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

/// A checked new account (the username is checked against the database separately).
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
}

impl NewUserForm {
    pub fn parse(&self, e: &mut FieldErrors) -> NewUser {
        let username = e.text("username", "einen Benutzernamen", &self.username, 64);
        if !username.is_empty() && !valid_username(&username) {
            e.add("username", "Der Benutzername darf nur Buchstaben (a–z), Ziffern, Punkt, Binde- und Unterstrich enthalten.");
        }
        let display_name = e.text(
            "display_name",
            "einen Anzeigenamen",
            &self.display_name,
            120,
        );
        let role = e.choice("role", "eine Rolle", &self.role, Role::parse);
        NewUser {
            username,
            display_name,
            role,
        }
    }
}

/// What the audit log records for a new account.
pub fn new_user_json(username: &str, display_name: &str, role: Role) -> Value {
    json!({"username": username, "display_name": display_name, "role": role.key()})
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
