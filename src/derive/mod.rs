//! Stage 3, derive: computed views over the resolved Catalog — the stack graph (what leads
//! to what) and its stacks, the employer skills index, the home page's listing order and
//! filter values, the directories, the code lists, the long lists and the search index.
//! Pure functions of the Catalog; emitters read these instead of recomputing them.

pub mod directory;
pub mod explore;
pub mod filters;
pub mod layout;
pub mod listing;
pub mod long_lists;
pub mod quality;
pub mod routes;
pub mod search;
pub mod skills;
pub mod stack;

use crate::model::{Catalog, Credential};

/// Everything derived from one Catalog.
#[derive(Debug, Clone)]
pub struct Derived {
    pub stack: stack::StackGraph,
    /// The stacks of the catalog map (connected parts of `stack`).
    pub stacks: stack::Stacks,
    pub skills: skills::SkillIndex,
    /// Credentials in the order the home page lists them, cut into its pages.
    pub listing: listing::Listing,
    /// Occupations, industries and programs of study, with their credentials.
    pub explore: explore::Explore,
    /// Lists of credentials too long for one page (a competency's, an organization's, a
    /// credential's related ones, a stack's), cut by name.
    pub long_lists: long_lists::LongLists,
    /// Pathways, organizations, frameworks and stacks in the order their directory pages
    /// list them.
    pub directories: directory::Directories,
    /// The values the home page's filters offer.
    pub filters: filters::Filters,
}

pub fn derive(catalog: &Catalog) -> Derived {
    // The order by name first: every list of credentials follows it, instead of sorting
    // by names lower-cased again for each list. Then the stacks, which the lists by name
    // group by, beside the skills index: the dev server derives on every edit.
    let keys = long_lists::name_keys(catalog);
    let listing = listing::Listing::build(catalog, &keys);
    let rank = &listing.rank;
    let ((stack, stacks, (explore, long_lists)), (skills, filters)) = rayon::join(
        || {
            let stack = stack::StackGraph::build(catalog);
            let stacks = stack::Stacks::build(catalog, &stack);
            let lists = rayon::join(
                || explore::Explore::build(catalog, &stacks, rank),
                || long_lists::LongLists::build(catalog, &keys, rank, &stacks),
            );
            (stack, stacks, lists)
        },
        || {
            rayon::join(
                || skills::SkillIndex::build(catalog),
                || filters::Filters::build(catalog),
            )
        },
    );
    let directories = directory::Directories::build(catalog, &stacks, rank);
    Derived {
        filters,
        directories,
        explore,
        stacks,
        stack,
        skills,
        long_lists,
        listing,
    }
}

/// What the derived views read of one credential. An edit that leaves it as it was (a
/// summary, a body, costs, dates) leaves every derived view as it was, so the dev server keeps
/// them instead of deriving again. Besides these, the views read only what a credential's edit
/// cannot change (competencies' labels and categories, frameworks, pathways' stages, the
/// config); the back-references they read (a competency's `certified_by`, an organization's
/// `owns` and `offers`) follow from `competencies`, `owned_by` and `offered_by` here. Debug
/// builds check every kept view against a fresh derive (`incremental`).
pub fn reads(c: &Credential) -> impl PartialEq + '_ {
    (
        &c.name,
        // Whether it is on the outcomes dashboard's list of credentials without any.
        c.cohorts.is_empty(),
        // The home page's filters (its type, industries and occupations are in `shape`).
        (&c.audience_levels, &c.delivery),
        shape(c),
    )
}

/// What [`reads`] holds but the name and outcomes: what the stack graph, the stacks and
/// the skills index read. An edit that leaves it as it was (a rename) changes only the
/// lists ordered by name, which [`after_rename`] orders or cuts again.
pub fn shape(c: &Credential) -> impl PartialEq + '_ {
    (
        c.kind,
        (&c.prerequisites, &c.recommended, &c.stacks_into),
        (&c.occupations, &c.industries, &c.cip),
        (&c.competencies, &c.owned_by, &c.offered_by),
    )
}

/// The derived views of a catalog that differs from `before`'s only in names and outcomes
/// (every credential's [`shape`] the same): the order by name and the long lists cut by
/// name made again, the code lists reordered (their codes, titles and groups stay), the
/// stack graph, the stacks and the skills index as they were. Reordering rather than
/// building the code lists took `after_rename` on the skewed 10,000 from 18.7 ms to
/// 10.3–11.9 ms (medians, `examples/derive_parts`).
pub fn after_rename(catalog: &Catalog, before: &Derived) -> Derived {
    let keys = long_lists::name_keys(catalog);
    let listing = listing::Listing::build(catalog, &keys);
    let rank = &listing.rank;
    let (explore, long_lists) = rayon::join(
        || before.explore.reordered(&before.stacks, rank),
        || long_lists::LongLists::build(catalog, &keys, rank, &before.stacks),
    );
    Derived {
        // The credentials in no stack are listed by name.
        directories: directory::Directories::build(catalog, &before.stacks, rank),
        filters: before.filters.clone(),
        explore,
        stacks: before.stacks.clone(),
        stack: before.stack.clone(),
        skills: before.skills.clone(),
        long_lists,
        listing,
    }
}
