//! The mechanism under the emitters' escapers (HTML text and attributes, XML and SVG, JSON in
//! a script element): copy the runs between the bytes that need escaping, whole, instead of pushing
//! one character at a time. A page's text is mostly such runs; escaping was 5 % of a build's
//! CPU when it went character by character.

/// `input` with what `escape` picks replaced: at byte `i` of `bytes`, `escape(bytes, i)`
/// gives the replacement and how many bytes it stands for, or `None` to keep the byte. What
/// it picks must start and end on character boundaries (an ASCII byte, or a whole
/// character's UTF-8), so that every run copied is whole characters.
pub fn by_runs(
    input: &str,
    escape: impl Fn(&[u8], usize) -> Option<(&'static str, usize)>,
) -> String {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        match escape(bytes, i) {
            Some((with, width)) => {
                out.push_str(&input[run..i]);
                out.push_str(with);
                i += width;
                run = i;
            }
            None => i += 1,
        }
    }
    out.push_str(&input[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::super::{json_script, templates};

    /// Each escaper against the same one written character by character, on every string of
    /// three (and a fourth repeating the first) of `pieces`.
    fn same_as_char_by_char(escape: fn(&str) -> String, one: fn(char) -> String, pieces: &[&str]) {
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}{a}");
                    let expected: String = s.chars().map(one).collect();
                    assert_eq!(escape(&s), expected, "{s:?}");
                }
            }
        }
    }

    /// The entity of a character markup escapes, written out (not the escapers' table).
    fn markup(c: char, apostrophe: &str) -> Option<String> {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => apostrophe,
            _ => return None,
        };
        Some(entity.to_string())
    }

    #[test]
    fn html_escaping_is_the_same_character_by_character() {
        let one = |c| markup(c, "&#39;").unwrap_or_else(|| c.to_string());
        let pieces = [
            "", "a", "<", ">", "&", "\"", "'", "é", "€", "😀", "\u{2028}", "ab c", "/",
        ];
        same_as_char_by_char(templates::escape_html, one, &pieces);
    }

    #[test]
    fn xml_escaping_is_the_same_character_by_character() {
        let one = |c| match c {
            '\t' | '\n' | '\r' => c.to_string(),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => String::new(),
            c => markup(c, "&apos;").unwrap_or_else(|| c.to_string()),
        };
        // Characters whose UTF-8 shares bytes with U+FFFE and U+FFFF (EF BF BE, EF BF BF):
        // U+FFFD (EF BF BD), U+F000 (EF 80 80), U+FFBE, U+3FFF (E3 BF BF).
        let pieces = [
            "", "a", "<", ">", "&", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1f}", "\u{7f}",
            "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{F000}", "\u{FFBE}", "\u{3FFF}", "é", "😀",
        ];
        same_as_char_by_char(templates::escape_xml, one, &pieces);
    }

    #[test]
    fn script_json_escaping_is_the_same_character_by_character() {
        let one = |c| match c {
            '<' => "\\u003c".to_string(),
            '>' => "\\u003e".to_string(),
            '&' => "\\u0026".to_string(),
            '\u{2028}' => "\\u2028".to_string(),
            '\u{2029}' => "\\u2029".to_string(),
            c => c.to_string(),
        };
        // Characters whose UTF-8 shares bytes with U+2028 (E2 80 A8): U+2020 (E2 80 A0),
        // U+20A8 (E2 82 A8), U+2A28, and those that end in A8 or A9.
        let pieces = [
            "", "a", "<", ">", "&", "\u{2028}", "\u{2029}", "\u{2020}", "\u{202A}", "\u{20A8}",
            "\u{2A28}", "\u{A8}", "é", "😀", "\"",
        ];
        same_as_char_by_char(json_script::escape, one, &pieces);
    }
}
