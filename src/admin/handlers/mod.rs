//! The administration pages: user accounts, one account, and the audit log.

pub mod account;
pub mod audit_log;
pub mod outbox;
pub mod users;
