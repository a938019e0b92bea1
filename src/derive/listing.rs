//! The order the home page lists credentials in (by name, case-insensitively), cut into
//! pages of at most `paginate_by` cards like a dictionary, by the beginning of the names
//! (`derive::long_lists::ranges`): the home page is the first page, `page/<prefix>/` the
//! others. Numbered pages would all shift between a renamed credential's old and new
//! place (hundreds of pages in a large catalog, rendered again on every rename); pages cut
//! by name change only where the credential leaves and where it arrives.

use super::long_lists::{self, Keyed, Range};
use crate::model::{Catalog, CredentialId};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// Every credential, in listing order.
    pub order: Vec<CredentialId>,
    /// Each credential's place in `order`, by id: lists of credentials sort by it instead
    /// of comparing names again.
    pub rank: Vec<u32>,
    /// The most cards a page shows; the whole list when the site does not paginate.
    pub per_page: usize,
    /// The pages, in order: the first is the home page's. None for an empty catalog.
    pub pages: Vec<Range>,
    /// The page (from 1) that lists each credential, by id.
    page_of: Vec<u32>,
    /// The first characters of the names, each with the first page (from 1) listing a name
    /// that starts with it: the home page's index of the pages.
    pub initials: Vec<(char, usize)>,
}

impl Listing {
    /// `keys` is every credential's [`long_lists::name_key`], by id
    /// ([`long_lists::name_keys`]), which the long lists are cut by too.
    pub fn build(catalog: &Catalog, keys: &[Vec<char>]) -> Listing {
        let names: Vec<&str> = catalog
            .credentials
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        Listing::of_keys(&names, keys, catalog.config.paginate_by)
    }

    /// The listing of credentials named `names` (by id), whose name keys are `keys`,
    /// `paginate_by` to a page (0: all on one).
    fn of_keys(names: &[&str], keys: &[Vec<char>], paginate_by: usize) -> Listing {
        let mut order: Vec<CredentialId> = (0..names.len() as u32).map(CredentialId).collect();
        // Ties between names that differ only in case go by the name itself; a stable sort
        // keeps equal names in file order.
        order.sort_by_key(|id| (&keys[id.index()], names[id.index()]));
        let per_page = match paginate_by {
            0 => order.len().max(1),
            n => n,
        };
        let keyed: Vec<Keyed> = order
            .iter()
            .map(|id| (keys[id.index()].as_slice(), *id))
            .collect();
        let pages = long_lists::ranges(&keyed, per_page);
        let mut page_of = vec![0u32; names.len()];
        let mut initials: Vec<(char, usize)> = Vec::new();
        for (n, page) in pages.iter().enumerate() {
            for id in &page.ids {
                page_of[id.index()] = n as u32 + 1;
                let first = keys[id.index()].first().copied().unwrap_or(' ');
                if initials.last().is_none_or(|(c, _)| *c != first) {
                    initials.push((first, n + 1));
                }
            }
        }
        Listing {
            rank: rank_of(&order),
            order,
            per_page,
            pages,
            page_of,
            initials,
        }
    }

    /// `ids` in listing order, without repeats.
    pub fn sorted(&self, ids: &[CredentialId]) -> Vec<CredentialId> {
        let mut ids = ids.to_vec();
        ids.sort_unstable_by_key(|id| self.rank[id.index()]);
        ids.dedup();
        ids
    }

    /// How many pages the list takes (at least one, so an empty catalog has a home page).
    pub fn pages(&self) -> usize {
        self.pages.len().max(1)
    }

    /// The credentials on page `n` (from 1).
    pub fn page(&self, n: usize) -> &[CredentialId] {
        n.checked_sub(1)
            .and_then(|i| self.pages.get(i))
            .map_or(&[], |p| &p.ids)
    }

    /// The address of page `n` (from 1): the name prefix it starts at (`page/<key>/`), or
    /// the empty string for the first page, the home page, whatever its prefix.
    pub fn key(&self, n: usize) -> Option<&str> {
        let page = self.pages.get(n.checked_sub(1)?)?;
        Some(if n == 1 { "" } else { &page.key })
    }

    /// The page `id` is listed on (from 1).
    pub fn page_of(&self, id: CredentialId) -> Option<usize> {
        let n = *self.page_of.get(id.index())? as usize;
        (n > 0).then_some(n)
    }

    /// Pages that differ from the page at the same address in `before` (or have none
    /// there): their credentials, or the address of the page before or after them. A
    /// rename changes the page the credential leaves and the one it joins (and a page cut
    /// or joined again there); pages are matched by address, not by number, as one cut
    /// in two shifts the numbers of all after it.
    pub fn moved_pages(&self, before: &Listing) -> Vec<usize> {
        let was: std::collections::HashMap<&str, usize> = (1..=before.pages.len())
            .filter_map(|n| Some((before.key(n)?, n)))
            .collect();
        (1..=self.pages())
            .filter(|n| {
                let Some(m) = self.key(*n).and_then(|key| was.get(key).copied()) else {
                    return true;
                };
                self.page(*n) != before.page(m)
                    || self.key(n - 1) != before.key(m - 1)
                    || self.key(n + 1) != before.key(m + 1)
            })
            .collect()
    }
}

/// Sorts `items` the way everything is listed by name: by [`long_lists::name_key`] (the
/// name lower-cased), then by the name itself; equal names keep their order. The order of
/// [`Listing::order`], for things other than credentials.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|x| (long_lists::name_key(name(x)), name(x).to_string()));
}

/// The place of each credential in `order`, by id.
fn rank_of(order: &[CredentialId]) -> Vec<u32> {
    let mut rank = vec![0u32; order.iter().map(|c| c.index() + 1).max().unwrap_or(0)];
    for (i, id) in order.iter().enumerate() {
        rank[id.index()] = i as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Listing {
        fn of_names(names: &[&str], paginate_by: usize) -> Listing {
            let keys: Vec<Vec<char>> = names.iter().map(|n| long_lists::name_key(n)).collect();
            Listing::of_keys(names, &keys, paginate_by)
        }
    }

    fn ids(l: &Listing, n: usize) -> Vec<u32> {
        l.page(n).iter().map(|id| id.0).collect()
    }

    #[test]
    fn pages_are_cut_by_the_beginning_of_the_names() {
        // By id: 0 Cobol, 1 apache, 2 Basic, 3 Ada, 4 C, 5 Dart, 6 basic.
        let names = ["Cobol", "apache", "Basic", "Ada", "C", "Dart", "basic"];
        let l = Listing::of_names(&names, 3);
        assert_eq!(
            l.order.iter().map(|i| i.0).collect::<Vec<_>>(),
            [3, 1, 2, 6, 4, 0, 5]
        );
        // a (2) cannot join b (2) within 3; b stays whole; c (2) and d (1) make 3.
        assert_eq!(l.pages(), 3);
        assert_eq!(
            (ids(&l, 1), ids(&l, 2), ids(&l, 3)),
            (vec![3, 1], vec![2, 6], vec![4, 0, 5])
        );
        assert_eq!((l.key(2), l.key(3), l.key(4)), (Some("b"), Some("c"), None));
        assert!(l.page(4).is_empty() && l.page(0).is_empty());
        assert_eq!(l.page_of(CredentialId(5)), Some(3));
        assert_eq!(l.initials, vec![('a', 1), ('b', 2), ('c', 3), ('d', 3)]);
        assert_eq!(Listing::of_names(&[], 3).pages(), 1);
        assert_eq!(Listing::of_names(&names, 0).pages(), 1);
    }

    #[test]
    fn a_rename_moves_only_the_pages_it_leaves_and_joins() {
        // Groups of 24 names sharing two first letters: every page is full.
        let letter = |n: usize| (b'a' + (n % 26) as u8) as char;
        let names: Vec<String> = (0..2_000)
            .map(|i| format!("{}{} course {i:04}", letter(i / 24 / 26), letter(i / 24)))
            .collect();
        let listing = |names: &[String]| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            Listing::of_names(&names, 24)
        };
        let before = listing(&names);
        assert!(before.pages() > 80);
        assert!(before.moved_pages(&before).is_empty());
        // Renamed into a page of its own, to a full page, and into one that must be cut in
        // two, which shifts the number of every page after it.
        let into_full = format!("{} and more", names[1_000]);
        for new in ["zzz renamed", "b3 course 0", into_full.as_str()] {
            let mut renamed = names.clone();
            renamed[5] = new.into();
            let after = listing(&renamed);
            let moved = after.moved_pages(&before);
            assert!(!moved.is_empty() && moved.len() <= 6, "{new}: {moved:?}");
            // Every page it does not report is at the same address with the same
            // credentials and neighbours.
            for n in (1..=after.pages()).filter(|n| !moved.contains(n)) {
                let m = (1..=before.pages())
                    .find(|m| n > 1 && before.key(*m) == after.key(n) || n == 1 && *m == 1)
                    .unwrap();
                assert_eq!(after.page(n), before.page(m), "{new}: page {n}");
                assert_eq!(after.key(n + 1), before.key(m + 1), "{new}: after {n}");
                assert_eq!(n == 2, m == 2, "{new}: before {n}");
                assert!(
                    n <= 2 || after.key(n - 1) == before.key(m - 1),
                    "{new}: before {n}"
                );
            }
            if new == into_full {
                assert_ne!(after.pages(), before.pages(), "a page was cut in two");
            }
        }
    }
}
