//! A pathway as CTDL: one JSON-LD graph with the `ceterms:Pathway`, a
//! `ceterms:CredentialComponent` standing in for each of its credentials, and a
//! `ceterms:ComponentCondition` per stage.
//!
//! It reads the pathway's stages from the stack graph (the one source for maps and pathways)
//! and is called by the CTDL emitter, which owns the file it goes in; this module writes no
//! file of its own.
//!
//! The shape, checked term by term against the bundled CTDL vocabulary (2023-10 snapshot) in a
//! test:
//! - the Pathway `ceterms:hasPart` every component and `ceterms:hasDestinationComponent` the
//!   destination's (the snapshot gives a Pathway no `hasChild`, so the hierarchy hangs from
//!   the destination);
//! - the destination component `ceasn:hasChild` the stage components (each `ceasn:isChildOf`
//!   it), is `ceterms:isDestinationComponentOf` the pathway and `ceterms:hasCondition` one
//!   condition per stage, with `ceterms:requiredNumber` ("all 2", "any 2 of 3") and
//!   `ceterms:targetComponent` its members;
//! - order is `ceterms:precedes` / `ceterms:precededBy`: stage n before stage n + 1, the last
//!   stage before the destination, and a prerequisite before what needs it (the vocabulary's
//!   `ceterms:prerequisite` is for courses only);
//! - each component `ceterms:proxyFor` the credential's URI and has its own CTID, derived
//!   from the pathway's and the credential's CTIDs (`ctdl::owned_ctid`), so it never changes
//!   while they do not; conditions are secondary entities, embedded in the destination
//!   component's `ceterms:hasCondition` (as the registry's pathway graphs hold them).
//!
//! The graph is the shape the registry's pathway publishing takes: the Pathway first, then
//! its components (each CTID-bearing, each `isPartOf` the pathway); the credentials they
//! stand for are referenced by URI.
//!
//! URIs follow `emit::ctdl`: resources are `<[ctdl] id_base><ctid>`, the graph's `@id` is the
//! document's own address, the Pathway node is `ctdl::pathway_node` plus its components.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::ctdl::{self, resource_uri};
use super::urls;
use crate::derive::stack::EdgeKind;
use crate::derive::Derived;
use crate::model::{Catalog, CredentialId, Ctid, Pathway, Require};
use crate::standards::ctdl_vocab::CTDL_CONTEXT;

/// The CTID of the component standing for `credential` in `pathway`.
pub fn component_ctid(cat: &Catalog, pathway: &Pathway, credential: CredentialId) -> Ctid {
    ctdl::owned_ctid(
        &pathway.ctid,
        &format!("component/{}", cat.credential(credential).ctid),
    )
}

/// A stage's rule in words: "Required: the one credential", "All 3 required", "Any 2 of these 4".
pub fn condition_rule(require: Require, count: usize) -> String {
    match (require, count) {
        (Require::All, 1) => "Required: this credential".into(),
        (Require::All, 2) => "Both required".into(),
        (Require::All, n) => format!("All {n} required"),
        (Require::AnyOf(n), c) if n as usize >= c && c == 1 => "Required: this credential".into(),
        (Require::AnyOf(n), c) if n as usize >= c => format!("All {c} required"),
        (Require::AnyOf(1), c) => format!("Any one of these {c}"),
        (Require::AnyOf(n), c) => format!("Any {n} of these {c}"),
    }
}

/// The whole `{"@context", "@id", "@graph"}` document of one pathway.
pub fn pathway_graph(cat: &Catalog, derived: &Derived, pathway: &Pathway) -> Value {
    let lang = cat.config.language.clone();
    let text = |s: &str| json!({ lang.as_str(): s });
    let uri = resource_uri(cat, &pathway.ctid);

    let groups: Vec<_> = derived.stack.pathway_groups(pathway.id).collect();
    // Stage members in order, each once; the destination is never a stage member here.
    let mut stages: Vec<Vec<CredentialId>> = Vec::new();
    let mut seen = vec![pathway.destination];
    let mut once: HashSet<CredentialId> = HashSet::from([pathway.destination]);
    for g in &groups {
        let mut members = Vec::new();
        for m in &g.members {
            if once.insert(*m) {
                seen.push(*m);
                members.push(*m);
            }
        }
        stages.push(members);
    }
    let members: Vec<CredentialId> = stages.iter().flatten().copied().collect();

    // Order: stage to stage, last stage to destination, prerequisites inside the pathway.
    let mut precedes: Vec<(CredentialId, CredentialId)> = Vec::new();
    for (i, stage) in stages.iter().enumerate() {
        let next: Vec<CredentialId> = match stages.get(i + 1) {
            Some(s) => s.clone(),
            None => vec![pathway.destination],
        };
        for a in stage {
            for b in &next {
                precedes.push((*a, *b));
            }
        }
    }
    for (a, b, kind) in derived.stack.edges_among(&seen) {
        if kind == EdgeKind::Prerequisite {
            precedes.push((a, b));
        }
    }
    precedes.sort();
    precedes.dedup();
    // Each component's URI made once (a CTID is a hash), and its neighbours in order gathered
    // in one pass: a stage of hundreds precedes the next stage's hundreds.
    let ids: HashMap<CredentialId, String> = seen
        .iter()
        .map(|c| (*c, resource_uri(cat, &component_ctid(cat, pathway, *c))))
        .collect();
    let component_id = |c: CredentialId| ids[&c].clone();
    let mut after: HashMap<CredentialId, Vec<&str>> = HashMap::new();
    let mut before: HashMap<CredentialId, Vec<&str>> = HashMap::new();
    for (a, b) in &precedes {
        after.entry(*a).or_default().push(&ids[b]);
        before.entry(*b).or_default().push(&ids[a]);
    }

    let mut graph = Vec::new();
    let mut all_components: Vec<String> = members.iter().map(|c| component_id(*c)).collect();
    all_components.push(component_id(pathway.destination));
    let mut node = ctdl::pathway_node(cat, pathway);
    node.insert(
        "ceterms:hasDestinationComponent".into(),
        json!([component_id(pathway.destination)]),
    );
    node.insert("ceterms:hasPart".into(), json!(all_components));
    graph.push(Value::Object(node));

    let component = |c: CredentialId| -> Map<String, Value> {
        let cred = cat.credential(c);
        let mut m = Map::new();
        m.insert("@type".into(), json!("ceterms:CredentialComponent"));
        m.insert("@id".into(), json!(component_id(c)));
        m.insert(
            "ceterms:ctid".into(),
            json!(component_ctid(cat, pathway, c).0),
        );
        m.insert("ceterms:name".into(), text(&cred.name));
        // The registry requires a component's description.
        let description = if cred.summary.is_empty() {
            &cred.name
        } else {
            &cred.summary
        };
        m.insert("ceterms:description".into(), text(description));
        m.insert("ceterms:credentialType".into(), json!(cred.kind.ctdl()));
        m.insert(
            "ceterms:proxyFor".into(),
            json!(resource_uri(cat, &cred.ctid)),
        );
        m.insert(
            "ceterms:subjectWebpage".into(),
            json!(cat.config.url(&urls::credential(cred))),
        );
        m.insert("ceterms:isPartOf".into(), json!([uri]));
        if let Some(after) = after.get(&c) {
            m.insert("ceterms:precedes".into(), json!(after));
        }
        if let Some(before) = before.get(&c) {
            m.insert("ceterms:precededBy".into(), json!(before));
        }
        m
    };

    let mut dest = component(pathway.destination);
    dest.insert("ceterms:isDestinationComponentOf".into(), json!([uri]));
    dest.insert("ceasn:isChildOf".into(), json!([uri]));
    if !members.is_empty() {
        dest.insert(
            "ceasn:hasChild".into(),
            json!(members.iter().map(|c| component_id(*c)).collect::<Vec<_>>()),
        );
    }
    let conditions: Vec<usize> = (0..groups.len())
        .filter(|i| !stages[*i].is_empty())
        .collect();
    if !conditions.is_empty() {
        let embedded: Vec<Value> = conditions
            .iter()
            .map(|&i| {
                let g = groups[i];
                let count = stages[i].len();
                let required = match g.require {
                    Require::All => count,
                    Require::AnyOf(n) => (n as usize).min(count),
                };
                json!({
                    "@type": "ceterms:ComponentCondition",
                    "ceterms:name": text(&format!("Stage {}: {}", i + 1, g.name)),
                    "ceterms:description": text(&condition_rule(g.require, count)),
                    "ceterms:requiredNumber": required,
                    "ceterms:targetComponent": stages[i].iter().map(|c| component_id(*c)).collect::<Vec<_>>(),
                })
            })
            .collect();
        dest.insert("ceterms:hasCondition".into(), json!(embedded));
    }
    graph.push(Value::Object(dest));
    for c in &members {
        let mut m = component(*c);
        m.insert(
            "ceasn:isChildOf".into(),
            json!([component_id(pathway.destination)]),
        );
        graph.push(Value::Object(m));
    }

    let doc_path = urls::document(&urls::pathway(pathway));
    super::ctdl::graph_at(cat, CTDL_CONTEXT, &doc_path, graph)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_rules_read_as_english() {
        assert_eq!(condition_rule(Require::All, 1), "Required: this credential");
        assert_eq!(condition_rule(Require::All, 2), "Both required");
        assert_eq!(condition_rule(Require::All, 4), "All 4 required");
        assert_eq!(condition_rule(Require::AnyOf(1), 3), "Any one of these 3");
        assert_eq!(condition_rule(Require::AnyOf(2), 4), "Any 2 of these 4");
        assert_eq!(condition_rule(Require::AnyOf(3), 3), "All 3 required");
        assert_eq!(
            condition_rule(Require::AnyOf(2), 1),
            "Required: this credential"
        );
    }
}
