//! did:web: the issuer's DID for a site's base URL and the DID document that publishes its
//! public key.
//!
//! `https://example.edu/` becomes `did:web:example.edu`, `https://example.edu/catalog/`
//! becomes `did:web:example.edu:catalog`, and a port is percent-encoded
//! (`did:web:localhost%3A8080`), per the did:web method specification. The document is
//! served at `https://example.edu/.well-known/did.json` (no path) or
//! `https://example.edu/catalog/did.json` (with a path). Its one key is a Multikey
//! verification method `#key-1`, listed under `assertionMethod`.
//!
//! Nothing here fetches a document; reading a DID document a verifier was given is
//! [`assertion_keys`].

use std::collections::HashMap;

use serde_json::{json, Value};

use super::contexts::{DID_V1, MULTIKEY_V1};
use super::keys::{self, VerifyingKey};

/// Fragment of the signing key's verification method in credcat's DID documents.
pub const KEY_FRAGMENT: &str = "key-1";

/// A base URL or DID that cannot be used, or a DID document that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DidError {
    #[error("base URL `{0}` must start with https:// (or http:// for a local preview)")]
    NotHttp(String),
    #[error("base URL `{0}` has no host")]
    NoHost(String),
    #[error("base URL `{0}` has a query or fragment; a did:web base URL cannot")]
    QueryOrFragment(String),
    #[error("`{0}` is not a did:web DID")]
    NotDidWeb(String),
    #[error("DID document: {0}")]
    Document(String),
}

/// The did:web DID for a site's base URL.
pub fn did_web_for_base_url(base_url: &str) -> Result<String, DidError> {
    let rest = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
        .ok_or_else(|| DidError::NotHttp(base_url.to_string()))?;
    if rest.contains('?') || rest.contains('#') {
        return Err(DidError::QueryOrFragment(base_url.to_string()));
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    // Userinfo has no place in a did:web.
    if host.is_empty() || host.contains('@') {
        return Err(DidError::NoHost(base_url.to_string()));
    }
    let mut did = format!("did:web:{}", host.to_ascii_lowercase().replace(':', "%3A"));
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        did.push(':');
        did.push_str(segment);
    }
    Ok(did)
}

/// The https URL where the DID document of a did:web DID is served.
pub fn did_json_url(did: &str) -> Result<String, DidError> {
    let rest = did
        .strip_prefix("did:web:")
        .filter(|r| !r.is_empty() && !r.contains('#') && !r.contains('/'))
        .ok_or_else(|| DidError::NotDidWeb(did.to_string()))?;
    let mut parts = rest.split(':');
    // split always yields at least one item, and `rest` is not empty.
    let host = parts
        .next()
        .unwrap_or_default()
        .replace("%3A", ":")
        .replace("%3a", ":");
    if host.is_empty() {
        return Err(DidError::NotDidWeb(did.to_string()));
    }
    let path: Vec<&str> = parts.collect();
    if path.iter().any(|p| p.is_empty()) {
        return Err(DidError::NotDidWeb(did.to_string()));
    }
    Ok(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

/// The verification method id of credcat's key in the DID document of `did`.
pub fn verification_method_id(did: &str) -> String {
    format!("{did}#{KEY_FRAGMENT}")
}

/// The DID document for `did` publishing `key` as a Multikey for `assertionMethod`.
pub fn did_web_document(did: &str, key: &VerifyingKey) -> Value {
    let vm = verification_method_id(did);
    json!({
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [{
            "id": vm,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": keys::public_multikey(key),
        }],
        "assertionMethod": [vm],
    })
}

/// The DID of a DID document and the Ed25519 keys it authorizes for `assertionMethod`,
/// by absolute verification method id. Relative ids (`#key-1`) are resolved against the
/// document's `id`. Key types read: `Multikey` and `Ed25519VerificationKey2020`
/// (`publicKeyMultibase`, `z6Mk…`).
pub fn assertion_keys(
    document: &Value,
) -> Result<(String, HashMap<String, VerifyingKey>), DidError> {
    let bad = |m: &str| DidError::Document(m.to_string());
    let did = document
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("`id` is missing"))?
        .to_string();
    let absolute = |id: &str| -> String {
        if id.starts_with('#') {
            format!("{did}{id}")
        } else {
            id.to_string()
        }
    };
    let mut methods: HashMap<String, &Value> = HashMap::new();
    if let Some(list) = document.get("verificationMethod") {
        let list = list
            .as_array()
            .ok_or_else(|| bad("`verificationMethod` must be an array"))?;
        for m in list {
            let id = m
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("a verification method has no `id`"))?;
            methods.insert(absolute(id), m);
        }
    }
    let mut out = HashMap::new();
    let assertion = match document.get("assertionMethod") {
        None => return Ok((did, out)),
        Some(Value::Array(a)) => a.as_slice(),
        Some(_) => return Err(bad("`assertionMethod` must be an array")),
    };
    for entry in assertion {
        let (id, method) = match entry {
            Value::String(r) => {
                let id = absolute(r);
                let m = *methods
                    .get(&id)
                    .ok_or_else(|| bad(&format!("assertionMethod `{r}` is not defined")))?;
                (id, m)
            }
            Value::Object(_) => {
                let id = entry
                    .get("id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("an embedded assertionMethod has no `id`"))?;
                (absolute(id), entry)
            }
            _ => return Err(bad("assertionMethod entries must be strings or objects")),
        };
        let ty = method.get("type").and_then(Value::as_str).unwrap_or("");
        if ty != "Multikey" && ty != "Ed25519VerificationKey2020" {
            continue;
        }
        let Some(mk) = method.get("publicKeyMultibase").and_then(Value::as_str) else {
            continue;
        };
        let key = keys::decode_public_multikey(mk).map_err(|e| bad(&format!("`{id}`: {e}")))?;
        out.insert(id, key);
    }
    Ok((did, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_to_did() {
        let cases = [
            ("https://example.edu", "did:web:example.edu"),
            ("https://example.edu/", "did:web:example.edu"),
            (
                "https://Example.EDU/catalog/",
                "did:web:example.edu:catalog",
            ),
            ("https://example.edu/a/b", "did:web:example.edu:a:b"),
            ("http://localhost:8080/", "did:web:localhost%3A8080"),
        ];
        for (url, did) in cases {
            assert_eq!(did_web_for_base_url(url).unwrap(), did, "{url}");
        }
        assert!(did_web_for_base_url("ftp://x").is_err());
        assert!(did_web_for_base_url("https://").is_err());
        assert!(did_web_for_base_url("https://a/?q").is_err());
        assert!(did_web_for_base_url("https://u@a/").is_err());
    }

    #[test]
    fn did_to_url() {
        assert_eq!(
            did_json_url("did:web:example.edu").unwrap(),
            "https://example.edu/.well-known/did.json"
        );
        assert_eq!(
            did_json_url("did:web:example.edu:catalog").unwrap(),
            "https://example.edu/catalog/did.json"
        );
        assert_eq!(
            did_json_url("did:web:localhost%3A8080").unwrap(),
            "https://localhost:8080/.well-known/did.json"
        );
        for bad in [
            "did:web:",
            "did:key:z6Mk",
            "did:web:a::b",
            "did:web:a#key-1",
            "",
        ] {
            assert!(did_json_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn document_round_trip() {
        let key = keys::generate_key().verifying_key();
        let did = did_web_for_base_url("https://example.edu/catalog/").unwrap();
        let doc = did_web_document(&did, &key);
        assert_eq!(
            doc["verificationMethod"][0]["id"],
            "did:web:example.edu:catalog#key-1"
        );
        let (id, found) = assertion_keys(&doc).unwrap();
        assert_eq!(id, did);
        assert_eq!(found.get(&verification_method_id(&did)), Some(&key));
        // The document is valid JSON-LD with bundled contexts.
        crate::sign::rdf::canonical_nquads(&doc).unwrap();
    }

    #[test]
    fn only_assertion_methods_count() {
        let key = keys::generate_key().verifying_key();
        let mut doc = did_web_document("did:web:a", &key);
        doc["assertionMethod"] = json!([]);
        assert!(assertion_keys(&doc).unwrap().1.is_empty());
        doc["assertionMethod"] = json!(["#nope"]);
        assert!(assertion_keys(&doc).is_err());
        assert!(assertion_keys(&json!({})).is_err());
        assert!(assertion_keys(&json!(null)).is_err());
    }
}
