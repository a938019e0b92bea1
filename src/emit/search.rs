//! `search/`: the home page's search index, in pieces a browser loads as a search needs them.
//!
//! The index is Pagefind's (`pagefind::api`, used as a library: no HTML is crawled). Each
//! credential becomes one record: its words and codes (`derive::search`), the filter values
//! of the home page's selects, sort keys, and the few fields a result card shows. Pagefind
//! returns its files — `pagefind.js` and its worker, the WebAssembly search, an entry file,
//! a small meta index, and word-index, filter and per-credential fragment chunks named by
//! content hash — and they go through `write` like every other output. Pagefind's own UI
//! bundles are left out: `js/search.js` is the UI, over `pagefind.js`'s API.
//!
//! Beside them, `search/terms/<letter>.json`: the catalog's vocabulary by first letter, each
//! word with the number of credentials using it, which `search.js` loads one letter at a time
//! to correct a mistyped word when a search finds nothing (Pagefind matches prefixes and
//! stems, not typos); and `search/codes/keys.json` with `search/codes/<key>.json`: every
//! code the catalog carries, squashed, by its first four characters, which `search.js`
//! checks a typed code against (see `derive::search`).
//!
//! What it is not: the decision of what a credential is found by (that is `derive::search`).
//! The whole index is built again whenever a credential or a competency changed (Pagefind
//! has no incremental update; BENCHMARKS.md has its cost), and not at all when neither did;
//! the dev server runs it as a deferred output, after the pages.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::{urls, Ctx, EmitError, Entity, OutFile};
use crate::derive::search;
use crate::model::{fmt_num, Catalog, Credential, CredentialStatus};

/// The folder the search files go in (and its prefix, for `emit::DEFERRED`).
pub const DIR: &str = urls::SEARCH;

/// The sort value of a credential with no published cost: after every real cost.
const NO_COST: &str = "999999999";

/// One credential as Pagefind indexes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub url: String,
    pub content: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
}

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    // A record shows a credential and its competencies' labels, nothing else (the base URL
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
    let mut creds: Vec<&Credential> = cat.credentials.iter().collect();
    creds.sort_by(|a, b| a.slug.cmp(&b.slug));
    let records: Vec<Record> = creds.iter().map(|c| record(cat, c)).collect();
    let mut files = index(&records, &cat.config.language)?;
    let codes = search::code_chunks(cat);
    let keys: Vec<&String> = codes.keys().collect();
    let json = serde_json::to_string(&keys).map_err(|e| error(e.to_string()))?;
    files.push(OutFile::new(format!("{DIR}codes/keys.json"), json));
    for (key, list) in &codes {
        let json = serde_json::to_string(list).map_err(|e| error(e.to_string()))?;
        files.push(OutFile::new(format!("{DIR}codes/{key}.json"), json));
    }
    // Every letter has its file, empty or not: a lookup never meets a 404.
    let mut vocabulary = search::vocabulary(cat);
    for letter in ('a'..='z').chain(['_']) {
        let words = vocabulary.remove(&letter).unwrap_or_default();
        let json = serde_json::to_string(&words).map_err(|e| error(e.to_string()))?;
        files.push(OutFile::new(format!("{DIR}terms/{letter}.json"), json));
    }
    Ok(files)
}

/// The Pagefind record of a credential.
pub fn record(cat: &Catalog, c: &Credential) -> Record {
    let entry = search::entry(cat, c);
    let mut content = vec![c.name.clone(), c.summary.clone(), entry.text.clone()];
    content.push(entry.codes.join(" "));
    let mut meta = BTreeMap::new();
    meta.insert("title".to_string(), c.name.clone());
    meta.insert("summary".to_string(), c.summary.clone());
    meta.insert("kind".to_string(), c.kind.label().to_string());
    meta.insert("family".to_string(), c.kind.family().to_string());
    if c.status != CredentialStatus::Active {
        meta.insert("status".to_string(), c.status.label().to_string());
    }
    let levels: Vec<&str> = c.audience_levels.iter().map(|l| l.label()).collect();
    if !levels.is_empty() {
        meta.insert("levels".to_string(), levels.join(", "));
    }
    let mut facts: Vec<String> = Vec::new();
    if let Some(h) = c.estimated_hours {
        facts.push(format!("{} hours", fmt_num(h)));
    }
    if let Some(cost) = entry.cost {
        facts.push(super::html::money(
            cost,
            entry.currency.as_deref().unwrap_or(""),
        ));
    }
    let delivery: Vec<&str> = c.delivery.iter().map(|d| d.label()).collect();
    if !delivery.is_empty() {
        facts.push(delivery.join(", "));
    }
    if !facts.is_empty() {
        meta.insert("facts".to_string(), facts.join(" · "));
    }
    if let Some(img) = c.image.as_deref() {
        meta.insert("image".to_string(), urls::asset(cat, img));
    }
    let mut filters = BTreeMap::new();
    filters.insert("family".to_string(), vec![entry.family.to_string()]);
    let mut put = |key: &str, values: Vec<String>| {
        if !values.is_empty() {
            filters.insert(key.to_string(), values);
        }
    };
    put(
        "level",
        entry.levels.iter().map(|l| l.to_string()).collect(),
    );
    put(
        "industry",
        c.industries
            .iter()
            .map(|i| crate::load::markdown::slugify(&i.title))
            .collect(),
    );
    put(
        "delivery",
        entry.delivery.iter().map(|d| d.to_string()).collect(),
    );
    put(
        "cost",
        search::cost_bands(entry.cost)
            .into_iter()
            .map(String::from)
            .collect(),
    );
    put(
        "occupation",
        c.occupations.iter().map(|o| o.code.clone()).collect(),
    );
    let mut sort = BTreeMap::new();
    sort.insert("name".to_string(), c.name.to_lowercase());
    sort.insert(
        "cost".to_string(),
        entry.cost.map_or(NO_COST.to_string(), |v| format!("{v}")),
    );
    Record {
        url: urls::link(cat, &urls::credential(c)),
        content: content.join(". "),
        meta,
        filters,
        sort,
    }
}

/// Pagefind's files for these records, as output files under [`DIR`], sorted by path.
pub fn index(records: &[Record], language: &str) -> Result<Vec<OutFile>, EmitError> {
    // Pagefind's API is async and hands work to tokio's blocking pool; one small runtime
    // on this thread runs it to the end.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| error(e.to_string()))?;
    let synthetic = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .keep_index_url(true)
            .build();
        let mut pf = PagefindIndex::new(Some(options))?;
        for r in records {
            pf.add_custom_record(
                r.url.clone(),
                r.content.clone(),
                language.to_string(),
                Some(r.meta.clone()),
                Some(r.filters.clone()),
                Some(r.sort.clone()),
            )
            .await?;
        }
        pf.get_files().await
    });
    let synthetic = synthetic.map_err(|e| error(format!("{e:#}")))?;
    let mut files: Vec<OutFile> = synthetic
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            wanted(&name).then(|| OutFile::new(format!("{DIR}{name}"), f.contents))
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Whether a file of Pagefind's bundle is one the site needs: the search API, its worker
/// and WebAssembly, and the index itself; not Pagefind's own UIs or its playground.
fn wanted(name: &str) -> bool {
    let ui = name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-highlight.")
        || name.starts_with("playground/");
    !ui
}

fn error(message: String) -> EmitError {
    EmitError::Template {
        template: "search index".into(),
        message,
    }
}
