//! The JSON-LD contexts credcat knows, bundled into the binary, and an offline loader.
//!
//! Canonicalizing a credential with RDFC-1.0 needs the full text of every context it names.
//! Fetching them at run time would make a signature depend on whatever a server returns
//! that day (and make `credcat verify` need the network), so the contexts live in
//! `standards/contexts/` (provenance in `standards/SOURCES.md`), are compiled in with
//! `include_str!`, and [`OfflineLoader`] serves them. Any other remote context is an error
//! ([`UnknownContext`]), never a download.

use std::collections::HashMap;
use std::sync::OnceLock;

use json_ld::syntax::Parse as _;
use json_ld::{Iri, IriBuf, LoadError, Loader, RemoteDocument};

/// One bundled context: the IRI it is served at and its text.
#[derive(Debug, Clone, Copy)]
pub struct BundledContext {
    pub iri: &'static str,
    pub file: &'static str,
    pub text: &'static str,
}

macro_rules! bundled {
    ($iri:literal, $file:literal) => {
        BundledContext {
            iri: $iri,
            file: $file,
            text: include_str!(concat!("../../standards/contexts/", $file)),
        }
    };
}

/// IRI of the Verifiable Credentials Data Model 2.0 context.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// IRI of the Open Badges 3.0 context (3.0.3).
pub const OB_V3P0: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// IRI of the DID Core v1 context.
pub const DID_V1: &str = "https://www.w3.org/ns/did/v1";
/// IRI of the Multikey v1 context.
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
/// IRI of the Data Integrity v2 context.
pub const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";

/// Every context credcat can use, by the IRI it is served at.
pub const BUNDLED: &[BundledContext] = &[
    bundled!(
        "https://www.w3.org/ns/credentials/v2",
        "credentials-v2.jsonld"
    ),
    bundled!(
        "https://www.w3.org/ns/credentials/examples/v2",
        "credentials-examples-v2.jsonld"
    ),
    bundled!(
        "https://w3id.org/security/data-integrity/v1",
        "data-integrity-v1.jsonld"
    ),
    bundled!(
        "https://w3id.org/security/data-integrity/v2",
        "data-integrity-v2.jsonld"
    ),
    bundled!(
        "https://w3id.org/security/multikey/v1",
        "multikey-v1.jsonld"
    ),
    bundled!(
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "ob-v3p0-context-3.0.3.json"
    ),
    bundled!(
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "ob-v3p0-extensions.json"
    ),
    bundled!(
        "https://www.w3.org/ns/credentials/status/v1",
        "bitstring-status-list-v1.jsonld"
    ),
    bundled!("https://www.w3.org/ns/did/v1", "did-v1.jsonld"),
    bundled!("https://www.w3.org/ns/cid/v1", "cid-v1.jsonld"),
    bundled!(
        "https://w3id.org/citizenship/v4rc1",
        "citizenship-v4rc1.jsonld"
    ),
];

/// The text of the bundled context served at `iri`, if credcat has it.
pub fn bundled_context(iri: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|c| c.iri == iri).map(|c| c.text)
}

/// A document named a remote context that is not bundled.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error(
    "unknown JSON-LD context `{0}`: credcat only uses the contexts bundled in \
     standards/contexts/ and never fetches one from the network"
)]
pub struct UnknownContext(pub String);

/// A bundled context failed to parse. Only possible if a file in standards/contexts/ is
/// broken, which the tests rule out.
#[derive(Debug, Clone, thiserror::Error)]
#[error("bundled context `{iri}` is not valid JSON: {message}")]
pub struct BrokenContext {
    iri: &'static str,
    message: String,
}

/// A JSON-LD document loader that serves only the [`BUNDLED`] contexts.
///
/// Cheap to create: the contexts are parsed once per process and shared.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineLoader;

type Parsed = Result<HashMap<IriBuf, RemoteDocument>, BrokenContext>;

fn parsed() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut map = HashMap::new();
        for c in BUNDLED {
            let iri = IriBuf::new(c.iri.to_string()).map_err(|_| BrokenContext {
                iri: c.iri,
                message: "IRI is invalid".into(),
            })?;
            let (value, _) =
                json_ld::syntax::Value::parse_str(c.text).map_err(|e| BrokenContext {
                    iri: c.iri,
                    message: e.to_string(),
                })?;
            let doc = RemoteDocument::new(Some(iri.clone()), None, value);
            map.insert(iri, doc);
        }
        Ok(map)
    })
}

impl OfflineLoader {
    /// Checks that every bundled context parses (used by tests and `credcat check`).
    pub fn self_check() -> Result<(), BrokenContext> {
        parsed().as_ref().map(|_| ()).map_err(Clone::clone)
    }
}

impl Loader for OfflineLoader {
    async fn load(&self, url: &Iri) -> Result<RemoteDocument<IriBuf>, LoadError> {
        let map = parsed()
            .as_ref()
            .map_err(|e| LoadError::new(url.to_owned(), e.clone()))?;
        map.get(url)
            .cloned()
            .ok_or_else(|| LoadError::new(url.to_owned(), UnknownContext(url.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_context_parses_and_is_unique() {
        OfflineLoader::self_check().unwrap();
        let mut iris: Vec<&str> = BUNDLED.iter().map(|c| c.iri).collect();
        iris.sort_unstable();
        iris.dedup();
        assert_eq!(iris.len(), BUNDLED.len());
        for c in BUNDLED {
            let v: serde_json::Value = serde_json::from_str(c.text).unwrap();
            assert!(v.get("@context").is_some(), "{}", c.file);
        }
        assert!(bundled_context(CREDENTIALS_V2).is_some());
        assert!(bundled_context("https://example.com/ctx").is_none());
    }
}
