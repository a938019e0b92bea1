//! The employer skills index: every competency, grouped by category, with the credentials
//! that certify it. A competency without a category is filed under its framework's name.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Catalog, CompetencyId};

#[derive(Debug, Clone, Serialize)]
pub struct SkillIndex {
    pub categories: Vec<Category>,
    /// Category index of competency i.
    pub category_of: Vec<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub name: String,
    pub slug: String,
    pub competencies: Vec<CompetencyId>,
}

impl SkillIndex {
    pub fn build(catalog: &Catalog) -> SkillIndex {
        let mut groups: BTreeMap<String, Vec<CompetencyId>> = BTreeMap::new();
        for c in &catalog.competencies {
            let name = if c.category.trim().is_empty() {
                catalog.framework(c.framework).name.clone()
            } else {
                c.category.trim().to_string()
            };
            groups.entry(name).or_default().push(c.id);
        }
        let mut slugs = std::collections::HashSet::new();
        let categories: Vec<Category> = groups
            .into_iter()
            .map(|(name, mut competencies)| {
                competencies.sort_by(|a, b| {
                    catalog
                        .competency(*a)
                        .label
                        .cmp(&catalog.competency(*b).label)
                        .then(a.cmp(b))
                });
                Category {
                    slug: unique_slug(&name, &mut slugs),
                    name,
                    competencies,
                }
            })
            .collect();
        let mut category_of = vec![0; catalog.competencies.len()];
        for (i, c) in categories.iter().enumerate() {
            for k in &c.competencies {
                category_of[k.index()] = i as u32;
            }
        }
        SkillIndex {
            categories,
            category_of,
        }
    }
}

/// A category's slug is its page's folder: names that slugify alike ("Data & AI", "Data AI")
/// or not at all ("++") still get folders of their own.
fn unique_slug(name: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let base = match crate::load::markdown::slugify(name) {
        s if s.is_empty() => "area".to_string(),
        s => s,
    };
    let mut slug = base.clone();
    let mut n = 2;
    while !taken.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_never_empty() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(unique_slug("Data & AI", &mut taken), "data-ai");
        assert_eq!(unique_slug("Data AI", &mut taken), "data-ai-2");
        assert_eq!(unique_slug("data-ai", &mut taken), "data-ai-3");
        assert_eq!(unique_slug("++", &mut taken), "area");
        assert_eq!(unique_slug("", &mut taken), "area-2");
    }
}
