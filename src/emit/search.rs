//! `search-index.json`: the records the home page's script searches and filters.

use super::{urls, Ctx, EmitError, OutFile};
use crate::derive::search;

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    let mut entries: Vec<search::Entry> = ctx
        .catalog
        .credentials
        .iter()
        .map(|c| search::entry(ctx.catalog, c))
        .collect();
    entries.sort_by(|a, b| a.slug.cmp(&b.slug));
    let json = serde_json::to_vec(&entries).unwrap_or_default();
    Ok(vec![OutFile::new(urls::SEARCH_INDEX, json)])
}
