//! The report as an A4 PDF, typeset on the server by Typst embedded as a library
//! (fonts embedded from `typst-assets`, no files or network at run time). Page numbers
//! and the Stichtag are in the footer; table headers repeat on every page. All report
//! text goes into the Typst source as string literals, never as markup.

mod source;
mod worker;
mod world;

pub use source::source;
pub use worker::{ident, render, render_source, use_worker};
pub use world::{Phases, typeset, typeset_timed};
