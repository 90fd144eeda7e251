//! View models of user administration and the audit log.

use super::queries::AuditRow;
use crate::auth::accounts::UserRow;
use crate::domain::Role;
use crate::domain::dates::format_timestamp;

pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub is_self: bool,
}

impl UserView {
    pub fn new(u: UserRow, own_id: i64) -> Self {
        Self {
            is_self: u.id == own_id,
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            active: u.active,
        }
    }
}

pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub old_values: String,
    pub new_values: String,
}

impl AuditView {
    /// The log shows the stored keys as they are: it is the record of what was written.
    pub fn new(r: AuditRow) -> Self {
        Self {
            id: r.id,
            at: format_timestamp(&r.at),
            actor: format!("{} ({})", r.actor_name, r.actor_role),
            action: r.action,
            entity: match r.entity_id {
                Some(id) => format!("{} {id}", r.entity),
                None => r.entity,
            },
            old_values: r.old_values,
            new_values: r.new_values,
        }
    }
}
