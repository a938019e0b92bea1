//! Stage 1, load: the only code that reads the catalog's files. It turns the config, every
//! content file, the theme's templates and the static assets into raw typed records (with
//! source spans), in parallel. It checks syntax and field names only; meaning is `resolve`'s.

pub mod awards;
pub mod front_matter;
pub mod markdown;
pub mod raw;
pub mod source;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem};
use raw::*;
use source::SourceMap;

/// What kind of resource a content file holds, from the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Credential,
    Framework,
    Organization,
    Pathway,
    Awards,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Credential,
        Kind::Framework,
        Kind::Organization,
        Kind::Pathway,
        Kind::Awards,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            Kind::Credential => "content/credentials",
            Kind::Framework => "content/competencies",
            Kind::Organization => "content/organizations",
            Kind::Pathway => "content/pathways",
            Kind::Awards => "content/issued",
        }
    }

    /// The kind of a path relative to the catalog root, if it is a content file.
    pub fn of(rel: &Path) -> Option<Kind> {
        let parent = rel.parent()?.to_str()?.replace('\\', "/");
        let kind = Kind::ALL.into_iter().find(|k| k.dir() == parent)?;
        let ext = rel.extension()?.to_str()?;
        let ok = match kind {
            Kind::Awards => ext == "toml" || ext == "csv",
            _ => ext == "md",
        };
        ok.then_some(kind)
    }
}

/// A parsed markdown resource: its slug (from the file name), raw fields and rendered body.
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub slug: String,
    pub file: PathBuf,
    pub raw: T,
    pub body_html: String,
}

#[derive(Debug, Clone)]
pub enum Parsed {
    Credential(Box<Record<RawCredential>>),
    Framework(Box<Record<RawFramework>>),
    Organization(Box<Record<RawOrganization>>),
    Pathway(Box<Record<RawPathway>>),
    Awards(PathBuf, Vec<RawAward>),
}

/// One content file after loading: its text (for diagnostics) and what it parsed to.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub text: Arc<str>,
    pub parsed: Result<Parsed, Vec<Diagnostic>>,
}

/// A theme file or a static asset, by its path relative to its folder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Asset {
    pub path: String,
    pub bytes: Arc<[u8]>,
}

/// A template's text and the file it came from (for error messages).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Template {
    pub origin: PathBuf,
    pub text: String,
}

/// Everything `load` read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Content files by path relative to the root; a BTreeMap so every later stage sees them
    /// in the same order on every run.
    pub files: BTreeMap<PathBuf, LoadedFile>,
    /// Template name → template; the site's own `templates/` already laid over the theme's.
    pub templates: BTreeMap<String, Template>,
    /// Static files; the site's `static/` laid over the theme's.
    pub assets: BTreeMap<String, Asset>,
}

impl Loaded {
    /// The text of every file read, for rendering diagnostics.
    pub fn sources(&self) -> SourceMap {
        let mut map = SourceMap::default();
        for (path, f) in &self.files {
            map.insert(path.clone(), f.text.clone());
        }
        map
    }

    /// Problems found while loading, across all files.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut d = Diagnostics::default();
        for f in self.files.values() {
            if let Err(errs) = &f.parsed {
                d.extend(errs.iter().cloned());
            }
        }
        d
    }

    /// Re-reads one content file (after an edit); removes it when it is gone.
    pub fn reload_file(&mut self, rel: &Path) {
        if Kind::of(rel).is_none() {
            return;
        }
        if self.root.join(rel).is_file() {
            let f = load_file(&self.root, rel, self.config.allow_raw_html);
            self.files.insert(rel.to_path_buf(), f);
        } else {
            self.files.remove(rel);
        }
    }
}

/// Why nothing could be loaded at all.
#[derive(Debug)]
pub struct ConfigError {
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
}

/// Reads the config alone: every other stage needs it first.
pub fn config(root: &Path) -> Result<SiteConfig, ConfigError> {
    let rel = PathBuf::from(CONFIG_FILE);
    let fail = |problem: Problem, text: Option<Arc<str>>, span| {
        let mut sources = SourceMap::default();
        if let Some(t) = text {
            sources.insert(rel.clone(), t);
        }
        ConfigError {
            diagnostics: Diagnostics(vec![Diagnostic::new(&rel, span, problem)]),
            sources,
        }
    };
    let bytes = std::fs::read(root.join(CONFIG_FILE)).map_err(|e| {
        fail(
            Problem::Invalid {
                message: format!("cannot read {CONFIG_FILE} in {}: {e}", root.display()),
                help: "run credcat in a catalog folder, pass --root DIR, or create one with `credcat init DIR`".into(),
            },
            None,
            None,
        )
    })?;
    let text: Arc<str> = String::from_utf8(bytes)
        .map_err(|_| fail(Problem::NotUtf8, None, None))?
        .into();
    SiteConfig::parse(&text, &rel).map_err(|errs| {
        let mut sources = SourceMap::default();
        sources.insert(rel.clone(), text.clone());
        ConfigError {
            diagnostics: Diagnostics(errs),
            sources,
        }
    })
}

/// Loads the whole catalog under `root` with an already-parsed config.
pub fn site(root: &Path, config: SiteConfig) -> Loaded {
    let paths = content_paths(root);
    let files = paths
        .into_par_iter()
        .map(|rel| {
            let f = load_file(root, &rel, config.allow_raw_html);
            (rel, f)
        })
        .collect();
    let (templates, assets) = theme_files(root, &config.theme);
    Loaded {
        root: root.to_path_buf(),
        config,
        files,
        templates,
        assets,
    }
}

/// Every content file path under `root`, relative to it.
fn content_paths(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let Ok(entries) = std::fs::read_dir(root.join(kind.dir())) else {
            continue;
        };
        for entry in entries.flatten() {
            let rel = Path::new(kind.dir()).join(entry.file_name());
            if Kind::of(&rel) == Some(kind) && entry.path().is_file() {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// Reads and parses one content file.
pub fn load_file(root: &Path, rel: &Path, allow_raw_html: bool) -> LoadedFile {
    let fail = |text: Arc<str>, problem: Problem| LoadedFile {
        text,
        parsed: Err(vec![Diagnostic::new(rel, None, problem)]),
    };
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                "".into(),
                Problem::Io {
                    what: rel.display().to_string(),
                    reason: e.to_string(),
                },
            )
        }
    };
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(t) => t.into(),
        Err(_) => return fail("".into(), Problem::NotUtf8),
    };
    let Some(kind) = Kind::of(rel) else {
        return fail(
            text,
            Problem::Invalid {
                message: "not a content file".into(),
                help: "content files are .md (or .toml/.csv under content/issued)".into(),
            },
        );
    };
    let parsed = parse(kind, rel, &text, allow_raw_html);
    LoadedFile { text, parsed }
}

/// Parses the text of one content file of `kind` at `rel` (relative to the root): what
/// [`load_file`] does after reading it. Public for the fuzz targets (`fuzz/harness.rs`).
pub fn parse(
    kind: Kind,
    rel: &Path,
    text: &str,
    allow_raw_html: bool,
) -> Result<Parsed, Vec<Diagnostic>> {
    if kind == Kind::Awards {
        return awards::parse(rel, text).map(|a| Parsed::Awards(rel.to_path_buf(), a));
    }
    let slug = slug_of(rel)?;
    let split = front_matter::split(text).map_err(|p| {
        vec![Diagnostic::new(
            rel,
            Some(0..text.lines().next().map_or(0, str::len)),
            p,
        )]
    })?;
    let body_html = markdown::render(split.body, allow_raw_html);
    let fm = split.front_matter;
    let off = split.front_offset;
    Ok(match kind {
        Kind::Credential => Parsed::Credential(Box::new(record(rel, slug, fm, off, body_html)?)),
        Kind::Framework => Parsed::Framework(Box::new(record(rel, slug, fm, off, body_html)?)),
        Kind::Organization => {
            Parsed::Organization(Box::new(record(rel, slug, fm, off, body_html)?))
        }
        Kind::Pathway => Parsed::Pathway(Box::new(record(rel, slug, fm, off, body_html)?)),
        Kind::Awards => unreachable!("handled above"),
    })
}

fn record<T: DeserializeOwned>(
    rel: &Path,
    slug: String,
    front_matter: &str,
    offset: usize,
    body_html: String,
) -> Result<Record<T>, Vec<Diagnostic>> {
    // Pad the front matter to its place in the file so every span toml records (also the
    // ones kept in `Spanned` fields) is already a file offset.
    let mut padded = " ".repeat(offset.saturating_sub(1));
    padded.push('\n');
    padded.push_str(front_matter);
    let raw: T = parse_toml(rel, &padded)?;
    Ok(Record {
        slug,
        file: rel.to_path_buf(),
        raw,
        body_html,
    })
}

/// Parses TOML, mapping a syntax or schema error to a diagnostic at its place in the file.
pub fn parse_toml<T: DeserializeOwned>(rel: &Path, text: &str) -> Result<T, Vec<Diagnostic>> {
    toml::from_str(text).map_err(|e| {
        vec![Diagnostic::new(
            rel,
            e.span(),
            Problem::Toml {
                message: e.message().trim().to_string(),
            },
        )]
    })
}

/// The slug a file name gives, or why it cannot be one.
fn slug_of(rel: &Path) -> Result<String, Vec<Diagnostic>> {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let ok = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !stem.starts_with('-');
    if ok {
        Ok(stem.to_string())
    } else {
        Err(vec![Diagnostic::new(
            rel,
            None,
            Problem::Malformed {
                what: "file name",
                value: stem.to_string(),
                expected: "lowercase letters, digits and dashes (the name becomes the page's URL), e.g. sql-fundamentals.md",
            },
        )])
    }
}

/// The default theme, built into the binary; used when a catalog has no `themes/default`.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Loads templates and static files: the theme's first, then the site's own over them.
pub fn theme_files(
    root: &Path,
    theme: &str,
) -> (BTreeMap<String, Template>, BTreeMap<String, Asset>) {
    let theme_dir = root.join("themes").join(theme);
    let mut templates = BTreeMap::new();
    let mut assets = BTreeMap::new();
    if theme == "default" && !theme_dir.is_dir() {
        for (path, bytes) in embedded::DEFAULT_THEME {
            if let Some(name) = path.strip_prefix("templates/") {
                let origin = PathBuf::from("(built-in theme)").join(path);
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.insert(name.to_string(), Template { origin, text });
            } else if let Some(name) = path.strip_prefix("static/") {
                assets.insert(
                    name.to_string(),
                    Asset {
                        path: name.to_string(),
                        bytes: Arc::from(*bytes),
                    },
                );
            }
        }
    }
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        for (name, bytes) in read_tree(&dir) {
            let origin = dir
                .join(&name)
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            templates.insert(name, Template { origin, text });
        }
    }
    for dir in [theme_dir.join("static"), root.join("static")] {
        for (path, bytes) in read_tree(&dir) {
            assets.insert(path.clone(), Asset { path, bytes });
        }
    }
    (templates, assets)
}

/// Every file under `dir`, keyed by its `/`-separated path relative to `dir`.
fn read_tree(dir: &Path) -> Vec<(String, Arc<[u8]>)> {
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let mut files: Vec<(String, Arc<[u8]>)> = paths
        .par_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(dir).ok()?;
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((name, std::fs::read(p).ok()?.into()))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
