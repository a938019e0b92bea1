//! JSON-LD → RDF memoized per document *shape*: the part of signing a badge that every award
//! of a catalog shares.
//!
//! Every award credential is built by the same code, so most of them differ only in their
//! string values (names, ids, dates, hashes), not in their members, their types or how
//! deeply things nest. Expanding such a document is the expensive part of `eddsa-rdfc-2022`
//! (type-scoped contexts processed again at each typed node), and it does the same work for
//! each of them. So a document is split into its shape — the JSON with every placeholder-able
//! string replaced by a unique placeholder IRI, members, `type` values, numbers and booleans
//! kept — and its leaves (the strings taken out). The shape is converted once, the full way
//! ([`rdf::checked_dataset`]), and kept as a template: each quad with its terms either fixed
//! or naming the leaf whose placeholder they were. A document of a known shape is then its
//! template with the leaves put back.
//!
//! That is only the conversion JSON-LD would have made when a leaf's value cannot change how
//! it is converted, which depends on where its placeholder came out:
//! - as a literal's value (a name, a date): JSON-LD copies a string into a literal as it is,
//!   whatever it says; the datatype or language comes from the member, not the value;
//! - as an IRI (an `id`, a member typed `@id` or `@vocab`): JSON-LD keeps an absolute IRI as
//!   it is unless it is a term or a compact IRI with a defined prefix, or not an IRI at all.
//!   A leaf there must be a plain ASCII absolute IRI whose scheme and whole value are no term
//!   of any bundled context ([`keeps_itself_as_iri`]); anything else (`_:b0`, `@id`, a
//!   relative path, `xsd:string`, a term) is converted the full way.
//!
//! A shape whose placeholders do not all come out whole, each as exactly one literal value or
//! IRI (one dropped, one folded into another string, one in a datatype or predicate), or that
//! the full conversion refuses (an undefined member or type: those are in the shape), is
//! marked unusable and its documents converted the full way, which gives the right dataset or
//! error. Documents with an inline (object) `@context` are not memoized at all: an inline
//! context could define any term. `tests/sign_rdf_paths.rs` holds both paths to the same
//! canonical N-Quads on generated awards with hostile values.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use oxrdf::{BlankNode, Dataset, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value};

use super::contexts::BUNDLED;
use super::rdf::{self, CanonError};

/// Start of every placeholder; a document with this text anywhere in its shape is not
/// memoized, so a placeholder can only ever stand for itself.
const PLACEHOLDER: &str = "urn:credcat:shape-leaf:";

/// How many shapes are kept before the memo starts over. A catalog's awards have a handful
/// (optional members present or absent, list lengths); `credcat verify` may see any.
const KEPT_SHAPES: usize = 4096;

/// The RDF dataset of `doc` as [`rdf::checked_dataset`] gives it (the same quads, up to blank
/// node labels, and the same errors), from the template of its shape when it has one.
pub fn checked_dataset(doc: &Value) -> Result<Dataset, CanonError> {
    match memoized(doc) {
        Some(dataset) => Ok(dataset),
        None => rdf::checked_dataset(doc),
    }
}

/// The dataset of `doc` from its shape's template, or `None` when `doc` must be converted the
/// full way (no usable shape, or a leaf whose value could change the conversion).
pub fn memoized(doc: &Value) -> Option<Dataset> {
    memoized_quads(doc).map(|quads| quads.into_iter().collect())
}

/// [`memoized`] as the quads themselves, possibly repeated (a dataset holds each once):
/// what canonicalizing needs, without a dataset's indexes.
pub fn memoized_quads(doc: &Value) -> Option<Vec<Quad>> {
    // The full path refuses an `id` that is not absolute by its member name, whatever the
    // contexts make of it; so does this one.
    rdf::check_absolute_ids(doc).ok()?;
    let shape = Shape::of(doc)?;
    let template = template(&shape)?;
    template.instantiate(&shape.leaves)
}

/// A document split into its shape (as JSON text, the memo's key) and its leaves.
struct Shape {
    key: String,
    doc: Value,
    leaves: Vec<String>,
}

impl Shape {
    /// `None` when `doc` is not a JSON object, has an inline context, or has the placeholder
    /// text in what the shape keeps.
    fn of(doc: &Value) -> Option<Shape> {
        if !doc.is_object() {
            return None;
        }
        let mut leaves = Vec::new();
        let shaped = shape_value(doc, false, &mut leaves)?;
        let key = serde_json::to_string(&shaped).ok()?;
        Some(Shape {
            key,
            doc: shaped,
            leaves,
        })
    }
}

/// `v` with its strings replaced by placeholders (pushed to `leaves`), except where `keep`
/// (the values of `type` and of keywords: `@context`, `@type`, `@id`, `@language`, …) and
/// except a term of the bundled contexts wherever it is. A term as a leaf would send every
/// document the full way (it may expand to an IRI: `"proofPurpose": "assertionMethod"`), so
/// it is part of the shape instead, which is converted the full way once.
fn shape_value(v: &Value, keep: bool, leaves: &mut Vec<String>) -> Option<Value> {
    Some(match v {
        Value::String(s) if keep || context_terms().contains(s.as_str()) => {
            if s.contains(PLACEHOLDER) {
                return None;
            }
            v.clone()
        }
        Value::String(s) => {
            let placeholder = format!("{PLACEHOLDER}{}", leaves.len());
            leaves.push(s.clone());
            Value::String(placeholder)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| shape_value(item, keep, leaves))
                .collect::<Option<_>>()?,
        ),
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, item) in map {
                if k.contains(PLACEHOLDER) {
                    return None;
                }
                if k == "@context" && has_inline_context(item) {
                    return None;
                }
                let keep = keep || k == "type" || k.starts_with('@');
                out.insert(k.clone(), shape_value(item, keep, leaves)?);
            }
            Value::Object(out)
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => v.clone(),
    })
}

fn has_inline_context(context: &Value) -> bool {
    match context {
        Value::Array(items) => items.iter().any(has_inline_context),
        Value::String(_) | Value::Null => false,
        _ => true,
    }
}

/// The template of `shape`, converted on first sight; `None` when the shape is unusable.
fn template(shape: &Shape) -> Option<Arc<Template>> {
    static KEPT: OnceLock<Mutex<HashMap<String, Option<Arc<Template>>>>> = OnceLock::new();
    let kept = KEPT.get_or_init(Default::default);
    // A poisoned lock only means another thread panicked mid-insert; the map is still valid.
    if let Some(entry) = kept
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&shape.key)
    {
        return entry.clone();
    }
    let entry = rdf::checked_dataset(&shape.doc)
        .ok()
        .and_then(|dataset| Template::of(&dataset, shape.leaves.len()))
        .map(Arc::new);
    let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
    if kept.len() >= KEPT_SHAPES {
        kept.clear();
    }
    kept.insert(shape.key.clone(), entry.clone());
    entry
}

/// A node or value of a quad template.
#[derive(Debug)]
enum Part {
    Iri(NamedNode),
    Blank(BlankNode),
    Literal(Literal),
    /// The IRI that is leaf `n`.
    LeafIri(usize),
    /// A literal whose value is leaf `n`, with this datatype (or language).
    LeafLiteral(usize, LiteralKind),
}

#[derive(Debug)]
enum LiteralKind {
    Typed(NamedNode),
    Language(String),
}

#[derive(Debug)]
struct QuadTemplate {
    subject: Part,
    predicate: NamedNode,
    object: Part,
    graph: Option<Part>,
}

/// A shape's dataset with its leaves left open.
#[derive(Debug)]
struct Template {
    quads: Vec<QuadTemplate>,
    /// Leaves that came out as IRIs: their values must keep themselves as IRIs.
    iri_leaves: Vec<usize>,
}

impl Template {
    /// `None` unless every one of the `leaves` placeholders comes out whole, as literal
    /// values or IRIs, and nothing else names one.
    fn of(dataset: &Dataset, leaves: usize) -> Option<Template> {
        let mut used = vec![false; leaves];
        let mut iri_leaves = HashSet::new();
        let mut quads = Vec::with_capacity(dataset.len());
        for q in dataset.iter() {
            let mut node = |n: oxrdf::NamedNodeRef| -> Option<Part> {
                Some(match leaf(n.as_str(), leaves)? {
                    Some(i) => {
                        used[i] = true;
                        iri_leaves.insert(i);
                        Part::LeafIri(i)
                    }
                    None => Part::Iri(n.into_owned()),
                })
            };
            let subject = match q.subject {
                oxrdf::NamedOrBlankNodeRef::NamedNode(n) => node(n)?,
                oxrdf::NamedOrBlankNodeRef::BlankNode(b) => Part::Blank(b.into_owned()),
            };
            let graph = match q.graph_name {
                oxrdf::GraphNameRef::DefaultGraph => None,
                oxrdf::GraphNameRef::NamedNode(n) => Some(node(n)?),
                oxrdf::GraphNameRef::BlankNode(b) => Some(Part::Blank(b.into_owned())),
            };
            let object = match q.object {
                oxrdf::TermRef::NamedNode(n) => node(n)?,
                oxrdf::TermRef::BlankNode(b) => Part::Blank(b.into_owned()),
                oxrdf::TermRef::Literal(l) => {
                    let kind = match l.language() {
                        Some(lang) => LiteralKind::Language(lang.to_string()),
                        None => {
                            if leaf(l.datatype().as_str(), leaves)?.is_some() {
                                return None;
                            }
                            LiteralKind::Typed(l.datatype().into_owned())
                        }
                    };
                    match leaf(l.value(), leaves)? {
                        Some(i) => {
                            used[i] = true;
                            Part::LeafLiteral(i, kind)
                        }
                        None => Part::Literal(l.into_owned()),
                    }
                }
                #[allow(unreachable_patterns)]
                _ => return None,
            };
            if leaf(q.predicate.as_str(), leaves)?.is_some() {
                return None;
            }
            quads.push(QuadTemplate {
                subject,
                predicate: q.predicate.into_owned(),
                object,
                graph,
            });
        }
        // A leaf JSON-LD dropped: whether the real value would be dropped too is not known.
        if used.contains(&false) {
            return None;
        }
        let mut iri_leaves: Vec<usize> = iri_leaves.into_iter().collect();
        iri_leaves.sort_unstable();
        Some(Template { quads, iri_leaves })
    }

    /// The dataset with `leaves` put back; `None` if a leaf in an IRI place would not be
    /// kept as it is by JSON-LD.
    fn instantiate(&self, leaves: &[String]) -> Option<Vec<Quad>> {
        if !self
            .iri_leaves
            .iter()
            .all(|&i| keeps_itself_as_iri(&leaves[i]))
        {
            return None;
        }
        let iri = |i: usize| NamedNode::new_unchecked(leaves[i].clone());
        let node = |p: &Part| -> NamedOrBlankNode {
            match p {
                Part::Iri(n) => n.clone().into(),
                Part::Blank(b) => b.clone().into(),
                Part::LeafIri(i) => iri(*i).into(),
                // Only ever built from a subject or graph name, which are never literals.
                Part::Literal(_) | Part::LeafLiteral(..) => unreachable!("not a node"),
            }
        };
        let mut quads = Vec::with_capacity(self.quads.len());
        for q in &self.quads {
            let object: Term = match &q.object {
                Part::Literal(l) => l.clone().into(),
                Part::LeafLiteral(i, LiteralKind::Typed(dt)) => {
                    Literal::new_typed_literal(leaves[*i].clone(), dt.clone()).into()
                }
                Part::LeafLiteral(i, LiteralKind::Language(lang)) => {
                    Literal::new_language_tagged_literal_unchecked(leaves[*i].clone(), lang.clone())
                        .into()
                }
                other => match node(other) {
                    NamedOrBlankNode::NamedNode(n) => n.into(),
                    NamedOrBlankNode::BlankNode(b) => b.into(),
                },
            };
            let graph = match &q.graph {
                None => GraphName::DefaultGraph,
                Some(g) => match node(g) {
                    NamedOrBlankNode::NamedNode(n) => n.into(),
                    NamedOrBlankNode::BlankNode(b) => b.into(),
                },
            };
            quads.push(Quad::new(
                node(&q.subject),
                q.predicate.clone(),
                object,
                graph,
            ));
        }
        Some(quads)
    }
}

/// Which leaf `s` is the placeholder of: `Some(None)` for none, `Some(Some(n))` for exactly
/// placeholder `n`, `None` (unusable) when a placeholder is only part of `s`.
fn leaf(s: &str, leaves: usize) -> Option<Option<usize>> {
    match s.find(PLACEHOLDER) {
        None => Some(None),
        Some(0) => {
            let n: usize = s[PLACEHOLDER.len()..].parse().ok()?;
            // Exactly the placeholder: `…:12` but not `…:012` or `…:12#x`.
            (n < leaves && s.len() == PLACEHOLDER.len() + n.to_string().len()).then_some(Some(n))
        }
        Some(_) => None,
    }
}

/// Whether JSON-LD's IRI expansion keeps `value` exactly as it is, wherever an IRI is read
/// (`@id`, members typed `@id` or `@vocab`): a plain ASCII absolute IRI that is not a term,
/// whose scheme is no term (so it is not a compact IRI), and not a keyword or blank node.
/// Conservative: when unsure it says no, and the document is converted the full way.
pub fn keeps_itself_as_iri(value: &str) -> bool {
    let Some((scheme, _)) = value.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // RFC 3987 characters an IRI may hold as they are, ASCII only (no space, quote, <, >, \,
    // ^, `, {, |, }); `%` only as the start of an escape, which NamedNode::new checks.
    let plain = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b));
    let terms = context_terms();
    is_scheme
        && plain
        && !terms.contains(scheme)
        && !terms.contains(value)
        && NamedNode::new(value).is_ok()
}

/// Every member name in every bundled context, at any depth (terms, scoped contexts' terms
/// and keywords alike): more than the terms JSON-LD could expand, never fewer.
fn context_terms() -> &'static HashSet<String> {
    static TERMS: OnceLock<HashSet<String>> = OnceLock::new();
    TERMS.get_or_init(|| {
        fn walk(v: &Value, out: &mut HashSet<String>) {
            match v {
                Value::Object(map) => {
                    for (k, item) in map {
                        out.insert(k.clone());
                        walk(item, out);
                    }
                }
                Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
                _ => {}
            }
        }
        let mut out = HashSet::new();
        for context in BUNDLED {
            // Bundled at build time and parsed by the contexts' own tests.
            if let Ok(v) = serde_json::from_str::<Value>(context.text) {
                walk(&v, &mut out);
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_that_keep_themselves() {
        for ok in [
            "https://example.edu/badges/a/credential.json",
            "did:web:example.edu",
            "urn:uuid:4f1c1e0a-0000-4000-8000-000000000001",
            "https://example.edu/status/2.json#123",
        ] {
            assert!(keeps_itself_as_iri(ok), "{ok}");
        }
        for bad in [
            "",
            "_:b0",
            "@id",
            "relative/path",
            "/absolute/path",
            "Badge",
            "type:x",
            "https://example.edu/a b",
            "https://example.edu/é",
            "https://example.edu/<x>",
            "1http://x",
            "https://example.edu/%zz",
        ] {
            assert!(!keeps_itself_as_iri(bad), "{bad}");
        }
    }

    #[test]
    fn shapes_keep_types_and_keywords_and_take_out_strings() {
        let doc = serde_json::json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "name": "x",
            "n": 1,
            "list": ["a", {"type": "T", "id": "urn:x"}],
        });
        let shape = Shape::of(&doc).unwrap();
        assert_eq!(shape.leaves, ["x", "a", "urn:x"]);
        assert_eq!(shape.doc["type"], doc["type"]);
        assert_eq!(shape.doc["@context"], doc["@context"]);
        assert_eq!(shape.doc["n"], 1);
        assert_eq!(shape.doc["list"][1]["type"], "T");
        assert_eq!(shape.doc["name"], format!("{PLACEHOLDER}0"));
        // Same members, other strings: same shape.
        let mut other = doc.clone();
        other["name"] = "y".into();
        assert_eq!(Shape::of(&other).unwrap().key, shape.key);
        // The placeholder text where the shape keeps it, or an inline context: no shape.
        let mut sneaky = doc.clone();
        sneaky["type"] = format!("{PLACEHOLDER}0").into();
        assert!(Shape::of(&sneaky).is_none());
        let mut inline = doc.clone();
        inline["@context"] = serde_json::json!([{"@vocab": "urn:v#"}]);
        assert!(Shape::of(&inline).is_none());
    }

    #[test]
    fn a_proof_configuration_is_memoized_whatever_its_date() {
        // `assertionMethod` is a term (an IRI once expanded): as a leaf it would send every
        // configuration the full way, one for each `created` date of a catalog's awards.
        let config = |created: &str| {
            serde_json::json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "created": created,
                "verificationMethod": "did:web:example.edu#key-1",
                "proofPurpose": "assertionMethod",
            })
        };
        let first = Shape::of(&config("2026-06-30T00:00:00Z")).unwrap();
        assert_eq!(first.doc["proofPurpose"], "assertionMethod");
        for created in ["2026-06-30T00:00:00Z", "2025-01-02T03:04:05Z"] {
            let doc = config(created);
            assert_eq!(Shape::of(&doc).unwrap().key, first.key);
            let memo = memoized(&doc).expect("memoized");
            let full = rdf::checked_dataset(&doc).unwrap();
            assert_eq!(
                rdf::canonicalize(memo).unwrap(),
                rdf::canonicalize(full).unwrap()
            );
        }
    }
}
