//! Hostile edits: each case mutates a copy of a small catalog that has already been built
//! once (awards, a signing key and all), runs the real `credcat build`, and checks what must
//! hold whatever the input:
//!
//! - the process exits 0 for harmless input and 1 or 2 for bad input, never by a signal;
//! - an error names the file to fix, and the line where there is one;
//! - a failed build leaves the previous output byte for byte as it was;
//! - nothing outside the catalog and its output is written, and nothing outside is read
//!   into the output or the terminal;
//! - no secret (the issuer key, a recipient's email, the process environment) appears in the
//!   output or on the terminal;
//! - it finishes within 10 s, and no run takes more than 1 GB of memory.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{copy_tree, repo};

const EMAIL: &str = "learner.secret@example.org";
const ENV_SECRET: &str = "ENV-SECRET-5f2c9a";
const OUTSIDE: &str = "OUTSIDE-SENTINEL-8d1e";

/// The largest resident set of any child process waited for so far, in KB (Linux).
fn max_child_rss_kb() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct it is given.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } == 0;
    assert!(ok, "getrusage failed");
    usage.ru_maxrss
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_credcat"))
}

/// The built base catalog every case starts from, made once.
struct Base {
    _dir: tempfile::TempDir,
    root: PathBuf,
    key: String,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("cat");
        copy_tree(&repo().join("tests/fixtures/mini"), &root);
        std::fs::create_dir_all(root.join("content/issued")).unwrap();
        std::fs::write(
            root.join("content/issued/awards.csv"),
            format!(
                "id,credential,recipient_name,publish_name,recipient_email,issued,evidence_url\n\
                 a-1,alpha,Pat Doe,true,{EMAIL},2025-03-01,https://example.org/work\n\
                 a-2,beta,Sam Roe,false,other.secret@example.org,2025-03-02,\n"
            ),
        )
        .unwrap();
        let out = Command::new(bin())
            .args(["keygen", "--root"])
            .arg(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let key = std::fs::read_to_string(root.join(".credcat/issuer.key")).unwrap();
        let out = run_build(&root, &root.join("public"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Base {
            _dir: dir,
            root,
            key,
        }
    })
}

fn run_build(root: &Path, output: &Path) -> std::process::Output {
    Command::new(bin())
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("NO_COLOR", "1")
        .env("CREDCAT_TEST_SECRET", ENV_SECRET)
        .env_remove("CREDCAT_ISSUER_KEY")
        .output()
        .unwrap()
}

/// A case's own copy: `dir/cat` (the catalog with its built `public/`) and `dir/outside`.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("cat");
        copy_dir(&base().root, &root);
        std::fs::create_dir_all(dir.path().join("outside/static")).unwrap();
        std::fs::write(dir.path().join("outside/secret.md"), OUTSIDE).unwrap();
        std::fs::write(dir.path().join("outside/static/x.txt"), OUTSIDE).unwrap();
        Case { dir }
    }
    fn root(&self) -> PathBuf {
        self.dir.path().join("cat")
    }
    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }
    fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, text.replacen(from, to, 1));
    }
    /// Sets a top-level front matter field of a content file: replaces its line, or adds the
    /// line after the first one. Returns the 1-based line it is on.
    fn field(&self, rel: &str, key: &str, value: &str) -> usize {
        let text = self.read(rel);
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let prefix = format!("{key} =");
        let at = match lines.iter().position(|l| l.starts_with(&prefix)) {
            Some(i) => i,
            None => {
                lines.insert(2, String::new());
                2
            }
        };
        lines[at] = format!("{key} = {value}");
        self.write(rel, lines.join("\n") + "\n");
        at + 1
    }
    fn symlink(&self, target: impl AsRef<Path>, rel: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&p);
        std::os::unix::fs::symlink(target, p).unwrap();
    }
    fn fifo(&self, rel: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&p);
        let ok = Command::new("mkfifo").arg(&p).status().unwrap().success();
        assert!(ok, "mkfifo {rel}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` (symlinks not followed), path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
        if entry.file_type().is_file() {
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        } else {
            out.insert(rel, Vec::new());
        }
    }
    out
}

/// What a case expects.
enum Expect {
    /// Harmless: the build succeeds.
    Ok,
    /// An error naming `file` (and `file:line:` when a line is given).
    Err(&'static str, Option<usize>),
}

/// Runs `credcat build` on the mutated copy and checks every property.
fn check(name: &str, case: &Case, output: Option<PathBuf>, expect: Expect) {
    let root = case.root();
    let output = output.unwrap_or_else(|| root.join("public"));
    let public_before = snapshot(&root.join("public"));
    let outside_before = snapshot(&case.outside());
    let top_before: Vec<_> = std::fs::read_dir(case.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let start = Instant::now();
    let out = run_build(&root, &output);
    let took = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let said = format!("{stdout}{stderr}");
    assert!(
        out.status.code().is_some(),
        "{name}: killed by a signal: {:?}\n{said}",
        out.status
    );
    let code = out.status.code().unwrap();
    assert!(took < Duration::from_secs(10), "{name}: took {took:?}");
    match expect {
        Expect::Ok => assert_eq!(code, 0, "{name}: expected success\n{said}"),
        Expect::Err(file, line) => {
            assert!(
                code == 1 || code == 2,
                "{name}: exit {code}, expected 1 or 2\n{said}"
            );
            let at = match line {
                Some(l) => format!("{file}:{l}:"),
                None => file.to_string(),
            };
            assert!(
                said.contains(&at),
                "{name}: the message does not name `{at}`\n{said}"
            );
            assert!(said.contains("help"), "{name}: no help line\n{said}");
            assert_eq!(
                snapshot(&root.join("public")),
                public_before,
                "{name}: the previous output changed"
            );
        }
    }
    let rss = max_child_rss_kb();
    assert!(rss < 1024 * 1024, "{name}: a run took {rss} KB of memory");
    // Nothing outside was written, and no stray folder was left beside the catalog.
    assert_eq!(
        snapshot(&case.outside()),
        outside_before,
        "{name}: outside changed"
    );
    let top_after: Vec<_> = std::fs::read_dir(case.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        top_before, top_after,
        "{name}: files appeared beside the catalog"
    );
    // No secret on the terminal or in the output.
    let key_body: String = base()
        .key
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    for secret in [EMAIL, ENV_SECRET, OUTSIDE, key_body.as_str()] {
        assert!(
            !said.contains(secret),
            "{name}: `{secret}` on the terminal\n{said}"
        );
    }
    for (path, bytes) in snapshot(&output) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [EMAIL, ENV_SECRET, OUTSIDE, key_body.as_str()] {
            assert!(
                !text.contains(secret),
                "{name}: `{secret}` in {}",
                path.display()
            );
        }
        // Injected script never survives into a page (JSON files hold text, not markup).
        let markup = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "svg" | "xml")
        );
        assert!(
            !markup || !(text.contains("javascript:alert") || text.contains("<script>alert")),
            "{name}: script in {}",
            path.display()
        );
    }
}

const ALPHA: &str = "content/credentials/alpha.md";
const BASICS: &str = "content/competencies/basics.md";
const COLLEGE: &str = "content/organizations/test-college.md";
const PATH: &str = "content/pathways/path.md";
const AWARDS: &str = "content/issued/awards.csv";
const CONFIG: &str = "site-config.toml";

/// One hostile field value: `file`, `key = value` expected to fail at that line.
fn bad_field(file: &'static str, key: &str, value: &str) {
    let case = Case::new();
    let line = case.field(file, key, value);
    check(
        &format!("{file}: {key} = {value}"),
        &case,
        None,
        Expect::Err(file, Some(line)),
    );
}

#[test]
fn url_fields_take_only_web_urls_and_site_paths() {
    let payloads = [
        "\"javascript:alert(1)\"",
        "\"JaVaScRiPt:alert(1)\"",
        "\" javascript:alert(1)\"",
        "\"java\\tscript:alert(1)\"",
        "\"data:text/html,<script>alert(1)</script>\"",
        "\"vbscript:msgbox(1)\"",
        "\"//evil.example/x.png\"",
        "\"https://example.org/\\\" onerror=\\\"alert(1)\"",
        "\"https://example.org/a b\"",
        "\"https://good.example@evil.example/\"",
        "\"images/relative.png\"",
        "\"\"",
    ];
    for p in payloads {
        bad_field(ALPHA, "image", p);
    }
    for p in &payloads[..6] {
        bad_field(BASICS, "source_url", p);
        bad_field(COLLEGE, "logo", p);
        bad_field(COLLEGE, "url", p);
    }
    bad_field(COLLEGE, "url", "\"/relative/only\"");
}

#[test]
fn email_fields_are_plain_addresses() {
    for p in [
        "\"\\\"a b\\\"@example.edu\"",
        "\"@\"",
        "\"a@b\"",
        "\"x@example.edu\\\" onclick=\\\"alert(1)\"",
        "\"<x>@example.edu\"",
    ] {
        bad_field(COLLEGE, "email", p);
    }
}

#[test]
fn award_rows_are_checked() {
    let rows = [
        ("a-9,alpha,X,false,@,2025-01-01,", 4),
        ("a-9,alpha,X,false,a b@example.org,2025-01-01,", 4),
        ("a-9,alpha,X,false,x@example.org,2999-01-01,", 4),
        (
            "a-9,alpha,X,false,x@example.org,2025-01-01,javascript:alert(1)",
            4,
        ),
        (
            "a-9,alpha,X,false,x@example.org,2025-01-01,//evil.example/",
            4,
        ),
        ("a-9,alpha,X,false,x@example.org,not-a-date,", 4),
        ("a-9,nosuch,X,false,x@example.org,2025-01-01,", 4),
        ("a-1,alpha,X,false,x@example.org,2025-01-01,", 4),
    ];
    for (row, line) in rows {
        let case = Case::new();
        let text = case.read(AWARDS);
        case.write(AWARDS, format!("{text}{row}\n"));
        check(row, &case, None, Expect::Err(AWARDS, Some(line)));
    }
    let case = Case::new();
    let long = "x".repeat(300);
    let text = case.read(AWARDS);
    case.write(
        AWARDS,
        format!("{text}{long},alpha,X,false,x@example.org,2025-01-01,\n"),
    );
    check(
        "300-character award id",
        &case,
        None,
        Expect::Err(AWARDS, Some(4)),
    );
}

#[test]
fn every_credential_field_given_the_wrong_type() {
    for (key, value) in [
        ("ctid", "1"),
        ("name", "[]"),
        ("type", "1"),
        ("status", "true"),
        ("language", "1"),
        ("owned_by", "\"test-college\""),
        ("offered_by", "1"),
        ("accredited_by", "{}"),
        ("summary", "1"),
        ("skills", "\"one\""),
        ("competencies", "1"),
        ("keywords", "1"),
        ("image", "1"),
        ("estimated_hours", "\"ten\""),
        ("duration", "1"),
        ("audience_level", "1"),
        ("delivery", "1"),
        ("prerequisites", "1"),
        ("recommended", "\"beta\""),
        ("stacks_into", "1"),
        ("date_effective", "\"soon\""),
        ("draft", "\"no\""),
        ("assessment", "1"),
        ("credit", "1"),
        ("industries", "1"),
        ("version", "1"),
        ("no_such_field", "1"),
    ] {
        bad_field(ALPHA, key, value);
    }
    for (from, to, line) in [
        ("amount = 10", "amount = \"ten\"", 14),
        ("currency = \"USD\"", "currency = \"$\"", 15),
        ("kind = \"tuition\"", "kind = \"bribe\"", 16),
        ("code = \"43-5081.00\"", "code = 435081", 19),
        ("code = \"43-5081.00\"", "code = \"43-5081.0\"", 19),
    ] {
        let case = Case::new();
        case.replace(ALPHA, from, to);
        check(
            &format!("credential {to}"),
            &case,
            None,
            Expect::Err(ALPHA, Some(line)),
        );
    }
}

#[test]
fn every_framework_organization_and_pathway_field_given_the_wrong_type() {
    for (key, value) in [
        ("ctid", "\"ce-nope\""),
        ("name", "1"),
        ("publisher", "1"),
        ("language", "\"english\""),
        ("summary", "[]"),
        ("source_url", "1"),
    ] {
        bad_field(BASICS, key, value);
    }
    for (from, to, line) in [
        ("id = \"intro\"", "id = 1", 7),
        ("code = \"B.1\"", "code = []", 11),
        ("level = \"intro\"", "level = \"nosuch\"", 15),
        ("skill = \"Counts stock accurately.\"", "skill = 3", 14),
    ] {
        let case = Case::new();
        case.replace(BASICS, from, to);
        check(
            &format!("framework {to}"),
            &case,
            None,
            Expect::Err(BASICS, Some(line)),
        );
    }
    for (key, value) in [
        ("ctid", "1"),
        ("name", "{}"),
        ("kind", "\"castle\""),
        ("sector", "1"),
        ("url", "1"),
        ("email", "1"),
        ("logo", "[]"),
        ("summary", "1"),
        ("location", "1"),
    ] {
        bad_field(COLLEGE, key, value);
    }
    for (key, value) in [
        ("ctid", "1"),
        ("name", "1"),
        ("summary", "1"),
        ("owned_by", "\"x\""),
        ("destination", "1"),
        ("destination", "\"nosuch\""),
    ] {
        bad_field(PATH, key, value);
    }
    for (from, to, line) in [
        ("require = 1", "require = 7", 10),
        ("require = 1", "require = \"most\"", 10),
        ("name = \"Start\"", "name = 1", 8),
        ("\"alpha\", \"beta\"", "\"alpha\", \"nosuch\"", 9),
    ] {
        let case = Case::new();
        case.replace(PATH, from, to);
        check(
            &format!("pathway {to}"),
            &case,
            None,
            Expect::Err(PATH, Some(line)),
        );
    }
    // A stage with no credentials.
    let case = Case::new();
    case.replace(
        PATH,
        "credentials = [\"alpha\", \"beta\"]\nrequire = 1",
        "credentials = []",
    );
    check("empty stage", &case, None, Expect::Err(PATH, Some(9)));
}

#[test]
fn config_fields_given_the_wrong_type_or_a_dangerous_value() {
    for (key, value) in [
        ("base_url", "1"),
        ("base_url", "\"javascript:alert(1)\""),
        (
            "base_url",
            "\"https://x.example/\\\"><script>alert(1)</script>\"",
        ),
        ("title", "[]"),
        ("paginate_by", "\"many\""),
        ("theme", "\"../../outside\""),
        ("theme", "\"/etc\""),
        ("language", "\"english please\""),
    ] {
        let case = Case::new();
        let line = case.field(CONFIG, key, value);
        check(
            &format!("config {key} = {value}"),
            &case,
            None,
            Expect::Err(CONFIG, Some(line)),
        );
    }
    let case = Case::new();
    case.write(
        CONFIG,
        format!(
            "{}\n[ctdl]\nid_base = \"javascript:alert(1)//\"\n",
            case.read(CONFIG)
        ),
    );
    check(
        "javascript id_base",
        &case,
        None,
        Expect::Err(CONFIG, Some(8)),
    );
    let case = Case::new();
    case.write(
        CONFIG,
        format!(
            "{}\n[ctdl]\nid_base = \"../../outside/\"\n",
            case.read(CONFIG)
        ),
    );
    check(
        "id_base leaving the site",
        &case,
        None,
        Expect::Err(CONFIG, Some(8)),
    );
    let case = Case::new();
    case.field(CONFIG, "theme", "\"nosuch\"");
    check("missing theme", &case, None, Expect::Err(CONFIG, None));
}

#[test]
fn the_key_is_never_published_or_deleted() {
    for place in [
        "static/issuer.key",
        "themes/default/static/issuer.key",
        "templates/issuer.key",
        "content/issuer.key",
        "public/issuer.key",
        "./static/../static/k.key",
    ] {
        let case = Case::new();
        let key = case.read(".credcat/issuer.key");
        case.write(place.trim_start_matches("./"), &key);
        case.write(
            CONFIG,
            format!("{}\n[badges]\nkey_file = \"{place}\"\n", case.read(CONFIG)),
        );
        check(
            &format!("key_file = {place}"),
            &case,
            None,
            Expect::Err(CONFIG, Some(8)),
        );
    }
    // static/ itself a link to the key's folder.
    let case = Case::new();
    case.symlink(".credcat", "static");
    check(
        "static -> .credcat",
        &case,
        None,
        Expect::Err("static", None),
    );
    // A link in static/ to the key.
    let case = Case::new();
    case.symlink("../.credcat/issuer.key", "static/k.txt");
    check(
        "static/k.txt -> key",
        &case,
        None,
        Expect::Err("static/k.txt", None),
    );
    // keygen refuses too, with a relative root.
    let case = Case::new();
    case.write(
        CONFIG,
        format!(
            "{}\n[badges]\nkey_file = \"static/k.key\"\n",
            case.read(CONFIG)
        ),
    );
    let out = Command::new(bin())
        .current_dir(case.dir.path())
        .args(["keygen", "--root", "cat"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        !case.path("static/k.key").exists(),
        "keygen wrote the key under static/"
    );
}

#[test]
fn nothing_is_read_from_outside_the_catalog() {
    let links: [(&str, &str, &str); 6] = [
        (
            "../../outside/secret.md",
            "content/credentials/out.md",
            "content/credentials/out.md",
        ),
        (
            "/proc/self/environ",
            "content/credentials/env.md",
            "content/credentials/env.md",
        ),
        (
            "/etc/passwd",
            "content/organizations/pw.md",
            "content/organizations/pw.md",
        ),
        ("../../outside/static/x.txt", "static/x.txt", "static/x.txt"),
        (
            "../../outside/secret.md",
            "templates/partials/evil.html",
            "templates/partials/evil.html",
        ),
        (
            "/proc/self/environ",
            "content/issued/env.csv",
            "content/issued/env.csv",
        ),
    ];
    for (target, link, named) in links {
        let case = Case::new();
        case.symlink(target, link);
        check(
            &format!("{link} -> {target}"),
            &case,
            None,
            Expect::Err(named, None),
        );
    }
    // A whole content folder linked outside.
    let case = Case::new();
    std::fs::create_dir_all(case.outside().join("creds")).unwrap();
    std::fs::write(case.outside().join("creds/x.md"), OUTSIDE).unwrap();
    std::fs::remove_dir_all(case.path("content/competencies")).unwrap();
    case.symlink(case.outside().join("creds"), "content/competencies");
    check(
        "content/competencies -> outside",
        &case,
        None,
        Expect::Err("content/competencies", None),
    );
    // A link that stays inside is fine.
    let case = Case::new();
    case.write("static/real.txt", "inside");
    case.symlink("real.txt", "static/alias.txt");
    check("inside link", &case, None, Expect::Ok);
    assert_eq!(
        std::fs::read_to_string(case.path("public/alias.txt")).unwrap(),
        "inside"
    );
}

#[test]
fn special_files_are_refused_without_hanging() {
    for rel in [
        CONFIG,
        "content/credentials/pipe.md",
        "static/pipe.css",
        "content/issued/p.csv",
    ] {
        let case = Case::new();
        case.fifo(rel);
        let named = if rel == CONFIG { CONFIG } else { rel };
        check(
            &format!("FIFO {rel}"),
            &case,
            None,
            Expect::Err(named, None),
        );
    }
}

#[test]
fn unreadable_files_are_errors_not_silent_loss() {
    // A link that points at itself cannot be read by anyone, root included.
    for rel in [
        "content/issued",
        "static/loop.css",
        "templates/loop.html",
        "content/credentials/loop.md",
    ] {
        let case = Case::new();
        if rel == "content/issued" {
            std::fs::remove_dir_all(case.path(rel)).unwrap();
        }
        let name = Path::new(rel).file_name().unwrap().to_owned();
        case.symlink(&name, rel);
        check(
            &format!("looping link {rel}"),
            &case,
            None,
            Expect::Err(rel, None),
        );
    }
    // Permissions mean nothing to root; elsewhere an unreadable file is an error too.
    if is_root() {
        return;
    }
    for rel in ["content/issued", "static", "content/credentials/alpha.md"] {
        let case = Case::new();
        if rel == "static" {
            case.write("static/a.css", "a");
        }
        set_mode(&case.path(rel), 0o000);
        check(
            &format!("unreadable {rel}"),
            &case,
            None,
            Expect::Err(rel, None),
        );
        set_mode(&case.path(rel), 0o755);
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn templates_that_would_crash_end_in_errors() {
    let cases: [(&str, &str, &str); 8] = [
        ("templates/404.html", "{% include \"404.html\" %}", "templates/404.html:1:"),
        ("templates/404.html", "{% include \"partials/a.html\" %}", "templates/partials/"),
        ("templates/partials/macros.html", "{% macro cred_list(items, empty=\"\") %}{{ self::cred_list(items=items) }}{% endmacro cred_list %}", "templates/partials/macros.html:1:"),
        ("templates/404.html", "{% extends \"404.html\" %}", "404.html"),
        ("templates/404.html", "{% extends \"base.html\" %}{% block content %}{% for i in range(end=100000000) %}x{% endfor %}{% endblock content %}", "404.html"),
        ("templates/404.html", "{% extends \"base.html\" %}{% block content %}{% for i in range(end=900) %}{% for j in range(end=900) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}{% endblock content %}", "404.html"),
        ("templates/404.html", "{% if %}", "templates/404.html:1:7"),
        ("templates/404.html", "{{ page.nosuch.deeper }}", "templates/404.html:1:"),
    ];
    for (rel, text, named) in cases {
        let case = Case::new();
        case.write(rel, text);
        if text.contains("partials/a.html") {
            case.write(
                "templates/partials/a.html",
                "{% include \"partials/b.html\" %}",
            );
            case.write("templates/partials/b.html", "{% include \"404.html\" %}");
        }
        let out = run_build(&case.root(), &case.path("public"));
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(
            out.status.code().is_some_and(|c| c == 1),
            "{rel}: {text}: {:?}\n{said}",
            out.status
        );
        assert!(
            said.contains(named),
            "{text}: does not name {named}\n{said}"
        );
        check(
            &format!("template {text}"),
            &case,
            None,
            Expect::Err(named.split(':').next().unwrap(), None),
        );
    }
}

#[test]
fn huge_and_deep_inputs_end_quickly() {
    // 25,000 nested ordered-list items.
    let case = Case::new();
    let body: String = (0..25_000)
        .map(|i| format!("{}1. x\n", "   ".repeat(i)))
        .take(1000)
        .collect();
    case.write(ALPHA, format!("{}{body}", case.read(ALPHA)));
    check("nested list", &case, None, Expect::Err(ALPHA, None));
    // Raw HTML 50,000 elements deep (markdown does not see it nest; the sanitizer would).
    let case = Case::new();
    case.write(
        ALPHA,
        format!("{}\n{}", case.read(ALPHA), "<div><span>".repeat(25_000)),
    );
    check("deep raw html", &case, None, Expect::Err(ALPHA, None));
    // Blockquotes 100,000 deep.
    let case = Case::new();
    case.write(
        ALPHA,
        format!("{}{}", case.read(ALPHA), ">".repeat(100_000)),
    );
    check("deep quotes", &case, None, Expect::Err(ALPHA, None));
    // A competency tree far deeper than any framework.
    let case = Case::new();
    let mut text =
        String::from("+++\nctid = \"ce-22222222-2222-4222-8222-222222229999\"\nname = \"Deep\"\n");
    let mut header = String::from("competencies");
    for i in 0..200 {
        text.push_str(&format!(
            "[[{header}]]\ncode = \"D{i}\"\nlabel = \"l\"\nstatement = \"s\"\n"
        ));
        header.push_str(".children");
    }
    text.push_str("+++\n");
    case.write("content/competencies/deep.md", text);
    check(
        "deep competencies",
        &case,
        None,
        Expect::Err("content/competencies/deep.md", None),
    );
    // Inline tables nested 10,000 deep.
    let case = Case::new();
    let mut inner = String::from("{code=\"X\", label=\"l\", statement=\"s\"}");
    for i in 0..10_000 {
        inner = format!("{{code=\"X{i}\", label=\"l\", statement=\"s\", children=[{inner}]}}");
    }
    case.write(
        "content/competencies/deep.md",
        format!("+++\nctid = \"ce-22222222-2222-4222-8222-222222229999\"\nname = \"D\"\ncompetencies = [{inner}]\n+++\n"),
    );
    check(
        "inline deep",
        &case,
        None,
        Expect::Err("content/competencies/deep.md", None),
    );
    // A 20 MB content file.
    let case = Case::new();
    case.write(
        ALPHA,
        format!("{}{}", case.read(ALPHA), "a".repeat(20 << 20)),
    );
    check("huge file", &case, None, Expect::Err(ALPHA, None));
    // A long but legal body and name: fine.
    let case = Case::new();
    case.field(ALPHA, "name", &format!("\"{}\"", "Long ".repeat(400)));
    case.write(
        ALPHA,
        format!("{}{}", case.read(ALPHA), "word ".repeat(200_000)),
    );
    check("long name and body", &case, None, Expect::Ok);
    // Three long non-ASCII names alike but for their last character, one to a page: the
    // list is cut by name down to that character, and each page's address (the whole name)
    // must still be a file name the system takes (at most 255 bytes; the names' characters
    // escaped are 900).
    let case = Case::new();
    for (c, last) in [("alpha", "一"), ("beta", "二"), ("gamma", "三")] {
        let name = format!("\"{}{last}\"", "职业技能证书".repeat(25));
        case.field(&format!("content/credentials/{c}.md"), "name", &name);
    }
    case.write(CONFIG, format!("paginate_by = 1\n{}", case.read(CONFIG)));
    check("one long name, many pages", &case, None, Expect::Ok);
    let pages = std::fs::read_dir(case.path("public/page")).unwrap().count();
    assert_eq!(pages, 2, "the home page and two more");
    // Two competency codes that share one address.
    let case = Case::new();
    case.replace(BASICS, "code = \"B.2\"", "code = \"B-1\"");
    check("codes alike", &case, None, Expect::Err(BASICS, None));
}

#[test]
fn encodings() {
    let case = Case::new();
    let mut bytes = vec![0xFF, 0xFE];
    for u in case.read(ALPHA).encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    case.write(ALPHA, bytes);
    check("utf-16", &case, None, Expect::Err(ALPHA, None));
    let case = Case::new();
    let text = case.read(ALPHA).replace("The first badge.", "Caf\u{e9}");
    let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    case.write(ALPHA, latin1);
    check("latin-1", &case, None, Expect::Err(ALPHA, None));
    let case = Case::new();
    let text = case.read(AWARDS).replace("Pat Doe", "Ren\u{e9}e");
    let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    case.write(AWARDS, latin1);
    check("latin-1 csv", &case, None, Expect::Err(AWARDS, None));
    let case = Case::new();
    case.write(ALPHA, format!("{}\0\0\0", case.read(ALPHA)));
    check("NUL bytes in body", &case, None, Expect::Ok);
    let case = Case::new();
    case.write(ALPHA, case.read(ALPHA).replace('\n', "\r\n"));
    check("CRLF", &case, None, Expect::Ok);
    let case = Case::new();
    case.field(ALPHA, "name", "\"\u{202e}lanoisseforP \u{1F393} Ünïcödé\"");
    check("unicode name", &case, None, Expect::Ok);
}

#[test]
fn script_in_text_fields_is_escaped() {
    let case = Case::new();
    case.field(ALPHA, "name", "\"</title><script>alert(1)</script>\"");
    case.field(ALPHA, "summary", "\"</script><script>alert(1)</script>\"");
    case.field(ALPHA, "keywords", "[\"\\\"><script>alert(1)</script>\"]");
    case.write(
        ALPHA,
        format!(
            "{}<script>alert(1)</script>\n[x](javascript:alert(1))\n<img src=x onerror=alert(1)>\n",
            case.read(ALPHA)
        ),
    );
    case.field(COLLEGE, "name", "\"<script>alert(1)</script>\"");
    case.field(CONFIG, "title", "\"</title><script>alert(1)</script>\"");
    check("script in text", &case, None, Expect::Ok);
    let page = std::fs::read_to_string(case.path("public/credentials/alpha/index.html")).unwrap();
    assert!(!page.contains("onerror=alert"));
}

#[test]
fn the_output_folder_cannot_be_pointed_at_the_catalog() {
    for (name, output) in [
        ("the catalog itself", PathBuf::from("cat")),
        ("content/", PathBuf::from("cat/content")),
        ("the folder holding the catalog", PathBuf::from(".")),
        ("a file", PathBuf::from("cat/site-config.toml")),
        ("the key's folder", PathBuf::from("cat/.credcat")),
    ] {
        let case = Case::new();
        let before = snapshot(&case.root());
        let out = Command::new(bin())
            .current_dir(case.dir.path())
            .args(["build", "--root", "cat", "--output"])
            .arg(&output)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code().is_some_and(|c| c == 1 || c == 2),
            "{name}: {:?}\n{said}",
            out.status
        );
        assert_eq!(
            snapshot(&case.root()),
            before,
            "{name}: the catalog changed"
        );
    }
}

#[test]
fn harmless_edits_build() {
    let edits: [(&str, &str, &str); 6] = [
        (
            ALPHA,
            "summary",
            "\"A summary with \\\"quotes\\\" & <angle> brackets.\"",
        ),
        (ALPHA, "image", "\"/images/alpha.svg\""),
        (
            ALPHA,
            "image",
            "\"https://cdn.example.org/a%20b.png?x=1&y=2\"",
        ),
        (COLLEGE, "logo", "\"https://example.org/logo.png\""),
        (COLLEGE, "email", "\"registrar+catalog@example.edu\""),
        (
            BASICS,
            "source_url",
            "\"https://standards.example.org/framework?id=1&v=2\"",
        ),
    ];
    for (file, key, value) in edits {
        let case = Case::new();
        case.field(file, key, value);
        check(&format!("{file}: {key} = {value}"), &case, None, Expect::Ok);
    }
}

/// Outcomes by cohort, governance and assessment validation (issue 14): every bad value is
/// an error at its line; extreme but valid series build quickly and escape their text.
#[test]
fn outcome_governance_and_validation_values_are_checked() {
    let append = |case: &Case, block: &str| {
        let text = case.read(ALPHA);
        let end = text.rfind("+++").unwrap();
        case.write(
            ALPHA,
            format!("{}\n{block}\n{}", &text[..end], &text[end..]),
        );
    };
    let line_of = |case: &Case, needle: &str| {
        case.read(ALPHA)
            .lines()
            .position(|l| l.starts_with(needle))
            .unwrap()
            + 1
    };
    for (block, bad) in [
        ("[[outcomes]]\nperiod = \"2024-Q5\"\npass_rate = 0.5", "period"),
        ("[[outcomes]]\nperiod = \"0999\"\npass_rate = 0.5", "period"),
        ("[[outcomes]]\nperiod = \"2024-12-31/2024-01-01\"\npass_rate = 0.5", "period"),
        ("[[outcomes]]\nperiod = \"2024\"\npass_rate = 1e308", "pass_rate"),
        ("[[outcomes]]\nperiod = \"2024\"\npass_rate = nan", "pass_rate"),
        ("[[outcomes]]\nperiod = \"2024\"\nearnings_lift = inf", "earnings_lift"),
        ("[[outcomes]]\nperiod = \"2024\"\nmedian_weeks_to_complete = 0", "median_weeks"),
        ("[[outcomes]]\nperiod = \"2024\"\ncohort_size = -1\npass_rate = 0.5", "cohort_size"),
        ("[[outcomes]]\nperiod = \"2024\"\npass_rate = \"84%\"", "pass_rate"),
        ("[[outcomes]]\nperiod = \"2024\"", "period"),
        ("[governance]\nreview_every_months = 99999999999", "review_every_months"),
        ("[governance]\napproved_by = \"../../etc/passwd\"", "approved_by"),
        ("[governance]\nlast_reviewed = \"yesterday\"", "last_reviewed"),
        ("[governance]\nadvisory_board = \"test-college\"", "advisory_board"),
        ("[assessment]\n[[assessment.validation]]\nskill_type = \"magic\"", "skill_type"),
        ("[assessment]\n[[assessment.validation]]\nskill_type = \"knowledge\"\nlast_validated = 2024-02-30", "last_validated"),
    ] {
        let case = Case::new();
        append(&case, block);
        let line = line_of(&case, bad);
        check(block, &case, None, Expect::Err(ALPHA, Some(line)));
    }
    // Valid extremes: the widest series the calendar allows (its gaps are bounded), the
    // first and last days, a zero cohort, markup in every text field.
    let case = Case::new();
    append(
        &case,
        "[governance]\nprocess = \"</svg><script>alert(1)</script>\"\n\n\
         [[outcomes]]\nperiod = \"1900-Q1\"\ncohort_size = 0\npass_rate = 0\nsource = \"</svg><script>alert(1)</script>\"\n\n\
         [[outcomes]]\nperiod = \"9999-Q4\"\ncohort_size = 9223372036854775807\npass_rate = 1\nearnings_lift = -1",
    );
    check("extreme series", &case, None, Expect::Ok);
    let page = std::fs::read_to_string(case.path("public/credentials/alpha/index.html")).unwrap();
    assert!(!page.contains("<script>alert(1)"));
}
