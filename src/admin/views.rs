//! View models of user administration.

use crate::auth::accounts::UserRow;
use crate::domain::Role;

pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub is_self: bool,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    /// "Amt 21 – Finanzen"
    pub unit: Option<String>,
    pub must_change_password: bool,
}

impl UserView {
    pub fn new(u: UserRow, own_id: i64) -> Self {
        let unit = match (u.unit_code, u.unit_name) {
            (Some(code), Some(name)) => Some(unit_label(&code, &name)),
            (Some(code), None) => Some(code),
            _ => None,
        };
        Self {
            is_self: u.id == own_id,
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            active: u.active,
            person_id: u.person_id,
            person_name: u.person_name,
            unit,
            must_change_password: u.must_change_password,
        }
    }

    /// The person's name, else the account's display name.
    pub fn name(&self) -> String {
        self.person_name
            .clone()
            .unwrap_or_else(|| self.display_name.clone())
    }
}

pub use crate::domain::wording::unit_label;
