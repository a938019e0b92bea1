//! Static files of the theme and the site (css, js, images), copied as they are, and the
//! stack maps' stylesheet, unless the theme ships its own at that path.

use super::{Ctx, EmitError, OutFile};

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    // Assets change only with the theme, which makes every rebuild a full one.
    if !ctx.scope.is_all() {
        return Ok(vec![]);
    }
    let mut files: Vec<OutFile> = ctx
        .loaded
        .assets
        .values()
        .map(|a| OutFile::new(a.path.clone(), a.bytes.to_vec()))
        .collect();
    let map_css = super::maps::STYLESHEET;
    if !files.iter().any(|f| f.path == map_css) {
        files.push(OutFile::new(map_css, super::maps::STYLE));
    }
    Ok(files)
}
