//! Edit-to-written latency of the dev server's incremental rebuild on a generated catalog.
//!
//! `cargo bench --bench incremental -- DIR` where DIR is a catalog made by
//! `bench/gen_catalog.py` (bench/run.sh does both). It starts a session (a full build), then
//! edits one credential at a time and times `Incremental::rebuild` from the file on disk to
//! every dependent page written: re-read, re-resolve, re-derive, render, write. Then,
//! separately, `Incremental::finish_deferred`, which writes the deferred outputs (the bulk
//! CTDL graph, sitemap, search index) the dev server writes after the pages.
//! The watcher comes on top: 3 ms after a single save's closing event, the whole debounce
//! (`--debounce-ms`, 30 ms by default) for bursts (`serve::watch::quiet_after`).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use credcat::incremental::Incremental;
use credcat::BuildOptions;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from);
    let Some(root) = dir else {
        eprintln!("usage: cargo bench --bench incremental -- CATALOG_DIR (see bench/run.sh)");
        return;
    };
    let options = BuildOptions {
        root: root.clone(),
        output: Some(root.join("public-serve")),
        ..Default::default()
    };
    let start = Instant::now();
    let (mut session, first) = Incremental::start(options).expect("catalog loads");
    first.expect("first build");
    println!("initial full build: {:.2?}", start.elapsed());

    let creds: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("content/credentials"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        v.sort();
        v
    };
    let picks: Vec<&PathBuf> = creds
        .iter()
        .step_by((creds.len() / 25).max(1))
        .take(25)
        .collect();

    for (what, from, to) in [
        ("summary edit", "summary = \"", "summary = \"Edited. "),
        (
            "name edit (every page naming it)",
            "name = \"",
            "name = \"Renamed ",
        ),
    ] {
        let (mut times, mut finishes) = (Vec::new(), Vec::new());
        let (mut emitted, mut deferred) = (0, 0);
        for path in &picks {
            edit(path, from, to);
            let t = Instant::now();
            let r = session.rebuild(&[path.to_path_buf()]).expect("rebuild");
            times.push(t.elapsed());
            emitted += r.emitted;
            let t = Instant::now();
            let f = session.finish_deferred().expect("finish");
            finishes.push(t.elapsed());
            deferred += f.emitted;
            edit(path, to, from);
            session
                .rebuild(&[path.to_path_buf()])
                .expect("rebuild back");
            session.finish_deferred().expect("finish back");
        }
        report(
            &format!("{what}, pages written"),
            &mut times,
            emitted / picks.len(),
        );
        report(
            &format!("{what}, then deferred written"),
            &mut finishes,
            deferred / picks.len(),
        );
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text.replacen(from, to, 1)).unwrap();
    std::fs::rename(tmp, path).unwrap();
}

fn report(what: &str, times: &mut [Duration], files: usize) {
    times.sort();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{what}: median {:.1?}, p90 {:.1?}, max {:.1?} over {} edits ({} files emitted per edit)",
        pct(0.5),
        pct(0.9),
        times[times.len() - 1],
        times.len(),
        files
    );
}
