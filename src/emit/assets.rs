//! Static files of the theme and the site (css, js, images), copied as they are.

use super::{Ctx, EmitError, OutFile};

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    Ok(ctx
        .loaded
        .assets
        .values()
        .map(|a| OutFile::new(a.path.clone(), a.bytes.to_vec()))
        .collect())
}
