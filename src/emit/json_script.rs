//! JSON that is safe inside an HTML `<script>` element. `serde_json` output may contain
//! `</script>` or `<!--` inside strings, which would end the element early and let content
//! inject markup; escaping `<`, `>` and `&` as `\u003c`… keeps the JSON identical in meaning.

use serde::Serialize;

pub fn to_script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    escape(&json)
}

pub fn escape(json: &str) -> String {
    // Copies the runs between what is escaped: `<`, `>` and `&` are ASCII, and U+2028 and
    // U+2029 are the only characters whose UTF-8 starts E2 80 A8 / E2 80 A9, so every cut is
    // on a character boundary.
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 16);
    let mut run = 0;
    for (i, b) in bytes.iter().enumerate() {
        let (escaped, width) = match b {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => ("\\u2028", 3),
                Some(0xA9) => ("\\u2029", 3),
                _ => continue,
            },
            _ => continue,
        };
        out.push_str(&json[run..i]);
        out.push_str(escaped);
        run = i + width;
    }
    out.push_str(&json[run..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cannot_close_the_script_element() {
        let s = to_script_json(&serde_json::json!({"name": "</script><script>alert(1)</script>"}));
        assert!(!s.contains("</script"));
        assert!(s.contains("\\u003c/script\\u003e"));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn escaping_is_the_same_character_by_character() {
        let one_by_one = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '<' => "\\u003c".to_string(),
                    '>' => "\\u003e".to_string(),
                    '&' => "\\u0026".to_string(),
                    '\u{2028}' => "\\u2028".to_string(),
                    '\u{2029}' => "\\u2029".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        // Characters whose UTF-8 shares bytes with U+2028 (E2 80 A8): U+2020 (E2 80 A0),
        // U+20A8 (E2 82 A8), U+2A28, and those that end in A8 or A9.
        let pieces = [
            "", "a", "<", ">", "&", "\u{2028}", "\u{2029}", "\u{2020}", "\u{202A}", "\u{20A8}",
            "\u{2A28}", "\u{A8}", "é", "😀", "\"",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}{a}");
                    assert_eq!(escape(&s), one_by_one(&s), "{s:?}");
                }
            }
        }
    }
}
