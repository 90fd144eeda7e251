//! Who may do what: each policy is a set of roles, named after the people it admits.
//! The web layer's `Require<P>` extractor enforces a policy in a handler's signature.

use crate::domain::Role;

/// A set of roles allowed on a route.
pub trait Policy: Send + Sync + 'static {
    fn allows(role: Role) -> bool;
}

/// Every signed-in account (including council members).
pub struct AnyUser;
/// Everyone but council members: internal data.
pub struct Internal;
/// Those who change the programme: AG members and administrators.
pub struct Editors;
/// Administrators only.
pub struct Admins;
/// The Leitung (OB, Dezernent) only — not even administrators: releasing the joint-session
/// agenda is a decision of the administration's leadership, not a technical act.
pub struct LeitungOnly;

impl Policy for AnyUser {
    fn allows(_: Role) -> bool {
        true
    }
}
impl Policy for Internal {
    fn allows(role: Role) -> bool {
        role.is_internal()
    }
}
impl Policy for Editors {
    fn allows(role: Role) -> bool {
        role.can_edit_programme()
    }
}
impl Policy for LeitungOnly {
    fn allows(role: Role) -> bool {
        role == Role::Leitung
    }
}
impl Policy for Admins {
    fn allows(role: Role) -> bool {
        role == Role::Admin
    }
}
