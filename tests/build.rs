//! The catalog pipeline end to end, through the real binary: the demo builds, `init` makes a
//! catalog that builds, every class of content error is reported at its file:line:column with
//! a fix, a failed build leaves the previous output untouched, and builds are reproducible.

mod common;

use common::*;
use predicates::prelude::*;
use std::path::Path;

#[test]
fn demo_catalog_builds_every_page() {
    let dir = demo();
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Built 18 credentials"))
        // A small site: no host's limits to mention.
        .stderr(predicate::str::contains("static hosts").not());
    let public = dir.path().join("public");
    for page in [
        "index.html",
        "skills/index.html",
        "404.html",
        "search/index.json",
        "search/v/keys.json",
        "css/site.css",
        "js/search.js",
        "credentials/sql-fundamentals/index.html",
        "frameworks/data-analytics/index.html",
        "organizations/northfield-college/index.html",
        "pathways/data-analytics/index.html",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    let sql =
        std::fs::read_to_string(public.join("credentials/sql-fundamentals/index.html")).unwrap();
    // Skill statements come before the assessment on a credential page.
    let skills = sql.find("What a holder can do").expect("skills section");
    let assessment = sql.find("How it is assessed").expect("assessment section");
    assert!(skills < assessment);
    assert!(sql.contains("Spreadsheet Analysis"), "prerequisite linked");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("search/index.json")).unwrap()).unwrap();
    assert_eq!(manifest["count"], 18, "{manifest}");
    assert_eq!(common::search_cards(&public).len(), 18);
}

/// Every top-level folder a site can have is reserved, so that no free page takes its name:
/// the dev server replaces folders of deferred outputs whole, and would delete a free page
/// written inside one.
#[test]
fn a_site_s_top_level_folders_are_reserved_from_free_pages() {
    use credcat::emit::{crawl, urls};
    let dir = demo();
    build_ok(dir.path());
    let free: Vec<String> = std::fs::read_dir(dir.path().join("content/pages"))
        .map(|entries| {
            entries
                .filter_map(|e| Some(e.ok()?.path().file_stem()?.to_str()?.to_string()))
                .collect()
        })
        .unwrap_or_default();
    for entry in std::fs::read_dir(dir.path().join("public")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if entry.file_type().unwrap().is_dir() && !name.starts_with('.') && !free.contains(&name) {
            assert!(
                urls::RESERVED.contains(&name.as_str()),
                "{name}/ is not reserved"
            );
        }
    }
    // Folders only a large site has.
    for folder in [crawl::SITEMAP_PARTS, urls::CATALOG_PARTS] {
        let top = folder.split('/').next().unwrap();
        assert!(urls::RESERVED.contains(&top), "{top}/ is not reserved");
    }
}

/// The size a build reports (what host limits are checked against) is what the file system
/// holds: every file's bytes, the file count and the largest file.
#[test]
fn a_build_reports_the_size_it_wrote() {
    let dir = demo();
    let options = credcat::BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let report = credcat::build(&options).unwrap();
    let size = report.size.expect("a build that wrote reports its size");
    let public = dir.path().join("public");
    let mut files: Vec<(String, u64)> = walkdir::WalkDir::new(&public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(&public).unwrap();
            (
                path.to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(size.files, files.len());
    let folders = walkdir::WalkDir::new(&public)
        .min_depth(1)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_dir())
        .count();
    assert_eq!(size.folders, folders);
    assert_eq!(size.bytes, files.iter().map(|f| f.1).sum::<u64>());
    files.sort_by_key(|f| std::cmp::Reverse(f.1));
    assert_eq!(size.largest.as_ref().map(|l| l.1), Some(files[0].1));
    assert!(files.iter().any(|f| Some(f) == size.largest.as_ref()));
    // Built again with nothing changed: nothing written, no size to report.
    let again = credcat::build(&options).unwrap();
    assert!(again.up_to_date && again.size.is_none());
}

#[test]
fn check_is_clean_on_the_demo_and_writes_nothing() {
    let dir = demo();
    // The demo keeps one review past its cadence on purpose (a warning, not an error);
    // judged on a fixed date so the demo's review dates do not age the test.
    credcat()
        .args(["check", "--as-of", "2026-12-01", "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("No errors (1 warning)"))
        .stderr(predicate::str::contains(
            "the review of `cnc-programming` was due",
        ));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn init_makes_a_catalog_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-catalog");
    credcat().arg("init").arg(&root).assert().success();
    credcat()
        .args(["build", "--root"])
        .arg(&root)
        .assert()
        .success()
        .stdout(predicate::str::contains("Built 2 credentials"));
    assert!(root
        .join("public/pathways/office-data-pathway/index.html")
        .is_file());
    credcat()
        .arg("init")
        .arg(&root)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already holds a catalog"));
    assert_internal_links_resolve(&root.join("public"));
}

/// Every site-absolute `href`/`src` in every page names a file the build wrote (a folder
/// means its index.html).
fn assert_internal_links_resolve(public: &std::path::Path) {
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for attr in ["href=\"/", "src=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let target = &rest[..rest.find('"').unwrap()];
                let path = target.split(['#', '?']).next().unwrap();
                if path.starts_with('/') {
                    continue; // protocol-relative: not ours
                }
                let file = public.join(path);
                let ok = if path.is_empty() || path.ends_with('/') {
                    file.join("index.html").is_file()
                } else {
                    file.is_file()
                };
                if !ok {
                    broken.push(format!("{} → /{target}", entry.path().display()));
                }
            }
        }
    }
    broken.sort();
    broken.dedup();
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.join("\n")
    );
}

#[test]
fn new_files_build_and_carry_fresh_ctids() {
    let dir = fixture("mini");
    for kind in ["credential", "framework", "organization"] {
        credcat()
            .args(["new", kind, &format!("fresh-{kind}"), "--root"])
            .arg(dir.path())
            .assert()
            .success();
    }
    let cred = dir.path().join("content/credentials/fresh-credential.md");
    edit(&cred, "owned_by = []", "owned_by = [\"test-college\"]");
    credcat()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let a = std::fs::read_to_string(&cred).unwrap();
    let b = std::fs::read_to_string(
        dir.path()
            .join("content/organizations/fresh-organization.md"),
    )
    .unwrap();
    let ctid = |t: &str| {
        t.lines()
            .next_back()
            .map(|_| t.lines().nth(1).unwrap().to_string())
            .unwrap()
    };
    assert_ne!(ctid(&a), ctid(&b));
    // A title is made into its file name; a name with nothing to make one of is a usage error.
    credcat()
        .args(["new", "credential", "Forklift Safety", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir
        .path()
        .join("content/credentials/forklift-safety.md")
        .exists());
    credcat()
        .args(["new", "credential", "???", "--root"])
        .arg(dir.path())
        .assert()
        .code(2);
}

/// What `credcat check` reports of the catalog at `root`, which must have problems (exit 1).
fn check_problems(root: &Path) -> String {
    let out = credcat()
        .args(["check", "--root"])
        .arg(root)
        .assert()
        .failure()
        .code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// Breaks the mini fixture in one way and expects `check` to name the place and the fix.
fn expect_problem(file: &str, from: &str, to: &str, location: &str, messages: &[&str]) {
    let dir = fixture("mini");
    edit(&dir.path().join(file), from, to);
    let stderr = check_problems(dir.path());
    assert!(
        stderr.contains(location),
        "expected {location} in:\n{stderr}"
    );
    for m in messages {
        assert!(stderr.contains(m), "expected {m:?} in:\n{stderr}");
    }
    assert!(stderr.contains("help:"), "no help line in:\n{stderr}");
}

const ALPHA: &str = "content/credentials/alpha.md";
const BETA: &str = "content/credentials/beta.md";

#[test]
fn malformed_toml() {
    expect_problem(
        ALPHA,
        "name = \"Alpha Badge\"",
        "name = \"Alpha Badge",
        "alpha.md:3:",
        &["fix the TOML"],
    );
}

#[test]
fn unknown_field() {
    expect_problem(
        ALPHA,
        "summary =",
        "sumary =",
        "alpha.md:7:1",
        &["unknown field `sumary`"],
    );
}

#[test]
fn missing_required_field() {
    expect_problem(
        BETA,
        "summary = \"The second badge.\"\n",
        "",
        "beta.md",
        &["missing field `summary`"],
    );
}

#[test]
fn unknown_enum_value_lists_the_allowed_ones() {
    expect_problem(
        ALPHA,
        "type = \"DigitalBadge\"",
        "type = \"Nanodegree\"",
        "alpha.md:4:8",
        &["not a valid credential type", "MicroCredential"],
    );
}

#[test]
fn unknown_reference_suggests_the_closest() {
    expect_problem(
        BETA,
        "prerequisites = [\"alpha\"]",
        "prerequisites = [\"alpah\"]",
        "beta.md:9:18",
        &["no credential named `alpah`", "did you mean `alpha`?"],
    );
    expect_problem(
        ALPHA,
        "basics/B.1",
        "basics/B.9",
        "alpha.md:9:17",
        &["no competency named `basics/B.9`"],
    );
    expect_problem(
        ALPHA,
        "owned_by = [\"test-college\"]",
        "owned_by = [\"test-colege\"]",
        "alpha.md:6:13",
        &["did you mean `test-college`?"],
    );
}

#[test]
fn duplicate_ctid_names_both_files() {
    expect_problem(
        BETA,
        "ce-44444444-4444-4444-8444-444444444444",
        "ce-33333333-3333-4333-8333-333333333333",
        "beta.md:2:8",
        &["already used by credential `alpha`", "alpha.md"],
    );
}

#[test]
fn duplicate_competency_code() {
    expect_problem(
        "content/competencies/basics.md",
        "code = \"B.2\"",
        "code = \"B.1\"",
        "basics.md:19:8",
        &["defined twice"],
    );
}

#[test]
fn prerequisite_cycle_prints_the_cycle() {
    // alpha → beta (prerequisite) and beta → alpha (stacks into) close a loop.
    expect_problem(
        BETA,
        "stacks_into = [\"gamma\"]",
        "stacks_into = [\"alpha\"]",
        "beta.md",
        &["cycle: alpha → beta → alpha"],
    );
}

#[test]
fn self_reference_is_a_cycle() {
    expect_problem(
        ALPHA,
        "stacks_into = [\"gamma\"]",
        "stacks_into = [\"alpha\"]",
        "alpha.md:10:16",
        &["cycle"],
    );
}

#[test]
fn bad_date() {
    expect_problem(
        ALPHA,
        "date_effective = 2025-01-15",
        "date_effective = \"2025-02-30\"",
        "alpha.md:11:18",
        &["not a valid date", "YYYY-MM-DD"],
    );
}

#[test]
fn bad_currency() {
    expect_problem(
        ALPHA,
        "currency = \"USD\"",
        "currency = \"$\"",
        "alpha.md:15:12",
        &["not a valid currency", "ISO 4217"],
    );
}

#[test]
fn bad_language_tag() {
    expect_problem(
        "content/credentials/gamma.md",
        "language = \"en-US\"",
        "language = \"English\"",
        "gamma.md:6:12",
        &["not a valid language tag", "BCP 47"],
    );
}

#[test]
fn bad_onet_code() {
    expect_problem(
        ALPHA,
        "43-5081.00",
        "435081",
        "alpha.md:19:8",
        &["not a valid O*NET-SOC code"],
    );
}

#[test]
fn bad_cip_code() {
    expect_problem(
        ALPHA,
        "date_effective = 2025-01-15\n",
        "date_effective = 2025-01-15\ncip = [\"11.0701\", \"11-0701\"]\n",
        "alpha.md:12:19",
        &["not a valid CIP code", "NN.NNNN"],
    );
}

#[test]
fn bad_ctdl_id_base() {
    expect_problem(
        "site-config.toml",
        "publisher = \"test-college\"",
        "publisher = \"test-college\"\n\n[ctdl]\nid_base = \"ctdl\"",
        "site-config.toml:8:1",
        &["[ctdl] id_base", "ending in /"],
    );
}

#[test]
fn bad_ctid() {
    expect_problem(
        ALPHA,
        "ce-33333333-3333-4333-8333-333333333333",
        "ce-33333333",
        "alpha.md:2:8",
        &["not a valid CTID"],
    );
}

#[test]
fn non_utf8_file() {
    let dir = fixture("mini");
    std::fs::write(dir.path().join(BETA), b"+++\nname = \"\xff\xfe\"\n+++\n").unwrap();
    credcat()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("beta.md").and(predicate::str::contains("not valid UTF-8")),
        );
}

#[test]
fn all_problems_are_reported_together() {
    let dir = fixture("mini");
    edit(
        &dir.path().join(ALPHA),
        "currency = \"USD\"",
        "currency = \"usd\"",
    );
    edit(
        &dir.path().join(BETA),
        "prerequisites = [\"alpha\"]",
        "prerequisites = [\"nope\"]",
    );
    edit(
        &dir.path().join("content/credentials/gamma.md"),
        "status = \"active\"",
        "status = \"gone\"",
    );
    credcat()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("3 problems in 3 files"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let dir = fixture("mini");
    build_ok(dir.path());
    let public = dir.path().join("public");
    let before = snapshot(&public);
    edit(
        &dir.path().join(ALPHA),
        "status = \"active\"",
        "status = \"retired\"",
    );
    edit(
        &dir.path().join(BETA),
        "summary = \"The second badge.\"",
        "summary = \"Changed\"",
    );
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .failure();
    assert_eq!(before, snapshot(&public));
    // No staging folders are left behind either.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".public.new-") || name.starts_with(".public.old-")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn unchanged_input_gives_byte_identical_output() {
    let dir = demo();
    let out_a = dir.path().join("a");
    let out_b = dir.path().join("b");
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out_a)
        .assert()
        .success();
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out_b)
        .assert()
        .success();
    let (a, b) = (snapshot(&out_a), snapshot(&out_b));
    assert!(a.len() > 50);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between two builds",
            path.display()
        );
    }
    // A rebuild into the same folder rewrites nothing.
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out_a)
        .assert()
        .success()
        .stdout(predicate::str::contains("(0 written"));
}

#[test]
fn links_work_under_a_sub_path() {
    let dir = fixture("mini");
    build_ok(dir.path());
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(
        home.contains("href=\"/catalog/credentials/alpha/\""),
        "{home}"
    );
    assert!(home.contains("href=\"/catalog/css/site.css\""));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.edu/catalog/\">"));
    credcat()
        .args(["build", "--base-url", "http://localhost:8080/", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let home = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(home.contains("href=\"/credentials/alpha/\""));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = fixture("mini");
    edit(
        &dir.path().join("content/credentials/gamma.md"),
        "status = \"active\"",
        "status = \"active\"\ndraft = true",
    );
    edit(
        &dir.path().join("content/pathways/path.md"),
        "destination = \"gamma\"",
        "destination = \"beta\"",
    );
    edit(&dir.path().join(ALPHA), "stacks_into = [\"gamma\"]", "");
    edit(&dir.path().join(BETA), "stacks_into = [\"gamma\"]", "");
    build_ok(dir.path());
    assert!(!dir.path().join("public/credentials/gamma").exists());
    credcat()
        .args(["build", "--drafts", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir
        .path()
        .join("public/credentials/gamma/index.html")
        .is_file());
}

#[test]
fn raw_html_in_content_is_sanitized() {
    let dir = fixture("mini");
    edit(
        &dir.path().join(ALPHA),
        "Alpha body",
        "<script>alert(1)</script><img src=x onerror=alert(2)> Alpha body",
    );
    build_ok(dir.path());
    let page =
        std::fs::read_to_string(dir.path().join("public/credentials/alpha/index.html")).unwrap();
    assert!(
        !page.contains("alert(1)") && !page.contains("onerror"),
        "{page}"
    );
}

#[test]
fn a_site_template_overrides_the_theme() {
    let dir = fixture("mini");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/404.html"),
        "custom not found {{ site.title }}",
    )
    .unwrap();
    build_ok(dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("public/404.html")).unwrap(),
        "custom not found Mini Catalog"
    );
}

#[test]
fn missing_config_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    credcat()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("credcat init"));
}

/// Writes a free page into the mini fixture.
fn with_page(dir: &Path, slug: &str, text: &str) {
    std::fs::create_dir_all(dir.join("content/pages")).unwrap();
    std::fs::write(dir.join(format!("content/pages/{slug}.md")), text).unwrap();
}

fn check_fails(dir: &Path) -> String {
    let out = credcat()
        .args(["check", "--root"])
        .arg(dir)
        .assert()
        .failure()
        .code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn free_pages_are_published_in_the_navigation_with_their_links_resolved() {
    let dir = fixture("mini");
    with_page(
        dir.path(),
        "about",
        "+++\ntitle = \"About <us>\"\ndescription = \"Who we are\"\nnav = true\nweight = 2\n+++\nSee [Alpha](@/credentials/alpha.md).\n",
    );
    with_page(
        dir.path(),
        "enroll",
        "+++\ntitle = \"Enroll\"\nnav = true\nweight = 1\n+++\nCall us.\n",
    );
    with_page(
        dir.path(),
        "hidden",
        "+++\ntitle = \"Not in the menu\"\n+++\nText.\n",
    );
    build_ok(dir.path());
    let public = dir.path().join("public");
    let about = std::fs::read_to_string(public.join("about/index.html")).unwrap();
    assert!(about.contains("<h1>About &lt;us&gt;</h1>"), "{about}");
    assert!(
        about.contains("href=\"/catalog/credentials/alpha/\""),
        "{about}"
    );
    assert!(about.contains("<meta name=\"description\" content=\"Who we are\">"));
    // Every page lists the nav pages, by weight; a page without `nav` is not listed.
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    let (enroll, about_at) = (
        home.find(">Enroll</a>").unwrap(),
        home.find(">About &lt;us&gt;</a>").unwrap(),
    );
    assert!(enroll < about_at, "weight orders the navigation");
    assert!(!home.contains("Not in the menu"));
    assert!(public.join("hidden/index.html").exists());
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/about/</loc>") && sitemap.contains("/hidden/</loc>"));
    // The ownership marker sits beside the output, never deployed with it.
    assert!(!public.join(".credcat-output").exists());
    assert!(dir.path().join(".public.credcat-output").exists());
}

#[test]
fn a_free_page_may_not_take_a_section_of_the_site() {
    let dir = fixture("mini");
    with_page(dir.path(), "credentials", "+++\ntitle = \"All\"\n+++\n");
    let stderr = check_fails(dir.path());
    assert!(stderr.contains("content/pages/credentials.md"), "{stderr}");
    assert!(stderr.contains("/credentials/"), "{stderr}");
    assert!(stderr.contains("help: rename the file"), "{stderr}");
}

#[test]
fn a_free_page_names_a_template_that_exists() {
    let dir = fixture("mini");
    with_page(
        dir.path(),
        "about",
        "+++\ntitle = \"About\"\ntemplate = \"pagee.html\"\n+++\n",
    );
    let stderr = check_fails(dir.path());
    assert!(stderr.contains("content/pages/about.md:3:12"), "{stderr}");
    assert!(stderr.contains("did you mean `page.html`?"), "{stderr}");
    // A broken @/ link in a free page is reported where it is.
    with_page(
        dir.path(),
        "about",
        "+++\ntitle = \"About\"\n+++\nSee [x](@/credentials/nope.md).\n",
    );
    let stderr = check_fails(dir.path());
    assert!(stderr.contains("content/pages/about.md:4:"), "{stderr}");
    assert!(stderr.contains("leads nowhere"), "{stderr}");
}

#[test]
fn extra_config_reaches_templates() {
    let dir = fixture("mini");
    let config = dir.path().join("site-config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[extra]\nphone = \"+1 555 0100\"\nopened = 1998-09-01\n[extra.social]\nmastodon = \"https://example.social/@college\"\n"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/404.html"),
        "{{ site.extra.phone }} {{ site.extra.opened }} {{ site.extra.social.mastodon }}",
    )
    .unwrap();
    build_ok(dir.path());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("public/404.html")).unwrap(),
        "+1 555 0100 1998-09-01 https://example.social/@college"
    );
}

#[test]
fn the_headline_cost_is_what_earning_costs_not_every_fee() {
    let dir = demo();
    build_ok(dir.path());
    let page = |slug: &str| {
        std::fs::read_to_string(
            dir.path()
                .join(format!("public/credentials/{slug}/index.html")),
        )
        .unwrap()
    };
    // Exam $225 + eligibility review $25; the $95 renewal fee comes two years later.
    assert!(page("certified-telehealth-coordinator").contains("<dt>Cost</dt><dd>$250</dd>"));
    // Tuition $179 + assessment $35; a learner who passes the first time pays no $35
    // re-examination fee.
    assert!(page("sql-fundamentals").contains("<dt>Cost</dt><dd>$214</dd>"));
}

/// The search index is written, and the same catalog gives the same bytes in another process
/// (no hash map order or clock may reach it): the dev server's output is compared with a
/// full build byte for byte, and an unchanged file is not written again.
#[test]
fn search_index_is_written_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(repo().join("bench/gen_catalog.py"))
        .args(["--credentials", "400", "--seed", "7", "--out"])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs bench/gen_catalog.py");
    assert!(status.success());
    copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    let mut outputs = Vec::new();
    for run in ["a", "b"] {
        let out = dir.path().join(run);
        credcat()
            .args(["build", "--root"])
            .arg(dir.path())
            .arg("--output")
            .arg(&out)
            .assert()
            .success();
        outputs.push(snapshot(&out.join("search")));
    }
    let files = &outputs[0];
    let count = |dir: &str| files.keys().filter(|p| p.starts_with(dir)).count();
    assert_eq!(
        count("cards"),
        400_usize.div_ceil(credcat::emit::search::CARDS)
    );
    assert!(count("w") > 26, "{} word shards", count("w"));
    // Every filter of the home page has a file per value.
    for filter in credcat::emit::search::FILTERS {
        assert!(count(&format!("f/{filter}")) >= 1, "no {filter} files");
    }
    for file in ["index.json", "sort/cost.bin", "v/keys.json"] {
        assert!(files.contains_key(std::path::Path::new(file)), "{file}");
    }
    assert!(count("v") > 2);
    // The manifest names every word shard there is, and no other.
    let manifest: serde_json::Value =
        serde_json::from_slice(&files[std::path::Path::new("index.json")]).unwrap();
    assert_eq!(manifest["count"], 400);
    let keys = manifest["words"].as_array().unwrap();
    assert_eq!(keys.len(), count("w"));
    for key in keys {
        let name = credcat::emit::search::file_name(key.as_str().unwrap());
        assert!(files.contains_key(&std::path::Path::new("w").join(format!("{name}.bin"))));
    }
    assert_eq!(
        outputs[0].keys().collect::<Vec<_>>(),
        outputs[1].keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &outputs[0] {
        assert!(&outputs[1][path] == bytes, "{} differs", path.display());
    }
}

/// Building what was built before does no work (`stamp`), and anything that could change the
/// output — an edited file, a touched output file — builds again.
#[test]
fn an_unchanged_catalog_is_not_built_again() {
    let dir = demo();
    let root = dir.path();
    let build = || {
        let out = credcat()
            .args(["build", "--root"])
            .arg(root)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    assert!(!build().contains("up to date"), "the first build builds");
    let before = std::fs::read(root.join("public/index.html")).unwrap();
    assert!(
        build().contains("up to date"),
        "the same inputs: nothing to do"
    );
    assert_eq!(
        std::fs::read(root.join("public/index.html")).unwrap(),
        before
    );

    let sql = root.join("content/credentials/sql-fundamentals.md");
    let text = std::fs::read_to_string(&sql).unwrap();
    std::fs::write(
        &sql,
        text.replace("name = \"SQL Fundamentals\"", "name = \"SQL Basics\""),
    )
    .unwrap();
    assert!(!build().contains("up to date"), "an edited file builds");
    let page = std::fs::read_to_string(root.join("public/credentials/sql-fundamentals/index.html"))
        .unwrap();
    assert!(page.contains("SQL Basics"));
    assert!(build().contains("up to date"));

    std::fs::remove_file(root.join("public/index.html")).unwrap();
    assert!(
        !build().contains("up to date"),
        "a deleted output file builds"
    );
    assert!(!std::fs::read(root.join("public/index.html"))
        .unwrap()
        .is_empty());
    std::fs::write(root.join("public/css/site.css"), "tampered").unwrap();
    assert!(
        !build().contains("up to date"),
        "an edited output file builds"
    );
    assert_ne!(
        std::fs::read_to_string(root.join("public/css/site.css")).unwrap(),
        "tampered"
    );
    assert!(build().contains("up to date"));
}

/// Credentials are resolved in parts, in parallel, after each has claimed its CTID and
/// aliases in catalog order: with 900 of them (four parts or more), a CTID or an alias
/// claimed twice is still reported at the later file and names the first, and every part's
/// own problems are reported, once each, in file order.
#[test]
fn problems_of_a_large_catalog_are_reported_as_a_serial_resolve_would() {
    let dir = demo();
    add_badges(dir.path(), 900, "15-2051.01", "Analysts", None);
    let badge = |i: usize| {
        dir.path()
            .join(format!("content/credentials/generated-{i:03}.md"))
    };
    // 850 takes 2's CTID; 300 and 700 both claim an alias; 100 and 600 have bad values.
    edit(
        &badge(850),
        "ce-00000352-0000-4000-8000-000000000352",
        "ce-00000002-0000-4000-8000-000000000002",
    );
    add_to_badge(dir.path(), 300, "aliases = [\"old-generated\"]");
    add_to_badge(dir.path(), 700, "aliases = [\"old-generated\"]");
    edit(&badge(100), "status = \"active\"", "status = \"avtive\"");
    edit(&badge(600), "status = \"active\"", "status = \"retierd\"");
    let stderr = check_problems(dir.path());
    let at = |needle: &str| {
        let found: Vec<usize> = stderr.match_indices(needle).map(|(i, _)| i).collect();
        assert_eq!(found.len(), 1, "expected {needle:?} once in:\n{stderr}");
        found[0]
    };
    let order = [
        at("× content/credentials/generated-100.md:5:"),
        at("× content/credentials/generated-600.md:5:"),
        at("× content/credentials/generated-700.md:"),
        at("× content/credentials/generated-850.md:2:8: CTID `ce-00000002"),
    ];
    assert!(order.is_sorted(), "problems out of file order:\n{stderr}");
    assert!(stderr.contains("already used by credential `generated-002`"));
    assert!(stderr
        .contains("alias `old-generated` is also claimed by content/credentials/generated-300.md"));
    assert!(
        !stderr.contains("generated-300.md:"),
        "the first claim is no problem:\n{stderr}"
    );
}
