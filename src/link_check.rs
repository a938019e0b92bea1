//! `credcat check --external-links`: asks every web address the catalog links to whether it
//! still answers. Off by default (it needs the network and the sites' patience); on, a dead
//! link is an error at its place in the source, like a broken `@/` link.
//!
//! The links are the ones a visitor can follow: every `href` of the rendered bodies and the
//! URL fields (an organization's site and logo, a credential's image, a framework's source).
//! Award files are left out: their evidence addresses belong to learners. Each address is
//! asked once, however often it is linked, with `HEAD` (then `GET` when a server refuses
//! `HEAD`), redirects followed, a time limit per address, a few at a time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Problem};
use crate::load::Loaded;
use crate::model::Catalog;

/// How many addresses are asked at once.
const PARALLEL: usize = 8;

/// What an address answered, when it is not a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dead {
    /// An HTTP error status (404, 410, 500 …).
    Status(u16),
    /// No answer: the name does not resolve, the connection is refused or times out, TLS
    /// fails.
    Unreachable(String),
}

/// Every external (http/https) address the catalog links to, with the files that link it.
pub fn external_links(cat: &Catalog) -> BTreeMap<String, Vec<PathBuf>> {
    let mut links: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut add = |url: &str, file: &Path| {
        if url.starts_with("http://") || url.starts_with("https://") {
            let files = links.entry(url.to_string()).or_default();
            if !files.iter().any(|f| f == file) {
                files.push(file.to_path_buf());
            }
        }
    };
    for c in &cat.credentials {
        hrefs(&c.description_html.text(), |u| add(u, &c.file));
        if let Some(l) = &c.image {
            add(l.as_str(), &c.file);
        }
    }
    for o in &cat.organizations {
        hrefs(&o.description_html.text(), |u| add(u, &o.file));
        add(o.url.as_str(), &o.file);
        if let Some(l) = &o.logo {
            add(l.as_str(), &o.file);
        }
    }
    for f in &cat.frameworks {
        hrefs(&f.description_html.text(), |u| add(u, &f.file));
        if let Some(l) = &f.source_url {
            add(l.as_str(), &f.file);
        }
    }
    for p in &cat.pathways {
        hrefs(&p.description_html.text(), |u| add(u, &p.file));
    }
    for p in &cat.pages {
        hrefs(&p.body_html.text(), |u| add(u, &p.file));
    }
    links
}

/// Calls `f` with every `href` value of sanitized HTML (double-quoted, `&amp;` for `&`).
fn hrefs(html: &str, mut f: impl FnMut(&str)) {
    const MARK: &str = "href=\"";
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        let after = &rest[i + MARK.len()..];
        let end = after.find('"').unwrap_or(after.len());
        f(&after[..end].replace("&amp;", "&"));
        rest = &after[end..];
    }
}

/// Asks one address; `None` when it answers with a page (after redirects).
pub fn probe(agent: &ureq::Agent, url: &str) -> Option<Dead> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    let first = status(agent.head(url).call());
    // Some servers answer HEAD with 403, 404, 405 or 501 but GET with the page.
    let answer = match first {
        Ok(code) if code < 400 => return None,
        Ok(_) | Err(_) => status(agent.get(url).call()).or(first),
    };
    match answer {
        Ok(code) if code < 400 => None,
        Ok(code) => Some(Dead::Status(code)),
        Err(reason) => Some(Dead::Unreachable(reason)),
    }
}

/// Checks every external link, `timeout` per address; each dead one is an error at each
/// place it is written.
pub fn check(cat: &Catalog, loaded: &Loaded, timeout: Duration) -> Vec<Diagnostic> {
    let links = external_links(cat);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("credcat-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(PARALLEL)
        .build();
    let urls: Vec<&String> = links.keys().collect();
    let ask = || -> Vec<Option<Dead>> { urls.par_iter().map(|u| probe(&agent, u)).collect() };
    let answers = match &pool {
        Ok(pool) => pool.install(ask),
        Err(_) => ask(),
    };
    let mut out = Vec::new();
    for (url, dead) in urls.iter().zip(answers) {
        let Some(dead) = dead else { continue };
        let message = match &dead {
            Dead::Status(code) => format!("the link {url} answers {code}"),
            Dead::Unreachable(reason) => format!("the link {url} does not answer ({reason})"),
        };
        for file in &links[*url] {
            let span = loaded
                .text(file)
                .and_then(|text| text.find(url.as_str()))
                .map(|at| at..at + url.len());
            out.push(Diagnostic::new(
                file,
                span,
                Problem::Invalid {
                    message: message.clone(),
                    help: "fix the address or remove the link; it was checked because of --external-links".into(),
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_read_from_sanitized_html() {
        let mut seen = Vec::new();
        hrefs(
            r#"<p><a href="https://a.example/x?a=1&amp;b=2">a</a> <a href="/local/">b</a></p>"#,
            |u| seen.push(u.to_string()),
        );
        assert_eq!(seen, ["https://a.example/x?a=1&b=2", "/local/"]);
    }
}
