//! credcat: a static site generator for public credential catalogs.
//!
//! A build is five stages, each in its own module, each owning one thing:
//!
//! 1. [`load`](mod@load) reads `site-config.toml`, the content files, templates and static files into
//!    raw records with source spans. Nothing else reads the catalog's files.
//! 2. [`resolve`] links the records into one immutable [`model::Catalog`], collecting every
//!    problem (with file, line, column and a fix) instead of stopping at the first.
//! 3. [`derive`](mod@derive) computes views over the Catalog: the stack graph, the skills index.
//! 4. [`emit`] turns the Catalog into files — HTML, search index, assets — with independent
//!    emitters run in parallel. Emitters never touch the disk.
//! 5. [`write`](mod@write) puts the files in the output folder, atomically. Nothing else writes there.

#![recursion_limit = "256"]

pub mod bake;
pub mod cli;
pub mod config;
pub mod derive;
pub mod diagnostic;
pub mod emit;
pub mod hosts;
pub mod incremental;
pub mod issuer;
pub mod link_check;
pub mod load;
pub mod model;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod sign;
pub mod stamp;
pub mod standards;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use thiserror::Error;

use diagnostic::Diagnostics;
use load::source::SourceMap;

/// Why a build or check failed.
#[derive(Debug, Error)]
pub enum Error {
    /// Problems in the catalog's files, with the text needed to show them.
    #[error("{diagnostics}")]
    Content {
        diagnostics: Diagnostics,
        sources: SourceMap,
    },
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
    /// A command-line mistake: exit code 2.
    #[error("{0}")]
    Usage(String),
    /// A command that could not do its job for a reason outside the catalog's files (a port
    /// in use, a folder that cannot be written, a badge that does not verify): exit code 1.
    #[error("{0}")]
    Failed(String),
}

impl Error {
    /// The message for a terminal (or the dev server's overlay).
    pub fn render(&self, color: bool) -> String {
        match self {
            Error::Content {
                diagnostics,
                sources,
            } => diagnostics.render(sources, color),
            other => format!("error: {other}\n"),
        }
    }
}

impl Error {
    /// The process exit code: 2 for command-line usage, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// An emit error, with a template failure turned into a diagnostic on the template's own
    /// file (the one the author must edit), rendered with its text.
    pub fn from_emit(e: emit::EmitError, loaded: &load::Loaded) -> Error {
        match e {
            emit::EmitError::Template { template, message } => template_error(
                emit::templates::locate_error(&template, &message, &loaded.templates),
                loaded,
            ),
            other => Error::Emit(other),
        }
    }
}

/// A diagnostic on a template, shown with the template's text.
pub(crate) fn template_error(d: diagnostic::Diagnostic, loaded: &load::Loaded) -> Error {
    let mut sources = SourceMap::default();
    if let Some(t) = loaded.templates.values().find(|t| t.origin == d.file) {
        sources.insert(d.file.clone(), t.text.as_str().into());
    }
    Error::Content {
        diagnostics: Diagnostics(vec![d]),
        sources,
    }
}

impl From<load::ConfigError> for Error {
    fn from(e: load::ConfigError) -> Self {
        Error::Content {
            diagnostics: e.diagnostics,
            sources: e.sources,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` under the root when `None`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A loaded and resolved catalog with everything needed to emit it.
pub struct Site {
    pub loaded: load::Loaded,
    pub catalog: model::Catalog,
    pub derived: derive::Derived,
    pub tera: tera::Tera,
    /// The badge signing key; `prepare` sets the fixed preview key, `build` the issuer's.
    pub signer: issuer::Signer,
    /// What the emitters of this one build share (see [`emit::memo`]).
    pub memo: emit::memo::Memo,
    /// Signatures of earlier builds (`build` opens it; `check` signs everything afresh).
    pub signatures: Option<sign::cache::SignatureCache>,
}

impl Site {
    /// The context for emitting every output.
    pub fn ctx(&self) -> emit::Ctx<'_> {
        self.ctx_for(&emit::Scope::All)
    }

    pub fn ctx_for<'a>(&'a self, scope: &'a emit::Scope) -> emit::Ctx<'a> {
        emit::Ctx {
            catalog: &self.catalog,
            derived: &self.derived,
            loaded: &self.loaded,
            tera: &self.tera,
            scope,
            signer: &self.signer,
            memo: &self.memo,
            sink: None,
            signatures: self.signatures.as_ref(),
        }
    }
}

/// Stage 1: reads and parses everything under the root.
pub fn load(options: &BuildOptions) -> Result<load::Loaded, Error> {
    let mut loaded = read(options)?;
    loaded.parse();
    Ok(loaded)
}

/// [`load`] without parsing the content files ([`load::Loaded::parse`] does).
fn read(options: &BuildOptions) -> Result<load::Loaded, Error> {
    let mut config = load::config(&options.root)?;
    if let Some(url) = &options.base_url {
        if !config.set_base_url(url) {
            return Err(Error::Usage(format!(
                "--base-url `{url}` is not an absolute http(s) URL"
            )));
        }
    }
    // The signing key must never sit where the build reads content or publishes: a key under
    // static/ would be copied into the public site, one in the output folder deleted by it.
    if let Err(e) = issuer::key::check_key_location(
        &options.root,
        &config.badges.key_file,
        &options.output_dir(),
    ) {
        let file = Path::new(config::CONFIG_FILE);
        // Only on this error path, to quote the line: through the same boundary as every read.
        let text = load::sandbox::Boundary::new(&options.root, None)
            .read(file, load::sandbox::TEXT_LIMIT)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        let mut sources = SourceMap::default();
        let span = config::find_key(&text, "key_file");
        sources.insert(file.to_path_buf(), text.into());
        return Err(Error::Content {
            diagnostics: Diagnostics(vec![diagnostic::Diagnostic::new(
                file,
                span,
                diagnostic::Problem::Invalid {
                    message: e.to_string(),
                    help: "set [badges] key_file to a path outside content/, static/, templates/, themes/ and the output folder (default .credcat/issuer.key)".into(),
                },
            )]),
            sources,
        });
    }
    Ok(load::read_site(&options.root, config))
}

/// Stages 2 and 3, and the templates: everything that can fail on the catalog's content.
pub fn prepare(loaded: load::Loaded, options: &BuildOptions) -> Result<Site, Error> {
    let catalog = resolve::resolve(
        &loaded,
        resolve::Options {
            drafts: options.drafts,
        },
    )
    .map_err(|diagnostics| Error::Content {
        sources: loaded.sources(&diagnostics.0),
        diagnostics,
    })?;
    let tera =
        emit::templates::build(&loaded.templates).map_err(|d| template_error(*d, &loaded))?;
    let derived = derive::derive(&catalog);
    Ok(Site {
        loaded,
        catalog,
        derived,
        tera,
        signer: issuer::Signer::preview(),
        memo: emit::memo::Memo::for_one_build(),
        signatures: None,
    })
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub files: usize,
    pub stats: write::WriteStats,
    /// What was written, in bytes (none when the output was up to date and nothing was).
    pub size: Option<hosts::SiteSize>,
    pub credentials: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
    /// Nothing was built: the output is what the last build made from the same inputs
    /// (`stamp`).
    pub up_to_date: bool,
}

/// The whole pipeline: load, resolve, derive, emit, write.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let timings = std::env::var_os("CREDCAT_TIMINGS").is_some();
    let lap = |stage: &str, since: Instant| {
        if timings {
            eprintln!("{stage:>8}: {:.0?}{}", since.elapsed(), memory_now());
        }
        Instant::now()
    };
    let mut loaded = read(options)?;
    let t = lap("read", start);
    // Only a build reads the secret key; `check` and previews sign with the preview key.
    let signer = issuer::key::load_signer(&loaded.root, &loaded.config);
    let output = options.output_dir();
    // The same inputs into an untouched output would make the same bytes: checked before
    // resolving, which the inputs decide.
    let public_key = signer.key().ok().map(|k| k.verifying_key().to_bytes());
    let inputs = stamp::Inputs::of(&loaded, public_key.as_ref(), options);
    let up_to_date = stamp::up_to_date(&loaded.root, &output, &inputs);
    let t = lap("stamp", t);
    if let Some(made) = up_to_date {
        return Ok(BuildReport {
            files: made.files,
            stats: write::WriteStats {
                written: 0,
                unchanged: made.files,
            },
            size: None,
            credentials: made.credentials,
            elapsed: start.elapsed(),
            output,
            up_to_date: true,
        });
    }
    loaded.parse_and_release();
    let t = lap("parse", t);
    let mut site = prepare(loaded, options)?;
    let t = lap("resolve", t);
    site.loaded.release_records();
    let t = lap("release", t);
    if !site.catalog.awards.is_empty() {
        site.signer = signer;
        if let Ok(key) = site.signer.key() {
            site.signatures = Some(sign::cache::SignatureCache::open(&site.loaded.root, key));
        }
    }
    // Files are written as they are made; whatever an emitter gathers is written after.
    // Nothing replaces the output until every file is in: an error drops the staging folder.
    let staging = write::Staging::begin(&output)?;
    let sink = |f: emit::OutFile| staging.put(&f).map_err(emit::EmitError::from);
    let ctx = emit::Ctx {
        sink: Some(&sink),
        ..site.ctx()
    };
    let gathered = emit::all_timed(&ctx, timings).map_err(|e| match e {
        emit::EmitError::Write(w) => Error::Write(w),
        e => Error::from_emit(e, &site.loaded),
    })?;
    let t = lap("emit", t);
    if timings {
        eprintln!("{:>8}  memo: {}", "", site.memo.describe());
    }

    staging.put_all(&gathered)?;
    let size = staging.size();
    let stats = staging.finish()?;
    let t = lap("write", t);
    if let Some(cache) = &site.signatures {
        // An optimisation only: a cache that cannot be written never fails the build.
        let saved = cache.save(true);
        if timings {
            let (hits, misses) = cache.stats();
            eprintln!("signature cache: {hits} hits, {misses} signed; saved: {saved:?}");
        }
        lap("cache", t);
    }
    stamp::save(
        &site.loaded.root,
        &output,
        &inputs,
        site.catalog.credentials.len(),
    );
    Ok(BuildReport {
        files: stats.written + stats.unchanged,
        stats,
        size: Some(size),
        credentials: site.catalog.credentials.len(),
        elapsed: start.elapsed(),
        output,
        up_to_date: false,
    })
}

/// ", resident 312 MB, peak 330 MB" for `CREDCAT_TIMINGS`, where the system says (Linux);
/// nothing elsewhere.
fn memory_now() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    format!(
        ", resident {} MB, peak {} MB",
        field("VmRSS:"),
        field("VmHWM:")
    )
}

/// Every check `build` makes, including rendering, with nothing written.
pub fn check(options: &BuildOptions) -> Result<model::Catalog, Error> {
    check_on(options, derive::quality::today(), None).map(|c| c.catalog)
}

/// What `check` found when nothing failed: the catalog, and the warnings to show.
pub struct Checked {
    pub catalog: model::Catalog,
    /// Problems that do not fail a check (a review past its cadence), judged on the date given.
    pub warnings: Diagnostics,
    pub sources: SourceMap,
    /// Placeholder text `credcat new` wrote and nobody replaced, as `file:line: …` lines.
    pub placeholders: Vec<String>,
}

/// [`check`], with the warnings, judging review dates against `today`; with
/// `external_links`, every web address linked is also asked (that long at most each), and a
/// dead one is an error.
pub fn check_on(
    options: &BuildOptions,
    today: jiff::civil::Date,
    external_links: Option<std::time::Duration>,
) -> Result<Checked, Error> {
    let site = prepare(load(options)?, options)?;
    // Every file is made (that is where template errors show) and dropped at once.
    let discard = |_: emit::OutFile| Ok(());
    let ctx = emit::Ctx {
        sink: Some(&discard),
        ..site.ctx()
    };
    emit::all(&ctx).map_err(|e| Error::from_emit(e, &site.loaded))?;
    // Content the CTDL vocabulary cannot express would publish as data that means nothing.
    let ctdl = emit::ctdl::vocabulary_diagnostics(&site.catalog, &site.derived);
    if !ctdl.is_empty() {
        return Err(Error::Content {
            sources: site.loaded.sources(&ctdl),
            diagnostics: Diagnostics(ctdl),
        });
    }
    if let Some(timeout) = external_links {
        let mut dead = Diagnostics(link_check::check(&site.catalog, &site.loaded, timeout));
        if !dead.is_empty() {
            dead.sort();
            return Err(Error::Content {
                sources: site.loaded.sources(&dead.0),
                diagnostics: dead,
            });
        }
    }
    let mut warnings = Diagnostics(derive::quality::warnings(&site.catalog, today));
    warnings.sort();
    let sources = if warnings.is_empty() {
        SourceMap::default()
    } else {
        site.loaded.sources(&warnings.0)
    };
    Ok(Checked {
        placeholders: scaffold::placeholder_warnings(&site.loaded),
        catalog: site.catalog,
        warnings,
        sources,
    })
}

/// The catalog root: `--root`, or the current folder.
pub fn root_or_cwd(root: Option<&Path>) -> PathBuf {
    root.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
