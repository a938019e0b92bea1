//! The demo's pathways as CTDL graphs, checked against the CTDL vocabulary: every class
//! exists, every property exists and lists the node's class in its domain, and every
//! reference inside the graph points at a node of a class in the property's range.
//!
//! The vocabulary is the copy the repository bundles, `standards/ctdl/ctdl-schema.json`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use credcat::emit::ctdl_pathway::pathway_graph;
use serde_json::Value;

fn vocabulary() -> BTreeMap<String, Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("standards/ctdl/ctdl-schema.json");
    let text = std::fs::read_to_string(&path).expect("standards/ctdl/ctdl-schema.json is bundled");
    let doc: Value = serde_json::from_str(&text).expect("vocabulary is JSON");
    let terms = doc["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .map(|t| (t["@id"].as_str().unwrap().to_string(), t.clone()));
    terms.collect()
}

mod common;

/// The demo catalog, resolved and derived (no templates needed).
fn demo() -> common::Resolved {
    common::resolved_demo(None)
}

fn list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn demo_pathway_graphs_use_the_vocabulary_correctly() {
    let vocab = vocabulary();
    let site = demo();
    assert!(!site.catalog.pathways.is_empty());
    for p in &site.catalog.pathways {
        let doc = pathway_graph(&site.catalog, &site.derived, p);
        assert_eq!(
            doc["@context"],
            "https://credreg.net/ctdl/schema/context/json"
        );
        let graph = doc["@graph"].as_array().unwrap();
        let types: BTreeMap<&str, &str> = graph
            .iter()
            .map(|n| (n["@id"].as_str().unwrap(), n["@type"].as_str().unwrap()))
            .collect();
        assert_eq!(types.len(), graph.len(), "{}: duplicate @id", p.slug);
        for node in graph {
            check_node(&vocab, &types, node, &p.slug);
        }
    }
}

/// One node's class and properties against the vocabulary; embedded nodes (a component's
/// conditions) are checked the same way, their class in the property's range.
fn check_node(
    vocab: &BTreeMap<String, Value>,
    types: &BTreeMap<&str, &str>,
    node: &Value,
    slug: &str,
) {
    let class = node["@type"].as_str().unwrap();
    assert_eq!(
        vocab.get(class).map(|t| &t["@type"]),
        Some(&Value::from("rdfs:Class")),
        "{class} is not a class"
    );
    for (key, value) in node.as_object().unwrap() {
        if key.starts_with('@') {
            continue;
        }
        let term = vocab
            .get(key)
            .unwrap_or_else(|| panic!("{slug}: {key} is not in the vocabulary"));
        assert_eq!(term["@type"], "rdf:Property", "{key}");
        let domain = list(&term["schema:domainIncludes"]);
        let required =
            credcat::standards::ctdl_vocab::REGISTRY_REQUIRED.contains(&(class, key.as_str()));
        assert!(
            required || domain.iter().any(|d| d == class),
            "{slug}: {key} is not defined on {class}"
        );
        let range = list(&term["schema:rangeIncludes"]);
        let values: Vec<&Value> = value
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_else(|| vec![value]);
        for v in values {
            let literal_uri = range.iter().any(|r| r == "xsd:anyURI");
            match v {
                Value::String(_) if literal_uri => {}
                Value::String(s) if types.contains_key(s.as_str()) => {
                    let target = types[s.as_str()];
                    assert!(
                        range.iter().any(|r| r == target),
                        "{slug}: {key} → {target} not in range {range:?}"
                    );
                }
                Value::String(s) if s.starts_with("ceterms:") => {
                    assert!(
                        range.iter().any(|r| r == s),
                        "{slug}: {key} value {s} not in range"
                    )
                }
                Value::String(_) => assert!(
                    range.iter().any(|r| r == "xsd:string"
                        || r == "xsd:language"
                        || r.starts_with("ceterms:")),
                    "{slug}: {key} takes no plain value ({range:?})"
                ),
                Value::Object(o) if o.contains_key("@type") => {
                    let embedded = o["@type"].as_str().unwrap();
                    assert!(
                        range.iter().any(|r| r == embedded),
                        "{slug}: embedded {embedded} not in the range of {key}"
                    );
                    check_node(vocab, types, v, slug);
                }
                Value::Object(_) => assert!(
                    range.iter().any(|r| r == "rdf:langString"),
                    "{key} is not a language string"
                ),
                Value::Number(_) => assert!(
                    range.iter().any(|r| r == "xsd:integer"),
                    "{key} is not a number"
                ),
                other => panic!("{key}: unexpected {other}"),
            }
        }
    }
}

#[test]
fn any_n_of_stage_becomes_a_condition() {
    let site = demo();
    let p = site
        .catalog
        .pathways
        .iter()
        .find(|p| p.slug == "smart-manufacturing")
        .unwrap();
    let doc = pathway_graph(&site.catalog, &site.derived, p);
    assert_eq!(
        doc,
        pathway_graph(&site.catalog, &site.derived, p),
        "deterministic"
    );
    let graph = doc["@graph"].as_array().unwrap();
    let of = |t: &str| graph.iter().filter(|n| n["@type"] == t).collect::<Vec<_>>();
    let pathway = of("ceterms:Pathway")[0];
    let components = of("ceterms:CredentialComponent");
    assert_eq!(components.len(), 5);
    assert!(
        of("ceterms:ComponentCondition").is_empty(),
        "conditions are embedded"
    );
    let dest_id = &pathway["ceterms:hasDestinationComponent"][0];
    let dest = components.iter().find(|c| &c["@id"] == dest_id).unwrap();
    let conditions: Vec<&Value> = dest["ceterms:hasCondition"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(conditions.len(), 2);
    assert!(conditions
        .iter()
        .all(|c| c["ceterms:ctid"].is_null() && c["@id"].is_null()));
    let any = conditions
        .iter()
        .find(|c| c["ceterms:requiredNumber"] == 2)
        .expect("any 2 of 3");
    assert_eq!(any["ceterms:targetComponent"].as_array().unwrap().len(), 3);
    assert_eq!(any["ceterms:description"]["en-US"], "Any 2 of these 3");
    let dest_cred = site.catalog.credential(p.destination);
    let cred_uri = credcat::emit::ctdl::resource_uri(&site.catalog, &dest_cred.ctid);
    assert_eq!(dest["ceterms:proxyFor"], Value::from(cred_uri));
    assert!(dest["ceterms:subjectWebpage"]
        .as_str()
        .unwrap()
        .ends_with("/credentials/smart-manufacturing-technician-certificate/"));
    assert_eq!(dest["ceterms:hasCondition"].as_array().unwrap().len(), 2);
    assert_eq!(dest["ceasn:hasChild"].as_array().unwrap().len(), 4);
    // Own CTIDs, distinct from the credentials' and from each other.
    let mut ctids: Vec<&str> = components
        .iter()
        .map(|c| c["ceterms:ctid"].as_str().unwrap())
        .collect();
    ctids.sort();
    ctids.dedup();
    assert_eq!(ctids.len(), 5);
    for c in &ctids {
        assert!(c.starts_with("ce-") && c.len() == 39);
        assert!(site.catalog.credentials.iter().all(|k| k.ctid.0 != *c));
    }
    // Safety precedes each technical credential.
    let safety = components
        .iter()
        .find(|c| c["ceterms:name"].to_string().contains("Robotics Safety"))
        .unwrap();
    assert_eq!(safety["ceterms:precedes"].as_array().unwrap().len(), 3);
}
