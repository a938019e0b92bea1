//! W3C Data Integrity proofs with Ed25519: `eddsa-rdfc-2022` and `eddsa-jcs-2022`.
//!
//! Follows "Data Integrity EdDSA Cryptosuites v1.0" (<https://www.w3.org/TR/vc-di-eddsa/>):
//! the proof configuration (the proof options plus the document's `@context`) and the
//! document without its proof are canonicalized (RDFC-1.0 N-Quads or RFC 8785 JSON),
//! each is hashed with SHA-256, and Ed25519 signs `hash(proofConfig) || hash(document)`.
//! `proofValue` is the signature in multibase base58btc (`z…`).
//!
//! A document may carry one proof or an array of them (Open Badges 3.0 requires an array).
//! Every proof of a set is computed over the document without any proof, and [`verify`]
//! checks each one; proof chains (`previousProof`) are not supported and are refused.
//!
//! Which key may sign is the [`KeyResolver`]'s business: it maps a `verificationMethod` id
//! to a public key. [`DidKeyResolver`] reads the key out of a did:key id, [`DidWebResolver`]
//! looks it up in a did:web DID document given as JSON (no network), [`StaticResolver`]
//! maps ids you already trust.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use ed25519_dalek::{Signature, Signer as _};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use super::cache::SignatureCache;
use super::keys::{self, KeyError, SigningKey, VerifyingKey};
use super::multibase::{self, MultibaseError};
use super::rdf::{self, CanonError};
use super::{did, jcs};

/// A Data Integrity cryptosuite with Ed25519.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Suite {
    /// JSON-LD, canonicalized with RDFC-1.0.
    EddsaRdfc2022,
    /// Plain JSON, canonicalized with RFC 8785 (JCS).
    EddsaJcs2022,
}

impl Suite {
    /// The `cryptosuite` value.
    pub fn name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Suite::EddsaJcs2022 => "eddsa-jcs-2022",
        }
    }

    /// The suite a `cryptosuite` value names, if it is one of ours.
    pub fn from_name(name: &str) -> Option<Suite> {
        match name {
            "eddsa-rdfc-2022" => Some(Suite::EddsaRdfc2022),
            "eddsa-jcs-2022" => Some(Suite::EddsaJcs2022),
            _ => None,
        }
    }

    fn canonicalize(self, value: &Value) -> Result<Vec<u8>, CanonError> {
        Ok(match self {
            Suite::EddsaRdfc2022 => rdf::canonical_nquads(value)?.into_bytes(),
            Suite::EddsaJcs2022 => jcs::canonicalize(value)?.into_bytes(),
        })
    }
}

impl std::fmt::Display for Suite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The proof purpose credcat signs with and expects when verifying a credential.
pub const ASSERTION_METHOD: &str = "assertionMethod";

/// What goes into a new proof besides the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofOptions {
    /// The verification method id, e.g. `did:web:example.edu#key-1`.
    pub verification_method: String,
    /// `created`, an XML Schema dateTime such as `2024-05-01T12:00:00Z`.
    pub created: String,
    /// `proofPurpose`, normally [`ASSERTION_METHOD`].
    pub proof_purpose: String,
}

impl ProofOptions {
    /// Options for an `assertionMethod` proof created at `created`.
    pub fn new(verification_method: impl Into<String>, created: impl Into<String>) -> Self {
        ProofOptions {
            verification_method: verification_method.into(),
            created: created.into(),
            proof_purpose: ASSERTION_METHOD.to_string(),
        }
    }

    /// Options for an `assertionMethod` proof created now (UTC, whole seconds).
    pub fn now(verification_method: impl Into<String>) -> Self {
        let created = jiff::Timestamp::now()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        Self::new(verification_method, created)
    }
}

/// A proof could not be created.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("only a JSON object can be signed")]
    NotAnObject,
    #[error("`created` must be an XML Schema dateTime like 2024-05-01T12:00:00Z, got `{0}`")]
    BadCreated(String),
    #[error("cannot canonicalize the {what}: {source}")]
    Canon {
        what: &'static str,
        #[source]
        source: CanonError,
    },
}

/// Creates a Data Integrity proof for `doc` and returns the proof object. Any proof `doc`
/// already has is left out of the signed data (proof set semantics); to attach the result,
/// append it to the document's `proof` array.
pub fn sign(
    doc: &Value,
    key: &SigningKey,
    opts: &ProofOptions,
    suite: Suite,
) -> Result<Value, SignError> {
    Unsigned::new(doc, opts)?.proof(key, opts, suite, None)
}

/// A document without its proofs, to be signed with one suite or several (a proof set: each
/// proof over the document without proofs), and its JCS form once computed (both
/// `eddsa-jcs-2022` and the signature cache's keys need it).
pub struct Unsigned {
    doc: Value,
    jcs: OnceLock<String>,
}

impl Unsigned {
    /// `doc` without its `proof`, for proofs with `opts`.
    pub fn new(doc: &Value, opts: &ProofOptions) -> Result<Unsigned, SignError> {
        let unsecured = without_proof(doc).ok_or(SignError::NotAnObject)?;
        if !is_datetime(&opts.created) {
            return Err(SignError::BadCreated(opts.created.clone()));
        }
        Ok(Unsigned {
            doc: Value::Object(unsecured),
            jcs: OnceLock::new(),
        })
    }

    fn map(&self) -> &Map<String, Value> {
        // Built from an object in `of`.
        self.doc.as_object().expect("an object")
    }

    fn jcs(&self) -> Result<&str, SignError> {
        if let Some(j) = self.jcs.get() {
            return Ok(j);
        }
        let j = jcs::canonicalize(&self.doc).map_err(|e| SignError::Canon {
            what: "document",
            source: e.into(),
        })?;
        Ok(self.jcs.get_or_init(|| j))
    }

    /// One proof over the document, as [`sign`] makes it. With a `cache`, a proof whose
    /// inputs it holds a signature for is not computed again ([`SignatureCache`]); the result
    /// is the same bytes either way.
    pub fn proof(
        &self,
        key: &SigningKey,
        opts: &ProofOptions,
        suite: Suite,
        cache: Option<&SignatureCache>,
    ) -> Result<Value, SignError> {
        let mut proof = Map::new();
        proof.insert("type".into(), "DataIntegrityProof".into());
        proof.insert("cryptosuite".into(), suite.name().into());
        proof.insert("created".into(), opts.created.clone().into());
        proof.insert(
            "verificationMethod".into(),
            opts.verification_method.clone().into(),
        );
        proof.insert("proofPurpose".into(), opts.proof_purpose.clone().into());
        let config = proof_config(&proof, self.map());
        let config_jcs =
            || jcs::canonicalize(&config).map_err(|e| canon_error("proof configuration")(e.into()));
        let compute = || -> Result<Signature, SignError> {
            let config_hash = match suite {
                Suite::EddsaJcs2022 => Sha256::digest(config_jcs()?).into(),
                Suite::EddsaRdfc2022 => {
                    config_digest(suite, &config).map_err(canon_error("proof configuration"))?
                }
            };
            let doc_hash: [u8; 32] = match suite {
                Suite::EddsaJcs2022 => Sha256::digest(self.jcs()?).into(),
                Suite::EddsaRdfc2022 => Sha256::digest(
                    suite
                        .canonicalize(&self.doc)
                        .map_err(canon_error("document"))?,
                )
                .into(),
            };
            let mut data = [0u8; 64];
            data[..32].copy_from_slice(&config_hash);
            data[32..].copy_from_slice(&doc_hash);
            Ok(key.sign(&data))
        };
        let signature = match cache {
            Some(cache) => {
                let cache_key = cache.key(suite, &config_jcs()?, self.jcs()?);
                match cache.get(&cache_key) {
                    Some(signature) => signature,
                    None => {
                        let signature = compute()?;
                        cache.put(cache_key, &signature);
                        signature
                    }
                }
            }
            None => compute()?,
        };
        // eddsa-jcs-2022 proofs carry the document's @context (as in the spec's examples and
        // test vectors); eddsa-rdfc-2022 proofs take it from the document when verified.
        if suite == Suite::EddsaJcs2022 {
            if let Some(ctx) = config.get("@context") {
                proof.insert("@context".into(), ctx.clone());
            }
        }
        proof.insert(
            "proofValue".into(),
            multibase::encode_base58btc(&signature.to_bytes()).into(),
        );
        Ok(Value::Object(proof))
    }
}

fn canon_error(what: &'static str) -> impl Fn(CanonError) -> SignError {
    move |source| SignError::Canon { what, source }
}

/// Returns `doc` with `proof` appended as its `proof` array (an existing single proof
/// object becomes the array's first element).
pub fn attach_proof(doc: Value, proof: Value) -> Result<Value, SignError> {
    let Value::Object(mut out) = doc else {
        return Err(SignError::NotAnObject);
    };
    let proofs = match out.remove("proof") {
        None | Some(Value::Null) => vec![proof],
        Some(Value::Array(mut existing)) => {
            existing.push(proof);
            existing
        }
        Some(single) => vec![single, proof],
    };
    out.insert("proof".into(), Value::Array(proofs));
    Ok(Value::Object(out))
}

/// One verified proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofReport {
    /// Position in the `proof` array (0 for a single proof object).
    pub index: usize,
    pub suite: Suite,
    pub verification_method: String,
    pub proof_purpose: String,
    pub created: Option<String>,
}

/// Why a document did not verify.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("only a JSON object can be verified")]
    NotAnObject,
    #[error("the document has no proof")]
    NoProof,
    #[error("proof {index}: {reason}")]
    Malformed { index: usize, reason: String },
    #[error("proof {index}: unsupported proof: {reason}")]
    Unsupported { index: usize, reason: String },
    #[error("proof {index}: cannot canonicalize the {what}: {source}")]
    Canon {
        index: usize,
        what: &'static str,
        #[source]
        source: CanonError,
    },
    #[error("proof {index}: cannot resolve verification method `{method}`: {source}")]
    Resolve {
        index: usize,
        method: String,
        #[source]
        source: ResolveError,
    },
    #[error("proof {index}: the signature does not match the document (it was changed after signing, or signed by another key)")]
    BadSignature { index: usize },
}

/// Verifies every proof on `doc`. Succeeds only if all of them verify; the error names the
/// first proof that did not.
pub fn verify(doc: &Value, resolver: &dyn KeyResolver) -> Result<Vec<ProofReport>, VerifyError> {
    let obj = doc.as_object().ok_or(VerifyError::NotAnObject)?;
    let proofs: Vec<&Value> = match obj.get("proof") {
        None | Some(Value::Null) => return Err(VerifyError::NoProof),
        Some(Value::Array(items)) if items.is_empty() => return Err(VerifyError::NoProof),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
    };
    let unsecured = without_proof(doc).ok_or(VerifyError::NotAnObject)?;
    proofs
        .into_iter()
        .enumerate()
        .map(|(index, proof)| verify_one(index, proof, &unsecured, resolver))
        .collect()
}

fn verify_one(
    index: usize,
    proof: &Value,
    unsecured: &Map<String, Value>,
    resolver: &dyn KeyResolver,
) -> Result<ProofReport, VerifyError> {
    let malformed = |reason: &str| VerifyError::Malformed {
        index,
        reason: reason.to_string(),
    };
    let unsupported = |reason: String| VerifyError::Unsupported { index, reason };
    let proof = proof
        .as_object()
        .ok_or_else(|| malformed("a proof must be a JSON object"))?;
    let field = |name: &str| -> Result<&str, VerifyError> {
        proof
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| malformed(&format!("`{name}` is missing or not a string")))
    };
    let ty = field("type")?;
    if ty != "DataIntegrityProof" {
        return Err(unsupported(format!(
            "type `{ty}` (expected DataIntegrityProof)"
        )));
    }
    let suite_name = field("cryptosuite")?;
    let suite = Suite::from_name(suite_name)
        .ok_or_else(|| unsupported(format!("cryptosuite `{suite_name}`")))?;
    if proof.contains_key("previousProof") {
        return Err(unsupported("proof chains (`previousProof`)".into()));
    }
    let method = field("verificationMethod")?.to_string();
    let purpose = field("proofPurpose")?.to_string();
    if purpose != ASSERTION_METHOD {
        return Err(unsupported(format!(
            "proofPurpose `{purpose}` (a credential is verified for assertionMethod)"
        )));
    }
    let created = match proof.get("created") {
        None => None,
        Some(Value::String(s)) if is_datetime(s) => Some(s.clone()),
        Some(_) => return Err(malformed("`created` is not an XML Schema dateTime")),
    };
    let signature = decode_signature(field("proofValue")?).map_err(|e| malformed(&e))?;

    // The spec: if the proof has an @context, the document's must start with it, and the
    // document is then processed with the proof's @context.
    let mut unsecured = unsecured.clone();
    if let Some(proof_ctx) = proof.get("@context") {
        let doc_ctx = unsecured.get("@context").cloned().unwrap_or(Value::Null);
        if !context_starts_with(&doc_ctx, proof_ctx) {
            return Err(malformed(
                "the document's @context does not start with the proof's @context",
            ));
        }
        unsecured.insert("@context".into(), proof_ctx.clone());
    }
    let mut options = proof.clone();
    options.remove("proofValue");
    let config = proof_config(&options, &unsecured);
    let data = hash_data(suite, &config, &Value::Object(unsecured)).map_err(|(what, source)| {
        VerifyError::Canon {
            index,
            what,
            source,
        }
    })?;
    let key = resolver
        .resolve(&method)
        .map_err(|source| VerifyError::Resolve {
            index,
            method: method.clone(),
            source,
        })?;
    key.verify_strict(&data, &signature)
        .map_err(|_| VerifyError::BadSignature { index })?;
    Ok(ProofReport {
        index,
        suite,
        verification_method: method,
        proof_purpose: purpose,
        created,
    })
}

fn decode_signature(value: &str) -> Result<Signature, String> {
    let bytes = multibase::decode_base58btc(value).map_err(|e| format!("proofValue: {e}"))?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|b: Vec<u8>| {
        format!(
            "proofValue holds {} bytes; an Ed25519 signature has 64",
            b.len()
        )
    })?;
    Ok(Signature::from_bytes(&bytes))
}

/// `doc` as an object without its `proof` member.
fn without_proof(doc: &Value) -> Option<Map<String, Value>> {
    let mut obj = doc.as_object()?.clone();
    obj.remove("proof");
    Some(obj)
}

/// The proof configuration: the proof options with the document's `@context`.
fn proof_config(options: &Map<String, Value>, unsecured: &Map<String, Value>) -> Value {
    let mut config = options.clone();
    config.remove("@context");
    if let Some(ctx) = unsecured.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    Value::Object(config)
}

/// `sha256(canon(proofConfig)) || sha256(canon(document))`.
fn hash_data(
    suite: Suite,
    config: &Value,
    unsecured: &Value,
) -> Result<Vec<u8>, (&'static str, CanonError)> {
    let config_hash = config_digest(suite, config).map_err(|e| ("proof configuration", e))?;
    let doc_canon = suite.canonicalize(unsecured).map_err(|e| ("document", e))?;
    let mut data = config_hash.to_vec();
    data.extend_from_slice(&Sha256::digest(&doc_canon));
    Ok(data)
}

/// How many proof configurations [`config_digest`] remembers before it starts over.
const KEPT_CONFIGS: usize = 4096;

/// `sha256(canon(proofConfig))`, remembered per configuration: every award issued on the
/// same day by the same key has the same proof configuration (its options and the
/// document's `@context`), whose RDFC-1.0 form is then computed once, not once per award.
/// Keyed by the configuration's JCS form, which is the same exactly when the configuration
/// is the same JSON value; only a configuration that canonicalized without error is kept.
fn config_digest(suite: Suite, config: &Value) -> Result<[u8; 32], CanonError> {
    if suite == Suite::EddsaJcs2022 {
        return Ok(Sha256::digest(jcs::canonicalize(config)?).into());
    }
    static KEPT: OnceLock<Mutex<HashMap<String, [u8; 32]>>> = OnceLock::new();
    let kept = KEPT.get_or_init(Default::default);
    let key = jcs::canonicalize(config)?;
    // A poisoned lock only means another thread panicked mid-insert; the map is still valid.
    if let Some(digest) = kept.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(*digest);
    }
    let digest: [u8; 32] = Sha256::digest(suite.canonicalize(config)?).into();
    let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
    if kept.len() >= KEPT_CONFIGS {
        kept.clear();
    }
    kept.insert(key, digest);
    Ok(digest)
}

fn context_starts_with(doc_ctx: &Value, proof_ctx: &Value) -> bool {
    let as_list = |v: &Value| -> Vec<Value> {
        match v {
            Value::Array(items) => items.clone(),
            Value::Null => vec![],
            other => vec![other.clone()],
        }
    };
    let doc = as_list(doc_ctx);
    let proof = as_list(proof_ctx);
    proof.len() <= doc.len() && doc[..proof.len()] == proof[..]
}

/// An XML Schema dateTime with a time zone or without (`2010-01-01T19:23:24Z`,
/// `2022-11-10T07:38:00-08:00`, fractional seconds allowed).
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// Why a verification method could not be turned into a key.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Did(#[from] did::DidError),
    #[error("not a verification method this resolver knows")]
    Unknown,
    #[error("the verification method is not listed under `assertionMethod` in its DID document")]
    NotForAssertion,
    #[error("bad publicKeyMultibase: {0}")]
    Multibase(#[from] MultibaseError),
}

/// Maps a `verificationMethod` id to the public key it stands for.
pub trait KeyResolver {
    fn resolve(&self, verification_method: &str) -> Result<VerifyingKey, ResolveError>;
}

/// Resolves `did:key:z6Mk…` (with or without `#z6Mk…`) from the id itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct DidKeyResolver;

impl KeyResolver for DidKeyResolver {
    fn resolve(&self, verification_method: &str) -> Result<VerifyingKey, ResolveError> {
        Ok(keys::resolve_did_key(verification_method)?)
    }
}

/// Resolves the verification methods of one DID document (e.g. a did:web `did.json`
/// fetched or read by the caller). Only methods listed under `assertionMethod` resolve.
#[derive(Debug, Clone)]
pub struct DidWebResolver {
    id: String,
    keys: HashMap<String, VerifyingKey>,
}

impl DidWebResolver {
    /// Reads the Multikey / Ed25519VerificationKey2020 methods of `document` that its
    /// `assertionMethod` lists.
    pub fn new(document: &Value) -> Result<Self, did::DidError> {
        let (id, keys) = did::assertion_keys(document)?;
        Ok(DidWebResolver { id, keys })
    }

    /// The DID of the document.
    pub fn did(&self) -> &str {
        &self.id
    }
}

impl KeyResolver for DidWebResolver {
    fn resolve(&self, verification_method: &str) -> Result<VerifyingKey, ResolveError> {
        self.keys
            .get(verification_method)
            .copied()
            .ok_or(ResolveError::NotForAssertion)
    }
}

/// Keys the caller already trusts, by verification method id.
#[derive(Debug, Clone, Default)]
pub struct StaticResolver {
    keys: HashMap<String, VerifyingKey>,
}

impl StaticResolver {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key` under `verification_method`.
    pub fn with(mut self, verification_method: impl Into<String>, key: VerifyingKey) -> Self {
        self.keys.insert(verification_method.into(), key);
        self
    }
}

impl KeyResolver for StaticResolver {
    fn resolve(&self, verification_method: &str) -> Result<VerifyingKey, ResolveError> {
        self.keys
            .get(verification_method)
            .copied()
            .ok_or(ResolveError::Unknown)
    }
}

/// Tries several resolvers in order; the first that knows the method wins.
pub struct AnyResolver<'a>(pub Vec<&'a dyn KeyResolver>);

impl KeyResolver for AnyResolver<'_> {
    fn resolve(&self, verification_method: &str) -> Result<VerifyingKey, ResolveError> {
        let mut last = ResolveError::Unknown;
        for r in &self.0 {
            match r.resolve(verification_method) {
                Ok(key) => return Ok(key),
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        for ok in [
            "2010-01-01T19:23:24Z",
            "2022-11-10T07:38:00-08:00",
            "2023-02-24T23:36:38.123Z",
            "2023-02-24T23:36:38",
        ] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in [
            "",
            "2010-01-01",
            "2010-01-01T19:23:24Zx",
            "é",
            "2010-01-01T19:23:24.Z",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        let r = DidKeyResolver;
        assert!(matches!(
            verify(&Value::Null, &r),
            Err(VerifyError::NotAnObject)
        ));
        assert!(matches!(
            verify(&serde_json::json!({}), &r),
            Err(VerifyError::NoProof)
        ));
        assert!(matches!(
            verify(&serde_json::json!({"proof": []}), &r),
            Err(VerifyError::NoProof)
        ));
        for proof in [
            serde_json::json!(1),
            serde_json::json!({}),
            serde_json::json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}),
            serde_json::json!({"type": "DataIntegrityProof", "cryptosuite": "x",
                "verificationMethod": "did:key:z6Mk", "proofPurpose": "assertionMethod",
                "proofValue": "z1"}),
            serde_json::json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
                "verificationMethod": "did:key:z6Mk", "proofPurpose": "assertionMethod",
                "proofValue": "z1"}),
            serde_json::json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
                "verificationMethod": "did:key:z6Mk", "proofPurpose": "assertionMethod",
                "proofValue": "nope"}),
        ] {
            let doc = serde_json::json!({"name": "x", "proof": proof});
            assert!(verify(&doc, &r).is_err(), "{doc}");
        }
        let key = SigningKey::from_bytes(&[7; 32]);
        assert!(matches!(
            sign(
                &serde_json::json!([1]),
                &key,
                &ProofOptions::new("x", "2020-01-01T00:00:00Z"),
                Suite::EddsaJcs2022
            ),
            Err(SignError::NotAnObject)
        ));
        assert!(matches!(
            sign(
                &serde_json::json!({}),
                &key,
                &ProofOptions::new("x", "yesterday"),
                Suite::EddsaJcs2022
            ),
            Err(SignError::BadCreated(_))
        ));
    }
}
