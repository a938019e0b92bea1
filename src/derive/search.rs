//! What the home page's search knows of each credential: the words it is found by (and which
//! of them are in its name), the codes it carries, the filter values it has, and which words
//! a mistyped word may be corrected to. `emit::search` turns these into the sharded index the
//! browser loads piece by piece; this module only decides what goes in, never how it is
//! stored.
//!
//! Codes (O*NET-SOC `15-2051.01`, NAICS `541511`, CIP `30.7101`, the CTID) are indexed
//! squashed to their letters and digits (`15205101`), one word each, because words split on
//! `-` and `.`. The search script squashes a typed code the same way ([`squash`] and
//! `search.js` must agree), so `15-2051` finds `15-2051.00` and `15-2051.01` by prefix, and
//! `99-9999` finds nothing when no code starts with `999999`.

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

/// Longest word indexed, in characters: a longer run of letters and digits (a squashed CTID
/// is 34) is cut to this, and `search.js` cuts a typed word the same way, so it still finds
/// it by prefix.
pub const MAX_WORD: usize = 64;

/// Shortest word the typo correction corrects, and shortest vocabulary word: shorter words
/// have too many neighbours one edit away (and a one-edit typo of a word of 4+ letters keeps
/// its first two or its last two letters, which is how `emit::search` shards the vocabulary).
pub const MIN_TERM: usize = 4;
/// Longest vocabulary word (longer "words" are codes, URLs or noise).
const MAX_TERM: usize = 24;

/// The words of a text as the index holds them: runs of letters and digits, each letter
/// lowercased and its accent removed (`fold`), cut to [`MAX_WORD`]. `search.js` splits a
/// typed search the same way (`words`).
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_WORD).map(fold).collect())
}

/// The words a credential is found by, sorted and without repeats, each with whether its
/// name has it (a word of the name ranks above one found only elsewhere): the words of its
/// name, summary and search phrases ([`Entry::text`]), and its codes squashed.
pub fn terms(catalog: &Catalog, c: &Credential) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = tokens(&c.name).map(|w| (w, true)).collect();
    let rest = std::iter::once(c.summary.as_str()).chain(words(catalog, c));
    out.extend(rest.flat_map(tokens).map(|w| (w, false)));
    out.extend(
        codes(c)
            .into_iter()
            .map(|code| (code.chars().take(MAX_WORD).collect(), false)),
    );
    // A name word sorts before the same word found elsewhere (`true` > `false`, reversed),
    // so the first of each run is the one to keep.
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    out.dedup_by(|later, first| later.0 == first.0);
    out
}

/// Whether a word of the index is one a mistyped word may be corrected to: letters only,
/// [`MIN_TERM`] to `MAX_TERM` of them (codes and numbers are never guessed at).
pub fn is_vocabulary(word: &str) -> bool {
    let len = word.chars().count();
    (MIN_TERM..=MAX_TERM).contains(&len) && word.chars().all(char::is_alphabetic)
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
    fn tokens_split_on_anything_but_letters_and_digits() {
        let words: Vec<String> = tokens("Data-driven SQL (Level 2), Éducation").collect();
        assert_eq!(words, ["data", "driven", "sql", "level", "2", "education"]);
        let long = "x".repeat(MAX_WORD + 10);
        assert_eq!(tokens(&long).next().unwrap().len(), MAX_WORD);
    }

    #[test]
    fn vocabulary_words_are_letters_of_a_sensible_length() {
        assert!(is_vocabulary("python"));
        assert!(is_vocabulary("éducation"));
        assert!(!is_vocabulary("sql"), "too short to correct");
        assert!(!is_vocabulary("15205101"));
        assert!(!is_vocabulary("ce3f2a01"));
        assert!(!is_vocabulary(&"a".repeat(30)));
    }

    #[test]
    fn accents_fold_like_nfkd() {
        let folded: String = "Éducation Señal Čeština".chars().map(fold).collect();
        assert_eq!(folded, "education senal cestina");
    }
}
