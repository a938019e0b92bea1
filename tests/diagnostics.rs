//! The mistakes a newcomer makes first, each with the exact place and help `check` gives.

mod common;

use std::path::Path;

use common::{credcat, fixture};

const ALPHA: &str = "content/credentials/alpha.md";
const BETA: &str = "content/credentials/beta.md";

/// `credcat check` on the catalog; (exit code, what it printed).
fn check(root: &Path) -> (i32, String) {
    let out = credcat()
        .args(["check", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), said)
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

/// Exactly one problem, at `at`, with `help` in its help line.
fn one_problem(root: &Path, at: &str, help: &str) -> String {
    let (code, said) = check(root);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("error: 1 problem in 1 file"), "{said}");
    assert!(said.contains(&format!("× {at}")), "not at {at}:\n{said}");
    let help_line = said
        .lines()
        .find(|l| l.trim_start().starts_with("help:"))
        .unwrap_or("");
    assert!(help_line.contains(help), "help lacks `{help}`:\n{said}");
    said
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = fixture("mini");
    let p = dir.path().join(ALPHA);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(&p).unwrap());
    std::fs::write(&p, bytes).unwrap();
    let (code, said) = check(dir.path());
    assert_eq!(code, 0, "{said}");
}

#[test]
fn an_empty_owner_list_is_reported_where_it_is() {
    let dir = fixture("mini");
    edit(
        dir.path(),
        ALPHA,
        "owned_by = [\"test-college\"]",
        "owned_by = []",
    );
    one_problem(
        dir.path(),
        "content/credentials/alpha.md:6:12: owned_by lists no organization",
        "name the organization that owns the credential",
    );
}

#[test]
fn a_date_with_slashes_gets_its_fix() {
    let dir = fixture("mini");
    edit(
        dir.path(),
        ALPHA,
        "date_effective = 2025-01-15",
        "date_effective = 2025/01/15",
    );
    one_problem(
        dir.path(),
        "content/credentials/alpha.md:11:18:",
        "write dates as 2026-12-01 (no quotes, dashes not slashes)",
    );
}

#[test]
fn a_field_typo_gets_did_you_mean() {
    let dir = fixture("mini");
    edit(dir.path(), ALPHA, "summary = ", "sumary = ");
    one_problem(
        dir.path(),
        "content/credentials/alpha.md:7:1: unknown field `sumary`",
        "did you mean `summary`? valid fields here: ctid, name, type",
    );
}

#[test]
fn a_value_typo_gets_did_you_mean_and_the_list() {
    let dir = fixture("mini");
    edit(
        dir.path(),
        ALPHA,
        "type = \"DigitalBadge\"",
        "type = \"DigitalBadg\"",
    );
    one_problem(
        dir.path(),
        "content/credentials/alpha.md:4:8: `DigitalBadg` is not a valid credential type",
        "did you mean `DigitalBadge`? use one of: Badge, DigitalBadge",
    );
}

#[test]
fn a_spreadsheet_csv_in_windows_1252_names_its_row_and_the_fix() {
    let dir = fixture("mini");
    std::fs::create_dir_all(dir.path().join("content/issued")).unwrap();
    std::fs::write(
        dir.path().join("content/issued/cohort.csv"),
        b"id,credential,recipient_name,publish_name,recipient_email,issued\n\
          a-1,alpha,Ren\xe9e,true,renee@example.org,2025-01-01\n",
    )
    .unwrap();
    let said = one_problem(
        dir.path(),
        "content/issued/cohort.csv:2:14: the file is not valid UTF-8",
        "Save As → \"CSV UTF-8 (Comma delimited)\"",
    );
    assert!(
        !said.contains("renee@example.org"),
        "the email is shown:\n{said}"
    );
}

#[test]
fn a_broken_file_does_not_make_false_errors_elsewhere() {
    let dir = fixture("mini");
    // alpha is referenced by beta, gamma and the pathway; only alpha's own error shows.
    edit(
        dir.path(),
        ALPHA,
        "name = \"Alpha Badge\"",
        "name = \"Alpha Badge",
    );
    let (code, said) = check(dir.path());
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("error: 1 problem in 1 file"), "{said}");
    assert!(said.contains("× content/credentials/alpha.md:3:"), "{said}");
    assert!(!said.contains("no credential named"), "{said}");
}

#[test]
fn plain_emails_in_award_files_are_a_warning_and_two_recipients_an_error() {
    let dir = fixture("mini");
    std::fs::create_dir_all(dir.path().join("content/issued")).unwrap();
    let file = dir.path().join("content/issued/old.csv");
    std::fs::write(
        &file,
        "id,credential,recipient_email,issued\na-1,alpha,old.style@example.org,2025-01-01\n",
    )
    .unwrap();
    let (code, said) = check(dir.path());
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains(
            "warning: content/issued/old.csv keeps recipients' email addresses in plain text"
        ),
        "{said}"
    );
    assert!(!said.contains("old.style@example.org"), "{said}");
    let hash = format!("sha256${}", "a".repeat(64));
    std::fs::write(
        &file,
        format!(
            "id,credential,recipient_email,recipient_hash,recipient_salt,issued\n\
             a-1,alpha,old.style@example.org,{hash},0123456789abcdef,2025-01-01\n"
        ),
    )
    .unwrap();
    let said = one_problem(
        dir.path(),
        "content/issued/old.csv:2:33: the award names its recipient twice",
        "keep recipient_hash and recipient_salt and remove recipient_email",
    );
    assert!(!said.contains("old.style@example.org"), "{said}");
}

#[test]
fn new_takes_a_title_and_check_warns_about_its_placeholders() {
    let dir = fixture("mini");
    let out = credcat()
        .args(["new", "organization", "Acme Training, Inc.", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = dir
        .path()
        .join("content/organizations/acme-training-inc.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("name = \"Acme Training, Inc.\""), "{text}");
    let (code, said) = check(dir.path());
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("warning: content/organizations/acme-training-inc.md:6: still holds the placeholder \"https://www.example.org\""),
        "{said}"
    );
    // A name with nothing to make a file name of is a usage error: exit 2.
    let out = credcat()
        .args(["new", "credential", "!!!", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn internal_links_are_resolved_and_broken_ones_reported() {
    let dir = fixture("mini");
    let p = dir.path().join(ALPHA);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        format!("{text}\nSee [Beta](@/credentials/beta.md#about), [the basics](@/competencies/basics.md) and [gone](@/credentials/gone.md).\n"),
    )
    .unwrap();
    one_problem(
        dir.path(),
        "content/credentials/alpha.md:26:",
        "check the file name: there is no content/credentials/gone.md",
    );
    let (_, said) = check(dir.path());
    assert!(
        said.contains("the link @/credentials/gone.md leads nowhere"),
        "{said}"
    );
    std::fs::write(
        &p,
        format!("{text}\nSee [Beta](@/credentials/beta.md#about) and [the basics](@/competencies/basics.md).\n"),
    )
    .unwrap();
    let out = credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page =
        std::fs::read_to_string(dir.path().join("public/credentials/alpha/index.html")).unwrap();
    assert!(
        page.contains("href=\"/catalog/credentials/beta/#about\""),
        "{page}"
    );
    assert!(page.contains("href=\"/catalog/frameworks/basics/\""));
    assert!(!page.contains("@/"));
}

#[test]
fn aliases_leave_redirects_and_may_not_collide() {
    let dir = fixture("mini");
    edit(
        dir.path(),
        ALPHA,
        "date_effective = 2025-01-15",
        "date_effective = 2025-01-15\naliases = [\"old-alpha\"]",
    );
    let out = credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(dir.path().join("public/credentials/old-alpha/index.html"))
        .unwrap();
    assert!(
        page.contains("url=https://example.edu/catalog/credentials/alpha/\""),
        "{page}"
    );
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://example.edu/catalog/credentials/alpha/\">"
    ));
    edit(
        dir.path(),
        ALPHA,
        "aliases = [\"old-alpha\"]",
        "aliases = [\"beta\"]",
    );
    one_problem(
        dir.path(),
        "content/credentials/alpha.md:12:12: alias `beta` is the slug of a credential",
        "an alias is an earlier file name of this credential",
    );
}

/// Codes reach addresses (`industries/<code>/`): a malformed one is an error where it is
/// written, never a page.
#[test]
fn a_naics_code_that_is_not_digits_is_reported_where_it_is() {
    let dir = fixture("mini");
    edit(
        dir.path(),
        ALPHA,
        "title = \"Stockers and Order Fillers\"\n",
        "title = \"Stockers and Order Fillers\"\n\n[[industries]]\ncode = \"54/../1511\"\ntitle = \"Consulting\"\n",
    );
    let said = one_problem(
        dir.path(),
        "content/credentials/alpha.md:23:8: `54/../1511` is not a valid NAICS code",
        "expected 2 to 6 digits",
    );
    assert!(said.contains("541511"), "{said}");
}

/// A build lets go of each file's text once parsed (a 100,000-credential catalog's text is
/// 780 MB); its errors still quote the lines, read again, also through a byte order mark.
#[test]
fn a_build_quotes_the_lines_of_its_errors() {
    let dir = fixture("mini");
    let p = dir.path().join(ALPHA);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(&p).unwrap());
    bytes.extend(b"\nSee [gone](@/credentials/gone.md).\n");
    std::fs::write(&p, bytes).unwrap();
    edit(
        dir.path(),
        BETA,
        "status = \"active\"",
        "status = \"actve\"",
    );
    let out = credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("× content/credentials/alpha.md:26:"),
        "{said}"
    );
    assert!(
        said.contains("See [gone](@/credentials/gone.md)."),
        "{said}"
    );
    assert!(said.contains("× content/credentials/beta.md:"), "{said}");
    assert!(said.contains("status = \"actve\""), "{said}");
    assert!(!dir.path().join("public").exists(), "{said}");
}
