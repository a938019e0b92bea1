//! Watches the catalog's sources (content/, templates/, static/, themes/, site-config.toml)
//! and delivers batches of changed paths, debounced: a save as soon as its file is complete
//! (closed after writing, or renamed into place), a burst of changes once it has been quiet
//! for the debounce. The output folder is never watched: writing it must not trigger another
//! rebuild. Reads are not changes: access events other than a close after writing (the
//! build's own reads cause them) are dropped here, and `incremental` also ignores files whose
//! bytes did not change.

use std::collections::BTreeSet;
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
/// A batch is sent once no event has arrived for `delay`, or for a few milliseconds after
/// the closing event of a single save (see `quiet_after`).
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
        let relevant = |event: notify::Result<notify::Event>| -> Option<(Settles, Vec<PathBuf>)> {
            let e = event.ok()?;
            let settles = settles(&e.kind)?;
            let paths: Vec<PathBuf> = e
                .paths
                .into_iter()
                .filter(|p| !p.starts_with(&output) && !is_editor_noise(p))
                .collect();
            (!paths.is_empty()).then_some((settles, paths))
        };
        // Wait for a first change, then gather until the burst has been quiet long enough.
        while let Ok(first) = raw_rx.recv() {
            // Sorted and each path once as it grows: `quiet_after` counts the files.
            let mut batch = BTreeSet::new();
            let mut wait = delay;
            let mut next = Ok(first);
            loop {
                match next {
                    Ok(e) => {
                        if let Some((settles, paths)) = relevant(e) {
                            batch.extend(paths);
                            wait = quiet_after(settles, batch.len(), delay);
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                next = raw_rx.recv_timeout(wait);
            }
            if !batch.is_empty() && tx.send(batch.into_iter().collect()).is_err() {
                return;
            }
        }
    });
    Ok(Watcher {
        _watcher: watcher,
        batches: rx,
    })
}

/// Whether an event leaves its file complete (`Done`: closed after writing, renamed into
/// place, removed) or may be the first of several (`Ongoing`: created, truncated, written,
/// renamed away); `None` for events that change nothing (reads, opens) or say nothing new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settles {
    Done,
    Ongoing,
}

fn settles(kind: &EventKind) -> Option<Settles> {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Settles::Done),
        EventKind::Access(_) | EventKind::Other => None,
        // A rename comes as From (the old name), To (the new) and Both; Both says nothing the
        // other two have not, and would count the old name as settled (vim renames the file
        // to a backup before writing it anew).
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => None,
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => Some(Settles::Done),
        EventKind::Remove(_) => Some(Settles::Done),
        _ => Some(Settles::Ongoing),
    }
}

/// How long to wait for the next event before the batch goes out. A save is a handful of
/// events on one or two files (the file, or a temporary file renamed over it) ending with the
/// file closed or renamed into place: once that last event has come, waiting the whole
/// `delay` only adds to what the writer waits for. Anything else (a file still being written,
/// one renamed away and not yet back, a burst over many files such as a checkout) waits
/// `delay`, so a rebuild never sees a half-made change.
fn quiet_after(last: Settles, paths: usize, delay: Duration) -> Duration {
    /// Enough for the events of one save that follow its closing one (an editor removing
    /// its backup) to join the batch.
    const SETTLED: Duration = Duration::from_millis(3);
    /// A save touches at most the file and one temporary file.
    const ONE_SAVE: usize = 2;
    if last == Settles::Done && paths <= ONE_SAVE {
        SETTLED.min(delay)
    } else {
        delay
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;
    use std::time::Instant;

    /// A catalog folder being watched with a long debounce, so that a batch arriving well
    /// before it can only have come from the settled-save path.
    fn watched(delay: Duration) -> (tempfile::TempDir, Watcher) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::create_dir_all(dir.path().join("public")).unwrap();
        let watcher = watch(dir.path(), &dir.path().join("public"), delay).unwrap();
        (dir, watcher)
    }

    const LONG: Duration = Duration::from_secs(4);

    #[test]
    fn a_save_in_place_is_sent_without_waiting_for_the_debounce() {
        let (dir, watcher) = watched(LONG);
        let file = dir.path().join("content/a.md");
        let t = Instant::now();
        std::fs::write(&file, "one").unwrap();
        let batch = watcher.batches.recv_timeout(LONG * 2).unwrap();
        assert!(t.elapsed() < LONG / 2, "took {:?}", t.elapsed());
        assert!(
            batch.iter().any(|p| p.ends_with("content/a.md")),
            "{batch:?}"
        );
    }

    #[test]
    fn a_save_renamed_into_place_is_sent_without_waiting_for_the_debounce() {
        let (dir, watcher) = watched(LONG);
        let file = dir.path().join("content/a.md");
        let tmp = dir.path().join("content/.a.md.tmp");
        let t = Instant::now();
        std::fs::write(&tmp, "one").unwrap();
        std::fs::rename(&tmp, &file).unwrap();
        let mut seen = Vec::new();
        while !seen.iter().any(|p: &PathBuf| p.ends_with("content/a.md")) {
            seen.extend(watcher.batches.recv_timeout(LONG * 2).unwrap());
        }
        assert!(t.elapsed() < LONG / 2, "took {:?}", t.elapsed());
    }

    #[test]
    fn a_file_still_being_written_is_not_sent() {
        let delay = Duration::from_secs(2);
        let (dir, watcher) = watched(delay);
        let mut f = std::fs::File::create(dir.path().join("content/a.md")).unwrap();
        f.write_all(b"first half").unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            watcher.batches.try_recv().is_err(),
            "sent before the file was closed"
        );
        f.write_all(b", second half").unwrap();
        drop(f);
        watcher.batches.recv_timeout(delay * 4).unwrap();
    }

    #[test]
    fn a_file_renamed_away_waits_for_the_debounce() {
        // vim's default save renames the file to a backup, then writes it anew: between the
        // two the file is missing, and a rebuild then would report it deleted.
        let delay = Duration::from_millis(600);
        let (dir, watcher) = watched(delay);
        let file = dir.path().join("content/a.md");
        std::fs::write(&file, "one").unwrap();
        watcher.batches.recv_timeout(delay * 4).unwrap();
        std::fs::rename(&file, dir.path().join("content/a.md~")).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert!(
            watcher.batches.try_recv().is_err(),
            "sent while the file was missing"
        );
        std::fs::write(&file, "two").unwrap();
        let batch = watcher.batches.recv_timeout(delay * 4).unwrap();
        assert!(batch.iter().all(|p| !p.ends_with("a.md~")), "{batch:?}");
    }

    #[test]
    fn reads_are_not_changes_and_closing_after_writing_is() {
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
        let close = |mode| EventKind::Access(AccessKind::Close(mode));
        assert_eq!(settles(&close(AccessMode::Write)), Some(Settles::Done));
        assert_eq!(settles(&close(AccessMode::Read)), None);
        assert_eq!(
            settles(&EventKind::Access(AccessKind::Open(AccessMode::Any))),
            None
        );
        assert_eq!(
            settles(&EventKind::Create(CreateKind::File)),
            Some(Settles::Ongoing)
        );
        let rename = |mode| EventKind::Modify(ModifyKind::Name(mode));
        assert_eq!(settles(&rename(RenameMode::From)), Some(Settles::Ongoing));
        assert_eq!(settles(&rename(RenameMode::To)), Some(Settles::Done));
        assert_eq!(settles(&rename(RenameMode::Both)), None);
        let delay = Duration::from_millis(30);
        assert!(quiet_after(Settles::Done, 1, delay) < delay);
        assert_eq!(quiet_after(Settles::Done, 3, delay), delay);
        assert_eq!(quiet_after(Settles::Ongoing, 1, delay), delay);
    }
}
