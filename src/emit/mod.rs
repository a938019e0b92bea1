//! Stage 4, emit: independent emitters, each a pure function from the Catalog (and its derived
//! views) to a list of output files. They never read input files, never write to disk, never
//! call each other; `emit::all` runs them in parallel.

/// A JSON object whose members are moved in (`Value::from` each), where `json!` would
/// serialize each one again: a member that is already a `Value` (a list of links, a route,
/// a map's SVG) is copied whole by `json!`, once for every level it is nested in. The map
/// is made as large as its members at once: grown one insert at a time, it rehashes every
/// key it holds at each doubling.
macro_rules! object {
    ({ $($key:literal: $value:expr),* $(,)? }) => {{
        let mut members = serde_json::Map::with_capacity(<[&str]>::len(&[$($key),*]));
        $(members.insert($key.into(), serde_json::Value::from($value));)*
        serde_json::Value::Object(members)
    }};
}

pub mod achievement;
pub mod assets;
pub mod badge_art;
pub mod badges;
pub mod body;
pub mod charts;
pub mod context;
pub mod crawl;
pub mod ctdl;
pub mod ctdl_pathway;
pub mod deps;
pub mod escape;
pub mod explore;
pub mod html;
pub mod json_script;
pub mod maps;
pub mod memo;
pub mod outcomes;
pub mod pages;
pub mod redirects;
pub mod schema_org;
pub mod search;
pub mod templates;
pub mod urls;

use std::collections::HashSet;

use rayon::prelude::*;
use thiserror::Error;

use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::model::Catalog;

pub use body::Body;

/// One file of the site: a `/`-separated path relative to the output folder, and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub body: Body,
}

/// `v` as compact JSON, written straight into bytes (`Value`'s `to_string` goes through
/// the formatter, token by token).
pub fn compact_json(v: &serde_json::Value) -> Vec<u8> {
    // A `Value`'s keys are strings: serializing it cannot fail.
    serde_json::to_vec(v).unwrap_or_default()
}

impl OutFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            body: Body::Bytes(bytes.into()),
        }
    }

    /// A file made of kept fragments (see [`Body::joined`]).
    pub fn joined(path: impl Into<String>, body: Body) -> Self {
        OutFile {
            path: path.into(),
            body,
        }
    }
}

/// What every emitter may read.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub derived: &'a Derived,
    pub loaded: &'a Loaded,
    pub tera: &'a tera::Tera,
    /// The issuer key badges are signed with (see [`crate::issuer::Signer`]).
    pub signer: &'a crate::issuer::Signer,
    /// Signatures computed by earlier builds, by the hash of their inputs; `None` signs
    /// every badge afresh (`credcat check`, tests).
    pub signatures: Option<&'a crate::sign::cache::SignatureCache>,
    /// Fragments of catalog-wide files kept from earlier rebuilds (empty in a full build).
    pub memo: &'a memo::Memo,
    /// Which outputs are wanted: all of them, or (incremental rebuilds) only those that show
    /// a changed entity. An emitter that ignores it is still correct, only slower.
    pub scope: &'a Scope,
    /// Where a build sends files as they are made (see [`Ctx::deliver`]); `None` gathers them.
    pub sink: Option<&'a Sink<'a>>,
}

/// Takes each file an emitter makes, from any thread: a build writes it at once into the
/// staging folder (`write::Staging`), so memory holds the pages being rendered, not the site.
pub type Sink<'a> = dyn Fn(OutFile) -> Result<(), EmitError> + Sync + 'a;

impl Ctx<'_> {
    /// Hands the files of a per-resource emitter (one page, one document per resource: the
    /// bulk of a site) to the sink as they are made, or gathers them when there is none.
    /// The writing happens on the thread that rendered the file, so rendering never runs
    /// ahead of the disk: that is the back-pressure.
    pub fn deliver(
        &self,
        files: impl ParallelIterator<Item = Result<OutFile, EmitError>>,
    ) -> Result<Vec<OutFile>, EmitError> {
        match self.sink {
            Some(sink) => files.try_for_each(|f| sink(f?)).map(|()| Vec::new()),
            None => files.collect(),
        }
    }
}

/// A resource whose change can change output files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// Everything about a credential.
    Credential(crate::model::CredentialId),
    /// What other pages show of a credential: its name, type, status and address (a link),
    /// and its place in the stack graph (a map). Editing only a credential's summary, skills
    /// or costs leaves this clean, so the pages that merely link to it are not rendered again.
    CredentialLink(crate::model::CredentialId),
    /// Where a credential stands, its name aside: its type, status and address, and its place
    /// in the stack graph. Which credential heads a stack and how many it has (what a code
    /// page says of a stack, the map a planner goal points to) read this; a rename leaves it
    /// clean. Whatever dirties it dirties the link too.
    CredentialPlace(crate::model::CredentialId),
    /// What a route or a range shows of a credential besides its link: its hours, cost and
    /// credit ([`crate::derive::routes::route_figures`]). Routes through a credential and the
    /// ranges of pages that sum it up depend on this (and its link), so editing its summary
    /// or skills leaves them clean.
    CredentialFigures(crate::model::CredentialId),
    /// A credential's outcome cohorts: what the outcomes dashboard shows of it besides its
    /// link.
    CredentialOutcomes(crate::model::CredentialId),
    Framework(crate::model::FrameworkId),
    Competency(crate::model::CompetencyId),
    Organization(crate::model::OrgId),
    Pathway(crate::model::PathwayId),
    Award(crate::model::AwardId),
    /// A free-form page.
    FreePage(crate::model::FreePageId),
    /// The main navigation (which free pages it lists, their titles and order): shown on
    /// every page.
    Nav,
}

impl Entity {
    /// Every entity of credential `x`: what an edit of it dirties when nothing finer is known.
    pub fn whole_credential(x: crate::model::CredentialId) -> [Entity; 5] {
        [
            Entity::Credential(x),
            Entity::CredentialLink(x),
            Entity::CredentialPlace(x),
            Entity::CredentialFigures(x),
            Entity::CredentialOutcomes(x),
        ]
    }
}

/// The organizations, competencies and frameworks a credential names: what its page, its
/// documents and its search entry show of resources other than credentials.
pub fn credential_links<'a>(
    cat: &'a Catalog,
    c: &'a crate::model::Credential,
) -> impl Iterator<Item = Entity> + 'a {
    let orgs = c
        .owned_by
        .iter()
        .chain(&c.offered_by)
        .chain(&c.accredited_by)
        .chain(c.governance.iter().flat_map(|g| {
            g.approved_by
                .iter()
                .chain(&g.advisory_board)
                .chain(&g.recognized_by)
        }))
        .map(|o| Entity::Organization(*o));
    let competencies = c.competencies.iter().flat_map(|k| {
        [
            Entity::Competency(*k),
            Entity::Framework(cat.competency(*k).framework),
        ]
    });
    orgs.chain(competencies)
}

/// The outputs an emit run must produce.
#[derive(Debug, Clone, Default)]
pub enum Scope {
    #[default]
    All,
    /// Only outputs that depend on a changed entity (plus catalog-wide files).
    Changed(Changes),
}

/// What an incremental rebuild changed.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Resources whose data changed, or whose back-references moved.
    pub entities: HashSet<Entity>,
    /// The pages to render: those showing one of `entities` ([`deps::affected`]) and list
    /// pages whose members moved.
    pub pages: HashSet<pages::Page>,
    /// The long lists whose index of pages changed (for an owner that is not a page of
    /// [`html`], such as the outcomes dashboard).
    pub lists: HashSet<crate::derive::long_lists::Owner>,
}

impl Changes {
    /// Adds what another rebuild changed (the deferred outputs cover every rebuild since
    /// they were last written).
    pub fn extend(&mut self, other: Changes) {
        self.entities.extend(other.entities);
        self.pages.extend(other.pages);
        self.lists.extend(other.lists);
    }
}

impl Scope {
    /// The scope of a rebuild in which `dirty` changed, `before` being the derived views of
    /// the build before it.
    pub fn changed(
        catalog: &Catalog,
        derived: &Derived,
        before: &Derived,
        memo: &memo::Memo,
        dirty: HashSet<Entity>,
    ) -> Scope {
        let mut pages = deps::affected(catalog, derived, memo, &dirty);
        pages.extend(deps::moved_list_pages(before, derived));
        pages.extend(deps::moved_directory_pages(before, derived));
        let (moved, lists) = deps::moved_long_list_pages(before, derived);
        pages.extend(moved);
        pages.extend(explore::moved_pages(before, derived));
        Scope::Changed(Changes {
            entities: dirty,
            pages,
            lists: lists.into_iter().collect(),
        })
    }

    /// Whether an output showing these entities must be produced.
    pub fn wants(&self, deps: impl IntoIterator<Item = Entity>) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c) => deps.into_iter().any(|e| c.entities.contains(&e)),
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, Scope::All)
    }

    /// Whether any entity of the catalog changed (for catalog-wide files such as the home page).
    pub fn any(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed(c) => !c.entities.is_empty(),
        }
    }
}

#[derive(Debug, Error)]
pub enum EmitError {
    #[error("template `{template}` failed: {message}")]
    Template { template: String, message: String },
    #[error("the theme has no template `{0}`")]
    MissingTemplate(String),
    #[error("{}", .0.problem)]
    Templates(Box<Diagnostic>),
    #[error("badges: {0}")]
    Badge(String),
    #[error(transparent)]
    Write(#[from] crate::write::WriteError),
}

type EmitFn = fn(&Ctx) -> Result<Vec<OutFile>, EmitError>;

/// Every emitter, by name. Order does not matter: they are independent (but see [`DEFERRED`]).
pub const EMITTERS: &[(&str, EmitFn)] = &[
    ("html", html::emit),
    ("search", search::emit),
    ("assets", assets::emit),
    ("ctdl", ctdl::emit),
    ("ctdl-bulk", ctdl::emit_bulk),
    ("achievement", achievement::emit),
    ("crawl", crawl::emit),
    ("sitemap", crawl::emit_sitemap),
    ("badges", badges::emit),
    ("redirects", redirects::emit),
    ("outcomes", outcomes::emit),
    ("explore", explore::emit),
    ("plan-index", explore::emit_index),
];

/// The deferred outputs: catalog-wide data files that no HTML page shows, each with the one
/// emitter that makes it (and nothing else). The one place that says which they are. A path
/// ending in `/` is a folder: every file the emitter makes goes under it (the search index,
/// whose chunks are named by their content).
///
/// They are large and change with nearly every edit, so the dev server writes them after the
/// pages of a rebuild, and its HTTP server holds requests for them until they are written
/// (`crate::incremental`, `crate::serve`). A build writes them with everything else.
///
/// Their emitters run after all the others, so they may reuse fragments those kept in the
/// memo: the bulk graph takes each resource's nodes from its CTDL document.
pub const DEFERRED: &[(&str, &[&str])] = &[
    // The parts only past `ctdl::CATALOG_PART_BYTES`.
    ("ctdl-bulk", &[urls::CATALOG_GRAPH, urls::CATALOG_PARTS]),
    // The parts only past `crawl::SITEMAP_URLS` pages.
    ("sitemap", &[crawl::SITEMAP, crawl::SITEMAP_PARTS]),
    ("search", &[search::DIR]),
    ("plan-index", &[urls::PLAN_INDEX]),
];

/// The site paths of the deferred outputs (a folder ends in `/`).
pub fn deferred_paths() -> impl Iterator<Item = &'static str> {
    DEFERRED.iter().flat_map(|(_, paths)| paths.iter().copied())
}

/// The paths declared by the deferred emitters that made one of `files`: an emitter that
/// made files replaces all of its old ones (a sitemap that no longer needs parts leaves
/// none behind); one that made none (nothing it shows changed) leaves them.
pub fn deferred_paths_made<'a>(files: impl Iterator<Item = &'a str> + Clone) -> Vec<&'static str> {
    DEFERRED
        .iter()
        .filter(|(_, paths)| files.clone().any(|f| paths.iter().any(|d| covers(d, f))))
        .flat_map(|(_, paths)| paths.iter().copied())
        .collect()
}

/// Whether `path` (a site path, `/`-separated) is a deferred output or inside one's folder.
pub fn is_deferred(path: &str) -> bool {
    deferred_paths().any(|d| covers(d, path))
}

/// Whether the deferred path `declared` (a file, or a folder ending in `/`) covers `path`.
pub fn covers(declared: &str, path: &str) -> bool {
    path == declared || (declared.ends_with('/') && path.starts_with(declared))
}

/// Which emitters a run includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outputs {
    /// Everything but the [`DEFERRED`] outputs.
    Pages,
    /// Only the [`DEFERRED`] outputs.
    Deferred,
}

impl Outputs {
    fn includes(self, emitter: &str) -> bool {
        let deferred = DEFERRED.iter().any(|(name, _)| *name == emitter);
        deferred == (self == Outputs::Deferred)
    }
}

/// Runs every emitter and gathers their files, sorted by path.
pub fn all(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    all_timed(ctx, false)
}

/// [`all`], printing each emitter's time to stderr when `timings` is set.
pub fn all_timed(ctx: &Ctx, timings: bool) -> Result<Vec<OutFile>, EmitError> {
    let mut files = run(ctx, Outputs::Pages, timings)?;
    files.extend(run(ctx, Outputs::Deferred, timings)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Runs the emitters of `outputs` in parallel and gathers their files, sorted by path.
pub fn run(ctx: &Ctx, outputs: Outputs, timings: bool) -> Result<Vec<OutFile>, EmitError> {
    let parts: Vec<Vec<OutFile>> = EMITTERS
        .par_iter()
        .filter(|(name, _)| outputs.includes(name))
        .map(|(name, f)| {
            let start = std::time::Instant::now();
            let out = f(ctx);
            if timings {
                // What an emitter returns is held until the write stage: its size shows
                // where a build's memory goes besides the catalog.
                let held = out
                    .as_ref()
                    .map_or(0, |files| files.iter().map(|f| f.body.len()).sum::<usize>());
                eprintln!(
                    "{:>8}  {name}: {:.0?}, {} KB held for the write stage",
                    "",
                    start.elapsed(),
                    held >> 10
                );
            }
            out
        })
        .collect::<Result<_, _>>()?;
    let mut files: Vec<OutFile> = parts.into_iter().flatten().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_deferred_output_has_its_own_emitter() {
        for (name, paths) in DEFERRED {
            assert!(
                EMITTERS.iter().any(|(n, _)| n == name),
                "{name} is not an emitter"
            );
            assert_eq!(
                DEFERRED.iter().filter(|(n, _)| n == name).count(),
                1,
                "{name} declared twice"
            );
            for path in *paths {
                assert_eq!(
                    deferred_paths().filter(|p| p == path).count(),
                    1,
                    "{path} declared twice"
                );
            }
            assert!(Outputs::Deferred.includes(name) && !Outputs::Pages.includes(name));
        }
        assert!(Outputs::Pages.includes("html") && !Outputs::Deferred.includes("html"));
    }
}
