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
    /// Spanned as a whole, so an empty list is reported where it is written.
    pub owned_by: Option<S<Vec<S<String>>>>,
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
    /// Earlier slugs of the credential: each keeps a page that redirects to the current one.
    #[serde(default)]
    pub aliases: Vec<S<String>>,
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
    /// A `[outcomes]` table (one summary) or `[[outcomes]]` tables (a series by cohort).
    pub outcomes: Option<RawOutcomesField>,
    pub governance: Option<RawGovernance>,
}

/// `outcomes` as written: the one-table summary or the array of cohorts. Deserialized by
/// hand so each form keeps serde's own messages (an untagged enum would say only "data did
/// not match any variant").
#[derive(Debug, Clone)]
pub enum RawOutcomesField {
    Summary(Box<RawOutcomes>),
    Series(Vec<RawCohort>),
}

impl<'de> Deserialize<'de> for RawOutcomesField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawOutcomesField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an `[outcomes]` table or `[[outcomes]]` tables")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                RawOutcomes::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|o| RawOutcomesField::Summary(Box::new(o)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::<RawCohort>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(RawOutcomesField::Series)
            }
        }
        d.deserialize_any(V)
    }
}

/// One `[[outcomes]]` cohort: a period, its size, where the numbers come from, and any of
/// the indicators. Rates are fractions from 0 to 1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCohort {
    pub period: S<String>,
    pub cohort_size: Option<S<i64>>,
    #[serde(default)]
    pub source: String,
    pub pass_rate: Option<S<f64>>,
    pub completion_rate: Option<S<f64>>,
    pub median_weeks_to_complete: Option<S<f64>>,
    pub placement_rate: Option<S<f64>>,
    pub performance_90_day: Option<S<f64>>,
    pub performance_180_day: Option<S<f64>>,
    pub retention_90_day: Option<S<f64>>,
    pub retention_180_day: Option<S<f64>>,
    pub earnings_lift: Option<S<f64>>,
}

/// `[governance]`: who approves the credential, when it was last reviewed and how often it
/// must be, and the employers who advise on or recognize it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGovernance {
    pub approved_by: Option<S<String>>,
    pub last_reviewed: Option<S<toml::Value>>,
    pub review_every_months: Option<S<i64>>,
    #[serde(default)]
    pub advisory_board: Vec<S<String>>,
    #[serde(default)]
    pub recognized_by: Vec<S<String>>,
    #[serde(default)]
    pub process: String,
}

/// `[[assessment.validation]]`: how the assessment of one type of skill is shown to measure it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawValidation {
    pub skill_type: S<String>,
    #[serde(default)]
    pub method: Vec<S<String>>,
    #[serde(default)]
    pub evidence: String,
    pub last_validated: Option<S<toml::Value>>,
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
    /// What a learner who does not reach mastery is offered before a retake.
    #[serde(default)]
    pub remediation: String,
    #[serde(default)]
    pub validation: Vec<RawValidation>,
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
    /// How a holder of the superseded version reaches this one.
    #[serde(default)]
    pub bridge: String,
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
    /// How a holder of the version before this one reaches it.
    #[serde(default)]
    pub bridge: String,
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

/// A free-form page's front matter (`content/pages/*.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub title: S<String>,
    #[serde(default)]
    pub description: String,
    /// Listed in the site's main navigation.
    #[serde(default)]
    pub nav: bool,
    /// Place in the navigation: lower first, then by title.
    #[serde(default)]
    pub weight: i32,
    /// A template of the theme or the site's `templates/` (default `page.html`).
    pub template: Option<S<String>>,
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
    /// Older award files keep the address itself; `credcat issue` writes only its salted
    /// hash (`recipient_hash`, `recipient_salt`), so no address lands in the repository.
    pub recipient_email: Option<S<String>>,
    pub recipient_hash: Option<S<String>>,
    pub recipient_salt: Option<S<String>>,
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
