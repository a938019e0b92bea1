//! Builds only the home page and the search index of a catalog (what the search benchmark
//! needs), for catalogs too large for a full build on this machine: load, resolve, derive,
//! then the home page, the theme's static files and `emit::search`, written with
//! `write::write_site`. Prints the search emitter's time, its files and bytes, and (on Linux)
//! the process's peak resident memory before and after it.
//!
//! ```sh
//! python3 bench/gen_catalog.py --credentials 100000 --out target/bench/cat100000 --seed 1
//! cp -r themes target/bench/cat100000/
//! cargo run --release --example search_index -- target/bench/cat100000 /tmp/search100k
//! ```

use std::time::Instant;

use credcat::emit::html::render;
use credcat::emit::pages::Page;
use credcat::BuildOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: search_index CATALOG_DIR OUTPUT_DIR".into());
    };
    let options = BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let t = Instant::now();
    let site = credcat::prepare(credcat::load(&options)?, &options)
        .map_err(|e| e.render(false).to_string())?;
    eprintln!(
        "load + resolve + derive: {:.1?} ({} credentials)",
        t.elapsed(),
        site.catalog.credentials.len()
    );
    let ctx = site.ctx();
    let before = peak_rss();
    let t = Instant::now();
    let search = credcat::emit::search::emit(&ctx)?;
    let took = t.elapsed();
    let bytes: usize = search.iter().map(|f| f.body.len()).sum();
    println!(
        "search index: {took:.2?}, {} files, {:.1} MB",
        search.len(),
        bytes as f64 / 1e6
    );
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        println!("peak RSS: {before} before the index, {after} after");
    }
    let mut files = search;
    files.push(render(&ctx, Page::Home)?);
    files.extend(credcat::emit::assets::emit(&ctx)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    credcat::write::write_site(std::path::Path::new(&out), &files)?;
    Ok(())
}

/// The process's peak resident set size so far (`VmHWM`), as /proc reports it; `None` where
/// there is no /proc.
fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line["VmHWM:".len()..].trim().to_string())
}
