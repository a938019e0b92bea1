//! CTDL JSON-LD for Credential Engine: an `index.jsonld` beside the page of every credential,
//! competency framework, organization and pathway ([`emit`]), and `catalog.jsonld`, the
//! index of them all ([`emit_bulk`], a deferred output): one short node per CTID-bearing
//! resource, not the resources again (see [`INDEX_KEYS`]).
//!
//! Each document is in the registry's graph form: `{"@context", "@id", "@graph": [main node,
//! then the nodes it owns]}`. Text is a language map (`{"en-US": "…"}`), controlled values are
//! `ceterms:CredentialAlignmentObject`s pointing at CTDL concepts, and anything with its own
//! CTID (an organization, another credential, a competency) is referenced by URI, never
//! embedded — except that a framework is published with its competencies, and a credential
//! with the assessment and outcome data set it owns (each with a CTID derived from the
//! credential's, so it is stable across builds).
//!
//! Resource URIs are `<[ctdl] id_base><ctid>` (the registry's `/resources/` form by default);
//! the graph's own `@id` is the address the document is published at on this site.
//!
//! What is emitted must stay inside the bundled vocabulary: `standards::ctdl_vocab` checks it,
//! in tests and in `credcat check` ([`vocabulary_diagnostics`]).

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::memo::Fragment;
use super::pages::{self, Page};
use super::{urls, Body, Ctx, EmitError, Entity, OutFile, Scope};
use crate::derive::Derived;
use crate::diagnostic::{Diagnostic, Problem};
use crate::model::*;
use crate::standards::ctdl_vocab::{self, CTDLASN_CONTEXT, CTDL_CONTEXT};

/// One CTDL document and the site path it is published at.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub value: Value,
    /// The content file the resource comes from (for diagnostics).
    pub source: std::path::PathBuf,
}

/// The URI of a resource with a CTID: `<id_base><ctid>`, or `<id_base><ctid>.json` when
/// `id_base` is under the site ([`resource_path`] is then the file that answers it).
pub fn resource_uri(cat: &Catalog, ctid: &Ctid) -> String {
    // Pushed onto the id base, not formatted: one allocation for each of the many URIs a
    // build writes.
    let mut uri = cat.config.ctdl_id_base();
    let site_local = cat.config.site_path(&uri).is_some();
    uri.push_str(&ctid.0);
    if site_local {
        uri.push_str(".json");
    }
    uri
}

/// The site path of the file that answers a resource URI, when URIs are site-local: in the
/// site folder `dir` ([`SiteConfig::ctdl_site_dir`](crate::config::SiteConfig::ctdl_site_dir)).
///
/// A `.json` file, because a plain static host maps a path to the file of that name and
/// serves `.json` as `application/json` everywhere (`.jsonld` and extension-less names get
/// `application/octet-stream` from many hosts, and a folder's `index.json` is not an index
/// file to them).
fn resource_path(dir: &str, ctid: &str) -> String {
    format!("{dir}{ctid}.json")
}

/// A CTID for something a resource owns (its assessment, its outcome data), derived from
/// the owner's CTID so it never changes between builds.
pub fn owned_ctid(owner: &Ctid, what: &str) -> Ctid {
    let ns = owner
        .0
        .strip_prefix("ce-")
        .and_then(|u| uuid::Uuid::try_parse(u).ok())
        .unwrap_or(uuid::Uuid::NAMESPACE_URL);
    // `#` cannot occur in a competency code, so these never collide with derived competency CTIDs.
    Ctid(format!(
        "ce-{}",
        uuid::Uuid::new_v5(&ns, format!("#{what}").as_bytes())
    ))
}

/// A language map of one string: `{"en-US": "…"}`.
fn text(lang: &str, s: &str) -> Value {
    let mut map = Map::with_capacity(1);
    map.insert(lang.to_owned(), Value::from(s));
    Value::Object(map)
}

fn uris<'a>(cat: &Catalog, ctids: impl IntoIterator<Item = &'a Ctid>) -> Vec<Value> {
    ctids
        .into_iter()
        .map(|c| json!(resource_uri(cat, c)))
        .collect()
}

fn org_uris(cat: &Catalog, ids: &[OrgId]) -> Vec<Value> {
    uris(cat, ids.iter().map(|id| &cat.organization(*id).ctid))
}

fn cred_uris(cat: &Catalog, ids: &[CredentialId]) -> Vec<Value> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    uris(cat, ids.iter().map(|id| &cat.credential(*id).ctid))
}

/// A `ceterms:CredentialAlignmentObject` pointing at a CTDL concept of `scheme`
/// (`CredentialStatus`, `AudienceLevel`, …).
fn concept(lang: &str, scheme: &str, term: &str, label: &str) -> Value {
    json!({
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": format!("https://credreg.net/ctdl/terms/{scheme}"),
        "ceterms:frameworkName": text(lang, scheme),
        "ceterms:targetNode": term,
        "ceterms:targetNodeName": text(lang, label),
    })
}

/// Inserts `key` only when the value carries something (no empty arrays or nulls).
fn put(node: &mut Map<String, Value>, key: &str, value: Value) {
    let empty = match &value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    };
    if !empty {
        node.insert(key.into(), value);
    }
}

fn graph(cat: &Catalog, context: &str, page_path: &str, nodes: Vec<Value>) -> Value {
    graph_at(cat, context, &urls::document(page_path), nodes)
}

/// A graph document published at the site path `doc_path`.
pub(super) fn graph_at(cat: &Catalog, context: &str, doc_path: &str, nodes: Vec<Value>) -> Value {
    // Not `json!`: it serializes what it embeds, a deep copy of every node.
    let mut doc = Map::new();
    doc.insert("@context".into(), Value::from(context));
    doc.insert("@id".into(), Value::from(cat.config.url(doc_path)));
    doc.insert("@graph".into(), Value::Array(nodes));
    Value::Object(doc)
}

/// The file answering each CTID-bearing node's URI when URIs are site-local: the node on its
/// own, with the document's context, `@id` equal to the URI it answers — the form of the
/// registry's `/resources/<ctid>` and what the registry's publish tool expects when it
/// follows a reference. Empty when URIs are not site-local.
pub fn resource_files(cat: &Catalog, doc: &Value) -> Vec<OutFile> {
    // The folder once for the document, not once for each of its nodes.
    let Some(dir) = cat.config.ctdl_site_dir() else {
        return Vec::new();
    };
    let context = doc.get("@context").cloned().unwrap_or(Value::Null);
    let nodes = doc.get("@graph").and_then(Value::as_array);
    nodes
        .into_iter()
        .flatten()
        .filter_map(|node| {
            let ctid = node.get("ceterms:ctid")?.as_str()?;
            let path = resource_path(&dir, ctid);
            let mut m = Map::new();
            m.insert("@context".into(), context.clone());
            m.extend(node.as_object()?.clone());
            Some(OutFile::new(path, to_bytes(&Value::Object(m))))
        })
        .collect()
}

/// Every CTDL document of the catalog, in a stable order.
/// Built in parallel, in a stable order: credentials, frameworks, organizations, pathways,
/// each resource's own document first, then the documents of the primary resources it owns
/// (a credential's assessment and outcome data, the publisher's verification service).
pub fn documents(cat: &Catalog, derived: &Derived) -> Vec<Document> {
    documents_pages(cat)
        .par_iter()
        .map(|p| page_documents(cat, derived, *p))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The documents that sit beside a resource's page: its own first, then those of the
/// primary (CTID-bearing) resources it owns. The registry takes one primary resource per
/// graph; others are referenced by URI, so each owned one has a document of its own.
fn page_documents(cat: &Catalog, derived: &Derived, page: Page) -> Vec<Document> {
    let mut docs = vec![document(cat, derived, page)];
    match page {
        Page::Credential(id) => {
            let c = cat.credential(id);
            let dir = urls::credential(c);
            let mut owned = |name: &str, node: Value| {
                docs.push(Document {
                    path: format!("{dir}{name}.jsonld"),
                    value: graph_at(
                        cat,
                        CTDL_CONTEXT,
                        &format!("{dir}{name}.jsonld"),
                        vec![node],
                    ),
                    source: c.file.clone(),
                })
            };
            if let Some(a) = &c.assessment {
                let mut node = assessment_node(cat, c, a);
                assessment_validation(c, a, &mut node);
                owned("assessment", node);
            }
            if let Some(o) = &c.outcomes {
                owned("outcomes", outcomes_node(cat, c, o));
            }
            if let Some(series) = cohorts_node(cat, c) {
                owned("outcomes", series);
            }
        }
        Page::Organization(id) if cat.publisher == Some(id) => {
            if let Some(node) = verification_service_node(cat) {
                let o = cat.organization(id);
                let path = format!("{}verification.jsonld", urls::organization(o));
                docs.push(Document {
                    value: graph_at(cat, CTDL_CONTEXT, &path, vec![node]),
                    path,
                    source: o.file.clone(),
                });
            }
        }
        _ => {}
    }
    docs
}

/// The document that sits beside a resource's page.
fn document(cat: &Catalog, derived: &Derived, page: Page) -> Document {
    let (path, value, source) = match page {
        Page::Credential(id) => {
            let c = cat.credential(id);
            (urls::credential(c), credential_document(cat, c), &c.file)
        }
        Page::Framework(id) => {
            let f = cat.framework(id);
            (urls::framework(f), framework_document(cat, f), &f.file)
        }
        Page::Organization(id) => {
            let o = cat.organization(id);
            (
                urls::organization(o),
                organization_document(cat, o),
                &o.file,
            )
        }
        Page::Pathway(id) => {
            let p = cat.pathway(id);
            (
                urls::pathway(p),
                super::ctdl_pathway::pathway_graph(cat, derived, p),
                &p.file,
            )
        }
        // documents_pages lists only resource pages; anything else has no document.
        other => {
            return Document {
                path: urls::document(&pages::page_path(cat, derived, other)),
                value: Value::Null,
                source: Default::default(),
            }
        }
    };
    Document {
        path: urls::document(&path),
        value,
        source: source.clone(),
    }
}

/// The index entries of a page's documents for the bulk graph, comma-separated.
fn page_nodes(docs: &[Document]) -> String {
    let parts: Vec<String> = docs
        .iter()
        .map(|d| index_nodes(&d.value))
        .filter(|n| !n.is_empty())
        .collect();
    parts.join(",")
}

fn entity_of(page: Page) -> Entity {
    match page {
        Page::Framework(id) => Entity::Framework(id),
        Page::Organization(id) => Entity::Organization(id),
        Page::Pathway(id) => Entity::Pathway(id),
        Page::Credential(id) => Entity::Credential(id),
        // Not a resource page: keyed apart from every credential.
        _ => Entity::Credential(CredentialId(u32::MAX)),
    }
}

/// `catalog.jsonld`: the index of every document's CTID-bearing nodes, for bulk crawling, in
/// one graph (however large: `catalog_files` splits it).
///
/// Written compact and streamed: each document's entries are serialized in parallel, never
/// gathered into one value tree.
pub fn catalog_bytes(cat: &Catalog, docs: &[Document]) -> Vec<u8> {
    catalog_files_within(cat, docs, usize::MAX)[0].body.to_vec()
}

/// The most bytes `catalog.jsonld` holds in one file. Past it, the entries go into parts
/// (`ctdl/catalog/1.jsonld`, …) of at most this size each, and `catalog.jsonld` lists them.
/// Under Cloudflare Pages' 25 MiB a file and GitHub's 50 MB warning (100 MB refused); a
/// skewed catalog's index passes it at about 20,000 credentials (100 MB at 100,000).
pub const CATALOG_PART_BYTES: usize = 20 * 1024 * 1024;

/// The files of the bulk index of `docs`, split past `bound` bytes (public for tests: a
/// catalog past [`CATALOG_PART_BYTES`] is slow to build in one).
pub fn catalog_files_within(cat: &Catalog, docs: &[Document], bound: usize) -> Vec<OutFile> {
    let parts = docs.par_iter().map(|d| index_nodes(&d.value).into());
    catalog_files(cat, parts.collect(), bound)
}

/// The bulk index of `entries` (each a resource's entries, comma-separated): one file while
/// it fits in `bound` bytes; past that, parts of whole resources, each within `bound` (one
/// resource larger than that alone fills a part), linked both ways with schema.org's
/// `hasPart` and `isPartOf`, and `catalog.jsonld` holding only the links to them.
///
/// Parts are filled in order, so an edit moves a part's end only when it changes the size
/// of that part past what the next resource needs: most edits rewrite one part.
fn catalog_files(cat: &Catalog, entries: Vec<Arc<str>>, bound: usize) -> Vec<OutFile> {
    let entries: Vec<Arc<str>> = entries.into_iter().filter(|e| !e.is_empty()).collect();
    // Each entry, and the comma after it; the head and tail are well under 1 KB.
    const FRAME: usize = 1024;
    let size: usize = entries.iter().map(|e| e.len() + 1).sum();
    let index_url = cat.config.url(urls::CATALOG_GRAPH);
    if size.saturating_add(FRAME) <= bound {
        return vec![graph_file(urls::CATALOG_GRAPH, &index_url, None, entries)];
    }
    let mut groups: Vec<Vec<Arc<str>>> = Vec::new();
    let mut filled = bound;
    for entry in entries {
        // A new part when this one is full (or none is open yet); a part always takes one.
        if filled + entry.len() + 1 > bound {
            groups.push(Vec::new());
            filled = FRAME;
        }
        filled += entry.len() + 1;
        groups.last_mut().expect("a part is open").push(entry);
    }
    let mut files = Vec::with_capacity(groups.len() + 1);
    let mut links = Vec::with_capacity(groups.len());
    for (i, group) in groups.into_iter().enumerate() {
        let path = urls::catalog_part(i + 1);
        let url = cat.config.url(&path);
        links.push(json!({ "@id": url }));
        files.push(graph_file(
            &path,
            &url,
            Some(("https://schema.org/isPartOf", json!({ "@id": index_url }))),
            group,
        ));
    }
    let index = graph_file(
        urls::CATALOG_GRAPH,
        &index_url,
        Some(("https://schema.org/hasPart", Value::Array(links))),
        Vec::new(),
    );
    files.push(index);
    files
}

/// A JSON-LD file of one graph named `url`, holding `entries` (kept as they are: `write`
/// streams them into the file, never copying them into one buffer first), with one more
/// member of the graph's own node when `link` is given.
fn graph_file(
    path: &str,
    url: &str,
    link: Option<(&str, Value)>,
    entries: Vec<Arc<str>>,
) -> OutFile {
    let link = link.map_or(String::new(), |(key, value)| {
        format!("{}:{value},", json!(key))
    });
    let head = format!(
        "{{\"@context\":{},\"@id\":{},{link}\"@graph\":[",
        json!(CTDL_CONTEXT),
        json!(url)
    );
    OutFile::joined(path, Body::joined(head, entries, ",", "]}\n"))
}

/// The members of a node that its entry in `catalog.jsonld` keeps: what it is, its CTID, its
/// name and its page. The bulk file used to hold every node whole — the per-resource
/// documents again, 139 MB of a 747 MB site at 10,000 credentials — so a consumer fetched the
/// catalog twice. Now it is an index: a consumer lists the CTIDs here and fetches the
/// documents it needs (each at its page's address + `index.jsonld`, or under `[ctdl] id_base`
/// at its `@id`). Copied from the node, so the index stays inside the vocabulary the
/// documents are checked against.
pub const INDEX_KEYS: [&str; 6] = [
    "@id",
    "@type",
    "ceterms:ctid",
    "ceterms:name",
    "ceasn:name",
    "ceterms:subjectWebpage",
];

/// A document's CTID-bearing `@graph` nodes as index entries ([`INDEX_KEYS`]), compact JSON,
/// comma-separated (empty when it has none).
fn index_nodes(doc: &Value) -> String {
    let nodes = doc.get("@graph").and_then(Value::as_array);
    nodes
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|node| node.contains_key("ceterms:ctid"))
        .map(|node| {
            let entry: Map<String, Value> = INDEX_KEYS
                .iter()
                .filter_map(|k| Some((k.to_string(), node.get(*k)?.clone())))
                .collect();
            Value::Object(entry).to_string()
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Each resource's `index.jsonld`, written when something its page shows changed (a superset
/// of what its CTDL names). The nodes of each document made are kept in the memo for
/// [`emit_bulk`], so the bulk graph never builds a document twice.
pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    let wanted: Vec<Page> = documents_pages(cat)
        .into_iter()
        .filter(|page| documents_wanted(ctx, *page))
        .collect();
    ctx.deliver(
        wanted
            .par_iter()
            .flat_map_iter(|page| {
                let docs = page_documents(cat, ctx.derived, *page);
                ctx.memo
                    .keep(Fragment::CtdlNodes, entity_of(*page), page_nodes(&docs));
                docs.into_iter().flat_map(|d| {
                    let mut files = resource_files(cat, &d.value);
                    files.push(OutFile::new(d.path, to_bytes(&d.value)));
                    files
                })
            })
            .map(Ok),
    )
}

/// `catalog.jsonld`, the index: every resource's entries, in the order of [`documents`].
///
/// A deferred output (`emit::DEFERRED`): it runs after [`emit`], which has just remade the
/// kept nodes of every resource whose page is wanted, so a kept fragment is current and only
/// missing ones (a full build's memo starts empty) are made here.
pub fn emit_bulk(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    let parts = documents_pages(cat)
        .par_iter()
        .map(|page| {
            ctx.memo
                .get(Fragment::CtdlNodes, entity_of(*page), false, || {
                    Ok::<_, EmitError>(page_nodes(&page_documents(cat, ctx.derived, *page)))
                })
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    Ok(catalog_files(cat, parts, CATALOG_PART_BYTES))
}

/// Whether the documents of a page's resource (its CTDL, and a credential's OB 3.0
/// achievement) are made in this emit run: when its page is rendered, unless all that
/// changed is other credentials' names, text, figures or outcomes. The pages of
/// credentials, frameworks and organizations show those (maps, related lists, routes, the
/// credentials certifying a competency), but their documents cite other credentials only by
/// CTID and address, which change only with their `CredentialPlace` or a full change of
/// their record (a CTID edit is not patched: it dirties the whole credential). After a
/// rename this leaves out the documents of the tens of resources whose pages name it. A
/// pathway's document names its credentials, so it follows its page.
pub fn documents_wanted(ctx: &Ctx, page: Page) -> bool {
    if !pages::wanted(ctx, page) {
        return false;
    }
    let own = match page {
        Page::Credential(x) => Some(x),
        Page::Framework(_) | Page::Organization(_) => None,
        _ => return true,
    };
    let Scope::Changed(changes) = ctx.scope else {
        return true;
    };
    changes.entities.iter().any(|e| match *e {
        Entity::Credential(y)
        | Entity::CredentialLink(y)
        | Entity::CredentialFigures(y)
        | Entity::CredentialOutcomes(y) => Some(y) == own,
        _ => true,
    })
}

/// The page each document of [`documents`] sits beside, in the same order.
fn documents_pages(cat: &Catalog) -> Vec<Page> {
    let mut pages: Vec<Page> = cat
        .credentials
        .iter()
        .map(|c| Page::Credential(c.id))
        .collect();
    pages.extend(cat.frameworks.iter().map(|f| Page::Framework(f.id)));
    pages.extend(cat.organizations.iter().map(|o| Page::Organization(o.id)));
    pages.extend(cat.pathways.iter().map(|p| Page::Pathway(p.id)));
    pages
}

fn to_bytes(v: &Value) -> Vec<u8> {
    // Compact: registries, crawlers and wallets read these, not people, and indentation was
    // a third of the bytes.
    let mut bytes = super::compact_json(v);
    bytes.push(b'\n');
    bytes
}

/// What `credcat check` reports: every place where the catalog's content came out outside
/// the CTDL vocabulary, so it would not mean what the author wrote.
///
/// Each resource's documents are made, checked and dropped in turn: gathered first, they
/// took `credcat check` of 100,000 credentials to 7.9 GB at its peak (2.5 GB streamed).
pub fn vocabulary_diagnostics(cat: &Catalog, derived: &Derived) -> Vec<Diagnostic> {
    documents_pages(cat)
        .par_iter()
        .flat_map_iter(|p| page_documents(cat, derived, *p))
        .flat_map_iter(|d| {
            let path = d.path;
            let source = d.source;
            ctdl_vocab::check_document(&d.value).into_iter().map(move |v| {
                Diagnostic::new(
                    source.clone(),
                    None,
                    Problem::Invalid {
                        message: format!("cannot be expressed in CTDL ({path}): {v}"),
                        help: "use a value the CTDL vocabulary has (docs/FORMAT.md lists them), or report a credcat bug".into(),
                    },
                )
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Credentials

/// A credential's own document: the credential alone, its secondary entities (condition,
/// cost, duration, alignment profiles …) embedded, every primary one (organizations, other
/// credentials, its assessment and outcome data set) referenced by URI.
pub fn credential_document(cat: &Catalog, c: &Credential) -> Value {
    graph(
        cat,
        CTDL_CONTEXT,
        &urls::credential(c),
        vec![Value::Object(credential_node(cat, c))],
    )
}

/// Whether signed badges of the credential are published (their verification and
/// revocation are then described in CTDL).
pub fn has_awards(cat: &Catalog, c: &Credential) -> bool {
    cat.awards.iter().any(|a| a.credential == c.id)
}

/// The CTID of the catalog's badge verification service: derived from the publisher's.
fn verification_service_ctid(cat: &Catalog) -> Option<Ctid> {
    let publisher = cat.organization(cat.publisher?);
    Some(owned_ctid(&publisher.ctid, "verification-service"))
}

/// The `ceterms:VerificationServiceProfile` of the catalog's signed badges: the verify page,
/// the issuer's DID and the status list. Only when there are awards and a publisher (who
/// offers the service).
pub fn verification_service_node(cat: &Catalog) -> Option<Value> {
    if cat.awards.is_empty() {
        return None;
    }
    let ctid = verification_service_ctid(cat)?;
    let publisher = cat.organization(cat.publisher?);
    let lang = cat.config.language.as_str();
    let verify = cat.config.url(urls::VERIFY);
    let did = crate::sign::did_web_for_base_url(&cat.config.base_url).ok()?;
    let status = status_lists(cat);
    // did:web resolves a bare host to /.well-known/did.json, a host with a path to <path>/did.json.
    let did_doc = if cat.config.base_path() == "/" {
        cat.config.url(".well-known/did.json")
    } else {
        cat.config.url("did.json")
    };
    let mut creds: Vec<CredentialId> = cat.awards.iter().map(|a| a.credential).collect();
    creds.sort();
    creds.dedup();
    Some(json!({
        "@id": resource_uri(cat, &ctid),
        "@type": "ceterms:VerificationServiceProfile",
        "ceterms:ctid": ctid.0,
        "ceterms:description": text(lang, &format!(
            "Anyone can check a badge issued by {}: open its page under {} or paste it into {verify}. \
             The check runs in the browser, free and without an account.",
            publisher.name, cat.config.url("badges/")
        )),
        "ceterms:subjectWebpage": verify,
        "ceterms:verificationService": [verify],
        "ceterms:verificationMethodDescription": text(lang, &format!(
            "Each badge is an Open Badges 3.0 credential signed by {did} (public key in {did_doc}) \
             with two Data Integrity proofs, eddsa-rdfc-2022 and eddsa-jcs-2022. The check \
             verifies both proofs, the validity dates and the badge's bit in {status}; the holder's email address is never shown, only compared \
             with its salted hash."
        )),
        "ceterms:verifiedClaimType": [concept(lang, "ClaimType", "claimType:BadgeClaim", "Badge Claim")],
        "ceterms:holderMustAuthorize": false,
        "ceterms:offeredBy": [resource_uri(cat, &publisher.ctid)],
        "ceterms:targetCredential": cred_uris(cat, &creds),
    }))
}

/// Where the revocation bits are, in words: awards fill status lists in order, `[badges]
/// awards_per_status_list` to a list (`badges::status_slots`), so their number follows from
/// the number of awards.
fn status_lists(cat: &Catalog) -> String {
    let per_list = cat.config.badges.awards_per_status_list.max(1);
    let lists = cat.awards.len().div_ceil(per_list).max(1);
    let first = cat.config.url(&urls::status_list(1));
    if lists == 1 {
        format!("the revocation status list {first}")
    } else {
        let last = cat.config.url(&urls::status_list(lists));
        format!("the revocation status list the badge names ({first} to {last})")
    }
}

/// How a credential's signed badges are revoked, as a `ceterms:RevocationProfile`.
fn revocation_profile(cat: &Catalog, c: &Credential) -> Value {
    let lang = c.language.as_str();
    json!([{
        "@type": "ceterms:RevocationProfile",
        "ceterms:description": text(lang, &format!(
            "A revoked {} badge has its bit set in {} (W3C Bitstring Status List); its page \
             and any verifier then report it revoked, with the reason.",
            c.name,
            status_lists(cat)
        )),
        "ceterms:revocationCriteriaDescription": text(lang, "The issuer revokes a badge awarded in error or obtained by misconduct."),
    }])
}

/// The main node of a credential's graph.
pub fn credential_node(cat: &Catalog, c: &Credential) -> Map<String, Value> {
    let lang = c.language.as_str();
    // 24 to 30 members in a generated catalog of 10,000: made that large at once.
    let mut n = Map::with_capacity(32);
    n.insert("@id".into(), Value::from(resource_uri(cat, &c.ctid)));
    n.insert("@type".into(), json!(c.kind.ctdl()));
    n.insert("ceterms:ctid".into(), json!(c.ctid.0));
    n.insert("ceterms:name".into(), text(lang, &c.name));
    put(
        &mut n,
        "ceterms:description",
        if c.summary.is_empty() {
            Value::Null
        } else {
            text(lang, &c.summary)
        },
    );
    n.insert(
        "ceterms:subjectWebpage".into(),
        Value::from(cat.config.url(&urls::credential(c))),
    );
    n.insert("ceterms:inLanguage".into(), json!([lang]));
    n.insert(
        "ceterms:credentialStatusType".into(),
        concept(lang, "CredentialStatus", c.status.ctdl(), c.status.label()),
    );
    put(
        &mut n,
        "ceterms:ownedBy",
        Value::from(org_uris(cat, &c.owned_by)),
    );
    put(
        &mut n,
        "ceterms:offeredBy",
        Value::from(org_uris(cat, &c.offered_by)),
    );
    put(
        &mut n,
        "ceterms:accreditedBy",
        Value::from(org_uris(cat, &c.accredited_by)),
    );
    put(
        &mut n,
        "ceterms:image",
        Value::from(c.image.as_deref().map(|i| absolute(cat, i))),
    );
    if !c.keywords.is_empty() {
        n.insert("ceterms:keyword".into(), json!({ lang: c.keywords }));
    }
    put(
        &mut n,
        "ceterms:dateEffective",
        Value::from(c.date_effective.map(|d| d.to_string())),
    );
    put(
        &mut n,
        "ceterms:audienceLevelType",
        Value::from(
            c.audience_levels
                .iter()
                .map(|l| concept(lang, "AudienceLevel", l.ctdl(), l.label()))
                .collect::<Vec<_>>(),
        ),
    );
    put(
        &mut n,
        "ceterms:learningDeliveryType",
        Value::from(
            c.delivery
                .iter()
                .map(|d| concept(lang, "Delivery", d.ctdl(), d.label()))
                .collect::<Vec<_>>(),
        ),
    );
    put(
        &mut n,
        "ceterms:occupationType",
        Value::from(
            c.occupations
                .iter()
                .map(|o| occupation(lang, o))
                .collect::<Vec<_>>(),
        ),
    );
    put(
        &mut n,
        "ceterms:industryType",
        Value::from(
            c.industries
                .iter()
                .map(|i| industry(lang, i))
                .collect::<Vec<_>>(),
        ),
    );
    put(
        &mut n,
        "ceterms:instructionalProgramType",
        Value::from(c.cip.iter().map(|k| cip(lang, k)).collect::<Vec<_>>()),
    );
    put(
        &mut n,
        "ceterms:estimatedDuration",
        Value::from(durations(c)),
    );
    put(
        &mut n,
        "ceterms:estimatedCost",
        Value::from(c.costs.iter().map(|k| cost(cat, c, k)).collect::<Vec<_>>()),
    );
    put(&mut n, "ceterms:requires", Value::from(requires(cat, c)));
    if !c.recommended.is_empty() {
        n.insert(
            "ceterms:recommends".into(),
            json!([{
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": text(lang, "Recommended before this credential."),
                "ceterms:targetCredential": cred_uris(cat, &c.recommended),
            }]),
        );
    }
    put(
        &mut n,
        "ceterms:isPartOf",
        Value::from(cred_uris(cat, &c.stacks_into)),
    );
    put(
        &mut n,
        "ceterms:hasPart",
        Value::from(cred_uris(cat, &c.stacked_from)),
    );
    if !c.stacks_into.is_empty() {
        n.insert(
            "ceterms:isPreparationFor".into(),
            json!([{
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": text(lang, "Counts toward these credentials."),
                "ceterms:targetCredential": cred_uris(cat, &c.stacks_into),
            }]),
        );
    }
    if !c.required_by.is_empty() {
        n.insert(
            "ceterms:isRequiredFor".into(),
            json!([{
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": text(lang, "Required before these credentials."),
                "ceterms:targetCredential": cred_uris(cat, &c.required_by),
            }]),
        );
    }
    if !c.recommended_for.is_empty() {
        n.insert(
            "ceterms:isRecommendedFor".into(),
            json!([{
                "@type": "ceterms:ConditionProfile",
                "ceterms:description": text(lang, "Recommended before these credentials."),
                "ceterms:targetCredential": cred_uris(cat, &c.recommended_for),
            }]),
        );
    }
    if let Some(v) = &c.version {
        n.insert(
            "ceterms:versionIdentifier".into(),
            json!([{
                "@type": "ceterms:IdentifierValue",
                "ceterms:identifierTypeName": text(lang, "Version"),
                "ceterms:identifierValueCode": v.identifier,
            }]),
        );
    }
    match &c.supersedes {
        Some(SupersededRef::InCatalog(id)) => {
            let uri = resource_uri(cat, &cat.credential(*id).ctid);
            n.insert("ceterms:supersedes".into(), json!(uri));
            n.insert("ceterms:previousVersion".into(), json!(uri));
        }
        Some(SupersededRef::External(ctid)) => {
            let uri = resource_uri(cat, ctid);
            n.insert("ceterms:supersedes".into(), json!(uri));
            n.insert("ceterms:previousVersion".into(), json!(uri));
        }
        None => {}
    }
    if let Some(id) = c.superseded_by {
        let uri = resource_uri(cat, &cat.credential(id).ctid);
        n.insert("ceterms:supersededBy".into(), json!(uri));
        n.insert("ceterms:latestVersion".into(), json!(uri));
    }
    if c.outcomes.is_some() {
        n.insert(
            "ceterms:aggregateData".into(),
            json!([aggregate_data(cat, c)]),
        );
    }
    governance_and_series(cat, c, &mut n);
    if has_awards(cat, c) {
        if let Some(ctid) = verification_service_ctid(cat) {
            n.insert(
                "ceterms:usesVerificationService".into(),
                json!([resource_uri(cat, &ctid)]),
            );
        }
        n.insert("ceterms:revocation".into(), revocation_profile(cat, c));
    }
    n
}

fn absolute(cat: &Catalog, src: &str) -> String {
    if src.starts_with('/') && !src.starts_with("//") {
        cat.config.url(src)
    } else {
        src.to_string()
    }
}

fn occupation(lang: &str, o: &Coded) -> Value {
    json!({
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": "https://www.onetcenter.org/taxonomy.html",
        "ceterms:frameworkName": text(lang, "O*NET-SOC Taxonomy"),
        "ceterms:codedNotation": o.code,
        "ceterms:targetNode": format!("https://www.onetonline.org/link/summary/{}", o.code),
        "ceterms:targetNodeName": text(lang, &o.title),
    })
}

/// A CIP 2020 code (`11.0701`) as a `ceterms:CredentialAlignmentObject`.
fn cip(lang: &str, code: &str) -> Value {
    json!({
        "@type": "ceterms:CredentialAlignmentObject",
        // The framework as the registry's own records name it (y=56 is CIP 2020).
        "ceterms:framework": "https://nces.ed.gov/ipeds/cipcode/Default.aspx?y=56",
        "ceterms:frameworkName": text(lang, "Classification of Instructional Programs"),
        "ceterms:codedNotation": code,
        "ceterms:targetNode": format!("https://nces.ed.gov/ipeds/cipcode/cipdetail.aspx?y=56&cipid={code}"),
    })
}

fn industry(lang: &str, i: &Coded) -> Value {
    json!({
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": "https://www.census.gov/naics/",
        "ceterms:frameworkName": text(lang, "North American Industry Classification System (NAICS)"),
        "ceterms:codedNotation": i.code,
        "ceterms:targetNode": format!("https://www.census.gov/naics/?input={}&year=2022&details={}", i.code, i.code),
        "ceterms:targetNodeName": text(lang, &i.title),
    })
}

fn durations(c: &Credential) -> Vec<Value> {
    let lang = c.language.as_str();
    let mut v = Vec::new();
    if let Some(d) = &c.duration {
        v.push(json!({
            "@type": "ceterms:DurationProfile",
            "ceterms:description": text(lang, &format!("Typical time to complete: {}.", d.describe())),
            "ceterms:exactDuration": d.iso,
        }));
    }
    if let Some(h) = c.estimated_hours {
        v.push(json!({
            "@type": "ceterms:DurationProfile",
            "ceterms:description": text(lang, &format!("Estimated hours of learning: {}.", fmt_num(h))),
            "ceterms:exactDuration": hours_iso(h),
        }));
    }
    v
}

/// `PT45H`, `PT1H30M`: ISO 8601 for a number of hours.
pub fn hours_iso(h: f64) -> String {
    let whole = h.trunc();
    let minutes = ((h - whole) * 60.0).round();
    if minutes == 0.0 {
        format!("PT{}H", fmt_num(whole))
    } else {
        format!("PT{}H{}M", fmt_num(whole), fmt_num(minutes))
    }
}

fn cost(cat: &Catalog, c: &Credential, k: &Cost) -> Value {
    let lang = c.language.as_str();
    let description = if k.description.is_empty() {
        k.kind.label()
    } else {
        k.description.as_str()
    };
    json!({
        "@type": "ceterms:CostProfile",
        "ceterms:description": text(lang, description),
        "ceterms:costDetails": cat.config.url(&urls::credential(c)),
        "ceterms:currency": k.currency,
        "ceterms:price": k.amount,
        "ceterms:directCostType": concept(lang, "CostType", k.kind.ctdl(), k.kind.label()),
    })
}

fn requires(cat: &Catalog, c: &Credential) -> Vec<Value> {
    let lang = c.language.as_str();
    let mut out = Vec::new();
    let mut comps = c.competencies.clone();
    comps.sort();
    comps.dedup();
    if !comps.is_empty() || c.credit.is_some() || c.assessment.is_some() {
        let mut p = Map::new();
        p.insert("@type".into(), json!("ceterms:ConditionProfile"));
        p.insert(
            "ceterms:description".into(),
            text(lang, &format!("To earn {}.", c.name)),
        );
        let alignments: Vec<Value> = c
            .competencies
            .iter()
            .filter(|k| comps.binary_search(k).is_ok())
            .scan(Vec::new(), |seen: &mut Vec<CompetencyId>, k| {
                let first = !seen.contains(k);
                seen.push(*k);
                Some(first.then_some(*k))
            })
            .flatten()
            .map(|k| competency_alignment(cat, lang, k))
            .collect();
        put(&mut p, "ceterms:targetCompetency", json!(alignments));
        if c.assessment.is_some() {
            p.insert(
                "ceterms:targetAssessment".into(),
                json!([resource_uri(cat, &owned_ctid(&c.ctid, "assessment"))]),
            );
        }
        if let Some(k) = &c.credit {
            p.insert(
                "ceterms:creditValue".into(),
                json!([{
                    "@type": "ceterms:ValueProfile",
                    "schema:value": k.value,
                    "ceterms:creditUnitType": [concept(lang, "CreditUnit", k.unit.ctdl(), k.unit.label())],
                }]),
            );
        }
        out.push(Value::Object(p));
    }
    if !c.prerequisites.is_empty() {
        out.push(json!({
            "@type": "ceterms:ConditionProfile",
            "ceterms:description": text(lang, "Credentials to hold before this one."),
            "ceterms:targetCredential": cred_uris(cat, &c.prerequisites),
        }));
    }
    out
}

fn competency_alignment(cat: &Catalog, lang: &str, id: CompetencyId) -> Value {
    let k = cat.competency(id);
    let f = cat.framework(k.framework);
    json!({
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": resource_uri(cat, &f.ctid),
        "ceterms:frameworkName": text(lang, &f.name),
        "ceterms:codedNotation": k.code,
        "ceterms:targetNode": resource_uri(cat, &k.ctid),
        "ceterms:targetNodeName": text(lang, &k.label),
        "ceterms:targetNodeDescription": text(lang, &k.statement),
    })
}

fn assessment_node(cat: &Catalog, c: &Credential, a: &Assessment) -> Value {
    let lang = c.language.as_str();
    let ctid = owned_ctid(&c.ctid, "assessment");
    let mut n = Map::new();
    n.insert("@id".into(), json!(resource_uri(cat, &ctid)));
    n.insert("@type".into(), json!("ceterms:AssessmentProfile"));
    n.insert("ceterms:ctid".into(), json!(ctid.0));
    n.insert(
        "ceterms:name".into(),
        text(lang, &format!("{} assessment", c.name)),
    );
    let description = if a.description.is_empty() {
        format!("How {} is assessed.", c.name)
    } else {
        a.description.clone()
    };
    n.insert("ceterms:description".into(), text(lang, &description));
    n.insert(
        "ceterms:subjectWebpage".into(),
        json!(cat.config.url(&urls::credential(c))),
    );
    n.insert("ceterms:inLanguage".into(), json!([lang]));
    put(&mut n, "ceterms:ownedBy", json!(org_uris(cat, &c.owned_by)));
    put(
        &mut n,
        "ceterms:assessmentMethodType",
        json!(a
            .methods
            .iter()
            .map(|m| concept(lang, "AssessmentMethod", m.ctdl(), m.label()))
            .collect::<Vec<_>>()),
    );
    let mut scoring = Vec::new();
    if !a.rubric.is_empty() {
        scoring.push(a.rubric.clone());
    }
    if !a.mastery_threshold.is_empty() {
        scoring.push(format!("Mastery threshold: {}", a.mastery_threshold));
    }
    if !a.retake_policy.is_empty() {
        scoring.push(format!("Retakes: {}", a.retake_policy));
    }
    if a.identity_verified {
        scoring.push("The candidate's identity is verified.".into());
    }
    put(
        &mut n,
        "ceterms:scoringMethodDescription",
        if scoring.is_empty() {
            Value::Null
        } else {
            text(lang, &scoring.join("\n\n"))
        },
    );
    n.insert("ceterms:isProctored".into(), json!(a.proctored));
    let mut comps = c.competencies.clone();
    comps.dedup();
    put(
        &mut n,
        "ceterms:assesses",
        json!(comps
            .iter()
            .map(|k| competency_alignment(cat, lang, *k))
            .collect::<Vec<_>>()),
    );
    Value::Object(n)
}

fn aggregate_data(cat: &Catalog, c: &Credential) -> Value {
    let lang = c.language.as_str();
    let mut n = Map::new();
    n.insert("@type".into(), json!("ceterms:AggregateDataProfile"));
    n.insert(
        "ceterms:description".into(),
        text(
            lang,
            &format!("Outcomes of {} as published by its owner.", c.name),
        ),
    );
    if let Some(o) = &c.outcomes {
        n.insert("ceterms:dateEffective".into(), json!(o.as_of.to_string()));
        if let Some(h) = o.holders {
            n.insert("ceterms:numberAwarded".into(), json!(h));
        }
    }
    n.insert(
        "qdata:relevantDataSet".into(),
        json!([resource_uri(cat, &owned_ctid(&c.ctid, "outcomes"))]),
    );
    Value::Object(n)
}

fn percentage(lang: &str, x: f64, what: &str) -> Value {
    json!([{
        "@type": "schema:QuantitativeValue",
        "qdata:percentage": (x * 1000.0).round() / 10.0,
        "schema:description": text(lang, what),
    }])
}

fn outcomes_node(cat: &Catalog, c: &Credential, o: &Outcomes) -> Value {
    let lang = c.language.as_str();
    let ctid = owned_ctid(&c.ctid, "outcomes");
    let mut data = Map::new();
    data.insert("@type".into(), json!("qdata:DataProfile"));
    // Completion figures have no qdata term; they stay readable in the description.
    let mut notes = Vec::new();
    if let Some(r) = o.completion_rate {
        notes.push(format!(
            "Completion rate: {}%.",
            fmt_num((r * 1000.0).round() / 10.0)
        ));
    }
    if let Some(w) = o.median_weeks_to_complete {
        notes.push(format!("Median time to complete: {} weeks.", fmt_num(w)));
    }
    put(
        &mut data,
        "ceterms:description",
        if notes.is_empty() {
            Value::Null
        } else {
            text(lang, &notes.join(" "))
        },
    );
    if let Some(h) = o.holders {
        data.insert(
            "qdata:holdersInSet".into(),
            json!([{ "@type": "schema:QuantitativeValue", "schema:value": h, "schema:description": text(lang, "Holders of the credential") }]),
        );
    }
    if let Some(r) = o.pass_rate {
        data.insert(
            "qdata:passRate".into(),
            percentage(lang, r, "Assessment pass rate"),
        );
    }
    if let Some(r) = o.employment_rate {
        data.insert(
            "qdata:employmentRate".into(),
            percentage(lang, r, "Employment rate of holders"),
        );
    }
    let mut node = json!({
        "@id": resource_uri(cat, &ctid),
        "@type": "qdata:DataSetProfile",
        "ceterms:ctid": ctid.0,
        "ceterms:name": text(lang, &format!("{} outcomes", c.name)),
        "ceterms:description": text(lang, &format!("Outcome data for {}, as of {}.", c.name, o.as_of)),
        "qdata:relevantDataSetFor": [resource_uri(cat, &c.ctid)],
        "qdata:dataSetTimePeriod": [{
            "@type": "qdata:DataSetTimeFrame",
            "ceterms:endDate": o.as_of.to_string(),
            "qdata:dataAttributes": [Value::Object(data)],
        }],
    });
    if let (Some(id), Some(map)) = (c.owned_by.first(), node.as_object_mut()) {
        map.insert(
            "qdata:dataProvider".into(),
            json!(resource_uri(cat, &cat.organization(*id).ctid)),
        );
    }
    node
}

// ---------------------------------------------------------------------------------------
// Competency frameworks

pub fn framework_document(cat: &Catalog, f: &Framework) -> Value {
    let lang = f.language.as_str();
    let mut n = Map::new();
    n.insert("@id".into(), json!(resource_uri(cat, &f.ctid)));
    n.insert("@type".into(), json!("ceasn:CompetencyFramework"));
    n.insert("ceterms:ctid".into(), json!(f.ctid.0));
    n.insert("ceasn:name".into(), text(lang, &f.name));
    // The registry requires a description; an empty summary gets a plain one.
    let description = if f.summary.is_empty() {
        format!("{}: {} competencies.", f.name, f.all.len())
    } else {
        f.summary.clone()
    };
    n.insert("ceasn:description".into(), text(lang, &description));
    n.insert("ceasn:inLanguage".into(), json!([lang]));
    if let Some(p) = f.publisher {
        let o = cat.organization(p);
        n.insert(
            "ceasn:publisher".into(),
            json!([resource_uri(cat, &o.ctid)]),
        );
        n.insert(
            "ceasn:publisherName".into(),
            json!({ lang: [o.name.clone()] }),
        );
    }
    // The registry requires a creator (or author): the framework's publisher wrote it unless
    // the format says otherwise, else the catalog's publisher.
    if let Some(o) = f.publisher.or(cat.publisher) {
        n.insert(
            "ceasn:creator".into(),
            json!([resource_uri(cat, &cat.organization(o).ctid)]),
        );
    }
    put(
        &mut n,
        "ceasn:dateCreated",
        json!(f.date_created.map(|d| d.to_string())),
    );
    // ceasn:dateModified is an xsd:dateTime.
    put(
        &mut n,
        "ceasn:dateModified",
        json!(f.date_modified.map(|d| format!("{d}T00:00:00Z"))),
    );
    put(
        &mut n,
        "ceasn:source",
        json!(f.source_url.as_ref().map(|s| vec![s.clone()])),
    );
    put(
        &mut n,
        "ceasn:hasTopChild",
        json!(uris(cat, f.top.iter().map(|k| &cat.competency(*k).ctid))),
    );
    let mut nodes = vec![Value::Object(n)];
    nodes.extend(
        f.all
            .iter()
            .map(|k| competency_node(cat, f, cat.competency(*k))),
    );
    graph(cat, CTDLASN_CONTEXT, &urls::framework(f), nodes)
}

fn competency_node(cat: &Catalog, f: &Framework, k: &Competency) -> Value {
    let lang = f.language.as_str();
    let fw = resource_uri(cat, &f.ctid);
    let mut n = Map::new();
    n.insert("@id".into(), json!(resource_uri(cat, &k.ctid)));
    n.insert("@type".into(), json!("ceasn:Competency"));
    n.insert("ceterms:ctid".into(), json!(k.ctid.0));
    n.insert("ceasn:competencyLabel".into(), text(lang, &k.label));
    n.insert(
        "ceasn:competencyText".into(),
        text(
            lang,
            if k.statement.is_empty() {
                &k.label
            } else {
                &k.statement
            },
        ),
    );
    n.insert("ceasn:codedNotation".into(), json!(k.code));
    put(
        &mut n,
        "ceasn:competencyCategory",
        if k.category.is_empty() {
            Value::Null
        } else {
            text(lang, &k.category)
        },
    );
    // The plain-language skill statement, the level descriptor and the tasks have no
    // dedicated CTDL-ASN term that fits; ceasn:comment keeps them with the competency.
    let mut comments = Vec::new();
    if !k.skill.is_empty() {
        comments.push(format!("In plain language: {}", k.skill));
    }
    if let Some(l) = k.level.and_then(|l| f.levels.get(l)) {
        comments.push(format!("Level: {} — {}", l.name, l.description));
    }
    for t in &k.tasks {
        comments.push(format!("Task: {t}"));
    }
    if !comments.is_empty() {
        n.insert("ceasn:comment".into(), json!({ lang: comments }));
    }
    n.insert("ceasn:isPartOf".into(), json!([fw]));
    match k.parent {
        Some(p) => {
            n.insert(
                "ceasn:isChildOf".into(),
                json!([resource_uri(cat, &cat.competency(p).ctid)]),
            );
        }
        None => {
            n.insert("ceasn:isTopChildOf".into(), json!(fw));
        }
    }
    put(
        &mut n,
        "ceasn:hasChild",
        json!(uris(
            cat,
            k.children.iter().map(|c| &cat.competency(*c).ctid)
        )),
    );
    put(
        &mut n,
        "ceasn:substantiatingCredential",
        json!(cred_uris(cat, &k.certified_by)),
    );
    Value::Object(n)
}

// ---------------------------------------------------------------------------------------
// Organizations

pub fn organization_document(cat: &Catalog, o: &Organization) -> Value {
    let lang = cat.config.language.as_str();
    let mut n = Map::new();
    n.insert("@id".into(), json!(resource_uri(cat, &o.ctid)));
    n.insert("@type".into(), json!(o.kind.ctdl_class()));
    n.insert("ceterms:ctid".into(), json!(o.ctid.0));
    n.insert("ceterms:name".into(), text(lang, &o.name));
    put(
        &mut n,
        "ceterms:description",
        if o.summary.is_empty() {
            Value::Null
        } else {
            text(lang, &o.summary)
        },
    );
    n.insert("ceterms:subjectWebpage".into(), json!(o.url));
    n.insert(
        "ceterms:agentType".into(),
        json!([concept(
            lang,
            "OrganizationType",
            o.kind.ctdl(),
            o.kind.label()
        )]),
    );
    if let Some(s) = o.sector {
        n.insert(
            "ceterms:agentSectorType".into(),
            concept(lang, "AgentSector", s.ctdl(), s.label()),
        );
    }
    put(
        &mut n,
        "ceterms:email",
        json!(o.email.as_ref().map(|e| vec![e.clone()])),
    );
    put(
        &mut n,
        "ceterms:image",
        json!(o.logo.as_deref().map(|l| absolute(cat, l))),
    );
    if let Some(l) = &o.location {
        let mut place = Map::new();
        place.insert("@type".into(), json!("ceterms:Place"));
        put(
            &mut place,
            "ceterms:addressLocality",
            if l.city.is_empty() {
                Value::Null
            } else {
                text(lang, &l.city)
            },
        );
        put(
            &mut place,
            "ceterms:addressRegion",
            if l.region.is_empty() {
                Value::Null
            } else {
                text(lang, &l.region)
            },
        );
        put(
            &mut place,
            "ceterms:addressCountry",
            json!(l.country.as_ref().map(|c| text(lang, c))),
        );
        n.insert("ceterms:address".into(), json!([Value::Object(place)]));
    }
    if cat.publisher == Some(o.id) && verification_service_node(cat).is_some() {
        if let Some(ctid) = verification_service_ctid(cat) {
            n.insert(
                "ceterms:hasVerificationService".into(),
                json!([resource_uri(cat, &ctid)]),
            );
        }
    }
    put(&mut n, "ceterms:owns", json!(cred_uris(cat, &o.owns)));
    put(&mut n, "ceterms:offers", json!(cred_uris(cat, &o.offers)));
    if o.kind.ctdl_class() == "ceterms:QACredentialOrganization" {
        put(
            &mut n,
            "ceterms:accredits",
            json!(cred_uris(cat, &o.accredits)),
        );
    }
    graph(
        cat,
        CTDL_CONTEXT,
        &urls::organization(o),
        vec![Value::Object(n)],
    )
}

// ---------------------------------------------------------------------------------------
// Pathways

/// A pathway's document. Today only the main node; the component structure
/// (`ceterms:hasPart` / `hasDestinationComponent` → `ceterms:*Component` nodes) goes after it.
pub fn pathway_document(cat: &Catalog, p: &Pathway) -> Value {
    graph(
        cat,
        CTDL_CONTEXT,
        &urls::pathway(p),
        vec![Value::Object(pathway_node(cat, p))],
    )
}

/// The `ceterms:Pathway` node, without components.
pub fn pathway_node(cat: &Catalog, p: &Pathway) -> Map<String, Value> {
    let lang = cat.config.language.as_str();
    let mut n = Map::new();
    n.insert("@id".into(), json!(resource_uri(cat, &p.ctid)));
    n.insert("@type".into(), json!("ceterms:Pathway"));
    n.insert("ceterms:ctid".into(), json!(p.ctid.0));
    n.insert("ceterms:name".into(), text(lang, &p.name));
    // The registry requires a description; an empty summary gets a plain one.
    let description = if p.summary.is_empty() {
        format!("A pathway to {}.", cat.credential(p.destination).name)
    } else {
        p.summary.clone()
    };
    n.insert("ceterms:description".into(), text(lang, &description));
    n.insert(
        "ceterms:subjectWebpage".into(),
        json!(cat.config.url(&urls::pathway(p))),
    );
    n.insert("ceterms:inLanguage".into(), json!([lang]));
    put(&mut n, "ceterms:ownedBy", json!(org_uris(cat, &p.owned_by)));
    n
}

// ---------------------------------------------------------------------------------------
// Governance and outcomes by cohort (`[governance]`, `[[outcomes]]`)

/// What a credential's `[governance]` and `[[outcomes]]` add to its main node: the approving
/// and recognizing organizations, the review as a `ceterms:ProcessProfile`, and the
/// aggregate data profile pointing at its cohorts' data set.
fn governance_and_series(cat: &Catalog, c: &Credential, n: &mut Map<String, Value>) {
    let lang = c.language.as_str();
    if let Some(g) = &c.governance {
        put(
            n,
            "ceterms:approvedBy",
            json!(org_uris(cat, g.approved_by.as_slice())),
        );
        put(
            n,
            "ceterms:recognizedBy",
            json!(org_uris(cat, &g.recognized_by)),
        );
        let mut review = Map::new();
        review.insert("@type".into(), json!("ceterms:ProcessProfile"));
        let mut words = Vec::new();
        if !g.process.trim().is_empty() {
            words.push(g.process.trim().to_string());
        }
        if let Some(d) = g.last_reviewed {
            words.push(format!("Last reviewed {d}."));
        }
        if !g.advisory_board.is_empty() {
            let names: Vec<&str> = g
                .advisory_board
                .iter()
                .map(|o| cat.organization(*o).name.as_str())
                .collect();
            words.push(format!("Advisory board: {}.", names.join(", ")));
        }
        put(
            &mut review,
            "ceterms:description",
            if words.is_empty() {
                Value::Null
            } else {
                text(lang, &words.join(" "))
            },
        );
        if let Some(m) = g.review_every_months {
            review.insert(
                "ceterms:processFrequency".into(),
                text(
                    lang,
                    &format!("Every {m} month{}", if m == 1 { "" } else { "s" }),
                ),
            );
        }
        let agents: Vec<OrgId> = g
            .approved_by
            .iter()
            .chain(&g.advisory_board)
            .copied()
            .collect();
        put(
            &mut review,
            "ceterms:processingAgent",
            json!(org_uris(cat, &agents)),
        );
        if review.len() > 1 {
            n.insert(
                "ceterms:reviewProcess".into(),
                json!([Value::Object(review)]),
            );
        }
    }
    if !c.cohorts.is_empty() && c.outcomes.is_none() {
        let last = c.cohorts.iter().map(|k| k.period.end()).max();
        let mut profile = Map::new();
        profile.insert("@type".into(), json!("ceterms:AggregateDataProfile"));
        profile.insert(
            "ceterms:description".into(),
            text(
                lang,
                &format!(
                    "Outcomes of {} by cohort, as published by its owner.",
                    c.name
                ),
            ),
        );
        if let Some(d) = last {
            profile.insert("ceterms:dateEffective".into(), json!(d.to_string()));
        }
        profile.insert(
            "qdata:relevantDataSet".into(),
            json!([resource_uri(cat, &owned_ctid(&c.ctid, "outcomes"))]),
        );
        n.insert(
            "ceterms:aggregateData".into(),
            json!([Value::Object(profile)]),
        );
    }
}

/// `[[assessment.validation]]` on the assessment profile: one `ceterms:maintenanceProcess`
/// per skill type (the process by which the assessment is kept valid), its evidence and date
/// in words.
fn assessment_validation(c: &Credential, a: &Assessment, node: &mut Value) {
    let lang = c.language.as_str();
    let processes: Vec<Value> = a
        .validation
        .iter()
        .map(|v| {
            let methods: Vec<&str> = v.methods.iter().map(|m| m.label()).collect();
            let mut words = format!(
                "Validation of the assessment of {} skills",
                v.skill_type.key()
            );
            if !methods.is_empty() {
                words.push_str(&format!(" ({})", methods.join(", ")));
            }
            words.push('.');
            if !v.evidence.trim().is_empty() {
                words.push_str(&format!(" {}", v.evidence.trim()));
            }
            if let Some(d) = v.last_validated {
                words.push_str(&format!(" Last validated {d}."));
            }
            json!({ "@type": "ceterms:ProcessProfile", "ceterms:description": text(lang, &words) })
        })
        .collect();
    if let (false, Some(map)) = (processes.is_empty(), node.as_object_mut()) {
        map.insert("ceterms:maintenanceProcess".into(), json!(processes));
    }
}

/// `[[outcomes]]` as one `qdata:DataSetProfile` with a `qdata:DataSetTimeFrame` per cohort
/// (its start and end dates) holding a `qdata:DataProfile`. Cohort size, pass rate and
/// placement (as `qdata:employmentRate`) have qdata terms; completion, time to complete,
/// performance, retention and earnings lift have none fitting, and stay readable in the
/// data profile's description. `None` without cohorts.
fn cohorts_node(cat: &Catalog, c: &Credential) -> Option<Value> {
    if c.cohorts.is_empty() || c.outcomes.is_some() {
        return None;
    }
    let lang = c.language.as_str();
    let frames: Vec<Value> = c
        .cohorts
        .iter()
        .map(|k| {
            let mut data = Map::new();
            data.insert("@type".into(), json!("qdata:DataProfile"));
            if let Some(size) = k.cohort_size {
                data.insert(
                    "qdata:subjectsInSet".into(),
                    json!([{ "@type": "schema:QuantitativeValue", "schema:value": size, "schema:description": text(lang, "Learners in the cohort") }]),
                );
            }
            if let Some(r) = k.get(Indicator::PassRate) {
                data.insert("qdata:passRate".into(), percentage(lang, r, "Assessment pass rate"));
            }
            if let Some(r) = k.get(Indicator::PlacementRate) {
                data.insert(
                    "qdata:employmentRate".into(),
                    percentage(lang, r, "Placement rate: employed in a related role"),
                );
            }
            let notes: Vec<String> = k
                .values
                .iter()
                .filter(|(i, _)| !matches!(i, Indicator::PassRate | Indicator::PlacementRate))
                .map(|(i, v)| format!("{}: {}.", i.label(), crate::emit::charts::format_value(*i, *v)))
                .collect();
            put(&mut data, "ceterms:description", if notes.is_empty() { Value::Null } else { text(lang, &notes.join(" ")) });
            let mut frame = Map::new();
            frame.insert("@type".into(), json!("qdata:DataSetTimeFrame"));
            frame.insert("ceterms:name".into(), text(lang, &format!("Cohort {}", k.label)));
            frame.insert("ceterms:startDate".into(), json!(k.period.start().to_string()));
            frame.insert("ceterms:endDate".into(), json!(k.period.end().to_string()));
            if !k.source.trim().is_empty() {
                frame.insert("ceterms:description".into(), text(lang, &format!("Source: {}", k.source.trim())));
            }
            frame.insert("qdata:dataAttributes".into(), json!([Value::Object(data)]));
            Value::Object(frame)
        })
        .collect();
    let ctid = owned_ctid(&c.ctid, "outcomes");
    let mut node = json!({
        "@id": resource_uri(cat, &ctid),
        "@type": "qdata:DataSetProfile",
        "ceterms:ctid": ctid.0,
        "ceterms:name": text(lang, &format!("{} outcomes by cohort", c.name)),
        "ceterms:description": text(lang, &format!("Outcome data for {}, one time frame per cohort.", c.name)),
        "qdata:relevantDataSetFor": [resource_uri(cat, &c.ctid)],
        "qdata:dataSetTimePeriod": frames,
    });
    if let (Some(id), Some(map)) = (c.owned_by.first(), node.as_object_mut()) {
        map.insert(
            "qdata:dataProvider".into(),
            json!(resource_uri(cat, &cat.organization(*id).ctid)),
        );
    }
    Some(node)
}
