//! RFC 8785 JSON Canonicalization Scheme (JCS), the canonical form of `eddsa-jcs-2022`.
//!
//! Object members are sorted by the UTF-16 code units of their names, numbers are written
//! the way ECMAScript prints them, strings with the minimal escaping of RFC 8785, and there
//! is no whitespace. The work is done by `serde_json_canonicalizer`; this module pins the
//! behaviour with the RFC's own samples.

use serde_json::Value;

/// A JSON value that JCS cannot represent (for example a number outside IEEE 754 range).
#[derive(Debug, thiserror::Error)]
#[error("cannot canonicalize JSON (RFC 8785): {0}")]
pub struct JcsError(String);

/// The RFC 8785 canonical serialization of `value`.
pub fn canonicalize(value: &Value) -> Result<String, JcsError> {
    serde_json_canonicalizer::to_string(value).map_err(|e| JcsError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc8785_sorting_sample() {
        // RFC 8785 section 3.2.3: keys sorted by UTF-16 code units, not by UTF-8 bytes.
        let input: Value = serde_json::from_str(
            r#"{
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }"#,
        )
        .unwrap();
        let out = canonicalize(&input).unwrap();
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
            \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\
            \"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        assert_eq!(out, expected);
    }

    #[test]
    fn rfc8785_main_sample() {
        // RFC 8785 section 3.2.2 input and its canonical output.
        let input: Value = serde_json::from_str(
            r#"{
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }"#,
        )
        .unwrap();
        let out = canonicalize(&input).unwrap();
        assert_eq!(
            out,
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn number_edge_cases() {
        // RFC 8785 appendix B samples (IEEE 754 value -> ECMAScript form).
        let cases = [
            (json!(0.0), "0"),
            (json!(-0.0), "0"),
            (json!(1e21), "1e+21"),
            (json!(1e20), "100000000000000000000"),
            (json!(9007199254740992.0), "9007199254740992"),
            (json!(5e-324), "5e-324"),
            (json!(1.7976931348623157e308), "1.7976931348623157e+308"),
            (json!(0.000001), "0.000001"),
            (json!(1e-7), "1e-7"),
            (json!(295147905179352830000.0), "295147905179352830000"),
            (json!(-1.0), "-1"),
            (json!(42), "42"),
        ];
        for (value, expected) in cases {
            assert_eq!(canonicalize(&value).unwrap(), expected, "{value}");
        }
    }
}
