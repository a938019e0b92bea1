//! Times load and resolve of a catalog (diagnostics for benchmarks).
//! `cargo run --release --example resolve_time -- CATALOG_DIR`
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: resolve_time CATALOG_DIR");
    let options = credcat::BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let loaded = credcat::load(&options).unwrap();
    for _ in 0..20 {
        let t = Instant::now();
        let cat = credcat::resolve::resolve(&loaded, Default::default()).unwrap();
        println!(
            "resolve: {:.1?} ({} credentials)",
            t.elapsed(),
            cat.credentials.len()
        );
    }
}
