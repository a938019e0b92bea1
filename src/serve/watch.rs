//! Watches the catalog's sources (content/, templates/, static/, themes/, site-config.toml)
//! and delivers batches of changed paths, debounced. The output folder is never watched:
//! writing it must not trigger another rebuild. Reads are not changes: access events (which
//! the build's own reads cause) are dropped here, and `incremental` also ignores files whose
//! bytes did not change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _watcher: notify::RecommendedWatcher,
    pub batches: Receiver<Vec<PathBuf>>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {source}")]
pub struct WatchError {
    path: PathBuf,
    source: notify::Error,
}

/// Starts watching `root`'s sources; `output` is excluded even when it lies inside them.
/// A batch is sent once no event has arrived for `delay`.
pub fn watch(root: &Path, output: &Path, delay: Duration) -> Result<Watcher, WatchError> {
    let (raw_tx, raw_rx) = channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(raw_tx).map_err(|source| WatchError {
        path: root.to_path_buf(),
        source,
    })?;
    for dir in ["content", "templates", "static", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|source| WatchError {
                    path: path.clone(),
                    source,
                })?;
        }
    }
    // The config is watched through its folder: editors replace files by renaming, which a
    // watch on the file itself would lose.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|source| WatchError {
            path: root.to_path_buf(),
            source,
        })?;

    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let relevant = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
            match event {
                Ok(e) if !matches!(e.kind, EventKind::Access(_) | EventKind::Other) => e
                    .paths
                    .into_iter()
                    .filter(|p| !p.starts_with(&output) && !is_editor_noise(p))
                    .collect(),
                _ => Vec::new(),
            }
        };
        // Wait for a first change, then gather until the burst has been quiet for `delay`.
        while let Ok(first) = raw_rx.recv() {
            let mut batch = relevant(first);
            loop {
                match raw_rx.recv_timeout(delay) {
                    Ok(e) => batch.extend(relevant(e)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            batch.sort();
            batch.dedup();
            if !batch.is_empty() && tx.send(batch).is_err() {
                return;
            }
        }
    });
    Ok(Watcher {
        _watcher: watcher,
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
