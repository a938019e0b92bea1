//! JSON that is safe inside an HTML `<script>` element. `serde_json` output may contain
//! `</script>` or `<!--` inside strings, which would end the element early and let content
//! inject markup; escaping `<`, `>` and `&` as `\u003c`… keeps the JSON identical in meaning.

use serde::Serialize;

pub fn to_script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    escape(&json)
}

pub fn escape(json: &str) -> String {
    // `<`, `>` and `&` are ASCII, and U+2028 and U+2029 are the only characters whose UTF-8
    // is E2 80 A8 / E2 80 A9: each is picked whole.
    super::escape::by_runs(json, |bytes, i| match bytes[i] {
        b'<' => Some(("\\u003c", 1)),
        b'>' => Some(("\\u003e", 1)),
        b'&' => Some(("\\u0026", 1)),
        0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
            Some(0xA8) => Some(("\\u2028", 3)),
            Some(0xA9) => Some(("\\u2029", 3)),
            _ => None,
        },
        _ => None,
    })
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
}
