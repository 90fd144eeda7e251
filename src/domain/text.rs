//! Invisible formatting characters in user text. Bidirectional controls (U+202A–U+202E,
//! U+2066–U+2069, U+200E/U+200F, U+061C) reorder what a reader sees — a title
//! `\u{202E}gnp.exe` reads "exe.png" — and zero-width characters (U+200B–U+200D, U+2060,
//! U+FEFF) hide differences between names. Wherever user text leaves the application
//! (HTML, PDF, CSV, iCalendar) they are removed; codes and names refuse them on input.

use std::borrow::Cow;

/// Is `c` a bidirectional control or an invisible zero-width character?
pub fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{2060}'
            | '\u{FEFF}'
    )
}

/// The text without bidirectional controls and zero-width characters (borrowed when
/// there are none, which is nearly always).
pub fn visible(s: &str) -> Cow<'_, str> {
    // Every such character starts with one of these UTF-8 lead bytes; a byte scan is
    // much cheaper than decoding every character (this runs on every HTML value).
    if s.bytes().any(|b| matches!(b, 0xD8 | 0xE2 | 0xEF)) && s.chars().any(is_invisible_control) {
        Cow::Owned(s.chars().filter(|c| !is_invisible_control(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_zero_width_characters_are_removed() {
        assert_eq!(visible("\u{202E}gnp.exe\u{202C}"), "gnp.exe");
        assert_eq!(visible("Amt\u{200B} 21"), "Amt 21");
        assert_eq!(visible("\u{2067}x\u{2069}"), "x");
        assert!(matches!(
            visible("Bürgerbüro – 1.234,56 €"),
            Cow::Borrowed(_)
        ));
    }
}
