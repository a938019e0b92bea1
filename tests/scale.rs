//! No step of a build may grow with the square of the catalog. The catalog here is the
//! shape that exposes one: every credential certifies the same competency, counts toward the
//! same certificate and sits in the one stage of one pathway, so any "for each credential,
//! look at every credential that shares X" is n². A full build at n and at 4n must cost about
//! 4 times as much, not 16; the test allows 9 to absorb a busy machine.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

fn ctid(kind: u32, i: usize) -> String {
    format!("ce-{kind:08x}-0000-4000-8000-{i:012x}")
}

/// A catalog of `n` badges that all certify one competency and all count toward one
/// certificate, which is the destination of a pathway whose one stage holds them all.
fn hub_catalog(root: &Path, n: usize) {
    let content = root.join("content");
    for d in ["credentials", "competencies", "organizations", "pathways"] {
        std::fs::create_dir_all(content.join(d)).unwrap();
    }
    std::fs::write(
        root.join("site-config.toml"),
        "base_url = \"https://example.edu\"\ntitle = \"Hub\"\npublisher = \"college\"\npaginate_by = 50\n",
    )
    .unwrap();
    std::fs::write(
        content.join("organizations/college.md"),
        format!("+++\nctid = \"{}\"\nname = \"College\"\nkind = \"college\"\nurl = \"https://example.edu\"\n+++\n", ctid(1, 0)),
    )
    .unwrap();
    std::fs::write(
        content.join("competencies/core.md"),
        format!(
            "+++\nctid = \"{}\"\nname = \"Core\"\npublisher = \"college\"\n\n[[competencies]]\ncode = \"C.1\"\nlabel = \"Everything\"\nstatement = \"Does everything.\"\n+++\n",
            ctid(2, 0)
        ),
    )
    .unwrap();
    let badge = |i: usize| format!("badge-{i:05}");
    for i in 0..n {
        // Each badge also recommends the one before: a long chain on top of the hub.
        let recommended = if i > 0 {
            format!("recommended = [\"{}\"]\n", badge(i - 1))
        } else {
            String::new()
        };
        std::fs::write(
            content.join(format!("credentials/{}.md", badge(i))),
            format!(
                "+++\nctid = \"{}\"\nname = \"Badge {i}\"\ntype = \"DigitalBadge\"\nstatus = \"active\"\nowned_by = [\"college\"]\nsummary = \"Badge number {i}.\"\nskills = [\"Skill {i}\"]\ncompetencies = [\"core/C.1\"]\nstacks_into = [\"certificate\"]\n{recommended}estimated_hours = 10\n+++\nBody of badge {i}.\n",
                ctid(3, i)
            ),
        )
        .unwrap();
    }
    std::fs::write(
        content.join("credentials/certificate.md"),
        format!("+++\nctid = \"{}\"\nname = \"The Certificate\"\ntype = \"Certificate\"\nstatus = \"active\"\nowned_by = [\"college\"]\nsummary = \"Everything together.\"\n+++\n", ctid(4, 0)),
    )
    .unwrap();
    let all: Vec<String> = (0..n).map(|i| format!("\"{}\"", badge(i))).collect();
    std::fs::write(
        content.join("pathways/everything.md"),
        format!(
            "+++\nctid = \"{}\"\nname = \"Everything\"\nowned_by = [\"college\"]\ndestination = \"certificate\"\n\n[[stages]]\nname = \"All of them\"\ncredentials = [{}]\nrequire = 3\n+++\n",
            ctid(5, 0),
            all.join(", ")
        ),
    )
    .unwrap();
}

fn timed_build(n: usize) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    hub_catalog(dir.path(), n);
    let start = Instant::now();
    build_ok(dir.path());
    let elapsed = start.elapsed();
    // The hub's page lists every badge once.
    let hub = std::fs::read_to_string(dir.path().join("public/credentials/certificate/index.html"))
        .unwrap();
    assert!(hub.contains(&format!("Badge {}", n - 1)));
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
