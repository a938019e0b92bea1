//! Multibase and multicodec encodings used by Data Integrity and did:key.
//!
//! Only the two multibase prefixes the specs we follow use are supported: `z` (base58btc,
//! for keys and `proofValue`) and `u` (base64url without padding, for a status list's
//! `encodedList`). Multikey values are a multicodec varint header followed by the raw key:
//! `0xed 0x01` for an Ed25519 public key (giving `z6Mk…`) and `0x80 0x26` for an Ed25519
//! secret key seed (giving `z3u2…`).
//!
//! This module only turns bytes into text and back; what the bytes mean (a key, a
//! signature) is the caller's business.

use base64::Engine as _;

/// Multicodec header of an Ed25519 public key (`ed25519-pub`, varint of 0xed).
pub const ED25519_PUB_HEADER: [u8; 2] = [0xed, 0x01];
/// Multicodec header of an Ed25519 private key seed (`ed25519-priv`, varint of 0x1300).
pub const ED25519_PRIV_HEADER: [u8; 2] = [0x80, 0x26];

/// A multibase or multicodec value that could not be decoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MultibaseError {
    #[error("multibase value is empty")]
    Empty,
    #[error("multibase prefix `{found}` is not supported here; expected `{expected}`")]
    WrongPrefix { expected: char, found: char },
    #[error("multibase value is not valid base58btc: {0}")]
    Base58(String),
    #[error("multibase value is not valid base64url without padding: {0}")]
    Base64(String),
    #[error("multikey has the wrong multicodec header: expected {expected}, found {found}")]
    WrongCodec { expected: String, found: String },
    #[error("multikey holds {found} key bytes; an Ed25519 key has 32")]
    WrongLength { found: usize },
}

/// `z` + base58btc of `bytes`.
pub fn encode_base58btc(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 138 / 100 + 2);
    out.push('z');
    out.push_str(&bs58::encode(bytes).into_string());
    out
}

/// Decodes a `z`-prefixed base58btc multibase value.
pub fn decode_base58btc(value: &str) -> Result<Vec<u8>, MultibaseError> {
    let rest = strip_prefix(value, 'z')?;
    bs58::decode(rest)
        .into_vec()
        .map_err(|e| MultibaseError::Base58(e.to_string()))
}

/// `u` + base64url (no padding) of `bytes`.
pub fn encode_base64url(bytes: &[u8]) -> String {
    let mut out = String::from("u");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(bytes, &mut out);
    out
}

/// Decodes a `u`-prefixed base64url multibase value. Padding is tolerated, because some
/// issuers add it although the spec says not to.
pub fn decode_base64url(value: &str) -> Result<Vec<u8>, MultibaseError> {
    let rest = strip_prefix(value, 'u')?;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(rest.trim_end_matches('='))
        .map_err(|e| MultibaseError::Base64(e.to_string()))
}

fn strip_prefix(value: &str, expected: char) -> Result<&str, MultibaseError> {
    let mut chars = value.chars();
    match chars.next() {
        None => Err(MultibaseError::Empty),
        Some(c) if c == expected => Ok(chars.as_str()),
        Some(found) => Err(MultibaseError::WrongPrefix { expected, found }),
    }
}

/// Encodes 32 key bytes as a Multikey: `z` + base58btc(header || key).
pub fn encode_multikey(header: [u8; 2], key: &[u8; 32]) -> String {
    let mut bytes = [0u8; 34];
    bytes[..2].copy_from_slice(&header);
    bytes[2..].copy_from_slice(key);
    encode_base58btc(&bytes)
}

/// Decodes a Multikey with the given multicodec header into its 32 key bytes.
pub fn decode_multikey(header: [u8; 2], value: &str) -> Result<[u8; 32], MultibaseError> {
    let bytes = decode_base58btc(value)?;
    if bytes.len() < 2 || bytes[..2] != header {
        return Err(MultibaseError::WrongCodec {
            expected: hex::encode(header),
            found: hex::encode(&bytes[..bytes.len().min(2)]),
        });
    }
    let key = &bytes[2..];
    <[u8; 32]>::try_from(key).map_err(|_| MultibaseError::WrongLength { found: key.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58_round_trip() {
        let data = [0u8, 0, 1, 2, 255];
        let enc = encode_base58btc(&data);
        assert!(enc.starts_with("z11"));
        assert_eq!(decode_base58btc(&enc).unwrap(), data);
    }

    #[test]
    fn base64url_round_trip() {
        let data = [0xfbu8, 0xff, 0x00, 0x10];
        let enc = encode_base64url(&data);
        assert_eq!(enc, "u-_8AEA");
        assert_eq!(decode_base64url(&enc).unwrap(), data);
        assert_eq!(decode_base64url("u-_8AEA==").unwrap(), data);
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert_eq!(decode_base58btc(""), Err(MultibaseError::Empty));
        assert!(matches!(
            decode_base58btc("u123"),
            Err(MultibaseError::WrongPrefix { .. })
        ));
        assert!(matches!(
            decode_base58btc("z0OIl"),
            Err(MultibaseError::Base58(_))
        ));
        assert!(matches!(
            decode_base64url("u***"),
            Err(MultibaseError::Base64(_))
        ));
        assert!(matches!(
            decode_multikey(ED25519_PUB_HEADER, "z1"),
            Err(MultibaseError::WrongCodec { .. })
        ));
        let short = encode_base58btc(&[0xed, 0x01, 1, 2, 3]);
        assert_eq!(
            decode_multikey(ED25519_PUB_HEADER, &short),
            Err(MultibaseError::WrongLength { found: 3 })
        );
        // A multi-byte first character must not panic.
        assert!(decode_base58btc("é").is_err());
    }
}
