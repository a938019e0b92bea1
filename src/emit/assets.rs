//! Static files of the theme and the site (css, js, images), copied as they are.

use super::{Ctx, EmitError, OutFile};

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    // Assets change only with the theme, which makes every rebuild a full one.
    if !ctx.scope.is_all() {
        return Ok(vec![]);
    }
    Ok(ctx
        .loaded
        .assets
        .values()
        .map(|a| OutFile::new(a.path.clone(), a.bytes.to_vec()))
        .collect())
}
