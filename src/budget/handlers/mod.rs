//! /haushalt pages: the budget plan with its CSV, and adding/editing budget lines.

pub mod lines;
pub mod plan;
