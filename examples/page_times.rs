//! Times the catalog-wide outputs of a catalog, one at a time, and the mean time of each
//! kind of page (diagnostics for benchmarks).
//! `cargo run --release --example page_times -- CATALOG_DIR`
// The binary's allocator: glibc's malloc was 40 % of this example's profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

use std::collections::BTreeMap;
use std::time::Duration;

use credcat::emit::html::render;
use credcat::emit::pages::{pages, Page};
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
    // After the first render, which fills the memo, the mean of `REPEAT` renders (default 1)
    // finding their fragments there, as a rebuild does.
    let repeat: u32 = std::env::var("REPEAT").map_or(1, |r| r.parse().unwrap());
    for page in [Page::Home, Page::Skills, Page::Map, Page::NotFound] {
        let t = Instant::now();
        let f = render(&ctx, page).unwrap();
        let first = t.elapsed();
        let t = Instant::now();
        for _ in 0..repeat {
            render(&ctx, page).unwrap();
        }
        let again = t.elapsed() / repeat;
        println!(
            "{page:?}: {first:.1?}, again {again:.1?} ({} KB)",
            f.body.len() / 1024
        );
    }
    if std::env::var_os("ONLY_RULE_PAGES").is_some() {
        return;
    }
    for (name, f) in credcat::emit::EMITTERS {
        if ["search", "crawl", "sitemap", "ctdl", "ctdl-bulk"].contains(name) {
            let t = Instant::now();
            let files = f(&ctx).unwrap();
            println!("{name}: {:.1?} ({} files)", t.elapsed(), files.len());
        }
    }
    // Each kind of page, by its variant's name: count, mean time, mean size.
    let mut kinds: BTreeMap<String, (u32, Duration, usize)> = BTreeMap::new();
    for page in pages(ctx.catalog, ctx.derived) {
        let kind = format!("{page:?}");
        let kind = kind.split('(').next().unwrap_or_default().to_string();
        let t = Instant::now();
        let f = render(&ctx, page).unwrap();
        let e = kinds.entry(kind).or_default();
        e.0 += 1;
        e.1 += t.elapsed();
        e.2 += f.body.len();
    }
    for (kind, (n, time, bytes)) in kinds {
        println!(
            "{kind}: {n} pages, mean {:.2?}, mean {} KB",
            time / n,
            bytes / n as usize / 1024
        );
    }
}
