//! What a build was made from, so that building the same thing again does no work.
//!
//! After a successful build, `.credcat/cache/build-stamp` records two digests: one of
//! everything the output depends on (every file `load` read, the configuration, the build's
//! options, the issuer's public key, today's date, and this binary), and one of the output
//! folder as the build left it (each file's path, length and modification time), with how
//! many files and credentials it made. A build whose inputs have the same digest, into an
//! output folder nobody touched since, would write the same bytes: it stops right after
//! loading (the inputs are what `load` read, so resolving them again would find what the
//! last build found) and reports the files as unchanged.
//! Anything else — one byte of one file, a deleted or edited output file, a new day, another
//! key or binary — builds in full as before. The stamp is an optimisation only: one that is
//! missing, unreadable or written by something else never fails a build, and it is never
//! written through a symbolic link (see `sign::cache::cache_dir`).

use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::load::Loaded;
use crate::BuildOptions;

const FILE: &str = "build-stamp";
const VERSION: &str = "credcat-build-stamp/3";

/// The digest of everything a build's output depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs([u8; 32]);

impl Inputs {
    /// `key`: the issuer's public key, when there is one (a badge signed with another key
    /// is other bytes).
    pub fn of(loaded: &Loaded, key: Option<&[u8; 32]>, options: &BuildOptions) -> Inputs {
        let mut h = Sha256::new();
        h.update(VERSION);
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(binary_identity());
        let settings = format!(
            "{:?}\n{:?}\n{:?}\n{}\n{:?}\n{}",
            loaded.config,
            options.base_url,
            options.drafts,
            options.output_dir().display(),
            crate::derive::quality::today(),
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        );
        h.update(settings.len().to_le_bytes());
        h.update(settings);
        if let Some(key) = key {
            h.update(key);
        }
        // Each file's digest in parallel, then the digests in the loader's (sorted) order.
        let files: Vec<[u8; 32]> = loaded
            .files
            .par_iter()
            .map(|(path, f)| digest(&[path.to_string_lossy().as_bytes(), &f.digest]))
            .collect();
        let templates: Vec<[u8; 32]> = loaded
            .templates
            .par_iter()
            .map(|(name, t)| digest(&[name.as_bytes(), t.text.as_bytes()]))
            .collect();
        let assets: Vec<[u8; 32]> = loaded
            .assets
            .par_iter()
            .map(|(path, a)| digest(&[path.as_bytes(), &a.bytes]))
            .collect();
        for (label, list) in [
            ("files", files),
            ("templates", templates),
            ("assets", assets),
        ] {
            h.update(label);
            h.update(list.len().to_le_bytes());
            for d in list {
                h.update(d);
            }
        }
        Inputs(h.finalize().into())
    }
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.len().to_le_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// This executable, as its length and modification time: a rebuilt binary of the same
/// version may write different bytes.
fn binary_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}:{:?}", m.len(), m.modified().ok()))
        .unwrap_or_default()
}

/// The output folder as it is now: every file's path, length and modification time, and
/// how many files there are. Folders are listed in parallel: tens of thousands of files
/// are most of an up-to-date build's time.
fn output_state(dir: &Path) -> Option<([u8; 32], usize)> {
    let mut entries = listing(dir, "")?;
    entries.sort();
    let mut h = Sha256::new();
    for (path, len, modified) in &entries {
        h.update(format!("{path}\0{len}\0{modified:?}\n"));
    }
    Some((h.finalize().into(), entries.len()))
}

type Entry = (String, u64, std::time::SystemTime);

/// The files under `dir` (not following symbolic links), named from `rel`.
fn listing(dir: &Path, rel: &str) -> Option<Vec<Entry>> {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if meta.is_dir() {
            folders.push((entry.path(), path));
        } else {
            files.push((path, meta.len(), meta.modified().ok()?));
        }
    }
    let nested: Option<Vec<Vec<Entry>>> = folders
        .par_iter()
        .map(|(dir, rel)| listing(dir, rel))
        .collect();
    files.extend(nested?.into_iter().flatten());
    Some(files)
}

/// What the last build made, if the output is what it made from `inputs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    pub files: usize,
    pub credentials: usize,
}

/// What the output holds, if it is what the last build made from `inputs`.
pub fn up_to_date(root: &Path, output: &Path, inputs: &Inputs) -> Option<Made> {
    let path = crate::sign::cache::cache_dir(root)?.join(FILE);
    let text = std::fs::read_to_string(path).ok()?;
    let credentials: usize = text.split_whitespace().last()?.parse().ok()?;
    let (state, files) = output_state(output)?;
    let made = Made { files, credentials };
    (text == line(inputs, &state, made)).then_some(made)
}

/// Records that `output` was built from `inputs`. Failing to is no error: the next build
/// does its work in full.
pub fn save(root: &Path, output: &Path, inputs: &Inputs, credentials: usize) {
    let Some(dir) = crate::sign::cache::cache_dir(root) else {
        return;
    };
    let Some((state, files)) = output_state(output) else {
        return;
    };
    let made = Made { files, credentials };
    let path = dir.join(FILE);
    let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&tmp, line(inputs, &state, made)))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn line(inputs: &Inputs, state: &[u8; 32], made: Made) -> String {
    format!(
        "{VERSION} {} {} {} {}\n",
        hex::encode(inputs.0),
        hex::encode(state),
        made.files,
        made.credentials
    )
}
