//! Times the catalog-wide outputs of a catalog, one at a time (diagnostics for benchmarks).
//! `cargo run --release --example page_times -- CATALOG_DIR`
use std::time::Instant;

use credcat::emit::html::{render, Page};
use credcat::BuildOptions;

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: page_times CATALOG_DIR");
    let options = BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let site = credcat::prepare(credcat::load(&options).unwrap(), &options)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let ctx = site.ctx();
    for page in [Page::Home, Page::Skills, Page::Map, Page::NotFound] {
        let t = Instant::now();
        let f = render(&ctx, page).unwrap();
        println!("{page:?}: {:.1?} ({} KB)", t.elapsed(), f.body.len() / 1024);
    }
    for (name, f) in credcat::emit::EMITTERS {
        if ["search", "crawl", "sitemap", "ctdl", "ctdl-bulk"].contains(name) {
            let t = Instant::now();
            let files = f(&ctx).unwrap();
            println!("{name}: {:.1?} ({} files)", t.elapsed(), files.len());
        }
    }
}
