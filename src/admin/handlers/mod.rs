//! The administration pages: user accounts, and the audit log.

pub mod audit_log;
pub mod users;
