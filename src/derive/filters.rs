//! The values the home page's filters offer: every type family, level, delivery mode,
//! industry and occupation some credential has. The home page is rendered on every edit; it
//! reads these instead of gathering them from every credential again (5–8 ms at 10,000
//! credentials, string comparisons of every credential's industries and occupations).

use std::collections::BTreeSet;

use crate::model::{AudienceLevel, Catalog, Delivery};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub families: Vec<&'static str>,
    pub levels: Vec<AudienceLevel>,
    pub delivery: Vec<Delivery>,
    /// Industry titles, sorted.
    pub industries: Vec<String>,
    /// (title, code), by title: a title two codes share is there once per code.
    pub occupations: Vec<(String, String)>,
}

impl Filters {
    pub fn build(cat: &Catalog) -> Filters {
        let mut families = BTreeSet::new();
        let mut levels = BTreeSet::new();
        let mut delivery = BTreeSet::new();
        let mut industries: BTreeSet<&str> = BTreeSet::new();
        let mut occupations: BTreeSet<(&str, &str)> = BTreeSet::new();
        for c in &cat.credentials {
            families.insert(c.kind.family());
            levels.extend(c.audience_levels.iter().copied());
            delivery.extend(c.delivery.iter().copied());
            industries.extend(c.industries.iter().map(|i| i.title.as_str()));
            occupations.extend(
                c.occupations
                    .iter()
                    .map(|o| (o.title.as_str(), o.code.as_str())),
            );
        }
        Filters {
            families: families.into_iter().collect(),
            levels: levels.into_iter().collect(),
            delivery: delivery.into_iter().collect(),
            industries: industries.into_iter().map(str::to_string).collect(),
            occupations: occupations
                .into_iter()
                .map(|(t, c)| (t.to_string(), c.to_string()))
                .collect(),
        }
    }
}
