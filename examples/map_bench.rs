//! Times the stack maps on a catalog: the catalog-wide map (every stack laid out and drawn as
//! SVG), then every pathway and credential map, best of several runs.
//!
//! ```sh
//! python3 bench/gen_catalog.py --credentials 500 --out /tmp/cat500
//! cargo run --release --example map_bench -- /tmp/cat500
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use credcat::emit::maps;

// The allocator the `credcat` binary uses: the maps allocate as much as they compute, so
// timing them on the system allocator would time a different program.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let v = f();
        best = best.min(start.elapsed());
        out = Some(v);
    }
    (best, out.expect("at least one run"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: map_bench CATALOG_DIR")?,
    );
    let options = credcat::BuildOptions {
        root,
        ..Default::default()
    };
    let loaded = credcat::load(&options)?;
    let catalog = credcat::resolve::resolve(&loaded, credcat::resolve::Options { drafts: false })
        .map_err(|d| d.render(&loaded.sources(&d.0), false))?;
    let (derive_time, derived) = best_of(5, || credcat::derive::derive(&catalog));
    let stack = &derived.stack;

    let (catalog_time, stacks) =
        best_of(5, || maps::catalog_maps(&catalog, stack, &derived.stacks));
    let bytes: usize = stacks.iter().map(|s| s.map.svg.len()).sum();
    let nodes: usize = stacks.iter().map(|s| s.map.nodes.len()).sum();
    let crossings: usize = stacks.iter().map(|s| s.map.layout.crossings).sum();
    println!(
        "catalog map: {} stacks, {nodes} credentials, {} edges, {crossings} crossings, {} KiB SVG in {:.1} ms",
        stacks.len(),
        stacks.iter().map(|s| s.map.edges.len()).sum::<usize>(),
        bytes / 1024,
        catalog_time.as_secs_f64() * 1e3
    );
    for s in &stacks {
        let l = &s.map.layout;
        println!(
            "  {}: {} credentials, {} layers, {} crossings, {}x{}",
            s.title,
            s.map.nodes.len(),
            l.layer_top.len(),
            l.crossings,
            l.width as i64,
            l.height as i64
        );
    }
    // MAP_BENCH_DUMP=DIR writes the catalog map as one HTML page, to look at.
    if let Some(dir) = std::env::var_os("MAP_BENCH_DUMP") {
        let html: String = stacks
            .iter()
            .map(|s| format!("<h2>{}</h2>{}", s.title, s.map.svg))
            .collect();
        std::fs::write(
            PathBuf::from(dir).join("catalog-map.html"),
            format!("<!doctype html><meta charset=utf-8><body>{html}</body>"),
        )?;
    }
    let (pathway_time, _) = best_of(5, || {
        catalog
            .pathways
            .iter()
            .map(|p| maps::pathway_map(&catalog, stack, p).svg.len())
            .sum::<usize>()
    });
    println!(
        "{} pathway maps in {:.1} ms",
        catalog.pathways.len(),
        pathway_time.as_secs_f64() * 1e3
    );
    let (cred_time, n) = best_of(5, || {
        catalog
            .credentials
            .iter()
            .filter_map(|c| maps::credential_map(&catalog, stack, c.id))
            .count()
    });
    println!(
        "{n} credential neighbourhood maps in {:.1} ms",
        cred_time.as_secs_f64() * 1e3
    );
    println!(
        "stack graph derive (with skills index) {:.2} ms; {} credentials",
        derive_time.as_secs_f64() * 1e3,
        catalog.credentials.len()
    );
    Ok(())
}
