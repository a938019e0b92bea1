//! The issuer's commands: `keygen` (the signing key), `issue` (a batch of awards), `revoke`
//! (mark an award revoked in its source file) and `verify` (check signed credentials
//! offline). Building the signed badges themselves is the emitter `emit::badges`.

pub mod issue;
pub mod key;
pub mod revoke;
pub mod verify;

pub use key::Signer;
