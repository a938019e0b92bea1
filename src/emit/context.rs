//! What every page's template context is built from, by each emitter that renders pages
//! (`html`, `explore`, `outcomes`, `badges`): the page's head and the site, and the pieces
//! lists are made of (links to credentials, organizations and competencies, money, as
//! search's result cards show it too, and pagination). A list of credentials cut into pages
//! of its own is shown by its index ([`long_list_or_links`]), and [`list_deps`] says what
//! that depends on, beside it.

use serde_json::{json, Value};

use super::pages::long_list_path;
use super::{urls, Entity};
use crate::derive::long_lists::Owner;
use crate::derive::Derived;
use crate::model::*;

/// What a page's `<head>` and chrome need besides the site: its place, title and twins.
pub struct PageHead<'a> {
    /// Site path of the page's folder (or file, for 404.html).
    pub path: &'a str,
    pub title: String,
    pub description: String,
    pub schema_org: Option<Value>,
    pub ctdl_url: Option<String>,
    /// `<meta name="robots">`, when the page must not be indexed as usual.
    pub robots: Option<&'static str>,
}

/// The template context every page gets: `data` (the page's own), `site` and `page`.
///
/// Made with `Context::from_value`, which takes the tree as it is: `Context::insert`
/// serializes a value into a copy (3 % of a 10,000-credential build's CPU under perf).
pub fn page_context(cat: &Catalog, head: PageHead, data: Value) -> tera::Context {
    // Built by moving, not with `json!`, which serializes each value it is given anew.
    let mut page = serde_json::Map::new();
    page.insert("path".into(), json!(head.path));
    page.insert("url".into(), json!(urls::link(cat, head.path)));
    page.insert("canonical".into(), json!(cat.config.url(head.path)));
    page.insert("ctdl_url".into(), json!(head.ctdl_url));
    page.insert("robots".into(), json!(head.robots));
    page.insert("title".into(), Value::String(head.title));
    page.insert("description".into(), Value::String(head.description));
    page.insert("schema_org".into(), head.schema_org.unwrap_or(Value::Null));
    let mut context = serde_json::Map::new();
    context.insert("data".into(), data);
    context.insert("site".into(), site(cat));
    context.insert("page".into(), Value::Object(page));
    // Only a value that is not an object is refused, and this one is.
    tera::Context::from_value(Value::Object(context)).unwrap_or_default()
}

/// What every page shows about the site.
fn site(cat: &Catalog) -> Value {
    let publisher = cat.publisher.map(|p| {
        let o = cat.organization(p);
        json!({ "name": o.name, "url": o.url, "page": urls::link(cat, &urls::organization(o)) })
    });
    json!({
        "title": cat.config.title,
        "description": cat.config.description,
        "language": cat.config.language,
        "base_url": cat.config.base_url,
        "base": cat.config.base_path(),
        "publisher": publisher,
        "search_index": urls::link(cat, urls::SEARCH),
        // The verify page is built only for a catalog that awards badges (adding the first
        // award rebuilds every page).
        "verify": !cat.awards.is_empty(),
        // Free pages with `nav = true`, in their order.
        "nav": cat.nav_pages().iter().map(|p| json!({
            "title": p.title,
            "url": urls::link(cat, &urls::free_page(p)),
        })).collect::<Vec<_>>(),
        "extra": cat.config.extra.to_json(),
    })
}

/// What a list shows of a credential: its name, address, type and status.
pub fn cred_link(cat: &Catalog, id: CredentialId) -> Value {
    let c = cat.credential(id);
    object!({
        "name": c.name.as_str(),
        "url": urls::link(cat, &urls::credential(c)),
        "kind": c.kind.label(),
        "family": c.kind.family(),
        "status": c.status.key(),
        "status_label": c.status.label(),
    })
}

/// Links to `ids`, by name, once each.
fn cred_links(cat: &Catalog, derived: &Derived, ids: &[CredentialId]) -> Vec<Value> {
    let ids = derived.listing.sorted(ids);
    ids.into_iter().map(|id| cred_link(cat, id)).collect()
}

/// A list of credentials as a page shows it: all its links, or, when the list is cut into
/// pages of its own, none and the index of those pages (each page's address, first and last
/// name, and length).
pub fn long_list_or_links(
    cat: &Catalog,
    derived: &Derived,
    owner: Owner,
    ids: &[CredentialId],
) -> (Value, Value) {
    let Some((i, list)) = derived.long_lists.of(owner) else {
        return (json!(cred_links(cat, derived, ids)), Value::Null);
    };
    let pages: Vec<Value> = list
        .ranges
        .iter()
        .enumerate()
        .map(|(r, range)| {
            let (first, last) = first_and_last(cat, &range.ids);
            json!({
                "url": urls::link(cat, &long_list_path(cat, &derived.long_lists.lists[i as usize], r as u32)),
                "first": first,
                "last": last,
                "count": range.ids.len(),
            })
        })
        .collect();
    (json!([]), json!(pages))
}

/// What a page shows of a list of credentials: every link, or for a list cut into pages, the
/// first and last names of each page (its index).
pub fn list_deps(derived: &Derived, owner: Owner, ids: &[CredentialId]) -> Vec<Entity> {
    match derived.long_lists.of(owner) {
        Some((_, list)) => list
            .ranges
            .iter()
            .flat_map(|r| [r.ids[0], r.ids[r.ids.len() - 1]])
            .map(Entity::CredentialLink)
            .collect(),
        None => ids.iter().map(|c| Entity::CredentialLink(*c)).collect(),
    }
}

/// The names a page of credentials runs from and to.
pub fn first_and_last<'c>(cat: &'c Catalog, ids: &[CredentialId]) -> (&'c str, &'c str) {
    let name = |id: Option<&CredentialId>| id.map_or("", |id| cat.credential(*id).name.as_str());
    (name(ids.first()), name(ids.last()))
}

/// What a list shows of organizations: name, address and kind.
pub fn org_links(cat: &Catalog, ids: &[OrgId]) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            let o = cat.organization(*id);
            object!({ "name": o.name.as_str(), "url": urls::link(cat, &urls::organization(o)), "kind": o.kind.label() })
        })
        .collect()
}

/// What a list shows of a competency: its code, label, statement, level and framework.
pub fn comp_link(cat: &Catalog, id: CompetencyId) -> Value {
    let k = cat.competency(id);
    let f = cat.framework(k.framework);
    object!({
        "code": k.code.as_str(),
        "label": k.label.as_str(),
        "skill": k.skill.as_str(),
        "statement": k.statement.as_str(),
        "url": urls::link(cat, &urls::competency(cat, k)),
        "framework": f.name.as_str(),
        "framework_url": urls::link(cat, &urls::framework(f)),
        "level": k.level.and_then(|l| f.levels.get(l)).map(|l| l.name.as_str()),
    })
}

/// The `pagination` a paged list's templates get (`partials/macros.html`): previous, next,
/// the first and last pages and those near `current`, a gap standing for the rest.
pub fn page_links(
    total: usize,
    current: usize,
    per_page: usize,
    url: impl Fn(usize) -> String,
) -> Value {
    let mut numbers: Vec<Value> = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        let near = n == 1 || n == total || n.abs_diff(current) <= 2;
        if !near {
            continue;
        }
        if n > last_shown + 1 {
            numbers.push(json!({ "gap": true }));
        }
        numbers.push(json!({ "number": n, "url": url(n), "current": n == current }));
        last_shown = n;
    }
    json!({
        "current": current,
        "total": total,
        "per_page": per_page,
        "prev": (current > 1).then(|| url(current - 1)),
        "next": (current < total).then(|| url(current + 1)),
        "pages": numbers,
    })
}

/// `$149.00`, `€80.00`, or `149.00 MXN` for currencies without a common sign.
pub fn money(amount: f64, currency: &str) -> String {
    let sign = match currency {
        "USD" | "CAD" | "AUD" | "NZD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => "",
    };
    let n = if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    };
    let n = group_thousands(&n);
    if sign.is_empty() {
        format!("{n} {currency}")
    } else if currency == "USD" || currency == "EUR" || currency == "GBP" {
        format!("{sign}{n}")
    } else {
        format!("{sign}{n} {currency}")
    }
}

fn group_thousands(n: &str) -> String {
    let (int, frac) = n.split_once('.').map_or((n, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}
