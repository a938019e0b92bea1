//! Stage 4, emit: independent emitters, each a pure function from the Catalog (and its derived
//! views) to a list of output files. They never read input files, never write to disk, never
//! call each other; `emit::all` runs them in parallel.

pub mod assets;
pub mod ctdl_pathway;
pub mod html;
pub mod json_script;
pub mod maps;
pub mod search;
pub mod templates;
pub mod urls;

use rayon::prelude::*;
use thiserror::Error;

use crate::derive::Derived;
use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::model::Catalog;

/// One file of the site: a `/`-separated path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// What every emitter may read.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub derived: &'a Derived,
    pub loaded: &'a Loaded,
    pub tera: &'a tera::Tera,
}

#[derive(Debug, Error)]
pub enum EmitError {
    #[error("template `{template}` failed: {message}")]
    Template { template: String, message: String },
    #[error("the theme has no template `{0}`")]
    MissingTemplate(String),
    #[error("{}", .0.problem)]
    Templates(Box<Diagnostic>),
}

type EmitFn = fn(&Ctx) -> Result<Vec<OutFile>, EmitError>;

/// Every emitter, by name. Order does not matter: they are independent.
pub const EMITTERS: &[(&str, EmitFn)] = &[
    ("html", html::emit),
    ("search", search::emit),
    ("assets", assets::emit),
];

/// Runs every emitter in parallel and gathers their files, sorted by path.
pub fn all(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let parts: Vec<Vec<OutFile>> = EMITTERS
        .par_iter()
        .map(|(_, f)| f(ctx))
        .collect::<Result<_, _>>()?;
    let mut files: Vec<OutFile> = parts.into_iter().flatten().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
