//! What a build was made from, so that building the same thing again does no work.
//!
//! After a successful build, `.credcat/cache/build-stamp` records two digests: one of
//! everything the output depends on (every file `load` read, the configuration, the build's
//! options, the issuer's public key, today's date, and this binary), and one of the output
//! folder as the build left it (each file's path, length and modification time). A build
//! whose inputs have the same digest, into an output folder nobody touched since, would write
//! the same bytes: it stops after loading and resolving and reports the files as unchanged.
//! Anything else — one byte of one file, a deleted or edited output file, a new day, another
//! key or binary — builds in full as before. The stamp is an optimisation only: one that is
//! missing, unreadable or written by something else never fails a build, and it is never
//! written through a symbolic link (see `sign::cache::cache_dir`).

use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::{BuildOptions, Site};

const FILE: &str = "build-stamp";
const VERSION: &str = "credcat-build-stamp/1";

/// The digest of everything a build's output depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs([u8; 32]);

impl Inputs {
    pub fn of(site: &Site, options: &BuildOptions) -> Inputs {
        let loaded = &site.loaded;
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
        if let Ok(key) = site.signer.key() {
            h.update(key.verifying_key().as_bytes());
        }
        // Each file's digest in parallel, then the digests in the loader's (sorted) order.
        let files: Vec<[u8; 32]> = loaded
            .files
            .par_iter()
            .map(|(path, f)| digest(&[path.to_string_lossy().as_bytes(), f.text.as_bytes()]))
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
/// how many files there are.
fn output_state(dir: &Path) -> Option<([u8; 32], usize)> {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        if meta.is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .ok()?
            .to_string_lossy()
            .into_owned();
        entries.push((rel, meta.len(), meta.modified().ok()?));
    }
    entries.sort();
    let mut h = Sha256::new();
    for (path, len, modified) in &entries {
        h.update(format!("{path}\0{len}\0{modified:?}\n"));
    }
    Some((h.finalize().into(), entries.len()))
}

/// How many files the output holds, if it is what the last build made from `inputs`.
pub fn up_to_date(root: &Path, output: &Path, inputs: &Inputs) -> Option<usize> {
    let path = crate::sign::cache::cache_dir(root)?.join(FILE);
    let text = std::fs::read_to_string(path).ok()?;
    let (state, count) = output_state(output)?;
    (text == line(inputs, &state, count)).then_some(count)
}

/// Records that `output` was built from `inputs`. Failing to is no error: the next build
/// does its work in full.
pub fn save(root: &Path, output: &Path, inputs: &Inputs) {
    let Some(dir) = crate::sign::cache::cache_dir(root) else {
        return;
    };
    let Some((state, count)) = output_state(output) else {
        return;
    };
    let path = dir.join(FILE);
    let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&tmp, line(inputs, &state, count)))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn line(inputs: &Inputs, state: &[u8; 32], count: usize) -> String {
    format!(
        "{VERSION} {} {} {count}\n",
        hex::encode(inputs.0),
        hex::encode(state)
    )
}
