//! Long lists of credentials cut into pages by name: the credentials certifying one
//! competency, offered by one organization or accredited by it, and a credential's own
//! lists of related credentials (what recommends it first, what it is part of). In a real
//! catalog one
//! competency ("Workplace safety") or one organization can stand behind thousands of
//! credentials; a single page listing them all is megabytes, and every rename anywhere in
//! the list would render it again.
//!
//! A list longer than [`PAGE_LIMIT`] is cut like a dictionary, by the beginning of the
//! names, not by counting: the names starting with a prefix make one page when there are at
//! most [`PAGE_LIMIT`] of them, else they are split by their next character, and runs of
//! small neighbouring groups are joined again up to the limit. Where a page starts and ends
//! therefore depends only on the names under its own prefix: renaming a credential changes
//! the page it leaves and the page it joins (and at most the pages of those two prefixes'
//! groups), where numbered pages would all shift between its old and new place. Each page
//! is addressed by the prefix it starts at (see [`key_slug`]), so its address is as stable
//! as its contents.

use std::collections::BTreeMap;

use super::stack::Stacks;
use crate::model::{Catalog, CompetencyId, CredentialId, OrgId, Relation};

/// The most credentials one page of a long list shows, and the length from which a list is
/// cut into pages at all. (Names that are all the same past every prefix cannot be cut:
/// such a page is longer.)
pub const PAGE_LIMIT: usize = 100;

/// Whose list it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// Credentials that certify a competency.
    Certifies(CompetencyId),
    /// Credentials an organization owns or offers.
    Offers(OrgId),
    /// Credentials an organization accredits.
    Accredits(OrgId),
    /// One of a credential's lists of related credentials.
    Related(CredentialId, Relation),
    /// The credentials of a stack too large to draw, named by its headline credential.
    Stack(CredentialId),
    /// The credentials that publish no outcomes, named on the outcomes dashboard (most of
    /// a large catalog's, where outcomes are new).
    WithoutOutcomes,
}

/// One page of a long list: the name prefix it starts at and its credentials, by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub key: String,
    pub ids: Vec<CredentialId>,
}

/// One long list, cut into pages.
#[derive(Debug, Clone, PartialEq)]
pub struct LongList {
    pub owner: Owner,
    pub ranges: Vec<Range>,
    /// The whole list's length.
    pub len: usize,
}

/// Every list of the catalog long enough to be cut; shorter ones stay whole on their page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LongLists {
    pub lists: Vec<LongList>,
    /// Ordered, so that two equal views print alike (debug builds compare kept views with
    /// fresh ones by their `Debug` text).
    index: BTreeMap<Owner, u32>,
}

impl LongLists {
    /// `keys` is every credential's [`name_key`] ([`name_keys`]), computed once for these
    /// and the listing, not once for every list a name is on (a credential can be on a
    /// dozen, and the dev server derives again on every rename). `rank` is each
    /// credential's place in the catalog's order by name
    /// ([`crate::derive::listing::Listing::rank`]), which every page of a long list follows.
    pub fn build(
        catalog: &Catalog,
        keys: &[Vec<char>],
        rank: &[u32],
        stacks: &Stacks,
    ) -> LongLists {
        let mut lists = Vec::new();
        // The one place the length that makes a list long is checked.
        let mut add = |owner: Owner, ids: &[CredentialId]| {
            if ids.len() > PAGE_LIMIT {
                lists.push(cut(keys, rank, owner, ids.to_vec()));
            }
        };
        for k in &catalog.competencies {
            add(Owner::Certifies(k.id), &k.certified_by);
        }
        for o in &catalog.organizations {
            add(Owner::Offers(o.id), &offered(o));
            add(Owner::Accredits(o.id), &o.accredits);
        }
        add(Owner::WithoutOutcomes, &without_outcomes(catalog));
        for c in &catalog.credentials {
            for r in Relation::ALL {
                add(Owner::Related(c.id, r), c.related(r));
            }
        }
        for s in &stacks.list {
            add(Owner::Stack(s.headline), &s.members);
        }
        let index = lists
            .iter()
            .enumerate()
            .map(|(i, l)| (l.owner, i as u32))
            .collect();
        LongLists { lists, index }
    }

    /// The list of `owner`, when it is long enough to be cut (and its index in `lists`).
    pub fn of(&self, owner: Owner) -> Option<(u32, &LongList)> {
        self.index
            .get(&owner)
            .map(|i| (*i, &self.lists[*i as usize]))
    }

    /// The page of `owner`'s list that holds `id`, if the list is cut and holds it.
    pub fn range_of(&self, owner: Owner, id: CredentialId) -> Option<(u32, u32)> {
        let (i, list) = self.of(owner)?;
        let r = list.ranges.iter().position(|r| r.ids.contains(&id))?;
        Some((i, r as u32))
    }
}

/// What the outcomes dashboard's list of credentials without outcomes holds: those that
/// publish no cohort, by id.
pub fn without_outcomes(catalog: &Catalog) -> Vec<CredentialId> {
    catalog
        .credentials
        .iter()
        .filter(|c| c.cohorts.is_empty())
        .map(|c| c.id)
        .collect()
}

/// What an organization's "Credentials" list holds: what it owns or offers, once each.
pub fn offered(o: &crate::model::Organization) -> Vec<CredentialId> {
    let mut ids: Vec<CredentialId> = o.owns.iter().chain(&o.offers).copied().collect();
    ids.sort();
    ids.dedup();
    ids
}

fn cut(keys: &[Vec<char>], rank: &[u32], owner: Owner, mut ids: Vec<CredentialId>) -> LongList {
    ids.sort_by_key(|id| rank[id.index()]);
    ids.dedup();
    let keyed: Vec<Keyed> = ids
        .iter()
        .map(|id| (keys[id.index()].as_slice(), *id))
        .collect();
    LongList {
        owner,
        ranges: ranges(&keyed, PAGE_LIMIT),
        len: ids.len(),
    }
}

/// `items` (sorted by key) cut into pages of at most `limit` (see the module's comment),
/// each addressed by its prefix's [`key_slug`]. None for no items.
pub fn ranges(items: &[Keyed], limit: usize) -> Vec<Range> {
    if items.is_empty() {
        return Vec::new();
    }
    split(items, 0, limit.max(1))
        .into_iter()
        .map(|(key, slice)| Range {
            key: key_slug(&key),
            ids: slice.iter().map(|(_, id)| *id).collect(),
        })
        .collect()
}

/// What names are sorted and cut by: lower-cased. Compared as `char`s, in code point order,
/// the same order as the lower-cased strings'.
pub fn name_key(name: &str) -> Vec<char> {
    name.to_lowercase().chars().collect()
}

/// Every credential's [`name_key`], by id.
pub fn name_keys(catalog: &Catalog) -> Vec<Vec<char>> {
    catalog
        .credentials
        .iter()
        .map(|c| name_key(&c.name))
        .collect()
}

/// A credential with its [`name_key`].
pub type Keyed<'k> = (&'k [char], CredentialId);

/// Cuts `items` (sorted by key, all sharing their first `depth` characters) into pages of at
/// most `limit`: each page is the prefix it starts at and its items.
fn split<'i, 'k>(
    items: &'i [Keyed<'k>],
    depth: usize,
    limit: usize,
) -> Vec<(Vec<char>, &'i [Keyed<'k>])> {
    let prefix = |item: &Keyed, len: usize| item.0[..len.min(item.0.len())].to_vec();
    if items.len() <= limit {
        return vec![(prefix(&items[0], depth), items)];
    }
    // Groups by the next character; names that end here come first in the sort.
    let mut groups: Vec<&[Keyed<'k>]> = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || items[i].0.get(depth) != items[start].0.get(depth) {
            groups.push(&items[start..i]);
            start = i;
        }
    }
    if groups.len() == 1 && items[0].0.len() <= depth {
        // The same name, many times over: nothing left to cut by.
        return vec![(prefix(&items[0], depth), items)];
    }
    let mut out: Vec<(Vec<char>, &[Keyed<'k>])> = Vec::new();
    // A run of small groups in a row is joined into pages up to the limit; a group too big
    // for one page is cut one character further, and ends the run.
    let mut run: Option<(Vec<char>, usize, usize)> = None; // (key, start, end) in `items`
    let mut offset = 0;
    for g in groups {
        let (from, to) = (offset, offset + g.len());
        offset = to;
        if g.len() > limit {
            if let Some((key, a, b)) = run.take() {
                out.push((key, &items[a..b]));
            }
            out.extend(split(g, depth + 1, limit));
            continue;
        }
        run = match run {
            Some((key, a, _)) if to - a <= limit => Some((key, a, to)),
            Some((key, a, b)) => {
                out.push((key, &items[a..b]));
                Some((prefix(&g[0], depth + 1), from, to))
            }
            None => Some((prefix(&g[0], depth + 1), from, to)),
        };
    }
    if let Some((key, a, b)) = run {
        out.push((key, &items[a..b]));
    }
    out
}

/// A prefix as one path segment: ASCII letters and digits as they are, a space as `_`,
/// every other character as `-` and its code point in hex and `-` again (`data a` →
/// `data_a`, `c++` → `c-2b--2b-`, `a_b` → `a-5f-b`), so distinct prefixes never share an
/// address. The empty prefix (a list whose names share no first character) is `all`.
///
/// A prefix is as long as the names it must tell apart share: dozens of names alike but
/// for their last words give a long one, and names that are all the same past the limit
/// give the whole name. A slug longer than [`SLUG_MAX`] bytes (a file name may not pass
/// 255, and a non-ASCII character takes up to 8) is cut, and the SHA-256 of the prefix
/// ends it, in hex, so that it stays its own.
pub fn key_slug(key: &[char]) -> String {
    if key.is_empty() {
        return "all".into();
    }
    let mut out = String::new();
    for c in key {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(*c);
        } else if *c == ' ' {
            out.push('_');
        } else {
            out.push_str(&format!("-{:x}-", *c as u32));
        }
    }
    if out.len() > SLUG_MAX {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(key.iter().collect::<String>().as_bytes());
        // Every character of `out` is ASCII: any byte is a boundary.
        out.truncate(SLUG_MAX - 13);
        out.push('-');
        out.push_str(&hex::encode(&digest[..6]));
    }
    out
}

/// The longest [`key_slug`], in bytes.
pub const SLUG_MAX: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[String]) -> Vec<Vec<char>> {
        names.iter().map(|n| name_key(n)).collect()
    }

    fn keyed(keys: &[Vec<char>]) -> Vec<Keyed<'_>> {
        let mut v: Vec<Keyed> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_slice(), CredentialId(i as u32)))
            .collect();
        v.sort();
        v
    }

    fn pages(names: &[String]) -> Vec<(String, usize)> {
        split(&keyed(&keys(names)), 0, PAGE_LIMIT)
            .into_iter()
            .map(|(k, s)| (key_slug(&k), s.len()))
            .collect()
    }

    #[test]
    fn a_list_within_the_limit_is_one_page() {
        let names: Vec<String> = (0..PAGE_LIMIT).map(|i| format!("Badge {i}")).collect();
        assert_eq!(pages(&names), vec![("all".to_string(), PAGE_LIMIT)]);
    }

    #[test]
    fn pages_hold_at_most_the_limit_cover_everything_and_keep_the_order() {
        let names: Vec<String> = (0..2_345)
            .map(|i| format!("{} {i}", ["Alpha", "Beta", "Badge", "Zed"][i % 4]))
            .collect();
        let keys = keys(&names);
        let items = keyed(&keys);
        let cut = split(&items, 0, PAGE_LIMIT);
        assert!(cut
            .iter()
            .all(|(_, s)| !s.is_empty() && s.len() <= PAGE_LIMIT));
        let joined: Vec<&Keyed> = cut.iter().flat_map(|(_, s)| s.iter()).collect();
        assert_eq!(joined, items.iter().collect::<Vec<_>>());
        // Each page's key is where it starts: a prefix of its first name, after the names
        // of the page before.
        for (i, (key, s)) in cut.iter().enumerate() {
            assert!(s[0].0.starts_with(key));
            if i > 0 {
                let before = cut[i - 1].1;
                assert!(!before[before.len() - 1].0.starts_with(key));
            }
        }
        let slugs: std::collections::HashSet<String> =
            cut.iter().map(|(k, _)| key_slug(k)).collect();
        assert_eq!(slugs.len(), cut.len(), "every page has its own address");
    }

    #[test]
    fn a_rename_changes_only_the_pages_it_leaves_and_joins() {
        let mut names: Vec<String> = (0..3_000)
            .map(|i| format!("{}{} course {i}", (b'a' + (i % 26) as u8) as char, i % 7))
            .collect();
        let before = pages_with_ids(&names);
        names[5] = "zzz renamed".into();
        let after = pages_with_ids(&names);
        let changed = after.iter().filter(|p| !before.contains(p)).count();
        assert!(changed <= 4, "{changed} pages changed");
        assert!(before.len() > 30);
    }

    fn pages_with_ids(names: &[String]) -> Vec<(String, Vec<CredentialId>)> {
        split(&keyed(&keys(names)), 0, PAGE_LIMIT)
            .into_iter()
            .map(|(k, s)| (key_slug(&k), s.iter().map(|(_, id)| *id).collect()))
            .collect()
    }

    #[test]
    fn identical_names_past_the_limit_stay_on_one_page() {
        let names: Vec<String> = (0..PAGE_LIMIT + 5).map(|_| "Same".to_string()).collect();
        assert_eq!(pages(&names), vec![("same".to_string(), PAGE_LIMIT + 5)]);
    }

    #[test]
    fn slugs_escape_everything_but_ascii_letters_and_digits() {
        assert_eq!(key_slug(&name_key("Badge 1")), "badge_1");
        assert_eq!(key_slug(&name_key("a_b")), "a-5f-b");
        assert_eq!(key_slug(&name_key("É-")), "-e9--2d-");
        assert_eq!(key_slug(&[]), "all");
        // Long prefixes are cut, and stay apart.
        let long = |last: char| -> Vec<char> {
            let mut k: Vec<char> = "职业技能证书".repeat(20).chars().collect();
            k.push(last);
            k
        };
        let (a, b) = (key_slug(&long('一')), key_slug(&long('二')));
        assert!(a.len() <= SLUG_MAX && b.len() <= SLUG_MAX, "{a}");
        assert_ne!(a, b);
        assert_eq!(key_slug(&long('一')), a, "the same prefix, the same slug");
    }
}
