//! Open Badges 3.0 `Achievement` for every credential: `credentials/<slug>/achievement.json`.
//!
//! [`achievement`] is the pure description (no `@context`), which the badge signer embeds in
//! each `OpenBadgeCredential`'s `credentialSubject.achievement`; the published file adds the
//! VC 2.0 and OB 3.0 contexts so it is a JSON-LD document on its own. The achievement aligns
//! to the credential's CTDL resource (`targetType: "ceterms:Credential"`) and to each
//! competency (`"ceasn:Competency"`), so a verifier can go from a badge to the registry data.
//! Its `creator` is the issuer profile the badges are signed under (the site's did:web), and
//! each signed badge embeds exactly this achievement, id and all.

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::{ctdl, urls, Ctx, EmitError, OutFile};
use crate::model::*;

/// The VC 2.0 and OB 3.0.3 contexts, in the order OB 3.0 requires.
pub const CONTEXTS: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// Site path of a credential's achievement.
pub fn path(c: &Credential) -> String {
    format!("{}achievement.json", urls::credential(c))
}

/// OB 3.0 `achievementType` for a CTDL credential class. OB's vocabulary is coarser: the
/// degree subclasses fold into their level, badge variants into `Badge`.
pub fn achievement_type(kind: CredentialType) -> &'static str {
    use CredentialType::*;
    match kind {
        Badge | DigitalBadge | OpenBadge => "Badge",
        MicroCredential => "MicroCredential",
        Certificate => "Certificate",
        CertificateOfCompletion => "CertificateOfCompletion",
        ApprenticeshipCertificate => "ApprenticeshipCertificate",
        JourneymanCertificate => "JourneymanCertificate",
        MasterCertificate => "MasterCertificate",
        Certification => "Certification",
        License => "License",
        Diploma => "Diploma",
        SecondarySchoolDiploma => "SecondarySchoolDiploma",
        GeneralEducationDevelopment => "GeneralEducationDevelopment",
        Degree | SpecialistDegree => "Degree",
        AssociateDegree
        | AssociateOfArtsDegree
        | AssociateOfScienceDegree
        | AssociateOfAppliedArtsDegree
        | AssociateOfAppliedScienceDegree => "AssociateDegree",
        BachelorDegree | BachelorOfArtsDegree | BachelorOfScienceDegree => "BachelorDegree",
        MasterDegree | MasterOfArtsDegree | MasterOfScienceDegree => "MasterDegree",
        DoctoralDegree => "DoctoralDegree",
        ProfessionalDoctorate => "ProfessionalDoctorate",
        ResearchDoctorate => "ResearchDoctorate",
        QualityAssuranceCredential => "QualityAssuranceCredential",
    }
}

/// What a learner had to do, as markdown: the assessment, the mastery threshold, the skills.
fn narrative(c: &Credential) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &c.assessment {
        if !a.description.is_empty() {
            parts.push(a.description.clone());
        }
        if !a.rubric.is_empty() {
            parts.push(a.rubric.clone());
        }
        if !a.mastery_threshold.is_empty() {
            parts.push(format!(
                "Mastery threshold: {}.",
                a.mastery_threshold.trim_end_matches('.')
            ));
        }
    }
    if !c.skills.is_empty() {
        let list: Vec<String> = c.skills.iter().map(|s| format!("- {s}")).collect();
        parts.push(format!("The holder can:\n\n{}", list.join("\n")));
    }
    if parts.is_empty() {
        parts.push(c.summary.clone());
    }
    parts.join("\n\n")
}

/// The OB 3.0 `Profile` of the issuer: the site's did:web, named after the publishing
/// organization (or the catalog). The signed badges' `issuer` and every achievement's
/// `creator`, so a wallet sees one issuer for both.
pub fn issuer_profile(cat: &Catalog, did: &str) -> Value {
    let (name, url) = match cat.publisher {
        Some(p) => {
            let o = cat.organization(p);
            (o.name.clone(), o.url.to_string())
        }
        None => (cat.config.title.clone(), cat.config.base_url.clone()),
    };
    json!({ "id": did, "type": ["Profile"], "name": name, "url": url })
}

/// An OB 3.0 `Profile` for an organization.
pub fn profile(cat: &Catalog, o: &Organization) -> Value {
    let mut p = Map::new();
    p.insert("id".into(), json!(ctdl::resource_uri(cat, &o.ctid)));
    p.insert("type".into(), json!(["Profile"]));
    p.insert("name".into(), json!(o.name));
    p.insert("url".into(), json!(o.url));
    if let Some(e) = &o.email {
        p.insert("email".into(), json!(e));
    }
    if !o.summary.is_empty() {
        p.insert("description".into(), json!(o.summary));
    }
    Value::Object(p)
}

/// The OB 3.0 `Achievement` of a credential, without `@context`.
pub fn achievement(cat: &Catalog, c: &Credential) -> Value {
    let page = cat.config.url(&urls::credential(c));
    let mut a = Map::new();
    a.insert("id".into(), json!(cat.config.url(&path(c))));
    a.insert("type".into(), json!(["Achievement"]));
    a.insert("name".into(), json!(c.name));
    a.insert("description".into(), json!(c.summary));
    a.insert(
        "criteria".into(),
        json!({ "id": page, "narrative": narrative(c) }),
    );
    if let Some(img) = &c.image {
        let src = if img.starts_with('/') && !img.starts_with("//") {
            cat.config.url(img)
        } else {
            img.to_string()
        };
        a.insert(
            "image".into(),
            json!({ "id": src, "type": "Image", "caption": c.name }),
        );
    }
    a.insert("achievementType".into(), json!(achievement_type(c.kind)));
    let mut alignment = vec![json!({
        "type": ["Alignment"],
        "targetName": c.name,
        "targetDescription": c.summary,
        "targetUrl": ctdl::resource_uri(cat, &c.ctid),
        "targetCode": c.ctid.0,
        "targetType": "ceterms:Credential",
    })];
    let mut seen = Vec::new();
    for id in &c.competencies {
        if seen.contains(id) {
            continue;
        }
        seen.push(*id);
        let k = cat.competency(*id);
        let f = cat.framework(k.framework);
        alignment.push(json!({
            "type": ["Alignment"],
            "targetName": k.label,
            "targetDescription": k.statement,
            "targetUrl": ctdl::resource_uri(cat, &k.ctid),
            "targetCode": k.code,
            "targetFramework": f.name,
            "targetType": "ceasn:Competency",
        }));
    }
    a.insert("alignment".into(), json!(alignment));
    // The issuer's profile, as in the signed badges; a base URL that makes no did:web (none
    // that `build` accepts) falls back to the owning organization's profile.
    match crate::sign::did_web_for_base_url(&cat.config.base_url) {
        Ok(did) => {
            a.insert("creator".into(), issuer_profile(cat, &did));
        }
        Err(_) => {
            if let Some(owner) = c.owned_by.first() {
                a.insert("creator".into(), profile(cat, cat.organization(*owner)));
            }
        }
    }
    if let Some(k) = &c.credit {
        // OB's creditsAvailable is "credit hours"; other units would be misread.
        if matches!(k.unit, CreditUnit::SemesterHours | CreditUnit::QuarterHours) {
            a.insert("creditsAvailable".into(), json!(k.value));
        }
    }
    a.insert("inLanguage".into(), json!(c.language));
    if !c.keywords.is_empty() {
        a.insert("tag".into(), json!(c.keywords));
    }
    if let Some(v) = &c.version {
        a.insert("version".into(), json!(v.identifier));
    }
    Value::Object(a)
}

/// The published file: the achievement with its JSON-LD contexts first.
pub fn document(cat: &Catalog, c: &Credential) -> Value {
    let mut doc = Map::new();
    doc.insert("@context".into(), json!(CONTEXTS));
    if let Value::Object(a) = achievement(cat, c) {
        doc.extend(a);
    }
    Value::Object(doc)
}

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    ctx.deliver(
        cat.credentials
            .par_iter()
            .filter(|c| super::ctdl::documents_wanted(ctx, super::pages::Page::Credential(c.id)))
            .map(|c| {
                // Serializing a `Value` cannot fail: its keys are strings.
                let mut text = serde_json::to_string(&document(cat, c)).unwrap_or_default();
                text.push('\n');
                Ok(OutFile::new(path(c), text))
            }),
    )
}
