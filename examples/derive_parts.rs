//! Times each derived view of a catalog, one after another, and `derive::derive` (which runs
//! them side by side), for benchmarks: `cargo run --release --example derive_parts -- DIR`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let opts = credcat::BuildOptions {
        root,
        ..Default::default()
    };
    let loaded = credcat::load(&opts).unwrap();
    let catalog = credcat::resolve::resolve(&loaded, Default::default()).unwrap();
    for _ in 0..60 {
        let t = Instant::now();
        let stack = credcat::derive::stack::StackGraph::build(&catalog);
        let a = t.elapsed();
        let stacks = credcat::derive::stack::Stacks::build(&catalog, &stack);
        let b = t.elapsed();
        let keys = credcat::derive::long_lists::name_keys(&catalog);
        let listing = credcat::derive::listing::Listing::build(&catalog, &keys);
        let c = t.elapsed();
        let _explore = credcat::derive::explore::Explore::build(&catalog, &stacks, &listing.rank);
        let d = t.elapsed();
        let _ll =
            credcat::derive::long_lists::LongLists::build(&catalog, &keys, &listing.rank, &stacks);
        let e = t.elapsed();
        let _sk = credcat::derive::skills::SkillIndex::build(&catalog);
        let f = t.elapsed();
        let t2 = Instant::now();
        let derived = credcat::derive::derive(&catalog);
        let full = t2.elapsed();
        let t3 = Instant::now();
        let _r = credcat::derive::after_rename(&catalog, &derived);
        let renamed = t3.elapsed();
        println!("stack {:?} stacks {:?} listing {:?} explore {:?} long {:?} skills {:?} | derive() {full:?} | after_rename() {renamed:?}", a, b-a, c-b, d-c, e-d, f-e);
    }
}
