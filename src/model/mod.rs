//! The resolved catalog: the one model every later stage reads. Built once by `resolve`,
//! never mutated afterwards, with one exception: the dev server's session keeps its own copy
//! between builds and patches it in place after an edit of credential files
//! (`resolve::patch`), to exactly what a new `resolve` would build. References are typed
//! indices ([`CredentialId`] …) into the catalog's vectors; back-references (what requires a
//! credential, which credentials certify a competency) are filled in by `resolve` so
//! emitters never search.
//!
//! A recipient's email is an [`Email`], which has no `Serialize`: it cannot reach a template
//! context or a JSON file by accident, only the badge signer's hashing.

pub mod body;
pub mod vocab;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use crate::config::SiteConfig;
pub use body::BodyHtml;
pub use vocab::*;

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}
id_type!(
    CredentialId,
    FrameworkId,
    CompetencyId,
    OrgId,
    PathwayId,
    AwardId,
    FreePageId
);

/// A Credential Engine identifier: `ce-` + lowercase UUID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Ctid(pub String);

impl fmt::Display for Ctid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub config: Arc<SiteConfig>,
    pub credentials: Vec<Credential>,
    pub frameworks: Vec<Framework>,
    pub competencies: Vec<Competency>,
    pub organizations: Vec<Organization>,
    pub pathways: Vec<Pathway>,
    pub awards: Vec<Award>,
    /// Free-form pages (About, How to enroll), by slug.
    pub pages: Vec<FreePage>,
    /// The publishing organization named in the config.
    pub publisher: Option<OrgId>,
    pub index: Index,
}

/// Slug → id lookups, for the few places (CLI arguments) that start from a name.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub credentials: HashMap<String, CredentialId>,
    pub organizations: HashMap<String, OrgId>,
}

impl Catalog {
    pub fn credential(&self, id: CredentialId) -> &Credential {
        &self.credentials[id.index()]
    }
    pub fn framework(&self, id: FrameworkId) -> &Framework {
        &self.frameworks[id.index()]
    }
    pub fn competency(&self, id: CompetencyId) -> &Competency {
        &self.competencies[id.index()]
    }
    pub fn organization(&self, id: OrgId) -> &Organization {
        &self.organizations[id.index()]
    }
    pub fn free_page(&self, id: FreePageId) -> &FreePage {
        &self.pages[id.index()]
    }
    /// The pages listed in the main navigation, in their order.
    pub fn nav_pages(&self) -> Vec<&FreePage> {
        let mut v: Vec<&FreePage> = self.pages.iter().filter(|p| p.nav).collect();
        v.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
        v
    }
    pub fn pathway(&self, id: PathwayId) -> &Pathway {
        &self.pathways[id.index()]
    }
    pub fn credential_by_slug(&self, slug: &str) -> Option<&Credential> {
        self.index
            .credentials
            .get(slug)
            .map(|id| self.credential(*id))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Credential {
    pub id: CredentialId,
    pub slug: String,
    pub file: PathBuf,
    pub ctid: Ctid,
    pub name: String,
    pub kind: CredentialType,
    pub status: CredentialStatus,
    pub language: String,
    pub owned_by: Vec<OrgId>,
    pub offered_by: Vec<OrgId>,
    pub accredited_by: Vec<OrgId>,
    pub summary: String,
    /// The markdown body, rendered and sanitized, its `@/` links as written (checked by
    /// resolve): a page writes them as site paths with `emit::urls::body_html`. Shared
    /// with the loaded record.
    pub description_html: BodyHtml,
    /// Plain-language statements of what a holder can do.
    pub skills: Vec<String>,
    pub competencies: Vec<CompetencyId>,
    pub keywords: Vec<String>,
    pub image: Option<Link>,
    pub estimated_hours: Option<f64>,
    pub duration: Option<Duration>,
    pub audience_levels: Vec<AudienceLevel>,
    pub delivery: Vec<Delivery>,
    pub prerequisites: Vec<CredentialId>,
    pub recommended: Vec<CredentialId>,
    pub stacks_into: Vec<CredentialId>,
    pub date_effective: Option<Date>,
    pub draft: bool,
    pub assessment: Option<Assessment>,
    pub costs: Vec<Cost>,
    pub credit: Option<Credit>,
    pub occupations: Vec<Coded>,
    pub industries: Vec<Coded>,
    /// CIP 2020 codes (`11.0701`): the credential is a program of study in these fields.
    pub cip: Vec<String>,
    pub version: Option<Version>,
    pub outcomes: Option<Outcomes>,
    /// `[[outcomes]]`: indicators by cohort, in period order (empty when the credential
    /// publishes none, or only the `[outcomes]` summary).
    pub cohorts: Vec<Cohort>,
    pub governance: Option<Governance>,
    // Back-references, filled by resolve.
    pub required_by: Vec<CredentialId>,
    pub recommended_for: Vec<CredentialId>,
    pub stacked_from: Vec<CredentialId>,
    pub in_pathways: Vec<PathwayId>,
    pub superseded_by: Option<CredentialId>,
    pub supersedes: Option<SupersededRef>,
    /// Earlier slugs, each published as a redirect to this credential's page.
    pub aliases: Vec<String>,
}

impl Credential {
    /// What earning the credential costs a learner who passes the first time, in the
    /// currency of its first cost: every cost in that currency but the re-examination and
    /// renewal fees, which only some pay, or pay later. An `aggregate` cost counts as one
    /// item among the others (the demo's certificate states tuition and fees for all its
    /// credits as one, and its textbooks beside it). `None` when it lists no cost.
    pub fn cost_to_earn(&self) -> Option<(f64, &'static str)> {
        let currency = self.costs.first()?.currency;
        let sum = self
            .costs
            .iter()
            .filter(|k| k.currency == currency)
            .filter(|k| !matches!(k.kind, CostKind::Reexamination | CostKind::Renewal))
            .map(|k| k.amount)
            .sum();
        Some((sum, currency))
    }

    /// Every list of other credentials its page shows: what it links to and what links to it.
    pub fn relations(&self) -> [&[CredentialId]; 6] {
        Relation::ALL.map(|r| self.related(r))
    }

    /// One list of other credentials its page shows.
    pub fn related(&self, r: Relation) -> &[CredentialId] {
        match r {
            Relation::Prerequisites => &self.prerequisites,
            Relation::Recommended => &self.recommended,
            Relation::StacksInto => &self.stacks_into,
            Relation::RequiredBy => &self.required_by,
            Relation::RecommendedFor => &self.recommended_for,
            Relation::StackedFrom => &self.stacked_from,
        }
    }
}

/// One of the lists of other credentials a credential's page shows: the three it states
/// and their back-references. In a skewed catalog a back-reference can hold thousands (a
/// foundation course every other one recommends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    Prerequisites,
    Recommended,
    StacksInto,
    RequiredBy,
    RecommendedFor,
    StackedFrom,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Prerequisites,
        Relation::Recommended,
        Relation::StacksInto,
        Relation::RequiredBy,
        Relation::RecommendedFor,
        Relation::StackedFrom,
    ];

    /// Its names, in one table: the context key of the list on a credential page, the URL
    /// segment of its pages when it is cut into pages of its own, and what those pages say
    /// before the credential's name.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Relation::Prerequisites => (
                "prerequisites",
                "prerequisites",
                "Credentials required before",
            ),
            Relation::Recommended => (
                "recommended",
                "recommended",
                "Credentials recommended before",
            ),
            Relation::StacksInto => ("stacks_into", "counts-toward", "Credentials that include"),
            Relation::RequiredBy => ("required_by", "required-for", "Credentials that require"),
            Relation::RecommendedFor => (
                "recommended_for",
                "recommended-before",
                "Credentials that recommend starting with",
            ),
            Relation::StackedFrom => ("stacked_from", "made-up-of", "Credentials that make up"),
        }
    }

    /// The context key of the list on a credential page.
    pub fn key(self) -> &'static str {
        self.names().0
    }

    /// The URL segment of the list's pages when it is cut into pages of its own.
    pub fn slug(self) -> &'static str {
        self.names().1
    }

    /// What the pages of the list say before the credential's name.
    pub fn heading(self) -> &'static str {
        self.names().2
    }
}

/// The version a credential replaces: a credential in this catalog, or only a CTID.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SupersededRef {
    InCatalog(CredentialId),
    External(Ctid),
}

/// An ISO 8601 duration, kept as written and as parts for display.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duration {
    pub iso: String,
    pub years: f64,
    pub months: f64,
    pub weeks: f64,
    pub days: f64,
    pub hours: f64,
}

impl Duration {
    /// "8 weeks", "1 year 6 months", "40 hours".
    pub fn describe(&self) -> String {
        let parts = [
            (self.years, "year"),
            (self.months, "month"),
            (self.weeks, "week"),
            (self.days, "day"),
            (self.hours, "hour"),
        ];
        parts
            .iter()
            .filter(|(n, _)| *n > 0.0)
            .map(|(n, unit)| format!("{} {unit}{}", fmt_num(*n), if *n == 1.0 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Formats a number without a trailing `.0`.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub methods: Vec<AssessmentMethod>,
    pub description: String,
    pub rubric: String,
    pub mastery_threshold: String,
    pub proctored: bool,
    pub identity_verified: bool,
    pub retake_policy: String,
    pub remediation: String,
    pub validation: Vec<Validation>,
}

/// The kind of skill an assessment measures; each calls for its own evidence (a knowledge
/// exam does not show a technical skill, a written test does not show a professional one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SkillType {
    Knowledge,
    Technical,
    Professional,
}

impl SkillType {
    pub const ALL: [SkillType; 3] = [
        SkillType::Knowledge,
        SkillType::Technical,
        SkillType::Professional,
    ];
    pub fn key(self) -> &'static str {
        match self {
            SkillType::Knowledge => "knowledge",
            SkillType::Technical => "technical",
            SkillType::Professional => "professional",
        }
    }
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.key() == word)
    }
    pub fn keys() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.key()).collect()
    }
    /// The assessment methods that can show this kind of skill: recall for knowledge, a
    /// product or a performance for the others.
    pub fn fitting_methods(self) -> &'static [AssessmentMethod] {
        match self {
            SkillType::Knowledge => &[
                AssessmentMethod::Exam,
                AssessmentMethod::Artifact,
                AssessmentMethod::Performance,
            ],
            SkillType::Technical => &[AssessmentMethod::Artifact, AssessmentMethod::Performance],
            SkillType::Professional => &[AssessmentMethod::Performance],
        }
    }
}

/// How the assessment of one kind of skill is validated.
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    pub skill_type: SkillType,
    pub methods: Vec<AssessmentMethod>,
    pub evidence: String,
    pub last_validated: Option<Date>,
}

/// `[governance]` of a credential.
#[derive(Debug, Clone, Serialize)]
pub struct Governance {
    pub approved_by: Option<OrgId>,
    pub last_reviewed: Option<Date>,
    pub review_every_months: Option<u32>,
    /// Employers (or others) on the credential's advisory board.
    pub advisory_board: Vec<OrgId>,
    /// Organizations that recognize the credential (employers, boards, associations).
    pub recognized_by: Vec<OrgId>,
    pub process: String,
    /// Where `last_reviewed` is written (or the `[governance]` cadence when it is not), for
    /// the overdue-review warning `check` gives.
    #[serde(skip)]
    pub review_span: Option<std::ops::Range<usize>>,
}

impl Governance {
    /// The date the next review is due: the last review plus the cadence.
    pub fn next_review(&self) -> Option<Date> {
        let last = self.last_reviewed?;
        let months = self.review_every_months?;
        last.checked_add(jiff::Span::new().months(i64::from(months)))
            .ok()
    }
}

/// The time a cohort's outcomes cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Period {
    Year {
        year: i16,
    },
    Half {
        year: i16,
        half: u8,
    },
    Quarter {
        year: i16,
        quarter: u8,
    },
    /// An explicit range, both ends inclusive.
    Range {
        start: Date,
        end: Date,
    },
}

impl Period {
    /// The first day. A year past 9999 (only `next()` of a 9999 period makes one) gives
    /// `Date::MAX` rather than a panic.
    pub fn start(&self) -> Date {
        let day = |y: i16, m: i8, d: i8| Date::new(y, m, d).unwrap_or(Date::MAX);
        match *self {
            Period::Year { year } => day(year, 1, 1),
            Period::Half { year, half } => day(year, if half == 1 { 1 } else { 7 }, 1),
            Period::Quarter { year, quarter } => day(year, (quarter as i8 - 1) * 3 + 1, 1),
            Period::Range { start, .. } => start,
        }
    }
    /// The last day, inclusive.
    pub fn end(&self) -> Date {
        let day = |y: i16, m: i8, d: i8| Date::new(y, m, d).unwrap_or(Date::MAX);
        match *self {
            Period::Year { year } => day(year, 12, 31),
            Period::Half { year, half: 1 } => day(year, 6, 30),
            Period::Half { year, .. } => day(year, 12, 31),
            Period::Quarter { year, quarter } => day(year, quarter as i8 * 3, 1).last_of_month(),
            Period::Range { end, .. } => end,
        }
    }
    /// The label written in content and shown on charts: `2023`, `2023-H1`, `2023-Q2`,
    /// `2023-01-01/2023-06-30`.
    pub fn label(&self) -> String {
        match *self {
            Period::Year { year } => format!("{year}"),
            Period::Half { year, half } => format!("{year}-H{half}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::Range { start, end } => format!("{start}/{end}"),
        }
    }
    /// The period right after this one, for finding gaps; `None` for explicit ranges, whose
    /// neighbours cannot be known.
    pub fn next(&self) -> Option<Period> {
        Some(match *self {
            Period::Year { year } => Period::Year {
                year: year.checked_add(1)?,
            },
            Period::Half { year, half: 1 } => Period::Half { year, half: 2 },
            Period::Half { year, .. } => Period::Half {
                year: year.checked_add(1)?,
                half: 1,
            },
            Period::Quarter { year, quarter } if quarter < 4 => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
            Period::Quarter { year, .. } => Period::Quarter {
                year: year.checked_add(1)?,
                quarter: 1,
            },
            Period::Range { .. } => return None,
        })
    }
    /// Periods of the same form can share one chart axis.
    pub fn form(&self) -> &'static str {
        match self {
            Period::Year { .. } => "year",
            Period::Half { .. } => "half-year",
            Period::Quarter { .. } => "quarter",
            Period::Range { .. } => "date range",
        }
    }
}

/// The indicators a cohort can carry. Rates are fractions from 0 to 1; the median is in
/// weeks; the earnings lift is a relative change (0.12 = 12% higher) and may be negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    PassRate,
    CompletionRate,
    MedianWeeksToComplete,
    PlacementRate,
    Performance90Day,
    Performance180Day,
    Retention90Day,
    Retention180Day,
    EarningsLift,
}

impl Indicator {
    pub const ALL: [Indicator; 9] = [
        Indicator::PassRate,
        Indicator::CompletionRate,
        Indicator::MedianWeeksToComplete,
        Indicator::PlacementRate,
        Indicator::Performance90Day,
        Indicator::Performance180Day,
        Indicator::Retention90Day,
        Indicator::Retention180Day,
        Indicator::EarningsLift,
    ];
    /// The field name in content and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Indicator::PassRate => "pass_rate",
            Indicator::CompletionRate => "completion_rate",
            Indicator::MedianWeeksToComplete => "median_weeks_to_complete",
            Indicator::PlacementRate => "placement_rate",
            Indicator::Performance90Day => "performance_90_day",
            Indicator::Performance180Day => "performance_180_day",
            Indicator::Retention90Day => "retention_90_day",
            Indicator::Retention180Day => "retention_180_day",
            Indicator::EarningsLift => "earnings_lift",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Indicator::PassRate => "Pass rate",
            Indicator::CompletionRate => "Completion rate",
            Indicator::MedianWeeksToComplete => "Median time to complete (weeks)",
            Indicator::PlacementRate => "Placement rate",
            Indicator::Performance90Day => "Meets expectations at 90 days",
            Indicator::Performance180Day => "Meets expectations at 180 days",
            Indicator::Retention90Day => "Retained at 90 days",
            Indicator::Retention180Day => "Retained at 180 days",
            Indicator::EarningsLift => "Earnings lift at 6–12 months",
        }
    }
    /// Leading indicators are known while or right after learners study; lagging ones only
    /// months after they are employed.
    pub fn leading(self) -> bool {
        matches!(
            self,
            Indicator::PassRate | Indicator::CompletionRate | Indicator::MedianWeeksToComplete
        )
    }
    /// A share of the cohort (0 to 1), drawn on an axis from 0 to 100%.
    pub fn is_rate(self) -> bool {
        !matches!(
            self,
            Indicator::MedianWeeksToComplete | Indicator::EarningsLift
        )
    }
}

/// One cohort's outcomes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub period: Period,
    pub label: String,
    pub cohort_size: Option<u64>,
    pub source: String,
    /// The indicators published for this cohort, in [`Indicator::ALL`] order.
    pub values: Vec<(Indicator, f64)>,
}

impl Cohort {
    pub fn get(&self, indicator: Indicator) -> Option<f64> {
        self.values
            .iter()
            .find(|(i, _)| *i == indicator)
            .map(|(_, v)| *v)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Cost {
    pub amount: f64,
    /// An ISO 4217 code, the list's own entry (`resolve::validate::currency`).
    pub currency: &'static str,
    pub kind: CostKind,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Credit {
    pub value: f64,
    pub unit: CreditUnit,
}

/// A code from an external list (O*NET-SOC, NAICS) with its title.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Coded {
    pub code: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Version {
    pub identifier: String,
    /// How a holder of the superseded version reaches this one.
    pub bridge: String,
    pub history: Vec<VersionEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionEntry {
    pub identifier: String,
    pub date: Date,
    pub changes: String,
    pub bridge: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcomes {
    pub holders: Option<u64>,
    pub pass_rate: Option<f64>,
    pub completion_rate: Option<f64>,
    pub employment_rate: Option<f64>,
    pub median_weeks_to_complete: Option<f64>,
    pub as_of: Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct Framework {
    pub id: FrameworkId,
    pub slug: String,
    pub file: PathBuf,
    pub ctid: Ctid,
    pub name: String,
    pub publisher: Option<OrgId>,
    pub language: String,
    pub summary: String,
    /// The body, rendered and sanitized, its `@/` links as written (checked by
    /// resolve): a page writes them as site paths with `emit::urls::body_html`. Shared
    /// with the loaded record.
    pub description_html: BodyHtml,
    pub source_url: Option<Link>,
    pub date_created: Option<Date>,
    pub date_modified: Option<Date>,
    pub levels: Vec<Level>,
    /// Top-level competencies, in file order.
    pub top: Vec<CompetencyId>,
    /// Every competency of the framework, depth first in file order.
    pub all: Vec<CompetencyId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Competency {
    pub id: CompetencyId,
    pub framework: FrameworkId,
    pub code: String,
    /// URL segment made from the code.
    pub slug: String,
    pub ctid: Ctid,
    pub label: String,
    pub statement: String,
    pub skill: String,
    /// Index into the framework's `levels`.
    pub level: Option<usize>,
    pub category: String,
    pub tasks: Vec<String>,
    pub parent: Option<CompetencyId>,
    pub children: Vec<CompetencyId>,
    /// Credentials that certify this competency (back-reference).
    pub certified_by: Vec<CredentialId>,
}

/// A free-form page from `content/pages/<slug>.md`, published at `/<slug>/`.
#[derive(Debug, Clone, Serialize)]
pub struct FreePage {
    pub id: FreePageId,
    pub slug: String,
    pub file: PathBuf,
    pub title: String,
    pub description: String,
    pub nav: bool,
    pub weight: i32,
    pub template: String,
    /// The body, rendered and sanitized, its `@/` links as written (checked by
    /// resolve): a page writes them as site paths with `emit::urls::body_html`. Shared
    /// with the loaded record.
    pub body_html: BodyHtml,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    pub id: OrgId,
    pub slug: String,
    pub file: PathBuf,
    pub ctid: Ctid,
    pub name: String,
    pub kind: OrgKind,
    pub sector: Option<Sector>,
    pub url: Link,
    pub email: Option<EmailAddress>,
    pub logo: Option<Link>,
    pub summary: String,
    /// The body, rendered and sanitized, its `@/` links as written (checked by
    /// resolve): a page writes them as site paths with `emit::urls::body_html`. Shared
    /// with the loaded record.
    pub description_html: BodyHtml,
    pub location: Option<Location>,
    // Back-references.
    pub owns: Vec<CredentialId>,
    pub offers: Vec<CredentialId>,
    pub accredits: Vec<CredentialId>,
    pub frameworks: Vec<FrameworkId>,
    pub pathways: Vec<PathwayId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Location {
    pub city: String,
    pub region: String,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pathway {
    pub id: PathwayId,
    pub slug: String,
    pub file: PathBuf,
    pub ctid: Ctid,
    pub name: String,
    pub summary: String,
    /// The body, rendered and sanitized, its `@/` links as written (checked by
    /// resolve): a page writes them as site paths with `emit::urls::body_html`. Shared
    /// with the loaded record.
    pub description_html: BodyHtml,
    pub owned_by: Vec<OrgId>,
    pub destination: CredentialId,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub name: String,
    pub credentials: Vec<CredentialId>,
    pub require: Require,
}

/// How many of a stage's credentials a learner needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Require {
    All,
    AnyOf(u32),
}

impl Stage {
    pub fn required_count(&self) -> usize {
        match self.require {
            Require::All => self.credentials.len(),
            Require::AnyOf(n) => n as usize,
        }
    }
}

/// A URL from content that `resolve::validate::link` accepted: an absolute http(s) URL with a
/// host, or a path on this site starting with `/`. It holds no quote, space, `<`, `>` or
/// backslash and no other scheme, so it is safe in any attribute and URL context even where a
/// template marks it `safe`. Only the validator makes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Link(String);

impl Link {
    /// For the validator only: the caller has checked `value`.
    pub(crate) fn new_unchecked(value: &str) -> Link {
        Link(value.to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Link {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A public email address (an organization's contact) that `resolve::validate::email`
/// accepted. Unlike a recipient's [`Email`] it may be shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub(crate) fn new_unchecked(value: &str) -> EmailAddress {
        EmailAddress(value.to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for EmailAddress {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A recipient's email address. Deliberately not `Serialize` and not `Display`: the only
/// thing that may be done with it is hashing it for the badge's identity object.
#[derive(Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn new(address: &str) -> Email {
        Email(address.trim().to_lowercase())
    }
    /// The normalized address, for salted hashing only.
    pub fn expose_for_hashing(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

/// Who an award is for, as the award file names them: by email (hashed at build time with
/// a salt derived from the key) or by a hash and salt made when it was issued. Neither is
/// `Serialize`: only the hash leaves the model, in the badge's IdentityObject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    Email(Email),
    Hashed { hash: String, salt: String },
}

impl Default for Recipient {
    fn default() -> Self {
        Recipient::Email(Email::new(""))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Award {
    pub id: String,
    pub file: PathBuf,
    pub credential: CredentialId,
    /// The recipient's name, present only when the record allows publishing it.
    pub public_name: Option<String>,
    #[serde(skip)]
    pub recipient: Recipient,
    pub issued: Date,
    pub expires: Option<Date>,
    pub evidence_url: Option<Link>,
    pub evidence_narrative: Option<String>,
    pub revoked: bool,
    pub revocation_reason: String,
}
