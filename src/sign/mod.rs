//! Signing and verifying Verifiable Credentials.
//!
//! This module owns the cryptography credcat uses to issue Open Badges 3.0 credentials and
//! to check them again: Ed25519 keys and their Multikey / did:key forms ([`keys`],
//! [`multibase`]), the two canonical forms a Data Integrity proof is computed over
//! ([`jcs`] for RFC 8785 JSON, [`rdf`] for RDFC-1.0 N-Quads with the JSON-LD contexts
//! bundled in [`contexts`], the conversion memoized per document shape by [`shape`] and the
//! usual case of RDFC-1.0's labelling done by [`rdfc`]), the proofs themselves ([`proof`]:
//! `eddsa-rdfc-2022` and `eddsa-jcs-2022`), the issuer's did:web document ([`did`]) and the
//! revocation lists ([`status_list`]).
//!
//! It is not the place for anything about the catalog: it takes and returns
//! `serde_json::Value` documents, and it never touches the network or the output folder.
//! The one file it reads or writes is the issuer's key file ([`keys::load_key_file`],
//! [`keys::write_key_file`]).

pub mod cache;
pub mod contexts;
pub mod did;
pub mod jcs;
pub mod keys;
pub mod multibase;
pub mod proof;
pub mod rdf;
pub mod rdfc;
pub mod shape;
pub mod status_list;

pub use contexts::OfflineLoader;
pub use did::{did_json_url, did_web_document, did_web_for_base_url, DidError};
pub use keys::{
    did_key, did_key_verification_method, generate_key, load_key_file, load_key_from_env,
    parse_key, resolve_did_key, write_key_file, KeyError, SigningKey, VerifyingKey,
};
pub use proof::{
    sign, verify, DidKeyResolver, DidWebResolver, KeyResolver, ProofOptions, ProofReport,
    SignError, StaticResolver, Suite, VerifyError,
};
pub use rdf::CanonError;
