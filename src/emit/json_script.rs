//! JSON that is safe inside an HTML `<script>` element. `serde_json` output may contain
//! `</script>` or `<!--` inside strings, which would end the element early and let content
//! inject markup; escaping `<`, `>` and `&` as `\u003c`… keeps the JSON identical in meaning.

use serde::Serialize;

pub fn to_script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    escape(&json)
}

pub fn escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
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
}
