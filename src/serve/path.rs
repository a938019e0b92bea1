//! Request target → safe path segments, the one place that decides which URLs may name a file.
//!
//! What it is for: turning the raw path of an HTTP request target (`/credentials/a%20b/`) into a
//! list of plain file-name segments that can be joined under the output folder without leaving
//! it. Percent-escapes are decoded exactly once; anything that could climb out of the folder or
//! mean something different to the file system than to the URL is rejected, not "cleaned":
//! `.`/`..` segments (raw or encoded), encoded separators (`%2f`, `%5c`), backslashes, empty
//! segments (`//etc/passwd`), drive letters (`C:`), NUL and control bytes, invalid UTF-8.
//!
//! What it is not: the symlink check. A segment list that passes here can still name a symlink
//! that points outside the folder; `http` canonicalizes the final path and checks it against
//! the canonical root at serve time. This module does no I/O so it can be tested exhaustively.

use std::fmt;

/// A request path that passed every check: file-name segments, none empty, none `.` or `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SafePath {
    /// Decoded segments, in order; empty for `/`.
    pub segments: Vec<String>,
    /// The raw path ended in `/` (so it names a folder).
    pub trailing_slash: bool,
}

/// Why a request path was refused; shown in the body of the 400 response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// Not origin-form (`/…`): `*`, `http://host/…`, or a relative path.
    NotOriginForm,
    /// `%` not followed by two hex digits.
    BadEscape,
    /// `%2f` or `%5c`: a separator hidden inside a segment.
    EncodedSeparator,
    /// A raw backslash, a separator on Windows.
    Backslash,
    /// A `.` or `..` segment, raw or after decoding.
    DotSegment,
    /// `//` inside the path.
    EmptySegment,
    /// `%00` or another control byte.
    ControlByte,
    /// The decoded bytes are not UTF-8.
    InvalidUtf8,
    /// A segment like `C:` that names a drive on Windows.
    DriveLetter,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rejection::NotOriginForm => "the request target must be a path starting with `/`",
            Rejection::BadEscape => "a `%` escape is not followed by two hex digits",
            Rejection::EncodedSeparator => "encoded `/` or `\\` inside a path segment",
            Rejection::Backslash => "backslash in the path",
            Rejection::DotSegment => "`.` or `..` segment in the path",
            Rejection::EmptySegment => "empty segment (`//`) in the path",
            Rejection::ControlByte => "NUL or control byte in the path",
            Rejection::InvalidUtf8 => "the decoded path is not UTF-8",
            Rejection::DriveLetter => "drive letter in the path",
        })
    }
}

/// Splits a raw request target into its path and query; a fragment (never sent by browsers,
/// but possible from hand-written clients) is dropped with the query.
pub(crate) fn split_target(target: &str) -> (&str, Option<&str>) {
    let end = target.find('#').unwrap_or(target.len());
    let target = &target[..end];
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

/// Checks and decodes the path part of a request target (no query). See the module doc.
pub(crate) fn parse(raw: &str) -> Result<SafePath, Rejection> {
    let Some(body) = raw.strip_prefix('/') else {
        return Err(Rejection::NotOriginForm);
    };
    if raw.contains('\\') {
        return Err(Rejection::Backslash);
    }
    let mut segments = Vec::new();
    let mut trailing_slash = body.is_empty();
    let parts: Vec<&str> = body.split('/').collect();
    let last = parts.len().saturating_sub(1);
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            if i == last {
                trailing_slash = true;
                continue;
            }
            return Err(Rejection::EmptySegment);
        }
        if *part == "." || *part == ".." {
            return Err(Rejection::DotSegment);
        }
        segments.push(decode_segment(part)?);
    }
    Ok(SafePath {
        segments,
        trailing_slash,
    })
}

/// Decodes one raw segment and checks the result.
fn decode_segment(raw: &str) -> Result<String, Rejection> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hi = bytes.get(i + 1).and_then(|&c| hex_value(c));
            let lo = bytes.get(i + 2).and_then(|&c| hex_value(c));
            match (hi, lo) {
                (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                _ => return Err(Rejection::BadEscape),
            }
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    if out.iter().any(|&b| b == b'/' || b == b'\\') {
        return Err(Rejection::EncodedSeparator);
    }
    if out.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Err(Rejection::ControlByte);
    }
    let decoded = String::from_utf8(out).map_err(|_| Rejection::InvalidUtf8)?;
    if decoded == "." || decoded == ".." {
        return Err(Rejection::DotSegment);
    }
    let mut chars = decoded.chars();
    if let (Some(first), Some(':')) = (chars.next(), chars.next()) {
        if first.is_ascii_alphabetic() {
            return Err(Rejection::DriveLetter);
        }
    }
    Ok(decoded)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> (Vec<String>, bool) {
        let p = parse(raw).unwrap_or_else(|e| panic!("{raw} rejected: {e}"));
        (p.segments, p.trailing_slash)
    }

    #[test]
    fn plain_paths() {
        assert_eq!(ok("/"), (vec![], true));
        assert_eq!(ok("/a.html"), (vec!["a.html".into()], false));
        assert_eq!(ok("/a/b/"), (vec!["a".into(), "b".into()], true));
        assert_eq!(ok("/.well-known/did.json").0[0], ".well-known");
    }

    #[test]
    fn decodes_exactly_once() {
        assert_eq!(ok("/a%20b").0, vec!["a b"]);
        assert_eq!(ok("/caf%C3%A9").0, vec!["café"]);
        // `%252e%252e` decodes once to the literal name `%2e%2e`, which is not `..`.
        assert_eq!(ok("/%252e%252e/x").0, vec!["%2e%2e", "x"]);
    }

    #[test]
    fn rejects_every_escape_route() {
        use Rejection::*;
        let cases = [
            ("/../etc/passwd", DotSegment),
            ("/a/..", DotSegment),
            ("/./a", DotSegment),
            ("/%2e%2e/etc/passwd", DotSegment),
            ("/%2E%2e/etc/passwd", DotSegment),
            ("/.%2e/x", DotSegment),
            ("/%2e", DotSegment),
            ("/%2E%2E%2Fetc%2Fpasswd", EncodedSeparator),
            ("/..%2fetc%2fpasswd", EncodedSeparator),
            ("/a%2fb", EncodedSeparator),
            ("/a%2Fb", EncodedSeparator),
            ("/a%5cb", EncodedSeparator),
            ("/..%5c..%5cwindows", EncodedSeparator),
            ("/..\\etc", Backslash),
            ("/a\\b", Backslash),
            ("//etc/passwd", EmptySegment),
            ("/a//b", EmptySegment),
            ("/C:/Windows", DriveLetter),
            ("/c%3A/x", DriveLetter),
            ("/a%00.html", ControlByte),
            ("/a%0a", ControlByte),
            ("/%ff", InvalidUtf8),
            ("/%c0%ae%c0%ae/x", InvalidUtf8),
            ("/%", BadEscape),
            ("/%2", BadEscape),
            ("/%zz", BadEscape),
            ("etc/passwd", NotOriginForm),
            ("*", NotOriginForm),
            ("http://example.com/", NotOriginForm),
            ("", NotOriginForm),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(raw), Err(want), "{raw}");
        }
    }

    #[test]
    fn splits_query_and_fragment() {
        assert_eq!(split_target("/a?b=1"), ("/a", Some("b=1")));
        assert_eq!(split_target("/a?b=/../x"), ("/a", Some("b=/../x")));
        assert_eq!(split_target("/a#x?y"), ("/a", None));
        assert_eq!(split_target("/a"), ("/a", None));
    }
}
