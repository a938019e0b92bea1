//! A content-keyed cache of Data Integrity signatures, so that a build signs only the
//! proofs whose signed inputs changed.
//!
//! Ed25519 (RFC 8032) is deterministic: one key over the same bytes always gives the same
//! signature. What a proof signs is a function of the suite, the proof options and the
//! document without its proofs (through the bundled contexts and this crate's code), so a
//! signature can be looked up by a hash of exactly those inputs instead of being computed
//! again, and a hit gives the bytes a cold build would have written.
//!
//! - Key: SHA-256 over a format tag, the crate version, a digest of every bundled context,
//!   the public key, the suite, the RFC 8785 (JCS) form of the proof configuration and the
//!   JCS form of the unsecured document. JCS is a canonical form of the JSON value, so two
//!   documents with the same JCS bytes are the same input to both suites.
//! - Value: the 64-byte signature.
//! - File: `.credcat/cache/signatures-<key id>.bin` in the catalog root, beside the issuer
//!   key and never in the output; one file per public key, so the preview key of `serve` and
//!   the issuer's key do not evict each other. A format tag, the record count, fixed-size
//!   records, then HMAC-SHA256 of all of it.
//!
//! What a hostile or damaged file can do:
//! - It holds no secret. The private key never goes in; the MAC key is derived from it with
//!   HMAC (one-way); documents go in only as SHA-256 hashes, and a credential holds only a
//!   salted hash of its recipient's email anyway. Signatures are published with the badges.
//! - It cannot make a build publish a signature the build did not compute for those inputs:
//!   the whole file is authenticated with a key derived from the signing key, and a file
//!   whose MAC does not check (edited, truncated, written under another key, another format)
//!   is ignored as a whole. Only a build holding the signing key can write a file it
//!   accepts, and a build only writes signatures it computed (or read back under the same
//!   MAC) for the exact inputs hashed into each record's key. A cached signature is
//!   therefore not verified again with the public key: that would cost more than the
//!   `eddsa-jcs-2022` signing it saves, and for `eddsa-rdfc-2022` it would need the canonical
//!   form the cache exists to skip. The byte-for-byte tests (`tests/badges_cli.rs`) compare
//!   warm builds with cold ones.
//! - It never fails a build: a missing, unreadable or rejected file is an empty cache, and a
//!   file that cannot be written is simply not written.
//! - It is never written through a link: when `.credcat` or `.credcat/cache` is a symlink,
//!   the cache lives in memory for that run only.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use ed25519_dalek::Signature;
use sha2::{Digest as _, Sha256};

use super::keys::{hmac_sha256, SigningKey};
use super::proof::Suite;

/// Where the cache files live, relative to the catalog root.
pub const CACHE_DIR: &str = ".credcat/cache";

const MAGIC: &[u8; 26] = b"credcat signature cache 1\n";
const RECORD: usize = 32 + 64;
const MAC: usize = 32;
/// A file larger than this is not read: ~2.8 million records, more than any catalog.
const MAX_FILE: u64 = 256 * 1024 * 1024;

/// The key of one cached signature: a SHA-256 over everything the signature depends on.
pub type CacheKey = [u8; 32];

/// Signatures by the hash of their inputs, for one signing key.
pub struct SignatureCache {
    path: Option<PathBuf>,
    public: [u8; 32],
    mac_key: [u8; 32],
    /// Read from the file.
    known: HashMap<CacheKey, [u8; 64]>,
    /// Used or made by this run: what a pruning save keeps.
    run: Mutex<HashMap<CacheKey, [u8; 64]>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl std::fmt::Debug for SignatureCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureCache")
            .field("path", &self.path)
            .field("known", &self.known.len())
            .field("hits", &self.hits.load(Ordering::Relaxed))
            .field("misses", &self.misses.load(Ordering::Relaxed))
            .finish()
    }
}

/// A digest of every bundled context: a changed context file changes every key.
fn contexts_digest() -> &'static [u8; 32] {
    static DIGEST: OnceLock<[u8; 32]> = OnceLock::new();
    DIGEST.get_or_init(|| {
        let mut h = Sha256::new();
        for c in super::contexts::BUNDLED {
            for part in [c.iri.as_bytes(), c.text.as_bytes()] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part);
            }
        }
        h.finalize().into()
    })
}

/// The catalog's cache folder (`.credcat/cache`, which may not exist yet), unless
/// `.credcat` or `.credcat/cache` is a link: a catalog with such a link (say, committed by
/// someone else) could point the build's writes anywhere, so nothing is cached on disk.
pub fn cache_dir(root: &Path) -> Option<PathBuf> {
    let mut dir = root.to_path_buf();
    for part in Path::new(CACHE_DIR).components() {
        dir.push(part);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return None;
        }
    }
    Some(dir)
}

impl SignatureCache {
    /// A cache that is never read or written (everything misses; nothing is kept on disk).
    pub fn in_memory(key: &SigningKey) -> SignatureCache {
        SignatureCache {
            path: None,
            public: key.verifying_key().to_bytes(),
            mac_key: hmac_sha256(key.as_bytes(), b"credcat/signature-cache/v1"),
            known: HashMap::new(),
            run: Mutex::new(HashMap::new()),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    /// The cache of `key` under the catalog `root`: what its file holds if the file is there
    /// and authentic, else empty. Never fails.
    pub fn open(root: &Path, key: &SigningKey) -> SignatureCache {
        let mut cache = SignatureCache::in_memory(key);
        let Some(dir) = cache_dir(root) else {
            return cache;
        };
        let id = hex::encode(&Sha256::digest(cache.public)[..8]);
        let path = dir.join(format!("signatures-{id}.bin"));
        cache.known = read_file(&path, &cache.mac_key).unwrap_or_default();
        cache.path = Some(path);
        cache
    }

    /// The file this cache is read from and saved to (`None` for an in-memory cache).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The public key whose signatures this cache holds.
    pub fn public_key(&self) -> &[u8; 32] {
        &self.public
    }

    /// The key of a proof's signature: everything the signed bytes depend on.
    pub fn key(&self, suite: Suite, config_jcs: &str, doc_jcs: &str) -> CacheKey {
        let mut h = Sha256::new();
        h.update(MAGIC);
        for part in [
            env!("CARGO_PKG_VERSION").as_bytes(),
            contexts_digest(),
            &self.public,
            suite.name().as_bytes(),
            config_jcs.as_bytes(),
            doc_jcs.as_bytes(),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.finalize().into()
    }

    /// The signature cached under `key`, if any.
    pub fn get(&self, key: &CacheKey) -> Option<Signature> {
        let mut run = self.run.lock().unwrap_or_else(|e| e.into_inner());
        let found = run.get(key).or_else(|| self.known.get(key)).copied();
        match found {
            Some(bytes) => {
                run.insert(*key, bytes);
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(Signature::from_bytes(&bytes))
            }
            None => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Records a signature just computed for the inputs hashed into `key`.
    pub fn put(&self, key: CacheKey, signature: &Signature) {
        self.run
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, signature.to_bytes());
    }

    /// (hits, misses) since the cache was opened.
    pub fn stats(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Writes the cache file (atomically: a temporary file renamed over it). `prune` keeps
    /// only the signatures this run used or made (after a full build: the current awards);
    /// otherwise the file's other entries are kept too (after a partial rebuild). Does
    /// nothing when the file would not change. Errors are for the caller to ignore: a cache
    /// that cannot be saved only makes the next build slower.
    pub fn save(&self, prune: bool) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let run = self.run.lock().unwrap_or_else(|e| e.into_inner());
        let new = run.keys().any(|k| !self.known.contains_key(k));
        let dropped = prune && run.len() < self.known.len();
        if !new && !dropped {
            return Ok(());
        }
        let mut entries: Vec<(&CacheKey, &[u8; 64])> = run.iter().collect();
        if !prune {
            entries.extend(self.known.iter().filter(|(k, _)| !run.contains_key(*k)));
        }
        // Sorted: the same entries make the same file.
        entries.sort_unstable_by_key(|(k, _)| **k);
        let mut bytes = Vec::with_capacity(MAGIC.len() + 8 + entries.len() * RECORD + MAC);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (k, sig) in entries {
            bytes.extend_from_slice(k);
            bytes.extend_from_slice(sig);
        }
        let mac = hmac_sha256(&self.mac_key, &bytes);
        bytes.extend_from_slice(&mac);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(&bytes)?;
            f.sync_data()
        });
        match written.and_then(|()| std::fs::rename(&tmp, path)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

/// The records of an authentic cache file; `None` for a missing, short, oversized, foreign
/// or tampered one.
fn read_file(path: &Path, mac_key: &[u8; 32]) -> Option<HashMap<CacheKey, [u8; 64]>> {
    // Not through the content boundary: this is the build's own file under .credcat/,
    // which content may never read. A symlink or special file is refused all the same.
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let body_len = bytes.len().checked_sub(MAC)?;
    let (body, mac) = bytes.split_at(body_len);
    if !constant_time_eq(&hmac_sha256(mac_key, body), mac) {
        return None;
    }
    let rest = body.strip_prefix(MAGIC.as_slice())?;
    let (count, records) = rest.split_at_checked(8)?;
    let count = u64::from_le_bytes(count.try_into().ok()?) as usize;
    if records.len() != count.checked_mul(RECORD)? {
        return None;
    }
    let mut map = HashMap::with_capacity(count);
    for record in records.chunks_exact(RECORD) {
        let (k, sig) = record.split_at(32);
        map.insert(k.try_into().ok()?, sig.try_into().ok()?);
    }
    Some(map)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Signer as _;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    #[test]
    fn saved_signatures_come_back_and_only_for_the_same_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(1);
        let sig = k.sign(b"data");
        let cache = SignatureCache::open(dir.path(), &k);
        let a = cache.key(Suite::EddsaRdfc2022, "{\"c\":1}", "{\"d\":1}");
        assert!(cache.get(&a).is_none());
        cache.put(a, &sig);
        cache.save(true).unwrap();

        let again = SignatureCache::open(dir.path(), &k);
        assert_eq!(again.get(&a), Some(sig));
        for other in [
            again.key(Suite::EddsaJcs2022, "{\"c\":1}", "{\"d\":1}"),
            again.key(Suite::EddsaRdfc2022, "{\"c\":2}", "{\"d\":1}"),
            again.key(Suite::EddsaRdfc2022, "{\"c\":1}", "{\"d\":2}"),
            // Length-prefixed parts: moving a byte from one part to the next is another key.
            again.key(Suite::EddsaRdfc2022, "{\"c\":1}{", "\"d\":1}"),
        ] {
            assert_ne!(other, a);
            assert!(again.get(&other).is_none());
        }
        // Another key has its own file and its own keys.
        let other = SignatureCache::open(dir.path(), &key(2));
        assert_ne!(other.path(), again.path());
        assert_ne!(other.key(Suite::EddsaRdfc2022, "{\"c\":1}", "{\"d\":1}"), a);
    }

    #[test]
    fn a_tampered_truncated_or_foreign_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(1);
        let cache = SignatureCache::open(dir.path(), &k);
        let a = cache.key(Suite::EddsaJcs2022, "c", "d");
        cache.put(a, &k.sign(b"x"));
        cache.save(true).unwrap();
        let path = cache.path().unwrap().to_path_buf();
        let good = std::fs::read(&path).unwrap();
        assert!(!SignatureCache::open(dir.path(), &k).known.is_empty());

        // One flipped bit anywhere: the whole file is refused.
        for i in [0, MAGIC.len() + 3, MAGIC.len() + 8 + 40, good.len() - 1] {
            let mut bad = good.clone();
            bad[i] ^= 1;
            std::fs::write(&path, &bad).unwrap();
            let c = SignatureCache::open(dir.path(), &k);
            assert!(c.known.is_empty(), "byte {i}");
            assert!(c.get(&a).is_none());
        }
        // Truncated, empty, garbage.
        for bad in [&good[..good.len() - 10], &[][..], b"not a cache".as_slice()] {
            std::fs::write(&path, bad).unwrap();
            assert!(SignatureCache::open(dir.path(), &k).known.is_empty());
        }
        // A well-formed file made under another key, copied over ours: refused.
        let other = SignatureCache::open(dir.path(), &key(9));
        other.put(a, &key(9).sign(b"forged"));
        other.save(true).unwrap();
        std::fs::copy(other.path().unwrap(), &path).unwrap();
        assert!(SignatureCache::open(dir.path(), &k).known.is_empty());
    }

    #[test]
    fn the_file_holds_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(7);
        let cache = SignatureCache::open(dir.path(), &k);
        cache.put(cache.key(Suite::EddsaJcs2022, "c", "d"), &k.sign(b"x"));
        cache.save(true).unwrap();
        let bytes = std::fs::read(cache.path().unwrap()).unwrap();
        assert!(!bytes.windows(32).any(|w| w == k.as_bytes()));
        assert!(!bytes.windows(32).any(|w| w == cache.mac_key));
    }

    #[test]
    fn an_unwritable_cache_is_an_error_for_the_caller_only() {
        let dir = tempfile::tempdir().unwrap();
        // `.credcat` is a file: the cache folder cannot be made.
        std::fs::write(dir.path().join(".credcat"), "").unwrap();
        let k = key(3);
        let cache = SignatureCache::open(dir.path(), &k);
        cache.put(cache.key(Suite::EddsaJcs2022, "c", "d"), &k.sign(b"x"));
        assert!(cache.save(true).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_cache_folder_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let k = key(5);
        for link in [".credcat", ".credcat/cache"] {
            let root = dir.path().join(link.replace('/', "_"));
            std::fs::create_dir_all(root.join(".credcat")).unwrap();
            let _ = std::fs::remove_dir(root.join(link));
            std::os::unix::fs::symlink(elsewhere.path(), root.join(link)).unwrap();
            let cache = SignatureCache::open(&root, &k);
            assert!(cache.path().is_none(), "{link}");
            cache.put(cache.key(Suite::EddsaJcs2022, "c", "d"), &k.sign(b"x"));
            cache.save(true).unwrap();
            assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        }
    }

    #[test]
    fn pruning_keeps_only_what_the_run_used() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(4);
        let first = SignatureCache::open(dir.path(), &k);
        let (a, b) = (
            first.key(Suite::EddsaJcs2022, "a", "a"),
            first.key(Suite::EddsaJcs2022, "b", "b"),
        );
        first.put(a, &k.sign(b"a"));
        first.put(b, &k.sign(b"b"));
        first.save(true).unwrap();
        // A partial run that used only `a` keeps `b` when it does not prune…
        let partial = SignatureCache::open(dir.path(), &k);
        partial.get(&a).unwrap();
        let c = partial.key(Suite::EddsaJcs2022, "c", "c");
        partial.put(c, &k.sign(b"c"));
        partial.save(false).unwrap();
        let all = SignatureCache::open(dir.path(), &k);
        assert_eq!(all.known.len(), 3);
        // …and a full run that used only `a` drops the others.
        all.get(&a).unwrap();
        all.save(true).unwrap();
        assert_eq!(SignatureCache::open(dir.path(), &k).known.len(), 1);
    }
}
