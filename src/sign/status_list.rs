//! W3C Bitstring Status List v1.0: the revocation list of issued badges.
//!
//! A status list is a bitstring of at least 131,072 entries (16 KiB), one bit per issued
//! credential; a set bit means revoked. Published in a `BitstringStatusListCredential` as
//! `encodedList`: the GZIP-compressed bitstring, base64url without padding, with the
//! multibase prefix `u`. Bit 0 is the left-most (most significant) bit of the first byte.
//!
//! This module encodes and decodes the list and builds the unsigned credential; signing it
//! is [`super::proof::sign`]'s job.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};

use super::contexts::CREDENTIALS_V2;
use super::multibase::{self, MultibaseError};

/// The minimum number of entries the spec requires (herd privacy).
pub const MIN_ENTRIES: usize = 131_072;

/// Most entries credcat sets aside in one list: half of it, so a list stays sparse (finding
/// a free pseudo-random index takes few tries, and an index tells little about how many
/// credentials were issued). More credentials go into further lists.
pub const MAX_AWARDS: usize = MIN_ENTRIES / 2;

/// Largest decompressed list accepted when decoding (guards against GZIP bombs): 16 MiB,
/// i.e. 134 million entries.
pub const MAX_DECODED_BYTES: usize = 16 * 1024 * 1024;

/// A status list that could not be decoded or an index out of range.
#[derive(Debug, thiserror::Error)]
pub enum StatusListError {
    #[error("encodedList: {0}")]
    Multibase(#[from] MultibaseError),
    #[error("encodedList is not valid GZIP: {0}")]
    Gzip(String),
    #[error("encodedList decompresses to more than {MAX_DECODED_BYTES} bytes")]
    TooLarge,
    #[error("status list index {index} is out of range (the list has {len} entries)")]
    OutOfRange { index: usize, len: usize },
}

/// A bitstring of status bits.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for StatusList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = self
            .bytes
            .iter()
            .map(|b| b.count_ones() as usize)
            .sum::<usize>();
        f.debug_struct("StatusList")
            .field("len", &self.len())
            .field("set", &set)
            .finish()
    }
}

impl Default for StatusList {
    fn default() -> Self {
        Self::new(MIN_ENTRIES)
    }
}

impl StatusList {
    /// An all-zero list of at least `entries` bits (and at least [`MIN_ENTRIES`]),
    /// rounded up to whole bytes.
    pub fn new(entries: usize) -> Self {
        let entries = entries.max(MIN_ENTRIES);
        StatusList {
            bytes: vec![0; entries.div_ceil(8)],
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    /// Whether the list has no entries (never true for a list built with [`Self::new`]).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bit at `index`.
    pub fn get(&self, index: usize) -> Result<bool, StatusListError> {
        let byte = self.byte(index)?;
        Ok(self.bytes[byte] & mask(index) != 0)
    }

    /// Sets the bit at `index` to `value`.
    pub fn set(&mut self, index: usize, value: bool) -> Result<(), StatusListError> {
        let byte = self.byte(index)?;
        if value {
            self.bytes[byte] |= mask(index);
        } else {
            self.bytes[byte] &= !mask(index);
        }
        Ok(())
    }

    fn byte(&self, index: usize) -> Result<usize, StatusListError> {
        if index < self.len() {
            Ok(index / 8)
        } else {
            Err(StatusListError::OutOfRange {
                index,
                len: self.len(),
            })
        }
    }

    /// The `encodedList` value: `u` + base64url(gzip(bits)).
    pub fn encode(&self) -> String {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        // Writing into a Vec cannot fail.
        let compressed = gz
            .write_all(&self.bytes)
            .and_then(|()| gz.finish())
            .unwrap_or_default();
        multibase::encode_base64url(&compressed)
    }

    /// Decodes an `encodedList` value.
    pub fn decode(encoded: &str) -> Result<Self, StatusListError> {
        let compressed = multibase::decode_base64url(encoded)?;
        let mut bytes = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_DECODED_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| StatusListError::Gzip(e.to_string()))?;
        if bytes.len() > MAX_DECODED_BYTES {
            return Err(StatusListError::TooLarge);
        }
        Ok(StatusList { bytes })
    }
}

fn mask(index: usize) -> u8 {
    0x80 >> (index % 8)
}

/// The unsigned `BitstringStatusListCredential` for a revocation list published at
/// `url`, issued by `issuer` from `valid_from` (an XML Schema dateTime).
pub fn revocation_list_credential(
    url: &str,
    issuer: &str,
    valid_from: &str,
    list: &StatusList,
) -> Value {
    json!({
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": list.encode(),
        },
    })
}

/// The `credentialStatus` entry pointing a credential at bit `index` of the list at `url`.
pub fn status_entry(url: &str, index: usize) -> Value {
    json!({
        "id": format!("{url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut list = StatusList::default();
        assert_eq!(list.len(), MIN_ENTRIES);
        list.set(0, true).unwrap();
        list.set(12345, true).unwrap();
        list.set(MIN_ENTRIES - 1, true).unwrap();
        let encoded = list.encode();
        assert!(encoded.starts_with("uH4sI"), "{encoded}");
        assert!(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'));
        let back = StatusList::decode(&encoded).unwrap();
        assert_eq!(back, list);
        assert!(back.get(0).unwrap() && back.get(12345).unwrap());
        assert!(!back.get(1).unwrap() && !back.get(12344).unwrap());
        assert_eq!(back.bytes[0], 0x80, "bit 0 is the most significant bit");
        list.set(0, false).unwrap();
        assert!(!list.get(0).unwrap());
        assert!(matches!(
            list.get(MIN_ENTRIES),
            Err(StatusListError::OutOfRange { .. })
        ));
        assert!(list.set(usize::MAX, true).is_err());
    }

    #[test]
    fn bad_encodings_are_errors() {
        assert!(StatusList::decode("").is_err());
        assert!(StatusList::decode("zabc").is_err());
        assert!(StatusList::decode("u!!").is_err());
        assert!(StatusList::decode("uAAAA").is_err());
    }

    #[test]
    fn credential_shape() {
        let list = StatusList::default();
        let url = "https://example.edu/status/1";
        let vc =
            revocation_list_credential(url, "did:web:example.edu", "2024-01-01T00:00:00Z", &list);
        assert_eq!(
            vc["credentialSubject"]["id"],
            "https://example.edu/status/1#list"
        );
        assert_eq!(vc["credentialSubject"]["statusPurpose"], "revocation");
        // Everything in it turns into RDF with the bundled contexts.
        let nq = crate::sign::rdf::canonical_nquads(&vc).unwrap();
        assert!(nq.contains("encodedList"), "{nq}");
        let entry = status_entry(url, 7);
        assert_eq!(entry["id"], "https://example.edu/status/1#7");
    }
}
