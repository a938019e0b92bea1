//! Stage 1, load: the only code that reads the catalog's files. It turns the config, every
//! content file, the theme's templates and the static assets into raw typed records (with
//! source spans), in parallel. It checks syntax and field names only; meaning is `resolve`'s.

pub mod awards;
pub mod front_matter;
pub mod markdown;
pub mod raw;
pub mod sandbox;
pub mod source;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics, Problem};
use crate::model::BodyHtml;
use raw::*;
use sandbox::{Boundary, ReadError, CONTENT_LIMIT, STATIC_LIMIT, TEXT_LIMIT};
use source::SourceMap;

/// What kind of resource a content file holds, from the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Credential,
    Framework,
    Organization,
    Pathway,
    Awards,
    /// A free-form page (About, How to enroll): `content/pages/<slug>.md`.
    Page,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Credential,
        Kind::Framework,
        Kind::Organization,
        Kind::Pathway,
        Kind::Awards,
        Kind::Page,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            Kind::Credential => "content/credentials",
            Kind::Framework => "content/competencies",
            Kind::Organization => "content/organizations",
            Kind::Pathway => "content/pathways",
            Kind::Awards => "content/issued",
            Kind::Page => "content/pages",
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
    /// Shared with the catalog's page that shows it: a body is most of a record's bytes.
    pub body_html: BodyHtml,
}

#[derive(Debug, Clone)]
pub enum Parsed {
    Credential(Box<Record<RawCredential>>),
    Framework(Box<Record<RawFramework>>),
    Organization(Box<Record<RawOrganization>>),
    Pathway(Box<Record<RawPathway>>),
    Awards(PathBuf, Vec<RawAward>),
    Page(Box<Record<RawPage>>),
    /// Parsed, resolved into the catalog, and let go ([`Loaded::release_records`]).
    Released,
    /// Read but not parsed yet ([`read_site`]; [`Loaded::parse`] parses it): a build whose
    /// inputs are unchanged (`stamp`) never parses.
    Pending,
}

/// One content file after loading: its text (for diagnostics) and what it parsed to.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// `None` once a build let go of it after parsing it ([`Loaded::parse_and_release`]):
    /// [`Loaded::text`] reads it again for a diagnostic.
    pub text: Option<Arc<str>>,
    /// SHA-256 of the text as read: the build stamp's, and how a text read again is known
    /// to be the one that was parsed.
    pub digest: [u8; 32],
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
    /// What may be read: the catalog root, minus the issuer's key.
    pub boundary: Boundary,
    pub config: SiteConfig,
    /// Content files by path relative to the root; a BTreeMap so every later stage sees them
    /// in the same order on every run.
    pub files: BTreeMap<PathBuf, LoadedFile>,
    /// Template name → template; the site's own `templates/` already laid over the theme's.
    pub templates: BTreeMap<String, Template>,
    /// Static files; the site's `static/` laid over the theme's.
    pub assets: BTreeMap<String, Asset>,
    /// Content folders that exist but could not be listed: a build that went on without
    /// them would publish a site with parts silently missing.
    pub unreadable_folders: Vec<Diagnostic>,
    /// Templates and static files that exist but could not be read (same reason).
    pub unreadable_theme: Vec<Diagnostic>,
}

impl Loaded {
    /// Lets go of every file's parsed record, keeping its text (for diagnostics and the
    /// build stamp). A build calls it once the catalog is resolved: the catalog holds all
    /// the records said, and the records were a sixth of a build's peak memory (10,000
    /// credentials: 320 → 267 MB). Nothing may resolve these files again; the dev server,
    /// which does, never releases them.
    pub fn release_records(&mut self) {
        for f in self.files.values_mut() {
            if f.parsed.is_ok() {
                f.parsed = Ok(Parsed::Released);
            }
        }
    }

    /// Parses every file read but not parsed yet ([`read_site`]), in parallel.
    pub fn parse(&mut self) {
        self.parse_keeping(true);
    }

    /// [`Loaded::parse`], letting go of each file's text once it parsed: a build holds no
    /// text it will not show (100,000 credentials: 780 MB of the peak). A diagnostic reads
    /// the file again ([`Loaded::text`]). The dev server, which compares texts, keeps them.
    pub fn parse_and_release(&mut self) {
        self.parse_keeping(false);
    }

    fn parse_keeping(&mut self, keep_texts: bool) {
        let allow_raw_html = self.config.allow_raw_html;
        self.files.par_iter_mut().for_each(|(rel, f)| {
            f.parse(rel, allow_raw_html);
            if !keep_texts && f.parsed.is_ok() {
                f.text = None;
            }
        });
    }

    /// A content file's text: as read, or read again when a build let go of it. `None` when
    /// it is not a file read, or it changed since (its spans would point elsewhere).
    pub fn text(&self, rel: &Path) -> Option<Arc<str>> {
        let f = self.files.get(rel)?;
        if let Some(text) = &f.text {
            return Some(text.clone());
        }
        let again = read_file(&self.boundary, rel);
        (again.digest == f.digest).then_some(again.text?)
    }

    /// The texts of the files these diagnostics name, to render them with.
    pub fn sources(&self, diagnostics: &[Diagnostic]) -> SourceMap {
        let mut map = SourceMap::default();
        let named: std::collections::BTreeSet<&Path> =
            diagnostics.iter().map(|d| d.file.as_path()).collect();
        for path in named {
            let Some(text) = self.text(path) else {
                continue;
            };
            // Award files quote recipients' emails: a diagnostic shows their lines, so the
            // addresses are masked (same length, so every span still points where it did).
            let text = if Kind::of(path) == Some(Kind::Awards) {
                awards::redact_emails(&text).into()
            } else {
                text
            };
            map.insert(path.to_path_buf(), text);
        }
        map
    }

    /// Problems found while loading, across all files.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut d = Diagnostics::default();
        d.extend(self.unreadable_folders.iter().cloned());
        d.extend(self.unreadable_theme.iter().cloned());
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
        // A file that is gone is removed; one that exists but cannot be read stays, as an
        // error that names it.
        if std::fs::symlink_metadata(self.root.join(rel)).is_ok() {
            let f = load_file(&self.boundary, rel, self.config.allow_raw_html);
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
    // The key file is not known yet; `.credcat/` is refused all the same.
    let boundary = Boundary::new(root, None);
    let bytes = boundary.read(&rel, TEXT_LIMIT).map_err(|e| {
        let problem = match e {
            ReadError::NotFound => Problem::Invalid {
                message: format!("there is no {CONFIG_FILE} in {}", root.display()),
                help: "run credcat in a catalog folder, pass --root DIR, or create one with `credcat init DIR`".into(),
            },
            reason => Problem::Unreadable {
                what: CONFIG_FILE.into(),
                reason,
            },
        };
        fail(problem, None, None)
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
    let mut loaded = read_site(root, config);
    loaded.parse();
    loaded
}

/// [`site`], but with every content file only read ([`Parsed::Pending`]), for a build to
/// parse once it knows it has work to do ([`Loaded::parse`]).
pub fn read_site(root: &Path, config: SiteConfig) -> Loaded {
    let boundary = Boundary::new(root, Some(&config.badges.key_file));
    let (paths, unreadable_folders) = content_paths(&boundary);
    let files = paths
        .into_par_iter()
        .map(|rel| {
            let f = read_file(&boundary, &rel);
            (rel, f)
        })
        .collect();
    let theme = theme_files(&boundary, &config.theme);
    Loaded {
        root: root.to_path_buf(),
        boundary,
        config,
        files,
        templates: theme.templates,
        assets: theme.assets,
        unreadable_folders,
        unreadable_theme: theme.unreadable,
    }
}

/// Every content file path under the root, relative to it, and the content folders that
/// exist but cannot be listed.
fn content_paths(boundary: &Boundary) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for kind in Kind::ALL {
        let entries = match std::fs::read_dir(boundary.root().join(kind.dir())) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                problems.push(unreadable_folder(kind.dir(), e));
                continue;
            }
        };
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let rel = Path::new(kind.dir()).join(entry.file_name());
                    // Links and special files are listed too: reading them is refused with
                    // a reason, instead of skipping them in silence.
                    let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                    if Kind::of(&rel) == Some(kind) && !is_dir {
                        out.push(rel);
                    }
                }
                Err(e) => problems.push(unreadable_folder(kind.dir(), e)),
            }
        }
    }
    out.sort();
    (out, problems)
}

fn unreadable_folder(dir: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::new(
        dir,
        None,
        Problem::Unreadable {
            what: format!("the folder {dir}"),
            reason: ReadError::Io(e.kind().to_string()),
        },
    )
}

/// Reads and parses one content file.
pub fn load_file(boundary: &Boundary, rel: &Path, allow_raw_html: bool) -> LoadedFile {
    let mut f = read_file(boundary, rel);
    f.parse(rel, allow_raw_html);
    f
}

impl LoadedFile {
    /// A file whose text was read (and maybe parsed) elsewhere: the fuzz targets' catalogs
    /// live in memory.
    pub fn new(text: Arc<str>, parsed: Result<Parsed, Vec<Diagnostic>>) -> LoadedFile {
        LoadedFile {
            digest: digest(&text),
            text: Some(text),
            parsed,
        }
    }

    /// Parses the file if it was only read ([`Parsed::Pending`]).
    fn parse(&mut self, rel: &Path, allow_raw_html: bool) {
        if !matches!(self.parsed, Ok(Parsed::Pending)) {
            return;
        }
        // `read_file` leaves only files of a content kind pending.
        if let (Some(kind), Some(text)) = (Kind::of(rel), &self.text) {
            self.parsed = parse(kind, rel, text, allow_raw_html);
        }
    }
}

/// Reads one content file: its text, or why it cannot be one (unreadable, not UTF-8, not a
/// content file). Parsing is [`LoadedFile::parse`].
fn read_file(boundary: &Boundary, rel: &Path) -> LoadedFile {
    let fail = |text: Arc<str>, problem: Problem| {
        LoadedFile::new(text, Err(vec![Diagnostic::new(rel, None, problem)]))
    };
    let bytes = match boundary.read(rel, CONTENT_LIMIT) {
        Ok(b) => b,
        Err(reason) => {
            return fail(
                "".into(),
                Problem::Unreadable {
                    what: rel.display().to_string(),
                    reason,
                },
            )
        }
    };
    let text: Arc<str> = match String::from_utf8(bytes) {
        // Editors on Windows (and Excel's "CSV UTF-8") start files with a byte order mark.
        Ok(t) => match t.strip_prefix('\u{feff}') {
            Some(rest) => rest.into(),
            None => t.into(),
        },
        Err(e) => {
            // Shown with the bad byte as U+FFFD at its line, so the author can find it.
            let at = e.utf8_error().valid_up_to();
            let shown: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
            let offset = String::from_utf8_lossy(&e.as_bytes()[..at]).len();
            let problem = if Kind::of(rel) == Some(Kind::Awards) {
                Problem::Invalid {
                    message: "the file is not valid UTF-8 (a spreadsheet saved it in another encoding, such as Windows-1252)".into(),
                    help: "save it again as UTF-8: in Excel, Save As → \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, pick the character set Unicode (UTF-8)".into(),
                }
            } else {
                Problem::NotUtf8
            };
            let text: Arc<str> = if Kind::of(rel) == Some(Kind::Awards) {
                awards::redact_emails(&shown).into()
            } else {
                shown
            };
            return LoadedFile::new(
                text,
                Err(vec![Diagnostic::new(
                    rel,
                    Some(offset..offset + 3),
                    problem,
                )]),
            );
        }
    };
    if Kind::of(rel).is_none() {
        return fail(
            text,
            Problem::Invalid {
                message: "not a content file".into(),
                help: "content files are .md (or .toml/.csv under content/issued)".into(),
            },
        );
    }
    LoadedFile::new(text, Ok(Parsed::Pending))
}

fn digest(text: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes()).into()
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
    let body_html = markdown::render(split.body, allow_raw_html).map_err(|e| {
        // The body is the file's tail.
        let start = text.len() - split.body.len();
        vec![Diagnostic::new(
            rel,
            Some(start + e.at.start..start + e.at.end),
            Problem::Invalid {
                message: e.message,
                help: format!(
                    "flatten the text: at most {} levels of lists or quotes inside each other",
                    markdown::MAX_NESTING
                ),
            },
        )]
    })?;
    let fm = split.front_matter;
    let off = split.front_offset;
    Ok(match kind {
        Kind::Credential => Parsed::Credential(Box::new(record(rel, slug, fm, off, body_html)?)),
        Kind::Framework => Parsed::Framework(Box::new(record(rel, slug, fm, off, body_html)?)),
        Kind::Organization => {
            Parsed::Organization(Box::new(record(rel, slug, fm, off, body_html)?))
        }
        Kind::Pathway => Parsed::Pathway(Box::new(record(rel, slug, fm, off, body_html)?)),
        Kind::Page => Parsed::Page(Box::new(record(rel, slug, fm, off, body_html)?)),
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
        body_html: BodyHtml::new(&body_html),
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

/// A theme's templates and static files, with the site's own laid over them.
#[derive(Debug, Default)]
pub struct ThemeFiles {
    pub templates: BTreeMap<String, Template>,
    pub assets: BTreeMap<String, Asset>,
    /// Files and folders that exist but could not be read.
    pub unreadable: Vec<Diagnostic>,
}

/// Loads templates and static files: the theme's first, then the site's own over them. The
/// theme is a folder name under `themes/` (the config checks it is a plain name).
pub fn theme_files(boundary: &Boundary, theme: &str) -> ThemeFiles {
    let theme_dir = Path::new("themes").join(theme);
    let mut out = ThemeFiles::default();
    let exists = boundary.root().join(&theme_dir).is_dir();
    if theme != "default" && !exists {
        out.unreadable.push(Diagnostic::new(
            CONFIG_FILE,
            None,
            Problem::Invalid {
                message: format!("theme = \"{theme}\", but there is no folder themes/{theme}"),
                help:
                    "put the theme in themes/, or remove `theme` to use the built-in default theme"
                        .into(),
            },
        ));
    }
    if theme == "default" && !exists {
        for (path, bytes) in embedded::DEFAULT_THEME {
            if let Some(name) = path.strip_prefix("templates/") {
                let origin = PathBuf::from("(built-in theme)").join(path);
                let text = String::from_utf8_lossy(bytes).into_owned();
                out.templates
                    .insert(name.to_string(), Template { origin, text });
            } else if let Some(name) = path.strip_prefix("static/") {
                out.assets.insert(
                    name.to_string(),
                    Asset {
                        path: name.to_string(),
                        bytes: Arc::from(*bytes),
                    },
                );
            }
        }
    }
    for dir in [theme_dir.join("templates"), PathBuf::from("templates")] {
        for file in read_tree(boundary, &dir, TEXT_LIMIT, &mut out.unreadable) {
            let text = match String::from_utf8(file.bytes.to_vec()) {
                Ok(t) => t,
                Err(_) => {
                    out.unreadable
                        .push(Diagnostic::new(&file.origin, None, Problem::NotUtf8));
                    continue;
                }
            };
            out.templates.insert(
                file.name,
                Template {
                    origin: file.origin,
                    text,
                },
            );
        }
    }
    for dir in [theme_dir.join("static"), PathBuf::from("static")] {
        for file in read_tree(boundary, &dir, STATIC_LIMIT, &mut out.unreadable) {
            out.assets.insert(
                file.name.clone(),
                Asset {
                    path: file.name,
                    bytes: file.bytes,
                },
            );
        }
    }
    out
}

/// One file of a theme or static tree.
struct TreeFile {
    /// `/`-separated path relative to the tree's folder.
    name: String,
    /// Path relative to the catalog root, for messages.
    origin: PathBuf,
    bytes: Arc<[u8]>,
}

/// Every file under `dir` (relative to the root). Links are followed only where they stay
/// inside the catalog; whatever exists but cannot be read is reported in `problems`.
fn read_tree(
    boundary: &Boundary,
    dir: &Path,
    limit: u64,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TreeFile> {
    let abs = boundary.root().join(dir);
    if !abs.exists() {
        return Vec::new();
    }
    // A folder is "special" to `check`; only a folder outside the root (or a secret one) is
    // an error here.
    if let Err(reason @ (ReadError::Outside { .. } | ReadError::Secret)) = boundary.check(dir) {
        problems.push(Diagnostic::new(
            dir,
            None,
            Problem::Unreadable {
                what: format!("the folder {}", dir.display()),
                reason,
            },
        ));
        return Vec::new();
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(&abs).follow_links(false) {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                if let Ok(rel) = e.path().strip_prefix(boundary.root()) {
                    paths.push(rel.to_path_buf());
                }
            }
            Err(e) => {
                let at = e
                    .path()
                    .and_then(|p| p.strip_prefix(boundary.root()).ok())
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let reason = e
                    .io_error()
                    .map_or_else(|| "unreadable".to_string(), |io| io.kind().to_string());
                problems.push(Diagnostic::new(
                    &at,
                    None,
                    Problem::Unreadable {
                        what: at.display().to_string(),
                        reason: ReadError::Io(reason),
                    },
                ));
            }
        }
    }
    let results: Vec<(PathBuf, Result<Vec<u8>, ReadError>)> = paths
        .into_par_iter()
        .map(|rel| {
            let bytes = boundary.read(&rel, limit);
            (rel, bytes)
        })
        .collect();
    let mut files = Vec::new();
    for (origin, result) in results {
        match result {
            Ok(bytes) => {
                let Ok(inner) = origin.strip_prefix(dir) else {
                    continue;
                };
                let name = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push(TreeFile {
                    name,
                    origin,
                    bytes: bytes.into(),
                });
            }
            // A link to a folder inside the catalog: its files are not walked (walkdir does
            // not follow links), and it is not an error.
            Err(ReadError::Special { kind: "folder" }) => {}
            Err(reason) => problems.push(Diagnostic::new(
                &origin,
                None,
                Problem::Unreadable {
                    what: origin.display().to_string(),
                    reason,
                },
            )),
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text let go of is read again for a diagnostic, but not once the file changed: its
    /// spans would point at other lines.
    #[test]
    fn a_released_text_is_read_again_only_while_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/credentials")).unwrap();
        let rel = Path::new("content/credentials/a.md");
        std::fs::write(dir.path().join(rel), "+++\nname = \"A\"\n+++\nBody\n").unwrap();
        let config = SiteConfig::parse(
            "base_url = \"https://example.edu/\"\ntitle = \"T\"\n",
            Path::new(CONFIG_FILE),
        )
        .unwrap_or_else(|d| panic!("config parses: {d:?}"));
        let mut loaded = read_site(dir.path(), config);
        loaded.parse();
        assert!(loaded.files[rel].text.is_some());
        // Only a file that parsed is let go of; this one has errors (no ctid, ...).
        loaded.parse_and_release();
        assert!(loaded.files[rel].parsed.is_err() && loaded.files[rel].text.is_some());
        loaded.files.get_mut(rel).unwrap().text = None;
        assert_eq!(
            loaded.text(rel).as_deref(),
            Some("+++\nname = \"A\"\n+++\nBody\n")
        );
        std::fs::write(dir.path().join(rel), "+++\nname = \"B\"\n+++\nBody\n").unwrap();
        assert_eq!(loaded.text(rel), None);
        assert_eq!(loaded.text(Path::new("content/credentials/b.md")), None);
    }
}
