//! Where signing an award's badge goes: microseconds per award for each step of
//! `emit::badges::signed_credential` on the awards of a generated catalog.
//!
//! `cargo run --release --example sign_bench -- DIR [N]` where DIR is a catalog made by
//! `bench/gen_catalog.py --issued K` (awards like every catalog's: same document shape,
//! different names, ids, dates, expiry and evidence). It builds the unsigned credential of the
//! first N awards (all by default) exactly as the badges emitter does, then times, one thread,
//! each step alone over all of them:
//!
//! - `to_dataset`: one JSON-LD → RDF conversion of the document (expansion with the bundled
//!   contexts), the full way;
//! - `shape memo`: the canonical N-Quads from the template of the document's shape
//!   (`sign::shape`), in a first pass that makes each shape's template and in a second that
//!   finds them all, and `RDFC-1.0`: canonicalizing a converted dataset alone;
//! - `undefined-term check`: the check that no member would be dropped from the signed data;
//! - `canonical_nquads`: the whole `eddsa-rdfc-2022` canonical form (conversion, check,
//!   RDFC-1.0), of the document and of its proof configuration;
//! - `jcs`: the RFC 8785 form of the document;
//! - `ed25519`: one signature over 64 bytes;
//! - `signed_credential`: build and sign with both suites, all steps together, one thread
//!   and then on every core (rayon), as a build does;
//! - `cache cold` / `cache warm`: the same with the signature cache, empty and then full.

// Awards, their status indices and their documents are parallel vectors indexed together.
#![allow(clippy::needless_range_loop)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::Instant;

use credcat::emit::badges::{self, Issuer};
use credcat::sign::cache::SignatureCache;
use credcat::sign::{self, jcs, rdf, ProofOptions};
use ed25519_dalek::Signer as _;
use rayon::prelude::*;
use serde_json::Value;

fn per_award(label: &str, n: usize, f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    let us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{label:>34}: {us:>9.1} µs/award");
    us
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: cargo run --release --example sign_bench -- CATALOG_DIR [N]\n\
             (make one with: python3 bench/gen_catalog.py --credentials 1000 --issued 1000 --out DIR)"
        );
        return;
    };
    let options = credcat::BuildOptions {
        root,
        ..Default::default()
    };
    let site = credcat::prepare(credcat::load(&options).expect("loads"), &options)
        .expect("catalog resolves");
    let cat = &site.catalog;
    let key = sign::SigningKey::from_bytes(&[42; 32]);
    let issuer = Issuer::new(cat, &key).expect("issuer");
    let indices = badges::status_slots(&key, &cat.awards, cat.config.badges.awards_per_status_list)
        .expect("status slots");
    let n = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(cat.awards.len())
        .min(cat.awards.len());
    assert!(
        n > 0,
        "the catalog has no awards: generate it with --issued K"
    );
    println!("{n} awards, {} threads", rayon::current_num_threads());

    let docs: Vec<Value> = (0..n)
        .map(|i| badges::credential(cat, &issuer, &cat.awards[i], indices[i]).expect("credential"))
        .collect();
    let configs: Vec<Value> = (0..n)
        .map(|i| {
            let mut c = serde_json::json!({
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "created": badges::datetime(cat.awards[i].issued),
                "verificationMethod": issuer.verification_method(),
                "proofPurpose": "assertionMethod",
            });
            c["@context"] = docs[i]["@context"].clone();
            c
        })
        .collect();

    // Warm up: the bundled contexts are parsed on first use.
    rdf::canonical_nquads(&docs[0]).expect("canonical");

    per_award("to_dataset (document)", n, || {
        for d in &docs {
            std::hint::black_box(rdf::to_dataset(d).expect("dataset"));
        }
    });
    let memo = || {
        for d in &docs {
            std::hint::black_box(
                sign::shape::canonical_nquads(d).expect("an award's shape is memoized"),
            );
        }
    };
    per_award("shape memo, first pass", n, memo);
    per_award("shape memo, templates made", n, memo);
    let datasets: Vec<oxrdf::Dataset> = docs
        .iter()
        .map(|d| rdf::checked_dataset(d).expect("dataset"))
        .collect();
    println!(
        "{:>34}: {:>9.1} quads/award",
        "dataset size",
        datasets.iter().map(|d| d.len()).sum::<usize>() as f64 / n as f64
    );
    per_award("RDFC-1.0 + N-Quads (document)", n, || {
        for d in datasets {
            std::hint::black_box(rdf::canonicalize(d).expect("canonical"));
        }
    });
    per_award("undefined-term check (document)", n, || {
        for d in &docs {
            rdf::check_no_undefined_terms(d).expect("no undefined terms");
        }
    });
    per_award("canonical_nquads (document)", n, || {
        for d in &docs {
            std::hint::black_box(rdf::canonical_nquads(d).expect("canonical"));
        }
    });
    per_award("canonical_nquads (proof config)", n, || {
        for c in &configs {
            std::hint::black_box(rdf::canonical_nquads(c).expect("canonical"));
        }
    });
    per_award("jcs (document)", n, || {
        for d in &docs {
            std::hint::black_box(jcs::canonicalize(d).expect("jcs"));
        }
    });
    per_award("ed25519 (one signature)", n, || {
        for i in 0..n {
            std::hint::black_box(key.sign(&[i as u8; 64]));
        }
    });
    per_award("sign eddsa-rdfc-2022", n, || {
        for (i, d) in docs.iter().enumerate() {
            let opts = ProofOptions::new(
                issuer.verification_method(),
                badges::datetime(cat.awards[i].issued),
            );
            std::hint::black_box(
                sign::sign(d, &key, &opts, sign::Suite::EddsaRdfc2022).expect("sign"),
            );
        }
    });
    per_award("signed_credential (1 thread)", n, || {
        for i in 0..n {
            std::hint::black_box(
                badges::signed_credential(cat, &issuer, &cat.awards[i], indices[i])
                    .expect("signed"),
            );
        }
    });
    per_award("signed_credential (all threads)", n, || {
        (0..n).into_par_iter().for_each(|i| {
            std::hint::black_box(
                badges::signed_credential(cat, &issuer, &cat.awards[i], indices[i])
                    .expect("signed"),
            );
        });
    });

    // With the signature cache: a first pass fills it (cold, plus the cost of keying it),
    // a second finds every signature (warm). Same bytes both times.
    let cache = SignatureCache::in_memory(&key);
    let cached = Issuer {
        cache: Some(&cache),
        ..Issuer::new(cat, &key).expect("issuer")
    };
    let all = |issuer: &Issuer| -> Vec<Value> {
        (0..n)
            .into_par_iter()
            .map(|i| {
                badges::signed_credential(cat, issuer, &cat.awards[i], indices[i]).expect("signed")
            })
            .collect()
    };
    let mut first = Vec::new();
    per_award("cache cold (all threads)", n, || first = all(&cached));
    let mut second = Vec::new();
    per_award("cache warm (all threads)", n, || second = all(&cached));
    per_award("cache warm (1 thread)", n, || {
        for i in 0..n {
            std::hint::black_box(
                badges::signed_credential(cat, &cached, &cat.awards[i], indices[i])
                    .expect("signed"),
            );
        }
    });
    assert_eq!(first, second, "a cache hit gives the same credential");
    let (hits, misses) = cache.stats();
    println!("cache: {hits} hits, {misses} misses");
}
