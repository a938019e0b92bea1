//! `search-index.json`: the records the home page's script searches and filters.

use rayon::prelude::*;

use super::memo::Fragment;
use super::{urls, Body, Ctx, EmitError, Entity, OutFile};
use crate::derive::search;

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    let cat = ctx.catalog;
    let mut creds: Vec<&crate::model::Credential> = cat.credentials.iter().collect();
    creds.sort_by(|a, b| a.slug.cmp(&b.slug));
    let entries: Vec<std::sync::Arc<str>> = creds
        .par_iter()
        .map(|c| {
            // An entry shows the credential and its competencies' labels.
            let mut deps = vec![Entity::Credential(c.id)];
            deps.extend(c.competencies.iter().map(|k| Entity::Competency(*k)));
            let stale = ctx.scope.wants(deps);
            ctx.memo.get(
                Fragment::SearchEntry,
                Entity::Credential(c.id),
                stale,
                || {
                    serde_json::to_string(&search::entry(cat, c)).map_err(|e| EmitError::Template {
                        template: urls::SEARCH_INDEX.into(),
                        message: e.to_string(),
                    })
                },
            )
        })
        .collect::<Result<_, _>>()?;
    // Kept as the entries: `write` streams them into the file.
    Ok(vec![OutFile::joined(
        urls::SEARCH_INDEX,
        Body::joined("[", entries, ",", "]"),
    )])
}
