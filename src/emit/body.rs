//! What an output file holds: its bytes, or — for the large catalog-wide files assembled from
//! fragments kept in the memo (the bulk CTDL graph, the search index) — those fragments with
//! what goes around and between them.
//!
//! The second form exists so that `write` can stream a 100 MB file into place straight from
//! the fragments: concatenating them first costs a copy of the whole file (and as much memory
//! again) for nothing. Everything else reads a body through [`Body::len`], [`Body::chunks`],
//! [`Body::eq_bytes`] or, in tests, [`Body::to_vec`].

use std::io::{self, Write};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    Joined(Joined),
    /// Binary pieces in order, some shared with other files: a baked badge PNG is the image's
    /// head and pixels, the same in every award's copy, around that award's credential chunk.
    Pieces(Pieces),
}

#[derive(Debug, Clone)]
pub struct Pieces {
    parts: Vec<Arc<[u8]>>,
    len: usize,
}

/// `head`, then the parts separated by `sep`, then `tail`.
#[derive(Debug, Clone)]
pub struct Joined {
    head: String,
    /// Never empty: an empty part would leave two separators side by side.
    parts: Vec<Arc<str>>,
    sep: &'static str,
    tail: String,
    len: usize,
}

impl Body {
    /// A body of `parts` joined by `sep` between `head` and `tail`; empty parts are left out.
    pub fn joined(
        head: impl Into<String>,
        parts: Vec<Arc<str>>,
        sep: &'static str,
        tail: impl Into<String>,
    ) -> Body {
        let (head, tail) = (head.into(), tail.into());
        let parts: Vec<Arc<str>> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        let len = head.len()
            + tail.len()
            + parts.iter().map(|p| p.len()).sum::<usize>()
            + sep.len() * parts.len().saturating_sub(1);
        Body::Joined(Joined {
            head,
            parts,
            sep,
            tail,
            len,
        })
    }

    /// A body of `parts`, one after the other.
    pub fn pieces(parts: Vec<Arc<[u8]>>) -> Body {
        let len = parts.iter().map(|p| p.len()).sum();
        Body::Pieces(Pieces { parts, len })
    }

    pub fn len(&self) -> usize {
        match self {
            Body::Bytes(b) => b.len(),
            Body::Joined(j) => j.len,
            Body::Pieces(p) => p.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The content, in order, as borrowed slices.
    pub fn chunks(&self) -> Box<dyn Iterator<Item = &[u8]> + '_> {
        match self {
            Body::Bytes(b) => Box::new(std::iter::once(b.as_slice())),
            Body::Joined(j) => {
                let parts = j.parts.iter().enumerate().flat_map(|(i, p)| {
                    let sep = if i == 0 { "" } else { j.sep };
                    [sep.as_bytes(), p.as_bytes()]
                });
                Box::new(
                    std::iter::once(j.head.as_bytes())
                        .chain(parts)
                        .chain(std::iter::once(j.tail.as_bytes())),
                )
            }
            Body::Pieces(p) => Box::new(p.parts.iter().map(|x| &x[..])),
        }
    }

    /// Writes the content to `w`, piece by piece (buffer `w` for a joined body).
    pub fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        self.chunks().try_for_each(|c| w.write_all(c))
    }

    /// The content in one buffer (tests, small files).
    pub fn to_vec(&self) -> Vec<u8> {
        match self {
            Body::Bytes(b) => b.clone(),
            Body::Joined(_) | Body::Pieces(_) => {
                let mut out = Vec::with_capacity(self.len());
                self.chunks().for_each(|c| out.extend_from_slice(c));
                out
            }
        }
    }

    /// Whether the content is exactly `bytes`, without assembling it.
    pub fn eq_bytes(&self, bytes: &[u8]) -> bool {
        if self.len() != bytes.len() {
            return false;
        }
        let mut rest = bytes;
        for chunk in self.chunks() {
            let (here, after) = rest.split_at(chunk.len());
            if here != chunk {
                return false;
            }
            rest = after;
        }
        true
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body::Bytes(bytes)
    }
}

/// Equal content, whatever the form.
impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        match (self, other) {
            (Body::Bytes(a), b) | (b, Body::Bytes(a)) => b.eq_bytes(a),
            (a, b) => a.len() == b.len() && a.eq_bytes(&b.to_vec()),
        }
    }
}

impl Eq for Body {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_is_its_parts_between_head_and_tail() {
        let parts: Vec<Arc<str>> = vec!["a".into(), "".into(), "bc".into(), "d".into()];
        let body = Body::joined("[", parts, ",", "]\n");
        assert_eq!(body.to_vec(), b"[a,bc,d]\n");
        assert_eq!(body.len(), 9);
        assert!(body.eq_bytes(b"[a,bc,d]\n"));
        assert!(!body.eq_bytes(b"[a,bc,e]\n"));
        assert!(!body.eq_bytes(b"[a,bc,d]"));
        assert_eq!(body, Body::Bytes(b"[a,bc,d]\n".to_vec()));
        let mut written = Vec::new();
        body.write_to(&mut written).unwrap();
        assert_eq!(written, b"[a,bc,d]\n");
        assert_eq!(Body::joined("[", vec![], ",", "]").to_vec(), b"[]");
    }

    #[test]
    fn pieces_are_their_parts_in_order() {
        let shared: Arc<[u8]> = Arc::from(&b"xyz"[..]);
        let body = Body::pieces(vec![
            Arc::from(&b"ab"[..]),
            shared.clone(),
            Arc::from(&b""[..]),
        ]);
        assert_eq!(body.len(), 5);
        assert_eq!(body.to_vec(), b"abxyz");
        assert!(body.eq_bytes(b"abxyz") && !body.eq_bytes(b"abxy!"));
        assert_eq!(body, Body::Bytes(b"abxyz".to_vec()));
    }
}
