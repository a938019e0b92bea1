//! Splits a content file into its TOML front matter and markdown body, keeping offsets so that
//! errors in either point at the right line of the file.

use crate::diagnostic::Problem;

#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Byte offset of the front matter in the file.
    pub front_offset: usize,
    pub body: &'a str,
}

const FENCE: &str = "+++";

pub fn split(text: &str) -> Result<Split<'_>, Problem> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end_matches(['\r', '\n']) != FENCE {
        return Err(Problem::MissingFrontMatter);
    }
    let front_offset = first.len();
    let mut offset = front_offset;
    for line in lines {
        if line.trim_end_matches(['\r', '\n']) == FENCE {
            return Ok(Split {
                front_matter: &text[front_offset..offset],
                front_offset,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(Problem::UnclosedFrontMatter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\na = 1\n+++\n# Body\n").unwrap();
        assert_eq!(s.front_matter, "a = 1\n");
        assert_eq!(s.front_offset, 4);
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn crlf_and_empty_body() {
        let s = split("+++\r\na = 1\r\n+++").unwrap();
        assert_eq!(s.front_matter, "a = 1\r\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("a = 1"), Err(Problem::MissingFrontMatter));
        assert_eq!(split("+++\na = 1\n"), Err(Problem::UnclosedFrontMatter));
    }
}
