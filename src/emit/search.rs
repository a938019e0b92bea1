//! `search/`: the home page's search index, in small files a browser loads as a search needs
//! them, so that nothing it fetches first grows with the catalog. `themes/default/static/js/
//! search.js` is its only reader; the two must agree on every format below.
//!
//! Credentials are numbered `0..n` in name order (lowercased name, then slug: the same
//! catalog always gets the same numbers), so sorting by name is sorting by number and every
//! list below is a sorted list of numbers.
//!
//! - `index.json`: the manifest, loaded by the first search: the number of credentials, how
//!   many result cards a card file holds, and the keys of the word shards.
//! - `w/<key>.bin`: the words of the index ([`crate::derive::search::terms`]) whose first
//!   characters are `key`, each with its postings: which credentials have it and whether in
//!   their name. Words are sharded by their first two characters; a shard larger than
//!   [`SHARD_BYTES`] is split again by the next character, and so on ([`shards`]), so a
//!   typed word loads the one or few shards its prefix falls in.
//! - `f/<filter>/<value>.bin`: the credentials with one value of one home-page filter (type,
//!   level, industry, delivery, cost band, occupation), loaded when that filter is chosen.
//! - `sort/cost.bin`: the count, then every credential's number from the lowest cost up (no
//!   published cost last), loaded when that sort is chosen.
//! - `cards/<n>.json`: what a result card shows of credentials `n*CARDS .. (n+1)*CARDS`,
//!   loaded for the results on screen only.
//! - `v/keys.json`, `v/<p|s><key>.json`: the vocabulary a mistyped word is corrected against
//!   (each word with the number of credentials using it), sharded twice: by its first two
//!   letters (`p`) and by its last two (`s`). A one-edit typo of a word of four or more
//!   letters keeps one of the two intact, so the script finds the word meant in one of the
//!   two shards of the typed word, even when the first letter is the one mistyped (the one
//!   exception, a swap of the middle letters of a four-letter word, keeps the first and
//!   third letters: the script reads that `p` shard too).
//!
//! Binary files are sequences of unsigned LEB128 varints ([`varint`]). A list of numbers
//! is its length then the gaps between them ([`id_list`]); a shard is its word count, then
//! per word: byte length, UTF-8 bytes, posting count, and per posting `gap * 2 + in_name`.
//!
//! Files are named by what they hold (a shard's key, a filter's value, a card file's number),
//! never by position in a list, so an edit rewrites only the files whose bytes changed (the
//! write stage skips the rest). What it is not: the decision of what a credential is found by
//! (`derive::search`). The index is built whole whenever a credential or a competency changed
//! and not at all when neither did; the dev server writes it as a deferred output.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::{urls, Ctx, EmitError, Entity, OutFile};
use crate::derive::search;
use crate::model::{fmt_num, Catalog, Credential, CredentialStatus};

/// The folder the search files go in (and its prefix, for `emit::DEFERRED`).
pub const DIR: &str = urls::SEARCH;

/// Result cards per card file: a page of 20 results touches at most 20 files, and a file
/// carries few cards the page does not show.
pub const CARDS: usize = 8;

/// A word shard larger than this (bytes) is split by one more character.
pub const SHARD_BYTES: usize = 16 * 1024;

/// Credentials whose words are found at once (in parallel) before they join the index.
const BATCH: usize = 4096;

/// The characters of the shortest shard key.
const KEY_CHARS: usize = 2;

/// Pads a key whose word is shorter than the key's depth (`sa` among the `sa?` shards is
/// `sa_`). Never a character of a word, which are letters and digits.
const PAD: char = '_';

/// The home page's filters, by the name of their select (`search.js` `FILTERS`).
pub const FILTERS: [&str; 6] = [
    "family",
    "level",
    "industry",
    "delivery",
    "cost",
    "occupation",
];

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    // The index shows a credential and its competencies' labels, nothing else (the base URL
    // is config: a config change emits everything). When neither changed, the index on disk
    // is current and no file is made (the dev server then keeps the old ones).
    let shown = cat
        .credentials
        .iter()
        .map(|c| Entity::Credential(c.id))
        .chain(cat.competencies.iter().map(|k| Entity::Competency(k.id)));
    if !ctx.scope.wants(shown) {
        return Ok(vec![]);
    }
    index(cat)
}

/// Every file of the index of `cat`, sorted by path.
pub fn index(cat: &Catalog) -> Result<Vec<OutFile>, EmitError> {
    let order = name_order(cat);
    let mut files = Vec::new();

    // Words: each word's postings, in credential order. The words of a batch of credentials
    // are found in parallel and added in order, so memory holds one batch's words at a time.
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    for (batch, creds) in order.chunks(BATCH).enumerate() {
        let terms: Vec<Vec<(String, bool)>> =
            creds.par_iter().map(|c| search::terms(cat, c)).collect();
        for (i, words) in terms.into_iter().enumerate() {
            let id = (batch * BATCH + i) as u32;
            for (word, in_name) in words {
                postings
                    .entry(word)
                    .or_default()
                    .push((id << 1) | u32::from(in_name));
            }
        }
    }
    let mut postings: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let entries: Vec<(&str, Vec<u8>)> = postings
        .par_iter()
        .map(|(w, p)| (w.as_str(), word_entry(w, p)))
        .collect();
    let sizes: Vec<(&str, usize)> = entries.iter().map(|(w, b)| (*w, b.len())).collect();
    let leaves = shards(&sizes, SHARD_BYTES);
    for (key, range) in &leaves {
        let mut body = Vec::new();
        varint(&mut body, range.len() as u64);
        for (_, bytes) in &entries[range.clone()] {
            body.extend_from_slice(bytes);
        }
        files.push(OutFile::new(format!("{DIR}w/{}.bin", file_name(key)), body));
    }
    let manifest = Manifest {
        count: order.len(),
        cards: CARDS,
        words: leaves.iter().map(|(k, _)| k.as_str()).collect(),
    };
    files.push(OutFile::new(
        format!("{DIR}index.json"),
        to_json(&manifest)?,
    ));

    // Filters.
    let mut filters: BTreeMap<(&str, String), Vec<u32>> = BTreeMap::new();
    for (id, c) in order.iter().enumerate() {
        for (filter, value) in filter_values(c) {
            filters.entry((filter, value)).or_default().push(id as u32);
        }
    }
    for ((filter, value), ids) in &filters {
        let body = id_set(ids, order.len());
        files.push(OutFile::new(
            format!("{DIR}f/{filter}/{}.bin", file_name(value)),
            body,
        ));
    }

    // Cost order: ascending, credentials with no published cost last; ties in name order.
    let mut by_cost: Vec<(Option<f64>, u32)> = order
        .iter()
        .enumerate()
        .map(|(id, c)| (c.cost_to_earn().map(|(amount, _)| amount), id as u32))
        .collect();
    by_cost.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y).then(a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    let mut body = Vec::new();
    varint(&mut body, by_cost.len() as u64);
    for (_, id) in &by_cost {
        varint(&mut body, u64::from(*id));
    }
    files.push(OutFile::new(format!("{DIR}sort/cost.bin"), body));

    // Result cards.
    let cards: Vec<OutFile> = order
        .par_chunks(CARDS)
        .enumerate()
        .map(|(n, chunk)| {
            let cards: Vec<Card> = chunk.iter().map(|c| card(cat, c)).collect();
            Ok(OutFile::new(
                format!("{DIR}cards/{n}.json"),
                to_json(&cards)?,
            ))
        })
        .collect::<Result<_, EmitError>>()?;
    files.extend(cards);

    // The vocabulary, by first two and by last two letters: a word's count is the number of
    // credentials that have it, the length of its postings.
    let mut by_key: BTreeMap<(char, String), BTreeMap<&str, usize>> = BTreeMap::new();
    for (word, ids) in postings.iter().filter(|(w, _)| search::is_vocabulary(w)) {
        let chars: Vec<char> = word.chars().collect();
        let first: String = chars[..KEY_CHARS].iter().collect();
        let last: String = chars[chars.len() - KEY_CHARS..].iter().collect();
        by_key
            .entry(('p', first))
            .or_default()
            .insert(word, ids.len());
        by_key
            .entry(('s', last))
            .or_default()
            .insert(word, ids.len());
    }
    let mut keys: BTreeMap<char, Vec<&str>> = BTreeMap::from([('p', vec![]), ('s', vec![])]);
    for ((side, key), words) in &by_key {
        keys.entry(*side).or_default().push(key);
        files.push(OutFile::new(
            format!("{DIR}v/{side}{}.json", file_name(key)),
            to_json(words)?,
        ));
    }
    files.push(OutFile::new(format!("{DIR}v/keys.json"), to_json(&keys)?));

    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The credentials in name order: the order of their numbers in the index.
pub fn name_order(cat: &Catalog) -> Vec<&Credential> {
    let mut keyed: Vec<(String, &Credential)> = cat
        .credentials
        .iter()
        .map(|c| (c.name.to_lowercase(), c))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
    keyed.into_iter().map(|(_, c)| c).collect()
}

#[derive(Serialize)]
struct Manifest<'a> {
    count: usize,
    cards: usize,
    words: Vec<&'a str>,
}

/// What a result card shows of a credential (`resultCard` in `search.js`).
#[derive(Debug, Serialize, PartialEq)]
pub struct Card {
    pub url: String,
    pub name: String,
    pub summary: String,
    pub kind: &'static str,
    pub family: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// The result card of a credential.
pub fn card(cat: &Catalog, c: &Credential) -> Card {
    let mut facts: Vec<String> = Vec::new();
    if let Some(h) = c.estimated_hours {
        facts.push(format!("{} hours", fmt_num(h)));
    }
    if let Some((cost, currency)) = c.cost_to_earn() {
        facts.push(super::context::money(cost, currency));
    }
    let delivery: Vec<&str> = c.delivery.iter().map(|d| d.label()).collect();
    if !delivery.is_empty() {
        facts.push(delivery.join(", "));
    }
    Card {
        url: urls::link(cat, &urls::credential(c)),
        name: c.name.clone(),
        summary: c.summary.clone(),
        kind: c.kind.label(),
        family: c.kind.family(),
        status: (c.status != CredentialStatus::Active).then(|| c.status.label()),
        levels: c.audience_levels.iter().map(|l| l.label()).collect(),
        facts: (!facts.is_empty()).then(|| facts.join(" · ")),
        image: c.image.as_deref().map(|img| urls::asset(cat, img)),
    }
}

/// Every (filter, value) a credential has: the values of the home page's selects.
pub fn filter_values(c: &Credential) -> Vec<(&'static str, String)> {
    let [family, level, industry, delivery, cost, occupation] = FILTERS;
    let mut out = vec![(family, c.kind.family().to_string())];
    out.extend(
        c.audience_levels
            .iter()
            .map(|l| (level, l.key().to_string())),
    );
    out.extend(
        c.industries
            .iter()
            .map(|i| (industry, crate::load::markdown::slugify(&i.title))),
    );
    out.extend(c.delivery.iter().map(|d| (delivery, d.key().to_string())));
    let amount = c.cost_to_earn().map(|(amount, _)| amount);
    out.extend(
        search::cost_bands(amount)
            .into_iter()
            .map(|b| (cost, b.to_string())),
    );
    out.extend(c.occupations.iter().map(|o| (occupation, o.code.clone())));
    // A value listed twice (two industries with one slug) is one entry of its list.
    out.sort();
    out.dedup();
    out
}

/// The key of `word`'s shard at `depth` characters: its first `depth` characters, padded
/// with `PAD` when it is shorter.
pub fn key(word: &str, depth: usize) -> String {
    let mut key: String = word.chars().take(depth).collect();
    let len = key.chars().count();
    key.extend(std::iter::repeat_n(PAD, depth - len));
    key
}

/// The word shards of a sorted word list (each with its encoded size): keys and the range of
/// words each holds, in word order. Words are grouped by their first `KEY_CHARS`
/// characters; a group larger than `bound` bytes with more than one word is grouped again by
/// one more character. A word's shards are those whose key starts with it, or that it starts
/// with (how `search.js` finds them); every word is in exactly one.
pub fn shards(words: &[(&str, usize)], bound: usize) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    split(words, 0..words.len(), KEY_CHARS, bound, &mut out);
    out
}

fn split(
    words: &[(&str, usize)],
    range: Range<usize>,
    depth: usize,
    bound: usize,
    out: &mut Vec<(String, Range<usize>)>,
) {
    let mut start = range.start;
    while start < range.end {
        let k = key(words[start].0, depth);
        let mut end = start + 1;
        while end < range.end && key(words[end].0, depth) == k {
            end += 1;
        }
        let size: usize = words[start..end].iter().map(|(_, n)| n).sum();
        // Words are distinct, so a group of two or more has words of `depth` characters or
        // more, and grouping by one more character ends at the longest word.
        if size > bound && end - start > 1 {
            split(words, start..end, depth + 1, bound, out);
        } else {
            out.push((k, start..end));
        }
        start = end;
    }
}

/// A word and its postings (`id << 1 | in_name`, ids ascending) as a shard holds them.
pub fn word_entry(word: &str, postings: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(word.len() + 2 + postings.len() * 2);
    varint(&mut out, word.len() as u64);
    out.extend_from_slice(word.as_bytes());
    varint(&mut out, postings.len() as u64);
    let mut last = 0;
    for p in postings {
        let id = p >> 1;
        varint(&mut out, (u64::from(id - last) << 1) | u64::from(p & 1));
        last = id;
    }
    out
}

/// A set of credential numbers (ascending) among `count`, in the smaller of two forms: a
/// first byte 0 then [`id_list`], or a first byte 1 then a bitset (bit `i % 8` of byte
/// `i / 8` for number `i`).
pub fn id_set(ids: &[u32], count: usize) -> Vec<u8> {
    let mut list = vec![0];
    list.extend(id_list(ids));
    let bitset_len = 1 + count.div_ceil(8);
    if list.len() <= bitset_len {
        return list;
    }
    let mut bits = vec![0u8; bitset_len];
    bits[0] = 1;
    for id in ids {
        bits[1 + (*id as usize) / 8] |= 1 << (id % 8);
    }
    bits
}

/// Ascending numbers as their count, then the first, then the gaps between them.
pub fn id_list(ids: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, ids.len() as u64);
    let mut last = 0;
    for id in ids {
        varint(&mut out, u64::from(id - last));
        last = *id;
    }
    out
}

/// Unsigned LEB128: seven bits a byte, low bits first, the high bit set on all but the last.
pub fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Longest file name made of a key or value as it is; a longer one is cut and ends in a hash.
const NAME_BYTES: usize = 100;

/// A shard key or filter value as a file name that is the same on every file system and needs
/// no escaping in a URL: lowercase ASCII letters, digits, `_` and `-` as they are, any other
/// character as `~<hex code point>~`; past `NAME_BYTES`, the first 80 bytes then `~` and
/// the FNV-1a hash of the value's UTF-8 (`fileName` in `search.js`).
pub fn file_name(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-' {
            out.push(ch);
        } else {
            out.push_str(&format!("~{:x}~", ch as u32));
        }
    }
    if out.len() > NAME_BYTES {
        // All ASCII: any byte is a character boundary.
        out.truncate(80);
        out.push_str(&format!("~{:08x}", fnv1a(value.as_bytes())));
    }
    out
}

/// 32-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, EmitError> {
    serde_json::to_vec(value).map_err(|e| EmitError::Template {
        template: "search index".into(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads varints back, as `search.js` does.
    fn read(bytes: &[u8]) -> Vec<u64> {
        let mut out = Vec::new();
        let (mut n, mut shift) = (0u64, 0);
        for b in bytes {
            n |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                out.push(n);
                (n, shift) = (0, 0);
            }
        }
        out
    }

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        for n in [0, 1, 127, 128, 300, 16_384, u64::from(u32::MAX)] {
            varint(&mut out, n);
        }
        assert_eq!(&out[..6], [0, 1, 127, 0x80, 1, 0xac]);
        assert_eq!(
            read(&out),
            [0, 1, 127, 128, 300, 16_384, u64::from(u32::MAX)]
        );
    }

    #[test]
    fn id_lists_are_gaps() {
        assert_eq!(read(&id_list(&[3, 4, 10, 200])), [4, 3, 1, 6, 190]);
        assert_eq!(read(&id_list(&[])), [0]);
    }

    #[test]
    fn id_sets_take_the_smaller_form() {
        // Few ids among many: a list.
        assert_eq!(id_set(&[5, 900], 1000), [0, 2, 5, 0xff, 6]);
        // Most of them: a bitset, bit i % 8 of byte i / 8.
        let all: Vec<u32> = (0..20).filter(|i| i % 3 != 0).collect();
        let set = id_set(&all, 20);
        assert_eq!(set, [1, 0b1011_0110, 0b0110_1101, 0b0000_1011]);
    }

    #[test]
    fn word_entries_flag_name_words() {
        // Credentials 2 (in its name), 3 and 7 (elsewhere).
        let entry = word_entry("sql", &[(2 << 1) | 1, 3 << 1, 7 << 1]);
        assert_eq!(&entry[..4], [3, b's', b'q', b'l']);
        assert_eq!(read(&entry[4..]), [3, (2 << 1) | 1, 1 << 1, 4 << 1]);
    }

    #[test]
    fn keys_pad_short_words() {
        assert_eq!(key("safety", 2), "sa");
        assert_eq!(key("sa", 3), "sa_");
        assert_eq!(key("s", 2), "s_");
        assert_eq!(key("ñandú", 3), "ñan");
    }

    /// Whether `search.js` would load the shard `key` for the typed prefix `q`.
    fn wanted(key: &str, q: &str) -> bool {
        key.starts_with(q) || q.starts_with(key)
    }

    #[test]
    fn shards_split_past_the_bound_and_keep_every_word_once() {
        let words = [
            ("s", 5),
            ("sa", 10),
            ("safe", 10),
            ("safety", 100),
            ("safetys", 10),
            ("sale", 30),
            ("sales", 30),
            ("sql", 10),
            ("zoo", 1),
        ];
        let leaves = shards(&words, 60);
        let keys: Vec<&str> = leaves.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["s_", "sa_", "safe_", "safety_", "safetys", "sal", "sq", "zo"]
        );
        // Every word in exactly one shard, in order, and each shard within the bound unless
        // it is one word.
        let mut next = 0;
        for (k, r) in &leaves {
            assert_eq!(r.start, next, "{k}");
            next = r.end;
            let size: usize = words[r.clone()].iter().map(|w| w.1).sum();
            assert!(size <= 60 || r.len() == 1, "{k}");
            for (w, _) in &words[r.clone()] {
                assert!(wanted(k, w), "{w} in {k}");
            }
        }
        assert_eq!(next, words.len());
        // A typed prefix loads every shard holding a word it starts.
        for q in ["s", "sa", "saf", "safety", "sal", "sq", "z"] {
            for (k, r) in &leaves {
                if words[r.clone()].iter().any(|(w, _)| w.starts_with(q)) {
                    assert!(wanted(k, q), "{q} misses {k}");
                }
            }
        }
        let loaded: Vec<&str> = keys.iter().copied().filter(|k| wanted(k, "saf")).collect();
        assert_eq!(loaded, ["safe_", "safety_", "safetys"]);
    }

    #[test]
    fn small_indexes_are_one_shard_per_two_letters() {
        let words = [("data", 10), ("database", 10), ("design", 10)];
        let keys: Vec<String> = shards(&words, SHARD_BYTES)
            .into_iter()
            .map(|s| s.0)
            .collect();
        assert_eq!(keys, ["da", "de"]);
    }

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_name("sa_"), "sa_");
        assert_eq!(file_name("15-2051.01"), "15-2051~2e~01");
        assert_eq!(file_name("ñan"), "~f1~an");
        assert_eq!(file_name(".."), "~2e~~2e~");
        assert_eq!(file_name("A/b"), "~41~~2f~b");
        let long = file_name(&"é".repeat(60));
        assert_eq!(long.len(), 89);
        assert!(long.starts_with("~e9~~e9~") && long.contains('~'));
        assert_ne!(long, file_name(&"é".repeat(61)));
    }

    #[test]
    fn fnv1a_matches_its_test_vectors() {
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9c_f968);
    }
}
