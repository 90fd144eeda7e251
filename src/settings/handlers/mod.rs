//! The settings pages: the letterhead and the transparency page.

pub mod letterhead;
pub mod transparency;
