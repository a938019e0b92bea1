//! The quality report (`credcat check --report`), the outcomes/governance content model and
//! the overdue-review warning, driven through the real binary on fixture catalogs built to
//! score 0, 3 and 5 on every maturity dimension, and on the demo catalog.

mod common;

use std::path::Path;

use common::{credcat, fixture, repo};
use serde_json::Value;

const AS_OF: &str = "2026-12-01";

fn report_json(root: &Path) -> Value {
    let out = credcat()
        .args([
            "check", "--report", "--format", "json", "--as-of", AS_OF, "--root",
        ])
        .arg(root)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("the JSON report parses")
}

fn scores(report: &Value) -> Vec<(String, u64)> {
    report["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["key"].as_str().unwrap().to_string(),
                d["score"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn dimension<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == key)
        .unwrap()
}

fn policy_status(report: &Value, key: &str) -> String {
    report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == key)
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn credential<'a>(report: &'a Value, slug: &str) -> &'a Value {
    report["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap()
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("docs/report.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn schema_errors(validator: &jsonschema::Validator, report: &Value) -> Vec<String> {
    validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn keys(scored: &[(String, u64)]) -> Vec<u64> {
    scored.iter().map(|(_, s)| *s).collect()
}

#[test]
fn a_bare_catalog_scores_zero_and_says_why() {
    let dir = fixture("quality-0");
    let r = report_json(dir.path());
    assert_eq!(keys(&scores(&r)), [0, 0, 0, 0], "{:#?}", scores(&r));
    let ca = dimension(&r, "competency_architecture");
    assert_eq!(ca["rungs"][0]["met"], false);
    assert!(ca["facts"][0]
        .as_str()
        .unwrap()
        .starts_with("0 of 2 credentials cite at least one framework competency"));
    assert!(ca["priority_action"]
        .as_str()
        .unwrap()
        .contains("publish a competency framework"));
    let sa = dimension(&r, "stakeholder_adoption");
    assert!(sa["facts"][0]
        .as_str()
        .unwrap()
        .contains("1 employer organizations"));
    assert_eq!(sa["rungs"][0]["measured"], "0 of 2 credentials (0%)");
    assert_eq!(policy_status(&r, "competency_standards"), "missing");
    assert_eq!(policy_status(&r, "assessment_integrity"), "missing");
    assert_eq!(policy_status(&r, "issuance_governance"), "missing");
    let bare = credential(&r, "bare-one");
    assert_eq!(bare["benchmark_total"], 13);
    assert_eq!(bare["benchmark_missing"].as_array().unwrap().len(), 12);
    assert_eq!(bare["assessment"][0]["practice"], "assessment described");
    assert_eq!(bare["governance"][0]["met"], false);
    assert_eq!(bare["outcomes"]["cohorts"], 0);
}

#[test]
fn a_middling_catalog_scores_three_on_each_dimension() {
    let dir = fixture("quality-3");
    let r = report_json(dir.path());
    assert_eq!(keys(&scores(&r)), [3, 3, 3, 3], "{:#?}", scores(&r));
    // Each stops at rung 4 for the reason the fixture was built around.
    let ca = dimension(&r, "competency_architecture");
    assert_eq!(ca["rungs"][3]["met"], false);
    assert!(ca["rungs"][3]["measured"]
        .as_str()
        .unwrap()
        .starts_with("0 of 2 competencies"));
    let aq = dimension(&r, "assessment_quality");
    assert!(aq["rungs"][3]["measured"]
        .as_str()
        .unwrap()
        .contains("0 of 2 retake and remediation"));
    assert!(aq["priority_action"]
        .as_str()
        .unwrap()
        .contains("remediation"));
    let di = dimension(&r, "data_integration");
    assert_eq!(
        di["rungs"][2]["measured"], "1 of 2 credentials (50%)",
        "half the catalog publishes outcomes"
    );
    assert_eq!(di["rungs"][3]["met"], false);
    let sa = dimension(&r, "stakeholder_adoption");
    assert!(sa["rungs"][3]["measured"]
        .as_str()
        .unwrap()
        .starts_with("1 of 2 with employers (50%)"));
    // One credential without governance, one whose only cohort is leading data.
    let without = credential(&r, "without-outcomes");
    assert_eq!(without["governance"][0]["practice"], "governance published");
    assert_eq!(
        without["benchmark_missing"],
        serde_json::json!(["ceterms:aggregateData"])
    );
    let with = credential(&r, "with-outcomes");
    assert_eq!(
        with["outcomes"]["leading"],
        serde_json::json!(["pass_rate"])
    );
    assert_eq!(with["outcomes"]["lagging"], serde_json::json!([]));
    assert_eq!(policy_status(&r, "competency_standards"), "evidenced");
    assert_eq!(policy_status(&r, "issuance_governance"), "partial");
}

#[test]
fn a_mature_catalog_scores_five_with_no_action_left() {
    let dir = fixture("quality-5");
    let r = report_json(dir.path());
    assert_eq!(keys(&scores(&r)), [5, 5, 5, 5], "{:#?}", scores(&r));
    for d in r["dimensions"].as_array().unwrap() {
        assert!(d["priority_action"].is_null());
        assert!(d["rungs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["met"] == true));
    }
    for key in [
        "competency_standards",
        "assessment_integrity",
        "issuance_governance",
        "provider_management",
        "learner_support",
    ] {
        assert_eq!(policy_status(&r, key), "evidenced", "{key}");
    }
    let c = credential(&r, "full-one");
    assert_eq!(c["benchmark_missing"], serde_json::json!([]));
    assert!(c["assessment"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["met"] == true));
    assert_eq!(
        c["governance"][1]["detail"],
        "reviewed 2026-05-01; next review due 2027-05-01"
    );
    assert_eq!(c["outcomes"]["latest_period"], "2025");
}

#[test]
fn scores_drop_when_the_evidence_ages() {
    // The same mature catalog judged three years later: its reviews are overdue, its
    // assessment validation and outcomes no longer current.
    let dir = fixture("quality-5");
    let out = credcat()
        .args([
            "check",
            "--report",
            "--format",
            "json",
            "--as-of",
            "2029-12-01",
            "--root",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(keys(&scores(&r)), [5, 4, 4, 3]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: content/credentials/full-one.md:"),
        "{stderr}"
    );
}

#[test]
fn the_demo_report_matches_its_documented_schema() {
    let validator = schema_validator();
    let r = report_json(&repo());
    let errors = schema_errors(&validator, &r);
    assert!(errors.is_empty(), "{errors:#?}");
    // The demo carries governance and outcomes on some credentials and gaps on others.
    let sheet = credential(&r, "spreadsheet-analysis");
    assert_eq!(sheet["outcomes"]["gaps"], serde_json::json!(["2023"]));
    assert_eq!(sheet["outcomes"]["cohorts"], 4);
    let tele = credential(&r, "telehealth-coordination");
    assert_eq!(
        tele["outcomes"]["small_cohorts"],
        serde_json::json!(["2024-H2"])
    );
    let cnc = credential(&r, "cnc-programming");
    assert_eq!(cnc["governance"][1]["met"], false);
    assert!(cnc["benchmark_missing"]
        .as_array()
        .unwrap()
        .contains(&Value::from("ceterms:aggregateData")));
    // The fixtures validate too, and a report that breaks the schema is caught.
    for name in ["quality-0", "quality-3", "quality-5"] {
        let dir = fixture(name);
        let errors = schema_errors(&validator, &report_json(dir.path()));
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    let mut broken = r.clone();
    broken["dimensions"][0]["score"] = Value::from(6);
    broken["credentials"][0]["outcomes"]["gaps"] = serde_json::json!(["2023-H3"]);
    assert_eq!(schema_errors(&validator, &broken).len(), 2);
}

#[test]
fn the_text_report_explains_every_score() {
    let dir = fixture("quality-3");
    let out = credcat()
        .args(["check", "--report", "--as-of", AS_OF, "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Competency architecture: 3/5"), "{text}");
    assert!(text.contains("[ ] 4: at least 90% of cited competencies have a plain-language skill"));
    assert!(text.contains("priority: write the plain-language `skill`"));
    assert!(text.contains("Policy checklist"));
    assert!(text.contains("Without Outcomes (without-outcomes, DigitalBadge)"));
    assert!(text.contains("\nNo problems: 2 credentials"), "{text}");
}

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).unwrap();
}

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn check_fails(root: &Path) -> String {
    let out = credcat()
        .args(["check", "--root"])
        .arg(root)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn outcome_values_out_of_range_are_errors_with_their_place() {
    let dir = fixture("quality-5");
    let rel = "content/credentials/full-one.md";
    replace(dir.path(), rel, "pass_rate = 0.8\n", "pass_rate = 80\n");
    replace(dir.path(), rel, "cohort_size = 35", "cohort_size = -3");
    let err = check_fails(dir.path());
    let text = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    let line = text.lines().position(|l| l == "pass_rate = 80").unwrap() + 1;
    assert!(
        err.contains(&format!("{rel}:{line}:13: `80` is not a valid pass_rate")),
        "{err}"
    );
    assert!(err.contains("a fraction from 0 to 1"), "{err}");
    assert!(err.contains("`-3` is not a valid cohort size"), "{err}");
}

#[test]
fn periods_must_be_well_formed_distinct_and_of_one_form() {
    let dir = fixture("quality-5");
    let rel = "content/credentials/full-one.md";
    replace(dir.path(), rel, "period = \"2024\"", "period = \"2024-H3\"");
    let err = check_fails(dir.path());
    assert!(
        err.contains("`2024-H3` is not a valid outcomes period"),
        "{err}"
    );

    replace(
        dir.path(),
        rel,
        "period = \"2024-H3\"",
        "period = \"2025-Q1\"",
    );
    let err = check_fails(dir.path());
    assert!(
        err.contains("period `2025` is a year, but `2025-Q1` is a quarter"),
        "{err}"
    );

    replace(dir.path(), rel, "period = \"2025-Q1\"", "period = \"2025\"");
    let err = check_fails(dir.path());
    assert!(
        err.contains("period `2025` overlaps the cohort `2025`"),
        "{err}"
    );

    replace(dir.path(), rel, "period = \"2025\"", "period = \"2024\"");
    replace(dir.path(), rel, "retention_90_day = 0.9\n", "");
    replace(
        dir.path(),
        rel,
        "pass_rate = 0.82\nplacement_rate = 0.74\n",
        "",
    );
    let err = check_fails(dir.path());
    assert!(err.contains("the 2025 cohort has no indicator"), "{err}");
}

#[test]
fn governance_references_and_cadence_are_checked() {
    let dir = fixture("quality-5");
    let rel = "content/credentials/full-two.md";
    replace(
        dir.path(),
        rel,
        "advisory_board = [\"employer\"]",
        "advisory_board = [\"employr\"]",
    );
    replace(
        dir.path(),
        rel,
        "review_every_months = 12",
        "review_every_months = 0",
    );
    let err = check_fails(dir.path());
    assert!(err.contains("no organization named `employr`"), "{err}");
    assert!(err.contains("did you mean `employer`?"), "{err}");
    assert!(err.contains("`0` is not a valid review cadence"), "{err}");
}

#[test]
fn an_overdue_review_warns_without_failing() {
    let dir = fixture("quality-5");
    let rel = "content/credentials/full-two.md";
    replace(
        dir.path(),
        rel,
        "last_reviewed = 2026-05-01",
        "last_reviewed = 2024-02-29",
    );
    let out = credcat()
        .args(["check", "--as-of", AS_OF, "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let text = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("last_reviewed"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!(
            "warning: {rel}:{line}:17: the review of `full-two` was due 2025-02-28 (12 months after 2024-02-29)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("help: review the credential"), "{stderr}");
    assert!(stderr.contains("warning: 1 warning in 1 file"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("No errors (1 warning)"), "{stdout}");
    // The same catalog judged before the due date has nothing to say.
    credcat()
        .args(["check", "--as-of", "2025-02-28", "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr("");
}

#[test]
fn the_summary_table_form_of_outcomes_still_loads() {
    let dir = fixture("quality-0");
    write(
        dir.path(),
        "content/credentials/bare-two.md",
        "+++\nctid = \"ce-a0000000-0000-4000-8000-000000000102\"\nname = \"Bare Two\"\ntype = \"DigitalBadge\"\nstatus = \"active\"\nowned_by = [\"college\"]\nsummary = \"s\"\n\n[outcomes]\nholders = 10\npass_rate = 0.5\nas_of = 2026-06-30\n+++\n",
    );
    let r = report_json(dir.path());
    let c = credential(&r, "bare-two");
    assert!(!c["benchmark_missing"]
        .as_array()
        .unwrap()
        .contains(&Value::from("ceterms:aggregateData")));
    // An unknown key in a cohort names the key.
    write(
        dir.path(),
        "content/credentials/bare-two.md",
        "+++\nctid = \"ce-a0000000-0000-4000-8000-000000000102\"\nname = \"Bare Two\"\ntype = \"DigitalBadge\"\nstatus = \"active\"\nowned_by = [\"college\"]\nsummary = \"s\"\n\n[[outcomes]]\nperiod = \"2025\"\npass_rat = 0.5\n+++\n",
    );
    let err = check_fails(dir.path());
    assert!(err.contains("pass_rat"), "{err}");
}

#[test]
fn every_rung_is_documented_word_for_word() {
    let doc = std::fs::read_to_string(repo().join("docs/QUALITY.md")).unwrap();
    let dir = fixture("quality-3");
    let r = report_json(dir.path());
    for d in r["dimensions"].as_array().unwrap() {
        for (i, rung) in d["rungs"].as_array().unwrap().iter().enumerate() {
            let row = format!("| {} | {} |", i + 1, rung["requirement"].as_str().unwrap());
            assert!(doc.contains(&row), "docs/QUALITY.md lacks the row `{row}`");
        }
    }
}

#[test]
fn the_new_credential_template_documents_working_cohorts_and_governance() {
    let dir = fixture("quality-5");
    credcat()
        .args(["new", "credential", "fresh", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let path = dir.path().join("content/credentials/fresh.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = Vec::new();
    let mut on = false;
    for line in text.lines() {
        if line.starts_with("# [[outcomes]]") || line.starts_with("# [governance]") {
            on = true;
        } else if line.is_empty() {
            on = false;
        }
        if line.starts_with("owned_by = []") {
            out.push("owned_by = [\"college\"]".to_string());
            continue;
        }
        out.push(match line.strip_prefix("# ") {
            Some(rest) if on => rest
                .replace("organization-file-name", "college")
                .replace("employer-file-name", "employer"),
            _ => line.to_string(),
        });
    }
    std::fs::write(&path, out.join("\n") + "\n").unwrap();
    let r = report_json(dir.path());
    let fresh = credential(&r, "fresh");
    assert_eq!(fresh["outcomes"]["cohorts"], 1);
    assert_eq!(
        fresh["governance"][0]["detail"],
        "approved by Quality College"
    );
}

#[test]
fn report_flags_are_checked_as_usage() {
    let dir = fixture("quality-0");
    // --format without --report, and a date that is not one, are usage errors (exit 2).
    credcat()
        .args(["check", "--format", "json", "--root"])
        .arg(dir.path())
        .assert()
        .code(2);
    credcat()
        .args(["check", "--as-of", "2026-02-30", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a date"));
}
