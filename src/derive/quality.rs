//! The catalog quality report (`credcat check --report`): evidence a board can audit,
//! computed from the resolved Catalog alone — a pure function of the Catalog and the date it
//! is judged on. It never reads files, never mutates the Catalog and prints nothing; the CLI
//! renders it as text ([`Report::render_text`]) or JSON (serde), the site as a page.
//!
//! Three parts, each explaining itself:
//! - per credential: what is missing against the registry's minimum data, against the
//!   benchmark properties for its type, and against the assessment and governance practices;
//! - per catalog: a 0–5 score on four maturity dimensions. Each dimension is a ladder of five
//!   rungs; a rung is a measured share of the catalog against a threshold. The score is the
//!   highest rung reached with every rung below it reached too, so the first rung missed is
//!   the priority action. Every rung is in the report with its measurement;
//! - the policy checklist, with the evidence found and what is missing.
//!
//! The thresholds are documented in docs/QUALITY.md; a test in tests/quality.rs keeps the
//! rungs and the document word for word in step.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::*;

/// Cohorts smaller than this are marked on charts and in the report: one learner more or
/// less moves a rate by more than 10 points.
pub const SMALL_COHORT: u64 = 10;

/// The newest cohort must end within this many months of the report date for outcomes to
/// count as current.
pub const CURRENT_OUTCOMES_MONTHS: i64 = 24;

/// An assessment validation older than this many months no longer counts as evidence.
pub const VALIDATION_MAX_AGE_MONTHS: i64 = 24;

/// Version of the JSON shape (docs/report.schema.json).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub catalog: String,
    /// The date the report judges against (review due dates, recency of outcomes).
    pub as_of: Date,
    pub counts: Counts,
    pub dimensions: Vec<Dimension>,
    pub policies: Vec<Policy>,
    pub credentials: Vec<CredentialReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub credentials: usize,
    pub frameworks: usize,
    pub competencies: usize,
    pub organizations: usize,
    pub pathways: usize,
    pub awards: usize,
}

/// One maturity dimension's score and why.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub key: &'static str,
    pub name: &'static str,
    /// 0 to 5: the highest rung reached with every rung below it reached.
    pub score: u8,
    /// The observations the rungs are measured from, in words.
    pub facts: Vec<String>,
    pub rungs: Vec<Rung>,
    /// What to do next: the fix for the first rung not reached (none at 5).
    pub priority_action: Option<String>,
}

/// One step of a dimension's ladder.
#[derive(Debug, Clone, Serialize)]
pub struct Rung {
    pub level: u8,
    /// The threshold, in words.
    pub requirement: String,
    pub met: bool,
    /// What was measured, in words, with the numbers.
    pub measured: String,
    /// What to do when it is not met.
    #[serde(skip)]
    action: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyStatus {
    Evidenced,
    Partial,
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    pub key: &'static str,
    pub name: &'static str,
    pub status: PolicyStatus,
    pub evidence: Vec<String>,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CredentialReport {
    pub slug: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Registry minimum-data properties missing (CTDL terms).
    pub minimum_missing: Vec<&'static str>,
    /// Benchmark properties for the credential's type: how many apply and which are missing.
    pub benchmark_total: usize,
    pub benchmark_missing: Vec<&'static str>,
    pub assessment: Vec<Finding>,
    pub governance: Vec<Finding>,
    pub outcomes: OutcomesSummary,
}

/// One practice checked on one credential.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub practice: &'static str,
    pub met: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomesSummary {
    pub cohorts: usize,
    pub latest_period: Option<String>,
    /// Periods missing between the first and the last cohort (years, halves, quarters).
    pub gaps: Vec<String>,
    pub small_cohorts: Vec<String>,
    pub cohorts_without_source: Vec<String>,
    pub leading: Vec<&'static str>,
    pub lagging: Vec<&'static str>,
}

/// The registry's minimum data for a credential (the `required` list of every credential
/// class in Credential Engine's validation schema, `standards/` SOURCES: jsonschema
/// credentialSchema.json): `@type`, `@id`, ctid, name, description, credentialStatusType,
/// subjectWebpage, and ownedBy or offeredBy. `load` requires all but the description's
/// content, so only an empty summary can miss one.
fn minimum_missing(c: &Credential) -> Vec<&'static str> {
    let mut out = Vec::new();
    if c.summary.trim().is_empty() {
        out.push("ceterms:description");
    }
    if c.name.trim().is_empty() {
        out.push("ceterms:name");
    }
    if c.owned_by.is_empty() && c.offered_by.is_empty() {
        out.push("ceterms:ownedBy");
    }
    out
}

/// The benchmark properties for a credential of this type that it does not carry. See
/// docs/QUALITY.md for the list and where it comes from.
fn benchmark(c: &Credential) -> (usize, Vec<&'static str>) {
    let badge = matches!(
        c.kind,
        CredentialType::Badge | CredentialType::DigitalBadge | CredentialType::OpenBadge
    );
    let academic = is_academic(c.kind);
    let quality_assured = matches!(
        c.kind,
        CredentialType::Certification | CredentialType::License
    ) || academic;
    let mut checks: Vec<(&'static str, bool)> = vec![
        ("ceterms:inLanguage", !c.language.is_empty()),
        ("ceterms:dateEffective", c.date_effective.is_some()),
        ("ceterms:audienceLevelType", !c.audience_levels.is_empty()),
        ("ceterms:learningDeliveryType", !c.delivery.is_empty()),
        (
            "ceterms:estimatedDuration",
            c.duration.is_some() || c.estimated_hours.is_some(),
        ),
        ("ceterms:estimatedCost", !c.costs.is_empty()),
        ("ceterms:keyword", !c.keywords.is_empty()),
        ("ceterms:occupationType", !c.occupations.is_empty()),
        ("ceterms:industryType", !c.industries.is_empty()),
        (
            "ceterms:requires (targetCompetency)",
            !c.competencies.is_empty(),
        ),
        ("ceterms:versionIdentifier", c.version.is_some()),
        (
            "ceterms:aggregateData",
            c.outcomes.is_some() || !c.cohorts.is_empty(),
        ),
    ];
    if badge {
        checks.push(("ceterms:image", c.image.is_some()));
    }
    if academic || matches!(c.kind, CredentialType::Certificate) {
        checks.push(("ceterms:creditValue", c.credit.is_some()));
    }
    if quality_assured {
        let recognized = c
            .governance
            .as_ref()
            .is_some_and(|g| !g.recognized_by.is_empty() || g.approved_by.is_some());
        checks.push((
            "ceterms:accreditedBy / approvedBy / recognizedBy",
            !c.accredited_by.is_empty() || recognized,
        ));
    }
    let missing = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(p, _)| *p)
        .collect();
    (checks.len(), missing)
}

fn is_academic(kind: CredentialType) -> bool {
    use CredentialType::*;
    matches!(
        kind,
        Diploma
            | SecondarySchoolDiploma
            | Degree
            | AssociateDegree
            | AssociateOfArtsDegree
            | AssociateOfScienceDegree
            | AssociateOfAppliedArtsDegree
            | AssociateOfAppliedScienceDegree
            | BachelorDegree
            | BachelorOfArtsDegree
            | BachelorOfScienceDegree
            | MasterDegree
            | MasterOfArtsDegree
            | MasterOfScienceDegree
            | DoctoralDegree
            | ProfessionalDoctorate
            | ResearchDoctorate
            | SpecialistDegree
    )
}

fn months_between(from: Date, to: Date) -> i64 {
    let (a, b) = (from, to);
    (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month())
        - i64::from(a.month())
        - i64::from(b.day() < a.day())
}

fn finding(practice: &'static str, met: bool, detail: impl Into<String>) -> Finding {
    Finding {
        practice,
        met,
        detail: detail.into(),
    }
}

fn assessment_findings(c: &Credential, as_of: Date) -> Vec<Finding> {
    let Some(a) = &c.assessment else {
        return vec![finding(
            "assessment described",
            false,
            "no [assessment]: add its method, rubric and mastery threshold",
        )];
    };
    let mut out = vec![
        finding(
            "method named",
            !a.methods.is_empty(),
            if a.methods.is_empty() {
                "no assessment method".to_string()
            } else {
                a.methods
                    .iter()
                    .map(|m| m.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        finding(
            "rubric",
            !a.rubric.trim().is_empty(),
            if a.rubric.trim().is_empty() {
                "no rubric summary"
            } else {
                "rubric published"
            },
        ),
        finding(
            "mastery threshold",
            !a.mastery_threshold.trim().is_empty(),
            if a.mastery_threshold.trim().is_empty() {
                "no mastery threshold".to_string()
            } else {
                a.mastery_threshold.clone()
            },
        ),
        finding(
            "identity verification",
            a.identity_verified,
            if a.identity_verified {
                "the candidate's identity is verified"
            } else {
                "identity is not verified"
            },
        ),
        finding(
            "retake and remediation rules",
            !a.retake_policy.trim().is_empty() && !a.remediation.trim().is_empty(),
            match (
                a.retake_policy.trim().is_empty(),
                a.remediation.trim().is_empty(),
            ) {
                (false, false) => "retake policy and remediation published",
                (true, false) => "no retake policy",
                (false, true) => "no remediation for learners below mastery",
                (true, true) => "no retake policy and no remediation",
            },
        ),
    ];
    let (ok, detail) = validation_status(a, as_of);
    out.push(finding("validated by skill type", ok, detail));
    out
}

/// Whether the assessment's validation covers a skill type with fitting methods, evidence
/// and a recent date; the detail says which part is missing.
fn validation_status(a: &Assessment, as_of: Date) -> (bool, String) {
    if a.validation.is_empty() {
        return (
            false,
            "no [[assessment.validation]]: say per skill type how the assessment is shown to measure it".into(),
        );
    }
    let mut problems = Vec::new();
    for v in &a.validation {
        let unfit: Vec<_> = v
            .methods
            .iter()
            .filter(|m| !v.skill_type.fitting_methods().contains(m))
            .map(|m| m.key())
            .collect();
        if v.methods.is_empty() {
            problems.push(format!("{}: no method", v.skill_type.key()));
        }
        if !unfit.is_empty() {
            problems.push(format!(
                "{} skills assessed by {} alone cannot be shown that way",
                v.skill_type.key(),
                unfit.join(", ")
            ));
        }
        if v.evidence.trim().is_empty() {
            problems.push(format!("{}: no validation evidence", v.skill_type.key()));
        }
        match v.last_validated {
            None => problems.push(format!("{}: no last_validated date", v.skill_type.key())),
            Some(d) if months_between(d, as_of) > VALIDATION_MAX_AGE_MONTHS => {
                problems.push(format!(
                    "{}: last validated {d}, over {VALIDATION_MAX_AGE_MONTHS} months ago",
                    v.skill_type.key()
                ))
            }
            Some(_) => {}
        }
    }
    if problems.is_empty() {
        let types: Vec<_> = a.validation.iter().map(|v| v.skill_type.key()).collect();
        (true, format!("validated for {}", types.join(", ")))
    } else {
        (false, problems.join("; "))
    }
}

fn governance_findings(cat: &Catalog, c: &Credential, as_of: Date) -> Vec<Finding> {
    let Some(g) = &c.governance else {
        return vec![finding(
            "governance published",
            false,
            "no [governance]: name the approving body, the last review and the review cadence",
        )];
    };
    let org = |id: &OrgId| cat.organization(*id).name.clone();
    let employers = employer_involvement(cat, c);
    vec![
        finding(
            "approving body",
            g.approved_by.is_some(),
            g.approved_by
                .as_ref()
                .map(|id| format!("approved by {}", org(id)))
                .unwrap_or_else(|| "no approved_by".into()),
        ),
        match (g.last_reviewed, g.next_review()) {
            (Some(last), Some(next)) => finding(
                "review on cadence",
                next >= as_of,
                if next >= as_of {
                    format!("reviewed {last}; next review due {next}")
                } else {
                    format!("reviewed {last}; review was due {next}")
                },
            ),
            (None, _) => finding("review on cadence", false, "no last_reviewed date"),
            (Some(_), None) => finding("review on cadence", false, "no review_every_months"),
        },
        finding(
            "employer voice",
            !employers.is_empty(),
            if employers.is_empty() {
                "no employer on the advisory board or among the recognizing organizations"
                    .to_string()
            } else {
                format!(
                    "employers involved: {}",
                    employers.iter().map(org).collect::<Vec<_>>().join(", ")
                )
            },
        ),
        finding(
            "version control",
            c.version.as_ref().is_some_and(|v| {
                !v.history.is_empty() || c.supersedes.is_some() || c.date_effective.is_some()
            }),
            match &c.version {
                None => "no [version]".to_string(),
                Some(v) if v.history.is_empty() && c.date_effective.is_none() => format!(
                    "version {} with no history and no effective date",
                    v.identifier
                ),
                Some(v) => format!(
                    "version {}; {} dated entr{} in its history",
                    v.identifier,
                    v.history.len(),
                    if v.history.len() == 1 { "y" } else { "ies" }
                ),
            },
        ),
    ]
}

/// Employer organizations on the credential's advisory board or recognizing it.
fn employer_involvement(cat: &Catalog, c: &Credential) -> Vec<OrgId> {
    let Some(g) = &c.governance else {
        return vec![];
    };
    let mut out: Vec<OrgId> = g
        .advisory_board
        .iter()
        .chain(&g.recognized_by)
        .copied()
        .filter(|id| cat.organization(*id).kind == OrgKind::Employer)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every period from the first cohort to the last that has no cohort.
pub fn gaps(cohorts: &[Cohort]) -> Vec<Period> {
    let mut out = Vec::new();
    for pair in cohorts.windows(2) {
        let mut p = pair[0].period;
        // A series is one period form (resolve checks); the bound keeps a mixed or absurd
        // series from looping long.
        for _ in 0..400 {
            match p.next() {
                Some(n) if n.start() < pair[1].period.start() => {
                    out.push(n);
                    p = n;
                }
                _ => break,
            }
        }
    }
    out
}

fn outcomes_summary(c: &Credential) -> OutcomesSummary {
    let present = |pred: fn(Indicator) -> bool| -> Vec<&'static str> {
        Indicator::ALL
            .into_iter()
            .filter(|i| pred(*i) && c.cohorts.iter().any(|k| k.get(*i).is_some()))
            .map(|i| i.key())
            .collect()
    };
    OutcomesSummary {
        cohorts: c.cohorts.len(),
        latest_period: c.cohorts.last().map(|k| k.label.clone()),
        gaps: gaps(&c.cohorts).iter().map(|p| p.label()).collect(),
        small_cohorts: c
            .cohorts
            .iter()
            .filter(|k| k.cohort_size.is_some_and(|n| n < SMALL_COHORT))
            .map(|k| k.label.clone())
            .collect(),
        cohorts_without_source: c
            .cohorts
            .iter()
            .filter(|k| k.source.trim().is_empty())
            .map(|k| k.label.clone())
            .collect(),
        leading: present(|i| i.leading()),
        lagging: present(|i| !i.leading()),
    }
}

/// `part` of `whole` as a whole-number percentage; 0 when there is nothing to count.
fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn share(part: usize, whole: usize, what: &str) -> String {
    format!("{part} of {whole} {what} ({:.0}%)", pct(part, whole))
}

/// Builds a rung: `met` when every share reaches its threshold.
fn rung(level: u8, requirement: &str, met: bool, measured: String, action: &str) -> Rung {
    Rung {
        level,
        requirement: requirement.to_string(),
        met,
        measured,
        action: action.to_string(),
    }
}

fn dimension(
    key: &'static str,
    name: &'static str,
    facts: Vec<String>,
    rungs: Vec<Rung>,
) -> Dimension {
    let score = rungs.iter().take_while(|r| r.met).count() as u8;
    let priority_action = rungs.iter().find(|r| !r.met).map(|r| r.action.clone());
    Dimension {
        key,
        name,
        score,
        facts,
        rungs,
        priority_action,
    }
}

/// Whether `part / whole` reaches `threshold` percent; never with nothing to count.
fn reaches(part: usize, whole: usize, threshold: f64) -> bool {
    whole > 0 && pct(part, whole) >= threshold
}

fn competency_architecture(cat: &Catalog, creds: &[&Credential]) -> Dimension {
    let n = creds.len();
    let aligned = creds.iter().filter(|c| !c.competencies.is_empty()).count();
    let leveled = |c: &&&Credential| {
        !c.competencies.is_empty()
            && c.competencies
                .iter()
                .all(|id| cat.competency(*id).level.is_some())
    };
    let all_leveled = creds.iter().filter(leveled).count();
    let frameworks_with_levels = cat
        .frameworks
        .iter()
        .filter(|f| {
            !f.levels.is_empty() && f.levels.iter().all(|l| !l.description.trim().is_empty())
        })
        .count();
    let fws = cat.frameworks.len();
    let mut cited: Vec<CompetencyId> = creds.iter().flat_map(|c| c.competencies.clone()).collect();
    cited.sort();
    cited.dedup();
    let with_skill = cited
        .iter()
        .filter(|id| !cat.competency(**id).skill.trim().is_empty())
        .count();
    let with_statements = creds.iter().filter(|c| !c.skills.is_empty()).count();
    let with_occupations = creds.iter().filter(|c| !c.occupations.is_empty()).count();
    let facts = vec![
        share(
            aligned,
            n,
            "credentials cite at least one framework competency",
        ),
        share(
            all_leveled,
            n,
            "credentials cite only competencies with a level descriptor",
        ),
        format!(
            "{} of {fws} frameworks define level descriptors for every level; {} lack them",
            frameworks_with_levels,
            fws - frameworks_with_levels
        ),
        share(
            with_skill,
            cited.len(),
            "cited competencies carry a plain-language skill statement",
        ),
        share(with_statements, n, "credentials list plain-language skills"),
        share(
            with_occupations,
            n,
            "credentials name their occupations (O*NET-SOC)",
        ),
    ];
    let rungs = vec![
        rung(
            1,
            "at least 50% of credentials cite a framework competency",
            reaches(aligned, n, 50.0) && fws > 0,
            share(aligned, n, "credentials"),
            "publish a competency framework and cite its competencies from each credential (`competencies = [\"framework/CODE\"]`)",
        ),
        rung(
            2,
            "at least 90% of credentials cite a framework competency",
            reaches(aligned, n, 90.0),
            share(aligned, n, "credentials"),
            "cite framework competencies from the credentials that have none",
        ),
        rung(
            3,
            "every framework defines described levels, and at least 80% of credentials cite only leveled competencies",
            fws > 0 && frameworks_with_levels == fws && reaches(all_leveled, n, 80.0),
            format!(
                "{frameworks_with_levels} of {fws} frameworks with described levels; {}",
                share(all_leveled, n, "credentials fully leveled")
            ),
            "add `[[levels]]` with descriptions to every framework and a `level` to every cited competency",
        ),
        rung(
            4,
            "at least 90% of cited competencies have a plain-language skill and 90% of credentials list skills",
            reaches(with_skill, cited.len(), 90.0) && reaches(with_statements, n, 90.0),
            format!(
                "{}; {}",
                share(with_skill, cited.len(), "competencies"),
                share(with_statements, n, "credentials")
            ),
            "write the plain-language `skill` of each competency and the `skills` of each credential, in words a hiring manager uses",
        ),
        rung(
            5,
            "every credential cites only leveled competencies and at least 80% name occupations",
            all_leveled == n && n > 0 && reaches(with_occupations, n, 80.0),
            format!(
                "{}; {}",
                share(all_leveled, n, "credentials fully leveled"),
                share(with_occupations, n, "with occupations")
            ),
            "level the remaining competencies and add `[[occupations]]` (O*NET-SOC) to each credential",
        ),
    ];
    dimension(
        "competency_architecture",
        "Competency architecture",
        facts,
        rungs,
    )
}

fn assessment_quality(creds: &[&Credential], as_of: Date) -> Dimension {
    let n = creds.len();
    let count = |f: &dyn Fn(&Assessment) -> bool| {
        creds
            .iter()
            .filter(|c| c.assessment.as_ref().is_some_and(f))
            .count()
    };
    let described = count(&|a| !a.methods.is_empty());
    let rubric_threshold =
        count(&|a| !a.rubric.trim().is_empty() && !a.mastery_threshold.trim().is_empty());
    let identity = count(&|a| a.identity_verified);
    let retake_remediation =
        count(&|a| !a.retake_policy.trim().is_empty() && !a.remediation.trim().is_empty());
    let applied = count(&|a| {
        a.methods.iter().any(|m| {
            matches!(
                m,
                AssessmentMethod::Artifact | AssessmentMethod::Performance
            )
        })
    });
    let validated = count(&|a| validation_status(a, as_of).0);
    let facts = vec![
        share(described, n, "credentials name their assessment method"),
        share(
            rubric_threshold,
            n,
            "publish a rubric and a mastery threshold",
        ),
        share(identity, n, "verify the candidate's identity"),
        share(
            retake_remediation,
            n,
            "publish retake and remediation rules",
        ),
        share(
            applied,
            n,
            "assess by an artifact or an observed performance",
        ),
        share(
            validated,
            n,
            "document a current validation of the assessment per skill type",
        ),
    ];
    let rungs = vec![
        rung(
            1,
            "at least 50% of credentials name their assessment method",
            reaches(described, n, 50.0),
            share(described, n, "credentials"),
            "add an `[assessment]` with its `method` to each credential",
        ),
        rung(
            2,
            "at least 90% name the method and 50% publish rubric and mastery threshold",
            reaches(described, n, 90.0) && reaches(rubric_threshold, n, 50.0),
            format!(
                "{}; {}",
                share(described, n, "with method"),
                share(rubric_threshold, n, "with rubric and threshold")
            ),
            "publish the rubric summary and the mastery threshold of each assessment",
        ),
        rung(
            3,
            "at least 90% publish rubric and mastery threshold and 50% verify identity",
            reaches(rubric_threshold, n, 90.0) && reaches(identity, n, 50.0),
            format!(
                "{}; {}",
                share(rubric_threshold, n, "with rubric and threshold"),
                share(identity, n, "identity verified")
            ),
            "verify candidates' identity at assessment (`identity_verified = true`) and publish the remaining rubrics",
        ),
        rung(
            4,
            "at least 90% verify identity, 80% publish retake and remediation rules and 80% assess by artifact or performance",
            reaches(identity, n, 90.0)
                && reaches(retake_remediation, n, 80.0)
                && reaches(applied, n, 80.0),
            format!(
                "{}; {}; {}",
                share(identity, n, "identity verified"),
                share(retake_remediation, n, "retake and remediation"),
                share(applied, n, "artifact or performance")
            ),
            "publish `retake_policy` and `remediation`, and assess technical skills by an artifact or a performance, not an exam alone",
        ),
        rung(
            5,
            "at least 80% document a current validation per skill type with fitting methods",
            reaches(validated, n, 80.0),
            share(validated, n, "credentials"),
            "add `[[assessment.validation]]` per skill type with evidence and a `last_validated` date within 24 months",
        ),
    ];
    dimension("assessment_quality", "Assessment quality", facts, rungs)
}

fn data_integration(creds: &[&Credential], as_of: Date) -> Dimension {
    let n = creds.len();
    let bench_ok = |threshold: f64| {
        creds
            .iter()
            .filter(|c| {
                let (total, missing) = benchmark(c);
                pct(total - missing.len(), total) >= threshold
            })
            .count()
    };
    let bench70 = bench_ok(70.0);
    let bench90 = bench_ok(90.0);
    let any_outcomes = creds
        .iter()
        .filter(|c| c.outcomes.is_some() || !c.cohorts.is_empty())
        .count();
    let series_lagging = creds
        .iter()
        .filter(|c| {
            c.cohorts.len() >= 2
                && c.cohorts
                    .iter()
                    .any(|k| k.values.iter().any(|(i, _)| !i.leading()))
        })
        .count();
    let documented_current = creds
        .iter()
        .filter(|c| {
            c.cohorts.len() >= 2
                && c.cohorts
                    .iter()
                    .all(|k| k.cohort_size.is_some() && !k.source.trim().is_empty())
                && c.cohorts.last().is_some_and(|k| {
                    months_between(k.period.end(), as_of) <= CURRENT_OUTCOMES_MONTHS
                })
        })
        .count();
    let facts = vec![
        share(bench70, n, "credentials carry at least 70% of their benchmark properties"),
        share(bench90, n, "carry at least 90%"),
        share(any_outcomes, n, "publish outcomes"),
        share(
            series_lagging,
            n,
            "publish two or more cohorts with a lagging indicator (placement, performance, retention, earnings)",
        ),
        share(
            documented_current,
            n,
            "publish cohorts that all have a size and a source, the newest ending within 24 months",
        ),
    ];
    let rungs = vec![
        rung(
            1,
            "at least 50% of credentials carry 70% of their benchmark properties",
            reaches(bench70, n, 50.0),
            share(bench70, n, "credentials"),
            "fill in the benchmark properties the report lists per credential (duration, cost, audience level, occupations …)",
        ),
        rung(
            2,
            "at least 90% carry 70% of their benchmark properties",
            reaches(bench70, n, 90.0),
            share(bench70, n, "credentials"),
            "fill in the missing benchmark properties of the remaining credentials",
        ),
        rung(
            3,
            "at least 50% publish outcomes",
            reaches(any_outcomes, n, 50.0),
            share(any_outcomes, n, "credentials"),
            "publish outcomes (`[[outcomes]]` by cohort) for the credentials with holders",
        ),
        rung(
            4,
            "at least 50% publish two or more cohorts with a lagging indicator",
            reaches(series_lagging, n, 50.0),
            share(series_lagging, n, "credentials"),
            "track holders after the credential: placement, 90/180-day performance or retention, earnings, by cohort",
        ),
        rung(
            5,
            "at least 80% publish current, sourced, sized cohorts and 80% carry 90% of their benchmark",
            reaches(documented_current, n, 80.0) && reaches(bench90, n, 80.0),
            format!(
                "{}; {}",
                share(documented_current, n, "current and documented"),
                share(bench90, n, "at 90% of benchmark")
            ),
            "give every cohort its size and source, keep the series current, and complete the benchmark properties",
        ),
    ];
    dimension("data_integration", "Data integration", facts, rungs)
}

fn stakeholder_adoption(cat: &Catalog, creds: &[&Credential], as_of: Date) -> Dimension {
    let n = creds.len();
    let employers = creds
        .iter()
        .filter(|c| !employer_involvement(cat, c).is_empty())
        .count();
    let employer_orgs = cat
        .organizations
        .iter()
        .filter(|o| o.kind == OrgKind::Employer)
        .count();
    let approved = creds
        .iter()
        .filter(|c| {
            c.governance
                .as_ref()
                .is_some_and(|g| g.approved_by.is_some())
        })
        .count();
    let on_cadence = creds
        .iter()
        .filter(|c| {
            c.governance
                .as_ref()
                .and_then(|g| g.next_review())
                .is_some_and(|d| d >= as_of)
        })
        .count();
    let employer_reported = creds
        .iter()
        .filter(|c| {
            c.cohorts.iter().any(|k| {
                k.values.iter().any(|(i, _)| {
                    matches!(
                        i,
                        Indicator::PlacementRate
                            | Indicator::Performance90Day
                            | Indicator::Performance180Day
                            | Indicator::Retention90Day
                            | Indicator::Retention180Day
                    )
                })
            })
        })
        .count();
    let facts = vec![
        format!("{employer_orgs} employer organizations in the catalog"),
        share(
            employers,
            n,
            "credentials have an employer on their advisory board or recognizing them",
        ),
        share(approved, n, "name an approving body"),
        share(on_cadence, n, "were reviewed within their review cadence"),
        share(
            employer_reported,
            n,
            "publish employer-side outcomes (placement, performance, retention)",
        ),
    ];
    let rungs = vec![
        rung(
            1,
            "at least one credential involves an employer",
            employers > 0,
            share(employers, n, "credentials"),
            "add employer partners as organizations and name them in `[governance] advisory_board` or `recognized_by`",
        ),
        rung(
            2,
            "at least 25% of credentials involve an employer",
            reaches(employers, n, 25.0),
            share(employers, n, "credentials"),
            "bring employers onto the advisory boards of more credentials",
        ),
        rung(
            3,
            "at least 50% involve an employer and 50% name an approving body",
            reaches(employers, n, 50.0) && reaches(approved, n, 50.0),
            format!(
                "{}; {}",
                share(employers, n, "with employers"),
                share(approved, n, "with an approving body")
            ),
            "name the approving body (`[governance] approved_by`) and involve employers in half the catalog",
        ),
        rung(
            4,
            "at least 80% involve an employer and 80% are reviewed on cadence",
            reaches(employers, n, 80.0) && reaches(on_cadence, n, 80.0),
            format!(
                "{}; {}",
                share(employers, n, "with employers"),
                share(on_cadence, n, "on cadence")
            ),
            "review each credential with its employers on a set cadence (`last_reviewed`, `review_every_months`)",
        ),
        rung(
            5,
            "at least 50% publish employer-side outcomes",
            reaches(employer_reported, n, 50.0),
            share(employer_reported, n, "credentials"),
            "collect placement and 90/180-day performance or retention from employers, by cohort",
        ),
    ];
    dimension("stakeholder_adoption", "Stakeholder adoption", facts, rungs)
}

fn policy(
    key: &'static str,
    name: &'static str,
    evidence: Vec<String>,
    missing: Vec<String>,
) -> Policy {
    let status = match (evidence.is_empty(), missing.is_empty()) {
        (false, true) => PolicyStatus::Evidenced,
        (false, false) => PolicyStatus::Partial,
        (true, _) => PolicyStatus::Missing,
    };
    Policy {
        key,
        name,
        status,
        evidence,
        missing,
    }
}

/// Pushes `text` to `evidence` when `count` is positive, and `gap` to `missing` when not every
/// one of `n` has it.
fn tally(
    evidence: &mut Vec<String>,
    missing: &mut Vec<String>,
    count: usize,
    n: usize,
    have: &str,
    lack: &str,
) {
    if count > 0 {
        evidence.push(share(count, n, have));
    }
    if count < n {
        missing.push(format!("{} of {n} {lack}", n - count));
    }
}

fn policies(cat: &Catalog, creds: &[&Credential], as_of: Date) -> Vec<Policy> {
    let n = creds.len();
    let count = |f: &dyn Fn(&Credential) -> bool| creds.iter().filter(|c| f(c)).count();
    let mut out = Vec::new();

    let (mut e, mut m) = (vec![], vec![]);
    let fws = cat.frameworks.len();
    let leveled = cat
        .frameworks
        .iter()
        .filter(|f| !f.levels.is_empty())
        .count();
    if fws > 0 {
        e.push(format!(
            "{fws} competency framework{} published with {} competencies",
            if fws == 1 { "" } else { "s" },
            cat.competencies.len()
        ));
    } else {
        m.push("no competency framework is published".into());
    }
    if leveled < fws {
        m.push(format!(
            "{} of {fws} frameworks have no level descriptors",
            fws - leveled
        ));
    }
    tally(
        &mut e,
        &mut m,
        count(&|c| !c.competencies.is_empty()),
        n,
        "credentials cite framework competencies",
        "credentials cite no competency",
    );
    out.push(policy("competency_standards", "Competency standards", e, m));

    let (mut e, mut m) = (vec![], vec![]);
    tally(
        &mut e,
        &mut m,
        count(&|c| c.assessment.as_ref().is_some_and(|a| a.identity_verified)),
        n,
        "credentials verify the candidate's identity",
        "credentials do not verify identity",
    );
    tally(
        &mut e,
        &mut m,
        count(&|c| {
            c.assessment.as_ref().is_some_and(|a| {
                !a.rubric.trim().is_empty() && !a.mastery_threshold.trim().is_empty()
            })
        }),
        n,
        "credentials publish a rubric and a mastery threshold",
        "credentials lack a rubric or mastery threshold",
    );
    tally(
        &mut e,
        &mut m,
        count(&|c| {
            c.assessment
                .as_ref()
                .is_some_and(|a| validation_status(a, as_of).0)
        }),
        n,
        "credentials document a current assessment validation",
        "credentials have no current assessment validation",
    );
    out.push(policy("assessment_integrity", "Assessment integrity", e, m));

    let (mut e, mut m) = (vec![], vec![]);
    tally(
        &mut e,
        &mut m,
        count(&|c| {
            c.governance
                .as_ref()
                .is_some_and(|g| g.approved_by.is_some())
        }),
        n,
        "credentials name an approving body",
        "credentials name no approving body",
    );
    tally(
        &mut e,
        &mut m,
        count(&|c| {
            c.governance
                .as_ref()
                .and_then(|g| g.next_review())
                .is_some_and(|d| d >= as_of)
        }),
        n,
        "credentials are within their review cadence",
        "credentials are overdue for review or have no cadence",
    );
    tally(
        &mut e,
        &mut m,
        count(&|c| c.version.is_some() && c.date_effective.is_some()),
        n,
        "credentials carry a version and an effective date",
        "credentials lack a version or an effective date",
    );
    let revocable = cat.awards.iter().filter(|a| a.revoked).count();
    if !cat.awards.is_empty() {
        e.push(format!(
            "{} badges issued, signed, with a public revocation list ({revocable} revoked)",
            cat.awards.len()
        ));
    }
    out.push(policy("issuance_governance", "Issuance governance", e, m));

    let (mut e, mut m) = (vec![], vec![]);
    e.push(
        "recipient emails are never published: badges carry only a salted hash (by construction)"
            .into(),
    );
    let named = cat
        .awards
        .iter()
        .filter(|a| a.public_name.is_some())
        .count();
    if !cat.awards.is_empty() {
        e.push(format!(
            "{named} of {} awards publish the recipient's name, each by its own `publish_name` consent flag",
            cat.awards.len()
        ));
    }
    let small = creds
        .iter()
        .flat_map(|c| &c.cohorts)
        .filter(|k| k.cohort_size.is_some_and(|s| s < SMALL_COHORT))
        .count();
    if small > 0 {
        m.push(format!(
            "{small} published cohorts have fewer than {SMALL_COHORT} learners: their rates can identify individuals; consider merging periods"
        ));
    }
    m.push("no data-privacy policy is part of the catalog's content (credcat has no field for one): link it from the site".into());
    out.push(policy("data_privacy", "Data privacy", e, m));

    let (mut e, mut m) = (vec![], vec![]);
    let external: Vec<&Credential> = creds
        .iter()
        .copied()
        .filter(|c| c.offered_by.iter().any(|o| !c.owned_by.contains(o)))
        .collect();
    if external.is_empty() {
        e.push("every credential is offered by its owner".into());
    } else {
        let governed = external
            .iter()
            .filter(|c| {
                c.governance
                    .as_ref()
                    .is_some_and(|g| g.approved_by.is_some())
            })
            .count();
        tally(
            &mut e,
            &mut m,
            governed,
            external.len(),
            "credentials offered by another provider are under an approving body",
            "credentials offered by another provider have no approving body",
        );
    }
    let accredited = count(&|c| !c.accredited_by.is_empty());
    if accredited > 0 {
        e.push(share(accredited, n, "credentials are accredited"));
    }
    out.push(policy("provider_management", "Provider management", e, m));

    let (mut e, mut m) = (vec![], vec![]);
    tally(
        &mut e,
        &mut m,
        count(&|c| !c.costs.is_empty()),
        n,
        "credentials publish their costs",
        "credentials publish no cost",
    );
    tally(
        &mut e,
        &mut m,
        count(&|c| c.duration.is_some() || c.estimated_hours.is_some()),
        n,
        "credentials publish the time they take",
        "credentials publish no duration or hours",
    );
    tally(
        &mut e,
        &mut m,
        count(&|c| {
            c.assessment
                .as_ref()
                .is_some_and(|a| !a.remediation.trim().is_empty())
        }),
        n,
        "credentials offer remediation before a retake",
        "credentials publish no remediation",
    );
    if !cat.pathways.is_empty() {
        e.push(format!(
            "{} pathways show learners what leads where",
            cat.pathways.len()
        ));
    }
    out.push(policy("learner_support", "Learner support", e, m));
    out
}

/// The report on `cat` as judged on `as_of`. Drafts are left out when the catalog was
/// resolved without them; deprecated credentials are judged like the others.
pub fn report(cat: &Catalog, as_of: Date) -> Report {
    let creds: Vec<&Credential> = cat.credentials.iter().collect();
    let credentials = creds
        .iter()
        .map(|c| {
            let (benchmark_total, benchmark_missing) = benchmark(c);
            CredentialReport {
                slug: c.slug.clone(),
                name: c.name.clone(),
                kind: c.kind.key(),
                minimum_missing: minimum_missing(c),
                benchmark_total,
                benchmark_missing,
                assessment: assessment_findings(c, as_of),
                governance: governance_findings(cat, c, as_of),
                outcomes: outcomes_summary(c),
            }
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        catalog: cat.config.title.clone(),
        as_of,
        counts: Counts {
            credentials: cat.credentials.len(),
            frameworks: cat.frameworks.len(),
            competencies: cat.competencies.len(),
            organizations: cat.organizations.len(),
            pathways: cat.pathways.len(),
            awards: cat.awards.len(),
        },
        dimensions: vec![
            competency_architecture(cat, &creds),
            assessment_quality(&creds, as_of),
            data_integration(&creds, as_of),
            stakeholder_adoption(cat, &creds, as_of),
        ],
        policies: policies(cat, &creds, as_of),
        credentials,
    }
}

impl Report {
    /// The report for a terminal: scores with their rungs and actions, the checklist, then
    /// each credential's gaps (credentials with none are counted, not listed).
    pub fn render_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Quality report for {} (as of {})\n{} credentials, {} frameworks, {} competencies, {} organizations\n",
            self.catalog,
            self.as_of,
            self.counts.credentials,
            self.counts.frameworks,
            self.counts.competencies,
            self.counts.organizations
        );
        let _ = writeln!(s, "Maturity (0-5)");
        for d in &self.dimensions {
            let _ = writeln!(s, "  {}: {}/5", d.name, d.score);
            for f in &d.facts {
                let _ = writeln!(s, "      - {f}");
            }
            for r in &d.rungs {
                let _ = writeln!(
                    s,
                    "      [{}] {}: {} (measured: {})",
                    if r.met { "x" } else { " " },
                    r.level,
                    r.requirement,
                    r.measured
                );
            }
            if let Some(a) = &d.priority_action {
                let _ = writeln!(s, "      priority: {a}");
            }
        }
        let _ = writeln!(s, "\nPolicy checklist");
        for p in &self.policies {
            let status = match p.status {
                PolicyStatus::Evidenced => "evidenced",
                PolicyStatus::Partial => "partial",
                PolicyStatus::Missing => "missing",
            };
            let _ = writeln!(s, "  {}: {status}", p.name);
            for e in &p.evidence {
                let _ = writeln!(s, "      + {e}");
            }
            for m in &p.missing {
                let _ = writeln!(s, "      - {m}");
            }
        }
        let _ = writeln!(s, "\nCredentials");
        let mut clean = 0;
        for c in &self.credentials {
            let unmet: Vec<&Finding> = c
                .assessment
                .iter()
                .chain(&c.governance)
                .filter(|f| !f.met)
                .collect();
            if c.minimum_missing.is_empty()
                && c.benchmark_missing.is_empty()
                && unmet.is_empty()
                && c.outcomes.gaps.is_empty()
            {
                clean += 1;
                continue;
            }
            let _ = writeln!(s, "  {} ({}, {})", c.name, c.slug, c.kind);
            if !c.minimum_missing.is_empty() {
                let _ = writeln!(
                    s,
                    "      minimum data missing: {}",
                    c.minimum_missing.join(", ")
                );
            }
            if !c.benchmark_missing.is_empty() {
                let _ = writeln!(
                    s,
                    "      benchmark: {} of {}; missing {}",
                    c.benchmark_total - c.benchmark_missing.len(),
                    c.benchmark_total,
                    c.benchmark_missing.join(", ")
                );
            }
            for f in unmet {
                let _ = writeln!(s, "      {}: {}", f.practice, f.detail);
            }
            if !c.outcomes.gaps.is_empty() {
                let _ = writeln!(
                    s,
                    "      outcomes missing for: {}",
                    c.outcomes.gaps.join(", ")
                );
            }
        }
        if clean > 0 {
            let _ = writeln!(s, "  {clean} credentials meet every check");
        }
        s
    }
}

/// Warnings `check` gives without failing: reviews past their cadence. Each points at the
/// `last_reviewed` value.
pub fn warnings(cat: &Catalog, as_of: Date) -> Vec<crate::diagnostic::Diagnostic> {
    use crate::diagnostic::{Diagnostic, Problem};
    cat.credentials
        .iter()
        .filter_map(|c| {
            let g = c.governance.as_ref()?;
            let due = g.next_review()?;
            (due < as_of).then(|| {
                Diagnostic::new(
                    c.file.clone(),
                    g.review_span.clone(),
                    Problem::Invalid {
                        message: format!(
                            "the review of `{}` was due {due} ({} months after {})",
                            c.slug,
                            g.review_every_months.unwrap_or_default(),
                            g.last_reviewed.map(|d| d.to_string()).unwrap_or_default()
                        ),
                        help: "review the credential with its approving body and advisory board, then set `last_reviewed` to the review's date".into(),
                    },
                )
            })
        })
        .collect()
}

/// Today's date for the report: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the
/// system clock, in UTC.
pub fn today() -> Date {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    ts.to_zoned(jiff::tz::TimeZone::UTC).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_between_counts_whole_months() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(months_between(d(2024, 1, 15), d(2026, 1, 15)), 24);
        assert_eq!(months_between(d(2024, 1, 15), d(2026, 1, 14)), 23);
        assert_eq!(months_between(d(2024, 3, 1), d(2024, 2, 1)), -1);
    }

    #[test]
    fn periods_at_the_end_of_the_calendar_do_not_panic() {
        let last = Period::Year { year: 9999 };
        let after = last.next().unwrap();
        assert_eq!(after.start(), Date::MAX);
        assert_eq!(
            Period::Half {
                year: 9999,
                half: 2
            }
            .end(),
            Date::new(9999, 12, 31).unwrap()
        );
        assert_eq!(
            Period::Quarter {
                year: 2024,
                quarter: 1
            }
            .end(),
            Date::new(2024, 3, 31).unwrap()
        );
        assert_eq!(
            Period::Quarter {
                year: 9999,
                quarter: 4
            }
            .end(),
            Date::new(9999, 12, 31).unwrap()
        );
    }

    #[test]
    fn gaps_are_the_periods_between_cohorts() {
        let k = |p: Period| Cohort {
            label: p.label(),
            period: p,
            cohort_size: None,
            source: String::new(),
            values: vec![],
        };
        let series = [
            k(Period::Year { year: 2020 }),
            k(Period::Year { year: 2021 }),
            k(Period::Year { year: 2024 }),
        ];
        let labels: Vec<_> = gaps(&series).iter().map(|p| p.label()).collect();
        assert_eq!(labels, ["2022", "2023"]);
        let halves = [
            k(Period::Half {
                year: 2023,
                half: 2,
            }),
            k(Period::Half {
                year: 2024,
                half: 2,
            }),
        ];
        let labels: Vec<_> = gaps(&halves).iter().map(|p| p.label()).collect();
        assert_eq!(labels, ["2024-H1"]);
    }
}
