//! Watches the catalog's sources (content/, templates/, static/, themes/, site-config.toml)
//! and delivers batches of changed paths, debounced. The output folder is never watched:
//! writing it must not trigger another rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

use crate::config::CONFIG_FILE;

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
    pub batches: Receiver<Vec<PathBuf>>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {source}")]
pub struct WatchError {
    path: PathBuf,
    source: notify::Error,
}

/// Starts watching `root`'s sources; `output` is excluded even when it lies inside them.
pub fn watch(root: &Path, output: &Path, delay: Duration) -> Result<Watcher, WatchError> {
    let (tx, rx) = channel();
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let mut debouncer = new_debouncer(delay, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .map(|e| e.path)
                .filter(|p| !p.starts_with(&output) && !is_editor_noise(p))
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    })
    .map_err(|source| WatchError {
        path: root.to_path_buf(),
        source,
    })?;
    for dir in ["content", "templates", "static", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watcher()
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|source| WatchError {
                    path: path.clone(),
                    source,
                })?;
        }
    }
    // The config is watched through its folder: editors replace files by renaming, which a
    // watch on the file itself would lose.
    debouncer
        .watcher()
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|source| WatchError {
            path: root.to_path_buf(),
            source,
        })?;
    let _ = CONFIG_FILE;
    Ok(Watcher {
        _debouncer: debouncer,
        batches: rx,
    })
}

/// Swap files, backups and lock files editors write next to the real one.
fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name.ends_with(".credcat-tmp")
        || name == "4913"
}
