//! The fast JSON-LD → RDF path of `credcat::sign::rdf` against JSON-LD's own.
//!
//! Signing converts a document once, from an active context processed once per process, with
//! the undefined-term sentinel in front of its contexts (`checked_dataset`). The reference is
//! what `rdf` did before: JSON-LD's `to_rdf` on the whole document, processing every context
//! afresh (`to_dataset_reference`), and the undefined-term check as a second conversion with
//! the sentinel `@vocab` prepended. The two must give byte-identical RDFC-1.0 N-Quads, and
//! refuse the same documents naming the same terms, on the W3C and 1EdTech vectors and on
//! many credentials built the way `credcat build` builds them (the demo's awards, then
//! variants: unicode and awkward names, optional members present and absent, evidence,
//! expiry, results, undefined members and types at every depth).

use std::collections::BTreeSet;
use std::path::PathBuf;

use credcat::emit::badges::{self, Issuer};
use credcat::sign::rdf::{
    canonical_nquads, canonicalize, canonicalize_full, checked_dataset, to_dataset,
    to_dataset_reference, CanonError,
};
use credcat::sign::rdfc::unique_first_degree;
use serde_json::{json, Value};

const SENTINEL: &str = "urn:credcat:undefined-term#";

/// The check as `rdf` made it before: a second, separate conversion with the sentinel.
fn reference_undefined(doc: &Value) -> Result<Vec<String>, CanonError> {
    let Value::Object(map) = doc else {
        return Ok(vec![]);
    };
    let mut probe = map.clone();
    let mut contexts = vec![json!({ "@vocab": SENTINEL })];
    match map.get("@context") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => contexts.extend(items.iter().cloned()),
        Some(other) => contexts.push(other.clone()),
    }
    probe.insert("@context".into(), Value::Array(contexts));
    let dataset = to_dataset_reference(&Value::Object(probe))?;
    let mut terms = BTreeSet::new();
    for q in dataset.iter() {
        if let Some(t) = q.predicate.as_str().strip_prefix(SENTINEL) {
            terms.insert(t.to_string());
        }
        if let oxrdf::TermRef::NamedNode(n) = q.object {
            if let Some(t) = n.as_str().strip_prefix(SENTINEL) {
                terms.insert(t.to_string());
            }
        }
    }
    Ok(terms.into_iter().collect())
}

/// Both paths agree on `doc`; returns whether it was accepted.
fn same(doc: &Value, what: &str) -> bool {
    let reference = to_dataset_reference(doc).and_then(canonicalize);
    let undefined = reference_undefined(doc);
    let fast = checked_dataset(doc).and_then(canonicalize);
    match (&reference, &undefined, &fast) {
        (Ok(r), Ok(u), Ok(f)) if u.is_empty() => {
            assert_eq!(f, r, "{what}: canonical N-Quads differ");
            // The plain conversion (no check) from the kept context gives the same.
            assert_eq!(
                &canonicalize(to_dataset(doc).unwrap()).unwrap(),
                r,
                "{what}"
            );
            assert_eq!(&canonical_nquads(doc).unwrap(), r, "{what}");
            true
        }
        (Ok(_), Ok(u), Err(CanonError::UndefinedTerms(terms))) => {
            assert_eq!(terms, u, "{what}: other undefined terms");
            false
        }
        (Err(_), _, Err(_)) | (_, Err(_), Err(_)) => false,
        _ => panic!(
            "{what}: the paths disagree: reference {:?}, undefined {:?}, fast {:?}",
            reference.as_ref().map(|s| s.len()),
            undefined,
            fast.as_ref().map(|s| s.len())
        ),
    }
}

fn fixture(rel: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vc")
        .join(rel);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

#[test]
fn published_vectors_take_the_same_path() {
    let w3c = "w3c-vc-di-eddsa/TestVectors";
    let mut n = 0;
    for rel in [
        format!("{w3c}/unsigned.json"),
        format!("{w3c}/employmentAuth.json"),
        format!("{w3c}/eddsa-rdfc-2022/proofConfigDataInt.json"),
        format!("{w3c}/eddsa-rdfc-2022/signedDataInt.json"),
    ] {
        assert!(same(&fixture(&rel), &rel), "{rel} is accepted");
        n += 1;
    }
    // Every JSON fixture under vc/ that the reference accepts (1EdTech's too).
    for entry in
        walkdir::WalkDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vc"))
    {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "json") {
            let Ok(doc) = serde_json::from_slice::<Value>(&std::fs::read(entry.path()).unwrap())
            else {
                continue;
            };
            same(&doc, &entry.path().display().to_string());
            n += 1;
        }
    }
    assert!(n > 10, "{n} documents");
}

/// The demo's award credentials, unsigned, as the badges emitter builds them.
fn demo_credentials() -> Vec<Value> {
    let options = credcat::BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        ..Default::default()
    };
    let site = credcat::prepare(credcat::load(&options).unwrap(), &options).unwrap();
    let cat = &site.catalog;
    let key = site.signer.key().unwrap();
    let issuer = Issuer::new(cat, key).unwrap();
    let indices =
        badges::status_slots(key, &cat.awards, cat.config.badges.awards_per_status_list).unwrap();
    let docs: Vec<Value> = cat
        .awards
        .iter()
        .zip(&indices)
        .map(|(a, i)| badges::credential(cat, &issuer, a, *i).unwrap())
        .collect();
    assert!(docs.len() >= 5);
    docs
}

const NAMES: &[&str] = &[
    "Zoë Ñúñez-O'Brien",
    "李小龍",
    "محمد عبد الله",
    "Ελένη Παπαδοπούλου",
    "👩🏽‍🎓 Ana",
    "e\u{301}mile (combining accent)",
    "Tab\tNew\nline \"quoted\" back\\slash",
    "\u{1}\u{7f}\u{85}\u{2028}",
    "\u{8}\u{c}\r\u{fffe}\u{ffff}",
    "  spaces  ",
    "",
    "https://looks.like/an/iri",
    "urn:uuid:not-an-id",
    "_:b0",
    "@id",
];

#[test]
fn credentials_as_credcat_builds_them_take_the_same_path() {
    let mut accepted = 0;
    let mut refused = 0;
    for (i, base) in demo_credentials().iter().enumerate() {
        let mut variants: Vec<(String, Value)> = vec![("as built".into(), base.clone())];
        for name in NAMES {
            let mut v = base.clone();
            v["credentialSubject"]["name"] = json!(name);
            v["name"] = json!(format!("{name} badge"));
            v["issuer"]["name"] = json!(name);
            variants.push((format!("name {name:?}"), v));
        }
        let mut v = base.clone();
        v.as_object_mut().unwrap().remove("validUntil");
        v["credentialSubject"]
            .as_object_mut()
            .unwrap()
            .remove("name");
        variants.push(("optional members absent".into(), v));
        let mut v = base.clone();
        v["validUntil"] = json!("2031-02-28T00:00:00Z");
        v["evidence"] = json!([{
            "type": ["Evidence"],
            "id": "https://portfolio.example.org/évidence?x=1&y=ü",
            "narrative": "Built a **dashboard**; see ü & ñ."
        }]);
        v["credentialSubject"]["result"] = json!([{
            "type": ["Result"],
            "resultDescription": "urn:uuid:4f1c1e0a-0000-4000-8000-000000000001",
            "value": "A",
            "status": "Completed"
        }]);
        variants.push(("expiry, evidence and a result".into(), v));
        let mut v = base.clone();
        v["evidence"] = json!([{ "type": ["Evidence"], "narrative": "Only a narrative." }]);
        v["validFrom"] = json!("2026-01-31T23:59:59.123+05:30");
        variants.push(("evidence without id, offset dateTime".into(), v));
        // Undefined members and types, at each depth: refused by both, naming the same terms.
        for (path, key) in [
            ("", "undefinedTop"),
            ("credentialSubject", "undefinedInSubject"),
            ("issuer", "undefinedInIssuer"),
        ] {
            let mut v = base.clone();
            let target = if path.is_empty() {
                &mut v
            } else {
                &mut v[path]
            };
            target[key] = json!("x");
            variants.push((format!("undefined {key}"), v));
        }
        let mut v = base.clone();
        v["credentialSubject"]["achievement"]["undefinedDeep"] = json!({"alsoUndefined": 1});
        variants.push(("undefined deep".into(), v));
        let mut v = base.clone();
        v["type"] = json!(["VerifiableCredential", "OpenBadgeCredential", "NoSuchType"]);
        variants.push(("undefined type".into(), v));
        for (what, doc) in variants {
            if same(&doc, &format!("award {i}, {what}")) {
                accepted += 1;
            } else {
                refused += 1;
            }
        }
    }
    // Every award is accepted as built and with every name; each undefined variant refused.
    assert!(accepted >= 5 * (NAMES.len() + 4), "{accepted} accepted");
    assert!(refused >= 5 * 5, "{refused} refused");
}

/// Values to put into a credential's strings: ones JSON-LD copies as they are, and ones it
/// would treat otherwise in an IRI place (blank nodes, keywords, terms, compact and relative
/// IRIs, invalid IRIs, the shape memo's own placeholder text, an IRI another node has).
const HOSTILE: &[&str] = &[
    "https://example.org/a",
    "did:web:catalog.northfield.example.edu",
    "https://catalog.northfield.example.edu/credentials/excel-essentials/achievement.json",
    "urn:uuid:4f1c1e0a-0000-4000-8000-000000000001",
    "mailto:a@example.org",
    "_:b0",
    "_:c14n0",
    "@id",
    "@type",
    "@vocab",
    "relative/path",
    "/site/path",
    "#fragment",
    "xsd:string",
    "type:x",
    "id:x",
    "Achievement",
    "OpenBadgeCredential",
    "urn:credcat:shape-leaf:0",
    "urn:credcat:shape-leaf:1x",
    "https://example.org/a b",
    "https://example.org/ü",
    "https://example.org/%zz",
    "http://[::1]:80/",
    "",
    " ",
    "true",
    "1",
    "2024-05-10T00:00:00Z",
    "Tab\tNew\nline \"quoted\" back\\slash",
    "\u{1}\u{7f}\u{85}\u{2028}",
    "👩🏽‍🎓",
];

/// Paths (member names and array positions) of every string a shape takes out of `doc`:
/// not `type` values or keywords.
fn leaf_paths(doc: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    paths_of(doc, Value::is_string, path, out);
}

/// Paths of the arrays a shape may cut into runs: not under `type` or a keyword.
fn array_paths(doc: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    paths_of(doc, Value::is_array, path, out);
}

/// Paths of the values `wanted` picks, outside `type` values and keywords.
fn paths_of(
    doc: &Value,
    wanted: fn(&Value) -> bool,
    path: &mut Vec<Value>,
    out: &mut Vec<Vec<Value>>,
) {
    if wanted(doc) {
        out.push(path.clone());
    }
    match doc {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(json!(i));
                paths_of(item, wanted, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                if k == "type" || k.starts_with('@') {
                    continue;
                }
                path.push(json!(k));
                paths_of(item, wanted, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(doc: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(doc, |v, step| match step {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    })
}

/// The full conversion's canonical N-Quads of `doc` (or its refusal), and whether the memo
/// (`sign::shape`) answered too: when it does, it must give the same lines.
fn memo_against_full(what: &str, doc: &Value) -> (Result<String, CanonError>, bool) {
    let expected = checked_dataset(doc).and_then(canonicalize);
    let Some(got) = credcat::sign::shape::canonical_nquads(doc) else {
        return (expected, false);
    };
    match &expected {
        Ok(e) => assert_eq!(&got, e, "{what}"),
        Err(e) => panic!("{what}: the memo answered, the full path refused: {e}"),
    }
    (expected, true)
}

/// The memoized conversion (`sign::shape`) against the full one on the demo's awards with
/// every string, in turn, replaced by hostile values: whenever the memo answers, it is the
/// full conversion's dataset; it answers for every award as built; and signing (which uses
/// the memo) gives what the full path gives, errors included.
#[test]
fn memoized_conversion_is_the_full_conversion() {
    use credcat::sign::shape;
    let canonical = |d: Result<oxrdf::Dataset, CanonError>| d.and_then(canonicalize);
    let (mut memo, mut full) = (0, 0);
    for (n, base) in demo_credentials().iter().enumerate() {
        let reference = canonical(checked_dataset(base)).unwrap();
        let memoized = shape::canonical_nquads(base).expect("an award as built is memoized");
        assert_eq!(memoized, reference, "award {n}");
        let mut paths = Vec::new();
        leaf_paths(base, &mut vec![], &mut paths);
        assert!(paths.len() > 20, "{} strings", paths.len());
        let mut variants = Vec::new();
        for (p, path) in paths.iter().enumerate() {
            for k in 0..4 {
                let value = HOSTILE[(p * 7 + k * 11 + n) % HOSTILE.len()];
                let mut v = base.clone();
                *at(&mut v, path) = json!(value);
                variants.push((format!("award {n}, {path:?} = {value:?}"), v));
            }
        }
        // Every string the same value; every string a distinct IRI.
        for value in ["https://example.org/same", "x", "_:b0"] {
            let mut v = base.clone();
            for path in &paths {
                *at(&mut v, path) = json!(value);
            }
            variants.push((format!("award {n}, all {value:?}"), v));
        }
        let mut v = base.clone();
        for (i, path) in paths.iter().enumerate() {
            *at(&mut v, path) = json!(format!("https://example.org/{i}"));
        }
        variants.push((format!("award {n}, all distinct IRIs"), v));
        for (what, doc) in variants {
            let (expected, memoized) = memo_against_full(&what, &doc);
            match memoized {
                true => memo += 1,
                false => full += 1,
            }
            // What signing uses: the same result or the same refusal.
            match (&expected, canonical_nquads(&doc)) {
                (Ok(e), Ok(g)) => assert_eq!(&g, e, "{what}"),
                (Err(e), Err(g)) => assert_eq!(g.to_string(), e.to_string(), "{what}"),
                (e, g) => panic!("{what}: full {e:?}, signing {g:?}"),
            }
        }
    }
    // Most hostile values are plain strings in literal places, which the memo takes; the ones
    // in IRI places that JSON-LD would change go the full way.
    assert!(
        memo > 500 && full > 50,
        "{memo} memoized, {full} converted in full"
    );
}

/// RDFC-1.0's first step alone ([`unique_first_degree`]) labels as `oxrdf`'s whole algorithm
/// does whenever it answers: on every published vector and demo award (where it must
/// answer), and on thousands of small random graphs, many of them symmetric (where it must
/// leave some to the full algorithm).
#[test]
fn first_degree_labels_are_the_full_algorithm_s() {
    let agree = |d: &oxrdf::Dataset, what: &str| -> bool {
        let full = canonicalize_full(d.clone()).unwrap();
        let once = unique_first_degree(d.iter());
        // Quads given twice are a dataset's quads once (the memo's quads may repeat).
        assert_eq!(
            unique_first_degree(d.iter().chain(d.iter())),
            once,
            "{what}"
        );
        match once {
            Some(lines) => {
                assert_eq!(lines.concat(), full, "{what}");
                true
            }
            None => false,
        }
    };
    let mut docs: Vec<(String, Value)> = demo_credentials()
        .into_iter()
        .enumerate()
        .map(|(i, d)| (format!("demo award {i}"), d))
        .collect();
    for entry in
        walkdir::WalkDir::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vc"))
    {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "json") {
            if let Ok(doc) = serde_json::from_slice::<Value>(&std::fs::read(entry.path()).unwrap())
            {
                docs.push((entry.path().display().to_string(), doc));
            }
        }
    }
    let mut answered = 0;
    for (what, doc) in &docs {
        let Ok(d) = to_dataset_reference(doc) else {
            continue;
        };
        if agree(&d, what) {
            answered += 1;
        } else {
            assert!(!what.starts_with("demo award"), "{what}: left to oxrdf");
        }
    }
    assert!(answered > 10, "{answered} documents");

    // Random graphs over four blank nodes, two IRIs and two literals, in two graphs: small
    // enough that equal hashes (automorphisms, nodes said the same things of) are common.
    use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let (mut unique, mut shared) = (0, 0);
    for g in 0..3000 {
        // Every other graph only links blank nodes by one predicate: rings and stars, whose
        // nodes no first-degree hash tells apart.
        let plain = g % 2 == 0;
        let mut d = oxrdf::Dataset::new();
        for _ in 0..1 + next(8) {
            let b = |i: u64| BlankNode::new_unchecked(format!("b{i}"));
            let subject: NamedOrBlankNode = b(next(4)).into();
            let predicate = NamedNode::new_unchecked(format!("urn:p{}", next(2) * !plain as u64));
            let object: Term = match if plain { 0 } else { next(4) } {
                0 | 1 => b(next(4)).into(),
                2 => NamedNode::new_unchecked(format!("urn:o{}", next(2))).into(),
                _ => Literal::new_simple_literal(format!("v\"{}\n", next(2))).into(),
            };
            let graph = match if plain { 2 } else { next(3) } {
                0 => GraphName::BlankNode(b(next(4))),
                1 => GraphName::NamedNode(NamedNode::new_unchecked("urn:g")),
                _ => GraphName::DefaultGraph,
            };
            d.insert(&Quad::new(subject, predicate, object, graph));
        }
        if agree(&d, &format!("random graph {g}")) {
            unique += 1;
        } else {
            shared += 1;
        }
    }
    assert!(
        unique > 500 && shared > 100,
        "{unique} labelled, {shared} left"
    );
}

/// `item` with each of its leaves replaced by a distinct IRI (`tag` apart), fine in literal
/// and IRI places alike.
fn renamed(item: &Value, tag: &str) -> Value {
    let mut copy = item.clone();
    let mut paths = Vec::new();
    leaf_paths(item, &mut vec![], &mut paths);
    for (j, path) in paths.iter().enumerate() {
        *at(&mut copy, path) = json!(format!("https://example.org/{tag}/{j}"));
    }
    copy
}

/// The memo's abstract shapes (arrays cut into runs of items, whatever their number) against
/// the full conversion: every array of the demo's awards emptied, cut to one item, grown by
/// renamed copies of its items, grown by an exact copy (two identical blank nodes: the memo
/// must leave those to the full algorithm), and a copy with a value JSON-LD would change in
/// an IRI place; and an ordered list (`allowedValue`), which is one chain, not a copy per
/// item.
#[test]
fn arrays_of_any_length_convert_as_in_full() {
    use credcat::sign::shape;
    let canonical = |d: Result<oxrdf::Dataset, CanonError>| d.and_then(canonicalize);
    let (mut memo, mut full) = (0, 0);
    let mut check = |what: &str, doc: &Value| match memo_against_full(what, doc).1 {
        true => memo += 1,
        false => full += 1,
    };
    for (n, base) in demo_credentials().iter().enumerate() {
        let mut arrays = Vec::new();
        array_paths(base, &mut vec![], &mut arrays);
        assert!(arrays.len() >= 3, "award {n}: {} arrays", arrays.len());
        for path in &arrays {
            let items = at(&mut base.clone(), path).as_array().unwrap().clone();
            let mut variants: Vec<(String, Vec<Value>)> = vec![
                ("emptied".into(), vec![]),
                ("one item".into(), items.iter().take(1).cloned().collect()),
            ];
            for extra in 1..4 {
                let mut grown = items.clone();
                for k in 0..extra {
                    let copies = items.iter().enumerate();
                    grown.extend(copies.map(|(i, item)| renamed(item, &format!("{n}/{k}/{i}"))));
                }
                variants.push((format!("grown {extra} times"), grown));
            }
            let mut twice = items.clone();
            twice.extend(items.last().cloned());
            variants.push(("last item twice".into(), twice));
            let mut hostile = items.clone();
            if let Some(last) = items.last() {
                let mut copy = renamed(last, "h");
                let mut paths = Vec::new();
                leaf_paths(last, &mut vec![], &mut paths);
                for (j, p) in paths.iter().enumerate() {
                    *at(&mut copy, p) = json!(HOSTILE[(n + j) % HOSTILE.len()]);
                }
                hostile.push(copy);
            }
            variants.push(("a hostile copy".into(), hostile));
            for (what, list) in variants {
                let mut doc = base.clone();
                *at(&mut doc, path) = Value::Array(list);
                check(&format!("award {n}, {path:?} {what}"), &doc);
            }
        }
    }
    // Awards whose arrays differ only in length are memoized: one conversion serves them all.
    assert!(
        memo > 150 && full > 5,
        "{memo} memoized, {full} converted in full"
    );
    // An ordered list of any length: the same as in full, memoized or not.
    for len in 0..5 {
        let values: Vec<String> = (0..len).map(|i| format!("grade {i}")).collect();
        let doc = json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": "https://example.org/achievements/1",
            "type": ["Achievement"],
            "name": "Grades",
            // One object, not an array: the list is an array the shape may cut into runs.
            "resultDescription": {
                "id": "https://example.org/results/1",
                "type": ["ResultDescription"],
                "name": "Letter grade",
                "resultType": "LetterGrade",
                "allowedValue": values,
            },
        });
        let expected = canonical(checked_dataset(&doc)).expect("a valid achievement");
        assert_eq!(
            credcat::sign::rdf::canonical_nquads(&doc).unwrap(),
            expected,
            "{len} allowed values"
        );
        if let Some(got) = shape::canonical_nquads(&doc) {
            assert_eq!(got, expected, "{len} allowed values, memoized");
        }
    }
}
