//! Incremental rebuilds, for the dev server (and its benchmark): the same five stages as a
//! build, re-running only what a change touched.
//!
//! - load: only the changed content files are read and parsed again; a template or static
//!   file change re-reads the theme; a config change reloads everything.
//! - resolve: an edit of credential files only patches the kept catalog in place
//!   ([`resolve::patch`], exactly what a full resolve gives); any other change, or any
//!   problem to report, resolves the whole catalog, so every cross-file check is exactly what
//!   `build` does. derive runs over the whole catalog (linear and cheap next to rendering).
//! - emit runs with a [`Scope`] of dirty entities: the changed resources and everything they
//!   referred to before or after the edit (whose back-references moved). Each page declares
//!   the entities it shows (`emit::deps::deps`), so a list or neighbour page that shows a
//!   changed name is rendered again: nothing is left stale. A patched credential dirties
//!   only the parts of it that changed: its link (name, type, status, address, place in
//!   the graph), its figures (what routes and ranges sum up) and its outcome cohorts each
//!   have their own entity, so a summary edit leaves the routes through it alone.
//! - When the catalog's shape changes (a file added or removed, a draft published, a
//!   competency added) ids move, so everything is emitted again — still written only where
//!   bytes differ.
//!
//! A failed rebuild changes nothing on disk; the last good output keeps being served.
//!
//! A rebuild writes the pages and returns; the deferred outputs (`emit::DEFERRED`: the bulk
//! CTDL graph and other large data files no page shows) are then owed until
//! [`Incremental::finish_deferred`] writes them from the latest good state. `start` writes
//! everything at once, like `build`.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::CONFIG_FILE;
use crate::derive::routes;
use crate::emit::{self, Entity, Scope};
use crate::load::{self, Kind, Loaded};
use crate::model::{Catalog, Credential, SupersededRef};
use crate::resolve::{self, Patch};
use crate::{write, BuildOptions, Error};

/// What a rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuild {
    pub full: bool,
    pub emitted: usize,
    pub written: usize,
    pub removed: usize,
    pub elapsed: Duration,
}

impl Rebuild {
    /// A change that changed nothing (a read, a folder event, a save without edits).
    fn nothing() -> Rebuild {
        Rebuild {
            full: false,
            emitted: 0,
            written: 0,
            removed: 0,
            elapsed: Duration::ZERO,
        }
    }
}

/// The last good build, kept to compare the next one with. Its catalog is patched in place
/// by the next edit of credential files (and put back if that build fails).
struct Good {
    catalog: Catalog,
    /// Shared with the rebuild that keeps it (see `derived_kept`).
    derived: Arc<crate::derive::Derived>,
    tera: tera::Tera,
    signer: crate::issuer::Signer,
    /// Every output path of the last full emit, to find files that must go.
    outputs: BTreeSet<String>,
    /// Pages that come and go with derived views (skill areas, stacks, list pages): an edit
    /// can remove one without removing a file.
    derived_pages: BTreeSet<String>,
}

pub struct Incremental {
    options: BuildOptions,
    loaded: Loaded,
    good: Option<Good>,
    templates_changed: bool,
    /// Files changed since the last good build: after a failed rebuild, the next one must
    /// account for every edit made in between.
    pending: Vec<PathBuf>,
    theme_pending: bool,
    /// Fragments of catalog-wide files, kept between rebuilds.
    memo: emit::memo::Memo,
    /// The config as last loaded: a reported change that leaves it the same is no change.
    config_bytes: Vec<u8>,
    /// What changed since the deferred outputs were last written: the union of the scopes of
    /// the rebuilds since; `None` when nothing is owed.
    owed: Option<Scope>,
    /// The deferred output files on disk (the search index's chunks are named by their
    /// content, so a rewrite must remove the ones it no longer makes).
    deferred_files: BTreeSet<String>,
    /// Held while pages are overwritten; the dev server reads under it.
    output_lock: write::OutputLock,
    /// Badge signatures by the hash of their inputs (`.credcat/cache/`), read again at each
    /// full emit and saved after each rebuild: an edit re-signs only the awards it changed.
    signatures: Option<crate::sign::cache::SignatureCache>,
}

/// How a changed path affects the build.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Touch {
    Config,
    Theme,
    Content(PathBuf),
    Nothing,
}

impl Incremental {
    /// Loads and builds everything, writing the output whole. The returned session exists
    /// even when the first build fails, so that fixing the file recovers.
    pub fn start(
        mut options: BuildOptions,
    ) -> Result<(Incremental, Result<Rebuild, Error>), Error> {
        // Watchers report absolute paths; an absolute root makes them comparable.
        if let Ok(abs) = options.root.canonicalize() {
            options.root = abs;
        }
        let loaded = crate::load(&options)?;
        let options_root = options.root.clone();
        let mut session = Incremental {
            options,
            loaded,
            good: None,
            templates_changed: true,
            pending: Vec::new(),
            theme_pending: false,
            memo: Default::default(),
            config_bytes: std::fs::read(options_root.join(CONFIG_FILE)).unwrap_or_default(),
            owed: None,
            deferred_files: BTreeSet::new(),
            output_lock: Default::default(),
            signatures: None,
        };
        let first = session.emit_and_write(None, true);
        Ok((session, first))
    }

    /// Shares the lock rebuilds hold while they overwrite pages: whoever reads the output
    /// while the session runs (the dev server) reads under it.
    pub fn share_output_lock(&mut self, lock: write::OutputLock) {
        self.output_lock = lock;
    }

    pub fn output_dir(&self) -> PathBuf {
        self.options.output_dir()
    }

    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Rebuilds after the given files (absolute or root-relative) changed.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuild, Error> {
        let touches: Vec<Touch> = changed.iter().map(|p| self.classify(p)).collect();
        if touches.iter().all(|t| *t == Touch::Nothing) {
            return Ok(Rebuild::nothing());
        }
        let config_changed = touches.contains(&Touch::Config) && {
            let now = std::fs::read(self.options.root.join(CONFIG_FILE)).ok();
            now.as_deref() != Some(self.config_bytes.as_slice())
        };
        if config_changed {
            self.config_bytes =
                std::fs::read(self.options.root.join(CONFIG_FILE)).unwrap_or_default();
            self.loaded = crate::load(&self.options)?;
            self.templates_changed = true;
            self.good = None;
            return self.emit_and_write(None, false);
        }
        // Watchers also report reads and folder events: only a change of bytes counts, so the
        // rebuild's own reads can never trigger another rebuild.
        let mut theme = false;
        if touches.contains(&Touch::Theme) {
            let files = load::theme_files(&self.loaded.boundary, &self.loaded.config.theme);
            let templates_changed = files.templates != self.loaded.templates;
            theme = templates_changed
                || files.assets != self.loaded.assets
                || files.unreadable != self.loaded.unreadable_theme;
            self.templates_changed |= templates_changed;
            self.loaded.templates = files.templates;
            self.loaded.assets = files.assets;
            self.loaded.unreadable_theme = files.unreadable;
        }
        let mut files = Vec::new();
        for t in &touches {
            if let Touch::Content(rel) = t {
                let before = self.loaded.files.get(rel).map(|f| f.digest);
                self.loaded.reload_file(rel);
                let after = self.loaded.files.get(rel).map(|f| f.digest);
                if before != after {
                    files.push(rel.clone());
                }
            }
        }
        if !theme && files.is_empty() && self.good.is_some() {
            return Ok(Rebuild::nothing());
        }
        self.pending.extend(files);
        self.pending.sort();
        self.pending.dedup();
        self.theme_pending |= theme;
        let pending = std::mem::take(&mut self.pending);
        let result = self.emit_and_write(Some(&pending).filter(|_| !self.theme_pending), false);
        match &result {
            Ok(_) => self.theme_pending = false,
            Err(_) => self.pending = pending,
        }
        result
    }

    /// Whether a change of `path` can change the site: editors' temporary files, reads and
    /// folders cannot.
    pub fn matters(&self, path: &Path) -> bool {
        self.classify(path) != Touch::Nothing
    }

    fn classify(&self, path: &Path) -> Touch {
        // Paths may come relative to the working folder or through symlinks: compare them
        // by their canonical folder with the (canonical) root.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let canonical = match (
            absolute.parent().and_then(|p| p.canonicalize().ok()),
            absolute.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => absolute,
        };
        let rel = canonical.strip_prefix(&self.options.root).unwrap_or(path);
        let rel = rel.strip_prefix(".").unwrap_or(rel);
        if rel == Path::new(CONFIG_FILE) {
            return Touch::Config;
        }
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        match first.as_deref() {
            Some("templates" | "static" | "themes") if !path.is_dir() => Touch::Theme,
            Some("content") if Kind::of(rel).is_some() => Touch::Content(rel.to_path_buf()),
            _ => Touch::Nothing,
        }
    }

    /// Resolves (or patches the kept catalog), emits what the change needs and writes it.
    /// `changed_files` is `None` when everything must be emitted.
    fn emit_and_write(
        &mut self,
        changed_files: Option<&Vec<PathBuf>>,
        first: bool,
    ) -> Result<Rebuild, Error> {
        let start = Instant::now();
        let patch = self.patch_kept(changed_files);
        let result = self.emit_and_write_with(changed_files, first, start, patch.as_ref());
        if let (Err(_), Some(patch), Some(good)) = (&result, patch, &mut self.good) {
            // The output still shows the catalog from before the edit, and the next rebuild
            // finds what to emit by comparing with the kept catalog: it must be that one.
            patch.undo(&mut good.catalog);
        }
        result
    }

    /// Patches the kept catalog in place for an edit of credential files, when a patch can
    /// give what a full resolve would.
    fn patch_kept(&mut self, changed_files: Option<&Vec<PathBuf>>) -> Option<Patch> {
        let (good, files) = (self.good.as_mut()?, changed_files?);
        resolve::patch(&mut good.catalog, &self.loaded, files).ok()
    }

    /// [`Self::emit_and_write`] after `patch` patched the kept catalog, or with no patch
    /// made, after resolving the whole catalog.
    fn emit_and_write_with(
        &mut self,
        changed_files: Option<&Vec<PathBuf>>,
        first: bool,
        start: Instant,
        patch: Option<&Patch>,
    ) -> Result<Rebuild, Error> {
        let fresh = match patch {
            Some(_) => None,
            None => Some(
                resolve::resolve(
                    &self.loaded,
                    resolve::Options {
                        drafts: self.options.drafts,
                    },
                )
                .map_err(|diagnostics| Error::Content {
                    sources: self.loaded.sources(&diagnostics.0),
                    diagnostics,
                })?,
            ),
        };
        let kept = self.good.as_ref().map(|g| &g.catalog);
        let Some(catalog) = fresh.as_ref().or(kept) else {
            unreachable!("`patch_kept` patches only a kept catalog");
        };
        let tera = if self.templates_changed || self.good.is_none() {
            emit::templates::build(&self.loaded.templates)
                .map_err(|d| crate::template_error(*d, &self.loaded))?
        } else {
            // Unchanged templates: reuse the compiled ones (the last good build has them).
            self.good
                .as_ref()
                .map(|g| g.tera.clone())
                .unwrap_or_default()
        };
        let timings = std::env::var_os("CREDCAT_TIMINGS").is_some();
        let lap = |stage: &str, since: Instant| {
            if timings {
                eprintln!("{stage:>8}: {:.1?}", since.elapsed());
            }
            Instant::now()
        };
        let t = lap("resolve", start);
        let derived = match (patch, &self.good) {
            (Some(patch), Some(good)) if derived_kept(catalog, patch.replaced()) => {
                debug_assert_eq!(
                    format!("{:?}", good.derived),
                    format!("{:?}", crate::derive::derive(catalog)),
                    "a derived view reads more than `derive::reads` says"
                );
                good.derived.clone()
            }
            (Some(patch), Some(good)) if shape_kept(catalog, patch.replaced()) => {
                let derived = crate::derive::after_rename(catalog, &good.derived);
                debug_assert_eq!(
                    format!("{derived:?}"),
                    format!("{:?}", crate::derive::derive(catalog)),
                    "a derived view reads more than `derive::shape` says"
                );
                Arc::new(derived)
            }
            _ => Arc::new(crate::derive::derive(catalog)),
        };
        let t = lap("derive", t);
        let dirty = match (patch, &self.good, changed_files) {
            (Some(patch), _, _) => Some(dirty_patched(catalog, patch.replaced())),
            (None, Some(good), Some(files)) => dirty(&good.catalog, catalog, files),
            _ => None,
        };
        // Before finding the pages: finding them reads the kept route graphs.
        if dirty
            .as_ref()
            .is_some_and(|set| set.iter().any(emit::memo::reshapes_routes))
        {
            self.memo.forget_routes_and_ranges();
        }
        let scope = match (dirty, &self.good) {
            (Some(set), Some(good)) => {
                Scope::changed(catalog, &derived, &good.derived, &self.memo, set)
            }
            _ => Scope::All,
        };
        let t = lap("scope", t);
        // A preview signs with the issuer's key when there is one, else the preview key.
        let signer = crate::issuer::key::signer_or_preview(&self.loaded.root, &self.loaded.config);
        if scope.is_all() {
            // New ids or templates: no kept fragment can be trusted.
            self.memo.clear();
            // Read again: a full emit uses (and then keeps) only what the catalog now has.
            self.signatures = signer
                .key()
                .ok()
                .map(|key| crate::sign::cache::SignatureCache::open(&self.loaded.root, key));
        }
        let ctx = emit::Ctx {
            catalog,
            derived: &derived,
            loaded: &self.loaded,
            tera: &tera,
            scope: &scope,
            signer: &signer,
            memo: &self.memo,
            sink: None,
            signatures: self.signatures.as_ref(),
        };
        // A build of everything (the first, or after a template or a new file) writes as
        // `build` does: each file into a staging folder as it is made, hard-linked from the
        // output when its bytes are the same, then swapped in. Memory holds the catalog, not
        // the site (gathered, a site of 100,000 credentials is 7 GB), and a failed build
        // leaves the output as it was. A rebuild of some pages gathers them and writes those
        // that changed in place. After the first build, the deferred outputs are owed until
        // `finish_deferred`.
        let staging = if scope.is_all() {
            Some(write::Staging::begin(&self.options.output_dir())?)
        } else {
            None
        };
        let put = |f: emit::OutFile| {
            let staging = staging
                .as_ref()
                .expect("a sink only for a build of everything");
            staging.put(&f).map_err(emit::EmitError::from)
        };
        let ctx = if staging.is_some() {
            emit::Ctx {
                sink: Some(&put),
                ..ctx
            }
        } else {
            ctx
        };
        let emitted = if first {
            emit::all_timed(&ctx, timings)
        } else {
            emit::run(&ctx, emit::Outputs::Pages, timings)
        };
        // Fragments of a state that is not written must not outlive it.
        let files = emitted
            .inspect_err(|_| self.memo.clear())
            .map_err(|e| Error::from_emit(e, &self.loaded))?;
        let derived_pages: BTreeSet<String> = emit::pages::derived_page_paths(catalog, &derived)
            .into_iter()
            .collect();
        let t = lap("emit", t);
        if timings && !first {
            eprintln!("emitted: {}", emitted_by_section(&files));
        }
        // Files made: those written to the staging folder, or those gathered.
        let (stats, removed, outputs, streamed) = if let Some(staging) = staging {
            // What the emitters gathered, then the deferred outputs of the last build, which
            // a rebuild owes (`finish_deferred` removes the ones a rewrite no longer makes;
            // the first build has none), then every path written.
            let kept = staging.put_all(&files).and_then(|()| {
                self.deferred_files
                    .iter()
                    .try_fold(0, |n, path| Ok(n + usize::from(staging.keep(path)?)))
            });
            let kept = kept.inspect_err(|_| self.memo.clear())?;
            let written = staging.paths();
            let streamed = written.len() - kept;
            self.deferred_files = written
                .iter()
                .filter(|p| emit::is_deferred(p))
                .cloned()
                .collect();
            let outputs: BTreeSet<String> = written
                .into_iter()
                .filter(|p| !emit::is_deferred(p))
                .collect();
            let gone = self
                .good
                .as_ref()
                .map_or(0, |g| g.outputs.difference(&outputs).count());
            let stats = staging
                .finish_locked(&self.output_lock)
                .inspect_err(|_| self.memo.clear())?;
            (stats, gone, outputs, streamed)
        } else {
            // Same files, but a skill area or a stack may have gone with the edit.
            let mut outputs = self
                .good
                .as_ref()
                .map(|g| g.outputs.clone())
                .unwrap_or_default();
            let gone: Vec<String> = self
                .good
                .as_ref()
                .map(|g| {
                    g.derived_pages
                        .difference(&derived_pages)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            for path in &gone {
                outputs.remove(path);
            }
            outputs.extend(derived_pages.iter().cloned());
            let out = self.options.output_dir();
            (
                write::write_changed(&out, &files, &gone, &self.output_lock)
                    .inspect_err(|_| self.memo.clear())?,
                gone.len(),
                outputs,
                files.len(),
            )
        };
        lap("write", t);
        if let Some(cache) = &self.signatures {
            // An optimisation only: a cache that cannot be written never fails a rebuild.
            let _ = cache.save(scope.is_all());
        }
        self.templates_changed = false;
        let full = scope.is_all();
        if !first {
            self.owe(scope);
        }
        match (fresh, &mut self.good) {
            (Some(catalog), _) => {
                self.good = Some(Good {
                    catalog,
                    derived,
                    tera,
                    signer,
                    outputs,
                    derived_pages,
                })
            }
            // Patched: the kept catalog already is this build's.
            (None, Some(good)) => {
                good.derived = derived;
                good.tera = tera;
                good.signer = signer;
                good.outputs = outputs;
                good.derived_pages = derived_pages;
            }
            (None, None) => {}
        }
        Ok(Rebuild {
            full,
            emitted: streamed,
            written: stats.written,
            removed,
            elapsed: start.elapsed(),
        })
    }
}

/// "credentials 12, plan 3": how many files of each top-level section a rebuild emitted,
/// largest first (for `CREDCAT_TIMINGS`).
fn emitted_by_section(files: &[emit::OutFile]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in files {
        *counts
            .entry(f.path.split('/').next().unwrap_or(""))
            .or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
    parts.join(", ")
}

/// The entities an edit of `files` may have changed, or `None` when the catalog's shape
/// changed and ids are not comparable.
///
/// An edited resource is always dirty. The resources it refers to are dirty only when its
/// references changed, since only then do their back-references (what requires them, what
/// they are part of) move; pages that merely show the edited resource depend on it directly.
/// An edited credential is compared with its old version as a patch compares it
/// ([`credential_changed`]).
fn dirty(old: &Catalog, new: &Catalog, files: &[PathBuf]) -> Option<HashSet<Entity>> {
    if !same_shape(old, new) {
        return None;
    }
    let mut set = HashSet::new();
    for file in files {
        // Same shape: the same credentials at the same ids, so each has its old version.
        for (a, b) in old.credentials.iter().zip(&new.credentials) {
            if a.file == *file || b.file == *file {
                credential_changed(old, a, new, b, &mut set);
            }
        }
        let (mut before, mut after) = (HashSet::new(), HashSet::new());
        let (own_before, own_after) = (
            defined_in(old, file, &mut before),
            defined_in(new, file, &mut after),
        );
        set.extend(own_before.into_iter().chain(own_after));
        if before != after {
            // A credential that a pathway or an award reaches counts as changed in full:
            // no finer rule says what of it they show.
            let whole = |e: Entity| match e {
                Entity::Credential(x) => Entity::whole_credential(x).to_vec(),
                e => vec![e],
            };
            set.extend(before.into_iter().chain(after).flat_map(whole));
        }
    }
    if nav_of(old) != nav_of(new) {
        set.insert(Entity::Nav);
    }
    Some(set)
}

/// The entities an in-place patch may have changed, as [`dirty`] finds them, from the
/// credentials as they were before the edit (`replaced`): a patch keeps every id.
fn dirty_patched(catalog: &Catalog, replaced: &[Credential]) -> HashSet<Entity> {
    let mut set = HashSet::new();
    for old in replaced {
        credential_changed(catalog, old, catalog, catalog.credential(old.id), &mut set);
    }
    set
}

/// What an edit of credential `old` (in catalog `was`) into `new` (same id, in `now`)
/// changed: the credential, and each finer entity of it only when what it covers changed;
/// when its references moved, what it refers to before and after, whose back-references
/// and places on maps moved with them.
fn credential_changed(
    was: &Catalog,
    old: &Credential,
    now: &Catalog,
    new: &Credential,
    set: &mut HashSet<Entity>,
) {
    let (mut before, mut after) = (HashSet::new(), HashSet::new());
    credential_refs(was, old, &mut before);
    credential_refs(now, new, &mut after);
    set.insert(Entity::Credential(new.id));
    let moved = before != after;
    let placed = moved || place_changed(old, new);
    if placed {
        set.insert(Entity::CredentialPlace(new.id));
    }
    if placed || old.name != new.name {
        set.insert(Entity::CredentialLink(new.id));
    }
    if routes::route_figures(old) != routes::route_figures(new) {
        set.insert(Entity::CredentialFigures(new.id));
    }
    if old.cohorts != new.cohorts {
        set.insert(Entity::CredentialOutcomes(new.id));
    }
    if moved {
        let linked = before.iter().chain(&after).filter_map(|e| match e {
            Entity::Credential(x) => {
                Some([Entity::CredentialLink(*x), Entity::CredentialPlace(*x)])
            }
            _ => None,
        });
        let linked: Vec<Entity> = linked.flatten().collect();
        set.extend(before.into_iter().chain(after).chain(linked));
    }
}

/// What the main navigation shows of the free pages.
fn nav_of(cat: &Catalog) -> Vec<(&str, &str)> {
    let pages = cat.nav_pages();
    pages
        .iter()
        .map(|p| (p.slug.as_str(), p.title.as_str()))
        .collect()
}

/// Whether the derived views of the patched catalog are those before the patch: the edit
/// changed nothing they read.
fn derived_kept(catalog: &Catalog, replaced: &[Credential]) -> bool {
    replaced
        .iter()
        .all(|old| crate::derive::reads(old) == crate::derive::reads(catalog.credential(old.id)))
}

/// Whether the edit changed only names and outcomes of what the derived views read
/// ([`crate::derive::after_rename`]).
fn shape_kept(catalog: &Catalog, replaced: &[Credential]) -> bool {
    replaced
        .iter()
        .all(|old| crate::derive::shape(old) == crate::derive::shape(catalog.credential(old.id)))
}

/// Whether the credential's type, status or address (on the site or in the registry)
/// changed: what a link to it shows besides its name, and what a stack's headline is chosen
/// by (with the stack graph).
fn place_changed(old: &Credential, new: &Credential) -> bool {
    (&old.slug, &old.ctid, old.kind, old.status) != (&new.slug, &new.ctid, new.kind, new.status)
}
/// Same resources with the same ids in both catalogs.
fn same_shape(a: &Catalog, b: &Catalog) -> bool {
    fn eq<'a, T, K: PartialEq>(x: &'a [T], y: &'a [T], key: impl Fn(&'a T) -> K) -> bool {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| key(p) == key(q))
    }
    eq(&a.credentials, &b.credentials, |c| &c.slug)
        && eq(&a.frameworks, &b.frameworks, |f| &f.slug)
        && eq(&a.competencies, &b.competencies, |k| (k.framework, &k.code))
        && eq(&a.organizations, &b.organizations, |o| &o.slug)
        && eq(&a.pathways, &b.pathways, |p| &p.slug)
        && eq(&a.awards, &b.awards, |w| &w.id)
        && eq(&a.pages, &b.pages, |p| &p.slug)
}

/// The entities other than credentials ([`credential_changed`]) defined in `file`; what
/// they refer to goes into `refs`.
fn defined_in(cat: &Catalog, file: &Path, refs: &mut HashSet<Entity>) -> Vec<Entity> {
    let mut own = Vec::new();
    for f in cat.frameworks.iter().filter(|f| f.file == file) {
        own.push(Entity::Framework(f.id));
        own.extend(f.all.iter().map(|k| Entity::Competency(*k)));
        refs.extend(f.publisher.map(Entity::Organization));
    }
    for o in cat.organizations.iter().filter(|o| o.file == file) {
        own.push(Entity::Organization(o.id));
    }
    for p in cat.pathways.iter().filter(|p| p.file == file) {
        own.push(Entity::Pathway(p.id));
        refs.insert(Entity::Credential(p.destination));
        refs.extend(
            p.stages
                .iter()
                .flat_map(|s| s.credentials.iter().map(|c| Entity::Credential(*c))),
        );
        refs.extend(p.owned_by.iter().map(|o| Entity::Organization(*o)));
    }
    for p in cat.pages.iter().filter(|p| p.file == file) {
        own.push(Entity::FreePage(p.id));
    }
    for (i, a) in cat
        .awards
        .iter()
        .enumerate()
        .filter(|(_, a)| a.file == file)
    {
        own.push(Entity::Award(crate::model::AwardId(i as u32)));
        refs.insert(Entity::Credential(a.credential));
    }
    own
}

fn credential_refs(cat: &Catalog, c: &Credential, set: &mut HashSet<Entity>) {
    for list in [&c.prerequisites, &c.recommended, &c.stacks_into] {
        set.extend(list.iter().map(|x| Entity::Credential(*x)));
    }
    if let Some(SupersededRef::InCatalog(x)) = c.supersedes {
        set.insert(Entity::Credential(x));
    }
    set.extend(emit::credential_links(cat, c));
}

// ---------------------------------------------------------------------------------------
// Deferred outputs: written after the pages, from the same state, owed until then.

impl Incremental {
    /// The site paths of the deferred outputs a rebuild left unwritten (empty when none are
    /// owed): what the dev server must not serve until [`finish_deferred`](Self::finish_deferred).
    pub fn owed(&self) -> Vec<&'static str> {
        match self.owed {
            Some(_) => emit::deferred_paths().collect(),
            None => Vec::new(),
        }
    }

    /// Emits and writes the deferred outputs from the last good state, covering every rebuild
    /// since they were last written. Does nothing when nothing is owed; after an error they
    /// stay owed, and the next call (or a rebuild and a call) tries again.
    pub fn finish_deferred(&mut self) -> Result<Rebuild, Error> {
        let start = Instant::now();
        // Owed with no good state: a config change failed to build. The next good rebuild
        // emits everything, so nothing can be written before it.
        let (Some(scope), Some(good)) = (&self.owed, &self.good) else {
            return Ok(Rebuild::nothing());
        };
        let timings = std::env::var_os("CREDCAT_TIMINGS").is_some();
        // The deferred emitters read the catalog, never the loaded files, which a failed
        // rebuild since may have moved ahead of it.
        let ctx = emit::Ctx {
            catalog: &good.catalog,
            derived: &good.derived,
            loaded: &self.loaded,
            tera: &good.tera,
            scope,
            signer: &good.signer,
            memo: &self.memo,
            sink: None,
            signatures: self.signatures.as_ref(),
        };
        let files = emit::run(&ctx, emit::Outputs::Deferred, timings)?;
        let t = Instant::now();
        let fresh: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let made = emit::deferred_paths_made(fresh.iter().map(String::as_str));
        let removed: Vec<String> = self
            .deferred_files
            .iter()
            .filter(|p| !fresh.contains(*p) && made.iter().any(|d| emit::covers(d, p)))
            .cloned()
            .collect();
        let stats = write::write_changed(
            &self.options.output_dir(),
            &files,
            &removed,
            &self.output_lock,
        )?;
        for r in &removed {
            self.deferred_files.remove(r);
        }
        self.deferred_files.extend(fresh);
        if timings {
            eprintln!("{:>8}: {:.1?}", "write", t.elapsed());
        }
        self.owed = None;
        Ok(Rebuild {
            full: false,
            emitted: files.len(),
            written: stats.written,
            removed: removed.len(),
            elapsed: start.elapsed(),
        })
    }

    /// Records that a rebuild of `scope` left the deferred outputs unwritten.
    fn owe(&mut self, scope: Scope) {
        self.owed = Some(match (self.owed.take(), scope) {
            (None, s) => s,
            (Some(Scope::Changed(mut a)), Scope::Changed(b)) => {
                a.extend(b);
                Scope::Changed(a)
            }
            _ => Scope::All,
        });
    }
}
