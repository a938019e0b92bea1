//! The machine-readable catalog, checked on the demo catalog and on a generated one:
//! every CTDL document stays inside the bundled vocabulary and expands as JSON-LD with no term
//! dropped; the OB 3.0 achievements validate against the official schema; sitemap, feed and
//! robots are well formed. Snapshots pin one credential's CTDL, schema.org and achievement.

use std::path::{Path, PathBuf};
use std::process::Command;

use credcat::emit::{achievement, crawl, ctdl, schema_org};
use credcat::standards::{ctdl_vocab, jsonld};
use credcat::{BuildOptions, Site};
use serde_json::Value;

fn site_at(root: &Path) -> Site {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let loaded = credcat::load(&options).unwrap_or_else(|e| panic!("{}", e.render(false)));
    credcat::prepare(loaded, &options).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

fn demo() -> Site {
    site_at(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// A 200-credential catalog from bench/gen_catalog.py, in a temporary folder.
fn generated() -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cat");
    let status = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_catalog.py"))
        .args(["--credentials", "200", "--out"])
        .arg(&out)
        .status()
        .expect("python3 runs bench/gen_catalog.py");
    assert!(status.success());
    let site = site_at(&out);
    (dir, site)
}

fn check_all_documents(site: &Site) -> usize {
    let docs = ctdl::documents(&site.catalog, &site.derived);
    assert!(!docs.is_empty());
    let mut problems = Vec::new();
    for d in &docs {
        for v in ctdl_vocab::check_document(&d.value) {
            problems.push(format!("{}: {v}", d.path));
        }
        match jsonld::dropped_terms(&d.value) {
            Ok(dropped) if dropped.is_empty() => {}
            Ok(dropped) => problems.push(format!("{}: expansion dropped {dropped:?}", d.path)),
            Err(e) => problems.push(format!("{}: {e}", d.path)),
        }
    }
    let catalog: serde_json::Value =
        serde_json::from_slice(&ctdl::catalog_bytes(&site.catalog, &docs))
            .expect("catalog.jsonld is JSON");
    // The bulk file is an index: one entry per CTID-bearing node, holding only the node's
    // own values of ctdl::INDEX_KEYS.
    let nodes: Vec<&serde_json::Value> = docs
        .iter()
        .flat_map(|d| d.value["@graph"].as_array().into_iter().flatten())
        .filter(|n| n.get("ceterms:ctid").is_some())
        .collect();
    let entries = catalog["@graph"]
        .as_array()
        .expect("catalog.jsonld has a @graph");
    assert_eq!(
        entries.len(),
        nodes.len(),
        "every CTID-bearing node in the index"
    );
    for (entry, node) in entries.iter().zip(&nodes) {
        let entry = entry.as_object().expect("an index entry is an object");
        assert!(entry.contains_key("ceterms:ctid") && entry.contains_key("@type"));
        for (k, v) in entry {
            assert!(
                ctdl::INDEX_KEYS.contains(&k.as_str()),
                "index entry has {k}"
            );
            assert_eq!(&node[k], v, "index entry's {k} differs from its node's");
        }
    }
    problems.extend(
        ctdl_vocab::check_document(&catalog)
            .into_iter()
            .map(|v| format!("catalog.jsonld: {v}")),
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    docs.len()
}

#[test]
fn demo_ctdl_is_in_vocabulary_and_expands_without_loss() {
    let site = demo();
    let n = check_all_documents(&site);
    let cat = &site.catalog;
    // One document per resource page, plus one per primary resource a credential owns (its
    // assessment, its outcome data set) and the publisher's badge verification service.
    let owned = cat
        .credentials
        .iter()
        .map(|c| {
            usize::from(c.assessment.is_some())
                + usize::from(c.outcomes.is_some() || !c.cohorts.is_empty())
        })
        .sum::<usize>();
    let verification = usize::from(!cat.awards.is_empty() && cat.publisher.is_some());
    assert_eq!(
        n,
        cat.credentials.len()
            + cat.frameworks.len()
            + cat.organizations.len()
            + cat.pathways.len()
            + owned
            + verification
    );
    assert!(ctdl::vocabulary_diagnostics(cat, &site.derived).is_empty());
}

#[test]
fn generated_catalog_ctdl_is_in_vocabulary_and_expands_without_loss() {
    let (_dir, site) = generated();
    check_all_documents(&site);
}

/// Past its bound, `catalog.jsonld` lists parts of whole resources that hold, in order,
/// exactly the entries the one file would, each part within the bound, linked both ways, in
/// the vocabulary and expanding without loss.
#[test]
fn a_bulk_graph_too_large_for_one_file_is_split_into_parts() {
    let (_dir, site) = generated();
    let (cat, docs) = (&site.catalog, ctdl::documents(&site.catalog, &site.derived));
    let parse = |bytes: Vec<u8>| -> Value { serde_json::from_slice(&bytes).expect("JSON") };
    let whole = parse(ctdl::catalog_bytes(cat, &docs));
    let bound = 16 * 1024;
    let files = ctdl::catalog_files_within(cat, &docs, bound);
    assert!(
        files.len() > 3,
        "a 200-credential index is larger than 16 KB"
    );
    let (index, parts) = files.split_last().unwrap();
    assert_eq!(index.path, "catalog.jsonld");
    let index = parse(index.body.to_vec());
    assert_eq!(index["@graph"], Value::Array(vec![]));
    let links = index["https://schema.org/hasPart"].as_array().unwrap();
    assert_eq!(links.len(), parts.len());
    let mut entries = Vec::new();
    for (i, (part, link)) in parts.iter().zip(links).enumerate() {
        assert_eq!(part.path, format!("ctdl/catalog/{}.jsonld", i + 1));
        let url = cat.config.url(&part.path);
        assert_eq!(link["@id"], url.as_str());
        let bytes = part.body.to_vec();
        let value = parse(bytes.clone());
        assert_eq!(value["@id"], url.as_str());
        assert_eq!(value["https://schema.org/isPartOf"]["@id"], index["@id"]);
        let graph = value["@graph"].as_array().unwrap();
        // No one document's entries pass the bound here, so no part may.
        assert!(
            bytes.len() <= bound,
            "{} is {} bytes",
            part.path,
            bytes.len()
        );
        for doc in [&value, &index] {
            assert_eq!(ctdl_vocab::check_document(doc), vec![], "{}", part.path);
            let dropped = jsonld::dropped_terms(doc).expect("expands");
            assert!(dropped.is_empty(), "{}: {dropped:?}", part.path);
        }
        entries.extend(graph.iter().cloned());
    }
    assert_eq!(&Value::Array(entries), &whole["@graph"]);
    // Under the bound, the one file as before.
    let one = ctdl::catalog_files_within(cat, &docs, usize::MAX);
    assert_eq!(one.len(), 1);
    assert_eq!(parse(one[0].body.to_vec()), whole);
}

#[test]
fn graph_form_matches_the_registry() {
    let site = demo();
    let cat = &site.catalog;
    let c = cat.credential_by_slug("sql-fundamentals").unwrap();
    let doc = ctdl::credential_document(cat, c);
    assert_eq!(doc["@context"], ctdl_vocab::CTDL_CONTEXT);
    let main = &doc["@graph"][0];
    assert_eq!(
        main["@id"],
        format!(
            "https://credentialengineregistry.org/resources/{}",
            c.ctid.0
        )
    );
    assert_eq!(main["ceterms:name"]["en-US"], "SQL Fundamentals");
    assert_eq!(
        main["ceterms:credentialStatusType"]["ceterms:targetNode"],
        "credentialStat:Active"
    );
    // Organizations are referenced, never embedded.
    assert!(main["ceterms:ownedBy"][0].is_string());
    let f = &cat.frameworks[0];
    let fdoc = ctdl::framework_document(cat, f);
    assert_eq!(fdoc["@context"], ctdl_vocab::CTDLASN_CONTEXT);
    assert_eq!(fdoc["@graph"].as_array().unwrap().len(), 1 + f.all.len());
}

// ---------------------------------------------------------------------------------------
// Snapshots

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

#[test]
fn snapshot_sql_fundamentals() {
    let site = demo();
    let cat = &site.catalog;
    let c = cat.credential_by_slug("sql-fundamentals").unwrap();
    insta::assert_snapshot!(
        "sql_fundamentals_ctdl",
        pretty(&ctdl::credential_document(cat, c))
    );
    insta::assert_snapshot!(
        "sql_fundamentals_schema_org",
        pretty(&schema_org::credential(cat, c))
    );
    insta::assert_snapshot!(
        "sql_fundamentals_achievement",
        pretty(&achievement::achievement(cat, c))
    );
}

// ---------------------------------------------------------------------------------------
// Open Badges 3.0: the Achievement parts against the official JSON schema.

fn ob_schema() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ob/achievementcredential.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn achievements_validate_against_the_ob3_schema() {
    let schema = ob_schema();
    let achievement_def = &schema["$defs"]["Achievement"];
    for site in [demo(), generated().1] {
        for c in &site.catalog.credentials {
            let a = achievement::achievement(&site.catalog, c);
            let errors = schema_walk::validate(&schema, achievement_def, &a, "Achievement");
            assert!(errors.is_empty(), "{}: {errors:#?}", c.slug);
        }
    }
    // The walker is not a test that cannot fail.
    let bad = serde_json::json!({"type": ["Achievement"], "name": 3, "image": {"id": "x"}});
    let errors = schema_walk::validate(&schema, achievement_def, &bad, "Achievement");
    assert!(errors.len() >= 4, "{errors:#?}");
}

/// A small JSON Schema walker: the subset the OB 3.0 schema uses for Achievement
/// (`$ref` within the file, type, required, properties, additionalProperties: false, items,
/// contains, minItems, enum, oneOf/anyOf/allOf, pattern for the two patterns used).
mod schema_walk {
    use serde_json::Value;

    pub fn validate(root: &Value, schema: &Value, v: &Value, path: &str) -> Vec<String> {
        let mut errors = Vec::new();
        walk(root, schema, v, path, &mut errors);
        errors
    }

    fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.trim_start_matches('#');
                root.pointer(pointer)
                    .unwrap_or_else(|| panic!("unresolved $ref {r}"))
            }
            None => schema,
        }
    }

    fn type_ok(t: &str, v: &Value) -> bool {
        match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "number" => v.is_number(),
            "integer" => v.is_i64() || v.is_u64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => true,
        }
    }

    fn walk(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
        let schema = resolve(root, schema);
        if let Some(t) = schema.get("type") {
            let ok = match t {
                Value::String(t) => type_ok(t, v),
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)),
                _ => true,
            };
            if !ok {
                errors.push(format!("{path}: expected type {t}, got {v}"));
                return;
            }
        }
        if let Some(e) = schema.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                errors.push(format!("{path}: {v} not in enum"));
            }
        }
        if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), v.as_str()) {
            if !pattern_ok(p, s) {
                errors.push(format!("{path}: `{s}` does not match {p}"));
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alts) = schema.get(key).and_then(Value::as_array) {
                let passing = alts
                    .iter()
                    .filter(|a| validate(root, a, v, path).is_empty())
                    .count();
                let ok = if key == "oneOf" {
                    passing == 1
                } else {
                    passing >= 1
                };
                if !ok {
                    errors.push(format!("{path}: {passing} alternatives of {key} match"));
                }
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for a in all {
                walk(root, a, v, path, errors);
            }
        }
        if let Some(o) = v.as_object() {
            for r in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(r) = r.as_str() {
                    if !o.contains_key(r) {
                        errors.push(format!("{path}: missing required `{r}`"));
                    }
                }
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, x) in o {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => walk(root, s, x, &format!("{path}.{k}"), errors),
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        errors.push(format!("{path}: property `{k}` is not allowed"))
                    }
                    None => {}
                }
            }
        }
        if let Some(a) = v.as_array() {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                if (a.len() as u64) < min {
                    errors.push(format!("{path}: fewer than {min} items"));
                }
            }
            if let Some(items) = schema.get("items") {
                for (i, x) in a.iter().enumerate() {
                    walk(root, items, x, &format!("{path}[{i}]"), errors);
                }
            }
            if let Some(c) = schema.get("contains") {
                if !a.iter().any(|x| validate(root, c, x, path).is_empty()) {
                    errors.push(format!("{path}: no item matches `contains`"));
                }
            }
        }
    }

    /// The patterns of the Achievement subtree, checked by hand (no regex dependency).
    fn pattern_ok(p: &str, s: &str) -> bool {
        match p {
            // inLanguage: ll(-Ssss)?(-CC|-nnn)?
            "^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$" => {
                let mut parts = s.split('-');
                let lang = parts.next().unwrap_or("");
                if !(2..=4).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_lowercase()) {
                    return false;
                }
                let rest: Vec<&str> = parts.collect();
                let script = |x: &str| {
                    x.len() == 4
                        && x.starts_with(|c: char| c.is_ascii_uppercase())
                        && x[1..].chars().all(|c| c.is_ascii_lowercase())
                };
                let region = |x: &str| {
                    (x.len() == 2 && x.chars().all(|c| c.is_ascii_uppercase()))
                        || (x.len() == 3 && x.chars().all(|c| c.is_ascii_digit()))
                };
                match rest.as_slice() {
                    [] => true,
                    [a] => script(a) || region(a),
                    [a, b] => script(a) && region(b),
                    _ => false,
                }
            }
            "(ext:)[a-z|A-Z|0-9|.|-|_]+" => s.contains("ext:"),
            // Other patterns (JWS) are not reachable from what credcat emits.
            _ => true,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Crawling

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = demo();
    let cat = &site.catalog;
    let crawled = || {
        let ctx = site.ctx();
        let mut files = crawl::emit(&ctx).unwrap();
        files.extend(crawl::emit_sitemap(&ctx).unwrap());
        files
    };
    let files = crawled();
    let sitemap = String::from_utf8(
        files
            .iter()
            .find(|f| f.path == "sitemap.xml")
            .unwrap()
            .body
            .to_vec(),
    )
    .unwrap();
    // Not the 404 page; the outcomes dashboard, which is not a page of `html`.
    let pages = credcat::emit::pages::pages(cat, &site.derived).len() - 1 + 1;
    assert_eq!(sitemap.matches("<url>").count(), pages);
    assert!(sitemap.contains("<loc>https://catalog.northfield.example.edu/outcomes/</loc>"));
    assert!(sitemap.contains(
        "<loc>https://catalog.northfield.example.edu/credentials/sql-fundamentals/</loc>"
    ));
    assert!(sitemap.contains("<lastmod>2025-08-18</lastmod>"));
    let robots = String::from_utf8(
        files
            .iter()
            .find(|f| f.path == "robots.txt")
            .unwrap()
            .body
            .to_vec(),
    )
    .unwrap();
    assert!(robots.contains("Sitemap: https://catalog.northfield.example.edu/sitemap.xml"));
    // Deterministic: a second run is byte-identical.
    assert_eq!(files, crawled());
}

/// Past the URLs one sitemap file may hold, `sitemap.xml` is an index of parts that list
/// every page once, in the same order (the limit made small here: the demo has fewer pages
/// than 50,000). Parsed by roxmltree, not by our own reading.
#[test]
fn a_sitemap_too_large_for_one_file_is_split_under_an_index() {
    let site = demo();
    let ctx = site.ctx();
    let urls = |xml: &str, element: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        assert_eq!(
            doc.root_element().tag_name().namespace(),
            Some("http://www.sitemaps.org/schemas/sitemap/0.9")
        );
        doc.descendants()
            .filter(|n| n.has_tag_name(element))
            .map(|n| {
                n.children()
                    .find(|c| c.has_tag_name("loc"))
                    .and_then(|l| l.text())
                    .expect("a loc")
                    .to_string()
            })
            .collect()
    };
    let text = |f: &credcat::emit::OutFile| String::from_utf8(f.body.to_vec()).unwrap();
    let whole = crawl::sitemap(&ctx);
    assert_eq!(whole.len(), 1, "the demo's sitemap is one file");
    let all = urls(&text(&whole[0]), "url");
    let split = crawl::sitemap_files(&ctx, 7);
    let index = split.iter().find(|f| f.path == "sitemap.xml").unwrap();
    let doc = text(index);
    assert!(doc.contains("<sitemapindex"));
    let parts = urls(&doc, "sitemap");
    assert_eq!(parts.len(), all.len().div_ceil(7));
    assert_eq!(split.len(), parts.len() + 1);
    let mut listed = Vec::new();
    for (i, loc) in parts.iter().enumerate() {
        let path = format!("sitemaps/{}.xml", i + 1);
        assert_eq!(
            loc,
            &format!("https://catalog.northfield.example.edu/{path}")
        );
        let part = split
            .iter()
            .find(|f| f.path == path)
            .expect("the part is written");
        let got = urls(&text(part), "url");
        assert!(!got.is_empty() && got.len() <= 7);
        listed.extend(got);
    }
    assert_eq!(listed, all, "the parts list every page once, in order");
}

// ---------------------------------------------------------------------------------------
// Escaping: content cannot close the <script> element or break the XML files.

const EVIL: &str = "</script><script>alert(1)</script>";

fn fixture(name: &str) -> Site {
    site_at(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
}

/// The JSON inside each `<script type="application/ld+json">` of a page.
fn ld_scripts(html: &str) -> Vec<String> {
    let open = "<script type=\"application/ld+json\">";
    html.split(open)
        .skip(1)
        .map(|rest| rest.split("</script>").next().unwrap().to_string())
        .collect()
}

#[test]
fn schema_org_in_pages_cannot_close_the_script_element() {
    let site = fixture("script-escape");
    let files = credcat::emit::all(&site.ctx()).unwrap();
    let page = |path: &str| {
        String::from_utf8(
            files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("no {path}"))
                .body
                .to_vec(),
        )
        .unwrap()
    };
    let c = site.catalog.credential_by_slug("evil").unwrap();
    for (path, field, want) in [
        ("credentials/evil/index.html", "name", c.name.clone()),
        (
            "credentials/evil/index.html",
            "description",
            c.summary.clone(),
        ),
        (
            "organizations/acme/index.html",
            "name",
            site.catalog.organizations[0].name.clone(),
        ),
    ] {
        let html = page(path);
        let scripts = ld_scripts(&html);
        assert_eq!(scripts.len(), 1, "{path}: {html}");
        // The only `</script>` after the JSON's start is the element's own end.
        assert!(
            !scripts[0].contains('<') && !scripts[0].contains('>'),
            "{}",
            scripts[0]
        );
        assert!(!html.contains(EVIL), "{path} contains the raw payload");
        let json: Value = serde_json::from_str(&scripts[0]).unwrap();
        assert_eq!(json[field].as_str().unwrap(), want, "{path}");
        assert!(want.contains(EVIL));
        // Tera's autoescape writes `/` as `&#x2F;` in the attribute; browsers decode it.
        let link = html
            .split("<link rel=\"alternate\" type=\"application/ld+json\" href=\"")
            .nth(1)
            .unwrap_or("");
        assert!(
            link.split('"').next().unwrap().ends_with("index.jsonld"),
            "{path}: {link}"
        );
    }
    let home = page("index.html");
    let json: Value = serde_json::from_str(&ld_scripts(&home)[0]).unwrap();
    assert_eq!(json["@type"], "ItemList");
    assert_eq!(json["itemListElement"][0]["name"].as_str().unwrap(), c.name);
}

#[test]
fn feed_and_sitemap_escape_xml() {
    let site = fixture("script-escape");
    let feed = crawl::feed(&site.catalog);
    assert!(!feed.contains("<script>"));
    assert!(feed.contains("<title>Evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!-- &quot;Badge&quot;</title>"), "{feed}");
    assert!(
        feed.contains("R&amp;D &lt;b&gt;&apos;quotes&apos;&lt;/b&gt;"),
        "{feed}"
    );
    assert!(feed.contains("<updated>2025-01-15T00:00:00Z</updated>"));
    // Every element opened is closed, in order: a crude well-formedness check without a parser.
    let mut stack = Vec::new();
    for tag in feed
        .split('<')
        .skip(1)
        .map(|t| t.split(['>', ' ']).next().unwrap())
    {
        if tag.starts_with('?') {
            continue;
        } else if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.to_string()), "{feed}");
        } else if !feed.contains(&format!("<{tag} ")) || !is_self_closing(&feed, tag) {
            stack.push(tag.to_string());
        }
    }
    assert!(stack.is_empty(), "{stack:?}");
}

#[test]
fn feed_lists_only_the_newest_credentials_newest_first() {
    let (_dir, site) = generated();
    let cat = &site.catalog;
    let mut dated: Vec<_> = cat
        .credentials
        .iter()
        .filter_map(|c| crawl::credential_date(c).map(|d| (d, c)))
        .collect();
    assert!(
        dated.len() > crawl::FEED_ENTRIES,
        "the generated catalog must have more dated credentials than the feed lists"
    );
    dated.sort_by(|(da, a), (db, b)| db.cmp(da).then_with(|| a.slug.cmp(&b.slug)));
    let want: Vec<String> = dated[..crawl::FEED_ENTRIES]
        .iter()
        .map(|(_, c)| {
            format!(
                "<id>{}</id>",
                cat.config.url(&credcat::emit::urls::credential(c))
            )
        })
        .collect();
    let feed = crawl::feed(cat);
    let got: Vec<String> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| e.lines().nth(1).unwrap_or_default().trim().to_string())
        .collect();
    assert_eq!(got, want);
    // The feed's own date is its newest entry's.
    assert!(feed.contains(&format!("  <updated>{}T00:00:00Z</updated>", dated[0].0)));
    assert_eq!(feed, crawl::feed(cat), "byte-stable");
}

/// `link` and `category` are the only empty elements the feed writes.
fn is_self_closing(_feed: &str, tag: &str) -> bool {
    tag == "link" || tag == "category"
}

/// Writes every CTDL document of the demo under `$CREDCAT_DUMP_JSONLD` (for running
/// tests/jsonld/expand.mjs without a full build, e.g. before the theme exists).
#[test]
fn dump_jsonld_when_asked() {
    let Some(dir) = std::env::var_os("CREDCAT_DUMP_JSONLD") else {
        return;
    };
    let site = demo();
    let files = ctdl::emit(&site.ctx()).unwrap();
    for f in files {
        let path = PathBuf::from(&dir).join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.body.to_vec()).unwrap();
    }
}
