//! The search index the home page's script filters and searches: one small record per
//! credential, holding only what the filters and the result list need.

use serde::Serialize;

use crate::model::{Catalog, Credential};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// Credential type family (badge, micro, certificate, certification, degree).
    pub family: &'static str,
    pub kind: &'static str,
    pub levels: Vec<&'static str>,
    pub industries: Vec<String>,
    pub delivery: Vec<&'static str>,
    /// Lowest total cost in the first listed currency; `None` when no cost is published.
    pub cost: Option<f64>,
    pub currency: Option<String>,
    /// Words searched: skills, keywords, competency labels, occupations.
    pub text: String,
}

pub fn entry(catalog: &Catalog, c: &Credential) -> Entry {
    let mut text: Vec<&str> = Vec::new();
    text.extend(c.skills.iter().map(String::as_str));
    text.extend(c.keywords.iter().map(String::as_str));
    text.extend(
        c.competencies
            .iter()
            .map(|k| catalog.competency(*k).label.as_str()),
    );
    text.extend(c.occupations.iter().map(|o| o.title.as_str()));
    let currency = c.cost_to_earn().map(|(_, cur)| cur.to_string());
    let cost = c.cost_to_earn().map(|(amount, _)| amount);
    Entry {
        slug: c.slug.clone(),
        name: c.name.clone(),
        summary: c.summary.clone(),
        family: c.kind.family(),
        kind: c.kind.label(),
        levels: c.audience_levels.iter().map(|l| l.key()).collect(),
        industries: c.industries.iter().map(|i| i.title.clone()).collect(),
        delivery: c.delivery.iter().map(|d| d.key()).collect(),
        cost,
        currency,
        text: text.join(" · "),
    }
}
