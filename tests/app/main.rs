//! The in-process tier: every test starts the real router on its own random port and
//! temp-file database (`support::spawn_app`) and drives it over HTTP like a browser.
//! One binary, one module per feature; `cargo test --test app measures::` runs one feature.

#[path = "../harness/mod.rs"]
mod harness;
mod support;

mod admin;
mod architecture;
mod assessment;
mod auth;
mod bad_input;
mod budget;
mod capacity;
mod conflicts;
mod errors;
mod goals;
mod hardening;
mod layout;
mod measures;
mod meetings;
mod organisation;
mod programmes;
mod reports;
mod routes;
mod storage;
// issue 11: accounts of people, first-login password change, confirmations, the audit log
mod accounts;
mod audit_log;
// issue 16: the public view of a measure, the AG's choice, the council view
mod public_view;
// issue 16: the public transparency page
mod transparency;
// issue 15: cities kept apart by the database (PostgreSQL)
mod tenancy;
// issue 16: OParl 1.1 and links to council decisions
mod oparl;
// issue 14: e-mail from the outbox against a real SMTP sink
mod mail;
// issue 14: directory login (LDAP) and single sign-on (OIDC)
mod directory;
mod sso;
// issue 15: the PostgreSQL test harness (template database, one copy per test)
// issue 15: migrations are expand-only (several instances on one database)
mod migrations_safe;
