//! Stage 5, write: the only code that touches the output folder.
//!
//! A build is written into a fresh sibling folder and swapped in whole at the end, so a
//! failed or interrupted build never leaves a half-written site: the previous output stays
//! exactly as it was. Files whose bytes did not change are hard-linked from the previous
//! output instead of rewritten, keeping their modification times (and rsync/CDN uploads
//! small). `write_changed` is the dev server's in-place variant for incremental rebuilds: it
//! overwrites pages where they are, which readers sharing its [`OutputLock`] never see half-done.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use rayon::prelude::*;
use thiserror::Error;

use crate::emit::{Body, OutFile};

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    /// A file of the new site could not be written into its staging folder. Named by its
    /// place in the site: the staging folder is removed before the error is shown.
    #[error(
        "cannot write the new site into {out}: {reason}, at {file} after {written}. {out} is as it was before this build{advice}",
        out = out.display(),
        reason = reason(source),
        written = megabytes(*written),
        advice = advice(source),
    )]
    Staged {
        out: PathBuf,
        /// The file's site path.
        file: String,
        /// Bytes of the new site put so far, this file's and those of files being written
        /// beside it among them: how far the build got, not an exact count.
        written: u64,
        source: io::Error,
    },
    /// The staging folder beside the output could not be made: nothing was written.
    #[error(
        "cannot write the new site beside {out}: {reason}{advice}",
        out = out.display(),
        reason = reason(source),
        advice = advice(source),
    )]
    Unwritable { out: PathBuf, source: io::Error },
    #[error("refusing to write `{0}`: output paths must stay inside the output folder")]
    UnsafePath(String),
    #[error("two emitters produced `{0}`")]
    DuplicatePath(String),
    #[error("refusing to replace {0}: it is not empty and credcat did not write it (no `.<folder>{MARKER_SUFFIX}` beside it)")]
    NotOurs(PathBuf),
}

/// Ends the name of the file beside every output folder (`.public.credcat-output` for
/// `public/`) that tells a later build the folder is credcat's and safe to replace. It sits
/// beside the folder, not in it, so it is never deployed with the site.
pub const MARKER_SUFFIX: &str = ".credcat-output";

/// The marker older versions wrote inside the output folder; still honoured, never written.
const LEGACY_MARKER: &str = ".credcat-output";

/// The ownership marker of the output folder `out`.
fn marker_of(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}{MARKER_SUFFIX}"))
}

/// Whether a build may replace `out`: it is missing or empty, or credcat wrote it.
fn replaceable(out: &Path) -> Result<bool, WriteError> {
    if !out.exists() || marker_of(out).exists() || out.join(LEGACY_MARKER).exists() {
        return Ok(true);
    }
    Ok(fs::read_dir(out).map_err(io_err(out))?.next().is_none())
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// What went wrong, in words for the person running the build.
fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::StorageFull => format!("the disk is full ({e})"),
        io::ErrorKind::QuotaExceeded => format!("the disk quota is used up ({e})"),
        _ => e.to_string(),
    }
}

/// What to do about it, when there is something to say.
fn advice(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            ". A build writes the new site beside the previous one and swaps them at the end, \
             so it needs room for both at once: free some space, or build elsewhere with --output."
        }
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            ". Check that you may write in the folder that holds it, or build elsewhere with --output."
        }
        _ => ".",
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Whether a path is relative and stays inside the output.
fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Checks that every path is relative, stays inside the output and appears once.
fn check_paths(files: &[OutFile]) -> Result<(), WriteError> {
    let mut seen = HashSet::with_capacity(files.len());
    for f in files {
        if !safe_path(&f.path) {
            return Err(WriteError::UnsafePath(f.path.clone()));
        }
        if !seen.insert(f.path.as_str()) {
            return Err(WriteError::DuplicatePath(f.path.clone()));
        }
    }
    Ok(())
}

/// Writes a whole site into `out`, replacing what was there atomically.
pub fn write_site(out: &Path, files: &[OutFile]) -> Result<WriteStats, WriteError> {
    // `put` checks each path (safe, not seen before); a bad one drops the staging folder.
    let staging = Staging::begin(out)?;
    staging.put_all(files)?;
    staging.finish()
}

/// A site being written: each file goes into a staging folder beside the output as soon as
/// it is made, from any thread, so a build holds only the files being rendered, not the
/// whole site. [`Staging::finish`] swaps it in; a staging dropped unfinished (an error, a
/// panic) is removed, leaving the previous output untouched.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Whether there is a previous output to hard-link unchanged files from (a cold build
    /// skips looking for each of its files there).
    previous: bool,
    /// Paths written so far: two files at one path is an error, not a silent overwrite.
    seen: Mutex<HashSet<String>>,
    /// Folders already created.
    dirs: Mutex<HashSet<PathBuf>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Bytes of every file put, and the largest file ([`Staging::size`]).
    bytes: std::sync::atomic::AtomicU64,
    largest: Mutex<Option<(String, u64)>>,
    finished: bool,
}

impl Staging {
    /// Checks that `out` may be replaced, clears leftovers of killed builds and makes the
    /// empty staging folder.
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        if !replaceable(out)? {
            return Err(WriteError::NotOurs(out.to_path_buf()));
        }
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let unwritable = |source| WriteError::Unwritable {
            out: out.to_path_buf(),
            source,
        };
        fs::create_dir_all(parent).map_err(unwritable)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        clean_leftovers(parent, &name, out);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(unwritable)?;
        Ok(Staging {
            previous: out.is_dir(),
            out: out.to_path_buf(),
            dir,
            old,
            seen: Mutex::default(),
            dirs: Mutex::default(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: Default::default(),
            largest: Mutex::new(None),
            finished: false,
        })
    }

    /// Writes one file, hard-linking it from the previous output when its bytes are the same.
    pub fn put(&self, f: &OutFile) -> Result<(), WriteError> {
        if !safe_path(&f.path) {
            return Err(WriteError::UnsafePath(f.path.clone()));
        }
        // A poisoned lock only means another writer panicked; the set is still whole.
        if !lock(&self.seen).insert(f.path.clone()) {
            return Err(WriteError::DuplicatePath(f.path.clone()));
        }
        let len = f.body.len() as u64;
        self.bytes.fetch_add(len, Ordering::Relaxed);
        {
            let mut largest = lock(&self.largest);
            if largest.as_ref().is_none_or(|(_, l)| len > *l) {
                *largest = Some((f.path.clone(), len));
            }
        }
        let target = self.target(&f.path).map_err(self.staged(&f.path))?;
        let before = self.out.join(&f.path);
        if self.previous && same_bytes(&before, &f.body) && fs::hard_link(&before, &target).is_ok()
        {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        write_file(&target, &f.body).map_err(self.staged(&f.path))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The error of a file that could not be put at site path `path`.
    fn staged<'a>(&'a self, path: &'a str) -> impl FnOnce(io::Error) -> WriteError + 'a {
        move |source| WriteError::Staged {
            out: self.out.clone(),
            file: path.to_owned(),
            written: self.bytes.load(Ordering::Relaxed),
            source,
        }
    }

    /// [`Staging::put`] for each of `files`, in parallel.
    pub fn put_all(&self, files: &[OutFile]) -> Result<(), WriteError> {
        files.par_iter().try_for_each(|f| self.put(f))
    }

    /// Carries the previous output's file at `path` over as it is (hard-linked), unless a
    /// file was put there: what a dev-server rebuild leaves to be written later (the deferred
    /// outputs) stays served until then. Nothing to carry is no error.
    pub fn keep(&self, path: &str) -> Result<bool, WriteError> {
        let before = self.out.join(path);
        if !safe_path(path) || !before.is_file() || !lock(&self.seen).insert(path.to_owned()) {
            return Ok(false);
        }
        let target = self.target(path).map_err(self.staged(path))?;
        if fs::hard_link(&before, &target).is_err() {
            fs::copy(&before, &target).map_err(self.staged(path))?;
        }
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// Where the file at site path `path` goes in the staging folder, its folder made.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            if !lock(&self.dirs).contains(parent) {
                fs::create_dir_all(parent)?;
                lock(&self.dirs).insert(parent.to_path_buf());
            }
        }
        Ok(target)
    }

    /// The site path of every file put so far.
    pub fn paths(&self) -> Vec<String> {
        lock(&self.seen).iter().cloned().collect()
    }

    /// The size of what was put so far: every file, written or kept unchanged.
    pub fn size(&self) -> crate::hosts::SiteSize {
        // Every folder holding a file, and the folders above those, up to the site's root.
        let mut folders: HashSet<&Path> = HashSet::new();
        let dirs = lock(&self.dirs);
        for dir in dirs.iter() {
            let mut d = Some(dir.as_path());
            while let Some(at) = d.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
                if !folders.insert(at) {
                    break;
                }
                d = at.parent();
            }
        }
        crate::hosts::SiteSize {
            bytes: self.bytes.load(Ordering::Relaxed),
            files: self.written.load(Ordering::Relaxed) + self.unchanged.load(Ordering::Relaxed),
            folders: folders.len(),
            largest: lock(&self.largest).clone(),
        }
    }

    /// Puts the staged site in the place of the output.
    pub fn finish(self) -> Result<WriteStats, WriteError> {
        self.finish_with(None)
    }

    /// [`Staging::finish`] while holding `lock` for writing: a reader of the output (the dev
    /// server) never finds it between the two renames of the swap.
    pub fn finish_locked(self, lock: &OutputLock) -> Result<WriteStats, WriteError> {
        self.finish_with(Some(lock))
    }

    fn finish_with(mut self, lock: Option<&OutputLock>) -> Result<WriteStats, WriteError> {
        // The marker goes down before the swap: a build killed in between leaves a marker
        // for a folder that is still the previous build's, never a site without one.
        let marker = marker_of(&self.out);
        if !marker.exists() {
            fs::write(
                &marker,
                b"The folder beside this file is credcat's output, replaced whole on every build.\n",
            )
            .map_err(io_err(&marker))?;
        }
        {
            let _writing = lock.map(OutputLock::write);
            swap(&self.dir, &self.out, &self.old)?;
        }
        self.finished = true;
        // The previous site, after the lock: removing 700,000 files takes seconds.
        let _ = fs::remove_dir_all(&self.old);
        Ok(WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes what builds killed mid-write left beside the output: their staging folders
/// (`.public.new-<pid>`) and, once the site is back in place, the previous site moved aside
/// (`.public.old-<pid>`). A build killed between its two renames leaves no `out` at all:
/// then the moved-aside previous site is put back instead of removed. Folders of a build
/// still running (its process alive) are left alone.
fn clean_leftovers(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let new_prefix = format!(".{name}.new-");
    let old_prefix = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(entry_name) = file_name.to_str() else {
            continue;
        };
        let (is_old, pid) = match (
            entry_name.strip_prefix(&new_prefix),
            entry_name.strip_prefix(&old_prefix),
        ) {
            (Some(pid), _) => (false, pid),
            (_, Some(pid)) => (true, pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        // A moved-aside folder carries the name only a build gives it.
        if is_old && !out.exists() {
            let _ = fs::rename(&path, out);
        } else {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether a process with this id is running (Linux: /proc; elsewhere assume it is, and
/// leave its folders).
fn process_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

fn same_bytes(path: &Path, body: &Body) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == body.len() as u64 => {
            fs::read(path).is_ok_and(|b| body.eq_bytes(&b))
        }
        _ => false,
    }
}

/// Creates or truncates `path` with the body; a joined or pieced body is streamed from its
/// parts.
fn write_file(path: &Path, body: &Body) -> io::Result<()> {
    match body {
        Body::Bytes(bytes) => fs::write(path, bytes),
        Body::Joined(_) | Body::Pieces(_) => {
            // No larger than the file: a 1 MiB buffer for each small baked PNG was fresh
            // memory each time, zeroed by the kernel (1 % of the CPU of 1,000 credentials
            // with 1,000 awards).
            let capacity = body.len().clamp(1, 1 << 20);
            let mut w = io::BufWriter::with_capacity(capacity, fs::File::create(path)?);
            body.write_to(&mut w)?;
            w.into_inner().map_err(io::IntoInnerError::into_error)?;
            Ok(())
        }
    }
}

/// Puts `staging` in the place of `out`, the old folder moved aside to `old` (which the
/// caller removes), so `out` is missing only between two renames.
fn swap(staging: &Path, out: &Path, old: &Path) -> Result<(), WriteError> {
    if out.exists() {
        fs::rename(out, old).map_err(io_err(out))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        // Put the previous site back before reporting.
        let _ = fs::rename(old, out);
        return Err(WriteError::Io {
            path: out.to_path_buf(),
            source: e,
        });
    }
    Ok(())
}

/// Shared by `write_changed` and whoever reads the output folder while it runs (the dev
/// server): pages are overwritten in place while it is held for writing and read only while
/// it is held for reading, so no reader ever sees a page half-written.
#[derive(Debug, Clone, Default)]
pub struct OutputLock(Arc<RwLock<()>>);

impl OutputLock {
    pub fn read(&self) -> RwLockReadGuard<'_, ()> {
        // The lock guards no data: a panic while holding it leaves nothing inconsistent.
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, ()> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Dev-server variant: writes only the given files into the existing output and removes the
/// listed stale paths. A page-sized file that exists is overwritten in place, under `lock`
/// (see `overwrite`); anything else is written to a temp file renamed over the old one.
pub fn write_changed(
    out: &Path,
    files: &[OutFile],
    removed: &[String],
    lock: &OutputLock,
) -> Result<WriteStats, WriteError> {
    check_paths(files)?;
    let _writing = files
        .iter()
        .any(|f| f.body.len() < COMPARE_LIMIT)
        .then(|| lock.write());
    let written: Vec<bool> = files
        .par_iter()
        .map(|f| {
            let target = out.join(&f.path);
            // Catalog-wide files (the bulk graph, the home page) change with nearly every
            // edit and are large: reading them back to compare would double the I/O.
            if f.body.len() < COMPARE_LIMIT && same_bytes(&target, &f.body) {
                return Ok(false);
            }
            if f.body.len() < COMPARE_LIMIT
                && overwrite(&target, &f.body).map_err(io_err(&target))?
            {
                return Ok(true);
            }
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(io_err(dir))?;
            }
            // The whole file name is kept: `index.html` and `index.jsonld` sit side by side.
            let mut tmp_name = target.file_name().unwrap_or_default().to_os_string();
            tmp_name.push(".credcat-tmp");
            let tmp = target.with_file_name(tmp_name);
            write_file(&tmp, &f.body).map_err(io_err(&tmp))?;
            fs::rename(&tmp, &target).map_err(io_err(&target))?;
            Ok(true)
        })
        .collect::<Result<_, WriteError>>()?;
    for r in removed {
        if check_paths(&[OutFile::new(r.clone(), Vec::new())]).is_ok() {
            let file = out.join(r);
            let _ = fs::remove_file(&file);
            // A page's folder goes with its last file, as in a full build; `remove_dir`
            // leaves a folder that still holds something.
            let mut dir = file.parent();
            while let Some(d) = dir.filter(|d| *d != out && fs::remove_dir(d).is_ok()) {
                dir = d.parent();
            }
        }
    }
    let n = written.iter().filter(|w| **w).count();
    Ok(WriteStats {
        written: n,
        unchanged: written.len() - n,
    })
}

/// Overwrites an existing file's bytes in place, when it is a plain file of its own; `false`
/// when it is not there to overwrite. A temp file renamed over the old one costs ext4 an
/// inode allocated and one freed per file, ten times the time of the write itself for a
/// page; a file hard-linked elsewhere (an older output's) must not change under that name.
fn overwrite(path: &Path, body: &Body) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = fs::symlink_metadata(path) else {
            return Ok(false);
        };
        if !meta.is_file() || meta.nlink() != 1 {
            return Ok(false);
        }
        let mut file = fs::OpenOptions::new().write(true).open(path)?;
        body.write_to(&mut file)?;
        file.set_len(body.len() as u64)?;
        Ok(true)
    }
    #[cfg(not(unix))]
    {
        let _ = (path, body);
        Ok(false)
    }
}

/// Files at least this large are rewritten without comparing (see `write_changed`).
const COMPARE_LIMIT: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_paths_that_leave_the_output() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "a\\b", ""] {
            assert!(check_paths(&[OutFile::new(bad, "x")]).is_err(), "{bad}");
        }
        assert!(check_paths(&[OutFile::new("a/b.html", "x")]).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn changed_pages_are_overwritten_in_place_unless_linked_elsewhere() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                OutFile::new("a/index.html", "a long first version"),
                OutFile::new("b/index.html", "b one"),
            ],
        )
        .unwrap();
        let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        let (a, b) = (inode("a/index.html"), inode("b/index.html"));
        // b is also linked from elsewhere: that copy must keep its bytes.
        let other = dir.path().join("elsewhere.html");
        fs::hard_link(out.join("b/index.html"), &other).unwrap();
        let lock = OutputLock::default();
        let stats = write_changed(
            &out,
            &[
                OutFile::new("a/index.html", "shorter"),
                OutFile::new("b/index.html", "b two"),
                OutFile::new("c/index.html", "new"),
            ],
            &[],
            &lock,
        )
        .unwrap();
        assert_eq!(stats.written, 3);
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "shorter"
        );
        assert_eq!(inode("a/index.html"), a, "overwritten where it is");
        assert_eq!(
            fs::read_to_string(out.join("b/index.html")).unwrap(),
            "b two"
        );
        assert_ne!(inode("b/index.html"), b, "replaced, not overwritten");
        assert_eq!(fs::read_to_string(&other).unwrap(), "b one");
        assert_eq!(fs::read_to_string(out.join("c/index.html")).unwrap(), "new");
    }

    #[test]
    fn swaps_whole_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s1 = write_site(
            &out,
            &[OutFile::new("a.html", "1"), OutFile::new("d/b.html", "2")],
        )
        .unwrap();
        assert_eq!(s1.written, 2);
        let s2 = write_site(
            &out,
            &[OutFile::new("a.html", "1"), OutFile::new("c.html", "3")],
        )
        .unwrap();
        assert_eq!((s2.written, s2.unchanged), (1, 1));
        assert!(!out.join("d/b.html").exists());
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "3");
    }

    #[test]
    fn leftovers_of_killed_builds_are_cleaned_and_a_moved_site_restored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A pid no process has (above Linux's pid_max).
        let dead = 4_194_399;
        let stale_new = dir.path().join(format!(".public.new-{dead}"));
        fs::create_dir_all(stale_new.join("credentials")).unwrap();
        fs::write(stale_new.join("credentials/x.html"), "half").unwrap();
        let moved = dir.path().join(format!(".public.old-{dead}"));
        fs::create_dir_all(&moved).unwrap();
        fs::write(moved.join("index.html"), "previous").unwrap();
        // The build that moved it had marked the output as its own.
        fs::write(marker_of(&out), "").unwrap();
        let unrelated = dir.path().join(".public.new-notapid");
        fs::create_dir_all(&unrelated).unwrap();
        clean_leftovers(dir.path(), "public", &out);
        assert!(!stale_new.exists());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!moved.exists());
        assert!(unrelated.exists());
        // With the site in place, a moved-aside copy is just removed.
        fs::create_dir_all(&moved).unwrap();
        let files = vec![OutFile::new("index.html", b"new".to_vec())];
        write_site(&out, &files).unwrap();
        assert!(!moved.exists());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
    }

    #[test]
    fn the_ownership_marker_sits_beside_the_output_not_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[OutFile::new("a.html", "1")]).unwrap();
        assert!(dir.path().join(".site.credcat-output").is_file());
        assert!(!out.join(LEGACY_MARKER).exists());
        // The marker is what lets the next build replace it.
        write_site(&out, &[OutFile::new("b.html", "2")]).unwrap();
        assert!(!out.join("a.html").exists());
        // A folder from an older version, marked inside, is still replaced.
        let old = dir.path().join("old");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join(LEGACY_MARKER), "").unwrap();
        fs::write(old.join("x.html"), "x").unwrap();
        write_site(&old, &[OutFile::new("a.html", "1")]).unwrap();
        assert!(!old.join(LEGACY_MARKER).exists() && !old.join("x.html").exists());
    }

    #[test]
    fn will_not_replace_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), "x").unwrap();
        let err = write_site(dir.path(), &[OutFile::new("a.html", "1")]).unwrap_err();
        assert!(matches!(err, WriteError::NotOurs(_)));
        assert!(dir.path().join("precious.txt").exists());
    }

    #[test]
    fn a_file_that_cannot_be_written_is_named_by_its_place_in_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[OutFile::new("a.html", "old")]).unwrap();
        // `x` is a file and a folder at once: whichever is put second cannot be written.
        let err = write_site(
            &out,
            &[OutFile::new("x", "1"), OutFile::new("x/index.html", "2")],
        )
        .unwrap_err();
        let WriteError::Staged { file, .. } = &err else {
            panic!("{err:?}");
        };
        assert!(file == "x" || file == "x/index.html", "{file}");
        let message = err.to_string();
        assert!(message.contains(&out.display().to_string()), "{message}");
        assert!(
            message.contains("is as it was before this build"),
            "{message}"
        );
        // The staging folder, gone by the time anyone reads this, is not what it names.
        assert!(!message.contains(".new-"), "{message}");
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "old");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert!(left
            .iter()
            .all(|e| !e.file_name().to_string_lossy().contains(".new-")));
    }

    #[test]
    fn a_full_disk_says_a_build_needs_room_for_two_sites() {
        let err = WriteError::Staged {
            out: PathBuf::from("/srv/catalog/public"),
            file: "credentials/sql/index.html".into(),
            written: 2_345_678,
            source: io::Error::from(io::ErrorKind::StorageFull),
        };
        let message = err.to_string();
        for part in [
            "cannot write the new site into /srv/catalog/public: the disk is full",
            "at credentials/sql/index.html after 2.3 MB",
            "/srv/catalog/public is as it was before this build",
            "room for both at once",
            "--output",
        ] {
            assert!(message.contains(part), "{part}: {message}");
        }
    }
}
