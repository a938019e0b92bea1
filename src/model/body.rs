//! A record's body as the catalog holds it: rendered and sanitized HTML, LZ4-compressed.
//!
//! Bodies are most of a catalog's bytes (at 100,000 generated credentials, 620 MB of HTML
//! held from parse to the last page) and each is read once in a build, by the page that
//! shows it. Held compressed, the skewed 100,000's resident memory after parse fell from
//! 1,345 to 988 MB (the compression ratio itself was not measured). Compression is
//! deterministic, so two bodies are equal exactly when their texts are, which is what the
//! dev server's comparisons of records need.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// Rendered body HTML, compressed; cloning shares it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BodyHtml(Arc<[u8]>);

impl BodyHtml {
    pub fn new(html: &str) -> BodyHtml {
        BodyHtml(lz4_flex::compress_prepend_size(html.as_bytes()).into())
    }

    /// The HTML again.
    pub fn text(&self) -> String {
        // Only `new` makes these bytes, from a `str`, so neither step fails; were one to,
        // a page would show no body rather than stop the build.
        lz4_flex::decompress_size_prepended(&self.0)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

impl fmt::Debug for BodyHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BodyHtml").field(&self.text()).finish()
    }
}

impl Serialize for BodyHtml {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_back_what_it_was_given_in_less_room() {
        let html = "<p>Read a balance sheet &amp; explain it.</p>\n".repeat(200) + "<p>é ✓</p>";
        let body = BodyHtml::new(&html);
        assert_eq!(body.text(), html);
        assert!(
            body.0.len() * 4 < html.len(),
            "{} of {}",
            body.0.len(),
            html.len()
        );
        assert_eq!(BodyHtml::new(&html), body);
        assert_ne!(BodyHtml::new("<p>a</p>"), BodyHtml::new("<p>b</p>"));
        assert_eq!(BodyHtml::new("").text(), "");
    }
}
