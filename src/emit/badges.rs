//! Signed Open Badges 3.0 credentials for every award, their verification pages, the
//! revocation status list and the issuer's did:web document.
//!
//! Output (only when the catalog has awards):
//! - `badges/<id>/credential.json`: an `OpenBadgeCredential` with two Data Integrity proofs,
//!   `eddsa-rdfc-2022` (what 1EdTech's validator checks) and `eddsa-jcs-2022` (what the page's
//!   script checks);
//! - `badges/<id>/badge.svg`, `badges/<id>/badge.png`: the badge image with that credential
//!   baked in (`emit::badge_art` picks or draws the image, `crate::bake` bakes it);
//! - `badges/<id>/index.html`: the badge page (`badge.html`): the in-browser verdict first,
//!   then the badge, share links (LinkedIn, email, embed) and downloads, what it certifies,
//!   the checks, technical details, and a printed certificate with a QR code to the page;
//! - `verify/index.html`: the checker (`partials/badge_verify.html`) for a badge a visitor
//!   uploads (PNG, SVG or JSON), pastes or links;
//! - `status/1.json`: the signed `BitstringStatusListCredential`, revoked awards' bits set;
//! - `.well-known/did.json` (and `did.json` at the site root when the base URL has a path,
//!   which is where did:web looks then).
//!
//! Rebuilding unchanged input gives byte-identical files: Ed25519 is deterministic, `created`
//! is a date from the input, and the per-award salt and status index come from HMAC-SHA256
//! keyed by the signing key over the award id — reproducible for the issuer, unpredictable
//! for anyone else (an outsider cannot test guessed emails against a hash without the salt
//! being in the credential, and cannot learn from the index which other badges exist).
//!
//! The recipient's email is read only through [`Email::expose_for_hashing`], here, and only
//! its salted hash leaves this module.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::context::{comp_link, page_context, PageHead};
use super::{badge_art, urls, Ctx, EmitError, Entity, OutFile};
use crate::model::*;
use crate::sign::cache::SignatureCache;
use crate::sign::status_list::{self, StatusList};
use crate::sign::{self, did, ProofOptions, SigningKey, Suite};

pub const OB_CONTEXT: &str = sign::contexts::OB_V3P0;
/// Entries of each status list: the spec's minimum, which also keeps an index from telling
/// how many badges were issued.
pub const STATUS_ENTRIES: usize = status_list::MIN_ENTRIES;

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    if cat.awards.is_empty() {
        return Ok(Vec::new());
    }
    let key = ctx.signer.key().map_err(|reason| {
        EmitError::Badge(format!(
            "cannot sign the {} awards: {reason}",
            cat.awards.len()
        ))
    })?;
    let mut issuer = Issuer::new(cat, key)?;
    // Only a cache opened for this very key (a preview build signs with another).
    issuer.cache = ctx
        .signatures
        .filter(|c| c.public_key() == &key.verifying_key().to_bytes());
    let slots = status_slots(key, &cat.awards, cat.config.badges.awards_per_status_list)?;

    // Each credential's badge image is drawn once; each award is baked into it.
    // A badge page shows the site's chrome too (the navigation, the publisher).
    let chrome = super::pages::chrome_changed(ctx);
    let wanted: Vec<usize> = (0..cat.awards.len())
        .filter(|&i| chrome || ctx.scope.wants(award_deps(cat, i, &cat.awards[i])))
        .collect();
    let credentials: BTreeSet<CredentialId> =
        wanted.iter().map(|&i| cat.awards[i].credential).collect();
    let issuer_name = issuer.profile["name"].as_str().unwrap_or_default();
    let sources: HashMap<CredentialId, badge_art::Source> = credentials
        .into_par_iter()
        .map(|id| (id, badge_art::source(ctx, cat.credential(id), issuer_name)))
        .collect();
    // One drawing per distinct image, named in errors by the first credential using it.
    let mut distinct: HashMap<&badge_art::Source, CredentialId> = HashMap::new();
    for (id, source) in &sources {
        let first = distinct.entry(source).or_insert(*id);
        *first = (*first).min(*id);
    }
    let arts: HashMap<&badge_art::Source, badge_art::Art> = distinct
        .into_par_iter()
        .map(|(source, id)| Ok((source, badge_art::art(ctx, cat.credential(id), source)?)))
        .collect::<Result<_, EmitError>>()?;

    // Four files an award, handed to the writer as they are made (100,000 awards held until
    // the end took gigabytes).
    let mut files: Vec<OutFile> = ctx.deliver(
        wanted
            .into_par_iter()
            .map(|i| {
                let award = &cat.awards[i];
                let vc = signed_credential(cat, &issuer, award, slots[i])?;
                let bytes = json_text(&vc, false);
                let dir = urls::award(award);
                // `json_text` gives UTF-8 JSON; the baked images carry exactly credential.json.
                let text = String::from_utf8_lossy(&bytes);
                let (svg, png) = arts[&sources[&award.credential]]
                    .bake(&text)
                    .map_err(|e| EmitError::Badge(format!("baking award `{}`: {e}", award.id)))?;
                let page = badge_page(ctx, &issuer, award, &vc, slots[i])?;
                Ok(vec![
                    OutFile::new(format!("{dir}{}", badge_art::SVG_FILE), svg),
                    OutFile::joined(format!("{dir}{}", badge_art::PNG_FILE), png),
                    OutFile::new(format!("{dir}credential.json"), bytes),
                    page,
                ])
            })
            .flat_map_iter(|r: Result<Vec<OutFile>, EmitError>| match r {
                Ok(files) => files.into_iter().map(Ok).collect::<Vec<_>>(),
                Err(e) => vec![Err(e)],
            }),
    )?;

    // Each status list holds the revocation bits of its awards.
    let lists = slots.iter().map(|s| s.list).max().unwrap_or(0);
    let list_files: Vec<OutFile> = (1..=lists)
        .into_par_iter()
        .filter(|&list| {
            let members = (0..cat.awards.len()).filter(|&i| slots[i].list == list);
            ctx.scope
                .wants(members.map(|i| Entity::Award(AwardId(i as u32))))
        })
        .map(|list| {
            let vc = status_list_credential(cat, &issuer, &slots, list)?;
            Ok(OutFile::new(urls::status_list(list), json_text(&vc, false)))
        })
        .collect::<Result<_, EmitError>>()?;
    files.extend(list_files);
    // The paste-to-verify page shows only the site's chrome, like the 404 page.
    if super::pages::chrome_changed(ctx) {
        files.push(verify_page(ctx, &issuer)?);
    }
    // The DID document depends on the key and the config only.
    if !ctx.scope.is_all() {
        return Ok(files);
    }
    let did_doc = json_text(
        &did::did_web_document(&issuer.did, &issuer.key.verifying_key()),
        true,
    );
    files.push(OutFile::new(".well-known/did.json", did_doc.clone()));
    if cat.config.base_path() != "/" {
        files.push(OutFile::new("did.json", did_doc));
    }
    Ok(files)
}

/// What a signed badge and its page show: the award, its credential's achievement (with
/// competencies, frameworks and owners) and the issuing publisher.
fn award_deps(cat: &Catalog, index: usize, award: &Award) -> Vec<Entity> {
    let c = cat.credential(award.credential);
    let mut deps = vec![
        Entity::Award(AwardId(index as u32)),
        Entity::Credential(c.id),
    ];
    deps.extend(super::credential_links(cat, c));
    deps.extend(cat.publisher.map(Entity::Organization));
    deps
}

/// Who signs: the site's did:web, its key, and the publisher's name and URL.
pub struct Issuer<'a> {
    pub did: String,
    pub key: &'a SigningKey,
    pub profile: Value,
    /// Signatures already computed for this key ([`SignatureCache`]); `None` signs everything.
    pub cache: Option<&'a SignatureCache>,
}

impl<'a> Issuer<'a> {
    pub fn new(cat: &Catalog, key: &'a SigningKey) -> Result<Self, EmitError> {
        let did = sign::did_web_for_base_url(&cat.config.base_url)
            .map_err(|e| EmitError::Badge(e.to_string()))?;
        let profile = super::achievement::issuer_profile(cat, &did);
        Ok(Issuer {
            did,
            key,
            profile,
            cache: None,
        })
    }

    pub fn verification_method(&self) -> String {
        did::verification_method_id(&self.did)
    }
}

/// A secret derived from the signing key for one purpose and one award.
fn derived(key: &SigningKey, purpose: &str, award_id: &str) -> [u8; 32] {
    let message = format!("credcat/{purpose}/{award_id}");
    sign::keys::hmac_sha256(key.as_bytes(), message.as_bytes())
}

/// The award's salt for its identity hash: 128 bits, hex.
pub fn salt(key: &SigningKey, award_id: &str) -> String {
    hex::encode(&derived(key, "salt", award_id)[..16])
}

/// `sha256$` + hex(sha256(normalized email + salt)), as OB 3.0's IdentityObject wants.
pub fn identity_hash(email: &Email, salt: &str) -> String {
    let digest = Sha256::new()
        .chain_update(email.expose_for_hashing().as_bytes())
        .chain_update(salt.as_bytes())
        .finalize();
    format!("sha256${}", hex::encode(digest))
}

/// Where an award's revocation bit is: bit `index` of status list number `list` (from 1),
/// published at [`urls::status_list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatusSlot {
    pub list: usize,
    pub index: usize,
}

impl StatusSlot {
    /// The site path of the slot's list.
    pub fn list_path(self) -> String {
        urls::status_list(self.list)
    }
}

/// A status slot per award (same order as `awards`), `per_list` awards to a list
/// (`[badges] awards_per_status_list`, at most [`status_list::MAX_AWARDS`]), unique within
/// each list.
///
/// Awards are taken in order of issue date, then id: the first `per_list` go into list 1,
/// the next into list 2, and so on. Within its list, each award has its own pseudo-random
/// sequence of candidate indices (HMAC under the signing key over its id) and takes the first
/// one still free. So adding an award issued on or after every existing one never moves an
/// earlier award's list or index (both are inside credentials already handed out), and a
/// catalog that fits one list keeps the indices it had when there was only one.
pub fn status_slots(
    key: &SigningKey,
    awards: &[Award],
    per_list: usize,
) -> Result<Vec<StatusSlot>, EmitError> {
    if !(1..=status_list::MAX_AWARDS).contains(&per_list) {
        return Err(EmitError::Badge(format!(
            "{per_list} awards per status list: it must be from 1 to {} (half of the list's {STATUS_ENTRIES} entries)",
            status_list::MAX_AWARDS
        )));
    }
    let mut order: Vec<usize> = (0..awards.len()).collect();
    order.sort_by(|&a, &b| {
        (awards[a].issued, &awards[a].id).cmp(&(awards[b].issued, &awards[b].id))
    });
    let mut out = vec![StatusSlot { list: 0, index: 0 }; awards.len()];
    for (list, members) in order.chunks(per_list).enumerate() {
        let mut taken = HashSet::with_capacity(members.len());
        for &i in members {
            let mut attempt = 0u32;
            let index = loop {
                let h = derived(key, &format!("status/{attempt}"), &awards[i].id);
                let n = u64::from_be_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
                let candidate = (n % STATUS_ENTRIES as u64) as usize;
                if taken.insert(candidate) {
                    break candidate;
                }
                attempt += 1;
            };
            out[i] = StatusSlot {
                list: list + 1,
                index,
            };
        }
    }
    Ok(out)
}

/// A date as the dateTime of its first second in UTC.
pub fn datetime(d: jiff::civil::Date) -> String {
    format!("{d}T00:00:00Z")
}

/// An absolute URL for a link from content: site paths get the base URL.
fn absolute(cat: &Catalog, src: &str) -> String {
    if src.starts_with('/') && !src.starts_with("//") {
        cat.config.url(src)
    } else {
        src.to_string()
    }
}

/// The unsigned OpenBadgeCredential of an award.
pub fn credential(
    cat: &Catalog,
    issuer: &Issuer,
    award: &Award,
    slot: StatusSlot,
) -> Result<Value, EmitError> {
    let c = cat.credential(award.credential);
    let (hash, salt) = match &award.recipient {
        Recipient::Email(email) => {
            let salt = salt(issuer.key, &award.id);
            (identity_hash(email, &salt), salt)
        }
        Recipient::Hashed { hash, salt } => (hash.clone(), salt.clone()),
    };
    let mut subject = json!({
        "type": ["AchievementSubject"],
        "identifier": [{
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": true,
            "identityHash": hash,
            "salt": salt,
        }],
        // The published achievement itself (`credentials/<slug>/achievement.json`): same id,
        // same content, so a wallet can tie the badge to it and on to the CTDL record.
        "achievement": super::achievement::achievement(cat, c),
    });
    if let Some(name) = &award.public_name {
        subject["name"] = name.clone().into();
    }
    let mut vc = json!({
        "@context": [sign::contexts::CREDENTIALS_V2, OB_CONTEXT],
        "id": cat.config.url(&format!("{}credential.json", urls::award(award))),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": c.name,
        "issuer": issuer.profile,
        "validFrom": datetime(award.issued),
    });
    if let Some(e) = award.expires {
        vc["validUntil"] = datetime(e).into();
    }
    vc["credentialSubject"] = subject;
    let mut evidence = json!({ "type": ["Evidence"] });
    if let Some(url) = &award.evidence_url {
        let url = absolute(cat, url);
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(EmitError::Badge(format!(
                "award `{}` in {}: evidence_url `{url}` must be an absolute http(s) URL or a site path starting with /",
                award.id,
                award.file.display()
            )));
        }
        evidence["id"] = url.into();
    }
    if let Some(n) = award
        .evidence_narrative
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        evidence["narrative"] = n.into();
    }
    if evidence.as_object().is_some_and(|o| o.len() > 1) {
        vc["evidence"] = json!([evidence]);
    }
    vc["credentialStatus"] =
        status_list::status_entry(&cat.config.url(&slot.list_path()), slot.index);
    Ok(vc)
}

/// Adds both proofs (a proof set: each over the document without proofs), reusing the
/// signatures the issuer's cache holds for exactly these inputs.
pub fn sign_both(doc: Value, issuer: &Issuer, created: &str) -> Result<Value, EmitError> {
    let opts = ProofOptions::new(issuer.verification_method(), created);
    let unsigned = sign::proof::Unsigned::new(&doc, &opts)
        .map_err(|e| EmitError::Badge(format!("signing: {e}")))?;
    let mut out = doc;
    for suite in [Suite::EddsaRdfc2022, Suite::EddsaJcs2022] {
        let proof = unsigned
            .proof(issuer.key, &opts, suite, issuer.cache)
            .map_err(|e| EmitError::Badge(format!("signing ({suite}): {e}")))?;
        out = sign::proof::attach_proof(out, proof).map_err(|e| EmitError::Badge(e.to_string()))?;
    }
    Ok(out)
}

pub fn signed_credential(
    cat: &Catalog,
    issuer: &Issuer,
    award: &Award,
    slot: StatusSlot,
) -> Result<Value, EmitError> {
    let vc = credential(cat, issuer, award, slot)?;
    sign_both(vc, issuer, &datetime(award.issued)).map_err(|e| {
        EmitError::Badge(format!(
            "award `{}` ({}): {e}",
            award.id,
            award.file.display()
        ))
    })
}

/// Revocation list number `list`, signed. It is dated by the newest award in it, so it changes
/// only when its awards do (a full list stays as it is while later awards go into the next).
fn status_list_credential(
    cat: &Catalog,
    issuer: &Issuer,
    slots: &[StatusSlot],
    list: usize,
) -> Result<Value, EmitError> {
    let mut bits = StatusList::new(STATUS_ENTRIES);
    let members = || {
        cat.awards
            .iter()
            .zip(slots)
            .filter(move |(_, slot)| slot.list == list)
    };
    for (award, slot) in members() {
        if award.revoked {
            bits.set(slot.index, true)
                .map_err(|e| EmitError::Badge(e.to_string()))?;
        }
    }
    // Not empty: every list number up to the largest has awards.
    let newest = members().map(|(a, _)| a.issued).max().unwrap_or_default();
    let url = cat.config.url(&urls::status_list(list));
    // The issuer stays a plain DID: the status list's only context (VC 2.0) has no Profile.
    let vc = status_list::revocation_list_credential(&url, &issuer.did, &datetime(newest), &bits);
    sign_both(vc, issuer, &datetime(newest))
}

/// JSON text, newline-terminated: indented for people (the DID document, once a site),
/// compact for programs (an award's credential, three copies an award with the baked images,
/// and the status lists). Signatures are over canonical forms, not this text.
fn json_text(v: &Value, indented: bool) -> Vec<u8> {
    let mut bytes = if indented {
        serde_json::to_vec_pretty(v).unwrap_or_default()
    } else {
        super::compact_json(v)
    };
    bytes.push(b'\n');
    bytes
}

/// `../../` for `badges/x/`: the way back to the site root from a page folder.
fn site_root(page_dir: &str) -> String {
    "../".repeat(page_dir.matches('/').count())
}

/// The variables `partials/badge_verify.html` reads.
fn verify_vars(
    cat: &Catalog,
    issuer: &Issuer,
    page_dir: &str,
    credential_url: &str,
) -> BTreeMap<&'static str, String> {
    let root = site_root(page_dir);
    let did_file = if cat.config.base_path() == "/" {
        ".well-known/did.json"
    } else {
        "did.json"
    };
    BTreeMap::from([
        ("credential_url", credential_url.to_string()),
        ("did_url", format!("{root}{did_file}")),
        ("site_did", issuer.did.clone()),
        ("base_url", format!("{}/", cat.config.base_url)),
        ("site_root", root),
    ])
}

fn human_date(d: jiff::civil::Date) -> String {
    d.strftime("%B %-d, %Y").to_string()
}

/// The `<head>` of a badge or verify page: no schema.org or CTDL twin.
fn head<'a>(page_dir: &'a str, title: String, description: String) -> PageHead<'a> {
    PageHead {
        path: page_dir,
        title,
        description,
        schema_org: None,
        ctdl_url: None,
        robots: None,
    }
}

fn render(
    ctx: &Ctx,
    template: &str,
    head: PageHead,
    data: Value,
    vars: BTreeMap<&str, String>,
) -> Result<OutFile, EmitError> {
    let page_dir = head.path;
    let mut context = page_context(ctx.catalog, head, data);
    for (k, v) in vars {
        context.insert(k, &v);
    }
    let html = super::templates::render(ctx.tera, template, &context)?;
    Ok(OutFile::new(format!("{page_dir}index.html"), html))
}

/// Characters a URL query value keeps as they are (RFC 3986 unreserved); everything else is
/// percent-encoded, spaces as `%20` (which both LinkedIn and mail clients read).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// LinkedIn's "Add licence or certification" link, filled in.
pub fn linkedin_url(
    name: &str,
    organization: &str,
    issued: jiff::civil::Date,
    expires: Option<jiff::civil::Date>,
    page_url: &str,
    award_id: &str,
) -> String {
    let mut url = format!(
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name={}&organizationName={}&issueYear={}&issueMonth={}",
        enc(name),
        enc(organization),
        issued.year(),
        issued.month()
    );
    if let Some(e) = expires {
        url.push_str(&format!(
            "&expirationYear={}&expirationMonth={}",
            e.year(),
            e.month()
        ));
    }
    url.push_str(&format!(
        "&certUrl={}&certId={}",
        enc(page_url),
        enc(award_id)
    ));
    url
}

/// The share links and downloads of a badge page.
fn share(c: &Credential, issuer_name: &str, award: &Award, page_url: &str) -> Value {
    let png_url = format!("{page_url}{}", badge_art::PNG_FILE);
    let subject = format!("My {} badge from {issuer_name}", c.name);
    let body = format!(
        "I earned the {} badge from {issuer_name}. You can check that it is genuine here:\n{page_url}\n",
        c.name
    );
    let esc = super::templates::escape_html;
    let embed = format!(
        "<a href=\"{}\"><img src=\"{}\" width=\"150\" height=\"150\" alt=\"{}\"></a>",
        esc(page_url),
        esc(&png_url),
        esc(&format!("{} badge, issued by {issuer_name}", c.name)),
    );
    json!({
        "page_url": page_url,
        "linkedin": linkedin_url(&c.name, issuer_name, award.issued, award.expires, page_url, &award.id),
        "email": format!("mailto:?subject={}&body={}", enc(&subject), enc(&body)),
        "embed": embed,
        "svg": badge_art::SVG_FILE,
        "png": badge_art::PNG_FILE,
        "json": "credential.json",
        "svg_download": format!("{}.svg", award.id),
        "png_download": format!("{}.png", award.id),
        "json_download": format!("{}.json", award.id),
    })
}

fn badge_page(
    ctx: &Ctx,
    issuer: &Issuer,
    award: &Award,
    vc: &Value,
    slot: StatusSlot,
) -> Result<OutFile, EmitError> {
    let cat = ctx.catalog;
    let c = cat.credential(award.credential);
    let dir = urls::award(award);
    let page_url = cat.config.url(&dir);
    let issuer_name = issuer.profile["name"].as_str().unwrap_or_default();
    let mut competencies = c.competencies.clone();
    competencies.dedup();
    let suites: Vec<&str> = match &vc["proof"] {
        Value::Array(ps) => ps
            .iter()
            .filter_map(|p| p["cryptosuite"].as_str())
            .collect(),
        p => p["cryptosuite"].as_str().into_iter().collect(),
    };
    let data = json!({
        "badge": {
            "id": award.id,
            "name": c.name,
            "summary": c.summary,
            "kind": c.kind.label(),
            "family": c.kind.family(),
            "credential_page": urls::link(cat, &urls::credential(c)),
            "credential_json": "credential.json",
            "issuer": { "name": issuer_name, "url": issuer.profile["url"], "did": issuer.did },
            "issued": human_date(award.issued),
            "issued_iso": award.issued.to_string(),
            "expires": award.expires.map(human_date),
            "expires_iso": award.expires.map(|d| d.to_string()),
            "evidence_url": award.evidence_url.as_deref().map(|u| absolute(cat, u)),
            "evidence_narrative": award.evidence_narrative,
            "recipient_name": award.public_name,
            "skills": c.skills,
            "competencies": competencies.iter().map(|k| comp_link(cat, *k)).collect::<Vec<_>>(),
            "assessment": c.assessment.as_ref().map(|a| json!({
                "methods": a.methods.iter().map(|m| m.label()).collect::<Vec<_>>(),
                "description": a.description,
                "mastery_threshold": a.mastery_threshold,
                "proctored": a.proctored,
                "identity_verified": a.identity_verified,
            })),
            "share": share(c, issuer_name, award, &page_url),
            "qr_svg": badge_art::qr_svg(&page_url)?,
            "verify_page": format!("{}{}", site_root(&dir), urls::VERIFY),
            "technical": {
                "credential_id": vc["id"],
                "did": issuer.did,
                "verification_method": issuer.verification_method(),
                "cryptosuites": suites,
                "status_list": cat.config.url(&slot.list_path()),
                "status_index": slot.index,
            },
        }
    });
    let title = format!("{} badge {}", c.name, award.id);
    let description = format!(
        "Check that badge {} for {} was issued by {issuer_name} and is still valid.",
        award.id, c.name,
    );
    let mut page_head = head(&dir, title, description);
    // A badge page can name its holder: kept out of search results unless the catalog opts
    // in (`[badges] index_pages`). Still crawlable, so engines see the noindex.
    page_head.robots = (!cat.config.badges.index_pages).then_some("noindex");
    render(
        ctx,
        "badge.html",
        page_head,
        data,
        verify_vars(cat, issuer, &dir, "credential.json"),
    )
}

fn verify_page(ctx: &Ctx, issuer: &Issuer) -> Result<OutFile, EmitError> {
    let cat = ctx.catalog;
    let data = json!({ "issuer": { "name": issuer.profile["name"], "did": issuer.did } });
    render(
        ctx,
        "verify.html",
        head(
            urls::VERIFY,
            "Check a badge".into(),
            format!(
                "Check an Open Badges 3.0 credential issued by {}, in your browser.",
                issuer.profile["name"].as_str().unwrap_or_default()
            ),
        ),
        data,
        verify_vars(cat, issuer, urls::VERIFY, ""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_link_encodes_every_field() {
        let url = linkedin_url(
            "C++ & Rust: \"Systems\" <101>",
            "Ünï Côllege #1",
            jiff::civil::date(2026, 3, 20),
            None,
            "https://x.example/badges/a b/",
            "id&certId=evil",
        );
        assert_eq!(
            url,
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME\
             &name=C%2B%2B%20%26%20Rust%3A%20%22Systems%22%20%3C101%3E\
             &organizationName=%C3%9Cn%C3%AF%20C%C3%B4llege%20%231\
             &issueYear=2026&issueMonth=3\
             &certUrl=https%3A%2F%2Fx.example%2Fbadges%2Fa%20b%2F&certId=id%26certId%3Devil"
        );
        let url = linkedin_url(
            "A",
            "B",
            jiff::civil::date(2024, 5, 10),
            Some(jiff::civil::date(2026, 11, 1)),
            "https://x.example/",
            "a",
        );
        assert!(
            url.contains("&issueYear=2024&issueMonth=5&expirationYear=2026&expirationMonth=11&")
        );
    }

    #[test]
    fn site_roots() {
        assert_eq!(site_root("badges/x/"), "../../");
        assert_eq!(site_root("verify/"), "../");
    }

    #[test]
    fn identity_hash_normalizes_the_address() {
        let a = identity_hash(&Email::new("  Ada@Example.org "), "s");
        let b = identity_hash(&Email::new("ada@example.org"), "s");
        assert_eq!(a, b);
        assert_eq!(
            a,
            format!(
                "sha256${}",
                hex::encode(Sha256::digest(b"ada@example.orgs"))
            )
        );
    }

    fn test_award(id: &str, day: i8) -> Award {
        Award {
            id: id.into(),
            file: "x.toml".into(),
            credential: CredentialId(0),
            public_name: None,
            recipient: Recipient::Email(Email::new("a@b.c")),
            issued: jiff::civil::date(2025, 1, day),
            expires: None,
            evidence_url: None,
            evidence_narrative: None,
            revoked: false,
            revocation_reason: String::new(),
        }
    }

    /// No two awards share a slot, and every index is inside its list.
    fn assert_distinct(slots: &[StatusSlot]) {
        assert_eq!(slots.iter().collect::<HashSet<_>>().len(), slots.len());
        assert!(slots
            .iter()
            .all(|s| s.index < STATUS_ENTRIES && s.list >= 1));
    }

    #[test]
    fn status_indices_are_unique_and_stable_when_awards_are_added() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let per_list = status_list::MAX_AWARDS;
        let mut awards: Vec<Award> = (0..2000)
            .map(|i| test_award(&format!("a-{i}"), 1))
            .collect();
        let first = status_slots(&key, &awards, per_list).unwrap();
        assert_distinct(&first);
        assert!(first.iter().all(|s| s.list == 1));
        awards.insert(0, test_award("later", 2));
        let second = status_slots(&key, &awards, per_list).unwrap();
        assert_eq!(&second[1..], &first[..]);
        // Another key, other indices.
        let other =
            status_slots(&SigningKey::from_bytes(&[4; 32]), &awards[1..], per_list).unwrap();
        assert_ne!(other, first);
    }

    /// `status_indices` of credcat with one list, for key `[3; 32]` and awards `a-0`…`a-3`
    /// (each its first candidate: HMAC-SHA256(key, "credcat/status/0/<id>"), first 8 bytes
    /// big-endian, mod 131,072; checked with Python's `hmac`).
    const OLD_INDICES: [usize; 4] = [7344, 54333, 46742, 80716];

    #[test]
    fn status_indices_of_one_list_are_what_they_were_before_there_were_several() {
        // Indices handed out by credcat before it had several lists, for this key and these
        // ids: a catalog that fits one list must keep them.
        let key = SigningKey::from_bytes(&[3; 32]);
        let awards: Vec<Award> = (0..4).map(|i| test_award(&format!("a-{i}"), 1)).collect();
        let slots = status_slots(&key, &awards, status_list::MAX_AWARDS).unwrap();
        let indices: Vec<usize> = slots.iter().map(|s| s.index).collect();
        assert_eq!(indices, OLD_INDICES);
        assert!(slots.iter().all(|s| s.list == 1));
    }

    #[test]
    fn awards_beyond_a_list_go_into_the_next_and_stay_there() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let per_list = 100;
        // Issued over several days, listed out of order: lists follow the issue order.
        let mut awards: Vec<Award> = (0..250)
            .rev()
            .map(|i| test_award(&format!("b-{i:03}"), 1 + (i / 50) as i8))
            .collect();
        let slots = status_slots(&key, &awards, per_list).unwrap();
        assert_distinct(&slots);
        let count = |list| slots.iter().filter(|s| s.list == list).count();
        assert_eq!((count(1), count(2), count(3)), (100, 100, 50));
        for (a, s) in awards.iter().zip(&slots) {
            let rank: usize = a.id[2..].parse().unwrap();
            assert_eq!(s.list, rank / per_list + 1, "{}", a.id);
        }
        // Later awards fill list 3, then open list 4; no earlier award moves.
        for i in 250..320 {
            awards.push(test_award(&format!("b-{i:03}"), 9));
        }
        let grown = status_slots(&key, &awards, per_list).unwrap();
        assert_distinct(&grown);
        assert_eq!(&grown[..250], &slots[..]);
        assert_eq!(grown.iter().filter(|s| s.list == 3).count(), 100);
        assert_eq!(grown.iter().filter(|s| s.list == 4).count(), 20);
        // The sizes a list can have.
        assert!(status_slots(&key, &awards, 0).is_err());
        assert!(status_slots(&key, &awards, status_list::MAX_AWARDS + 1).is_err());
        assert_eq!(urls::status_list(1), "status/1.json");
        assert_eq!(grown[0].list_path(), "status/3.json");
    }

    #[test]
    fn achievement_types_map_to_ob() {
        use crate::emit::achievement::achievement_type;
        assert_eq!(achievement_type(CredentialType::DigitalBadge), "Badge");
        assert_eq!(
            achievement_type(CredentialType::MicroCredential),
            "MicroCredential"
        );
        assert_eq!(
            achievement_type(CredentialType::BachelorOfArtsDegree),
            "BachelorDegree"
        );
    }
}
