//! The bodies of the fuzz targets: one source of truth for `fuzz/fuzz_targets/*.rs`
//! (cargo-fuzz, run by `scripts/fuzz`) and `tests/fuzz_corpus.rs` (which replays every input
//! kept in `fuzz/regressions/` under a plain `cargo test`). Both include this file with
//! `#[path]`, so it uses nothing but credcat's public API and std.
//!
//! Every target takes the same input: one or more files, each a header line `=== PATH`
//! (a path relative to a catalog root, such as `content/credentials/alpha.md`) followed by the
//! file's bytes up to the next header. Bytes before the first header are a file at the
//! target's default path. Seeds, corpus and regression inputs are therefore readable text.
//!
//! - [`content`]: each file through load's parsing (front matter, TOML, markdown and the
//!   sanitizer), as `credcat::load::load_file` parses it, with raw HTML both allowed and not.
//!   Sanitized HTML must hold no script, event handler or script URL.
//! - [`awards`]: each file through the award parser, CSV or TOML by its extension.
//! - [`catalog`]: the files replace (or add to) the files of `tests/fixtures/mini`, `=== -PATH`
//!   deletes one and `=== --drafts` resolves with drafts; then config parsing, load, resolve
//!   and derive run over the whole catalog, and any problems are rendered as the terminal
//!   would show them. The dev server's shortcut, patching the resolved mini catalog with the
//!   edit, must give exactly what the full resolve gives, or refuse and change nothing.
//!
//! A target returns normally on any input; a panic, an abort, a hang or a blow-up in memory is
//! the bug the fuzzer reports.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use credcat::config::{SiteConfig, CONFIG_FILE};
use credcat::diagnostic::Diagnostics;
use credcat::load::{self, Kind, Loaded, LoadedFile};
use credcat::model::Catalog;
use credcat::resolve;

/// A target's body: returns on every input.
pub type Target = fn(&[u8]);

/// The targets by name, as `scripts/fuzz` and `fuzz/regressions/<name>/` call them.
pub const TARGETS: &[(&str, Target)] = &[
    ("content", content),
    ("awards", awards),
    ("catalog", catalog),
];

/// The catalog every `catalog` input edits: `tests/fixtures/mini`.
pub const MINI: &[(&str, &str)] = &[
    (
        "site-config.toml",
        include_str!("../tests/fixtures/mini/site-config.toml"),
    ),
    (
        "content/competencies/basics.md",
        include_str!("../tests/fixtures/mini/content/competencies/basics.md"),
    ),
    (
        "content/credentials/alpha.md",
        include_str!("../tests/fixtures/mini/content/credentials/alpha.md"),
    ),
    (
        "content/credentials/beta.md",
        include_str!("../tests/fixtures/mini/content/credentials/beta.md"),
    ),
    (
        "content/credentials/gamma.md",
        include_str!("../tests/fixtures/mini/content/credentials/gamma.md"),
    ),
    (
        "content/organizations/test-college.md",
        include_str!("../tests/fixtures/mini/content/organizations/test-college.md"),
    ),
    (
        "content/pathways/path.md",
        include_str!("../tests/fixtures/mini/content/pathways/path.md"),
    ),
];

/// One file of an input: where it goes and its bytes (`None`: delete it).
#[derive(Debug, PartialEq)]
pub struct Section<'a> {
    pub path: &'a str,
    pub bytes: Option<&'a [u8]>,
}

const HEADER: &[u8] = b"=== ";

/// Splits an input into its files. A header whose path is not UTF-8 drops its file.
pub fn sections<'a>(data: &'a [u8], default_path: &'a str) -> Vec<Section<'a>> {
    let mut out = Vec::new();
    // Byte offsets of every line that starts with the header.
    let mut starts = Vec::new();
    let mut at = 0;
    while at < data.len() {
        if data[at..].starts_with(HEADER) {
            starts.push(at);
        }
        match data[at..].iter().position(|&b| b == b'\n') {
            Some(nl) => at += nl + 1,
            None => break,
        }
    }
    let first = starts.first().copied().unwrap_or(data.len());
    if first > 0 {
        out.push(Section {
            path: default_path,
            bytes: Some(&data[..first]),
        });
    }
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(data.len());
        let block = &data[start + HEADER.len()..end];
        let (line, body) = match block.iter().position(|&b| b == b'\n') {
            Some(nl) => (&block[..nl], &block[nl + 1..]),
            None => (block, &block[block.len()..]),
        };
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        let line = line.trim_end_matches('\r');
        out.push(match line.strip_prefix('-') {
            Some(path) if !path.starts_with('-') => Section { path, bytes: None },
            _ => Section {
                path: line,
                bytes: Some(body),
            },
        });
    }
    out
}

/// Content files through load's parsing, raw HTML allowed and not.
pub fn content(data: &[u8]) {
    for s in sections(data, "content/credentials/fuzzed.md") {
        let Some(bytes) = s.bytes else { continue };
        let rel = Path::new(s.path);
        // What `load_file` does with the bytes it read.
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let kind = Kind::of(rel).unwrap_or(Kind::Credential);
        let sources = one_source(rel, text);
        for allow_raw_html in [false, true] {
            match load::parse(kind, rel, text, allow_raw_html) {
                Ok(parsed) => {
                    if !allow_raw_html {
                        if let Some(html) = body_html(&parsed) {
                            assert_sanitized(&html);
                        }
                    }
                }
                Err(diags) => {
                    let _ = Diagnostics(diags).render(&sources, false);
                }
            }
        }
    }
}

/// Award files, CSV or TOML by extension, through the award parser.
pub fn awards(data: &[u8]) {
    for s in sections(data, "content/issued/fuzzed.toml") {
        let Some(bytes) = s.bytes else { continue };
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let rel = Path::new(s.path);
        if let Err(diags) = load::awards::parse(rel, text) {
            let _ = Diagnostics(diags).render(&one_source(rel, text), false);
        }
    }
}

/// A whole catalog (the mini fixture with the input's edits) through config, load, resolve
/// and derive.
pub fn catalog(data: &[u8]) {
    let mut files: BTreeMap<PathBuf, Vec<u8>> = MINI
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
        .collect();
    let mut drafts = false;
    for s in sections(data, "content/credentials/alpha.md") {
        if s.path == "--drafts" {
            drafts = true;
            continue;
        }
        match s.bytes {
            Some(b) => files.insert(PathBuf::from(s.path), b.to_vec()),
            None => files.remove(Path::new(s.path)),
        };
    }
    let Some(loaded) = load_in_memory(&files) else {
        return;
    };
    let full = credcat::resolve::resolve(&loaded, resolve::Options { drafts });
    match &full {
        Ok(catalog) => {
            let _ = credcat::derive::derive(catalog);
        }
        Err(diags) => {
            let _ = diags.render(&loaded.sources(&diags.0), false);
        }
    }
    let changed: Vec<PathBuf> = MINI
        .iter()
        .map(|(p, _)| PathBuf::from(p))
        .chain(files.keys().cloned())
        .filter(|p| files.get(p).map(Vec::as_slice) != mini_file(p).map(str::as_bytes))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !changed.is_empty() {
        check_patch(&loaded, &changed, drafts, full.as_ref().ok());
    }
}

fn mini_file(rel: &Path) -> Option<&'static str> {
    MINI.iter()
        .find(|(p, _)| Path::new(p) == rel)
        .map(|(_, t)| *t)
}

/// The dev server's shortcut must agree with a full resolve: patching the mini catalog with
/// the edit gives exactly the catalog a full resolve of the edited files gives (and undoing
/// the patch gives the mini catalog back), or the patch refuses and changes nothing.
fn check_patch(loaded: &Loaded, changed: &[PathBuf], drafts: bool, full: Option<&Catalog>) {
    static BASE: OnceLock<[Catalog; 2]> = OnceLock::new();
    let base = &BASE.get_or_init(|| {
        let files = MINI
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
            .collect();
        let loaded = load_in_memory(&files).expect("the mini catalog loads");
        [false, true].map(|drafts| {
            resolve::resolve(&loaded, resolve::Options { drafts })
                .expect("the mini catalog resolves")
        })
    })[usize::from(drafts)];
    let before = dump(base);
    let mut catalog = base.clone();
    match resolve::patch(&mut catalog, loaded, changed) {
        Ok(patch) => {
            let full = full.unwrap_or_else(|| {
                panic!("a patch of {changed:?} applied where a full resolve fails")
            });
            assert_same(
                "the patched catalog and a full resolve",
                &dump(&catalog),
                &dump(full),
            );
            patch.undo(&mut catalog);
            assert_same(
                "the catalog after undoing the patch and before it",
                &dump(&catalog),
                &before,
            );
        }
        Err(_) => assert_same(
            "the catalog after a refused patch and before it",
            &dump(&catalog),
            &before,
        ),
    }
}

/// Everything in a catalog, as text; the index's maps sorted (a `HashMap` prints in an order
/// of its own).
fn dump(catalog: &Catalog) -> String {
    let mut rest = catalog.clone();
    let index = std::mem::take(&mut rest.index);
    let credentials: BTreeMap<_, _> = index.credentials.into_iter().collect();
    let organizations: BTreeMap<_, _> = index.organizations.into_iter().collect();
    format!("{rest:#?}\n{credentials:?}\n{organizations:?}")
}

fn assert_same(what: &str, got: &str, want: &str) {
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let around = |s: &str| {
            s.lines()
                .skip(line.saturating_sub(5))
                .take(10)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what} differ at line {line}\n--- first:\n{}\n--- second:\n{}",
            around(got),
            around(want)
        );
    }
}

/// What `credcat::load` makes of a catalog whose files are `files`, or `None` when its config
/// does not parse (after rendering that error, as `credcat` would).
pub fn load_in_memory(files: &BTreeMap<PathBuf, Vec<u8>>) -> Option<Loaded> {
    let config_rel = Path::new(CONFIG_FILE);
    let config_bytes = files.get(config_rel)?;
    let config_text = std::str::from_utf8(config_bytes).ok()?;
    let config = match SiteConfig::parse(config_text, config_rel) {
        Ok(c) => c,
        Err(diags) => {
            let _ = Diagnostics(diags).render(&one_source(config_rel, config_text), false);
            return None;
        }
    };
    let mut loaded_files = BTreeMap::new();
    for (rel, bytes) in files {
        // `load::site` lists only files of a content kind.
        let Some(kind) = Kind::of(rel) else { continue };
        let file = match std::str::from_utf8(bytes) {
            Ok(text) => LoadedFile::new(
                Arc::from(text),
                load::parse(kind, rel, text, config.allow_raw_html),
            ),
            Err(_) => LoadedFile::new(
                Arc::from(""),
                Err(vec![credcat::diagnostic::Diagnostic::new(
                    rel,
                    None,
                    credcat::diagnostic::Problem::NotUtf8,
                )]),
            ),
        };
        loaded_files.insert(rel.clone(), file);
    }
    let root = PathBuf::from("/nonexistent/fuzz-catalog");
    Some(Loaded {
        boundary: load::sandbox::Boundary::new(&root, None),
        root,
        config,
        files: loaded_files,
        templates: BTreeMap::new(),
        assets: BTreeMap::new(),
        unreadable_folders: Vec::new(),
        unreadable_theme: Vec::new(),
    })
}

fn one_source(rel: &Path, text: &str) -> credcat::load::source::SourceMap {
    let mut sources = credcat::load::source::SourceMap::default();
    sources.insert(rel.to_path_buf(), Arc::from(text));
    sources
}

fn body_html(parsed: &load::Parsed) -> Option<String> {
    Some(match parsed {
        load::Parsed::Credential(r) => r.body_html.text(),
        load::Parsed::Framework(r) => r.body_html.text(),
        load::Parsed::Organization(r) => r.body_html.text(),
        load::Parsed::Pathway(r) => r.body_html.text(),
        load::Parsed::Page(r) => r.body_html.text(),
        load::Parsed::Awards(..) | load::Parsed::Released | load::Parsed::Pending => return None,
    })
}

/// Elements that run or load code; sanitized HTML holds none of them.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "object", "embed", "form", "input", "button", "svg",
    "math", "link", "meta", "base", "template",
];

/// URL schemes that run code or hide content; no sanitized `href` or `src` uses one.
const FORBIDDEN_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// Panics when sanitized HTML holds a dangerous element, an event handler attribute or a
/// script URL. The HTML is a serializer's output (html5ever via ammonia): `<` in text is
/// always `&lt;` and attribute values are double-quoted, so a small scanner reads it exactly.
pub fn assert_sanitized(html: &str) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = b[i..].iter().position(|&c| c == b'<') {
        i += lt + 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_end = b[i..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
            .map_or(b.len(), |p| i + p);
        let name = html[i..name_end].to_ascii_lowercase();
        assert!(
            !FORBIDDEN_TAGS.contains(&name.as_str()),
            "sanitized HTML holds <{name}>: {html}"
        );
        i = name_end;
        // Attributes, up to the tag's `>`.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let attr_end = b[i..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == b'=' || *c == b'>')
                .map_or(b.len(), |p| i + p);
            let attr = html[i..attr_end].to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "sanitized HTML holds attribute {attr} on <{name}>: {html}"
            );
            i = attr_end;
            if b.get(i) == Some(&b'=') {
                i += 1;
                assert_eq!(b.get(i), Some(&b'"'), "unquoted attribute value: {html}");
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c == b'"')
                    .map_or(b.len(), |p| i + 1 + p);
                let value = decode_entities(&html[i + 1..end]);
                if attr == "style" {
                    assert!(
                        is_cell(&name) && CELL_STYLES.contains(&value.as_str()),
                        "sanitized HTML holds style=\"{value}\" on <{name}>: {html}"
                    );
                }
                if attr == "href" || attr == "src" {
                    let squeezed: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    assert!(
                        !FORBIDDEN_SCHEMES.iter().any(|s| squeezed.starts_with(s)),
                        "sanitized HTML holds {attr}=\"{value}\": {html}"
                    );
                }
                i = end + 1;
            }
        }
    }
}

/// The only styles sanitized HTML holds: a table column's alignment, as markdown writes it.
const CELL_STYLES: &[&str] = &[
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

/// Table cells keep `style` (for `text-align`).
fn is_cell(name: &str) -> bool {
    name == "td" || name == "th"
}

fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
