//! What the home page's search knows of each credential: the words it is found by, the codes
//! it carries, the filter values it has, and the vocabulary a mistyped word is corrected
//! against. `emit::search` turns these into the chunked index the browser loads piece by
//! piece; this module only decides what goes in, never how it is stored.
//!
//! Codes (O*NET-SOC `15-2051.01`, NAICS `541511`, CIP `30.7101`, the CTID) are indexed
//! squashed to their letters and digits (`15205101`), because a search index splits words on
//! `-` and `.`. The search script squashes a typed code the same way ([`squash`] and
//! `search.js` must agree), so `15-2051` finds `15-2051.00` and `15-2051.01` by prefix. A
//! word the index lacks is matched by the longest indexed word it starts with (Pagefind's
//! fallback), which would let `99-9999` find any `99`: so the codes are also listed in
//! [`code_chunks`], which the script checks a typed code against first.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Catalog, Credential};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// Credential type family (badge, micro, certificate, certification, degree).
    pub family: &'static str,
    pub kind: &'static str,
    pub levels: Vec<&'static str>,
    pub industries: Vec<String>,
    pub delivery: Vec<&'static str>,
    /// Lowest total cost in the first listed currency; `None` when no cost is published.
    pub cost: Option<f64>,
    pub currency: Option<String>,
    /// Words searched: skills, keywords, competency labels, occupations, industries.
    pub text: String,
    /// Codes the credential carries, squashed (see [`squash`]).
    pub codes: Vec<String>,
}

pub fn entry(catalog: &Catalog, c: &Credential) -> Entry {
    let currency = c.cost_to_earn().map(|(_, cur)| cur.to_string());
    let cost = c.cost_to_earn().map(|(amount, _)| amount);
    Entry {
        slug: c.slug.clone(),
        name: c.name.clone(),
        summary: c.summary.clone(),
        family: c.kind.family(),
        kind: c.kind.label(),
        levels: c.audience_levels.iter().map(|l| l.key()).collect(),
        industries: c.industries.iter().map(|i| i.title.clone()).collect(),
        delivery: c.delivery.iter().map(|d| d.key()).collect(),
        cost,
        currency,
        text: words(catalog, c).join(" · "),
        codes: codes(c),
    }
}

/// The phrases a credential is found by, besides its name and summary.
fn words<'a>(catalog: &'a Catalog, c: &'a Credential) -> Vec<&'a str> {
    let mut text: Vec<&str> = Vec::new();
    text.extend(c.skills.iter().map(String::as_str));
    text.extend(c.keywords.iter().map(String::as_str));
    text.extend(
        c.competencies
            .iter()
            .map(|k| catalog.competency(*k).label.as_str()),
    );
    text.extend(c.occupations.iter().map(|o| o.title.as_str()));
    text.extend(c.industries.iter().map(|i| i.title.as_str()));
    text
}

/// Every code of a credential squashed, without repeats, in a fixed order: CTID,
/// occupations, industries, CIP.
pub fn codes(c: &Credential) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let written = std::iter::once(c.ctid.0.as_str())
        .chain(c.occupations.iter().map(|o| o.code.as_str()))
        .chain(c.industries.iter().map(|i| i.code.as_str()))
        .chain(c.cip.iter().map(String::as_str));
    for code in written.map(squash) {
        if !code.is_empty() && !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

/// How many leading characters of a squashed code name its chunk in [`code_chunks`].
pub const CODE_KEY: usize = 4;

/// Every squashed code of the catalog, in chunks keyed by their first [`CODE_KEY`]
/// characters (a shorter code is its own key): what `search.js` checks a typed code
/// against before searching, loading one chunk.
pub fn code_chunks(catalog: &Catalog) -> BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut chunks: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for c in &catalog.credentials {
        for code in codes(c) {
            let key: String = code.chars().take(CODE_KEY).collect();
            chunks.entry(key).or_default().insert(code);
        }
    }
    chunks
}

/// A code as one word: its letters and digits, lowercased (`15-2051.01` → `15205101`,
/// `ce-3F…` → `ce3f…`). `search.js` squashes a typed code with the same rule.
pub fn squash(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The cost filter's bands a cost falls in (`free`, `500`: up to 500, `2000`: up to 2,000),
/// the values of the home page's cost select. No published cost, no band.
pub fn cost_bands(cost: Option<f64>) -> Vec<&'static str> {
    let Some(cost) = cost else { return vec![] };
    [("free", 0.0), ("500", 500.0), ("2000", 2000.0)]
        .into_iter()
        .filter(|(_, limit)| cost <= *limit)
        .map(|(band, _)| band)
        .collect()
}

/// Shortest word the typo fallback corrects: shorter words have too many neighbours.
pub const MIN_TERM: usize = 4;
/// Longest word kept in the vocabulary (longer "words" are codes, URLs or noise).
const MAX_TERM: usize = 24;

/// The vocabulary a mistyped search word is corrected against, in chunks by first letter
/// (`a`…`z`, `_` for anything else): each chunk maps a word to the number of credentials
/// whose name, summary or search words use it. Words are lowercased letters only, accents
/// removed the way `search.js` removes them (NFKD, marks dropped) for the Latin letters the
/// catalogs use.
pub fn vocabulary(catalog: &Catalog) -> BTreeMap<char, BTreeMap<String, u32>> {
    let mut chunks: BTreeMap<char, BTreeMap<String, u32>> = BTreeMap::new();
    let mut seen: Vec<String> = Vec::new();
    for c in &catalog.credentials {
        seen.clear();
        let phrases = [c.name.as_str(), c.summary.as_str()]
            .into_iter()
            .chain(words(catalog, c));
        for phrase in phrases {
            for word in phrase.split(|ch: char| !ch.is_alphabetic()) {
                let word: String = word.chars().map(fold).collect::<String>();
                let len = word.chars().count();
                if (MIN_TERM..=MAX_TERM).contains(&len) && !seen.contains(&word) {
                    seen.push(word);
                }
            }
        }
        for word in seen.drain(..) {
            let first = word.chars().next().filter(char::is_ascii_lowercase);
            *chunks
                .entry(first.unwrap_or('_'))
                .or_default()
                .entry(word)
                .or_default() += 1;
        }
    }
    chunks
}

/// A letter lowercased with the accents of Latin-1 and Latin Extended-A letters removed
/// (what NFKD then dropping combining marks gives for them).
fn fold(ch: char) -> char {
    let lower = ch.to_lowercase().next().unwrap_or(ch);
    match lower {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_squash_to_one_word() {
        assert_eq!(squash("15-2051.01"), "15205101");
        assert_eq!(squash("30.7101"), "307101");
        assert_eq!(squash("ce-3F2A-01"), "ce3f2a01");
        assert_eq!(squash("541511"), "541511");
    }

    #[test]
    fn cost_bands_hold_every_limit_a_cost_is_under() {
        assert_eq!(cost_bands(Some(0.0)), ["free", "500", "2000"]);
        assert_eq!(cost_bands(Some(500.0)), ["500", "2000"]);
        assert_eq!(cost_bands(Some(1999.5)), ["2000"]);
        assert!(cost_bands(Some(2500.0)).is_empty());
        assert!(cost_bands(None).is_empty());
    }

    #[test]
    fn accents_fold_like_nfkd() {
        let folded: String = "Éducation Señal Čeština".chars().map(fold).collect();
        assert_eq!(folded, "education senal cestina");
    }
}
