//! The harness both test tiers (`tests/app`, `tests/proc`) and the page benchmark share:
//! one browser-like HTTP client, HTML helpers, and database checks phrased in the domain's
//! terms (audit rows, table snapshots, integrity).
// Each binary that includes the harness uses a different part of it.
#![allow(dead_code)]

pub mod audit;
pub mod client;
pub mod html;
pub mod random;
pub mod stats;
pub mod tables;
// issue 14: a real OpenLDAP server for the directory login tests
pub mod slapd;
// issue 14: a real OpenID Connect provider for the single sign-on tests
pub mod oidc_provider;
// issue 15: PostgreSQL per test (a migrated template, one database copied from it per test)
pub mod pg;
