//! The text of every content file read, kept so diagnostics can quote it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Relative path → file text, for every file `load` read.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: HashMap<PathBuf, Arc<str>>,
}

impl SourceMap {
    pub fn insert(&mut self, path: PathBuf, text: Arc<str>) {
        self.files.insert(path, text);
    }

    pub fn remove(&mut self, path: &Path) {
        self.files.remove(path);
    }

    pub fn text(&self, path: &Path) -> Option<String> {
        self.files.get(path).map(|t| t.to_string())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = match text.get(..offset) {
        Some(s) => s,
        // Not on a char boundary: back off to the previous one.
        None => {
            let mut o = offset;
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            &text[..o]
        }
    };
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn lines_and_columns_are_one_based() {
        let t = "ab\ncdé\nf";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 8), (3, 1));
        assert_eq!(line_col(t, 7), (2, 4));
    }
}
