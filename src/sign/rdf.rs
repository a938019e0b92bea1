//! JSON-LD → RDF → RDFC-1.0 canonical N-Quads, the canonical form of `eddsa-rdfc-2022`.
//!
//! The document is expanded and turned into an RDF dataset by the `json-ld` crate, using
//! only the contexts bundled in [`super::contexts`] (no network), then the dataset's blank
//! nodes are relabelled with RDFC-1.0 by `oxrdf` and the quads are written as sorted,
//! newline-terminated N-Quads.
//!
//! A Data Integrity signature covers the RDF, not the JSON: a JSON member that does not turn
//! into a quad is not signed. The vc-di-eddsa test vectors (including `employ`, whose
//! type-scoped contexts one JSON-LD crate silently lost) are checked quad for quad in the
//! tests, and this module refuses input where it knows data would be dropped, like the
//! "safe mode" of the JavaScript Data Integrity libraries: an unknown remote context, an
//! `id` that is not an absolute IRI, and any member or type the contexts do not define.
//!
//! Undefined terms are found by converting the document a second time with a sentinel
//! `@vocab` placed *before* its own contexts: a term the document's contexts define (or
//! map with their own `@vocab`) is unaffected, and every term JSON-LD would otherwise drop
//! comes out under the sentinel namespace, where it is easy to spot and name.

use futures::executor::block_on;
use json_ld::syntax::Parse as _;
use json_ld::{JsonLdProcessor as _, RemoteDocument};
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use oxrdf::{BlankNode, Dataset, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::Value;

use super::contexts::{bundled_context, OfflineLoader, UnknownContext};

/// Most distinct blank nodes a document may have. RDFC-1.0 is exponential in the worst
/// case ("dataset poisoning"); real credentials have a handful of blank nodes.
pub const MAX_BLANK_NODES: usize = 1024;

/// A document that could not be canonicalized.
#[derive(Debug, thiserror::Error)]
pub enum CanonError {
    #[error(transparent)]
    UnknownContext(#[from] UnknownContext),
    #[error("`@context` entry must be a string, an object or an array of them")]
    BadContext,
    #[error("JSON-LD processing failed: {0}")]
    JsonLd(String),
    #[error("JSON-LD produced an RDF term oxrdf rejects: {0}")]
    Term(String),
    #[error(
        "{0} would be dropped from the signed data (JSON-LD keeps only absolute IRIs); \
         use an absolute IRI such as `urn:uuid:…` or `https://…`"
    )]
    RelativeIri(String),
    #[error(
        "{} not defined by the document's @context, so JSON-LD would silently leave {} out \
         of the signed data; define {} in a context or remove {}",
        fmt_terms(.0),
        if .0.len() == 1 { "it" } else { "them" },
        if .0.len() == 1 { "it" } else { "them" },
        if .0.len() == 1 { "it" } else { "them" }
    )]
    UndefinedTerms(Vec<String>),
    #[error("document has more than {MAX_BLANK_NODES} blank nodes; refusing to canonicalize")]
    TooManyBlankNodes,
    #[error(transparent)]
    Jcs(#[from] super::jcs::JcsError),
}

fn fmt_terms(terms: &[String]) -> String {
    let list: Vec<String> = terms.iter().map(|t| format!("`{t}`")).collect();
    match list.len() {
        1 => format!("term {} is", list[0]),
        _ => format!("terms {} are", list.join(", ")),
    }
}

/// Namespace of the sentinel `@vocab` used to find undefined terms.
const UNDEFINED: &str = "urn:credcat:undefined-term#";

/// The RDFC-1.0 canonical N-Quads of a JSON-LD document: one quad per line, each line
/// ending in `\n`, lines sorted by code point.
pub fn canonical_nquads(doc: &Value) -> Result<String, CanonError> {
    let mut dataset = to_dataset(doc)?;
    check_no_undefined_terms(doc)?;
    let blank_nodes = count_blank_nodes(&dataset);
    if blank_nodes > MAX_BLANK_NODES {
        return Err(CanonError::TooManyBlankNodes);
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort_unstable();
    lines.dedup();
    Ok(lines.concat())
}

fn count_blank_nodes(dataset: &Dataset) -> usize {
    let mut seen = std::collections::HashSet::new();
    for q in dataset.iter() {
        if let oxrdf::NamedOrBlankNodeRef::BlankNode(b) = q.subject {
            seen.insert(b.as_str());
        }
        if let oxrdf::TermRef::BlankNode(b) = q.object {
            seen.insert(b.as_str());
        }
        if let oxrdf::GraphNameRef::BlankNode(b) = q.graph_name {
            seen.insert(b.as_str());
        }
    }
    seen.len()
}

/// Fails with [`CanonError::UndefinedTerms`] if JSON-LD would drop any member or type of
/// `doc` for want of a definition.
pub fn check_no_undefined_terms(doc: &Value) -> Result<(), CanonError> {
    let Value::Object(map) = doc else {
        return Ok(());
    };
    let mut probe = map.clone();
    let mut contexts = vec![serde_json::json!({ "@vocab": UNDEFINED })];
    match map.get("@context") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => contexts.extend(items.iter().cloned()),
        Some(other) => contexts.push(other.clone()),
    }
    probe.insert("@context".into(), Value::Array(contexts));
    let dataset = to_dataset(&Value::Object(probe))?;
    let mut undefined = std::collections::BTreeSet::new();
    for q in dataset.iter() {
        if let Some(term) = q.predicate.as_str().strip_prefix(UNDEFINED) {
            undefined.insert(term.to_string());
        }
        if let oxrdf::TermRef::NamedNode(n) = q.object {
            if let Some(term) = n.as_str().strip_prefix(UNDEFINED) {
                undefined.insert(term.to_string());
            }
        }
    }
    if undefined.is_empty() {
        Ok(())
    } else {
        Err(CanonError::UndefinedTerms(undefined.into_iter().collect()))
    }
}

/// Checks that every remote context `doc` names (at any depth) is bundled.
pub fn check_contexts(doc: &Value) -> Result<(), CanonError> {
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "@context" {
                    check_context_value(v)?;
                }
                check_contexts(v)?;
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_contexts),
        _ => Ok(()),
    }
}

fn check_context_value(v: &Value) -> Result<(), CanonError> {
    match v {
        Value::String(iri) => match bundled_context(iri) {
            Some(_) => Ok(()),
            None => Err(UnknownContext(iri.clone()).into()),
        },
        Value::Array(items) => items.iter().try_for_each(check_context_value),
        // Inline contexts may import others; check_contexts walks into them.
        Value::Object(_) | Value::Null => Ok(()),
        _ => Err(CanonError::BadContext),
    }
}

/// The RDF dataset of a JSON-LD document (blank nodes not yet canonical).
pub fn to_dataset(doc: &Value) -> Result<Dataset, CanonError> {
    check_contexts(doc)?;
    check_absolute_ids(doc)?;
    // serde_json -> text -> json_syntax: json-ld has its own JSON type. Serializing a
    // `Value` cannot fail (string keys only).
    let text = serde_json::to_string(doc).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let (value, _) =
        json_ld::syntax::Value::parse_str(&text).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let input = RemoteDocument::new(None, None, value);
    let mut generator = json_ld::rdf_types::generator::Blank::new();
    let mut rdf = block_on(input.to_rdf(&mut generator, &OfflineLoader))
        .map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let mut dataset = Dataset::new();
    for json_ld::rdf_types::Quad(s, p, o, g) in rdf.cloned_quads() {
        let subject = subject(s)?;
        let predicate = match p {
            json_ld::rdf_types::Id::Iri(iri) => named(iri.as_str())?,
            // Generalized RDF is off, so this cannot happen; refuse rather than drop.
            json_ld::rdf_types::Id::Blank(b) => {
                return Err(CanonError::Term(format!("blank node predicate {b}")))
            }
        };
        let object = match o {
            json_ld::rdf_types::Term::Id(id) => match subject_of(id)? {
                NamedOrBlankNode::NamedNode(n) => Term::NamedNode(n),
                NamedOrBlankNode::BlankNode(b) => Term::BlankNode(b),
            },
            json_ld::rdf_types::Term::Literal(l) => Term::Literal(literal(l)?),
        };
        let graph = match g {
            None => GraphName::DefaultGraph,
            Some(id) => match subject_of(id)? {
                NamedOrBlankNode::NamedNode(n) => GraphName::NamedNode(n),
                NamedOrBlankNode::BlankNode(b) => GraphName::BlankNode(b),
            },
        };
        dataset.insert(&Quad::new(subject, predicate, object, graph));
    }
    Ok(dataset)
}

type LdId = json_ld::rdf_types::Id<json_ld::IriBuf, json_ld::BlankIdBuf>;

fn subject(id: LdId) -> Result<NamedOrBlankNode, CanonError> {
    subject_of(id)
}

fn subject_of(id: LdId) -> Result<NamedOrBlankNode, CanonError> {
    match id {
        json_ld::rdf_types::Id::Iri(iri) => Ok(named(iri.as_str())?.into()),
        json_ld::rdf_types::Id::Blank(b) => {
            let label = b.as_str().strip_prefix("_:").unwrap_or(b.as_str());
            BlankNode::new(label)
                .map(Into::into)
                .map_err(|e| CanonError::Term(format!("blank node {b}: {e}")))
        }
    }
}

fn named(iri: &str) -> Result<NamedNode, CanonError> {
    NamedNode::new(iri).map_err(|e| CanonError::Term(format!("IRI <{iri}>: {e}")))
}

fn literal(l: json_ld::rdf_types::Literal) -> Result<Literal, CanonError> {
    use json_ld::rdf_types::LiteralType;
    match l.type_ {
        LiteralType::Any(dt) => Ok(Literal::new_typed_literal(l.value, named(dt.as_str())?)),
        LiteralType::LangString(tag) => Literal::new_language_tagged_literal(l.value, tag.as_str())
            .map_err(|e| CanonError::Term(format!("language tag `{tag}`: {e}"))),
    }
}

/// Refuses `id` / `@id` values that are not absolute IRIs or blank node labels: JSON-LD
/// would resolve them against a base we do not have and drop every quad that uses them.
fn check_absolute_ids(doc: &Value) -> Result<(), CanonError> {
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "@context" {
                    continue;
                }
                if k == "id" || k == "@id" {
                    if let Value::String(s) = v {
                        if !s.starts_with("_:") && !is_absolute_iri(s) {
                            return Err(CanonError::RelativeIri(format!("`{k}: \"{s}\"`")));
                        }
                    }
                }
                check_absolute_ids(v)?;
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_absolute_ids),
        _ => Ok(()),
    }
}

/// `scheme:` followed by anything, with an RFC 3987 scheme.
fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}
