//! Name lookups for references between files, with "did you mean" suggestions.

use std::collections::HashMap;

use crate::diagnostic::Problem;
use crate::model::{Competency, CompetencyId, Framework};

/// The closest of `candidates` to `name`, if one is close enough to be a likely typo.
pub fn suggest<S: AsRef<str>>(
    name: &str,
    candidates: impl IntoIterator<Item = S>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c.as_ref()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| b.1.as_ref().cmp(a.1.as_ref()))
        })
        .map(|(_, c)| c.as_ref().to_string())
}

/// `framework-slug/CODE` → competency. It borrows the names from the competencies, so
/// building it for a patch of one credential costs no copies.
pub struct CompetencyCodes<'a> {
    frameworks: HashMap<&'a str, HashMap<&'a str, CompetencyId>>,
}

impl<'a> CompetencyCodes<'a> {
    pub fn new(frameworks: &'a [Framework], competencies: &'a [Competency]) -> Self {
        let mut map: HashMap<&str, HashMap<&str, CompetencyId>> = frameworks
            .iter()
            .map(|f| (f.slug.as_str(), HashMap::new()))
            .collect();
        for c in competencies {
            if let Some(codes) = map.get_mut(frameworks[c.framework.index()].slug.as_str()) {
                codes.insert(c.code.as_str(), c.id);
            }
        }
        CompetencyCodes { frameworks: map }
    }

    pub fn find(&self, reference: &str) -> Result<CompetencyId, Problem> {
        let Some((fw, code)) = reference.split_once('/') else {
            return Err(Problem::Malformed {
                what: "competency reference",
                value: reference.to_string(),
                expected: "<framework file name>/<competency code>, e.g. data-analytics/DA.1.2",
            });
        };
        let Some(codes) = self.frameworks.get(fw) else {
            return Err(Problem::UnknownReference {
                kind: "competency framework",
                name: fw.to_string(),
                suggestion: suggest(fw, self.frameworks.keys()),
            });
        };
        codes
            .get(code)
            .copied()
            .ok_or_else(|| Problem::UnknownReference {
                kind: "competency",
                name: reference.to_string(),
                suggestion: suggest(code, codes.keys()).map(|c| format!("{fw}/{c}")),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["sql-fundamentals", "python-for-data"];
        assert_eq!(
            suggest("sql-fundamentls", names).as_deref(),
            Some("sql-fundamentals")
        );
        assert_eq!(suggest("welding", names), None);
    }
}
