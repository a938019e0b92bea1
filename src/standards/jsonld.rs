//! Offline JSON-LD expansion of CTDL documents.
//!
//! The registry's context URLs (`https://credreg.net/ctdl/schema/context/json`, and the
//! CTDL-ASN one) are served from memory with the context built from the bundled vocabulary
//! ([`super::ctdl_vocab::context`]); any other remote context is an error, never a
//! download. Used by tests and by anyone who wants to know that a document is real JSON-LD:
//! [`expand`] returns the expanded form, [`dropped_terms`] says what expansion lost.

use std::collections::HashMap;
use std::sync::OnceLock;

use futures::executor::block_on;
use json_ld::syntax::{IntoJsonWithContext as _, Parse as _};
use json_ld::{IriBuf, JsonLdProcessor as _, RemoteDocument};
use serde_json::Value;
use thiserror::Error;

use super::ctdl_vocab::{self, CTDLASN_CONTEXT, CTDL_CONTEXT};

#[derive(Debug, Clone, Error)]
pub enum ExpandError {
    #[error("the CTDL context could not be built: {0}")]
    Context(String),
    #[error("JSON-LD expansion failed: {0}")]
    JsonLd(String),
}

type Loader = HashMap<IriBuf, RemoteDocument>;

fn loader() -> Result<&'static Loader, ExpandError> {
    static LOADER: OnceLock<Result<Loader, ExpandError>> = OnceLock::new();
    LOADER
        .get_or_init(|| {
            let ctx = ctdl_vocab::context().map_err(|e| ExpandError::Context(e.to_string()))?;
            let text =
                serde_json::to_string(ctx).map_err(|e| ExpandError::Context(e.to_string()))?;
            let (value, _) = json_ld::syntax::Value::parse_str(&text)
                .map_err(|e| ExpandError::Context(e.to_string()))?;
            let mut map = HashMap::new();
            for url in [CTDL_CONTEXT, CTDLASN_CONTEXT] {
                let iri = IriBuf::new(url.to_string()).map_err(|e| ExpandError::Context(e.0))?;
                map.insert(
                    iri.clone(),
                    RemoteDocument::new(Some(iri), None, value.clone()),
                );
            }
            Ok(map)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Expands a document with the bundled CTDL context; the result is the expanded JSON-LD
/// array.
pub fn expand(doc: &Value) -> Result<Value, ExpandError> {
    let loader = loader()?;
    let text = serde_json::to_string(doc).map_err(|e| ExpandError::JsonLd(e.to_string()))?;
    let (value, _) =
        json_ld::syntax::Value::parse_str(&text).map_err(|e| ExpandError::JsonLd(e.to_string()))?;
    let input = RemoteDocument::new(None, None, value);
    let expanded =
        block_on(input.expand(loader)).map_err(|e| ExpandError::JsonLd(e.to_string()))?;
    let items: Vec<Value> = expanded
        .into_iter()
        .map(|o| {
            let j = o.into_json_with(json_ld::rdf_types::vocabulary::no_vocabulary());
            serde_json::from_str(&j.to_string()).unwrap_or(Value::Null)
        })
        .collect();
    Ok(Value::Array(items))
}

/// Property uses in a compact document: every key that is not a keyword, counted once per
/// node object (language maps are values, not nodes).
pub fn compact_property_count(doc: &Value) -> usize {
    fn walk(v: &Value, in_lang_map: bool) -> usize {
        match v {
            Value::Array(a) => a.iter().map(|x| walk(x, false)).sum(),
            Value::Object(o) if !in_lang_map => o
                .iter()
                .map(|(k, x)| {
                    if k == "@context" {
                        0
                    } else if k.starts_with('@') {
                        walk(x, false)
                    } else {
                        // An object without @type under a property is a language map.
                        let lang_map = x
                            .as_object()
                            .is_some_and(|m| !m.contains_key("@type") && !m.contains_key("@id"));
                        1 + walk(x, lang_map)
                    }
                })
                .sum(),
            _ => 0,
        }
    }
    walk(doc, false)
}

/// Property uses in an expanded document, and the property IRIs that are not absolute
/// http(s) IRIs (an undefined prefix expands to `ceterms:x` as if it were a scheme).
pub fn expanded_properties(doc: &Value) -> (usize, Vec<String>) {
    fn walk(v: &Value, count: &mut usize, bad: &mut Vec<String>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, count, bad)),
            Value::Object(o) if !o.contains_key("@value") => {
                for (k, x) in o {
                    if k.starts_with('@') {
                        if k == "@id" || k == "@type" {
                            let ids: Vec<&str> = match x {
                                Value::String(s) => vec![s.as_str()],
                                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                                _ => vec![],
                            };
                            bad.extend(
                                ids.into_iter()
                                    .filter(|s| !is_absolute(s))
                                    .map(|s| format!("{k} {s}")),
                            );
                        }
                        walk(x, count, bad);
                    } else {
                        *count += 1;
                        if !is_absolute(k) {
                            bad.push(k.clone());
                        }
                        walk(x, count, bad);
                    }
                }
            }
            _ => {}
        }
    }
    let mut count = 0;
    let mut bad = Vec::new();
    walk(doc, &mut count, &mut bad);
    (count, bad)
}

fn is_absolute(s: &str) -> bool {
    s.starts_with("_:") || s.starts_with("https://") || s.starts_with("http://")
}

/// What expansion lost or left unexpanded: an empty list means every term of the compact
/// document became an absolute IRI.
pub fn dropped_terms(doc: &Value) -> Result<Vec<String>, ExpandError> {
    let expanded = expand(doc)?;
    let before = compact_property_count(doc);
    let (after, mut bad) = expanded_properties(&expanded);
    if before != after {
        bad.push(format!(
            "{before} properties before expansion, {after} after"
        ));
    }
    Ok(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expands_offline_and_notices_a_dropped_term() {
        let doc = json!({
            "@context": CTDL_CONTEXT,
            "@id": "https://example.org/g",
            "@graph": [{
                "@id": "https://example.org/x",
                "@type": "ceterms:Badge",
                "ceterms:name": {"en-US": "X"},
                "ceterms:credentialStatusType": {
                    "@type": "ceterms:CredentialAlignmentObject",
                    "ceterms:targetNode": "credentialStat:Active"
                }
            }]
        });
        assert_eq!(dropped_terms(&doc).unwrap(), Vec::<String>::new());
        let text = expand(&doc).unwrap().to_string();
        assert!(
            text.contains("https://purl.org/ctdl/vocabs/credentialStat/Active"),
            "{text}"
        );
        let mut lossy = doc.clone();
        lossy["@graph"][0]["name"] = json!("no such term");
        assert!(!dropped_terms(&lossy).unwrap().is_empty());
        let mut remote = doc;
        remote["@context"] = json!("https://example.org/other-context");
        assert!(expand(&remote).is_err());
    }
}
