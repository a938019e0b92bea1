//! The catalog root is the boundary for everything `load` reads. Every file a build opens
//! (config, content, templates, static files) goes through [`Boundary::read`], which refuses,
//! before opening anything:
//!
//! - a path whose real location (symlinks followed) is outside the catalog root, so a link in
//!   `content/` to `/etc/passwd` or `/proc/self/environ` is never read, published or quoted;
//! - anything under `.credcat/` and the issuer's key file, wherever a link points at them;
//! - special files (FIFOs, devices, sockets), which can block a read forever;
//! - files larger than a limit per kind, so one stray video or a generated monster cannot
//!   take the machine's memory.
//!
//! It is not a defence against a race with a process rewriting the catalog while it is read;
//! it is the line between what the catalog's authors wrote and the rest of the machine.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The most a content file (`.md`, award `.csv`/`.toml`) may hold.
pub const CONTENT_LIMIT: u64 = 8 * 1024 * 1024;
/// The most `site-config.toml` or one template may hold.
pub const TEXT_LIMIT: u64 = 2 * 1024 * 1024;
/// The most one static file (an image, a font, a PDF) may hold.
pub const STATIC_LIMIT: u64 = 256 * 1024 * 1024;

/// Why a file in the catalog was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("it does not exist")]
    NotFound,
    #[error("it is a link to a file outside the catalog folder ({target})")]
    Outside { target: String },
    #[error("it is (or links to) the issuer's private key or a file under .credcat/")]
    Secret,
    #[error("it is a {kind}, not a regular file")]
    Special { kind: &'static str },
    #[error("it holds {size} bytes, more than the {limit} bytes a file of its kind may hold")]
    TooLarge { size: u64, limit: u64 },
    #[error("{0}")]
    Io(String),
}

impl ReadError {
    /// What to do about it, for a diagnostic's `help:` line.
    pub fn help(&self) -> &'static str {
        match self {
            ReadError::NotFound => "create the file, or remove what refers to it",
            ReadError::Outside { .. } => {
                "copy the file into the catalog folder instead of linking to it: credcat reads nothing outside the catalog"
            }
            ReadError::Secret => {
                "remove the link: the signing key must never be read as content or published"
            }
            ReadError::Special { .. } => "replace it with a regular file",
            ReadError::TooLarge { .. } => {
                "split the file, or host a large asset elsewhere and link to it"
            }
            ReadError::Io(_) => "check the file's permissions (credcat must be able to read it)",
        }
    }
}

/// The catalog root, resolved once, and the secret paths no read may reach.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Boundary {
    root: PathBuf,
    secrets: Vec<PathBuf>,
}

impl Boundary {
    /// The boundary of the catalog at `root`. `key_file` is the issuer key's path from the
    /// config (relative to the root or absolute), refused wherever a link points at it.
    pub fn new(root: &Path, key_file: Option<&Path>) -> Boundary {
        let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
        let mut secrets = vec![real_root.join(".credcat")];
        if let Some(key) = key_file {
            let key = real_root.join(key);
            secrets.push(std::fs::canonicalize(&key).unwrap_or(key));
        }
        Boundary {
            root: real_root,
            secrets,
        }
    }

    /// The catalog root, symlinks resolved.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `path` (absolute, or relative to the root) really is, if reading it is allowed.
    pub fn check(&self, path: &Path) -> Result<PathBuf, ReadError> {
        let path = self.root.join(path);
        let meta = std::fs::symlink_metadata(&path).map_err(io_error)?;
        let real = std::fs::canonicalize(&path).map_err(io_error)?;
        if !real.starts_with(&self.root) {
            return Err(ReadError::Outside {
                target: real.display().to_string(),
            });
        }
        if self.secrets.iter().any(|s| real.starts_with(s)) {
            return Err(ReadError::Secret);
        }
        // A link's own metadata says "symlink"; what matters is what it points at.
        let meta = if meta.file_type().is_symlink() {
            std::fs::metadata(&real).map_err(io_error)?
        } else {
            meta
        };
        if let Some(kind) = special_kind(&meta) {
            return Err(ReadError::Special { kind });
        }
        Ok(real)
    }

    /// Reads a file inside the catalog, refusing what [`Boundary::check`] refuses and anything
    /// over `limit` bytes.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        let real = self.check(path)?;
        let file = std::fs::File::open(&real).map_err(io_error)?;
        let size = file.metadata().map_err(io_error)?.len();
        if size > limit {
            return Err(ReadError::TooLarge { size, limit });
        }
        let mut bytes = Vec::with_capacity(size as usize);
        // `take` also bounds a file that grows while it is read.
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        if bytes.len() as u64 > limit {
            return Err(ReadError::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        Ok(bytes)
    }
}

fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("device");
        }
    }
    Some("special file")
}

fn io_error(e: std::io::Error) -> ReadError {
    if e.kind() == std::io::ErrorKind::NotFound {
        ReadError::NotFound
    } else {
        // The OS's words only ("Permission denied"): never the file's contents.
        ReadError::Io(e.kind().to_string())
    }
}

/// `p` made absolute against the current folder, `.` and `..` folded, without touching the disk.
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn catalog() -> (tempfile::TempDir, Boundary) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("cat/content")).unwrap();
        std::fs::create_dir_all(dir.path().join("cat/.credcat")).unwrap();
        std::fs::write(dir.path().join("cat/content/a.md"), "a").unwrap();
        std::fs::write(dir.path().join("cat/.credcat/issuer.key"), "secret").unwrap();
        std::fs::write(dir.path().join("outside.txt"), "outside").unwrap();
        let b = Boundary::new(
            &dir.path().join("cat"),
            Some(Path::new(".credcat/issuer.key")),
        );
        (dir, b)
    }

    #[test]
    fn reads_inside_and_follows_links_that_stay_inside() {
        let (dir, b) = catalog();
        assert_eq!(b.read(Path::new("content/a.md"), 10).unwrap(), b"a");
        symlink("a.md", dir.path().join("cat/content/b.md")).unwrap();
        assert_eq!(b.read(Path::new("content/b.md"), 10).unwrap(), b"a");
    }

    #[test]
    fn refuses_links_outside_secrets_specials_and_large_files() {
        let (dir, b) = catalog();
        let c = dir.path().join("cat/content");
        symlink(dir.path().join("outside.txt"), c.join("out.md")).unwrap();
        symlink("/proc/self/environ", c.join("env.md")).unwrap();
        symlink("../.credcat/issuer.key", c.join("key.md")).unwrap();
        assert!(matches!(
            b.read(Path::new("content/out.md"), 99),
            Err(ReadError::Outside { .. })
        ));
        assert!(matches!(
            b.read(Path::new("content/env.md"), 99),
            Err(ReadError::Outside { .. })
        ));
        assert_eq!(
            b.read(Path::new("content/key.md"), 99),
            Err(ReadError::Secret)
        );
        assert!(matches!(
            b.read(Path::new("content/a.md"), 0),
            Err(ReadError::TooLarge { .. })
        ));
        let fifo = c.join("fifo.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        assert!(made, "mkfifo failed");
        assert!(matches!(
            b.read(Path::new("content/fifo.md"), 99),
            Err(ReadError::Special { .. })
        ));
        assert_eq!(
            b.read(Path::new("content/none.md"), 99),
            Err(ReadError::NotFound)
        );
    }
}
