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
//! Undefined terms are found by converting the document with a sentinel `@vocab` placed
//! *before* its own contexts: a term the document's contexts define (or map with their own
//! `@vocab`) is unaffected, and every term JSON-LD would otherwise drop comes out under the
//! sentinel namespace, where it is easy to spot and name. The sentinel only ever takes
//! effect where JSON-LD would otherwise have dropped something, so when no quad names it,
//! that same conversion *is* the document's dataset: [`canonical_nquads`] converts once, not
//! twice (`sentinel_conversion_is_the_plain_conversion` in the tests holds the two to the
//! same canonical N-Quads).
//!
//! Speed: a document's `@context` list is processed (the bundled contexts loaded and their
//! term definitions built) once per process and kept ([`processed_context`]); each document
//! is then expanded from that active context, as JSON-LD's expansion algorithm would after
//! processing the same `@context` entry itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use futures::executor::block_on;
use json_ld::rdf_types::vocabulary::no_vocabulary_mut;
use json_ld::syntax::{Parse as _, TryFromJson as _};
use json_ld::{Expand as _, JsonLdProcessor as _, Process as _, RdfQuads as _, RemoteDocument};
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
/// ending in `\n`, lines sorted by code point. Fails on any member or type the document's
/// contexts do not define ([`CanonError::UndefinedTerms`]).
///
/// Documents of a shape already seen are written from that shape's template
/// ([`super::shape`]), which gives the same lines without converting them again.
pub fn canonical_nquads(doc: &Value) -> Result<String, CanonError> {
    match super::shape::canonical_nquads(doc) {
        Some(lines) => Ok(lines),
        None => canonicalize(checked_dataset(doc)?),
    }
}

/// RDFC-1.0 over a dataset: blank nodes relabelled, quads written as sorted N-Quads. Most
/// datasets are labelled by their first-degree hashes alone ([`super::rdfc`]); the rest by
/// `oxrdf`'s whole algorithm ([`canonicalize_full`]).
pub fn canonicalize(dataset: Dataset) -> Result<String, CanonError> {
    if count_blank_nodes(dataset.iter()) > MAX_BLANK_NODES {
        return Err(CanonError::TooManyBlankNodes);
    }
    match super::rdfc::unique_first_degree(dataset.iter()) {
        Some(lines) => Ok(lines.concat()),
        None => canonicalize_full(dataset),
    }
}

/// [`canonicalize`] by `oxrdf`'s RDFC-1.0 whatever the dataset, the reference the shortcut
/// is tested against.
pub fn canonicalize_full(mut dataset: Dataset) -> Result<String, CanonError> {
    if count_blank_nodes(dataset.iter()) > MAX_BLANK_NODES {
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

fn count_blank_nodes<'a>(quads: impl Iterator<Item = oxrdf::QuadRef<'a>>) -> usize {
    let mut seen = std::collections::HashSet::new();
    for q in quads {
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
    checked_dataset(doc).map(drop)
}

/// The RDF dataset of `doc`, converted with the sentinel `@vocab` in front of its contexts;
/// an error if any quad names the sentinel (a term JSON-LD would otherwise have dropped).
/// Otherwise the dataset is the one [`to_dataset`] gives: the sentinel only ever applies
/// where JSON-LD would have dropped data, and no quad shows that it did.
pub fn checked_dataset(doc: &Value) -> Result<Dataset, CanonError> {
    if !doc.is_object() {
        // Nothing to name a term in at the top; JSON-LD takes arrays as they are.
        return to_dataset(doc);
    }
    let dataset = convert(doc, true)?;
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
        Ok(dataset)
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

/// The RDF dataset of a JSON-LD document (blank nodes not yet canonical), without the
/// undefined-term check.
pub fn to_dataset(doc: &Value) -> Result<Dataset, CanonError> {
    if doc.is_object() {
        return convert(doc, false);
    }
    // Not an object (an array of nodes): no top-level context to reuse.
    to_dataset_reference(doc)
}

/// The dataset as JSON-LD's own `to_rdf` makes it, every context of the document processed
/// afresh: what [`to_dataset`] did before it kept processed contexts, and the reference the
/// fast path is tested against (`tests/sign_rdf_paths.rs`). Not for production use: slow.
#[doc(hidden)]
pub fn to_dataset_reference(doc: &Value) -> Result<Dataset, CanonError> {
    check_contexts(doc)?;
    check_absolute_ids(doc)?;
    let text = serde_json::to_string(doc).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let (value, _) =
        json_ld::syntax::Value::parse_str(&text).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let input = RemoteDocument::new(None, None, value);
    let mut generator = json_ld::rdf_types::generator::Blank::new();
    let mut rdf = block_on(input.to_rdf(&mut generator, &OfflineLoader))
        .map_err(|e| CanonError::JsonLd(e.to_string()))?;
    to_oxrdf(rdf.cloned_quads())
}

/// A processed JSON-LD context (the active context after a `@context` entry).
type ActiveContext = json_ld::Context<json_ld::IriBuf, json_ld::BlankIdBuf>;

/// How many distinct `@context` entries [`processed_context`] keeps; credcat's own documents
/// use two or three, `credcat verify` may see others.
const KEPT_CONTEXTS: usize = 64;

/// The active context a top-level `@context` entry gives, processed once per process and
/// kept: for a credential that is loading the VC 2.0 and Open Badges contexts and building
/// a few hundred term definitions, which used to be most of the cost of signing a badge.
pub fn processed_context(context: &Value) -> Result<Arc<ActiveContext>, CanonError> {
    static KEPT: OnceLock<Mutex<HashMap<String, Arc<ActiveContext>>>> = OnceLock::new();
    let key = serde_json::to_string(context).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let kept = KEPT.get_or_init(Default::default);
    // A poisoned lock only means another thread panicked while inserting; the map is
    // still a valid cache.
    if let Some(active) = kept.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(active.clone());
    }
    let (json, _) =
        json_ld::syntax::Value::parse_str(&key).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let local = json_ld::syntax::context::Context::try_from_json(json)
        .map_err(|e| CanonError::JsonLd(format!("invalid @context: {e}")))?;
    // As the expansion algorithm does for a top-level `@context`: processed against an empty
    // active context with no base IRI, with the default options.
    let active = block_on(local.process_full(
        no_vocabulary_mut(),
        &ActiveContext::new(None),
        &OfflineLoader,
        None,
        json_ld::context_processing::Options::default(),
        (),
    ))
    .map_err(|e| CanonError::JsonLd(e.to_string()))?
    .into_processed();
    let active = Arc::new(active);
    let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
    if kept.len() < KEPT_CONTEXTS {
        kept.insert(key, active.clone());
    }
    Ok(active)
}

/// `map` serialized without its `@context` member (in its own order).
struct WithoutContext<'a>(&'a serde_json::Map<String, Value>);

impl serde::Serialize for WithoutContext<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = s.serialize_map(None)?;
        for (k, v) in self.0 {
            if k != "@context" {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

/// JSON-LD → RDF of a JSON object: its `@context` (behind the sentinel `@vocab` when
/// `sentinel`) is taken from [`processed_context`], the rest expanded from there and turned
/// into quads exactly as `JsonLdProcessor::to_rdf` does (unordered expansion, blank nodes
/// relabelled, no generalized RDF, no `rdfDirection`).
fn convert(doc: &Value, sentinel: bool) -> Result<Dataset, CanonError> {
    let Value::Object(map) = doc else {
        return Err(CanonError::JsonLd("not a JSON object".into()));
    };
    check_contexts(doc)?;
    check_absolute_ids(doc)?;
    let mut contexts = Vec::new();
    if sentinel {
        contexts.push(serde_json::json!({ "@vocab": UNDEFINED }));
    }
    match map.get("@context") {
        // `null` at the top resets to the empty context, which is where expansion starts.
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => contexts.extend(items.iter().cloned()),
        Some(other) => contexts.push(other.clone()),
    }
    let active = match contexts.len() {
        // No context at all: the empty active context, as for a document without one.
        0 => ActiveContext::new(None),
        _ => processed_context(&Value::Array(contexts))?.as_ref().clone(),
    };
    // serde_json -> text -> json_syntax: json-ld has its own JSON type.
    let text = serde_json::to_string(&WithoutContext(map))
        .map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let (value, _) =
        json_ld::syntax::Value::parse_str(&text).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let mut expanded = block_on(value.expand_full(
        no_vocabulary_mut(),
        active,
        None,
        &OfflineLoader,
        json_ld::expansion::Options::default().unordered(),
        (),
    ))
    .map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let mut generator = json_ld::rdf_types::generator::Blank::new();
    expanded.relabel_and_canonicalize_with(no_vocabulary_mut(), &mut generator);
    let quads = expanded
        .rdf_quads_full(no_vocabulary_mut(), &mut generator, None, false)
        .cloned();
    to_oxrdf(quads)
}

type LdQuad = json_ld::rdf_types::Quad<LdId, LdId, json_ld::rdf_types::Term<LdId>, LdId>;

/// json-ld's quads as an oxrdf dataset.
fn to_oxrdf(quads: impl Iterator<Item = LdQuad>) -> Result<Dataset, CanonError> {
    let mut dataset = Dataset::new();
    for json_ld::rdf_types::Quad(s, p, o, g) in quads {
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
pub(super) fn check_absolute_ids(doc: &Value) -> Result<(), CanonError> {
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
