//! The ways in besides a credential's name: the occupations (O*NET-SOC), industries (NAICS)
//! and programs of study (CIP) the catalog's credentials prepare for, each with the
//! credentials that name it, and the ranges of hours and cost across them.
//!
//! Codes are keyed after normalizing (a plain SOC code `15-2051` is the O*NET-SOC occupation
//! `15-2051.00`). Two credentials may title one code differently; the code takes the title
//! most of them use, a tie going to the title that sorts first, so the result does not depend
//! on file order. Codes are grouped by the first level of their list (SOC major group, NAICS
//! sector, CIP series) so that no index page grows with the catalog: an index lists groups,
//! a group page lists its codes, and the lists themselves are finite.
//!
//! What this is not: a copy of the code lists. Titles come from content; only the group
//! titles are bundled (`standards::code_groups`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::stack::Stacks;
use crate::model::{Catalog, Credential, CredentialId};
use crate::standards::code_groups;

/// How many credentials a code's page lists; more go on `page/2/` and onwards.
pub const CODE_PAGE_SIZE: usize = 50;

/// Which code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum CodeKind {
    Occupation,
    Industry,
    Program,
}

impl CodeKind {
    pub const ALL: [CodeKind; 3] = [CodeKind::Occupation, CodeKind::Industry, CodeKind::Program];

    /// The folder of its pages and the key in templates.
    pub fn key(self) -> &'static str {
        match self {
            CodeKind::Occupation => "occupations",
            CodeKind::Industry => "industries",
            CodeKind::Program => "programs",
        }
    }
    pub fn plural(self) -> &'static str {
        match self {
            CodeKind::Occupation => "Occupations",
            CodeKind::Industry => "Industries",
            CodeKind::Program => "Programs of study",
        }
    }
    pub fn singular(self) -> &'static str {
        match self {
            CodeKind::Occupation => "Occupation",
            CodeKind::Industry => "Industry",
            CodeKind::Program => "Program of study",
        }
    }
    /// The code list's name, as shown beside a code.
    pub fn list(self) -> &'static str {
        match self {
            CodeKind::Occupation => "O*NET-SOC",
            CodeKind::Industry => "NAICS",
            CodeKind::Program => "CIP 2020",
        }
    }
    /// What a group of the list is called.
    pub fn group_word(self) -> &'static str {
        match self {
            CodeKind::Occupation => "SOC major group",
            CodeKind::Industry => "NAICS sector",
            CodeKind::Program => "CIP series",
        }
    }
    /// The codes of this kind a credential names, as written.
    fn codes_of(self, c: &Credential) -> Vec<(String, String)> {
        match self {
            CodeKind::Occupation => c
                .occupations
                .iter()
                .map(|o| (o.code.clone(), o.title.clone()))
                .collect(),
            CodeKind::Industry => c
                .industries
                .iter()
                .map(|o| (o.code.clone(), o.title.clone()))
                .collect(),
            CodeKind::Program => c.cip.iter().map(|k| (k.clone(), String::new())).collect(),
        }
    }
    /// The code as keyed: O*NET-SOC codes always with their two-digit suffix.
    pub fn normalize(self, code: &str) -> String {
        let code = code.trim();
        match self {
            CodeKind::Occupation if code.len() == 7 => format!("{code}.00"),
            _ => code.to_string(),
        }
    }
    /// The URL segment of a (normalized) code: the O*NET-SOC base occupation `.00` drops its
    /// suffix (`15-2051`), as SOC writes it; the rest are their code.
    pub fn slug(self, code: &str) -> String {
        match self {
            CodeKind::Occupation => code.strip_suffix(".00").unwrap_or(code).to_string(),
            _ => code.to_string(),
        }
    }
    /// The group a (normalized) code belongs to, and its title.
    fn group(self, code: &str) -> (String, String) {
        let two = code.get(..2).unwrap_or(code).to_string();
        match self {
            CodeKind::Occupation => {
                let t = code_groups::title(code_groups::SOC_MAJOR_GROUPS, &two);
                (two, t)
            }
            CodeKind::Industry => {
                let sector = code_groups::naics_sector(code);
                let t = code_groups::title(code_groups::NAICS_SECTORS, &sector);
                (sector, t)
            }
            CodeKind::Program => {
                let t = code_groups::title(code_groups::CIP_SERIES, &two);
                (two, t)
            }
        }
    }
    /// Where the code list itself describes a code.
    pub fn reference_url(self, code: &str) -> String {
        match self {
            CodeKind::Occupation => format!("https://www.onetonline.org/link/summary/{code}"),
            CodeKind::Industry => {
                format!("https://www.census.gov/naics/?input={code}&year=2022&details={code}")
            }
            CodeKind::Program => {
                format!("https://nces.ed.gov/ipeds/cipcode/cipdetail.aspx?y=56&cipid={code}")
            }
        }
    }
}

/// One occupation, industry or program of study.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Code {
    /// Normalized (`15-2051.00`, `541511`, `30.7101`).
    pub code: String,
    /// Its URL segment.
    pub slug: String,
    /// The title most credentials give it; for a CIP code, which content does not title,
    /// "CIP 30.7101".
    pub title: String,
    /// Index into [`CodeList::groups`].
    pub group: u32,
    /// The credentials that name it, by name.
    pub credentials: Vec<CredentialId>,
    /// The same, grouped by stack (named by its headline credential; the stacks by their
    /// headline's name), then those in no stack (`None`): the order its pages list them in.
    pub by_stack: Vec<(Option<CredentialId>, Vec<CredentialId>)>,
}

impl Code {
    /// How many pages list its credentials (at least one).
    pub fn pages(&self) -> usize {
        self.credentials.len().div_ceil(CODE_PAGE_SIZE).max(1)
    }
    /// Its credentials in page order.
    pub fn order(&self) -> impl Iterator<Item = CredentialId> + '_ {
        self.by_stack
            .iter()
            .flat_map(|(_, ids)| ids.iter().copied())
    }
    /// The page (1-based) that lists credential `x`, if the code has it.
    pub fn page_of(&self, x: CredentialId) -> Option<usize> {
        let at = self.order().position(|c| c == x)?;
        Some(at / CODE_PAGE_SIZE + 1)
    }
    /// The credentials on page `n` (1-based), with the stack each is listed under.
    pub fn page(&self, n: usize) -> Vec<(Option<CredentialId>, CredentialId)> {
        self.by_stack
            .iter()
            .flat_map(|(s, ids)| ids.iter().map(move |c| (*s, *c)))
            .skip(n.saturating_sub(1) * CODE_PAGE_SIZE)
            .take(CODE_PAGE_SIZE)
            .collect()
    }
}

/// A first-level group of a code list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// `15`, `31-33`, `11`.
    pub key: String,
    pub title: String,
    /// Indices into [`CodeList::codes`], by title.
    pub codes: Vec<u32>,
}

/// Every code of one kind the catalog names.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeList {
    pub kind: CodeKind,
    /// By code.
    pub codes: Vec<Code>,
    /// By key.
    pub groups: Vec<Group>,
    /// The codes credential i names (indices into `codes`).
    pub of: Vec<Vec<u32>>,
}

impl CodeList {
    /// The same codes, titles and groups with their credentials in the order of a new
    /// `rank`: all a rename changes (codes and their titles are part of a credential's
    /// `derive::shape`), without counting every credential's titles again.
    pub fn reordered(&self, stacks: &Stacks, rank: &[u32]) -> CodeList {
        let mut list = self.clone();
        for code in &mut list.codes {
            code.credentials.sort_unstable_by_key(|id| rank[id.index()]);
            code.by_stack = by_stack(stacks, rank, &code.credentials);
        }
        list
    }

    /// `rank` is each credential's place in the catalog's order by name
    /// ([`super::listing::Listing::rank`]): codes list their credentials in it.
    pub fn build(catalog: &Catalog, stacks: &Stacks, rank: &[u32], kind: CodeKind) -> CodeList {
        // code -> (title -> count, credentials)
        let mut found: BTreeMap<String, (BTreeMap<String, usize>, Vec<CredentialId>)> =
            BTreeMap::new();
        for c in &catalog.credentials {
            for (code, title) in kind.codes_of(c) {
                let entry = found.entry(kind.normalize(&code)).or_default();
                let title = title.trim();
                if !title.is_empty() {
                    *entry.0.entry(title.to_string()).or_default() += 1;
                }
                // Credentials come in order, so a code named twice by one is at the end.
                if entry.1.last() != Some(&c.id) {
                    entry.1.push(c.id);
                }
            }
        }
        let mut groups: BTreeMap<String, (String, Vec<u32>)> = BTreeMap::new();
        let mut codes = Vec::with_capacity(found.len());
        for (i, (code, (titles, mut credentials))) in found.into_iter().enumerate() {
            let title = most_common(&titles).unwrap_or_else(|| match kind {
                CodeKind::Program => format!("CIP {code}"),
                _ => code.clone(),
            });
            credentials.sort_unstable_by_key(|id| rank[id.index()]);
            let (key, group_title) = kind.group(&code);
            let g = groups.entry(key).or_insert_with(|| (group_title, vec![]));
            g.1.push(i as u32);
            codes.push(Code {
                slug: kind.slug(&code),
                code,
                title,
                group: 0,
                by_stack: by_stack(stacks, rank, &credentials),
                credentials,
            });
        }
        // Within a group, by title: a reader looks for a job by its name.
        let groups: Vec<Group> = groups
            .into_iter()
            .map(|(key, (title, mut members))| {
                members.sort_by_cached_key(|i| {
                    let c = &codes[*i as usize];
                    (c.title.to_lowercase(), c.code.clone())
                });
                Group {
                    key,
                    title,
                    codes: members,
                }
            })
            .collect();
        for (g, group) in groups.iter().enumerate() {
            for i in &group.codes {
                codes[*i as usize].group = g as u32;
            }
        }
        let mut of = vec![Vec::new(); catalog.credentials.len()];
        for (i, code) in codes.iter().enumerate() {
            for c in &code.credentials {
                of[c.index()].push(i as u32);
            }
        }
        CodeList {
            kind,
            codes,
            groups,
            of,
        }
    }
}

/// Credentials (in name order) grouped by stack: stacks by their headline's name, then the
/// credentials in no stack.
fn by_stack(
    stacks: &Stacks,
    rank: &[u32],
    ids: &[CredentialId],
) -> Vec<(Option<CredentialId>, Vec<CredentialId>)> {
    let mut groups: Vec<(Option<CredentialId>, Vec<CredentialId>)> = Vec::new();
    let mut at: std::collections::HashMap<Option<CredentialId>, usize> = Default::default();
    for id in ids {
        let head = stacks.of[id.index()].map(|s| stacks.list[s as usize].headline);
        let g = *at.entry(head).or_insert_with(|| {
            groups.push((head, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(*id);
    }
    groups.sort_unstable_by_key(|(h, _)| match h {
        Some(h) => (0, rank[h.index()]),
        None => (1, 0),
    });
    groups
}

/// The title with the highest count; a tie goes to the one that sorts first (the map is
/// sorted, and only a strictly higher count replaces the best so far).
fn most_common(titles: &BTreeMap<String, usize>) -> Option<String> {
    let mut best: Option<(&String, usize)> = None;
    for (t, n) in titles {
        if best.is_none_or(|(_, m)| *n > m) {
            best = Some((t, *n));
        }
    }
    best.map(|(t, _)| t.clone())
}

/// The three code lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Explore {
    pub occupations: CodeList,
    pub industries: CodeList,
    pub programs: CodeList,
}

impl Explore {
    pub fn build(catalog: &Catalog, stacks: &Stacks, rank: &[u32]) -> Explore {
        let build = |kind| CodeList::build(catalog, stacks, rank, kind);
        let (occupations, (industries, programs)) = rayon::join(
            || build(CodeKind::Occupation),
            || rayon::join(|| build(CodeKind::Industry), || build(CodeKind::Program)),
        );
        Explore {
            occupations,
            industries,
            programs,
        }
    }
    /// [`Explore::build`] after a rename: the same lists, their credentials in the order of
    /// the new `rank`.
    pub fn reordered(&self, stacks: &Stacks, rank: &[u32]) -> Explore {
        Explore {
            occupations: self.occupations.reordered(stacks, rank),
            industries: self.industries.reordered(stacks, rank),
            programs: self.programs.reordered(stacks, rank),
        }
    }

    pub fn list(&self, kind: CodeKind) -> &CodeList {
        match kind {
            CodeKind::Occupation => &self.occupations,
            CodeKind::Industry => &self.industries,
            CodeKind::Program => &self.programs,
        }
    }
}

/// An amount of money in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Money {
    /// An ISO 4217 code, the list's own entry as a cost holds it: a route holds one for
    /// each credential on it.
    pub currency: &'static str,
    pub amount: f64,
}

/// What earning a credential costs ([`Credential::cost_to_earn`]: the stated total, or the
/// costs in its first currency without renewal and re-examination fees), as money.
pub fn cost_to_earn(c: &Credential) -> Option<Money> {
    c.cost_to_earn()
        .map(|(amount, currency)| Money { currency, amount })
}

/// The spread of hours and cost across some credentials.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ranges {
    /// Fewest and most estimated hours, of those that publish them.
    pub hours: Option<(f64, f64)>,
    /// How many publish no hours.
    pub hours_unknown: usize,
    /// Lowest and highest cost to earn, per currency (never added across currencies), by
    /// currency code.
    pub costs: Vec<(String, f64, f64)>,
    /// How many publish no cost.
    pub cost_unknown: usize,
}

impl Ranges {
    pub fn of(catalog: &Catalog, ids: &[CredentialId]) -> Ranges {
        let mut r = Ranges::default();
        let mut costs: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for id in ids {
            let c = catalog.credential(*id);
            match c.estimated_hours {
                Some(h) => {
                    let (lo, hi) = r.hours.unwrap_or((h, h));
                    r.hours = Some((lo.min(h), hi.max(h)));
                }
                None => r.hours_unknown += 1,
            }
            match cost_to_earn(c) {
                Some(m) => {
                    let e = costs
                        .entry(m.currency.to_string())
                        .or_insert((m.amount, m.amount));
                    e.0 = e.0.min(m.amount);
                    e.1 = e.1.max(m.amount);
                }
                None => r.cost_unknown += 1,
            }
        }
        r.costs = costs.into_iter().map(|(k, (a, b))| (k, a, b)).collect();
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_common_title_wins_and_ties_go_to_the_first() {
        let m = |pairs: &[(&str, usize)]| {
            most_common(
                &pairs
                    .iter()
                    .map(|(t, n)| (t.to_string(), *n))
                    .collect::<BTreeMap<_, _>>(),
            )
        };
        assert_eq!(m(&[("Zeta", 2), ("Alpha", 1)]).as_deref(), Some("Zeta"));
        assert_eq!(m(&[("Zeta", 1), ("Alpha", 1)]).as_deref(), Some("Alpha"));
        assert_eq!(m(&[]), None);
    }

    #[test]
    fn codes_normalize_and_slug() {
        let o = CodeKind::Occupation;
        assert_eq!(o.normalize("15-2051"), "15-2051.00");
        assert_eq!(o.slug("15-2051.00"), "15-2051");
        assert_eq!(o.slug("15-2051.01"), "15-2051.01");
        assert_eq!(CodeKind::Industry.group("336390").0, "31-33");
        assert_eq!(
            CodeKind::Program.group("30.7101").1,
            "Multi/Interdisciplinary Studies"
        );
    }
}
