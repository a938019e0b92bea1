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
//! (already written as N-Quads) or naming the leaf whose placeholder they were. A document of
//! a known shape is then its template with the leaves put back and written, handed straight
//! to RDFC-1.0's labelling ([`rdfc::labelled`]) without making an RDF dataset: a warm award
//! is canonicalized in 58–86 µs, where converting it the full way takes over 1 ms.
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
//! Awards of one catalog differ most in the number of their alignments and tags, so a shape
//! is first taken abstractly: each array is cut into runs of items of the same shape, and a
//! run of any length has the key and document of its first item. The run's item comes out
//! of the conversion as quads of its own (its leaves and the nodes under it, linked to once
//! from outside), which the template writes once for each item with the item's leaves and
//! its own blank nodes. An item is not a copy of another where JSON-LD orders items (an
//! `@list` becomes one chain) or puts them in a graph of their own: such a shape is taken
//! exactly instead, each array with its own length.
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

use oxrdf::{Dataset, Literal, NamedNode};
use serde_json::{Map, Value};

use super::contexts::BUNDLED;
use super::rdf;
use super::rdfc::{self, Written};

/// Start of every placeholder; a document with this text anywhere in its shape is not
/// memoized, so a placeholder can only ever stand for itself.
const PLACEHOLDER: &str = "urn:credcat:shape-leaf:";

/// How many shapes are kept before the memo starts over. A catalog's awards have a handful
/// (optional members present or absent, list lengths); `credcat verify` may see any.
const KEPT_SHAPES: usize = 4096;

/// The canonical N-Quads of `doc`, as [`rdf::canonical_nquads`] gives them, from its shape's
/// template; `None` when `doc` must be converted the full way: no usable shape, a leaf whose
/// value could change the conversion, or blank nodes that their first-degree hashes do not
/// tell apart ([`rdfc::labelled`]).
pub fn canonical_nquads(doc: &Value) -> Option<String> {
    // The full path refuses an `id` that is not absolute by its member name, whatever the
    // contexts make of it; so does this one.
    rdf::check_absolute_ids(doc).ok()?;
    // The abstract shape first; when its runs cannot be copied item by item (an ordered
    // list, an item other nodes point to), the exact one.
    let (shape, template) = [true, false].into_iter().find_map(|abstracted| {
        let shape = Shape::of(doc, abstracted)?;
        template(&shape).map(|t| (shape, t))
    })?;
    let quads = template.written(&shape)?;
    rdfc::labelled(quads).map(|lines| lines.concat())
}

/// A document split into its shape and its leaves: the strings taken out, in document order.
///
/// In an abstract shape, each array (outside `type` and keywords, not inside another run) is
/// cut into runs of consecutive items of the same shape, and the key says only that there
/// is at least one item of each run: awards whose alignments or tags differ only in number
/// share a shape. The shape's document then has one item per run; `leaves` holds that
/// item's leaves and `runs` every item's.
struct Shape<'d> {
    /// The shape as JSON text, each leaf written `?` (which no JSON value is) and each run's
    /// item followed by `+`, the memo's key.
    key: String,
    doc: &'d Value,
    leaves: Vec<&'d str>,
    runs: Vec<Run<'d>>,
    /// Whether arrays are cut into runs here.
    abstracted: bool,
}

/// Consecutive items of an array with the same shape and at least one leaf each.
struct Run<'d> {
    /// Where the first item's leaves start in the shape's `leaves`.
    first: usize,
    /// Each item's leaves (as many for each item: they have the same shape).
    items: Vec<Vec<&'d str>>,
    /// Whether the items are strings (each its own leaf) rather than objects.
    strings: bool,
}

impl<'d> Shape<'d> {
    /// `None` when `doc` is not a JSON object, has an inline context, or has the placeholder
    /// text in what the shape keeps.
    fn of(doc: &'d Value, abstracted: bool) -> Option<Shape<'d>> {
        if !doc.is_object() {
            return None;
        }
        let mut shape = Shape::empty(doc, abstracted);
        shape.key.push(if abstracted { 'A' } else { 'E' });
        shape.walk(doc, false)?;
        Some(shape)
    }

    fn empty(doc: &'d Value, abstracted: bool) -> Shape<'d> {
        Shape {
            key: String::with_capacity(if abstracted { 4096 } else { 64 }),
            doc,
            leaves: Vec::new(),
            runs: Vec::new(),
            abstracted,
        }
    }

    /// Writes `v`'s part of the key and takes out its leaves.
    fn walk(&mut self, v: &'d Value, keep: bool) -> Option<()> {
        match v {
            Value::String(s) if is_leaf(s, keep) => {
                self.key.push('?');
                self.leaves.push(s);
            }
            Value::String(s) => {
                if s.contains(PLACEHOLDER) {
                    return None;
                }
                self.key.push_str(&Value::from(s.as_str()).to_string());
            }
            Value::Array(items) if self.abstracted && !keep => {
                self.key.push('[');
                let (mut shapes, runs) = runs_of(items, self.doc)?;
                for (start, len) in runs {
                    self.key.push_str(&shapes[start].key);
                    if len == 0 {
                        // The item as it is, like any other part of the shape.
                        self.key.push(',');
                        self.leaves.append(&mut shapes[start].leaves);
                        continue;
                    }
                    self.key.push_str("+,");
                    let run = Run {
                        first: self.leaves.len(),
                        items: shapes[start..start + len]
                            .iter_mut()
                            .map(|s| std::mem::take(&mut s.leaves))
                            .collect(),
                        strings: items[start].is_string(),
                    };
                    self.leaves.extend(&run.items[0]);
                    self.runs.push(run);
                }
                self.key.push(']');
            }
            Value::Array(items) => {
                self.key.push('[');
                for item in items {
                    self.walk(item, keep)?;
                    self.key.push(',');
                }
                self.key.push(']');
            }
            Value::Object(map) => {
                self.key.push('{');
                for (k, item) in map {
                    if k.contains(PLACEHOLDER) || (k == "@context" && has_inline_context(item)) {
                        return None;
                    }
                    self.key.push_str(&Value::from(k.as_str()).to_string());
                    self.key.push(':');
                    self.walk(item, keeps_strings(k, keep))?;
                    self.key.push(',');
                }
                self.key.push('}');
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {
                self.key.push_str(&v.to_string());
            }
        }
        Some(())
    }

    /// The shape as a document: each leaf replaced by its placeholder IRI, in the order of
    /// `leaves`, each run by its first item. Made only for a shape not seen before, to be
    /// converted the full way.
    fn document(&self) -> Value {
        fn placed(v: &Value, keep: bool, abstracted: bool, doc: &Value, next: &mut usize) -> Value {
            match v {
                Value::String(s) if is_leaf(s, keep) => {
                    *next += 1;
                    Value::String(format!("{PLACEHOLDER}{}", *next - 1))
                }
                Value::Array(items) if abstracted && !keep => {
                    // `walk` has cut the same runs: it succeeded on this document.
                    let runs = runs_of(items, doc)
                        .map(|(_, runs)| runs)
                        .unwrap_or_default();
                    Value::Array(
                        runs.iter()
                            .map(|&(start, _)| placed(&items[start], keep, false, doc, next))
                            .collect(),
                    )
                }
                Value::Array(items) => Value::Array(
                    items
                        .iter()
                        .map(|item| placed(item, keep, abstracted, doc, next))
                        .collect(),
                ),
                Value::Object(map) => Value::Object(
                    map.iter()
                        .map(|(k, item)| {
                            let keep = keeps_strings(k, keep);
                            (k.clone(), placed(item, keep, abstracted, doc, next))
                        })
                        .collect::<Map<_, _>>(),
                ),
                _ => v.clone(),
            }
        }
        placed(self.doc, false, self.abstracted, self.doc, &mut 0)
    }
}

/// An array's items, each walked as a shape of its own, and the runs they make: `(start,
/// len)` for each run of consecutive items of the same shape that can be copied
/// ([`copyable`]), `(start, 0)` for an item that cannot (kept as it is). `None` when an item
/// has no shape.
type Runs<'d> = (Vec<Shape<'d>>, Vec<(usize, usize)>);

fn runs_of<'d>(items: &'d [Value], doc: &'d Value) -> Option<Runs<'d>> {
    let shapes = items
        .iter()
        .map(|item| {
            let mut each = Shape::empty(doc, false);
            each.walk(item, false)?;
            Some(each)
        })
        .collect::<Option<Vec<_>>>()?;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let copy = copyable(item);
        match runs.last_mut() {
            Some((start, len)) if copy && *len > 0 && shapes[*start].key == shapes[i].key => {
                *len += 1
            }
            _ => runs.push((i, usize::from(copy))),
        }
    }
    Some((shapes, runs))
}

/// Whether a string is a leaf of its shape: not where `keep` (the values of `type` and of
/// keywords: `@context`, `@type`, `@id`, `@language`, …), and not a term of the bundled
/// contexts wherever it is. A term as a leaf would send every document the full way (it may
/// expand to an IRI: `"proofPurpose": "assertionMethod"`), so it is part of the shape
/// instead, which is converted the full way once.
fn is_leaf(s: &str, keep: bool) -> bool {
    !keep && !context_terms().contains(s)
}

/// Whether the strings under member `name` are kept in the shape (`keep` is whether they are
/// under such a member already).
fn keeps_strings(name: &str, keep: bool) -> bool {
    keep || name == "type" || name.starts_with('@')
}

/// Whether an array item can be one of a run: a leaf, or an object with a leaf among its own
/// members, so that its node is one that the quads of its leaves name
/// ([`RunTemplate::of`] finds the item's quads from there). Items of one shape without such
/// a leaf would have nodes that RDFC's first step cannot tell apart anyway.
fn copyable(item: &Value) -> bool {
    match item {
        Value::String(s) => is_leaf(s, false),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| matches!(v, Value::String(s) if is_leaf(s, keeps_strings(k, false)))),
        _ => false,
    }
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
    let entry = rdf::checked_dataset(&shape.document())
        .ok()
        .and_then(|dataset| Template::of(&dataset, shape))
        .map(Arc::new);
    let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
    if kept.len() >= KEPT_SHAPES {
        kept.clear();
    }
    kept.insert(shape.key.clone(), entry.clone());
    entry
}

/// A term of a quad template, written as N-Quads writes it (as oxrdf's `Display` does, whose
/// lines the full path gives), or the leaf that fills it.
#[derive(Debug)]
enum Part {
    /// The same in every document of the shape: an IRI or a literal.
    Fixed(String),
    Blank(String),
    /// The IRI that is leaf `n`.
    LeafIri(usize),
    /// A literal whose value is leaf `n`, then what follows its quoted value: nothing, a
    /// language (`@en`) or a datatype (`^^<…>`).
    LeafLiteral(usize, String),
    /// The default graph, which a line leaves out.
    DefaultGraph,
}

/// A shape's dataset with its leaves left open: subject, predicate, object and graph name of
/// each quad.
#[derive(Debug)]
struct Template {
    /// The quads of no run.
    quads: Vec<[Part; 4]>,
    /// The quads of each run's one item in the shape's document, in the order of the shape's
    /// runs: written once for each item.
    runs: Vec<RunTemplate>,
    /// Leaves that came out as IRIs: their values must keep themselves as IRIs.
    iri_leaves: Vec<usize>,
    /// How many blank nodes the quads of no run have.
    blanks: usize,
}

#[derive(Debug)]
struct RunTemplate {
    quads: Vec<[Part; 4]>,
    /// The item's own blank nodes: each item has its own.
    blanks: HashSet<String>,
    /// The item's leaves in the shape's document: `first..first + width`.
    first: usize,
    width: usize,
}

const RDF_FIRST: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first>";
const RDF_REST: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>";

impl Template {
    /// `None` unless every one of the shape's leaf placeholders comes out whole, as literal
    /// values or IRIs, and nothing else names one; unless each run's item comes out as
    /// quads of its own ([`RunTemplate::of`]); and unless the dataset has few enough blank
    /// nodes to be canonicalized (the full path then gives the error).
    fn of(dataset: &Dataset, shape: &Shape) -> Option<Template> {
        let leaves = shape.leaves.len();
        let mut used = vec![false; leaves];
        let mut iri_leaves = HashSet::new();
        let mut blanks = HashSet::new();
        let mut quads = Vec::with_capacity(dataset.len());
        for q in dataset.iter() {
            let mut node = |n: oxrdf::NamedNodeRef| -> Option<Part> {
                Some(match leaf(n.as_str(), leaves)? {
                    Some(i) => {
                        used[i] = true;
                        iri_leaves.insert(i);
                        Part::LeafIri(i)
                    }
                    None => Part::Fixed(n.to_string()),
                })
            };
            let mut blank = |b: oxrdf::BlankNodeRef| -> Part {
                blanks.insert(b.as_str().to_owned());
                Part::Blank(b.as_str().to_owned())
            };
            let subject = match q.subject {
                oxrdf::NamedOrBlankNodeRef::NamedNode(n) => node(n)?,
                oxrdf::NamedOrBlankNodeRef::BlankNode(b) => blank(b),
            };
            let graph = match q.graph_name {
                oxrdf::GraphNameRef::DefaultGraph => Part::DefaultGraph,
                oxrdf::GraphNameRef::NamedNode(n) => node(n)?,
                oxrdf::GraphNameRef::BlankNode(b) => blank(b),
            };
            let object = match q.object {
                oxrdf::TermRef::NamedNode(n) => node(n)?,
                oxrdf::TermRef::BlankNode(b) => blank(b),
                oxrdf::TermRef::Literal(l) => {
                    if l.language().is_none() && leaf(l.datatype().as_str(), leaves)?.is_some() {
                        return None;
                    }
                    match leaf(l.value(), leaves)? {
                        Some(i) => {
                            used[i] = true;
                            Part::LeafLiteral(i, after_value(l))
                        }
                        None => Part::Fixed(l.to_string()),
                    }
                }
                #[allow(unreachable_patterns)]
                _ => return None,
            };
            if leaf(q.predicate.as_str(), leaves)?.is_some() {
                return None;
            }
            quads.push([subject, Part::Fixed(q.predicate.to_string()), object, graph]);
        }
        // A leaf JSON-LD dropped: whether the real value would be dropped too is not known.
        if used.contains(&false) || blanks.len() > rdf::MAX_BLANK_NODES {
            return None;
        }
        let mut runs = Vec::with_capacity(shape.runs.len());
        for run in &shape.runs {
            let (template, rest) = RunTemplate::of(quads, run)?;
            runs.push(template);
            quads = rest;
        }
        let in_runs: usize = runs.iter().map(|r| r.blanks.len()).sum();
        let mut iri_leaves: Vec<usize> = iri_leaves.into_iter().collect();
        iri_leaves.sort_unstable();
        Some(Template {
            quads,
            runs,
            iri_leaves,
            blanks: blanks.len() - in_runs,
        })
    }

    /// The quads with the leaves of `shape` (a document of this template's shape) put back,
    /// each run's quads once for each of its items, each term written; `None` if a leaf in
    /// an IRI place would not be kept as it is by JSON-LD, or the copies make too many blank
    /// nodes.
    fn written<'t>(&'t self, shape: &'t Shape) -> Option<Vec<[Written<'t>; 4]>> {
        let copies = self.runs.iter().zip(&shape.runs);
        let blanks: usize = copies
            .clone()
            .map(|(r, run)| r.blanks.len() * run.items.len())
            .sum();
        if self.blanks + blanks > rdf::MAX_BLANK_NODES {
            return None;
        }
        let item_leaf = |i: usize| copies.clone().find(|(r, _)| r.holds(i));
        let iris_kept = self.iri_leaves.iter().all(|&i| match item_leaf(i) {
            Some((r, run)) => run
                .items
                .iter()
                .all(|item| keeps_itself_as_iri(item[i - r.first])),
            None => keeps_itself_as_iri(shape.leaves[i]),
        });
        if !iris_kept {
            return None;
        }
        // A term, from the shape's leaves or from item `k` of run `r`.
        let term = |p: &'t Part, item: Option<(&'t RunTemplate, &'t [&'t str], usize)>| {
            let value = |i: usize| match item {
                Some((r, leaves, _)) if r.holds(i) => leaves[i - r.first],
                _ => shape.leaves[i],
            };
            match p {
                Part::Fixed(text) => Written::Text(text.as_str().into()),
                Part::Blank(b) => match item {
                    // The conversion labels blank nodes with numbers (`rdf::checked_dataset`
                    // relabels them all), so `7.2` is no other node's label.
                    Some((r, _, k)) if r.blanks.contains(b) => {
                        Written::Blank(format!("{b}.{k}").into())
                    }
                    _ => Written::Blank(b.as_str().into()),
                },
                // A leaf kept as an IRI is plain ASCII with nothing N-Quads escapes in one.
                Part::LeafIri(i) => Written::Text(format!("<{}>", value(*i)).into()),
                Part::LeafLiteral(i, after) => {
                    let mut text = quoted(value(*i));
                    text.push_str(after);
                    Written::Text(text.into())
                }
                Part::DefaultGraph => Written::Absent,
            }
        };
        let quad = |[s, p, o, g]: &'t [Part; 4], item| {
            [term(s, item), term(p, item), term(o, item), term(g, item)]
        };
        let mut out: Vec<[Written<'t>; 4]> = self.quads.iter().map(|q| quad(q, None)).collect();
        for (r, run) in copies {
            for (k, leaves) in run.items.iter().enumerate() {
                out.extend(r.quads.iter().map(|q| quad(q, Some((r, &leaves[..], k)))));
            }
        }
        Some(out)
    }
}

impl RunTemplate {
    /// Whether leaf `i` of the shape's document is one of the item's.
    fn holds(&self, i: usize) -> bool {
        (self.first..self.first + self.width).contains(&i)
    }

    /// Takes the quads of `run`'s one item out of `quads`: those naming its leaves, and
    /// for an item that is an object, those naming its nodes (the blank subjects of those
    /// quads and the blank nodes under them). `None` unless writing them once per item is
    /// what JSON-LD would give for the items: they are in the default graph, no RDF list
    /// (an ordered list is one chain, not a copy per item), and exactly one quad comes from
    /// outside the item, the one linking to it; no other leaf is named but in its subject.
    fn of(quads: Vec<[Part; 4]>, run: &Run) -> Option<(RunTemplate, Vec<[Part; 4]>)> {
        let width = run.items.first()?.len();
        let first = run.first;
        let own_leaf = |p: &Part| match p {
            Part::LeafIri(i) | Part::LeafLiteral(i, _) => (first..first + width).contains(i),
            _ => false,
        };
        let names_leaf = |q: &[Part; 4]| q.iter().any(own_leaf);
        let mut blanks: HashSet<String> = HashSet::new();
        if !run.strings {
            // The item's node (named by one of its own members' leaves: `copyable`) and the
            // nodes under it: blank objects of what the item's leaves and nodes are subjects
            // of, until there are no more.
            blanks.extend(
                quads
                    .iter()
                    .filter(|q| names_leaf(q))
                    .filter_map(|q| match &q[0] {
                        Part::Blank(b) => Some(b.clone()),
                        _ => None,
                    }),
            );
            loop {
                let under: Vec<String> = quads
                    .iter()
                    .filter_map(|[s, _, o, _]| match o {
                        Part::Blank(o)
                            if !blanks.contains(o)
                                && (own_leaf(s)
                                    || matches!(s, Part::Blank(b) if blanks.contains(b))) =>
                        {
                            Some(o.clone())
                        }
                        _ => None,
                    })
                    .collect();
                if under.is_empty() {
                    break;
                }
                blanks.extend(under);
            }
        }
        let own = |p: &Part| own_leaf(p) || matches!(p, Part::Blank(b) if blanks.contains(b));
        let (mine, rest): (Vec<_>, Vec<_>) = quads.into_iter().partition(|q| q.iter().any(own));
        let mut links = 0;
        for [s, p, o, g] in &mine {
            let ordered = matches!(p, Part::Fixed(t) if t == RDF_FIRST || t == RDF_REST);
            if ordered || !matches!(g, Part::DefaultGraph) || own_leaf(p) {
                return None;
            }
            let inner = |t: &Part| own(t) || matches!(t, Part::Fixed(_) | Part::Blank(_));
            if own(s) {
                if !inner(o) {
                    return None;
                }
            } else {
                // The link from outside (from the item's parent: runs do not nest) into the item.
                links += 1;
                if !own(o) {
                    return None;
                }
            }
        }
        // A string item is one quad; an object item is linked to once (an item nothing links to,
        // or that several nodes point to, is not a copy per item).
        let linked = if run.strings { mine.len() == 1 } else { true };
        if links != 1 || !linked {
            return None;
        }
        Some((
            RunTemplate {
                quads: mine,
                blanks,
                first,
                width,
            },
            rest,
        ))
    }
}

/// What oxrdf writes after a literal's quoted value: its language or datatype, or nothing
/// for a plain string. Taken from oxrdf's own writing of the same literal with no value.
fn after_value(l: oxrdf::LiteralRef) -> String {
    let empty = match l.language() {
        Some(language) => Literal::new_language_tagged_literal_unchecked("", language),
        None => Literal::new_typed_literal("", l.datatype()),
    };
    empty.to_string().split_off(2)
}

/// `value` quoted as oxrdf writes a literal's value: as it is between quotes unless it holds
/// something N-Quads escapes, which oxrdf then writes.
fn quoted(value: &str) -> String {
    let escaped = |c: char| {
        matches!(
            c,
            '\0'..='\u{1F}' | '"' | '\\' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}'
        )
    };
    if value.contains(escaped) {
        return Literal::new_simple_literal(value).to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    out.push_str(value);
    out.push('"');
    out
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
        let shape = Shape::of(&doc, false).unwrap();
        assert_eq!(shape.leaves, ["x", "a", "urn:x"]);
        let shaped = shape.document();
        assert_eq!(shaped["type"], doc["type"]);
        assert_eq!(shaped["@context"], doc["@context"]);
        assert_eq!(shaped["n"], 1);
        assert_eq!(shaped["list"][0], format!("{PLACEHOLDER}1"));
        assert_eq!(shaped["list"][1]["type"], "T");
        assert_eq!(shaped["list"][1]["id"], format!("{PLACEHOLDER}2"));
        assert_eq!(shaped["name"], format!("{PLACEHOLDER}0"));
        // Same members, other strings: same shape.
        let mut other = doc.clone();
        other["name"] = "y".into();
        assert_eq!(Shape::of(&other, false).unwrap().key, shape.key);
        // The placeholder text where the shape keeps it, or an inline context: no shape.
        let mut sneaky = doc.clone();
        sneaky["type"] = format!("{PLACEHOLDER}0").into();
        assert!(Shape::of(&sneaky, false).is_none());
        let mut inline = doc.clone();
        inline["@context"] = serde_json::json!([{"@vocab": "urn:v#"}]);
        assert!(Shape::of(&inline, false).is_none());
    }

    #[test]
    fn arrays_of_any_length_share_an_abstract_shape() {
        let doc = |tags: &[&str], alignments: usize| {
            serde_json::json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"],
                "tag": tags,
                "alignment": (0..alignments)
                    .map(|i| serde_json::json!({"type": "A", "name": format!("n{i}")}))
                    .collect::<Vec<_>>(),
                "mixed": ["a", {"name": "b"}, {"name": "c"}, "d"],
            })
        };
        let (short, long) = (doc(&["a"], 1), doc(&["a", "b", "c"], 4));
        let (a, b) = (
            Shape::of(&short, true).unwrap(),
            Shape::of(&long, true).unwrap(),
        );
        assert_eq!(a.key, b.key);
        assert_eq!(
            b.runs.len(),
            2 + 3,
            "tags, alignments, then three runs of `mixed`"
        );
        assert_eq!(b.runs[0].items, [["a"], ["b"], ["c"]]);
        assert_eq!(b.runs[1].items.len(), 4);
        // The document has one item per run; exactly, each array keeps its length.
        assert_eq!(b.document()["alignment"].as_array().unwrap().len(), 1);
        assert_eq!(b.document()["mixed"].as_array().unwrap().len(), 3);
        assert_ne!(
            Shape::of(&short, false).unwrap().key,
            Shape::of(&long, false).unwrap().key
        );
        // No array at all differs from an array of one.
        assert_ne!(Shape::of(&doc(&[], 1), true).unwrap().key, a.key);
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
        let first_doc = config("2026-06-30T00:00:00Z");
        let first = Shape::of(&first_doc, true).unwrap();
        assert_eq!(first.document()["proofPurpose"], "assertionMethod");
        for created in ["2026-06-30T00:00:00Z", "2025-01-02T03:04:05Z"] {
            let doc = config(created);
            assert_eq!(Shape::of(&doc, true).unwrap().key, first.key);
            let memo = canonical_nquads(&doc).expect("memoized");
            let full = rdf::checked_dataset(&doc).unwrap();
            assert_eq!(memo, rdf::canonicalize(full).unwrap());
        }
    }
}
