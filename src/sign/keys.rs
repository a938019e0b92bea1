//! Ed25519 keys: generation, Multikey / did:key forms, and the issuer's key file.
//!
//! The key file written by `credcat keygen` is a PKCS#8 PEM document
//! (`-----BEGIN PRIVATE KEY-----`, RFC 8410), the format `openssl genpkey -algorithm
//! ed25519` also writes. It is created with mode 0600 and never replaces an existing file.
//! [`load_key_file`] refuses a key file that group or others may read, the way ssh does,
//! and tells the user the `chmod` that fixes it. [`load_key_from_env`] takes the same
//! content from an environment variable (for CI), or a multibase secret key `z3u2…`.
//!
//! Secrets never reach a log: [`SigningKey`]'s `Debug` prints only the public key, and no
//! error here carries key material.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
pub use ed25519_dalek::{SigningKey, VerifyingKey};

use super::multibase::{self, MultibaseError, ED25519_PRIV_HEADER, ED25519_PUB_HEADER};

/// Something went wrong reading, writing or decoding a key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot {action} key file '{path}': {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "permissions {mode:04o} for '{path}' are too open: a signing key must be readable by \
         its owner only; run `chmod 600 {path}`",
        path = path.display()
    )]
    TooOpen { path: PathBuf, mode: u32 },
    #[error(
        "key file '{path}' already exists; credcat will not overwrite a signing key \
         (move it away first if you really want a new key)",
        path = path.display()
    )]
    Exists { path: PathBuf },
    #[error("not a PKCS#8 Ed25519 private key: {0}")]
    Pkcs8(String),
    #[error("bad multibase secret key: {0}")]
    Multibase(#[from] MultibaseError),
    #[error(
        "unrecognised key: expected a PEM private key (-----BEGIN PRIVATE KEY-----) or a \
         multibase Ed25519 secret key (z3u2…)"
    )]
    Unrecognized,
    #[error("'{0}' is not a did:key Ed25519 verification method (expected did:key:z6Mk…)")]
    NotDidKey(String),
    #[error("did:key '{0}' has a fragment that does not match its key")]
    FragmentMismatch(String),
    #[error("the bytes are not a valid Ed25519 public key")]
    InvalidPublicKey,
}

impl KeyError {
    fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        KeyError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A new random signing key from the operating system's generator.
pub fn generate_key() -> SigningKey {
    SigningKey::generate(&mut rand::rng())
}

/// The Multikey form of a public key: `z6Mk…`.
pub fn public_multikey(key: &VerifyingKey) -> String {
    multibase::encode_multikey(ED25519_PUB_HEADER, key.as_bytes())
}

/// Decodes a `z6Mk…` Multikey into a public key.
pub fn decode_public_multikey(value: &str) -> Result<VerifyingKey, KeyError> {
    let bytes = multibase::decode_multikey(ED25519_PUB_HEADER, value)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::InvalidPublicKey)
}

/// The multibase form of a secret key seed: `z3u2…`. Treat the result as a secret.
pub fn secret_multikey(key: &SigningKey) -> String {
    multibase::encode_multikey(ED25519_PRIV_HEADER, key.as_bytes())
}

/// Decodes a `z3u2…` multibase secret key seed.
pub fn decode_secret_multikey(value: &str) -> Result<SigningKey, KeyError> {
    let seed = multibase::decode_multikey(ED25519_PRIV_HEADER, value)?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The did:key DID of a public key: `did:key:z6Mk…`.
pub fn did_key(key: &VerifyingKey) -> String {
    format!("did:key:{}", public_multikey(key))
}

/// The verification method id of a did:key: `did:key:z6Mk…#z6Mk…`.
pub fn did_key_verification_method(key: &VerifyingKey) -> String {
    let mk = public_multikey(key);
    format!("did:key:{mk}#{mk}")
}

/// Resolves a did:key DID or verification method id (`did:key:z6Mk…` or
/// `did:key:z6Mk…#z6Mk…`) to its public key. The key is in the identifier itself, so this
/// needs no network.
pub fn resolve_did_key(id: &str) -> Result<VerifyingKey, KeyError> {
    let rest = id
        .strip_prefix("did:key:")
        .ok_or_else(|| KeyError::NotDidKey(id.to_string()))?;
    let (mk, fragment) = match rest.split_once('#') {
        Some((mk, fragment)) => (mk, Some(fragment)),
        None => (rest, None),
    };
    if !mk.starts_with("z6Mk") {
        return Err(KeyError::NotDidKey(id.to_string()));
    }
    if fragment.is_some_and(|f| f != mk) {
        return Err(KeyError::FragmentMismatch(id.to_string()));
    }
    decode_public_multikey(mk)
}

/// Parses key content: a PKCS#8 PEM private key or a multibase secret key (`z3u2…`).
pub fn parse_key(content: &str) -> Result<SigningKey, KeyError> {
    let text = content.trim();
    if text.starts_with("-----BEGIN") {
        SigningKey::from_pkcs8_pem(text).map_err(|e| KeyError::Pkcs8(e.to_string()))
    } else if text.starts_with('z') {
        decode_secret_multikey(text)
    } else {
        Err(KeyError::Unrecognized)
    }
}

/// Reads a signing key from the value of an environment variable (PEM or `z3u2…`).
pub fn load_key_from_env(value: &str) -> Result<SigningKey, KeyError> {
    parse_key(value)
}

/// Reads the issuer's key file, refusing one that group or others could read.
pub fn load_key_file(path: &Path) -> Result<SigningKey, KeyError> {
    let mut file = File::open(path).map_err(|e| KeyError::io("read", path, e))?;
    // Check the permissions of the file we opened, not of the path, so that a swap between
    // the check and the read cannot slip through.
    let meta = file.metadata().map_err(|e| KeyError::io("read", path, e))?;
    check_private(path, &meta)?;
    let mut content = String::new();
    file.read_to_string(&mut content)
        .map_err(|e| KeyError::io("read", path, e))?;
    let key = parse_key(&content);
    wipe(&mut content);
    key
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &fs::Metadata) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::TooOpen {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &fs::Metadata) -> Result<(), KeyError> {
    // No portable owner-only permission bits; the file system's ACLs are the user's call.
    Ok(())
}

/// Writes `key` to a new key file at `path` as PKCS#8 PEM, with mode 0600.
///
/// The key is written to a temporary file (created 0600 from the start, in the same
/// folder) and then hard-linked to `path`, so `path` either does not exist or holds the
/// whole key, and an existing file is never replaced ([`KeyError::Exists`]).
pub fn write_key_file(path: &Path, key: &SigningKey) -> Result<(), KeyError> {
    if path.exists() {
        return Err(KeyError::Exists {
            path: path.to_path_buf(),
        });
    }
    let pem = key
        .to_pkcs8_pem(Default::default())
        .map_err(|e| KeyError::Pkcs8(e.to_string()))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "key".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_new_private(&tmp, pem.as_bytes()).and_then(|()| {
        fs::hard_link(&tmp, path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                KeyError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                KeyError::io("write", path, e)
            }
        })
    });
    // The temporary name is ours alone (create_new); remove it whatever happened.
    let _ = fs::remove_file(&tmp);
    result
}

fn write_new_private(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| KeyError::io("create", path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| KeyError::io("write", path, e))
}

/// Overwrites a string that held key material before it is dropped.
fn wipe(s: &mut String) {
    // Same length, so no reallocation: the zeros land on the bytes that held the key.
    let zeros = "\0".repeat(s.len());
    s.replace_range(.., &zeros);
    s.clear();
}

/// HMAC-SHA256 (RFC 2104); hand-written over `sha2` to avoid a second digest crate version.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use sha2::{Digest as _, Sha256};
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Case 6: a key longer than the block is hashed first.
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex::encode(mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    const W3C_PUBLIC: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    const W3C_SECRET: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";

    #[test]
    fn multikey_round_trip_matches_w3c_key_pair() {
        let key = decode_secret_multikey(W3C_SECRET).unwrap();
        assert_eq!(public_multikey(&key.verifying_key()), W3C_PUBLIC);
        assert_eq!(secret_multikey(&key), W3C_SECRET);
        assert_eq!(
            did_key_verification_method(&key.verifying_key()),
            format!("did:key:{W3C_PUBLIC}#{W3C_PUBLIC}")
        );
    }

    #[test]
    fn did_key_resolution() {
        let vm = format!("did:key:{W3C_PUBLIC}#{W3C_PUBLIC}");
        let key = resolve_did_key(&vm).unwrap();
        assert_eq!(public_multikey(&key), W3C_PUBLIC);
        assert_eq!(
            public_multikey(&resolve_did_key(&format!("did:key:{W3C_PUBLIC}")).unwrap()),
            W3C_PUBLIC
        );
        assert!(matches!(
            resolve_did_key("did:web:example.edu#key-1"),
            Err(KeyError::NotDidKey(_))
        ));
        assert!(matches!(
            resolve_did_key(&format!("did:key:{W3C_PUBLIC}#key-1")),
            Err(KeyError::FragmentMismatch(_))
        ));
        assert!(resolve_did_key("did:key:z6Mk").is_err());
        assert!(resolve_did_key("did:key:").is_err());
    }

    #[test]
    fn debug_does_not_leak_the_secret() {
        let key = decode_secret_multikey(W3C_SECRET).unwrap();
        let debug = format!("{key:?}");
        let seed_hex = hex::encode(key.to_bytes());
        assert!(!debug.contains(&seed_hex), "{debug}");
        assert!(!debug.contains(W3C_SECRET));
        let bytes_debug = format!("{:?}", key.to_bytes());
        assert!(!debug.contains(&bytes_debug[1..bytes_debug.len() - 1]));
    }

    #[test]
    fn key_file_is_created_0600_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issuer.key");
        let key = generate_key();
        write_key_file(&path, &key).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));
        let loaded = load_key_file(&path).unwrap();
        assert_eq!(loaded.to_bytes(), key.to_bytes());
        // Same content from the environment.
        assert_eq!(load_key_from_env(&text).unwrap().to_bytes(), key.to_bytes());
        // Never overwrite; no temporary file left behind.
        assert!(matches!(
            write_key_file(&path, &generate_key()),
            Err(KeyError::Exists { .. })
        ));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn open_key_file_is_refused_with_chmod_hint() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issuer.key");
        write_key_file(&path, &generate_key()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_key_file(&path).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, KeyError::TooOpen { mode: 0o644, .. }));
        assert!(msg.contains("permissions 0644"), "{msg}");
        assert!(
            msg.contains(&format!("chmod 600 {}", path.display())),
            "{msg}"
        );
    }

    #[test]
    fn env_accepts_multibase_and_rejects_junk() {
        let key = load_key_from_env(&format!("  {W3C_SECRET}\n")).unwrap();
        assert_eq!(public_multikey(&key.verifying_key()), W3C_PUBLIC);
        assert!(matches!(
            load_key_from_env("hello"),
            Err(KeyError::Unrecognized)
        ));
        assert!(load_key_from_env(W3C_PUBLIC).is_err());
        assert!(
            load_key_from_env("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
                .is_err()
        );
        // Errors never echo the secret back.
        let err = load_key_from_env("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjx").unwrap_err();
        assert!(!err.to_string().contains("z3u2en7t5"));
    }
}
