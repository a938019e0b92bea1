//! The employer skills index: every competency, grouped by category, with the credentials
//! that certify it. A competency without a category is filed under its framework's name.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Catalog, CompetencyId};

#[derive(Debug, Clone, Serialize)]
pub struct SkillIndex {
    pub categories: Vec<Category>,
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
        let categories = groups
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
                    slug: crate::load::markdown::slugify(&name),
                    name,
                    competencies,
                }
            })
            .collect();
        SkillIndex { categories }
    }
}
