//! What the Credential Registry, its publish tool and search engines need from a built site,
//! checked on the demo and on a generated catalog, both built by the real binary with a
//! site-local `[ctdl] id_base` (and, for the demo, again with the registry default):
//!
//! - every CTDL document parses, and every URI a document references that points into the
//!   site resolves to a file of the built site (a static host maps the URL to that file);
//! - every resource URI answers with the resource alone (`@context`, `@id` equal to the URI,
//!   its CTID), the form the publish tool fetches when it follows a reference;
//! - graph shape: one primary (CTID-bearing) entity first in each graph, of a specific class;
//!   no other CTID-bearing node, embedded or listed, except a framework's competencies and a
//!   pathway's components (the shapes the registry's framework and pathway publishing take);
//! - the `required` lists of the registry's JSON schemas (`tests/fixtures/ctdl-jsonschema/`,
//!   see its SOURCES.md) hold for every node of a class they define;
//! - Google's required properties for every `BreadcrumbList` and `Course` in the pages; every
//!   page with a visible breadcrumb has a `BreadcrumbList`; badge pages are `noindex`.
//!
//! Each check returns its problems, and a tampered copy of a site must produce some: none of
//! these is a check that cannot fail.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const CTDL: &str = "https://credreg.net/ctdl/schema/context/json";
const CTDLASN_CONTEXT: &str = "https://credreg.net/ctdlasn/schema/context/json";

/// A built site: its folder and base URL.
struct Built {
    _dir: tempfile::TempDir,
    public: PathBuf,
    base: String,
}

fn set_id_base(root: &Path, id_base: &str) {
    let config = root.join("site-config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    assert!(!text.contains("[ctdl]"), "the catalog sets no [ctdl] yet");
    text.push_str(&format!("\n[ctdl]\nid_base = \"{id_base}\"\n"));
    std::fs::write(config, text).unwrap();
}

fn build(dir: tempfile::TempDir, root: &Path) -> Built {
    let public = root.join("public");
    common::credcat()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&public)
        .assert()
        .success();
    let config = std::fs::read_to_string(root.join("site-config.toml")).unwrap();
    let base = config
        .lines()
        .find_map(|l| l.strip_prefix("base_url = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("base_url")
        .trim_end_matches('/')
        .to_string();
    Built {
        _dir: dir,
        public,
        base,
    }
}

fn demo(id_base: Option<&str>) -> Built {
    let dir = common::demo();
    let root = dir.path().to_path_buf();
    if let Some(b) = id_base {
        set_id_base(&root, b);
    }
    build(dir, &root)
}

/// A catalog from bench/gen_catalog.py with awards, site-local URIs and the demo's theme.
fn generated(credentials: usize) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cat");
    let status = Command::new("python3")
        .arg(common::repo().join("bench/gen_catalog.py"))
        .args([
            "--credentials",
            &credentials.to_string(),
            "--issued",
            "12",
            "--out",
        ])
        .arg(&root)
        .status()
        .expect("python3 runs bench/gen_catalog.py");
    assert!(status.success());
    common::copy_tree(&common::repo().join("themes"), &root.join("themes"));
    common::credcat()
        .args(["keygen", "--root"])
        .arg(&root)
        .assert()
        .success();
    set_id_base(&root, "ctdl/");
    build(dir, &root)
}

// ---------------------------------------------------------------------------------------
// Reading the site

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// The CTDL documents: every `.jsonld` (graph documents and the bulk graph) and every file
/// answering a resource URI, by site path. A document that does not parse is a problem.
fn ctdl_documents(site: &Built, problems: &mut Vec<String>) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for file in files_under(&site.public) {
        let rel = file
            .strip_prefix(&site.public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let is_resource = rel.starts_with("ctdl/") && rel.ends_with(".json");
        if !(rel.ends_with(".jsonld") || is_resource) {
            continue;
        }
        match serde_json::from_slice::<Value>(&std::fs::read(&file).unwrap()) {
            Ok(v) => {
                out.insert(rel, v);
            }
            Err(e) => problems.push(format!("{rel}: does not parse: {e}")),
        }
    }
    out
}

/// The file a URL of the site is served from, as a plain static host maps it: the path
/// itself, or `index.html` in a folder. `None` for URLs outside the site.
fn file_of(site: &Built, url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix(&format!("{}/", site.base))
        .or_else(|| (url == site.base).then_some(""))?;
    let rest = rest.split(['#', '?']).next().unwrap_or_default();
    let rel = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    Some(site.public.join(rel))
}

/// Every string in a JSON value, with where it is.
fn strings<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::String(s) => out.push((at, s)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| strings(x, format!("{at}[{i}]"), out)),
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| strings(x, format!("{at}.{k}"), out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// The registry checks

/// Classes whose graphs hold other CTID-bearing nodes of their own, and which: a framework
/// its competencies, a pathway its components (each `isPartOf` the primary node).
fn owned_members(primary: &str) -> Option<(&'static str, &'static [&'static str])> {
    match primary {
        "ceasn:CompetencyFramework" => Some(("ceasn:isPartOf", &["ceasn:Competency"])),
        "ceterms:Pathway" => Some((
            "ceterms:isPartOf",
            &[
                "ceterms:CredentialComponent",
                "ceterms:BasicComponent",
                "ceterms:CourseComponent",
            ],
        )),
        _ => None,
    }
}

/// CTID-bearing objects embedded anywhere below a node.
fn embedded_ctids(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| embedded_ctids(x, &format!("{at}[{i}]"), out)),
        Value::Object(m) => {
            if m.contains_key("ceterms:ctid") {
                out.push(at.to_string());
            }
            for (k, x) in m {
                embedded_ctids(x, &format!("{at}.{k}"), out);
            }
        }
        _ => {}
    }
}

fn registry_problems(site: &Built, site_local: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let docs = ctdl_documents(site, &mut problems);
    let mut graphs = 0;
    for (path, doc) in &docs {
        // Every URI into the site resolves to a file.
        let mut all = Vec::new();
        strings(doc, String::new(), &mut all);
        for (at, s) in &all {
            if let Some(file) = file_of(site, s) {
                if !file.is_file() {
                    problems.push(format!("{path}{at}: {s} resolves to nothing in the site"));
                }
            } else if site_local && s.starts_with("https://credentialengineregistry.org/") {
                problems.push(format!(
                    "{path}{at}: {s} is a registry URI though id_base is site-local"
                ));
            }
        }
        if path == "catalog.jsonld" {
            continue;
        }
        let context = doc["@context"].as_str().unwrap_or_default();
        if context != CTDL && context != CTDLASN_CONTEXT {
            problems.push(format!("{path}: @context {context}"));
        }
        let Some(graph) = doc["@graph"].as_array() else {
            // A resource file: the node alone, at its own URI.
            let id = doc["@id"].as_str().unwrap_or_default();
            if file_of(site, id).map(|f| f.ends_with(path.as_str())) != Some(true) {
                problems.push(format!("{path}: @id {id} is not the URL it is served at"));
            }
            if doc["ceterms:ctid"].as_str().is_none() {
                problems.push(format!("{path}: no ceterms:ctid"));
            }
            continue;
        };
        graphs += 1;
        let Some(first) = graph.first() else {
            problems.push(format!("{path}: empty @graph"));
            continue;
        };
        let class = first["@type"].as_str().unwrap_or_default();
        if first["ceterms:ctid"].as_str().is_none() {
            problems.push(format!("{path}: the first node ({class}) has no CTID"));
        }
        if class == "ceterms:Credential" || class.is_empty() {
            problems.push(format!(
                "{path}: `{class}` is not a specific credential class"
            ));
        }
        // (CTDL-ASN and qdata classes have no subjectWebpage.)
        if !first["ceterms:subjectWebpage"].is_string() && class.starts_with("ceterms:") {
            problems.push(format!("{path}: {class} has no subjectWebpage"));
        }
        let first_id = &first["@id"];
        for (i, node) in graph.iter().enumerate().skip(1) {
            let t = node["@type"].as_str().unwrap_or_default();
            match owned_members(class) {
                Some((part_of, classes)) => {
                    let is_part = node[part_of]
                        .as_array()
                        .is_some_and(|a| a.contains(first_id));
                    if !classes.contains(&t) || !is_part {
                        problems.push(format!(
                            "{path}: @graph[{i}] {t} is not a part of the {class}"
                        ));
                    }
                }
                None => problems.push(format!(
                    "{path}: @graph[{i}] {t}: a {class} graph holds one primary entity"
                )),
            }
        }
        for (i, node) in graph.iter().enumerate() {
            let mut nested = Vec::new();
            for (k, v) in node.as_object().into_iter().flatten() {
                embedded_ctids(v, &format!("@graph[{i}].{k}"), &mut nested);
            }
            for at in nested {
                problems.push(format!("{path}: {at} embeds a CTID-bearing node"));
            }
            // Its URI answers with the node itself.
            if site_local {
                let id = node["@id"].as_str().unwrap_or_default();
                match file_of(site, id) {
                    Some(f) if f.is_file() => {
                        let answer: Value =
                            serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
                        let mut expected = node.clone();
                        expected["@context"] = doc["@context"].clone();
                        if answer != expected {
                            problems.push(format!(
                                "{path}: @graph[{i}]: {id} answers with something else"
                            ));
                        }
                    }
                    _ => problems.push(format!(
                        "{path}: @graph[{i}]: {id} is not a file of the site"
                    )),
                }
            }
        }
        problems.extend(required_problems(path, graph));
    }
    if graphs == 0 {
        problems.push("no CTDL graph document at all".into());
    }
    problems
}

// ---------------------------------------------------------------------------------------
// The registry's JSON schemas: their `required` lists

/// (class, required property) pairs not applied, each with its reason (docs/FORMAT.md and
/// tests/fixtures/ctdl-jsonschema/SOURCES.md say the same).
const SKIPPED: &[(&str, &str, &str)] = &[(
    "ceterms:ComponentCondition",
    "ceterms:ctid",
    "a condition is a secondary entity in current CTDL (ceterms:ctid's domain, 2023, has no ComponentCondition); the registry's own pathway graphs embed conditions without CTIDs",
)];

/// The schemas' definitions by class. The old pathway schema calls the component class
/// `ceterms:PathwayComponent`; its rules apply to every component subclass we emit.
fn schema_definitions() -> BTreeMap<String, Value> {
    let dir = common::repo().join("tests/fixtures/ctdl-jsonschema");
    let mut defs = BTreeMap::new();
    for name in [
        "credentialSchema.json",
        "competency_framework.json",
        "competency.json",
        "pathway.json",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).expect("bundled schema");
        let schema: Value = serde_json::from_str(&text).unwrap();
        for (k, v) in schema["definitions"].as_object().unwrap() {
            if v.get("required").is_some() && k.contains(':') && !k.starts_with("pointer:") {
                defs.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    let component = defs["ceterms:PathwayComponent"].clone();
    defs.insert("ceterms:CredentialComponent".into(), component);
    defs
}

/// Whether a property is present with a value (not null, not empty).
fn has(node: &Value, key: &str) -> bool {
    match node.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(_) => true,
    }
}

/// Every node of a graph (and every typed node embedded in one) against the `required` and
/// `allOf`/`anyOf` required lists of its class's definition.
fn required_problems(path: &str, graph: &[Value]) -> Vec<String> {
    thread_local! {
        static DEFS: BTreeMap<String, Value> = schema_definitions();
    }
    let mut problems = Vec::new();
    fn visit(v: &Value, at: &str, path: &str, problems: &mut Vec<String>) {
        match v {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| visit(x, &format!("{at}[{i}]"), path, problems)),
            Value::Object(m) => {
                if let Some(class) = m.get("@type").and_then(Value::as_str) {
                    DEFS.with(|defs| {
                        if let Some(def) = defs.get(class) {
                            check(def, class, v, at, path, problems);
                        }
                    });
                }
                for (k, x) in m {
                    visit(x, &format!("{at}.{k}"), path, problems);
                }
            }
            _ => {}
        }
    }
    fn check(def: &Value, class: &str, node: &Value, at: &str, path: &str, out: &mut Vec<String>) {
        let skipped = |k: &str| SKIPPED.iter().any(|(c, p, _)| *c == class && *p == k);
        for k in def["required"].as_array().into_iter().flatten() {
            let k = k.as_str().unwrap();
            if !has(node, k) && !skipped(k) {
                out.push(format!("{path}: {at} {class} lacks required {k}"));
            }
        }
        for part in def["allOf"].as_array().into_iter().flatten() {
            if let Some(any) = part["anyOf"].as_array() {
                let options: Vec<Vec<&str>> = any
                    .iter()
                    .map(|o| {
                        o["required"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .collect()
                    })
                    .collect();
                if !options.iter().any(|ks| ks.iter().all(|k| has(node, k))) {
                    out.push(format!("{path}: {at} {class} needs one of {options:?}"));
                }
            }
        }
    }
    for (i, node) in graph.iter().enumerate() {
        visit(node, &format!("@graph[{i}]"), path, &mut problems);
    }
    problems
}

// ---------------------------------------------------------------------------------------
// Search engines: schema.org in the pages

/// The JSON-LD blocks of a page (each possibly an array of nodes).
fn ld_json(html: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    html.match_indices(open)
        .filter_map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let end = rest.find("</script>")?;
            serde_json::from_str(&rest[..end]).ok()
        })
        .flat_map(|v| match v {
            Value::Array(a) => a,
            v => vec![v],
        })
        .collect()
}

fn nonempty(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.trim().is_empty())
}

/// Google's documented required properties for breadcrumbs and courses, and our own rules:
/// a visible breadcrumb has its markup, badge pages are noindex, logos are marked up.
/// Returns the problems and how many BreadcrumbList and Course nodes were seen.
fn search_problems(site: &Built) -> (Vec<String>, usize, usize) {
    let mut problems = Vec::new();
    let (mut crumbs, mut courses) = (0, 0);
    for file in files_under(&site.public) {
        if file.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let rel = file
            .strip_prefix(&site.public)
            .unwrap()
            .display()
            .to_string();
        let html = std::fs::read_to_string(&file).unwrap();
        let nodes = ld_json(&html);
        let has_crumbs = nodes.iter().any(|n| n["@type"] == "BreadcrumbList");
        if html.contains("class=\"breadcrumb\"") && !has_crumbs {
            problems.push(format!(
                "{rel}: a visible breadcrumb without BreadcrumbList"
            ));
        }
        if rel.starts_with("badges/")
            && !html.contains("<meta name=\"robots\" content=\"noindex\">")
        {
            problems.push(format!("{rel}: a badge page without noindex"));
        }
        for n in &nodes {
            match n["@type"].as_str() {
                Some("BreadcrumbList") => {
                    crumbs += 1;
                    let items = n["itemListElement"].as_array().cloned().unwrap_or_default();
                    if items.len() < 2 {
                        problems.push(format!("{rel}: BreadcrumbList with {} items", items.len()));
                    }
                    for (i, item) in items.iter().enumerate() {
                        let ok = item["@type"] == "ListItem"
                            && item["position"] == (i + 1)
                            && nonempty(&item["name"])
                            && item["item"]
                                .as_str()
                                .and_then(|u| file_of(site, u))
                                .is_some_and(|f| f.is_file());
                        if !ok {
                            problems.push(format!("{rel}: breadcrumb item {i}: {item}"));
                        }
                    }
                }
                Some("Course") => {
                    courses += 1;
                    if !nonempty(&n["name"]) || !nonempty(&n["description"]) {
                        problems.push(format!("{rel}: Course without name or description"));
                    }
                    if !nonempty(&n["provider"]["name"]) {
                        problems.push(format!("{rel}: Course without a provider name"));
                    }
                    for o in n["offers"].as_array().into_iter().flatten() {
                        let category = o["category"].as_str().unwrap_or_default();
                        if !["Free", "Partially Free", "Subscription", "Paid"].contains(&category) {
                            problems.push(format!("{rel}: Course offer category {category:?}"));
                        }
                        if category != "Free"
                            && (o["price"].is_null() || !nonempty(&o["priceCurrency"]))
                        {
                            problems.push(format!("{rel}: Course offer without price"));
                        }
                    }
                    for ci in n["hasCourseInstance"].as_array().into_iter().flatten() {
                        let modes = ci["courseMode"].as_array().cloned().unwrap_or_default();
                        if modes.is_empty() || !modes.iter().all(nonempty) {
                            problems.push(format!("{rel}: CourseInstance without courseMode"));
                        }
                        if !nonempty(&ci["courseWorkload"]) && ci["courseSchedule"].is_null() {
                            problems.push(format!(
                                "{rel}: CourseInstance without courseWorkload or courseSchedule"
                            ));
                        }
                    }
                }
                Some("CollegeOrUniversity" | "Organization" | "GovernmentOrganization")
                    if rel.starts_with("organizations/") =>
                {
                    // The organization's CTDL says whether it has a logo.
                    let ctdl = file.with_file_name("index.jsonld");
                    let doc: Value = serde_json::from_slice(&std::fs::read(ctdl).unwrap()).unwrap();
                    if doc["@graph"][0]["ceterms:image"].is_string() && !nonempty(&n["logo"]) {
                        problems.push(format!("{rel}: an organization logo not in the markup"));
                    }
                }
                _ => {}
            }
        }
    }
    (problems, crumbs, courses)
}

// ---------------------------------------------------------------------------------------
// The tests

fn assert_none(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn demo_with_site_local_uris_is_what_the_registry_ingests() {
    let site = demo(Some("ctdl/"));
    assert_none("demo", &registry_problems(&site, true));
    let (problems, crumbs, courses) = search_problems(&site);
    assert_none("demo pages", &problems);
    assert!(
        crumbs >= 10 && courses >= 3,
        "{crumbs} breadcrumbs, {courses} courses"
    );
    // The verification service is published and every credential with badges uses it.
    let vsp: Value = serde_json::from_slice(
        &std::fs::read(
            site.public
                .join("organizations/northfield-college/verification.jsonld"),
        )
        .unwrap(),
    )
    .unwrap();
    let vsp = &vsp["@graph"][0];
    assert_eq!(vsp["@type"], "ceterms:VerificationServiceProfile");
    assert_eq!(
        vsp["ceterms:verificationService"][0],
        format!("{}/verify/", site.base)
    );
    let sql: Value = serde_json::from_slice(
        &std::fs::read(
            site.public
                .join("credentials/sql-fundamentals/index.jsonld"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        sql["@graph"][0]["ceterms:usesVerificationService"][0],
        vsp["@id"]
    );
    assert_eq!(
        sql["@graph"][0]["ceterms:revocation"][0]["@type"],
        "ceterms:RevocationProfile"
    );
}

#[test]
fn demo_with_registry_uris_keeps_its_shape() {
    let site = demo(None);
    assert_none("demo (registry URIs)", &registry_problems(&site, false));
    assert!(
        !site.public.join("ctdl").exists(),
        "no resource files when URIs are the registry's"
    );
}

#[test]
fn generated_catalog_is_what_the_registry_ingests() {
    let site = generated(150);
    assert_none("generated", &registry_problems(&site, true));
    let (problems, crumbs, courses) = search_problems(&site);
    assert_none("generated pages", &problems);
    assert!(
        crumbs > 0 && courses > 0,
        "{crumbs} breadcrumbs, {courses} courses"
    );
}

#[test]
fn the_checks_catch_broken_sites() {
    let site = demo(Some("ctdl/"));
    let ctdl = site.public.join("ctdl");
    // A URI that answers nothing.
    let victim = std::fs::read_dir(&ctdl)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let saved = std::fs::read(&victim).unwrap();
    std::fs::remove_file(&victim).unwrap();
    let problems = registry_problems(&site, true);
    assert!(
        problems.iter().any(|p| p.contains("resolves to nothing")),
        "{problems:#?}"
    );
    std::fs::write(&victim, saved).unwrap();
    assert_none("restored", &registry_problems(&site, true));

    // A CTID-bearing node embedded, a second primary entity, a missing required property.
    let doc_path = site
        .public
        .join("credentials/sql-fundamentals/index.jsonld");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&doc_path).unwrap()).unwrap();
    doc["@graph"][0]["ceterms:requires"][0]["ceterms:ctid"] = "ce-x".into();
    doc["@graph"][0]
        .as_object_mut()
        .unwrap()
        .remove("ceterms:credentialStatusType");
    let second = doc["@graph"][0].clone();
    doc["@graph"].as_array_mut().unwrap().push(second);
    std::fs::write(&doc_path, serde_json::to_vec(&doc).unwrap()).unwrap();
    let problems = registry_problems(&site, true);
    for expected in [
        "embeds a CTID-bearing node",
        "holds one primary entity",
        "lacks required ceterms:credentialStatusType",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:#?}"
        );
    }

    // A breadcrumb item without its name; a badge page without noindex.
    let stack = files_under(&site.public.join("map"))
        .into_iter()
        .find(|f| f.ends_with("index.html") && f.parent() != Some(&site.public.join("map")))
        .unwrap();
    let html = std::fs::read_to_string(&stack).unwrap();
    std::fs::write(&stack, html.replacen("\"name\":", "\"nom\":", 1)).unwrap();
    let badge = files_under(&site.public.join("badges"))
        .into_iter()
        .find(|f| f.ends_with("index.html"))
        .unwrap();
    let html = std::fs::read_to_string(&badge).unwrap();
    std::fs::write(
        &badge,
        html.replace("content=\"noindex\"", "content=\"all\""),
    )
    .unwrap();
    let (problems, _, _) = search_problems(&site);
    assert!(
        problems.iter().any(|p| p.contains("breadcrumb item")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("without noindex")),
        "{problems:#?}"
    );
}

#[test]
fn badge_pages_may_opt_in_to_indexing() {
    let dir = common::demo();
    let root = dir.path().to_path_buf();
    common::edit(
        &root.join("site-config.toml"),
        "[badges]\n",
        "[badges]\nindex_pages = true\n",
    );
    let site = build(dir, &root);
    let badge = files_under(&site.public.join("badges"))
        .into_iter()
        .find(|f| f.ends_with("index.html"))
        .unwrap();
    let html = std::fs::read_to_string(badge).unwrap();
    assert!(!html.contains("name=\"robots\""));
}
