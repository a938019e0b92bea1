//! The order the home page lists credentials in (by name, case-insensitively), cut into
//! pages of `paginate_by` cards: the home page is page 1, `page/2/` onwards the rest.

use crate::model::{Catalog, CredentialId};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// Every credential, in listing order.
    pub order: Vec<CredentialId>,
    /// Each credential's place in `order`, by id: lists of credentials sort by it instead
    /// of comparing names again.
    pub rank: Vec<u32>,
    /// Cards per page; the whole list when the site does not paginate.
    pub per_page: usize,
}

impl Listing {
    pub fn build(catalog: &Catalog) -> Listing {
        let mut order: Vec<CredentialId> = catalog.credentials.iter().map(|c| c.id).collect();
        // Lower-cased once per credential, not once per comparison.
        order.sort_by_cached_key(|id| {
            let name = &catalog.credential(*id).name;
            (name.to_lowercase(), name.clone())
        });
        let per_page = match catalog.config.paginate_by {
            0 => order.len().max(1),
            n => n,
        };
        Listing {
            rank: rank_of(&order),
            order,
            per_page,
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
        self.order.len().div_ceil(self.per_page).max(1)
    }

    /// The credentials on page `n` (1-based).
    pub fn page(&self, n: usize) -> &[CredentialId] {
        let start = (n.saturating_sub(1) * self.per_page).min(self.order.len());
        let end = (start + self.per_page).min(self.order.len());
        &self.order[start..end]
    }

    /// The page `id` is listed on (1-based).
    pub fn page_of(&self, id: CredentialId) -> Option<usize> {
        let at = *self.rank.get(id.index())? as usize;
        Some(at / self.per_page + 1)
    }

    /// Pages whose credentials differ between two listings (same page size): a rename moves
    /// a credential between pages and shifts every page in between.
    pub fn moved_pages(&self, before: &Listing) -> Vec<usize> {
        let pages = self.pages().max(before.pages());
        (1..=pages)
            .filter(|n| self.per_page != before.per_page || self.page(*n) != before.page(*n))
            .collect()
    }
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

    fn listing(ids: &[u32], per_page: usize) -> Listing {
        let order: Vec<CredentialId> = ids.iter().map(|i| CredentialId(*i)).collect();
        Listing {
            rank: rank_of(&order),
            order,
            per_page,
        }
    }

    #[test]
    fn pages_cut_the_order() {
        let l = listing(&[4, 2, 7, 1, 9], 2);
        assert_eq!(l.pages(), 3);
        assert_eq!(l.page(1), &[CredentialId(4), CredentialId(2)]);
        assert_eq!(l.page(3), &[CredentialId(9)]);
        assert!(l.page(4).is_empty());
        assert_eq!(l.page_of(CredentialId(1)), Some(2));
        assert_eq!(listing(&[], 2).pages(), 1);
    }

    #[test]
    fn a_move_marks_every_page_it_crosses() {
        let before = listing(&[1, 2, 3, 4, 5, 6, 7], 2);
        // 1 renamed to sort last: every page shifts.
        let after = listing(&[2, 3, 4, 5, 6, 7, 1], 2);
        assert_eq!(after.moved_pages(&before), vec![1, 2, 3, 4]);
        // 5 and 6 swap within page 3: only page 3.
        let after = listing(&[1, 2, 3, 4, 6, 5, 7], 2);
        assert_eq!(after.moved_pages(&before), vec![3]);
        assert!(before.moved_pages(&before).is_empty());
    }
}
