//! Where the issuer's signing key comes from, and `credcat keygen`.
//!
//! A build signs with the key in the environment variable named by `[badges] key_env` when it
//! is set (deploys from CI keep the key in a secret), otherwise with the file at
//! `[badges] key_file` (relative to the catalog root). The file is refused when group or
//! others may read it ([`crate::sign::load_key_file`]), and `keygen` refuses to put it
//! anywhere that gets published or committed with the content.

use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::sign::{self, KeyError, SigningKey};

/// The key the badge emitter signs with.
pub enum Signer {
    /// The issuer's real key.
    Key(SigningKey),
    /// No key could be loaded; the reason says how to get one. Fatal only when there are
    /// awards to sign.
    Unavailable(String),
    /// `credcat check`: every badge is still built and signed (so anything that would fail a
    /// build fails the check) with a fixed throwaway key, and nothing is written.
    Preview(SigningKey),
}

impl Signer {
    /// A key that is never the issuer's: derived from a public constant, so `check` needs no
    /// secret and its runs are reproducible.
    pub fn preview() -> Signer {
        use sha2::{Digest, Sha256};
        let seed: [u8; 32] = Sha256::digest(b"credcat preview key: not an issuer key").into();
        Signer::Preview(SigningKey::from_bytes(&seed))
    }

    pub fn key(&self) -> Result<&SigningKey, &str> {
        match self {
            Signer::Key(k) | Signer::Preview(k) => Ok(k),
            Signer::Unavailable(reason) => Err(reason),
        }
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SigningKey's Debug shows only the public half; keep it that way here too.
        match self {
            Signer::Key(k) => write!(
                f,
                "Signer::Key({})",
                sign::keys::public_multikey(&k.verifying_key())
            ),
            Signer::Preview(_) => f.write_str("Signer::Preview"),
            Signer::Unavailable(r) => write!(f, "Signer::Unavailable({r:?})"),
        }
    }
}

/// The key file's path: `key_file` from the config, relative to the root unless absolute.
pub fn key_path(root: &Path, config: &SiteConfig) -> PathBuf {
    if config.badges.key_file.is_absolute() {
        config.badges.key_file.clone()
    } else {
        root.join(&config.badges.key_file)
    }
}

/// Loads the signing key: the environment variable first, then the key file. Never fails:
/// a missing or unusable key becomes [`Signer::Unavailable`] with a message that says what
/// to do, because a catalog without awards needs no key.
pub fn load_signer(root: &Path, config: &SiteConfig) -> Signer {
    let env = &config.badges.key_env;
    if let Some(value) = std::env::var_os(env).filter(|v| !v.is_empty()) {
        let Some(value) = value.to_str() else {
            return Signer::Unavailable(format!(
                "the environment variable {env} is not valid UTF-8"
            ));
        };
        return match sign::load_key_from_env(value) {
            Ok(k) => Signer::Key(k),
            Err(e) => Signer::Unavailable(format!(
                "the environment variable {env} does not hold a usable key: {e}"
            )),
        };
    }
    let path = key_path(root, config);
    match sign::load_key_file(&path) {
        Ok(k) => Signer::Key(k),
        Err(KeyError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => Signer::Unavailable(format!(
            "no signing key: {} does not exist and {env} is not set; run `credcat keygen` to create the key \
             (or set {env} to the key, e.g. in CI)",
            path.display()
        )),
        Err(e) => Signer::Unavailable(e.to_string()),
    }
}

/// For previews (the dev server): the issuer's key when one is available, otherwise the
/// preview key, so a catalog can be previewed before `credcat keygen`.
pub fn signer_or_preview(root: &Path, config: &SiteConfig) -> Signer {
    match load_signer(root, config) {
        Signer::Unavailable(_) => Signer::preview(),
        other => other,
    }
}

/// What `credcat keygen` made.
#[derive(Debug, Clone)]
pub struct KeygenReport {
    pub path: PathBuf,
    pub public_multikey: String,
    pub did: String,
    pub did_key: String,
}

#[derive(Debug, thiserror::Error)]
pub enum KeygenError {
    #[error(
        "refusing to put the signing key at {path}: it is inside {folder}/, which is published or \
         committed with the catalog; set [badges] key_file to a path outside it (default .credcat/issuer.key)"
    )]
    PublicFolder { path: String, folder: String },
    #[error("cannot remove the old key {path}: {source}")]
    Remove {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot create the folder {path}: {source}")]
    Mkdir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Did(#[from] sign::DidError),
}

/// Folders whose files are read as content or published, relative to the root.
const PUBLISHED_FOLDERS: [&str; 4] = ["content", "static", "templates", "themes"];

/// Where a path really is: the longest part of it that exists with symlinks resolved, then
/// the rest folded (`..`, `.`) without touching the disk (the key file may not exist yet).
fn real_path(p: &Path) -> PathBuf {
    let abs = crate::load::sandbox::absolute(p);
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            for c in rest.iter().rev() {
                out.push(c);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// Refuses a key path inside content/, static/, templates/, themes/ or the output folder,
/// whatever the spelling of the root (relative, `..`, symlinks). `key_file` is the config's
/// value (relative to the root unless absolute); `output` is relative to the current folder.
pub fn check_key_location(root: &Path, key_file: &Path, output: &Path) -> Result<(), KeygenError> {
    let root = real_path(root);
    let key = real_path(&root.join(key_file));
    let mut folders: Vec<(PathBuf, String)> = PUBLISHED_FOLDERS
        .iter()
        .map(|f| (real_path(&root.join(f)), f.to_string()))
        .collect();
    folders.push((real_path(output), output.display().to_string()));
    for (folder, name) in folders {
        if key.starts_with(&folder) {
            return Err(KeygenError::PublicFolder {
                path: key_file.display().to_string(),
                folder: name,
            });
        }
    }
    Ok(())
}

/// Creates the issuer key at the config's `key_file` (mode 0600). With `force`, an existing
/// key is replaced — every badge signed with it stops verifying once the site is rebuilt.
pub fn keygen(
    root: &Path,
    config: &SiteConfig,
    output: &Path,
    force: bool,
) -> Result<KeygenReport, KeygenError> {
    check_key_location(root, &config.badges.key_file, output)?;
    let path = key_path(root, config);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| KeygenError::Mkdir {
            path: parent.display().to_string(),
            source,
        })?;
        // A folder of our own making for the key: keep it private too.
        #[cfg(unix)]
        if parent.ends_with(".credcat") {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o700));
        }
    }
    if force && path.exists() {
        std::fs::remove_file(&path).map_err(|source| KeygenError::Remove {
            path: path.display().to_string(),
            source,
        })?;
    }
    let key = sign::generate_key();
    sign::write_key_file(&path, &key)?;
    let public = key.verifying_key();
    Ok(KeygenReport {
        path,
        public_multikey: sign::keys::public_multikey(&public),
        did: sign::did_web_for_base_url(&config.base_url)?,
        did_key: sign::did_key(&public),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_inside_published_folders_is_refused() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert!(check_key_location(root, Path::new(".credcat/issuer.key"), out).is_ok());
        assert!(check_key_location(root, Path::new("/elsewhere/k.key"), out).is_ok());
        for bad in [
            "content/k.key",
            "static/x/k.key",
            "templates/k",
            "themes/default/k",
            "public/k.key",
            "a/../content/k",
        ] {
            assert!(
                check_key_location(root, Path::new(bad), out).is_err(),
                "{bad}"
            );
        }
        assert!(check_key_location(root, Path::new("/site/static/k"), out).is_err());
        assert!(check_key_location(root, Path::new("/tmp/out/k"), Path::new("/tmp/out")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn key_location_is_checked_whatever_the_root_spelling() {
        let cwd = std::env::current_dir().unwrap();
        std::fs::create_dir_all(cwd.join("target")).unwrap();
        let dir = tempfile::tempdir_in(cwd.join("target")).unwrap();
        let rel_root = dir.path().strip_prefix(&cwd).unwrap().join("cat");
        std::fs::create_dir_all(rel_root.join(".credcat")).unwrap();
        std::fs::create_dir_all(rel_root.join("static")).unwrap();
        let out = rel_root.join("public");
        // Relative root, key under static/: refused (the check once compared root/root/…).
        assert!(check_key_location(&rel_root, Path::new("static/k.key"), &out).is_err());
        assert!(check_key_location(&rel_root, Path::new("./static/../static/k"), &out).is_err());
        assert!(check_key_location(&rel_root, Path::new(".credcat/issuer.key"), &out).is_ok());
        // static/ is a link to the key's folder: the key would be published through it.
        std::fs::remove_dir(rel_root.join("static")).unwrap();
        std::os::unix::fs::symlink(".credcat", rel_root.join("static")).unwrap();
        assert!(check_key_location(&rel_root, Path::new(".credcat/issuer.key"), &out).is_err());
        // The output folder given relative to the current folder.
        assert!(check_key_location(&rel_root, Path::new("public/k"), &out).is_err());
    }

    #[test]
    fn preview_key_is_fixed() {
        let (Signer::Preview(a), Signer::Preview(b)) = (Signer::preview(), Signer::preview())
        else {
            panic!("preview() builds a Preview signer");
        };
        assert_eq!(a.to_bytes(), b.to_bytes());
    }
}
