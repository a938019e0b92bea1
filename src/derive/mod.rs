//! Stage 3, derive: computed views over the resolved Catalog — the stack graph (what leads
//! to what) and its stacks, the employer skills index, the home page's listing order and the
//! search index. Pure functions of the Catalog;
//! emitters read these instead of recomputing them.

pub mod explore;
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
}

pub fn derive(catalog: &Catalog) -> Derived {
    // Two independent chains, side by side: the dev server derives on every edit.
    let ((stack, stacks, explore), (listing, mut long_lists, skills)) = rayon::join(
        || {
            let stack = stack::StackGraph::build(catalog);
            let stacks = stack::Stacks::build(catalog, &stack);
            let explore = explore::Explore::build(catalog, &stacks);
            (stack, stacks, explore)
        },
        || {
            let listing = listing::Listing::build(catalog);
            let (long_lists, skills) = rayon::join(
                || long_lists::LongLists::build(catalog, &listing.rank),
                || skills::SkillIndex::build(catalog),
            );
            (listing, long_lists, skills)
        },
    );
    long_lists.add_stacks(catalog, &listing.rank, &stacks);
    Derived {
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
        (&c.name, c.kind),
        (&c.prerequisites, &c.recommended, &c.stacks_into),
        (&c.occupations, &c.industries, &c.cip),
        (&c.competencies, &c.owned_by, &c.offered_by),
    )
}
