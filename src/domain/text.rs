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
    // A byte scan is much cheaper than decoding every character (this runs on every HTML
    // value, and German text is full of other characters starting with 0xE2: – € …).
    if has_invisible_control(s.as_bytes()) {
        Cow::Owned(s.chars().filter(|c| !is_invisible_control(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Does the UTF-8 text hold one of the characters of [`is_invisible_control`]? Their
/// encodings: U+061C `D8 9C`; U+200B–U+200F `E2 80 8B–8F`; U+202A–U+202E `E2 80 AA–AE`;
/// U+2060 `E2 81 A0`; U+2066–U+2069 `E2 81 A6–A9`; U+FEFF `EF BB BF`. Lead bytes never
/// occur inside another character, so every match is a whole character.
fn has_invisible_control(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(i, lead)| match lead {
        0xD8 => b.get(i + 1) == Some(&0x9C),
        0xE2 => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0x8B..=0x8F | 0xAA..=0xAE)) | (Some(0x81), Some(0xA0 | 0xA6..=0xA9))
        ),
        0xEF => b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF),
        _ => false,
    })
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

    #[test]
    fn the_byte_scan_finds_exactly_the_invisible_characters() {
        // Every character with one of the lead bytes, and a few around them.
        let candidates = ('\u{0600}'..='\u{06FF}')
            .chain('\u{2000}'..='\u{20FF}')
            .chain('\u{FE00}'..='\u{FFFD}');
        for c in candidates {
            let s = format!("a{c}b");
            assert_eq!(
                has_invisible_control(s.as_bytes()),
                is_invisible_control(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!has_invisible_control("\u{E2}\u{80}".as_bytes()));
    }
}
