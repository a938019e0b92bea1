//! `credcat init` and `credcat new`: files for authors to start from. Every generated file
//! carries fresh CTIDs and builds without edits.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::NewKind;
use crate::Error;

fn fresh_ctid() -> String {
    format!("ce-{}", uuid::Uuid::new_v4())
}

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// Fills `{ctid}`, `{ctid2}`…, `{name}`, `{slug}` and `{today}` in a template.
fn fill(template: &str, slug: &str) -> String {
    let mut out = template
        .replace("{slug}", slug)
        .replace("{name}", &title_case(slug))
        .replace("{today}", &today());
    for tag in ["{ctid}", "{ctid2}", "{ctid3}"] {
        out = out.replace(tag, &fresh_ctid());
    }
    out
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn valid_slug(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; pick another name",
            path.display()
        )));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)
            .map_err(|e| Error::Failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    fs::write(path, text)
        .map_err(|e| Error::Failed(format!("cannot write {}: {e}", path.display())))
}

/// `credcat new KIND NAME`: one content file with every field commented.
pub fn new(root: &Path, kind: NewKind, name: &str) -> Result<PathBuf, Error> {
    // A title ("Forklift Safety") gives its slug (forklift-safety) and stays the name; a slug
    // gives a title-cased name.
    let (slug, title) = if valid_slug(name) {
        (name.to_string(), title_case(name))
    } else {
        let slug: String = crate::load::markdown::slugify(name)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let slug = slug.trim_matches('-').to_string();
        if !valid_slug(&slug) {
            return Err(Error::Usage(format!(
                "`{name}` gives no file name: use a title with letters or digits, or a name of lowercase letters, digits and dashes (it becomes the URL)"
            )));
        }
        (slug, name.trim().to_string())
    };
    let name = slug.as_str();
    let (dir, template) = match kind {
        NewKind::Credential => ("content/credentials", NEW_CREDENTIAL),
        NewKind::Framework => ("content/competencies", NEW_FRAMEWORK),
        NewKind::Pathway => ("content/pathways", NEW_PATHWAY),
        NewKind::Organization => ("content/organizations", NEW_ORGANIZATION),
        NewKind::Page => ("content/pages", NEW_PAGE),
    };
    let path = root.join(dir).join(format!("{name}.md"));
    let key = if matches!(kind, NewKind::Page) {
        "title"
    } else {
        "name"
    };
    let text = fill(template, name).replacen(
        &format!("{key} = \"{}\"", title_case(name)),
        &format!("{key} = {}", toml_string(&title)),
        1,
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text `credcat new` writes for the author to replace; it must never be published.
pub const PLACEHOLDERS: &[&str] = &[
    "One or two sentences on what this credential shows.",
    "Describe the credential: who it is for, what it takes, what the holder can do.",
    "The formal competency statement.",
    "The same, in words a hiring manager uses.",
    "https://www.example.org",
    "Write this page: who it is for and what they should do next.",
];

/// Lines of the loaded content files that still hold `credcat new`'s placeholder text, as
/// `file:line: …` warnings. It reads the texts `load` already read, in path order.
pub fn placeholder_warnings(loaded: &crate::load::Loaded) -> Vec<String> {
    let mut out = Vec::new();
    for rel in loaded.files.keys() {
        let Some(text) = loaded.text(rel) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            // A commented-out field is not published.
            if line.trim_start().starts_with("# ") && line.contains(" = ") {
                continue;
            }
            if let Some(p) = PLACEHOLDERS.iter().find(|p| line.contains(*p)) {
                out.push(format!(
                    "{}:{}: still holds the placeholder \"{p}\" from `credcat new`; write the real text before publishing",
                    rel.display(),
                    i + 1
                ));
            }
        }
    }
    out
}

/// `credcat init DIR`: a small catalog that builds as it is.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(Error::Usage(format!(
            "{} already holds a catalog",
            dir.display()
        )));
    }
    let files: [(&str, &str, &str); 8] = [
        ("site-config.toml", INIT_CONFIG, ""),
        (
            "content/organizations/my-college.md",
            INIT_ORG,
            "my-college",
        ),
        (
            "content/competencies/workplace-skills.md",
            INIT_FRAMEWORK,
            "workplace-skills",
        ),
        (
            "content/credentials/spreadsheet-basics.md",
            INIT_CRED_1,
            "spreadsheet-basics",
        ),
        (
            "content/credentials/data-reporting.md",
            INIT_CRED_2,
            "data-reporting",
        ),
        (
            "content/pathways/office-data-pathway.md",
            INIT_PATHWAY,
            "office-data-pathway",
        ),
        ("content/pages/how-to-enroll.md", INIT_PAGE, ""),
        (
            ".gitignore",
            "public/\n.public.credcat-output\n.credcat/\n",
            "",
        ),
    ];
    for (path, template, slug) in files {
        write_new(&dir.join(path), &fill(template, slug))?;
    }
    Ok(())
}

const INIT_CONFIG: &str = r#"# The site. Every key is described in docs/FORMAT.md of credcat.
base_url = "https://catalog.example.edu"
title = "My College Credential Catalog"
description = "Badges and certificates that show what our learners can do."
language = "en-US"
publisher = "my-college"
theme = "default"
"#;

const INIT_ORG: &str = r#"+++
ctid = "{ctid}"
name = "My College"
kind = "college"
sector = "public"
url = "https://www.example.edu"
summary = "A community college."
+++
Describe the organization here.
"#;

const INIT_FRAMEWORK: &str = r#"+++
ctid = "{ctid}"
name = "Workplace Data Skills"
publisher = "my-college"
summary = "Skills for working with data in an office."

[[levels]]
id = "foundational"
name = "Foundational"
description = "Does the task on routine data with a checklist."

[[competencies]]
code = "WS.1"
label = "Spreadsheet data entry"
statement = "Enter, format and validate tabular data in a spreadsheet."
skill = "Keeps a clean, consistent spreadsheet that others can use."
level = "foundational"
category = "Data handling"
tasks = ["Sets up columns with data validation", "Fixes inconsistent entries"]

[[competencies]]
code = "WS.2"
label = "Summary reporting"
statement = "Summarize tabular data with formulas, pivot tables and charts."
skill = "Turns a raw export into a one-page summary a manager can read."
level = "foundational"
category = "Reporting"
tasks = ["Builds a pivot table", "Charts a monthly trend"]
+++
"#;

const INIT_CRED_1: &str = r#"+++
ctid = "{ctid}"
name = "Spreadsheet Basics"
type = "DigitalBadge"
status = "active"
owned_by = ["my-college"]
summary = "Shows that the holder can keep clean, usable spreadsheets."
skills = ["Keeps a shared spreadsheet clean, consistent and easy for others to use"]
competencies = ["workplace-skills/WS.1"]
estimated_hours = 10
delivery = ["online"]
audience_level = ["beginner"]
stacks_into = ["data-reporting"]
date_effective = {today}

[assessment]
method = ["artifact"]
description = "The learner cleans a messy spreadsheet; an instructor reviews it against a rubric."

[[costs]]
amount = 0
currency = "USD"
kind = "tuition"
+++
Describe the credential here: who it is for and what it takes.
"#;

const INIT_CRED_2: &str = r#"+++
ctid = "{ctid}"
name = "Data Reporting"
type = "Certificate"
status = "active"
owned_by = ["my-college"]
summary = "Shows that the holder can turn raw data into a clear report."
skills = ["Turns a raw data export into a one-page summary with a chart a manager can act on"]
competencies = ["workplace-skills/WS.2"]
estimated_hours = 30
delivery = ["blended"]
audience_level = ["intermediate"]
prerequisites = ["spreadsheet-basics"]
date_effective = {today}

[assessment]
method = ["performance"]
description = "A timed reporting task from a real data set."
+++
Describe the credential here.
"#;

const INIT_PATHWAY: &str = r#"+++
ctid = "{ctid}"
name = "Office Data Pathway"
summary = "From clean spreadsheets to reports."
owned_by = ["my-college"]
destination = "data-reporting"

[[stages]]
name = "Foundations"
credentials = ["spreadsheet-basics"]
+++
"#;

const NEW_CREDENTIAL: &str = r#"+++
ctid = "{ctid}"                     # never change once published
name = "{name}"
type = "DigitalBadge"                # Badge, DigitalBadge, OpenBadge, MicroCredential, Certificate, Certification, License, AssociateDegree, …
status = "active"                    # active | deprecated | suspended | probationary | ceasing | teach-out
# language = "en-US"                 # default: the site's language
owned_by = []                        # organization file names, e.g. ["my-college"]
# offered_by = []                    # default: owned_by
# accredited_by = []
summary = "One or two sentences on what this credential shows."
skills = [
  # Plain-language statements for hiring managers: what can the holder do?
  # "Builds a pivot-table dashboard from a raw sales export",
]
# competencies = ["framework-file-name/CODE"]
# keywords = []
# image = "/images/{slug}.svg"
# estimated_hours = 40
# duration = "P8W"                   # ISO 8601: P8W, P3M, PT40H
# audience_level = ["beginner"]      # beginner | intermediate | advanced | professional | …
# delivery = ["online"]              # online | in-person | blended | variable-site
# cip = ["11.0701"]                  # CIP 2020 codes, when it is a program of study
# prerequisites = []                 # credential file names required before this one
# recommended = []                   # recommended, not required, before
# stacks_into = []                   # larger credentials this one counts toward
date_effective = {today}
# draft = true                       # drafts build only with --drafts

# [assessment]
# method = ["exam"]                  # exam | artifact | performance
# description = ""
# rubric = ""
# mastery_threshold = "80%"
# proctored = false
# identity_verified = false
# retake_policy = ""
# remediation = ""                   # what a learner below mastery gets before a retake
# [[assessment.validation]]          # per skill type: knowledge | technical | professional
# skill_type = "technical"
# method = ["artifact"]
# evidence = "How the assessment is shown to measure the skill"
# last_validated = {today}

# [[costs]]
# amount = 0
# currency = "USD"
# kind = "tuition"                   # tuition | application | enrollment | assessment | reexamination | learning-resource | technology | renewal | processing | aggregate
# description = ""

# [credit]
# value = 3
# unit = "semester-hours"            # semester-hours | quarter-hours | clock-hours | contact-hours | ceu | degree-credit | certificate-credit | competency-credit

# [[occupations]]
# code = "15-2051.00"                # O*NET-SOC
# title = "Data Scientists"

# [[industries]]
# code = "541511"                    # NAICS
# title = "Custom Computer Programming Services"

# [version]
# identifier = "1.0"
# supersedes = "ce-…"                # CTID of the version this replaces
# bridge = ""                        # how holders of that version reach this one
# [[version.history]]
# identifier = "1.0"
# date = {today}
# changes = "First release."

# [outcomes]                         # a summary; or [[outcomes]] per cohort (below), not both
# holders = 0
# pass_rate = 0.8
# completion_rate = 0.7
# employment_rate = 0.6
# median_weeks_to_complete = 8
# as_of = {today}

# [[outcomes]]                       # one per cohort; rates are fractions from 0 to 1
# period = "2025"                    # 2025 | 2025-H1 | 2025-Q2 | 2025-01-01/2025-06-30
# cohort_size = 40
# source = "Registrar records"
# pass_rate = 0.8
# completion_rate = 0.7
# median_weeks_to_complete = 8
# placement_rate = 0.6
# performance_90_day = 0.8
# performance_180_day = 0.8
# retention_90_day = 0.9
# retention_180_day = 0.85
# earnings_lift = 0.1               # relative change 6–12 months after: 0.1 = 10% higher

# [governance]
# approved_by = "organization-file-name"
# last_reviewed = {today}
# review_every_months = 12
# advisory_board = ["employer-file-name"]
# recognized_by = ["employer-file-name"]
# process = "Who approves what, and how changes are made."
+++
Describe the credential: who it is for, what it takes, what the holder can do.
"#;

const NEW_FRAMEWORK: &str = r#"+++
ctid = "{ctid}"
name = "{name}"
# publisher = "organization-file-name"
# language = "en-US"
summary = ""
# source_url = "https://…"
# date_created = 2025-01-15
# date_modified = 2025-06-30

# [[levels]]
# id = "foundational"
# name = "Foundational"
# description = ""

[[competencies]]
code = "C.1"                         # unique in this framework; credentials refer to {slug}/C.1
label = "A competency"
statement = "The formal competency statement."
skill = "The same, in words a hiring manager uses."
# level = "foundational"
# category = "Groups the employer skills index"
# tasks = []
# ctid = "ce-…"                      # derived from the framework's CTID and the code when absent
# [[competencies.children]]
# code = "C.1.1"
# label = ""
# statement = ""
+++
"#;

const NEW_PATHWAY: &str = r#"+++
ctid = "{ctid}"
name = "{name}"
summary = ""
owned_by = []                        # organization file names
destination = "credential-file-name" # the credential the pathway leads to

[[stages]]
name = "Foundations"
credentials = []                     # credential file names
# require = "all"                    # "all" or a number: any N of these
+++
"#;

const NEW_ORGANIZATION: &str = r#"+++
ctid = "{ctid}"
name = "{name}"
kind = "college"                     # college | university | employer | accreditor | training-provider | certification-body | professional-association | government
# sector = "public"                  # public | private-nonprofit | private-for-profit
url = "https://www.example.org"
# email = "catalog@example.org"      # a public contact address
# logo = "/images/{slug}.svg"
summary = ""
# [location]
# city = ""
# region = ""
# country = "US"
+++
"#;

const NEW_PAGE: &str = r#"+++
title = "{name}"
description = ""                      # one sentence, for search engines and link previews
nav = true                            # list the page in the site's main navigation
# weight = 0                          # order in the navigation: lower first, then by title
# template = "page.html"              # a template of templates/ or the theme's
# In the text below, link to a credential as [its name](@/credentials/<file>.md).
+++
Write this page: who it is for and what they should do next.
"#;

const INIT_PAGE: &str = r#"+++
title = "How to enroll"
description = "How to start a credential at My College, what it costs and who to ask."
nav = true
+++
Every credential in this catalog lists its cost, its hours and how it is assessed. To
start one, contact the college's enrollment office.

Most learners begin with [Spreadsheet Basics](@/credentials/spreadsheet-basics.md), which
counts toward [Data Reporting](@/credentials/data-reporting.md).
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_gives_distinct_ctids_and_names() {
        let t = fill("{ctid} {ctid2} {name}", "sql-fundamentals");
        let parts: Vec<&str> = t.split(' ').collect();
        assert_ne!(parts[0], parts[1]);
        assert!(crate::resolve::validate::ctid(parts[0]).is_ok());
        assert!(t.ends_with("Sql Fundamentals"));
    }
}
