//! Name lookups for references between files, with "did you mean" suggestions.

use std::collections::HashMap;

use crate::diagnostic::Problem;
use crate::model::{Competency, CompetencyId, Framework};

/// Slug → index of one kind of resource.
#[derive(Debug, Default)]
pub struct Names {
    map: HashMap<String, u32>,
}

impl Names {
    pub fn new<'a>(slugs: impl Iterator<Item = &'a str>) -> Self {
        Names {
            map: slugs
                .enumerate()
                .map(|(i, s)| (s.to_string(), i as u32))
                .collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.map.get(name).copied()
    }

    /// The closest known name, if one is close enough to be a likely typo.
    pub fn suggest(&self, name: &str) -> Option<String> {
        suggest(name, self.map.keys().map(String::as_str))
    }
}

pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.to_string())
}

/// `framework-slug/CODE` → competency.
pub struct CompetencyCodes {
    frameworks: HashMap<String, HashMap<String, CompetencyId>>,
}

impl CompetencyCodes {
    pub fn new(frameworks: &[Framework], competencies: &[Competency]) -> Self {
        let mut map: HashMap<String, HashMap<String, CompetencyId>> = frameworks
            .iter()
            .map(|f| (f.slug.clone(), HashMap::new()))
            .collect();
        for c in competencies {
            if let Some(codes) = map.get_mut(&frameworks[c.framework.index()].slug) {
                codes.insert(c.code.clone(), c.id);
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
                suggestion: suggest(fw, self.frameworks.keys().map(String::as_str)),
            });
        };
        codes
            .get(code)
            .copied()
            .ok_or_else(|| Problem::UnknownReference {
                kind: "competency",
                name: reference.to_string(),
                suggestion: suggest(code, codes.keys().map(String::as_str))
                    .map(|c| format!("{fw}/{c}")),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = Names::new(["sql-fundamentals", "python-for-data"].into_iter());
        assert_eq!(
            names.suggest("sql-fundamentls").as_deref(),
            Some("sql-fundamentals")
        );
        assert_eq!(names.suggest("welding"), None);
    }
}
