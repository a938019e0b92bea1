//! The directories: every pathway, organization and framework by name, and every stack by
//! size followed by the credentials that stand alone. The home page and the stack map's
//! index show only the start of these lists (at 100,000 credentials a catalog has thousands
//! of each, and those two pages are rendered again on every edit); the directory pages list
//! them whole, [`PER_PAGE`] a page.

use std::collections::BTreeMap;

use super::stack::Stacks;
use crate::model::{Catalog, CredentialId, FrameworkId, OrgId, PathwayId};

/// Entries on one page of a directory.
pub const PER_PAGE: usize = 48;

/// A list of the site's things with pages of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Pathways,
    Organizations,
    Frameworks,
    /// The stacks, largest first, then the credentials in none: the stack map's index is
    /// its first page.
    Stacks,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Pathways,
        Section::Organizations,
        Section::Frameworks,
        Section::Stacks,
    ];

    /// What a directory's heading calls its section (its pages and their breadcrumbs).
    pub fn title(self) -> &'static str {
        match self {
            Section::Pathways => "Pathways",
            Section::Organizations => "Organizations",
            Section::Frameworks => "Competency frameworks",
            Section::Stacks => "Stacks",
        }
    }
}

/// One line of a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entry {
    Pathway(PathwayId),
    Organization(OrgId),
    Framework(FrameworkId),
    /// A stack (an index into `Stacks::list`) with the size its line shows: a stack that grows
    /// in place moves no line but changes its own.
    Stack(u32, u32),
    /// A credential in no stack.
    Alone(CredentialId),
}

impl Entry {
    pub fn pathway(self) -> Option<PathwayId> {
        match self {
            Entry::Pathway(p) => Some(p),
            _ => None,
        }
    }
    pub fn organization(self) -> Option<OrgId> {
        match self {
            Entry::Organization(o) => Some(o),
            _ => None,
        }
    }
    pub fn framework(self) -> Option<FrameworkId> {
        match self {
            Entry::Framework(f) => Some(f),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directories {
    lists: [Vec<Entry>; 4],
    /// Where each entry is in its list: the page an edited entry is on. Ordered, so that
    /// debug builds can compare a kept view with a fresh one by their `Debug` text.
    at: BTreeMap<Entry, u32>,
}

impl Directories {
    /// `rank` is each credential's place in the order by name (`Listing::rank`).
    pub fn build(cat: &Catalog, stacks: &Stacks, rank: &[u32]) -> Directories {
        let pathways = by_name(&cat.pathways, |p| &p.name, |p| Entry::Pathway(p.id));
        let organizations = by_name(
            &cat.organizations,
            |o| &o.name,
            |o| Entry::Organization(o.id),
        );
        let frameworks = by_name(&cat.frameworks, |f| &f.name, |f| Entry::Framework(f.id));
        // Largest first; stacks of one size in the order the stack graph found them.
        let mut order: Vec<u32> = (0..stacks.list.len() as u32).collect();
        order.sort_by_key(|i| std::cmp::Reverse(stacks.list[*i as usize].members.len()));
        let mut alone = stacks.isolated.clone();
        alone.sort_unstable_by_key(|c| rank[c.index()]);
        let map = order
            .into_iter()
            .map(|i| Entry::Stack(i, stacks.list[i as usize].members.len() as u32))
            .chain(alone.into_iter().map(Entry::Alone))
            .collect();
        let lists = [pathways, organizations, frameworks, map];
        let at = lists
            .iter()
            .flat_map(|l| l.iter().enumerate().map(|(i, e)| (*e, i as u32)))
            .collect();
        Directories { lists, at }
    }

    /// Every entry of a section, in order.
    pub fn entries(&self, section: Section) -> &[Entry] {
        &self.lists[section as usize]
    }

    /// How many pages a section takes (at least one).
    pub fn pages(&self, section: Section) -> usize {
        self.entries(section).len().div_ceil(PER_PAGE).max(1)
    }

    /// The entries on page `n` (1-based) of a section.
    pub fn page(&self, section: Section, n: usize) -> &[Entry] {
        let list = self.entries(section);
        let start = (n.saturating_sub(1) * PER_PAGE).min(list.len());
        &list[start..(start + PER_PAGE).min(list.len())]
    }

    /// The section and page an entry is listed on.
    pub fn page_of(&self, entry: Entry) -> Option<(Section, usize)> {
        let at = *self.at.get(&entry)? as usize;
        Some((section_of(entry), at / PER_PAGE + 1))
    }

    /// The page of the stack with index `i` (whatever its size).
    pub fn stack_page(&self, stacks: &Stacks, i: u32) -> Option<usize> {
        let size = stacks.list.get(i as usize)?.members.len() as u32;
        self.page_of(Entry::Stack(i, size)).map(|(_, n)| n)
    }

    /// Pages whose entries differ from `before`'s: an entry added, removed or renamed shifts
    /// every page between its old and new place.
    pub fn moved_pages(&self, before: &Directories) -> Vec<(Section, usize)> {
        let mut out = Vec::new();
        for s in Section::ALL {
            let pages = self.pages(s).max(before.pages(s));
            out.extend(
                (1..=pages)
                    .filter(|n| self.page(s, *n) != before.page(s, *n))
                    .map(|n| (s, n)),
            );
        }
        out
    }
}

fn section_of(entry: Entry) -> Section {
    match entry {
        Entry::Pathway(_) => Section::Pathways,
        Entry::Organization(_) => Section::Organizations,
        Entry::Framework(_) => Section::Frameworks,
        Entry::Stack(..) | Entry::Alone(_) => Section::Stacks,
    }
}

/// `items` by name, case-insensitively (the order every list by name on the site follows).
fn by_name<T>(items: &[T], name: impl Fn(&T) -> &str, entry: impl Fn(&T) -> Entry) -> Vec<Entry> {
    let mut sorted: Vec<&T> = items.iter().collect();
    super::listing::sort_by_name(&mut sorted, |x| name(x));
    sorted.into_iter().map(entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(n: usize) -> Directories {
        let list: Vec<Entry> = (0..n as u32)
            .map(|i| Entry::Alone(CredentialId(i)))
            .collect();
        let at = list
            .iter()
            .enumerate()
            .map(|(i, e)| (*e, i as u32))
            .collect();
        Directories {
            lists: [vec![], vec![], vec![], list],
            at,
        }
    }

    #[test]
    fn pages_cut_and_moves() {
        let d = dirs(PER_PAGE * 2 + 1);
        assert_eq!(d.pages(Section::Stacks), 3);
        assert_eq!(d.pages(Section::Pathways), 1);
        assert!(d.page(Section::Pathways, 1).is_empty());
        assert_eq!(d.page(Section::Stacks, 3).len(), 1);
        assert_eq!(
            d.page_of(Entry::Alone(CredentialId(PER_PAGE as u32))),
            Some((Section::Stacks, 2))
        );
        assert!(d.moved_pages(&d).is_empty());
        // One entry fewer: the last page goes, the others stay.
        let fewer = dirs(PER_PAGE * 2);
        assert_eq!(fewer.moved_pages(&d), vec![(Section::Stacks, 3)]);
    }
}
