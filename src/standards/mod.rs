//! Standards data credcat publishes against, loaded once from the files in `standards/`
//! (provenance in `standards/SOURCES.md`).
//!
//! - [`ctdl_vocab`]: the CTDL / CTDL-ASN / qdata vocabularies, the checker that keeps every
//!   emitted CTDL document inside them, and the JSON-LD context built from them.
//! - [`jsonld`]: offline JSON-LD expansion of CTDL documents with that context.
//!
//! Nothing here knows about the catalog: emitters build documents, these modules judge them.

pub mod code_groups;
pub mod ctdl_vocab;
pub mod jsonld;
