//! Patching a resolved catalog in place after an edit of credential files, for the dev
//! server: only the edited credentials are resolved again and only the back-references
//! that name them move. At 10,000 credentials an edit costs under a millisecond, where
//! resolving everything again costs ~70 ms.
//!
//! A patch gives exactly the catalog [`resolve`](super::resolve) would build from the same
//! files, or it refuses with [`NotPatchable`] before changing anything, and the caller
//! resolves in full. It refuses whenever an edit could reach beyond the edited credentials
//! and the back-references to them:
//! - a file added, removed, drafted or published, or not a credential: ids would move, or
//!   other kinds of resource change;
//! - a changed CTID or `version.supersedes`: other credentials find a credential by its CTID,
//!   and `superseded_by` is one slot that the last credential in id order fills;
//! - any problem, in the edited files or in loading any file, or a cycle of prerequisites:
//!   the full resolve reports every problem together, each where the user expects it.
//!
//! Not for: anything but the dev server's own catalog. A built site resolves in full.

use std::path::PathBuf;

use super::back_refs;
use super::refs::CompetencyCodes;
use super::Resolver;
use crate::derive::stack::StackGraph;
use crate::load::{Kind, Loaded, Parsed};
use crate::model::{Catalog, Credential};

/// Why an edit needs a full resolve instead of a patch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotPatchable {
    #[error("a content file does not load")]
    LoadProblems,
    #[error("{} is not a credential file", .0.display())]
    NotACredential(PathBuf),
    #[error("{} was removed", .0.display())]
    Removed(PathBuf),
    #[error("{} was not a published credential (new, or a draft)", .0.display())]
    NotInCatalog(PathBuf),
    #[error("{} changed its {what}", file.display())]
    Identity { file: PathBuf, what: &'static str },
    #[error("the edited credentials have problems to report")]
    Problems,
    #[error("the edit closes a cycle of prerequisites or stacking")]
    Cycle,
}

/// An edit applied to a catalog in place, with what it replaced.
#[derive(Debug)]
pub struct Patch {
    replaced: Vec<Credential>,
}

impl Patch {
    /// The edited credentials as they were before the edit, by id: with the patched catalog,
    /// they tell what the edit changed.
    pub fn replaced(&self) -> &[Credential] {
        &self.replaced
    }

    /// Puts the catalog back as it was before the patch, e.g. when the build that followed
    /// it failed and the output still shows the catalog before the edit.
    pub fn undo(self, catalog: &mut Catalog) {
        replace(catalog, self.replaced);
    }
}

/// Patches `catalog`, which resolved without problems from `loaded` as it was before the
/// files in `changed` (paths relative to the root) were loaded again, to what resolving
/// `loaded` now gives. The catalog is unchanged when the edit is not patchable.
pub fn patch(
    catalog: &mut Catalog,
    loaded: &Loaded,
    changed: &[PathBuf],
) -> Result<Patch, NotPatchable> {
    let new = resolve_edits(catalog, loaded, changed)?;
    Ok(Patch {
        replaced: replace(catalog, new),
    })
}

/// The edited credentials, resolved with their ids, if a patch can apply them.
fn resolve_edits(
    catalog: &Catalog,
    loaded: &Loaded,
    changed: &[PathBuf],
) -> Result<Vec<Credential>, NotPatchable> {
    if loaded.files.values().any(|f| f.parsed.is_err()) {
        return Err(NotPatchable::LoadProblems);
    }
    let mut edits = Vec::new();
    for path in changed {
        if Kind::of(path) != Some(Kind::Credential) {
            return Err(NotPatchable::NotACredential(path.clone()));
        }
        let rec = match loaded.files.get(path).map(|f| &f.parsed) {
            Some(Ok(Parsed::Credential(rec))) => rec,
            Some(_) => return Err(NotPatchable::NotACredential(path.clone())),
            None => return Err(NotPatchable::Removed(path.clone())),
        };
        let id = catalog
            .index
            .credentials
            .get(&rec.slug)
            .copied()
            .filter(|id| catalog.credential(*id).file == *path)
            .ok_or_else(|| NotPatchable::NotInCatalog(path.clone()))?;
        edits.push((id, rec));
    }
    edits.sort_by_key(|(id, _)| *id);
    edits.dedup_by_key(|(id, _)| *id);

    let mut resolver = Resolver::patching(loaded, catalog);
    let codes = CompetencyCodes::new(&catalog.frameworks, &catalog.competencies);
    let new: Vec<Credential> = edits
        .iter()
        .map(|(id, rec)| resolver.claim_and_resolve(*id, rec, &codes))
        .collect();
    if !resolver.diags.is_empty() {
        return Err(NotPatchable::Problems);
    }
    for c in &new {
        let old = catalog.credential(c.id);
        let what = if c.ctid != old.ctid {
            "CTID"
        } else if c.draft != old.draft {
            "draft flag"
        } else if c.supersedes != old.supersedes {
            "version.supersedes"
        } else if c.aliases != old.aliases {
            // Whether another credential claims an alias only the full resolve knows.
            "aliases"
        } else {
            continue;
        };
        return Err(NotPatchable::Identity {
            file: c.file.clone(),
            what,
        });
    }
    // The catalog had no cycle, so a new one needs a new edge, from an edited credential's
    // links; the full resolve reports it at the reference that closes it.
    let links_moved = new.iter().any(|c| {
        let old = catalog.credential(c.id);
        c.prerequisites != old.prerequisites
            || c.stacks_into != old.stacks_into
            || c.recommended != old.recommended
    });
    if links_moved && !StackGraph::build_with(catalog, &new).cycles().is_empty() {
        return Err(NotPatchable::Cycle);
    }
    Ok(new)
}

/// Puts `versions` in place of the credentials with their ids and moves the back-references
/// their references make; returns the versions replaced. Cannot fail: `resolve_edits`
/// checked everything first, so a catalog is never left half patched.
fn replace(catalog: &mut Catalog, versions: Vec<Credential>) -> Vec<Credential> {
    let mut replaced = Vec::with_capacity(versions.len());
    for mut version in versions {
        let slot = &mut catalog.credentials[version.id.index()];
        // Back-references come from other files (and from edited ones: moved below). Copied,
        // not taken, so the replaced version stays whole.
        version.required_by = slot.required_by.clone();
        version.recommended_for = slot.recommended_for.clone();
        version.stacked_from = slot.stacked_from.clone();
        version.in_pathways = slot.in_pathways.clone();
        version.superseded_by = slot.superseded_by;
        replaced.push(std::mem::replace(slot, version));
    }
    for old in &replaced {
        back_refs::relink(catalog, old);
    }
    replaced
}
