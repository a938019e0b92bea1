//! schema.org JSON-LD embedded in the HTML pages, for search engines: an
//! `EducationalOccupationalCredential` on each credential page (and a `Course` when the
//! credential is a program of study, i.e. has a CIP code), an `Organization` on each
//! organization page, an `ItemList` of the credentials on each page of the credential list,
//! and a `BreadcrumbList` on every page that shows a breadcrumb (stack maps, skill areas,
//! competencies). Organizations carry their `logo` wherever they appear.
//!
//! Google's rich results read these; its documented required properties hold for every
//! `BreadcrumbList` (`itemListElement` of `ListItem`s with `position`, `name`, `item`) and
//! `Course` (`name`, `description`, `provider`; for Course info also `offers` with a
//! `category` and `hasCourseInstance` with `courseMode` and `courseWorkload`, emitted only
//! when the credential has the delivery modes and hours to say it honestly).
//!
//! These are values, not files: `html::render` puts them in the page context as
//! `page.schema_org`, and the theme prints them with the `json_script` filter, which escapes
//! `<`, `>` and `&` so no field can close the `<script>` element.

use serde_json::{json, Map, Value};

use super::pages::{self, Page};
use super::{achievement, ctdl, urls};
use crate::derive::explore::{CodeKind, CODE_PAGE_SIZE};
use crate::derive::Derived;
use crate::model::*;

/// The schema.org description of a page, if it has one.
/// Several descriptions of one page are printed as one JSON-LD array.
pub fn for_page(cat: &Catalog, derived: &Derived, page: Page) -> Option<Value> {
    match page {
        Page::Home => Some(list_page(cat, derived, 1)),
        Page::Listing(n) => Some(list_page(cat, derived, n as usize)),
        Page::Credential(id) => {
            let c = cat.credential(id);
            Some(match course(cat, c) {
                Some(course) => json!([credential(cat, c), course]),
                None => credential(cat, c),
            })
        }
        Page::Organization(id) => Some(organization(cat, cat.organization(id))),
        Page::Stack(i) => {
            let s = &derived.stacks.list[i as usize];
            let path = urls::stack(cat.credential(s.headline));
            let title = super::maps::stack_title(cat, s);
            Some(breadcrumbs(
                cat,
                &[("Stack map", urls::MAP.to_string()), (&title, path)],
            ))
        }
        Page::SkillArea(i) => {
            let area = &derived.skills.categories[i as usize];
            Some(breadcrumbs(
                cat,
                &[
                    ("Skills index", urls::SKILLS.to_string()),
                    (&area.name, urls::skill_area(&area.slug)),
                ],
            ))
        }
        Page::Competency(id) => {
            let k = cat.competency(id);
            let f = cat.framework(k.framework);
            Some(breadcrumbs(
                cat,
                &[
                    (&f.name, urls::framework(f)),
                    (&k.label, urls::competency(cat, k)),
                ],
            ))
        }
        Page::CodeGroup(..) | Page::Code(..) => code_page(cat, derived, page),
        Page::Directory(section, n) => {
            use crate::derive::directory::Section;
            let first = match section {
                Section::Stacks => "Stack map",
                s => s.title(),
            };
            let numbered = format!("Page {n}");
            let mut trail = vec![(first, urls::directory(section, 1))];
            if n > 1 {
                trail.push((&numbered, urls::directory(section, n as usize)));
            }
            Some(breadcrumbs(cat, &trail))
        }
        _ => None,
    }
}

/// A `BreadcrumbList` from the catalog's home page through `trail` (name, site path), the
/// last being the page itself: the trail the page's visible breadcrumb shows.
pub fn breadcrumbs(cat: &Catalog, trail: &[(&str, String)]) -> Value {
    let home = (cat.config.title.as_str(), String::new());
    let items: Vec<Value> = std::iter::once(&home)
        .chain(trail)
        .enumerate()
        .map(|(i, (name, path))| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": name,
                "item": cat.config.url(path),
            })
        })
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })
}

fn org_ref(cat: &Catalog, id: OrgId) -> Value {
    let o = cat.organization(id);
    let mut n = json!({ "@type": "Organization", "name": o.name, "url": o.url });
    if let Some(l) = &o.logo {
        n["logo"] = json!(absolute(cat, l));
    }
    n
}

/// Google's Course `courseMode` for a delivery mode.
fn course_mode(d: Delivery) -> &'static str {
    match d {
        Delivery::Online => "Online",
        Delivery::InPerson | Delivery::VariableSite => "Onsite",
        Delivery::Blended => "Blended",
    }
}

/// A `Course` for a credential that is a program of study (it has a CIP code) and says
/// who offers it; `None` otherwise, since calling a badge for a single skill a course would
/// mislead. Offers and a course instance only when the credential states its costs, its
/// delivery and its hours.
pub fn course(cat: &Catalog, c: &Credential) -> Option<Value> {
    if c.cip.is_empty() || c.summary.trim().is_empty() {
        return None;
    }
    let provider = *c.offered_by.first().or(c.owned_by.first())?;
    let url = cat.config.url(&urls::credential(c));
    let mut n = Map::new();
    n.insert("@context".into(), json!("https://schema.org"));
    n.insert("@type".into(), json!("Course"));
    n.insert("@id".into(), json!(format!("{url}#course")));
    n.insert("name".into(), json!(c.name));
    n.insert("description".into(), json!(c.summary));
    n.insert("url".into(), json!(url));
    n.insert("provider".into(), org_ref(cat, provider));
    n.insert("inLanguage".into(), json!(c.language));
    n.insert(
        "educationalCredentialAwarded".into(),
        json!({ "@id": format!("{url}#credential") }),
    );
    n.insert(
        "about".into(),
        json!(c
            .cip
            .iter()
            .map(|code| json!({
                "@type": "DefinedTerm",
                "termCode": code,
                "inDefinedTermSet": "https://nces.ed.gov/ipeds/cipcode/Default.aspx?y=56",
            }))
            .collect::<Vec<_>>()),
    );
    if !c.costs.is_empty() {
        let free = c.cost_to_earn().is_some_and(|(total, _)| total == 0.0);
        let category = if free { "Free" } else { "Paid" };
        n.insert(
            "offers".into(),
            json!(c.costs.iter().map(|k| json!({
                "@type": "Offer",
                "category": category,
                "price": k.amount,
                "priceCurrency": k.currency,
                "description": if k.description.is_empty() { k.kind.label() } else { k.description.as_str() },
            })).collect::<Vec<_>>()),
        );
    }
    let workload = c
        .estimated_hours
        .map(ctdl::hours_iso)
        .or_else(|| c.duration.as_ref().map(|d| d.iso.clone()));
    if let (false, Some(workload)) = (c.delivery.is_empty(), workload) {
        let mut modes: Vec<&str> = c.delivery.iter().map(|d| course_mode(*d)).collect();
        modes.dedup();
        n.insert(
            "hasCourseInstance".into(),
            json!([{ "@type": "CourseInstance", "courseMode": modes, "courseWorkload": workload }]),
        );
    }
    Some(Value::Object(n))
}

fn absolute(cat: &Catalog, src: &str) -> String {
    if src.starts_with('/') && !src.starts_with("//") {
        cat.config.url(src)
    } else {
        src.to_string()
    }
}

pub fn credential(cat: &Catalog, c: &Credential) -> Value {
    let url = cat.config.url(&urls::credential(c));
    let mut n = Map::new();
    n.insert("@context".into(), json!("https://schema.org"));
    n.insert("@type".into(), json!("EducationalOccupationalCredential"));
    n.insert("@id".into(), json!(format!("{url}#credential")));
    n.insert("name".into(), json!(c.name));
    n.insert("description".into(), json!(c.summary));
    n.insert("url".into(), json!(url));
    n.insert(
        "identifier".into(),
        json!({ "@type": "PropertyValue", "propertyID": "CTID", "value": c.ctid.0 }),
    );
    n.insert("sameAs".into(), json!(ctdl::resource_uri(cat, &c.ctid)));
    n.insert(
        "credentialCategory".into(),
        json!({
            "@type": "DefinedTerm",
            "name": c.kind.label(),
            "termCode": c.kind.key(),
            "inDefinedTermSet": "https://credreg.net/ctdl/terms/Credential",
        }),
    );
    n.insert("inLanguage".into(), json!(c.language));
    let mut seen = Vec::new();
    let competencies: Vec<Value> = c
        .competencies
        .iter()
        .filter(|k| {
            let first = !seen.contains(*k);
            seen.push(**k);
            first
        })
        .map(|id| {
            let k = cat.competency(*id);
            let f = cat.framework(k.framework);
            // The statement is on the competency's page (`url`) and in its CTDL; repeated
            // here it was a third of this node on a page certifying several competencies.
            json!({
                "@type": "DefinedTerm",
                "name": k.label,
                "termCode": k.code,
                "url": cat.config.url(&urls::competency(cat, k)),
                "inDefinedTermSet": cat.config.url(&urls::framework(f)),
            })
        })
        .collect();
    if !competencies.is_empty() {
        n.insert("competencyRequired".into(), json!(competencies));
    }
    if !c.audience_levels.is_empty() {
        n.insert(
            "educationalLevel".into(),
            json!(c
                .audience_levels
                .iter()
                .map(|l| l.label())
                .collect::<Vec<_>>()),
        );
    }
    if !c.accredited_by.is_empty() {
        n.insert(
            "recognizedBy".into(),
            json!(c
                .accredited_by
                .iter()
                .map(|o| org_ref(cat, *o))
                .collect::<Vec<_>>()),
        );
    }
    if !c.owned_by.is_empty() {
        n.insert(
            "publisher".into(),
            json!(c
                .owned_by
                .iter()
                .map(|o| org_ref(cat, *o))
                .collect::<Vec<_>>()),
        );
    }
    if !c.costs.is_empty() {
        // Each offer names its organizations by the `@id` of their own pages' nodes, not
        // again in full: a credential with four costs once carried four copies of each.
        let offered_by: Vec<Value> = c
            .offered_by
            .iter()
            .map(|o| json!({ "@id": org_id(cat, cat.organization(*o)) }))
            .collect();
        let offers: Vec<Value> = c
            .costs
            .iter()
            .map(|k| {
                json!({
                    "@type": "Offer",
                    "category": k.kind.label(),
                    "description": if k.description.is_empty() { k.kind.label() } else { k.description.as_str() },
                    "price": k.amount,
                    "priceCurrency": k.currency,
                    "offeredBy": offered_by,
                })
            })
            .collect();
        n.insert("offers".into(), json!(offers));
    }
    let time = c
        .duration
        .as_ref()
        .map(|d| d.iso.clone())
        .or_else(|| c.estimated_hours.map(ctdl::hours_iso));
    if let Some(t) = time {
        n.insert("timeRequired".into(), json!(t));
    }
    if !c.keywords.is_empty() {
        n.insert("keywords".into(), json!(c.keywords.join(", ")));
    }
    if let Some(img) = &c.image {
        n.insert("image".into(), json!(absolute(cat, img)));
    }
    if let Some(d) = c.date_effective {
        n.insert("datePublished".into(), json!(d.to_string()));
    }
    if let Some(v) = &c.version {
        n.insert("version".into(), json!(v.identifier));
    }
    if !c.occupations.is_empty() {
        n.insert(
            "about".into(),
            json!(c
                .occupations
                .iter()
                .map(|o| json!({ "@type": "Occupation", "name": o.title, "occupationalCategory": o.code }))
                .collect::<Vec<_>>()),
        );
    }
    n.insert(
        "subjectOf".into(),
        json!({
            "@type": "CreativeWork",
            "name": format!("{} (Open Badges 3.0 achievement)", c.name),
            "url": cat.config.url(&achievement::path(c)),
            "encodingFormat": "application/json",
        }),
    );
    Value::Object(n)
}

/// The `@id` of an organization's node on its own page.
fn org_id(cat: &Catalog, o: &Organization) -> String {
    format!("{}#organization", cat.config.url(&urls::organization(o)))
}

pub fn organization(cat: &Catalog, o: &Organization) -> Value {
    let kind = match o.kind {
        OrgKind::College | OrgKind::University => "CollegeOrUniversity",
        OrgKind::Government => "GovernmentOrganization",
        _ => "Organization",
    };
    let mut n = Map::new();
    n.insert("@context".into(), json!("https://schema.org"));
    n.insert("@type".into(), json!(kind));
    n.insert("@id".into(), json!(org_id(cat, o)));
    n.insert("name".into(), json!(o.name));
    n.insert("url".into(), json!(o.url));
    if !o.summary.is_empty() {
        n.insert("description".into(), json!(o.summary));
    }
    n.insert(
        "identifier".into(),
        json!({ "@type": "PropertyValue", "propertyID": "CTID", "value": o.ctid.0 }),
    );
    n.insert("sameAs".into(), json!(ctdl::resource_uri(cat, &o.ctid)));
    if let Some(e) = &o.email {
        n.insert("email".into(), json!(e));
    }
    if let Some(l) = &o.logo {
        n.insert("logo".into(), json!(absolute(cat, l)));
    }
    if let Some(l) = &o.location {
        let mut a = Map::new();
        a.insert("@type".into(), json!("PostalAddress"));
        if !l.city.is_empty() {
            a.insert("addressLocality".into(), json!(l.city));
        }
        if !l.region.is_empty() {
            a.insert("addressRegion".into(), json!(l.region));
        }
        if let Some(c) = &l.country {
            a.insert("addressCountry".into(), json!(c));
        }
        n.insert("address".into(), Value::Object(a));
    }
    Value::Object(n)
}

/// An `ItemList` of the credentials on page `n` of the credential list (the home page is
/// page 1), each at its position on the page: a position in the whole list would change
/// on every page after a renamed credential's old or new place.
pub fn list_page(cat: &Catalog, derived: &Derived, n: usize) -> Value {
    let ids = derived.listing.page(n);
    json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": cat.config.title,
        "url": cat.config.url(&pages::listing_path(derived, n)),
        "numberOfItems": ids.len(),
        "itemListElement": ids.iter().enumerate().map(|(i, id)| {
            let c = cat.credential(*id);
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "url": cat.config.url(&urls::credential(c)),
                "name": c.name,
            })
        }).collect::<Vec<_>>(),
    })
}

/// schema.org for the occupation, industry and program pages: an `Occupation` (with its O*NET-SOC code) on an
/// occupation page, an `ItemList` of the credentials listed on every code page, and a
/// `BreadcrumbList` matching the visible breadcrumb of group and code pages.
fn code_page(cat: &Catalog, derived: &Derived, page: Page) -> Option<Value> {
    match page {
        Page::CodeGroup(kind, g) => {
            let group = &derived.explore.list(kind).groups[g as usize];
            Some(breadcrumbs(
                cat,
                &[
                    (kind.plural(), urls::code_index(kind)),
                    (&group.title, urls::code_group(kind, &group.key)),
                ],
            ))
        }
        Page::Code(kind, i, page_n) => {
            let list = derived.explore.list(kind);
            let code = &list.codes[i as usize];
            let group = &list.groups[code.group as usize];
            let path = urls::code_page(kind, &code.slug, page_n as usize);
            let first = (page_n as usize - 1) * CODE_PAGE_SIZE;
            let items: Vec<Value> = code
                .page(page_n as usize)
                .into_iter()
                .enumerate()
                .map(|(n, (_, id))| {
                    let c = cat.credential(id);
                    json!({
                        "@type": "ListItem",
                        "position": first + n + 1,
                        "url": cat.config.url(&urls::credential(c)),
                        "name": c.name,
                    })
                })
                .collect();
            let list_value = json!({
                "@context": "https://schema.org",
                "@type": "ItemList",
                "name": format!("Credentials for {}", code.title),
                "numberOfItems": code.credentials.len(),
                "itemListElement": items,
            });
            let crumbs = breadcrumbs(
                cat,
                &[
                    (kind.plural(), urls::code_index(kind)),
                    (&group.title, urls::code_group(kind, &group.key)),
                    (&code.title, path.clone()),
                ],
            );
            let mut all = vec![list_value, crumbs];
            if kind == CodeKind::Occupation {
                all.insert(
                    0,
                    json!({
                        "@context": "https://schema.org",
                        "@type": "Occupation",
                        "name": code.title,
                        "url": cat.config.url(&urls::code(kind, &code.slug)),
                        "occupationalCategory": {
                            "@type": "CategoryCode",
                            "codeValue": code.code,
                            "inCodeSet": {
                                "@type": "CategoryCodeSet",
                                "name": "O*NET-SOC",
                                "url": "https://www.onetcenter.org/taxonomy.html",
                            },
                        },
                    }),
                );
            }
            Some(Value::Array(all))
        }
        _ => None,
    }
}
