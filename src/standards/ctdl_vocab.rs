//! The CTDL vocabularies (CTDL, CTDL-ASN, qdata) and a checker for CTDL documents.
//!
//! Credential Engine publishes its vocabularies as RDFS-style JSON-LD graphs; the three
//! 2023-10 snapshots in `standards/ctdl/` are compiled in and parsed once. From them this
//! module answers, for every node of a document credcat emits:
//!
//! - does the class exist?
//! - does each property exist, and is the node's class (or one of its superclasses, through
//!   `rdfs:subClassOf`) in the property's `schema:domainIncludes`?
//! - is each concept value (a `credentialStat:Active`, directly or as the `ceterms:targetNode`
//!   of a `ceterms:CredentialAlignmentObject`) a concept of the property's `meta:targetScheme`?
//!
//! It also builds the JSON-LD context that the registry's context URLs stand for, so that
//! documents can be expanded offline ([`context`]). What it does not do: judge ranges beyond
//! concepts, or decide what a document should contain — that is `emit::ctdl`'s job.
//!
//! The three files overlap: a term such as `ceterms:name` is declared in more than one, each
//! declaration listing only the domains that file cares about. Declarations are merged
//! (union of domains, ranges and schemes), never overwritten.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use serde_json::{json, Map, Value};
use thiserror::Error;

/// The registry's context for CTDL documents (credentials, organizations, pathways).
/// (class, property) pairs the registry's validation schemas require but the bundled 2023
/// vocabulary snapshot does not list in the property's domain: the registry refuses a Pathway
/// without `ceterms:inLanguage` (`pathway.json`'s `required`), so it is allowed there.
pub const REGISTRY_REQUIRED: &[(&str, &str)] = &[("ceterms:Pathway", "ceterms:inLanguage")];

pub const CTDL_CONTEXT: &str = "https://credreg.net/ctdl/schema/context/json";
/// The registry's context for CTDL-ASN documents (competency frameworks).
pub const CTDLASN_CONTEXT: &str = "https://credreg.net/ctdlasn/schema/context/json";

struct VocabFile {
    name: &'static str,
    text: &'static str,
    /// Namespace pattern for the concept-scheme prefixes declared in this file
    /// (`credentialStat:` → `https://purl.org/ctdl/vocabs/credentialStat/`).
    concept_base: &'static str,
}

const FILES: &[VocabFile] = &[
    VocabFile {
        name: "ctdl-schema.json",
        text: include_str!("../../standards/ctdl/ctdl-schema.json"),
        concept_base: "https://purl.org/ctdl/vocabs/",
    },
    VocabFile {
        name: "ctdlasn-schema.json",
        text: include_str!("../../standards/ctdl/ctdlasn-schema.json"),
        concept_base: "https://purl.org/ctdlasn/vocabs/",
    },
    VocabFile {
        name: "qdata-schema.json",
        text: include_str!("../../standards/ctdl/qdata-schema.json"),
        concept_base: "https://credreg.net/qdata/vocabs/",
    },
];

/// Term prefixes and their namespaces, as Credential Engine uses them.
const NAMESPACES: &[(&str, &str)] = &[
    ("ceterms", "https://purl.org/ctdl/terms/"),
    ("ceasn", "https://purl.org/ctdlasn/terms/"),
    ("qdata", "https://credreg.net/qdata/terms/"),
    ("asn", "http://purl.org/ASN/schema/core/"),
    ("schema", "https://schema.org/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("dct", "http://purl.org/dc/terms/"),
];

/// One property, merged over every file that declares it.
#[derive(Debug, Clone, Default)]
pub struct Property {
    pub domain: BTreeSet<String>,
    pub range: BTreeSet<String>,
    pub schemes: BTreeSet<String>,
}

/// The merged vocabulary.
#[derive(Debug, Default)]
pub struct Vocab {
    /// Class → its direct superclasses.
    pub classes: HashMap<String, Vec<String>>,
    pub properties: HashMap<String, Property>,
    /// Concept → the schemes it is in.
    pub concepts: HashMap<String, BTreeSet<String>>,
    /// Concept scheme → whether the vocabulary lists any concept of it (schemes such as
    /// `ceterms:OccupationClassification` are external lists: O*NET, NAICS).
    pub schemes: HashMap<String, bool>,
    /// Prefix → namespace, including every concept-scheme prefix.
    pub namespaces: BTreeMap<String, String>,
}

/// A bundled vocabulary file is broken. Only possible if a file in `standards/ctdl/` was
/// edited by hand; a test rules it out.
#[derive(Debug, Clone, Error)]
#[error("standards/ctdl/{file} is not a readable CTDL vocabulary: {message}")]
pub struct BrokenVocab {
    file: &'static str,
    message: String,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn parse() -> Result<Vocab, BrokenVocab> {
    let mut vocab = Vocab::default();
    for (p, ns) in NAMESPACES {
        vocab.namespaces.insert((*p).into(), (*ns).into());
    }
    for file in FILES {
        let doc: Value = serde_json::from_str(file.text).map_err(|e| BrokenVocab {
            file: file.name,
            message: e.to_string(),
        })?;
        let graph = doc
            .get("@graph")
            .and_then(Value::as_array)
            .ok_or(BrokenVocab {
                file: file.name,
                message: "no @graph".into(),
            })?;
        for node in graph {
            let (Some(id), Some(kind)) = (
                node.get("@id").and_then(Value::as_str),
                node.get("@type").and_then(Value::as_str),
            ) else {
                continue;
            };
            match kind {
                "rdfs:Class" => {
                    let supers = vocab.classes.entry(id.into()).or_default();
                    for s in strings(node.get("rdfs:subClassOf")) {
                        if !supers.contains(&s) {
                            supers.push(s);
                        }
                    }
                }
                "rdf:Property" => {
                    let p = vocab.properties.entry(id.into()).or_default();
                    p.domain.extend(strings(node.get("schema:domainIncludes")));
                    p.range.extend(strings(node.get("schema:rangeIncludes")));
                    p.schemes.extend(strings(node.get("meta:targetScheme")));
                }
                "skos:ConceptScheme" => {
                    vocab.schemes.entry(id.into()).or_insert(false);
                }
                "skos:Concept" => {
                    let schemes = strings(node.get("skos:inScheme"));
                    for s in &schemes {
                        vocab.schemes.insert(s.clone(), true);
                    }
                    vocab.concepts.entry(id.into()).or_default().extend(schemes);
                    if let Some((prefix, _)) = id.split_once(':') {
                        if !vocab.namespaces.contains_key(prefix) {
                            vocab
                                .namespaces
                                .insert(prefix.into(), format!("{}{prefix}/", file.concept_base));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    // Schemes named as a property's target but never declared (external code lists).
    let targets: Vec<String> = vocab
        .properties
        .values()
        .flat_map(|p| p.schemes.iter().cloned())
        .collect();
    for s in targets {
        vocab.schemes.entry(s).or_insert(false);
    }
    Ok(vocab)
}

fn parsed() -> &'static Result<Vocab, BrokenVocab> {
    static VOCAB: OnceLock<Result<Vocab, BrokenVocab>> = OnceLock::new();
    VOCAB.get_or_init(parse)
}

/// The merged vocabulary, parsed on first use.
pub fn vocab() -> Result<&'static Vocab, BrokenVocab> {
    parsed().as_ref().map_err(Clone::clone)
}

impl Vocab {
    /// The class and every superclass, transitively.
    pub fn ancestors(&self, class: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![class.to_string()];
        while let Some(c) = todo.pop() {
            if seen.insert(c.clone()) {
                if let Some(supers) = self.classes.get(&c) {
                    todo.extend(supers.iter().cloned());
                }
            }
        }
        seen
    }

    /// Whether `property` may be used on a node of class `class`.
    /// Whether `property` may be used on `class`: in its domain, or one of the
    /// [`REGISTRY_REQUIRED`] pairs.
    pub fn in_domain(&self, property: &str, class: &str) -> bool {
        let Some(p) = self.properties.get(property) else {
            return false;
        };
        REGISTRY_REQUIRED.contains(&(class, property))
            || self.ancestors(class).iter().any(|c| p.domain.contains(c))
    }

    /// Whether a compact IRI names a concept prefix (`credentialStat:…`), i.e. must be a concept.
    fn is_concept_curie(&self, s: &str) -> bool {
        match s.split_once(':') {
            Some((prefix, local)) => {
                !local.starts_with("//")
                    && self.namespaces.contains_key(prefix)
                    && !NAMESPACES.iter().any(|(p, _)| *p == prefix)
            }
            None => false,
        }
    }

    /// The full IRI of a compact one, when its prefix is known.
    pub fn expand_curie(&self, s: &str) -> Option<String> {
        let (prefix, local) = s.split_once(':')?;
        if local.starts_with("//") {
            return None;
        }
        self.namespaces.get(prefix).map(|ns| format!("{ns}{local}"))
    }
}

/// One way a document leaves the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where in the document: `@graph[0] ceterms:requires[1] ceterms:targetCompetency[0]`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Checks a document in the registry's graph form (`{"@context", "@id", "@graph": […]}`),
/// a single node, or an array of either.
pub fn check_document(doc: &Value) -> Vec<Violation> {
    let vocab = match vocab() {
        Ok(v) => v,
        Err(e) => {
            return vec![Violation {
                path: String::new(),
                message: e.to_string(),
            }]
        }
    };
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    let mut refs = Vec::new();
    match doc {
        Value::Array(items) => {
            for (i, d) in items.iter().enumerate() {
                check_top(vocab, d, &format!("[{i}]"), &mut ids, &mut refs, &mut out);
            }
        }
        d => check_top(vocab, d, "", &mut ids, &mut refs, &mut out),
    }
    // Every blank node a document points at must be in it: a dangling `_:` reference is
    // data silently lost.
    for (path, r) in refs {
        if !ids.contains(&r) {
            out.push(Violation {
                path,
                message: format!("`{r}` names no node of the document"),
            });
        }
    }
    out
}

fn check_top(
    vocab: &Vocab,
    doc: &Value,
    path: &str,
    ids: &mut BTreeSet<String>,
    refs: &mut Vec<(String, String)>,
    out: &mut Vec<Violation>,
) {
    match doc.get("@graph") {
        Some(Value::Array(nodes)) => {
            if let Some(ctx) = doc.get("@context") {
                if ctx != CTDL_CONTEXT && ctx != CTDLASN_CONTEXT {
                    out.push(Violation {
                        path: format!("{path}@context"),
                        message: format!("unexpected context {ctx}"),
                    });
                }
            }
            for (i, n) in nodes.iter().enumerate() {
                check_node(vocab, n, &format!("{path}@graph[{i}]"), ids, refs, out);
            }
        }
        Some(_) => out.push(Violation {
            path: path.into(),
            message: "@graph is not an array".into(),
        }),
        None => check_node(vocab, doc, path, ids, refs, out),
    }
}

fn check_node(
    vocab: &Vocab,
    node: &Value,
    path: &str,
    ids: &mut BTreeSet<String>,
    refs: &mut Vec<(String, String)>,
    out: &mut Vec<Violation>,
) {
    let Some(obj) = node.as_object() else {
        out.push(Violation {
            path: path.into(),
            message: "expected a node object".into(),
        });
        return;
    };
    if let Some(id) = obj.get("@id").and_then(Value::as_str) {
        ids.insert(id.to_string());
    }
    let class = match obj.get("@type") {
        Some(Value::String(t)) => t.as_str(),
        _ => {
            out.push(Violation {
                path: path.into(),
                message: "node has no single @type".into(),
            });
            return;
        }
    };
    if !vocab.classes.contains_key(class) {
        out.push(Violation {
            path: path.into(),
            message: format!("class `{class}` is not in the vocabulary"),
        });
        return;
    }
    for (key, value) in obj {
        if key.starts_with('@') {
            continue;
        }
        let here = format!("{path} {key}");
        let Some(prop) = vocab.properties.get(key) else {
            out.push(Violation {
                path: here,
                message: format!("property `{key}` is not in the vocabulary"),
            });
            continue;
        };
        if !vocab.in_domain(key, class) {
            out.push(Violation {
                path: here.clone(),
                message: format!("`{key}` is not used on `{class}` (not in its domain)"),
            });
        }
        let values: Vec<&Value> = match value {
            Value::Array(a) => a.iter().collect(),
            v => vec![v],
        };
        for (i, v) in values.iter().enumerate() {
            let vpath = if matches!(value, Value::Array(_)) {
                format!("{here}[{i}]")
            } else {
                here.clone()
            };
            check_value(vocab, key, prop, v, &vpath, ids, refs, out);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_value(
    vocab: &Vocab,
    key: &str,
    prop: &Property,
    v: &Value,
    path: &str,
    ids: &mut BTreeSet<String>,
    refs: &mut Vec<(String, String)>,
    out: &mut Vec<Violation>,
) {
    match v {
        Value::Object(o) if o.contains_key("@type") => {
            check_node(vocab, v, path, ids, refs, out);
            if o.get("@type").and_then(Value::as_str) == Some("ceterms:CredentialAlignmentObject") {
                if let Some(target) = o.get("ceterms:targetNode").and_then(Value::as_str) {
                    check_concept(
                        vocab,
                        key,
                        prop,
                        target,
                        &format!("{path} ceterms:targetNode"),
                        out,
                    );
                }
            }
        }
        Value::Object(o) => {
            // A language map: only where the range allows a language-tagged string.
            if !prop.range.contains("rdf:langString") {
                out.push(Violation {
                    path: path.into(),
                    message: format!("`{key}` does not take a language map"),
                });
            }
            for (lang, text) in o {
                let ok_tag = !lang.is_empty()
                    && lang.split('-').all(|p| {
                        !p.is_empty()
                            && p.len() <= 8
                            && p.chars().all(|c| c.is_ascii_alphanumeric())
                    });
                let ok_text = text.is_string()
                    || text
                        .as_array()
                        .is_some_and(|a| a.iter().all(Value::is_string));
                if !ok_tag || !ok_text {
                    out.push(Violation {
                        path: path.into(),
                        message: format!("bad language map entry `{lang}`"),
                    });
                }
            }
        }
        Value::String(s) => {
            if s.starts_with("_:") {
                refs.push((path.into(), s.clone()));
            }
            // A CAO's targetNode is judged against the property holding the CAO (above).
            if key != "ceterms:targetNode"
                && (!prop.schemes.is_empty() || vocab.is_concept_curie(s))
            {
                check_concept(vocab, key, prop, s, path, out);
            }
        }
        _ => {}
    }
}

fn check_concept(
    vocab: &Vocab,
    key: &str,
    prop: &Property,
    target: &str,
    path: &str,
    out: &mut Vec<Violation>,
) {
    if vocab.is_concept_curie(target) {
        match vocab.concepts.get(target) {
            None => out.push(Violation {
                path: path.into(),
                message: format!("concept `{target}` is not in the vocabulary"),
            }),
            Some(schemes) if !schemes.iter().any(|s| prop.schemes.contains(s)) => {
                out.push(Violation {
                    path: path.into(),
                    message: format!(
                        "concept `{target}` is not in the target scheme of `{key}` ({})",
                        if prop.schemes.is_empty() {
                            "none".to_string()
                        } else {
                            prop.schemes.iter().cloned().collect::<Vec<_>>().join(", ")
                        }
                    ),
                })
            }
            Some(_) => {}
        }
    } else if !prop.schemes.is_empty()
        && prop
            .schemes
            .iter()
            .all(|s| vocab.schemes.get(s).copied().unwrap_or(false))
    {
        // Every target scheme is a closed CTDL concept scheme: an outside value cannot be in it.
        out.push(Violation {
            path: path.into(),
            message: format!(
                "`{target}` is not a concept of {}",
                prop.schemes.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        });
    }
}

/// Whether a range entry denotes a node or an IRI (so string values are IRI references).
fn is_reference_range(r: &str) -> bool {
    r == "xsd:anyURI"
        || !(r.starts_with("xsd:")
            || r == "rdf:langString"
            || r == "rdfs:Literal"
            || r == "schema:Duration"
            || r == "rdf:Statement")
}

fn build_context(vocab: &Vocab) -> Value {
    let mut ctx = Map::new();
    for (prefix, ns) in &vocab.namespaces {
        ctx.insert(prefix.clone(), json!(ns));
    }
    let mut names: Vec<&String> = vocab.properties.keys().collect();
    names.sort();
    for name in names {
        let p = &vocab.properties[name];
        let def = if p.range.contains("rdf:langString") {
            // Text properties take language maps ({"en-US": "…"}), as the registry writes them.
            json!({ "@container": "@language" })
        } else if p.range.iter().any(|r| is_reference_range(r)) {
            // Object properties: a string value is a reference (`ce-…` URI, `_:b0`, `credentialStat:Active`).
            json!({ "@type": "@id" })
        } else if p.range.contains("xsd:date") {
            json!({ "@type": "xsd:date" })
        } else if p.range.contains("xsd:dateTime") {
            json!({ "@type": "xsd:dateTime" })
        } else {
            continue;
        };
        ctx.insert(name.clone(), def);
    }
    json!({ "@context": Value::Object(ctx) })
}

/// The JSON-LD context served for both [`CTDL_CONTEXT`] and [`CTDLASN_CONTEXT`] when
/// credcat expands documents offline. Built from the vocabulary, once.
pub fn context() -> Result<&'static Value, BrokenVocab> {
    static CONTEXT: OnceLock<Result<Value, BrokenVocab>> = OnceLock::new();
    CONTEXT
        .get_or_init(|| vocab().map(build_context))
        .as_ref()
        .map_err(Clone::clone)
}

/// The text of `standards/ctdl/context.jsonld`: [`context`], pretty-printed.
pub fn context_text() -> Result<String, BrokenVocab> {
    let ctx = context()?;
    // Serializing a `Value` cannot fail: string keys only.
    Ok(serde_json::to_string_pretty(ctx).unwrap_or_default() + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn vocabulary_parses_and_merges_declarations() {
        let v = vocab().unwrap();
        assert!(v.classes.contains_key("ceterms:DigitalBadge"));
        assert!(v
            .ancestors("ceterms:DigitalBadge")
            .contains("ceterms:Credential"));
        // `ceterms:name` is declared in ctdl and qdata: both domains count.
        assert!(v.in_domain("ceterms:name", "ceterms:Certificate"));
        assert!(v.in_domain("ceterms:name", "qdata:DataSetProfile"));
        assert!(!v.in_domain("ceterms:price", "ceterms:Certificate"));
        assert_eq!(
            v.expand_curie("credentialStat:Active").as_deref(),
            Some("https://purl.org/ctdl/vocabs/credentialStat/Active")
        );
    }

    /// The model's vocab enums name CTDL terms; each must exist in the bundled vocabulary.
    #[test]
    fn every_model_term_is_in_the_vocabulary() {
        let v = vocab().unwrap();
        for t in CredentialType::ALL {
            assert!(v.classes.contains_key(t.ctdl()), "{}", t.ctdl());
        }
        let concepts: Vec<&str> = CredentialStatus::ALL
            .iter()
            .map(|c| c.ctdl())
            .chain(AudienceLevel::ALL.iter().map(|c| c.ctdl()))
            .chain(Delivery::ALL.iter().map(|c| c.ctdl()))
            .chain(AssessmentMethod::ALL.iter().map(|c| c.ctdl()))
            .chain(CostKind::ALL.iter().map(|c| c.ctdl()))
            .chain(CreditUnit::ALL.iter().map(|c| c.ctdl()))
            .chain(OrgKind::ALL.iter().map(|c| c.ctdl()))
            .chain(Sector::ALL.iter().map(|c| c.ctdl()))
            .collect();
        let missing: Vec<&&str> = concepts
            .iter()
            .filter(|c| !v.concepts.contains_key(**c))
            .collect();
        assert!(
            missing.is_empty(),
            "concepts missing from the vocabulary: {missing:?}"
        );
    }

    #[test]
    fn checker_catches_each_kind_of_mistake() {
        let doc = json!({
            "@context": CTDL_CONTEXT,
            "@graph": [{
                "@type": "ceterms:DigitalBadge",
                "@id": "https://example.org/x",
                "ceterms:name": {"en-US": "X"},
                "ceterms:price": 3,
                "ceterms:nonsense": 1,
                "ceterms:credentialStatusType": {
                    "@type": "ceterms:CredentialAlignmentObject",
                    "ceterms:targetNode": "audLevel:BeginnerLevel"
                },
                "ceterms:accreditedBy": ["_:missing"]
            }, {"@type": "ceterms:NoSuchClass"}]
        });
        let v = check_document(&doc);
        let text: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("ceterms:price") && t.contains("domain")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("ceterms:nonsense")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("audLevel:BeginnerLevel") && t.contains("target scheme")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("_:missing")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("NoSuchClass")), "{text:?}");
        assert_eq!(v.len(), 5, "{text:?}");
    }

    /// `standards/ctdl/context.jsonld` is what `context()` builds (the CI check in
    /// tests/jsonld reads the file). `UPDATE_CTDL_CONTEXT=1` rewrites it.
    #[test]
    fn ctdl_context_file_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/standards/ctdl/context.jsonld");
        let want = context_text().unwrap();
        if std::env::var_os("UPDATE_CTDL_CONTEXT").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(have == want, "standards/ctdl/context.jsonld is stale: run UPDATE_CTDL_CONTEXT=1 cargo test ctdl_context_file");
    }
}
