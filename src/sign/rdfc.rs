//! RDFC-1.0 for the case every badge is: each blank node told apart by its first-degree hash.
//!
//! RDFC-1.0 (W3C, 2024) labels blank nodes in two steps. Each blank node gets a
//! *first-degree hash*: SHA-256 of the sorted N-Quads that mention it, itself written `_:a`
//! and every other blank node `_:z` (§4.6). Nodes whose hash no other node shares take
//! `c14n0`, `c14n1`, … in the order of their hashes (§4.4.3, step 4); only nodes that share
//! a hash need the N-degree algorithm, which explores the graph around them.
//!
//! An award's credential has a dozen blank nodes (subject, achievement, alignments,
//! evidence, the proof's graph) and every one of them differs in what it says, so the first
//! step labels them all. `oxrdf`'s canonicalization gets there too, but builds indexes and
//! interns every term first: 130 µs for an award's 71 quads, more than signing it twice.
//! [`unique_first_degree`] does only the first step, over the quads as they are, and gives
//! up (`None`) the moment two hashes are equal, leaving that dataset to `oxrdf`. So its
//! answer, when it gives one, is the one the full algorithm gives:
//! `tests/sign_rdf_paths.rs` holds the two to the same lines on generated awards, hostile
//! values and symmetric graphs, and the published test vectors go through it.

use std::borrow::Cow;
use std::collections::HashMap;

use oxrdf::{GraphNameRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use sha2::{Digest, Sha256};

/// The canonical N-Quads lines of the dataset of `quads` (each taken once, however often
/// given), sorted and without duplicates, when every blank node's first-degree hash is its
/// own; `None` when two share one, for the full algorithm.
pub fn unique_first_degree<'a>(quads: impl Iterator<Item = QuadRef<'a>>) -> Option<Vec<String>> {
    labelled(quads.map(|q| written(&q)).collect())
}

/// [`unique_first_degree`] of quads already written term by term (`[subject, predicate,
/// object, graph name]`), as a shape's template gives them without making oxrdf quads.
pub fn labelled(mut quads: Vec<[Written<'_>; 4]>) -> Option<Vec<String>> {
    // Sorted, so that a quad given twice counts once, as in a dataset.
    quads.sort_unstable();
    quads.dedup();
    // Each blank node's quads, each quad once (a node may be its subject and its object).
    let mut mentions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, q) in quads.iter().enumerate() {
        for part in q {
            if let Written::Blank(b) = part {
                let list = mentions.entry(b.as_ref()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut hashed: Vec<([u8; 32], &str)> = mentions
        .iter()
        .map(|(&node, list)| {
            let mut lines: Vec<String> = list
                .iter()
                .map(|&i| line(&quads[i], |b| if b == node { "a" } else { "z" }))
                .collect();
            lines.sort_unstable();
            let mut hash = Sha256::new();
            for l in &lines {
                hash.update(l.as_bytes());
            }
            (hash.finalize().into(), node)
        })
        .collect();
    // Hashes compare as their lowercase hex does: byte by byte.
    hashed.sort_unstable();
    if hashed.windows(2).any(|w| w[0].0 == w[1].0) {
        return None;
    }
    let labels: HashMap<&str, String> = hashed
        .iter()
        .enumerate()
        .map(|(i, (_, node))| (*node, format!("c14n{i}")))
        .collect();
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| line(q, |b| labels[b].as_str()))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    Some(lines)
}

/// A term of a quad as N-Quads writes it, or a blank node still to be named.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Written<'a> {
    Text(Cow<'a, str>),
    /// A blank node by its label in the dataset (a memoized shape's copies of a run's item
    /// have labels of their own: [`super::shape`]).
    Blank(Cow<'a, str>),
    /// The default graph, which a line leaves out.
    Absent,
}

/// Subject, predicate, object and graph name of `q`, each written as oxrdf writes it (the
/// full algorithm's lines are oxrdf's `Display`).
fn written<'a>(q: &QuadRef<'a>) -> [Written<'a>; 4] {
    [
        match q.subject {
            NamedOrBlankNodeRef::BlankNode(b) => Written::Blank(b.as_str().into()),
            other => Written::Text(other.to_string().into()),
        },
        Written::Text(q.predicate.to_string().into()),
        match q.object {
            TermRef::BlankNode(b) => Written::Blank(b.as_str().into()),
            other => Written::Text(other.to_string().into()),
        },
        match q.graph_name {
            GraphNameRef::BlankNode(b) => Written::Blank(b.as_str().into()),
            GraphNameRef::DefaultGraph => Written::Absent,
            other => Written::Text(other.to_string().into()),
        },
    ]
}

/// One N-Quads line (`… .\n`), each blank node named by `label`.
fn line<'l>(q: &[Written<'_>; 4], label: impl Fn(&str) -> &'l str) -> String {
    let mut out = String::with_capacity(160);
    for part in q {
        match part {
            Written::Text(t) => {
                out.push_str(t);
                out.push(' ');
            }
            Written::Blank(b) => {
                out.push_str("_:");
                out.push_str(label(b));
                out.push(' ');
            }
            Written::Absent => {}
        }
    }
    out.push_str(".\n");
    out
}
