//! Award files under `content/issued/`: TOML (`[[award]]` tables) or CSV with the same column
//! names. Both become [`RawAward`]s with spans into the file, so `resolve` can point at a bad
//! cell as precisely as at a bad TOML value.

use std::ops::Range;
use std::path::Path;

use toml::{Spanned, Value};

use super::raw::{RawAward, RawAwardFile};
use crate::diagnostic::{Diagnostic, Problem};

pub fn parse(rel: &Path, text: &str) -> Result<Vec<RawAward>, Vec<Diagnostic>> {
    if rel.extension().is_some_and(|e| e == "csv") {
        parse_csv(rel, text)
    } else {
        super::parse_toml::<RawAwardFile>(rel, text).map(|f| f.award)
    }
}

/// The columns that describe an award as issued: what `credcat issue` takes from a
/// recipients CSV and writes into a batch file.
pub const AWARD_COLUMNS: &[&str] = &[
    "id",
    "credential",
    "recipient_name",
    "publish_name",
    "recipient_email",
    "recipient_hash",
    "recipient_salt",
    "issued",
    "expires",
    "evidence_url",
    "evidence_narrative",
];

/// The columns `credcat revoke` adds to an award file.
pub const REVOCATION_COLUMNS: &[&str] = &["revoked", "revocation_reason"];

fn is_column(name: &str) -> bool {
    AWARD_COLUMNS.contains(&name) || REVOCATION_COLUMNS.contains(&name)
}

fn parse_csv(rel: &Path, text: &str) -> Result<Vec<RawAward>, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let err = |span: Option<Range<usize>>, problem| vec![Diagnostic::new(rel, span, problem)];
    let headers = reader
        .headers()
        .map_err(|e| {
            err(
                Some(0..0),
                Problem::Toml {
                    message: format!("unreadable CSV header: {e}"),
                },
            )
        })?
        .clone();
    let header_line = 0..text.find('\n').unwrap_or(text.len());
    for h in headers.iter() {
        if !is_column(h) {
            return Err(err(
                Some(header_line),
                Problem::UnknownValue {
                    field: "CSV column",
                    value: h.to_string(),
                    allowed: AWARD_COLUMNS
                        .iter()
                        .chain(REVOCATION_COLUMNS)
                        .copied()
                        .collect(),
                },
            ));
        }
    }
    let hashed = ["recipient_hash", "recipient_salt"]
        .iter()
        .all(|c| headers.iter().any(|h| h == *c));
    let recipient = if hashed {
        "recipient_hash"
    } else {
        "recipient_email"
    };
    for required in ["id", "credential", recipient, "issued"] {
        if !headers.iter().any(|h| h == required) {
            return Err(err(
                Some(header_line.clone()),
                Problem::MissingField { field: required },
            ));
        }
    }
    let mut awards = Vec::new();
    let mut problems = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map(|p| p.byte() as usize).unwrap_or(0);
                problems.extend(err(
                    Some(at..at),
                    Problem::Toml {
                        message: format!("bad CSV row: {e}"),
                    },
                ));
                continue;
            }
        };
        let start = row.position().map_or(0, |p| p.byte() as usize);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let cell = |name: &str| -> Option<Spanned<String>> {
            let i = headers.iter().position(|h| h == name)?;
            let value = row.get(i)?.to_string();
            if value.is_empty() {
                return None;
            }
            let span = text[start..line_end]
                .find(value.as_str())
                .map_or(start..line_end, |o| start + o..start + o + value.len());
            Some(Spanned::new(span, value))
        };
        let as_value = |s: Spanned<String>| {
            let span = s.span();
            Spanned::new(span, Value::String(s.into_inner()))
        };
        let flag = |name: &str, problems: &mut Vec<Diagnostic>| match cell(name) {
            None => false,
            Some(v) => match v.get_ref().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                other => {
                    problems.push(Diagnostic::new(
                        rel,
                        Some(v.span()),
                        Problem::Malformed {
                            what: "true/false value",
                            value: other.to_string(),
                            expected: "true or false",
                        },
                    ));
                    false
                }
            },
        };
        let row_span = start..line_end;
        let required = |name: &'static str, problems: &mut Vec<Diagnostic>| {
            cell(name).or_else(|| {
                problems.push(Diagnostic::new(
                    rel,
                    Some(row_span.clone()),
                    Problem::MissingField { field: name },
                ));
                None
            })
        };
        // A row names its recipient by email (older files) or by salted hash; which one is
        // resolve's to check.
        let (email, hash, salt) = (
            cell("recipient_email"),
            cell("recipient_hash"),
            cell("recipient_salt"),
        );
        if email.is_none() && hash.is_none() {
            required(recipient, &mut problems);
        }
        let (Some(id), Some(credential), Some(issued)) = (
            required("id", &mut problems),
            required("credential", &mut problems),
            required("issued", &mut problems),
        ) else {
            continue;
        };
        awards.push(RawAward {
            id,
            credential,
            recipient_name: cell("recipient_name")
                .map(Spanned::into_inner)
                .unwrap_or_default(),
            publish_name: flag("publish_name", &mut problems),
            recipient_email: email,
            recipient_hash: hash,
            recipient_salt: salt,
            issued: as_value(issued),
            expires: cell("expires").map(as_value),
            evidence_url: cell("evidence_url"),
            evidence_narrative: cell("evidence_narrative").map(Spanned::into_inner),
            revoked: flag("revoked", &mut problems),
            revocation_reason: cell("revocation_reason")
                .map(Spanned::into_inner)
                .unwrap_or_default(),
        });
    }
    if problems.is_empty() {
        Ok(awards)
    } else {
        Err(problems)
    }
}

/// `text` with every email-like token (a run of characters around an `@`, up to a comma,
/// quote, space or line end) replaced by `*`s, byte for byte.
pub fn redact_emails(text: &str) -> String {
    let bytes = text.as_bytes();
    let is_sep = |b: u8| {
        matches!(b, b',' | b'"' | b'\'' | b'=' | b';' | b'<' | b'>') || b.is_ascii_whitespace()
    };
    let mut out = bytes.to_vec();
    for (i, _) in text.match_indices('@') {
        let mut start = i;
        while start > 0 && !is_sep(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < bytes.len() && !is_sep(bytes[end]) {
            end += 1;
        }
        out[start..end].fill(b'*');
    }
    // Only whole characters were replaced (separators are ASCII), so this is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_awards_with_spans() {
        let text =
            "id,credential,recipient_email,issued,revoked\na-1,sql,x@example.org,2025-01-02,no\n";
        let awards = parse(Path::new("content/issued/b.csv"), text).unwrap();
        assert_eq!(awards.len(), 1);
        assert_eq!(awards[0].credential.get_ref(), "sql");
        assert_eq!(&text[awards[0].credential.span()], "sql");
        assert!(!awards[0].revoked);
    }

    #[test]
    fn unknown_column_is_reported() {
        let err = parse(Path::new("x.csv"), "id,credentail\n").unwrap_err();
        assert!(matches!(err[0].problem, Problem::UnknownValue { .. }));
    }

    #[test]
    fn emails_are_masked_in_place() {
        let t = "id,recipient_email\na,jo.e+x@example.org,\"b\"\nrecipient_email = \"ré@x.org\"\n";
        let r = super::redact_emails(t);
        assert_eq!(r.len(), t.len());
        assert!(!r.contains("example.org") && !r.contains("x.org"));
        assert!(r.contains(&format!(
            "a,{},\"b\"",
            "*".repeat("jo.e+x@example.org".len())
        )));
    }
}
