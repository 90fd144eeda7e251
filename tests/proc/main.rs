//! The process-level tier: the real `sachstand` binary as an operator runs it — the CLI,
//! `sachstand serve` killed with SIGKILL under write load, 50 concurrent clients, its logs.
//! `cargo test --test proc durability` runs one part.

#[path = "../harness/mod.rs"]
mod harness;
mod support;

mod cli;
mod cli_recovery;
mod connections;
mod durability;
mod load;
mod logs;
mod wal;
// issue 14: the outbox survives kill -9 during sending
mod mail_outbox;
// issue 14: directory login and SSO logs
mod directory_logs;
// issue 15: two instances on one PostgreSQL, kill -9 and a database restart under load
mod hosted;
