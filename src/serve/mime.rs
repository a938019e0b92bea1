//! File name → `Content-Type` for the dev server.
//!
//! What it is for: the handful of types a credcat site emits (HTML, JSON-LD, JSON, SVG, XML and
//! Atom, CSS, JS, text, images, fonts), with `charset=utf-8` on text types so a browser never
//! guesses. What it is not: a general MIME database; anything unknown is
//! `application/octet-stream`, which with `nosniff` is downloaded rather than rendered.

use std::path::Path;

/// The `Content-Type` of an HTML page; the only type that gets the live-reload script.
pub(crate) const HTML: &str = "text/html; charset=utf-8";

/// The content type for a file, from its name.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name == "feed.xml" || name == "atom.xml" {
        return "application/atom+xml";
    }
    let ext = match name.rsplit_once('.') {
        Some((_, ext)) => ext,
        None => return "application/octet-stream",
    };
    match ext {
        "html" | "htm" => HTML,
        "jsonld" => "application/ld+json",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown() {
        let ct = |n: &str| content_type(Path::new(n));
        assert_eq!(ct("index.html"), HTML);
        assert_eq!(ct("A.HTML"), HTML);
        assert_eq!(ct("index.jsonld"), "application/ld+json");
        assert_eq!(ct("feed.xml"), "application/atom+xml");
        assert_eq!(ct("sitemap.xml"), "application/xml");
        assert_eq!(ct("Makefile"), "application/octet-stream");
        assert_eq!(ct("x.unknown"), "application/octet-stream");
    }
}
