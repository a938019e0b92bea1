//! `credcat verify FILE…`: checks signed credentials offline, one verdict per file.
//!
//! Checked, in this order: every proof (`eddsa-rdfc-2022` and `eddsa-jcs-2022`; a did:key is
//! resolved from the id itself, a did:web from the built site folder's `did.json` or a given
//! DID document — never the network), that the signing key belongs to the issuer, the
//! revocation bit in the status list (read from the site folder when the list's URL is under
//! the site's address, and its own proofs checked), then `validFrom` / `validUntil`.
//! Anything that cannot be checked is a failure, not a pass.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::bake;
use crate::sign::proof::AnyResolver;
use crate::sign::status_list::StatusList;
use crate::sign::{self, did, DidKeyResolver, DidWebResolver, KeyResolver};

/// Where did:web documents and status lists come from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// A built site folder (holds `.well-known/did.json` or `did.json`, and `status/…`).
    pub site: Option<PathBuf>,
    /// A DID document to trust for its did:web.
    pub did_json: Option<PathBuf>,
    /// Keys the user trusts, as `VERIFICATION_METHOD_ID=z6Mk…`, or a bare `z6Mk…` for a
    /// verification method whose fragment is that key (1EdTech's examples use
    /// `https://…/issuers/1#z6Mk…`, which cannot be resolved offline otherwise).
    pub keys: Vec<String>,
}

/// Trusted keys from `--key`.
struct TrustedKeys(Vec<(Option<String>, String, sign::VerifyingKey)>);

impl KeyResolver for TrustedKeys {
    fn resolve(&self, vm: &str) -> Result<sign::VerifyingKey, sign::proof::ResolveError> {
        let fragment = vm.rsplit_once('#').map(|(_, f)| f);
        self.0
            .iter()
            .find(|(id, mk, _)| match id {
                Some(id) => id == vm,
                None => fragment == Some(mk.as_str()),
            })
            .map(|(_, _, k)| *k)
            .ok_or(sign::proof::ResolveError::Unknown)
    }
}

/// The outcome for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid(String),
    Revoked(String),
    Expired(String),
    NotYetValid(String),
    /// A proof did not verify: the file was changed or signed by another key.
    Altered(String),
    /// Not a credential credcat can read (bad JSON, no proof, unsupported suite…).
    Invalid(String),
    /// Something needed (a DID document, the status list) is not available offline.
    CannotCheck(String),
}

impl Verdict {
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid(_))
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (word, detail) = match self {
            Verdict::Valid(d) => ("valid", d),
            Verdict::Revoked(d) => ("REVOKED", d),
            Verdict::Expired(d) => ("EXPIRED", d),
            Verdict::NotYetValid(d) => ("NOT YET VALID", d),
            Verdict::Altered(d) => ("ALTERED", d),
            Verdict::Invalid(d) => ("INVALID", d),
            Verdict::CannotCheck(d) => ("CANNOT CHECK", d),
        };
        write!(f, "{word}: {detail}")
    }
}

/// A site folder's DID document, and the https base it stands for.
struct Site {
    dir: PathBuf,
    did_doc: Value,
    /// `host/path` of the site (no scheme, no trailing slash), from its did:web.
    base: String,
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

/// A credential from a JSON file or a baked PNG or SVG.
fn read_credential(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let kind = bake::sniff(&bytes);
    let text = bake::extract(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| match kind {
        bake::Kind::Json => format!("{} is not JSON: {e}", path.display()),
        _ => format!(
            "{}: the credential baked in this image is not JSON: {e}",
            path.display()
        ),
    })
}

fn load_site(dir: &Path) -> Result<Site, String> {
    let candidates = [dir.join(".well-known/did.json"), dir.join("did.json")];
    let path = candidates.iter().find(|p| p.is_file()).ok_or_else(|| {
        format!(
            "{} has no .well-known/did.json or did.json (is it a built site?)",
            dir.display()
        )
    })?;
    let did_doc = read_json(path)?;
    let id = did_doc
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let url = did::did_json_url(id).map_err(|e| format!("{}: {e}", path.display()))?;
    let base = url
        .trim_start_matches("https://")
        .trim_end_matches("/.well-known/did.json")
        .trim_end_matches("/did.json")
        .to_string();
    Ok(Site {
        dir: dir.to_path_buf(),
        did_doc,
        base,
    })
}

/// Checks files against the same sources; the site is read once.
pub struct Verifier {
    site: Option<Site>,
    web: Vec<DidWebResolver>,
    trusted: TrustedKeys,
    now: jiff::Timestamp,
}

impl Verifier {
    pub fn new(sources: &Sources, now: jiff::Timestamp) -> Result<Self, String> {
        let site = sources.site.as_deref().map(load_site).transpose()?;
        let mut web = Vec::new();
        if let Some(s) = &site {
            web.push(
                DidWebResolver::new(&s.did_doc)
                    .map_err(|e| format!("the site's DID document: {e}"))?,
            );
        }
        if let Some(p) = &sources.did_json {
            web.push(
                DidWebResolver::new(&read_json(p)?).map_err(|e| format!("{}: {e}", p.display()))?,
            );
        }
        let mut trusted = Vec::new();
        for k in &sources.keys {
            let (id, mk) = match k.rsplit_once('=') {
                Some((id, mk)) => (Some(id.to_string()), mk),
                None => (None, k.as_str()),
            };
            let key =
                sign::keys::decode_public_multikey(mk).map_err(|e| format!("--key {k}: {e}"))?;
            trusted.push((id, mk.to_string(), key));
        }
        Ok(Verifier {
            site,
            web,
            trusted: TrustedKeys(trusted),
            now,
        })
    }

    /// The verdict for a credential file: its JSON, or a badge image (PNG or SVG) with the
    /// credential baked in (Open Badges 3.0 §5.3), told apart by their first bytes.
    pub fn verify_file(&self, path: &Path) -> Verdict {
        match read_credential(path) {
            Ok(doc) => self.verify(&doc),
            Err(e) => Verdict::Invalid(e),
        }
    }

    /// The verdict for one credential.
    pub fn verify(&self, doc: &Value) -> Verdict {
        let issuer = match issuer_id(doc) {
            Some(i) => i,
            None => return Verdict::Invalid("the credential names no issuer".into()),
        };
        let suites = match self.check_proofs(doc, &issuer) {
            Ok(s) => s,
            Err(v) => return v,
        };
        let mut notes = vec![format!("{} by {issuer}", suites.join(" + "))];
        if !issuer.starts_with("did:web:") {
            notes.push(format!(
                "the issuer {issuer} is not a did:web, so only the signature was checked, not that the key is the issuer's"
            ));
        }
        match self.check_status(doc, &issuer) {
            Ok(Some(note)) => notes.push(note),
            Ok(None) => {}
            Err(v) => return v,
        }
        if let Err(v) = self.check_dates(doc) {
            return v;
        }
        Verdict::Valid(notes.join("; "))
    }

    fn resolver(&self) -> AnyResolver<'_> {
        let mut list: Vec<&dyn KeyResolver> = vec![&DidKeyResolver];
        list.extend(self.web.iter().map(|r| r as &dyn KeyResolver));
        list.push(&self.trusted);
        AnyResolver(list)
    }

    /// Verifies every proof and that each was made with a key of `issuer`.
    fn check_proofs(&self, doc: &Value, issuer: &str) -> Result<Vec<String>, Verdict> {
        if issuer.starts_with("did:web:") && !self.web.iter().any(|w| w.did() == issuer) {
            return Err(Verdict::CannotCheck(format!(
                "the issuer is {issuer}; pass --site with the built site or --did-json with its DID document"
            )));
        }
        let reports = sign::verify(doc, &self.resolver()).map_err(|e| match e {
            sign::VerifyError::BadSignature { .. } => Verdict::Altered(e.to_string()),
            sign::VerifyError::Resolve { .. } => Verdict::CannotCheck(e.to_string()),
            other => Verdict::Invalid(other.to_string()),
        })?;
        let mut suites = Vec::new();
        for r in &reports {
            let key_did = r.verification_method.split('#').next().unwrap_or_default();
            // A did:web issuer (a credcat site) must have signed with its own key. For other
            // issuers the binding cannot be checked offline; the verdict says so.
            if issuer.starts_with("did:web:") && key_did != issuer {
                return Err(Verdict::Altered(format!(
                    "proof {} was made with a key of {key_did}, but the issuer is {issuer}",
                    r.index
                )));
            }
            suites.push(r.suite.name().to_string());
        }
        Ok(suites)
    }

    /// `Ok(Some(note))` when a status was checked and is clear; `Err` when revoked or unknown.
    fn check_status(&self, doc: &Value, issuer: &str) -> Result<Option<String>, Verdict> {
        let entries: Vec<&Value> = match doc.get("credentialStatus") {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Array(a)) => a.iter().collect(),
            Some(one) => vec![one],
        };
        let mut notes = Vec::new();
        for entry in entries {
            let ty = entry
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let purpose = entry
                .get("statusPurpose")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if ty != "BitstringStatusListEntry" {
                return Err(Verdict::CannotCheck(format!(
                    "unsupported credentialStatus type `{ty}`"
                )));
            }
            let url = entry
                .get("statusListCredential")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let index: usize = entry
                .get("statusListIndex")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| {
                    Verdict::Invalid("statusListIndex is not a number in a string".into())
                })?;
            let list_doc = self.status_list_doc(url)?;
            // The list must verify and come from the same issuer, or anyone could publish one.
            self.check_proofs(&list_doc, issuer).map_err(|v| match v {
                Verdict::Altered(d) | Verdict::Invalid(d) | Verdict::CannotCheck(d) => {
                    Verdict::CannotCheck(format!("the status list {url} does not verify: {d}"))
                }
                other => other,
            })?;
            if issuer_id(&list_doc).as_deref() != Some(issuer) {
                return Err(Verdict::CannotCheck(format!(
                    "the status list {url} is not issued by {issuer}"
                )));
            }
            let subject = &list_doc["credentialSubject"];
            let list_purpose = subject
                .get("statusPurpose")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if list_purpose != purpose {
                return Err(Verdict::Invalid(format!(
                    "the status list is for `{list_purpose}`, the entry for `{purpose}`"
                )));
            }
            let encoded = subject
                .get("encodedList")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let list = StatusList::decode(encoded)
                .map_err(|e| Verdict::CannotCheck(format!("status list {url}: {e}")))?;
            let set = list
                .get(index)
                .map_err(|e| Verdict::Invalid(format!("status list {url}: {e}")))?;
            if set && purpose == "revocation" {
                return Err(Verdict::Revoked(format!("bit {index} of {url} is set")));
            }
            if set {
                return Err(Verdict::CannotCheck(format!(
                    "status `{purpose}` is set (bit {index} of {url})"
                )));
            }
            notes.push(if purpose == "revocation" {
                format!("not revoked (bit {index} of {url})")
            } else {
                format!("`{purpose}` not set (bit {index} of {url})")
            });
        }
        Ok(Some(notes.join(", ")))
    }

    fn status_list_doc(&self, url: &str) -> Result<Value, Verdict> {
        let no_scheme = url
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        let rel = self.site.as_ref().and_then(|s| {
            let rest = no_scheme.strip_prefix(&s.base)?.strip_prefix('/')?;
            Some((s, rest))
        });
        let Some((site, rel)) = rel else {
            return Err(Verdict::CannotCheck(format!(
                "the status list {url} is not in a site folder given with --site; its revocation bit cannot be checked offline"
            )));
        };
        // A status list URL comes from the credential being checked: keep it inside the site.
        if rel.split('/').any(|seg| seg == ".." || seg.is_empty()) || rel.contains(['?', '#', '\\'])
        {
            return Err(Verdict::Invalid(format!(
                "status list URL {url} is not a plain site path"
            )));
        }
        read_json(&site.dir.join(rel)).map_err(Verdict::CannotCheck)
    }

    fn check_dates(&self, doc: &Value) -> Result<(), Verdict> {
        let date = |field: &str| -> Result<Option<jiff::Timestamp>, Verdict> {
            match doc.get(field) {
                None => Ok(None),
                Some(Value::String(s)) => parse_datetime(s)
                    .map(Some)
                    .ok_or_else(|| Verdict::Invalid(format!("{field} `{s}` is not a dateTime"))),
                Some(_) => Err(Verdict::Invalid(format!("{field} is not a string"))),
            }
        };
        if let Some(from) = date("validFrom")? {
            if from > self.now {
                return Err(Verdict::NotYetValid(format!("valid from {from}")));
            }
        }
        if let Some(until) = date("validUntil")? {
            if until < self.now {
                return Err(Verdict::Expired(format!("expired {until}")));
            }
        }
        Ok(())
    }
}

/// An XML Schema dateTime; one without a time zone is read as UTC.
fn parse_datetime(s: &str) -> Option<jiff::Timestamp> {
    s.parse::<jiff::Timestamp>().ok().or_else(|| {
        s.parse::<jiff::civil::DateTime>()
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp())
    })
}

fn issuer_id(doc: &Value) -> Option<String> {
    match doc.get("issuer")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        assert!(parse_datetime("2026-01-01T00:00:00Z").is_some());
        assert!(parse_datetime("2026-01-01T00:00:00").is_some());
        assert!(parse_datetime("2022-11-10T07:38:00-08:00").is_some());
        assert!(parse_datetime("soon").is_none());
    }

    #[test]
    fn garbage_is_invalid_not_a_panic() {
        let v = Verifier::new(&Sources::default(), jiff::Timestamp::now()).unwrap();
        for doc in [
            serde_json::json!(null),
            serde_json::json!({}),
            serde_json::json!({"issuer": 3}),
        ] {
            assert!(matches!(v.verify(&doc), Verdict::Invalid(_)), "{doc}");
        }
        let doc = serde_json::json!({"issuer": "did:web:x.example", "proof": {}});
        assert!(matches!(v.verify(&doc), Verdict::CannotCheck(_)));
    }
}
