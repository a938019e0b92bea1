//! No step of a build may grow with the square of the catalog. The catalog here is the
//! shape that exposes one: every credential certifies the same competency, counts toward the
//! same certificate and sits in the one stage of one pathway, so any "for each credential,
//! look at every credential that shares X" is n². A full build at n and at 4n must cost about
//! 4 times as much, not 16; the test allows 9 to absorb a busy machine.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

/// A catalog of `n` badges that all certify one competency and all count toward one
/// certificate, which is the destination of a pathway whose one stage holds them all
/// (`bench/gen_hub.py`, which the benchmarks use too).
fn hub_catalog(root: &Path, n: usize) {
    let status = std::process::Command::new("python3")
        .arg(repo().join("bench/gen_hub.py"))
        .arg(root)
        .arg(n.to_string())
        .status()
        .expect("python3 runs bench/gen_hub.py");
    assert!(status.success());
}

fn timed_build(n: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    hub_catalog(dir.path(), n);
    let start = Instant::now();
    build_ok(dir.path());
    let elapsed = start.elapsed();
    // The hub's page indexes the pages of what it is made up of, which list every badge.
    let hub_dir = dir.path().join("public/credentials/certificate");
    let hub = std::fs::read_to_string(hub_dir.join("index.html")).unwrap();
    assert!(hub.contains(&format!("{n} credentials, by name")));
    let mut listed = String::new();
    for page in std::fs::read_dir(hub_dir.join("made-up-of")).unwrap() {
        listed += &std::fs::read_to_string(page.unwrap().path().join("index.html")).unwrap();
    }
    assert!(listed.contains(&format!(">Badge {}<", n - 1)));
    elapsed
}

#[test]
fn a_hub_every_credential_shares_costs_linear_time() {
    let small = 250;
    // The smaller build twice, the faster kept: the first also warms the disk cache.
    let t1 = timed_build(small).min(timed_build(small));
    let t4 = timed_build(4 * small);
    let ratio = t4.as_secs_f64() / t1.as_secs_f64();
    eprintln!(
        "n={small}: {t1:.2?}; n={}: {t4:.2?}; ratio {ratio:.1}",
        4 * small
    );
    assert!(
        ratio < 9.0,
        "4x the credentials cost {ratio:.1}x the time ({t1:?} → {t4:?}): something is quadratic"
    );
}
