//! Raw records: the content files' fields exactly as written, typed by serde, with spans on
//! every value that `resolve` still has to check or link. Nothing here is validated beyond
//! TOML syntax, field names and primitive types.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCredential {
    pub ctid: S<String>,
    pub name: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    pub status: S<String>,
    pub language: Option<S<String>>,
    #[serde(default)]
    pub owned_by: Vec<S<String>>,
    #[serde(default)]
    pub offered_by: Vec<S<String>>,
    #[serde(default)]
    pub accredited_by: Vec<S<String>>,
    pub summary: S<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub competencies: Vec<S<String>>,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub image: Option<S<String>>,
    pub estimated_hours: Option<S<f64>>,
    pub duration: Option<S<String>>,
    #[serde(default)]
    pub audience_level: Vec<S<String>>,
    #[serde(default)]
    pub delivery: Vec<S<String>>,
    #[serde(default)]
    pub prerequisites: Vec<S<String>>,
    #[serde(default)]
    pub recommended: Vec<S<String>>,
    #[serde(default)]
    pub stacks_into: Vec<S<String>>,
    pub date_effective: Option<S<toml::Value>>,
    #[serde(default)]
    pub draft: bool,
    pub assessment: Option<RawAssessment>,
    #[serde(default)]
    pub costs: Vec<RawCost>,
    pub credit: Option<RawCredit>,
    #[serde(default)]
    pub occupations: Vec<RawCoded>,
    #[serde(default)]
    pub industries: Vec<RawCoded>,
    /// CIP 2020 codes of the program of study (`11.0701`).
    #[serde(default)]
    pub cip: Vec<S<String>>,
    pub version: Option<RawVersion>,
    pub outcomes: Option<RawOutcomes>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssessment {
    #[serde(default)]
    pub method: Vec<S<String>>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub rubric: String,
    #[serde(default)]
    pub mastery_threshold: String,
    #[serde(default)]
    pub proctored: bool,
    #[serde(default)]
    pub identity_verified: bool,
    #[serde(default)]
    pub retake_policy: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCost {
    pub amount: S<f64>,
    pub currency: S<String>,
    pub kind: S<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCredit {
    pub value: S<f64>,
    pub unit: S<String>,
}

/// An occupation (O*NET-SOC) or industry (NAICS) code with its title.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCoded {
    pub code: S<String>,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVersion {
    pub identifier: String,
    pub supersedes: Option<S<String>>,
    #[serde(default)]
    pub history: Vec<RawVersionEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVersionEntry {
    pub identifier: String,
    pub date: S<toml::Value>,
    #[serde(default)]
    pub changes: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcomes {
    pub holders: Option<u64>,
    pub pass_rate: Option<S<f64>>,
    pub completion_rate: Option<S<f64>>,
    pub employment_rate: Option<S<f64>>,
    pub median_weeks_to_complete: Option<S<f64>>,
    pub as_of: S<toml::Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    pub ctid: S<String>,
    pub name: S<String>,
    pub publisher: Option<S<String>>,
    pub language: Option<S<String>>,
    #[serde(default)]
    pub summary: String,
    pub source_url: Option<S<String>>,
    pub date_created: Option<S<toml::Value>>,
    pub date_modified: Option<S<toml::Value>>,
    #[serde(default)]
    pub levels: Vec<RawLevel>,
    #[serde(default)]
    pub competencies: Vec<RawCompetency>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: S<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompetency {
    pub code: S<String>,
    pub label: String,
    pub statement: String,
    #[serde(default)]
    pub skill: String,
    pub level: Option<S<String>>,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub tasks: Vec<String>,
    pub ctid: Option<S<String>>,
    #[serde(default)]
    pub children: Vec<RawCompetency>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganization {
    pub ctid: S<String>,
    pub name: S<String>,
    pub kind: S<String>,
    pub sector: Option<S<String>>,
    pub url: S<String>,
    pub email: Option<S<String>>,
    pub logo: Option<S<String>>,
    #[serde(default)]
    pub summary: String,
    pub location: Option<RawLocation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub region: String,
    pub country: Option<S<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPathway {
    pub ctid: S<String>,
    pub name: S<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub owned_by: Vec<S<String>>,
    pub destination: S<String>,
    #[serde(default)]
    pub stages: Vec<RawStage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub name: String,
    pub credentials: S<Vec<S<String>>>,
    pub require: Option<S<toml::Value>>,
}

/// One awarded badge, from a TOML `[[award]]` table or a CSV row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAward {
    pub id: S<String>,
    pub credential: S<String>,
    #[serde(default)]
    pub recipient_name: String,
    #[serde(default)]
    pub publish_name: bool,
    pub recipient_email: S<String>,
    pub issued: S<toml::Value>,
    pub expires: Option<S<toml::Value>>,
    pub evidence_url: Option<S<String>>,
    pub evidence_narrative: Option<String>,
    #[serde(default)]
    pub revoked: bool,
    #[serde(default)]
    pub revocation_reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAwardFile {
    #[serde(default)]
    pub award: Vec<RawAward>,
}
