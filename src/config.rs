//! `site-config.toml`: what the whole site shares (its address, title, language, publisher,
//! theme, signing key location). Parsing only; `load` reads the file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Problem};

pub const CONFIG_FILE: &str = "site-config.toml";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Absolute URL the site is published at, without a trailing slash.
    pub base_url: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Slug of the publishing organization.
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Let raw HTML in markdown through unsanitized.
    #[serde(default)]
    pub allow_raw_html: bool,
    /// The most credential cards a page of the home page's list shows (the list is cut by
    /// name, the rest going to `page/<prefix>/`); 0 lists every credential on the home page.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    #[serde(default)]
    pub badges: BadgesConfig,
    #[serde(default)]
    pub ctdl: CtdlConfig,
    #[serde(default)]
    pub report: ReportConfig,
    /// `[extra]`: the site's own data for its templates (`site.extra.*`); credcat reads
    /// none of it.
    #[serde(default)]
    pub extra: Extra,
}

/// `[extra]` as written: any TOML table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub toml::Table);

impl Extra {
    /// The table as JSON for the templates; dates and times become their TOML text.
    pub fn to_json(&self) -> serde_json::Value {
        fn convert(v: &toml::Value) -> serde_json::Value {
            use serde_json::Value as J;
            match v {
                toml::Value::String(s) => J::String(s.clone()),
                toml::Value::Integer(i) => J::from(*i),
                toml::Value::Float(f) => J::from(*f),
                toml::Value::Boolean(b) => J::Bool(*b),
                toml::Value::Datetime(d) => J::String(d.to_string()),
                toml::Value::Array(a) => J::Array(a.iter().map(convert).collect()),
                toml::Value::Table(t) => {
                    J::Object(t.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
                }
            }
        }
        convert(&toml::Value::Table(self.0.clone()))
    }
}

// The config is hashed to tell whether it changed between builds; TOML values hold floats,
// which have no `Hash`, so the table is hashed as its TOML text.
impl std::hash::Hash for Extra {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        toml::to_string(&self.0).unwrap_or_default().hash(state);
    }
}

/// `[report]`: the catalog quality report as a page of the site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// Publish the quality report at `quality/` (off by default: it is written for the
    /// institution's board, and an institution decides whether to show it).
    #[serde(default)]
    pub page: bool,
}

/// `[ctdl]`: how CTDL documents name resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct CtdlConfig {
    /// Prefix of every resource URI. The default is the Credential Registry's resource URI
    /// form (`<id_base><ctid>`), so the documents name resources the way the registry does
    /// once they are published there. A prefix under the site's own `base_url` (absolute, or
    /// a site path such as `ctdl/`) makes the URIs resolve on the site itself: they become
    /// `<id_base><ctid>.json`, and a file is written at each ([`SiteConfig::ctdl_site_dir`]).
    #[serde(default = "default_ctdl_id_base")]
    pub id_base: String,
}

impl Default for CtdlConfig {
    fn default() -> Self {
        CtdlConfig {
            id_base: default_ctdl_id_base(),
        }
    }
}

fn default_ctdl_id_base() -> String {
    "https://credentialengineregistry.org/resources/".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct BadgesConfig {
    #[serde(default = "default_key_file")]
    pub key_file: PathBuf,
    #[serde(default = "default_key_env")]
    pub key_env: String,
    /// Let search engines index the badge pages. Off by default: a badge page can show the
    /// holder's name (`publish_name`), so each carries `<meta name="robots" content="noindex">`.
    #[serde(default)]
    pub index_pages: bool,
    /// Awards per revocation status list (`status/1.json`, `status/2.json`, …), in order of
    /// issue: at most half of a list's 131,072 entries, so it stays sparse. A smaller number
    /// spreads awards over more, emptier lists. It decides every award's list, so it must not
    /// change once badges are handed out.
    #[serde(default = "default_awards_per_status_list")]
    pub awards_per_status_list: usize,
}

impl Default for BadgesConfig {
    fn default() -> Self {
        BadgesConfig {
            key_file: default_key_file(),
            key_env: default_key_env(),
            index_pages: false,
            awards_per_status_list: default_awards_per_status_list(),
        }
    }
}

fn default_awards_per_status_list() -> usize {
    crate::sign::status_list::MAX_AWARDS
}

fn default_language() -> String {
    "en-US".into()
}
fn default_paginate_by() -> usize {
    48
}

fn default_theme() -> String {
    "default".into()
}
fn default_key_file() -> PathBuf {
    PathBuf::from(".credcat/issuer.key")
}
fn default_key_env() -> String {
    "CREDCAT_ISSUER_KEY".into()
}

impl SiteConfig {
    /// Parses and checks the config text; `file` is used in diagnostics.
    pub fn parse(text: &str, file: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let mut cfg: SiteConfig = toml::from_str(text).map_err(|e| {
            vec![Diagnostic::new(
                file,
                e.span(),
                Problem::Toml {
                    message: e.message().trim().to_string(),
                },
            )]
        })?;
        let mut problems = Vec::new();
        match normalize_base_url(&cfg.base_url) {
            Some(url) => cfg.base_url = url,
            None => problems.push(Diagnostic::new(
                file,
                find_key(text, "base_url"),
                Problem::Malformed {
                    what: "base_url",
                    value: cfg.base_url.clone(),
                    expected: "an absolute http(s) URL such as https://catalog.example.edu or https://example.edu/catalog",
                },
            )),
        }
        if !valid_id_base(&cfg.ctdl.id_base) {
            problems.push(Diagnostic::new(
                file,
                find_key(text, "id_base"),
                Problem::Malformed {
                    what: "[ctdl] id_base",
                    value: cfg.ctdl.id_base.clone(),
                    expected: "an absolute http(s) URL ending in / (the registry's https://credentialengineregistry.org/resources/), or a site path ending in / such as ctdl/",
                },
            ));
        }
        // The bulk graph's parts have that folder to themselves: the dev server replaces
        // everything in it when it writes them again.
        let parts = crate::emit::urls::CATALOG_PARTS;
        if cfg
            .ctdl_site_dir()
            .is_some_and(|dir| dir.starts_with(parts))
        {
            problems.push(Diagnostic::new(
                file,
                find_key(text, "id_base"),
                Problem::Invalid {
                    message: format!("[ctdl] id_base may not be the folder {parts} or one inside it: the parts of catalog.jsonld go there"),
                    help: "choose another folder of the site, such as ctdl/".into(),
                },
            ));
        }
        if !crate::resolve::validate::is_language_tag(&cfg.language) {
            problems.push(Diagnostic::new(
                file,
                find_key(text, "language"),
                Problem::Malformed {
                    what: "language tag",
                    value: cfg.language.clone(),
                    expected: "a BCP 47 tag such as en, en-US or es-MX",
                },
            ));
        }
        let per_list = cfg.badges.awards_per_status_list;
        if !(1..=crate::sign::status_list::MAX_AWARDS).contains(&per_list) {
            problems.push(Diagnostic::new(
                file,
                find_key(text, "awards_per_status_list"),
                Problem::Malformed {
                    what: "[badges] awards_per_status_list",
                    value: per_list.to_string(),
                    expected: "a whole number from 1 to 65536 (half of a status list's 131,072 entries, so the list stays sparse); leave it out for 65536",
                },
            ));
        }
        if !is_theme_name(&cfg.theme) {
            problems.push(Diagnostic::new(
                file,
                find_key(text, "theme"),
                Problem::Malformed {
                    what: "theme",
                    value: cfg.theme.clone(),
                    expected: "the name of a folder under themes/ (letters, digits, - and _), such as default; credcat reads no theme from outside the catalog",
                },
            ));
        }
        if problems.is_empty() {
            Ok(cfg)
        } else {
            Err(problems)
        }
    }

    /// Overrides the base URL (from `--base-url` or the dev server).
    pub fn set_base_url(&mut self, url: &str) -> bool {
        match normalize_base_url(url) {
            Some(u) => {
                self.base_url = u;
                true
            }
            None => false,
        }
    }

    /// The path part of the base URL, always starting and ending with `/`: links in pages use
    /// it so a site served from a sub-path works.
    pub fn base_path(&self) -> String {
        format!("{}/", self.base_path_unended())
    }

    /// [`SiteConfig::base_path`] without its last `/` (`""` at the root), borrowed: a link
    /// is made from it and a path in one allocation.
    pub fn base_path_unended(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }

    /// Absolute URL of a site path such as `credentials/sql/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }

    /// The absolute prefix of CTDL resource URIs: `[ctdl] id_base`, a site path resolved
    /// against the base URL.
    pub fn ctdl_id_base(&self) -> String {
        let base = &self.ctdl.id_base;
        if base.starts_with("https://") || base.starts_with("http://") {
            base.clone()
        } else {
            self.url(base)
        }
    }

    /// The site path of an absolute URL under the base URL (`None` for one elsewhere): the
    /// inverse of [`SiteConfig::url`].
    pub fn site_path<'a>(&self, url: &'a str) -> Option<&'a str> {
        url.strip_prefix(self.base_url.as_str())?.strip_prefix('/')
    }

    /// The site folder (`ctdl/`, or `""` for the site root) that CTDL resource URIs point
    /// into when `id_base` is under the base URL: every URI is then a file of the site. `None`
    /// when the URIs are elsewhere (the registry's, by default).
    pub fn ctdl_site_dir(&self) -> Option<String> {
        self.site_path(&self.ctdl_id_base()).map(str::to_owned)
    }
}

/// `[ctdl] id_base`: an absolute http(s) URL or a relative site path, ending in `/`, with
/// nothing that would need escaping in a URI or a file name.
fn valid_id_base(base: &str) -> bool {
    let path = match base.split_once("://") {
        Some((scheme, rest)) => {
            if !matches!(scheme, "http" | "https") {
                return false;
            }
            if crate::resolve::validate::link(base, crate::resolve::validate::LinkKinds::Web)
                .is_err()
            {
                return false;
            }
            match rest.split_once('/') {
                Some((host, path)) if !host.is_empty() => path,
                _ => return false,
            }
        }
        None => base.trim_start_matches('/'),
    };
    base.ends_with('/')
        && !path.split('/').any(|seg| seg == ".." || seg == ".")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c))
        && !base.starts_with("//")
}

fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    let ok = matches!(scheme, "http" | "https")
        && !host.is_empty()
        && crate::resolve::validate::link(url, crate::resolve::validate::LinkKinds::Web).is_ok()
        && !rest.contains(['?', '#', ' '])
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    ok.then(|| url.to_string())
}

/// A theme is a folder of `themes/`, named plainly: no path separators, no `..`.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The span of `key = …` in a TOML text, for pointing at a field toml accepted but we did not.
pub fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let start = offset + (line.len() - trimmed.len());
                return Some(start..offset + line.trim_end().len());
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(base: &str) -> SiteConfig {
        SiteConfig::parse(
            &format!("base_url = \"{base}\"\ntitle = \"T\"\n"),
            Path::new("c.toml"),
        )
        .unwrap()
    }

    #[test]
    fn base_path_supports_sub_paths() {
        assert_eq!(cfg("https://x.edu/").base_path(), "/");
        assert_eq!(cfg("https://x.edu/catalog/").base_path(), "/catalog/");
        assert_eq!(
            cfg("https://x.edu/catalog").url("credentials/a/"),
            "https://x.edu/catalog/credentials/a/"
        );
    }

    #[test]
    fn id_base_is_absolute_or_a_site_path() {
        let with = |id: &str| {
            SiteConfig::parse(
                &format!(
                    "base_url = \"https://x.edu/cat\"\ntitle = \"T\"\n[ctdl]\nid_base = \"{id}\"\n"
                ),
                Path::new("c.toml"),
            )
        };
        let registry = with("https://credentialengineregistry.org/resources/").unwrap();
        assert_eq!(registry.ctdl_site_dir(), None);
        let local = with("ctdl/").unwrap();
        assert_eq!(local.ctdl_id_base(), "https://x.edu/cat/ctdl/");
        assert_eq!(local.ctdl_site_dir().as_deref(), Some("ctdl/"));
        let absolute = with("https://x.edu/cat/r/").unwrap();
        assert_eq!(absolute.ctdl_site_dir().as_deref(), Some("r/"));
        assert_eq!(
            with("https://x.edu/catalog/").unwrap().ctdl_site_dir(),
            None,
            "a sibling path is not under the site"
        );
        let parts = with("ctdl/catalog/").unwrap_err();
        assert!(
            format!("{parts:?}").contains("parts of catalog.jsonld"),
            "{parts:?}"
        );
        assert!(with("https://x.edu/cat/ctdl/catalog/x/").is_err());
        for bad in [
            "ctdl",
            "../up/",
            "ftp://x/",
            "a b/",
            "//x.edu/r/",
            "https:///",
        ] {
            let err = with(bad).unwrap_err();
            assert!(err[0].span.is_some(), "{bad}");
        }
    }

    #[test]
    fn bad_base_url_points_at_the_key() {
        let text = "title = \"T\"\nbase_url = \"ftp:/x\"\n";
        let err = SiteConfig::parse(text, Path::new("c.toml")).unwrap_err();
        assert_eq!(err[0].span.as_ref().unwrap().start, 12);
    }
}
