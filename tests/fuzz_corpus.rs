//! Replays every input kept in `fuzz/regressions/<target>/` (crashers and hangs the fuzzers
//! found, minimized, and a curated part of their corpus) and every seed in
//! `fuzz/seeds/<target>/` through the same code the fuzz targets run (`fuzz/harness.rs`), so a plain `cargo test` keeps them fixed without nightly
//! or cargo-fuzz. `fuzz/regressions/pending/` holds inputs that still fail; they are not run.
//! Each input must finish without a panic within a time bound.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Per input, in a debug build; the fuzzers hold release builds to 10 s (`scripts/fuzz`).
const TIME_BOUND: Duration = Duration::from_secs(10);

enum Event {
    Started(PathBuf, Instant),
    Finished(PathBuf, Result<(), String>),
}

fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions")
}

/// The target's regression inputs, and its seeds (which must pass too).
fn inputs(target: &str) -> Vec<PathBuf> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut files = Vec::new();
    for dir in [regressions().join(target), seeds.join(target)] {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        files.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
    }
    files.sort();
    files
}

fn target(name: &str) -> harness::Target {
    harness::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
}

/// Runs every input of the target's folders.
fn replay(name: &str) {
    let files = inputs(name);
    assert!(
        !files.is_empty(),
        "fuzz/regressions/{name}/ holds no inputs"
    );
    let failures = run(files.into_iter().map(|f| (target(name), f)).collect());
    assert!(
        failures.is_empty(),
        "fuzz regressions of `{name}` failed:\n{}",
        failures.join("\n")
    );
}

/// Runs each input through its target on a few threads; returns a line for each input that
/// panicked or ran past the bound.
fn run(jobs: Vec<(harness::Target, PathBuf)>) -> Vec<String> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let chunks: Vec<Vec<(harness::Target, PathBuf)>> = (0..threads)
        .map(|t| jobs.iter().skip(t).step_by(threads).cloned().collect())
        .collect();
    let (tx, rx) = mpsc::channel::<Event>();
    for chunk in chunks {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for (target, path) in chunk {
                let data = std::fs::read(&path).unwrap();
                let _ = tx.send(Event::Started(path.clone(), Instant::now()));
                let result = std::panic::catch_unwind(|| target(&data)).map_err(|e| {
                    e.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default()
                });
                let _ = tx.send(Event::Finished(path, result));
            }
        });
    }
    drop(tx);
    let mut failures = Vec::new();
    let mut running: HashMap<PathBuf, Instant> = HashMap::new();
    loop {
        // Every input running started before now, so one of them ends within the bound
        // unless it hangs.
        match rx.recv_timeout(TIME_BOUND) {
            Ok(Event::Started(path, at)) => {
                running.insert(path, at);
            }
            Ok(Event::Finished(path, result)) => {
                let took = running
                    .remove(&path)
                    .map_or(Duration::ZERO, |at| at.elapsed());
                if let Err(msg) = result {
                    failures.push(format!("{}: panicked: {msg}", path.display()));
                } else if took > TIME_BOUND {
                    failures.push(format!("{}: took {took:.1?}", path.display()));
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                for (path, at) in &running {
                    failures.push(format!(
                        "{}: still running after {:?} (a hang)",
                        path.display(),
                        at.elapsed()
                    ));
                }
                break;
            }
        }
    }
    failures
}

/// The inputs that still fail, each named `<target>-<what>-<how slow>`: run with
/// `cargo test --test fuzz_corpus -- --ignored` to see whether a fix holds, then
/// move the input to `fuzz/regressions/<target>/`.
#[test]
#[ignore = "fuzz/regressions/pending holds the inputs that still fail"]
fn pending() {
    let dir = regressions().join("pending");
    let mut jobs = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name != "README.md" {
            jobs.push((target(name.split('-').next().unwrap()), path));
        }
    }
    let failures = run(jobs);
    assert!(
        failures.is_empty(),
        "still failing:\n{}",
        failures.join("\n")
    );
}

#[test]
fn content_regressions() {
    replay("content");
}

#[test]
fn awards_regressions() {
    replay("awards");
}

#[test]
fn catalog_regressions() {
    replay("catalog");
}

#[test]
fn every_target_has_a_regressions_folder() {
    for (name, _) in harness::TARGETS {
        assert!(regressions().join(name).is_dir(), "fuzz/regressions/{name}");
    }
}

#[test]
fn sections_split_on_header_lines() {
    let input = b"lead\n=== a.md\nA\n=== b.md\r\nB\n=== -c.md\n=== --drafts\n";
    let s = harness::sections(input, "default.md");
    let got: Vec<(&str, Option<&[u8]>)> = s.iter().map(|s| (s.path, s.bytes)).collect();
    assert_eq!(
        got,
        vec![
            ("default.md", Some(&b"lead\n"[..])),
            ("a.md", Some(&b"A\n"[..])),
            ("b.md", Some(&b"B\n"[..])),
            ("c.md", None),
            ("--drafts", Some(&b""[..])),
        ]
    );
}

#[test]
fn sanitizer_oracle_catches_what_it_must() {
    harness::assert_sanitized(
        "<p><a href=\"https://x.org\" rel=\"noopener noreferrer\">a &lt;script&gt;</a></p>\
         <table><tr><td style=\"text-align: left\">1</td></tr></table>",
    );
    for bad in [
        "<p><script>alert(1)</script></p>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<a href=\" JavaScript:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<td style=\"position: fixed\">x</td>",
        "<p title=\"<x>\" style=\"color: red\">x</p>",
    ] {
        let caught = std::panic::catch_unwind(|| harness::assert_sanitized(bad)).is_err();
        assert!(caught, "the oracle let through {bad}");
    }
}
