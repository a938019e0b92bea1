//! Helpers shared by the integration tests: copies of fixture catalogs in temp folders and
//! runs of the real `credcat` binary.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn credcat() -> Command {
    let mut cmd = Command::cargo_bin("credcat").expect("binary builds");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// `credcat build --root ROOT`, which must succeed.
pub fn build_ok(root: &Path) {
    credcat()
        .args(["build", "--root"])
        .arg(root)
        .assert()
        .success();
}

/// Copies a folder tree (skipping build output) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        if matches!(
            first.as_deref(),
            Some("public" | "target" | ".credcat" | "node_modules")
        ) {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temp copy of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// A temp copy of the demo catalog at the repository root, with its own issuer key (the
/// demo awards badges, and a build signs them).
pub fn demo() -> tempfile::TempDir {
    let dir = demo_without_key();
    credcat()
        .args(["keygen", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    dir
}

/// A temp copy of the demo catalog, without a signing key.
pub fn demo_without_key() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo();
    for part in [
        "site-config.toml",
        "content",
        "themes",
        "static",
        "templates",
    ] {
        let from = root.join(part);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(part));
        } else if from.is_file() {
            std::fs::copy(&from, dir.path().join(part)).unwrap();
        }
    }
    dir
}

/// Replaces `from` by `to` in a file, failing loudly if `from` is not there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The result cards of a built search index (`search/cards/*.json` under `site`): one JSON
/// object per credential (its URL, name, summary and the rest a card shows), as text.
pub fn search_cards(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(site.join("search/cards")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let cards: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
        out.extend(cards.iter().map(|c| c.to_string()));
    }
    out.sort();
    out
}

/// The repository's demo catalog, loaded, resolved and derived (no templates involved).
pub struct Resolved {
    pub catalog: credcat::model::Catalog,
    pub derived: credcat::derive::Derived,
}

/// [`Resolved`] for the demo, with an optional `--base-url`.
pub fn resolved_demo(base_url: Option<&str>) -> Resolved {
    resolved_with(credcat::BuildOptions {
        root: repo(),
        base_url: base_url.map(String::from),
        ..Default::default()
    })
}

/// [`Resolved`] for the catalog at `root`.
pub fn resolved(root: &Path) -> Resolved {
    resolved_with(credcat::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
}

fn resolved_with(options: credcat::BuildOptions) -> Resolved {
    let loaded = credcat::load(&options).expect("catalog loads");
    let catalog = credcat::resolve::resolve(&loaded, credcat::resolve::Options { drafts: false })
        .unwrap_or_else(|d| {
            panic!(
                "catalog resolves: {}",
                d.render(&loaded.sources(&d.0), false)
            )
        });
    let derived = credcat::derive::derive(&catalog);
    Resolved { catalog, derived }
}

/// Adds `line` to the front matter of generated badge `i` (see [`add_badges`]).
pub fn add_to_badge(root: &Path, i: usize, line: &str) {
    edit(
        &root.join(format!("content/credentials/generated-{i:03}.md")),
        "estimated_hours",
        &format!("{line}\nestimated_hours"),
    );
}

/// Adds `count` small badges to the catalog at `root`, `Generated Badge 001` onwards, each
/// naming the occupation `code` (with `title`) and stacking into `stacks_into` when given.
pub fn add_badges(root: &Path, count: usize, code: &str, title: &str, stacks_into: Option<&str>) {
    for i in 1..=count {
        let stacks = stacks_into
            .map(|s| format!("stacks_into = [\"{s}\"]\n"))
            .unwrap_or_default();
        let text = format!(
            "+++\nctid = \"ce-{i:08x}-0000-4000-8000-{i:012x}\"\nname = \"Generated Badge {i:03}\"\n\
             type = \"DigitalBadge\"\nstatus = \"active\"\nowned_by = [\"northfield-college\"]\n\
             summary = \"A generated badge.\"\nestimated_hours = {hours}\n{stacks}\n\
             [[costs]]\namount = {cost}\ncurrency = \"USD\"\nkind = \"tuition\"\n\n\
             [[occupations]]\ncode = \"{code}\"\ntitle = \"{title}\"\n+++\nGenerated.\n",
            hours = 10 + i,
            cost = 100 + i,
        );
        std::fs::write(
            root.join(format!("content/credentials/generated-{i:03}.md")),
            text,
        )
        .unwrap();
    }
}
