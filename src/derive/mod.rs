//! Stage 3, derive: computed views over the resolved Catalog — the stack graph (what leads
//! to what), the employer skills index and the search index. Pure functions of the Catalog;
//! emitters read these instead of recomputing them.

pub mod layout;
pub mod search;
pub mod skills;
pub mod stack;

use crate::model::Catalog;

/// Everything derived from one Catalog.
#[derive(Debug, Clone)]
pub struct Derived {
    pub stack: stack::StackGraph,
    pub skills: skills::SkillIndex,
}

pub fn derive(catalog: &Catalog) -> Derived {
    Derived {
        stack: stack::StackGraph::build(catalog),
        skills: skills::SkillIndex::build(catalog),
    }
}
