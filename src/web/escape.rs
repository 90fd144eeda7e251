//! The HTML escaper of every template (askama.toml): askama's own, after removing
//! bidirectional controls and zero-width characters from the value (`domain::text`).

use std::fmt;

use askama::filters::Escaper;

#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Escaper for Html {
    #[inline]
    fn write_escaped_str<W: fmt::Write>(&self, dest: W, string: &str) -> fmt::Result {
        askama::filters::Html.write_escaped_str(dest, &crate::domain::text::visible(string))
    }

    #[inline]
    fn write_escaped_char<W: fmt::Write>(&self, dest: W, c: char) -> fmt::Result {
        if crate::domain::text::is_invisible_control(c) {
            return Ok(());
        }
        askama::filters::Html.write_escaped_char(dest, c)
    }
}
