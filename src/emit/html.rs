//! The HTML pages: home, one page per credential, framework, competency, organization and
//! pathway, the employer skills index and the 404 page.
//!
//! Each page's template context is built from only what that page shows (a credential page
//! gets its credential and the names and links of its neighbours, never the whole catalog),
//! so rendering is parallel and memory stays flat as the catalog grows.

use rayon::prelude::*;
use serde_json::{json, Value};

use super::context::{
    comp_link, cred_link, first_and_last, long_list_or_links, money, org_links, page_context,
    page_links, PageHead,
};
use super::memo::Fragment;
use super::pages::{
    chrome_changed, drawn_stacks, listing_path, long_list_path, output_file, page_path, pages,
    wanted, Page, RULE_PAGES,
};
use super::{urls, Ctx, EmitError, Entity, OutFile, Scope};
use crate::derive::directory::{Entry, Section};
use crate::derive::explore::CodeKind;
use crate::derive::long_lists::{offered, Owner};
use crate::derive::Derived;
use crate::model::*;

/// Whether stack `i` is too large for one page: its credentials are listed on pages of
/// their own, by name.
fn cut_stack(derived: &Derived, i: u32) -> bool {
    let h = derived.stacks.list[i as usize].headline;
    derived.long_lists.of(Owner::Stack(h)).is_some()
}

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    // A rebuild already knows its pages: the affected ones and the pages [`wanted`] rules on.
    let pages = match ctx.scope {
        Scope::Changed(changes) if !chrome_changed(ctx) => {
            let mut v = RULE_PAGES.to_vec();
            v.extend(changes.pages.iter().copied());
            v
        }
        _ => pages(ctx.catalog, ctx.derived),
    };
    ctx.deliver(
        pages
            .par_iter()
            .filter(|p| wanted(ctx, **p))
            .map(|p| render_timed(ctx, *p)),
    )
}

/// [`render`], naming on stderr a rebuild's pages slower than 5 ms when `CREDCAT_TIMINGS` is
/// set: what a slow rebuild spends its time on.
fn render_timed(ctx: &Ctx, page: Page) -> Result<OutFile, EmitError> {
    static TIMINGS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let timings = *TIMINGS.get_or_init(|| std::env::var_os("CREDCAT_TIMINGS").is_some());
    if !timings || ctx.scope.is_all() {
        return render(ctx, page);
    }
    let start = std::time::Instant::now();
    let file = render(ctx, page);
    let took = start.elapsed();
    if took > std::time::Duration::from_millis(5) {
        let path = page_path(ctx.catalog, ctx.derived, page);
        eprintln!("          slow page: {path} {took:.1?}");
    }
    file
}

pub fn render(ctx: &Ctx, page: Page) -> Result<OutFile, EmitError> {
    let cat = ctx.catalog;
    let path = page_path(cat, ctx.derived, page);
    let mut splices = Splices::default();
    let (template, title, description, data) = match page {
        Page::Home => (
            "index.html",
            cat.config.title.clone(),
            cat.config.description.clone(),
            home(ctx, &mut splices)?,
        ),
        Page::Listing(n) => {
            let (title, description, data) = listing(ctx, n as usize, &mut splices)?;
            ("listing.html", title, description, data)
        }
        Page::Skills => (
            "skills.html",
            "Skills index".to_string(),
            format!(
                "Every skill certified by {}, grouped for employers.",
                cat.config.title
            ),
            skills(ctx),
        ),
        Page::SkillArea(i) => {
            let area = &ctx.derived.skills.categories[i as usize];
            (
                "skill_area.html",
                format!("Skills: {}", area.name),
                format!(
                    "Skills in {} certified by {}, and the credentials that prove them.",
                    area.name, cat.config.title
                ),
                skill_area(ctx, area, &mut splices)?,
            )
        }
        Page::NotFound => (
            "404.html",
            "Page not found".to_string(),
            String::new(),
            json!({}),
        ),
        Page::Credential(id) => {
            let c = cat.credential(id);
            (
                "credential.html",
                c.name.clone(),
                c.summary.clone(),
                credential(ctx, c),
            )
        }
        Page::Framework(id) => {
            let f = cat.framework(id);
            (
                "framework.html",
                f.name.clone(),
                f.summary.clone(),
                framework(cat, ctx.derived, f),
            )
        }
        Page::Competency(id) => {
            let k = cat.competency(id);
            (
                "competency.html",
                format!("{} {}", k.code, k.label),
                k.statement.clone(),
                competency(cat, ctx.derived, k),
            )
        }
        Page::Organization(id) => {
            let o = cat.organization(id);
            (
                "organization.html",
                o.name.clone(),
                o.summary.clone(),
                organization(cat, ctx.derived, o),
            )
        }
        Page::Pathway(id) => {
            let p = cat.pathway(id);
            (
                "pathway.html",
                p.name.clone(),
                p.summary.clone(),
                pathway(ctx, p),
            )
        }
        Page::Map => (
            "map.html",
            "Stack map".to_string(),
            format!(
                "How the credentials of {} build on each other.",
                cat.config.title
            ),
            map_index(ctx),
        ),
        Page::Free(id) => {
            let p = cat.free_page(id);
            (
                p.template.as_str(),
                p.title.clone(),
                p.description.clone(),
                json!({ "slug": p.slug, "content": urls::body_html(ctx.catalog, &p.body_html) }),
            )
        }
        Page::Stack(i) if cut_stack(ctx.derived, i) => {
            // Too large for one page: the index of the pages listing it.
            let s = &ctx.derived.stacks.list[i as usize];
            let title = super::maps::stack_title(cat, s);
            let owner = Owner::Stack(s.headline);
            let (_, pages) = long_list_or_links(cat, ctx.derived, owner, &s.members);
            (
                "stack.html",
                title.clone(),
                format!(
                    "{} credentials of {} that build on each other.",
                    s.members.len(),
                    cat.config.title
                ),
                json!({ "title": title, "pages": pages, "count": s.members.len() }),
            )
        }
        Page::Stack(i) => {
            let s = super::maps::stack_map(
                cat,
                &ctx.derived.stack,
                &ctx.derived.stacks.list[i as usize],
            );
            (
                "stack.html",
                s.title.clone(),
                format!(
                    "{} credentials of {} that build on each other.",
                    s.map.nodes.len(),
                    cat.config.title
                ),
                json!({ "id": s.id, "title": s.title, "map_svg": s.map.svg, "map_steps": s.map.steps }),
            )
        }
        Page::LongList(i, r) => long_list(ctx, i, r),
        Page::Directory(section, n) => {
            let title = match n {
                1 => section.title().to_string(),
                n => format!("{}, page {n}", section.title()),
            };
            (
                "directory.html",
                title,
                match section {
                    Section::Stacks => format!(
                        "Every stack of {}, largest first, and every credential in none.",
                        cat.config.title
                    ),
                    s => format!(
                        "Every {} of {}, by name.",
                        section_noun(s),
                        cat.config.title
                    ),
                },
                directory(ctx, section, n as usize, &mut splices)?,
            )
        }
        Page::CodeIndex(_) | Page::CodeGroup(..) | Page::Code(..) | Page::Plan | Page::Compare => {
            let (template, title, description, data) = super::explore::render_parts(ctx, page)
                .unwrap_or_else(|| unreachable!("explore renders its own pages"));
            (template, title, description, data)
        }
    };
    let twin = super::pages::document(cat, ctx.derived, page);
    let head = PageHead {
        path: &path,
        title,
        description,
        // Machine-readable twins of the page (see emit::schema_org and emit::ctdl).
        schema_org: super::schema_org::for_page(cat, ctx.derived, page),
        ctdl_url: twin.map(|p| urls::link(cat, &p)),
        robots: None,
    };
    let context = page_context(cat, head, data);
    let html = super::templates::render(ctx.tera, template, &context)?;
    let html = splices.apply(html);
    Ok(OutFile::new(output_file(path), html))
}

fn pathway_links(cat: &Catalog, ids: &[PathwayId]) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            let p = cat.pathway(*id);
            json!({ "name": p.name, "url": urls::link(cat, &urls::pathway(p)) })
        })
        .collect()
}

/// A card in a list of credentials, with the data attributes the home page filters on.
fn card(cat: &Catalog, c: &Credential) -> Value {
    let entry = crate::derive::search::entry(cat, c);
    json!({
        "slug": c.slug,
        "name": c.name,
        "url": urls::link(cat, &urls::credential(c)),
        "summary": c.summary,
        "kind": c.kind.label(),
        "family": c.kind.family(),
        "status": c.status.key(),
        "status_label": c.status.label(),
        "levels": c.audience_levels.iter().map(|l| l.label()).collect::<Vec<_>>(),
        "level_keys": c.audience_levels.iter().map(|l| l.key()).collect::<Vec<_>>().join(" "),
        "delivery": c.delivery.iter().map(|d| d.label()).collect::<Vec<_>>(),
        "delivery_keys": c.delivery.iter().map(|d| d.key()).collect::<Vec<_>>().join(" "),
        "industries": c.industries.iter().map(|i| crate::load::markdown::slugify(&i.title)).collect::<Vec<_>>().join(" "),
        "hours": c.estimated_hours.map(fmt_num),
        "cost": entry.cost.map(|a| money(a, entry.currency.as_deref().unwrap_or(""))),
        "cost_value": entry.cost,
        "skills": c.skills.iter().take(3).collect::<Vec<_>>(),
        "image": c.image.as_deref().map(|i| urls::asset(cat, i)),
    })
}

/// Long runs of pre-rendered fragments (ten thousand home-page cards) are put into the
/// page after rendering, in place of a marker, instead of passing through tera's values and
/// output buffer.
#[derive(Default)]
struct Splices(Vec<(String, String)>);

impl Splices {
    /// Joins the fragments and returns the marker the template prints in their place.
    fn add(&mut self, parts: &[std::sync::Arc<str>]) -> Value {
        let marker = format!("\u{E000}credcat-splice-{}\u{E000}", self.0.len());
        let mut joined = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        for p in parts {
            joined.push_str(p);
        }
        self.0.push((marker.clone(), joined));
        Value::String(marker)
    }

    fn apply(self, mut html: String) -> String {
        for (marker, content) in self.0 {
            html = html.replacen(&marker, &content, 1);
        }
        html
    }
}

/// Renders a small template for one entity, or takes it from the memo when nothing it
/// shows changed since the last rebuild. A page makes its fragments one after another:
/// pages render in parallel already, and most fragments come from the memo, where a hop to
/// another thread costs more than the lookup.
fn fragment(
    ctx: &Ctx,
    kind: Fragment,
    entity: Entity,
    deps: &[Entity],
    template: &str,
    data: impl FnOnce() -> Value,
) -> Result<std::sync::Arc<str>, EmitError> {
    let stale = ctx.scope.wants(deps.iter().copied());
    let html = ctx.memo.get(kind, entity, stale, || {
        let context = tera::Context::from_value(
            json!({ "item": data(), "site": { "base": ctx.catalog.config.base_path() } }),
        )
        .map_err(|e| EmitError::Template {
            template: template.into(),
            message: e.to_string(),
        })?;
        super::templates::render(ctx.tera, template, &context)
    })?;
    Ok(html)
}

fn home(ctx: &Ctx, splices: &mut Splices) -> Result<Value, EmitError> {
    let cat = ctx.catalog;
    let filters = &ctx.derived.filters;
    // The largest of each: the directories list them all.
    let steps = |p: &Pathway| p.stages.iter().map(|s| s.credentials.len()).sum();
    let pathways = largest(&cat.pathways, HOME_PATHWAYS, steps, |p| &p.name);
    let frameworks = largest(&cat.frameworks, HOME_LINKS, |f| f.all.len(), |f| &f.name);
    let size = |o: &Organization| o.owns.len() + o.offers.len();
    let orgs = largest(&cat.organizations, HOME_LINKS, size, |o| &o.name);
    let every = |s: Section| urls::link(cat, &urls::directory(s, 1));
    Ok(json!({
        "cards": cards(ctx, 1, splices)?,
        "pagination": listing_index(ctx),
        "filters": {
            "families": filters.families.iter().map(|k| json!({"key": k, "label": family_label(k)})).collect::<Vec<_>>(),
            "levels": filters.levels.iter().map(|l| json!({"key": l.key(), "label": l.label()})).collect::<Vec<_>>(),
            "delivery": filters.delivery.iter().map(|d| json!({"key": d.key(), "label": d.label()})).collect::<Vec<_>>(),
            "industries": filters.industries.iter().map(|i| json!({"key": crate::load::markdown::slugify(i), "label": i})).collect::<Vec<_>>(),
            // By title; a title two codes share shows each code.
            "occupations": filters.occupations.iter().map(|(t, c)| json!({"key": c, "label": format!("{t} ({c})")})).collect::<Vec<_>>(),
        },
        "pathways": splices.add(&pathway_cards(ctx, &pathways)?),
        "frameworks": framework_links(cat, &frameworks),
        "organizations": splices.add(&org_items(ctx, &orgs)?),
        "shown": { "pathways": pathways.len(), "frameworks": frameworks.len(), "organizations": orgs.len() },
        "directories": {
            "pathways": every(Section::Pathways),
            "frameworks": every(Section::Frameworks),
            "organizations": every(Section::Organizations),
        },
        "counts": {
            "credentials": cat.credentials.len(),
            "skills": cat.competencies.len(),
            "pathways": cat.pathways.len(),
            "organizations": cat.organizations.len(),
            "frameworks": cat.frameworks.len(),
        },
    }))
}

/// Pathway cards on the home page; the directory has them all.
const HOME_PATHWAYS: usize = 6;
/// Framework and organization links on the home page.
const HOME_LINKS: usize = 12;

/// The `n` largest of `items` by `size`, the larger first, ties by name: what the home page
/// shows of a list the directories give whole.
fn largest<T>(
    items: &[T],
    n: usize,
    size: impl Fn(&T) -> usize,
    name: impl Fn(&T) -> &str,
) -> Vec<&T> {
    let mut v: Vec<&T> = items.iter().collect();
    // By name, then (a stable sort) largest first: equal sizes stay in the site's order
    // by name.
    crate::derive::listing::sort_by_name(&mut v, |x| name(x));
    v.sort_by_key(|x| std::cmp::Reverse(size(x)));
    v.truncate(n);
    v
}

/// One thing of a section, in a sentence.
fn section_noun(section: Section) -> &'static str {
    match section {
        Section::Pathways => "pathway",
        Section::Organizations => "organization",
        Section::Frameworks => "competency framework",
        Section::Stacks => "stack",
    }
}

/// Page `n` of a directory.
fn directory(
    ctx: &Ctx,
    section: Section,
    n: usize,
    splices: &mut Splices,
) -> Result<Value, EmitError> {
    let (cat, dirs) = (ctx.catalog, &ctx.derived.directories);
    let entries = dirs.page(section, n);
    let total = dirs.entries(section).len();
    let first = (n - 1) * crate::derive::directory::PER_PAGE;
    let mut data = json!({
        "section": format!("{section:?}").to_lowercase(),
        "heading": section.title(),
        "total": total,
        "from": first + 1,
        "to": first + entries.len(),
        "pagination": directory_pagination(ctx, section, n),
        "nav_label": format!("Pages of {}", section.title().to_lowercase()),
        "cards": null, "links": null, "frameworks": [], "stacks": [], "alone": [],
    });
    match section {
        Section::Pathways => {
            let items: Vec<&Pathway> = entries
                .iter()
                .filter_map(|e| e.pathway().map(|p| cat.pathway(p)))
                .collect();
            data["cards"] = splices.add(&pathway_cards(ctx, &items)?);
        }
        Section::Organizations => {
            let items: Vec<&Organization> = entries
                .iter()
                .filter_map(|e| e.organization().map(|o| cat.organization(o)))
                .collect();
            data["links"] = splices.add(&org_items(ctx, &items)?);
        }
        Section::Frameworks => {
            let items: Vec<&Framework> = entries
                .iter()
                .filter_map(|e| e.framework().map(|f| cat.framework(f)))
                .collect();
            data["frameworks"] = framework_links(cat, &items);
        }
        Section::Stacks => {
            let (stacks, alone) = stack_lines(ctx, entries);
            data["stacks"] = stacks;
            data["alone"] = alone;
        }
    }
    Ok(data)
}

/// Links between the pages of a directory.
fn directory_pagination(ctx: &Ctx, section: Section, n: usize) -> Value {
    let cat = ctx.catalog;
    page_links(
        ctx.derived.directories.pages(section),
        n,
        crate::derive::directory::PER_PAGE,
        |k| urls::link(cat, &urls::directory(section, k)),
    )
}

fn framework_links(cat: &Catalog, frameworks: &[&Framework]) -> Value {
    frameworks
        .iter()
        .map(|f| json!({ "name": f.name, "url": urls::link(cat, &urls::framework(f)), "count": f.all.len() }))
        .collect()
}

/// A page of the stack directory as its template lists it: the stacks, then the
/// credentials that stand alone.
fn stack_lines(ctx: &Ctx, entries: &[Entry]) -> (Value, Value) {
    let cat = ctx.catalog;
    let mut stacks = Vec::new();
    let mut alone = Vec::new();
    for e in entries {
        match e {
            Entry::Stack(i, size) => {
                let top = cat.credential(ctx.derived.stacks.list[*i as usize].headline);
                stacks.push(json!({
                    "name": top.name,
                    "kind": top.kind.label(),
                    "url": urls::link(cat, &urls::stack(top)),
                    "size": size,
                }));
            }
            Entry::Alone(c) => alone.push(cred_link(cat, *c)),
            _ => {}
        }
    }
    (Value::Array(stacks), Value::Array(alone))
}

/// The home page's pathway cards: rendered again only when the pathway or the name of its
/// destination changed, since the home page itself is rendered on every edit.
fn pathway_cards(ctx: &Ctx, pathways: &[&Pathway]) -> Result<Vec<std::sync::Arc<str>>, EmitError> {
    let cat = ctx.catalog;
    pathways
        .iter()
        .map(|p| {
            let (e, deps) = (
                Entity::Pathway(p.id),
                [Entity::Pathway(p.id), Entity::CredentialLink(p.destination)],
            );
            fragment(ctx, Fragment::HomeEntry, e, &deps, "partials/pathway_card.html", || {
                json!({
                    "name": p.name, "summary": p.summary, "url": urls::link(cat, &urls::pathway(p)),
                    "destination": cred_link(cat, p.destination),
                    "steps": p.stages.iter().map(|s| s.credentials.len()).sum::<usize>(),
                })
            })
        })
        .collect()
}

/// The home page's organization links, kept like [`pathway_cards`].
fn org_items(ctx: &Ctx, orgs: &[&Organization]) -> Result<Vec<std::sync::Arc<str>>, EmitError> {
    let cat = ctx.catalog;
    orgs.iter()
        .map(|o| {
            let e = Entity::Organization(o.id);
            fragment(ctx, Fragment::HomeEntry, e, &[e], "partials/org_item.html", || {
                json!({
                    "name": o.name, "url": urls::link(cat, &urls::organization(o)), "kind": o.kind.label(),
                })
            })
        })
        .collect()
}

/// Page `n` of the credential list (2 and up; the home page is page 1). It links to the
/// pages before and after it and to the home page's index, and shows nothing else that
/// changes with other pages (no page numbers, no total of pages), so that a rename renders
/// again only the pages it changes (`derive::listing`).
/// Its title and description come with its data: all three name the names it runs from
/// and to.
fn listing(
    ctx: &Ctx,
    n: usize,
    splices: &mut Splices,
) -> Result<(String, String, Value), EmitError> {
    let cat = ctx.catalog;
    let (first, last) = first_and_last(cat, ctx.derived.listing.page(n));
    let title = format!("Credentials: {first} to {last}");
    let description = format!(
        "Credentials of {} by name, {first} to {last}.",
        cat.config.title
    );
    let data = json!({
        "cards": cards(ctx, n, splices)?,
        "count": cat.credentials.len(),
        "first": first,
        "last": last,
        "prev": listing_link(ctx, n - 1),
        "next": listing_link(ctx, n + 1),
        "index": format!("{}#credential-pages", urls::link(cat, "")),
    });
    Ok((title, description, data))
}

/// The link to page `n` of the credential list, when there is one.
fn listing_link(ctx: &Ctx, n: usize) -> Option<String> {
    let exists = n >= 1 && n <= ctx.derived.listing.pages();
    exists.then(|| urls::link(ctx.catalog, &listing_path(ctx.derived, n)))
}

/// The cards of page `n` of the credential list, spliced in after rendering.
fn cards(ctx: &Ctx, n: usize, splices: &mut Splices) -> Result<Value, EmitError> {
    let cat = ctx.catalog;
    let cards = ctx
        .derived
        .listing
        .page(n)
        .iter()
        .map(|id| {
            let e = Entity::Credential(*id);
            fragment(ctx, Fragment::Card, e, &[e], "partials/card.html", || {
                card(cat, cat.credential(*id))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(splices.add(&cards))
}

/// The home page's index of the credential list's pages: how many there are, the next one,
/// and each first letter of the names with the first page listing a name that starts with
/// it (the home page itself for the letters on it).
fn listing_index(ctx: &Ctx) -> Value {
    let listing = &ctx.derived.listing;
    let initials: Vec<Value> = listing
        .initials
        .iter()
        .map(|(c, n)| {
            let url = match n {
                1 => format!("{}#credential-list", urls::link(ctx.catalog, "")),
                n => urls::link(ctx.catalog, &listing_path(ctx.derived, *n)),
            };
            json!({ "label": c.to_uppercase().to_string(), "url": url })
        })
        .collect();
    json!({
        "total": listing.pages(),
        "per_page": listing.per_page,
        "next": listing_link(ctx, 2),
        "initials": initials,
    })
}

fn family_label(family: &str) -> &'static str {
    match family {
        "badge" => "Badges",
        "micro" => "Micro-credentials",
        "certificate" => "Certificates",
        "certification" => "Certifications & licenses",
        _ => "Degrees & diplomas",
    }
}

fn pct(x: Option<f64>) -> Option<String> {
    x.map(|v| format!("{}%", fmt_num((v * 1000.0).round() / 10.0)))
}

fn credential(ctx: &Ctx, c: &Credential) -> Value {
    let cat = ctx.catalog;
    let (map_svg, map_steps) = match super::maps::credential_map(cat, &ctx.derived.stack, c.id) {
        Some(m) => (Some(m.svg), json!(m.steps)),
        None => (None, Value::Null),
    };
    let mut comps = c.competencies.clone();
    comps.dedup();
    let total = c
        .cost_to_earn()
        .map(|(amount, currency)| money(amount, currency));
    let supersedes = c.supersedes.as_ref().map(|s| match s {
        SupersededRef::InCatalog(id) => cred_link(cat, *id),
        SupersededRef::External(ctid) => json!({ "name": ctid.0, "url": Value::Null }),
    });
    let mut v = object!({
        "slug": c.slug.as_str(),
        "name": c.name.as_str(),
        "ctid": json!(c.ctid),
        "kind": c.kind.label(),
        "family": c.kind.family(),
        "status": c.status.key(),
        "status_label": c.status.label(),
        "language": json!(c.language),
        "summary": c.summary.as_str(),
        "description_html": urls::body_html(cat, &c.description_html),
        "skills": json!(c.skills),
        "competencies": comps.iter().map(|k| comp_link(cat, *k)).collect::<Vec<_>>(),
        "keywords": json!(c.keywords),
        "image": c.image.as_deref().map(|i| urls::asset(cat, i)),
        "hours": c.estimated_hours.map(fmt_num),
        "duration": c.duration.as_ref().map(Duration::describe),
        "levels": c.audience_levels.iter().map(|l| l.label()).collect::<Vec<_>>(),
        "delivery": c.delivery.iter().map(|d| d.label()).collect::<Vec<_>>(),
        "owned_by": org_links(cat, &c.owned_by),
        "offered_by": org_links(cat, &c.offered_by),
        "accredited_by": org_links(cat, &c.accredited_by),
        "pathways": pathway_links(cat, &c.in_pathways),
        "date_effective": c.date_effective.map(|d| d.to_string()),
        "assessment": c.assessment.as_ref().map(|a| json!({
            "methods": a.methods.iter().map(|m| m.label()).collect::<Vec<_>>(),
            "description": a.description,
            "rubric": a.rubric,
            "mastery_threshold": a.mastery_threshold,
            "proctored": a.proctored,
            "identity_verified": a.identity_verified,
            "retake_policy": a.retake_policy,
        })),
        "costs": c.costs.iter().map(|k| json!({
            "amount": money(k.amount, k.currency),
            "kind": k.kind.label(),
            "description": k.description,
        })).collect::<Vec<_>>(),
        "total_cost": total,
        "credit": c.credit.as_ref().map(|k| json!({ "value": fmt_num(k.value), "unit": k.unit.label() })),
        "occupations": c.occupations.iter().map(|o| json!({
            "code": o.code, "title": o.title,
            "url": format!("https://www.onetonline.org/link/summary/{}", o.code),
            "page": code_page(cat, CodeKind::Occupation, &o.code),
        })).collect::<Vec<_>>(),
        "industries": c.industries.iter().map(|i| json!({
            "code": i.code, "title": i.title,
            "page": code_page(cat, CodeKind::Industry, &i.code),
        })).collect::<Vec<_>>(),
        "cip": c.cip.iter().map(|code| json!({
            "code": code,
            "page": code_page(cat, CodeKind::Program, code),
            "url": format!("https://nces.ed.gov/ipeds/cipcode/cipdetail.aspx?y=56&cipid={code}"),
        })).collect::<Vec<_>>(),
        "version": c.version.as_ref().map(|v| json!({
            "identifier": v.identifier,
            "history": v.history.iter().map(|h| json!({
                "identifier": h.identifier, "date": h.date.to_string(), "changes": h.changes,
                "bridge": h.bridge,
            })).collect::<Vec<_>>(),
        })),
        "supersedes": supersedes,
        "superseded_by": c.superseded_by.map(|id| cred_link(cat, id)),
        "outcomes": c.outcomes.as_ref().map(|o| json!({
            "holders": o.holders,
            "pass_rate": pct(o.pass_rate),
            "completion_rate": pct(o.completion_rate),
            "employment_rate": pct(o.employment_rate),
            "median_weeks": o.median_weeks_to_complete.map(fmt_num),
            "as_of": o.as_of.to_string(),
        })),
        "map_svg": map_svg,
        "map_steps": map_steps,
        "extras": super::outcomes::credential_extras(cat, c),
        "routes": super::explore::routes_section(cat, ctx.memo, c),
        "compare_url": urls::link(cat, urls::COMPARE),
        "plan_url": urls::link(cat, urls::PLAN),
    });
    // Each list of related credentials, whole, or (a back-reference thousands long) the
    // index of its own pages: `prerequisites`, `prerequisites_pages`, `prerequisites_count`.
    for r in Relation::ALL {
        let (links, pages) =
            long_list_or_links(cat, ctx.derived, Owner::Related(c.id, r), c.related(r));
        v[r.key()] = links;
        v[format!("{}_pages", r.key())] = pages;
        v[format!("{}_count", r.key())] = json!(c.related(r).len());
    }
    v
}

/// The link to the page of a code as content writes it.
fn code_page(cat: &Catalog, kind: CodeKind, code: &str) -> String {
    urls::link(cat, &urls::code(kind, &kind.slug(&kind.normalize(code))))
}

fn competency_tree(cat: &Catalog, derived: &Derived, ids: &[CompetencyId]) -> Vec<Value> {
    ids.iter()
        .map(|id| {
            let k = cat.competency(*id);
            let mut v = comp_link(cat, *id);
            v["category"] = json!(k.category);
            let (links, more) = inline_links(cat, derived, &k.certified_by);
            v["certified_by"] = json!(links);
            v["certified_more"] = json!(more);
            v["children"] = json!(competency_tree(cat, derived, &k.children));
            v
        })
        .collect()
}

fn framework(cat: &Catalog, derived: &Derived, f: &Framework) -> Value {
    json!({
        "name": f.name,
        "ctid": f.ctid,
        "summary": f.summary,
        "description_html": urls::body_html(cat, &f.description_html),
        "source_url": f.source_url,
        "language": f.language,
        "publisher": f.publisher.map(|p| org_links(cat, &[p])),
        "levels": f.levels,
        "competencies": competency_tree(cat, derived, &f.top),
        "count": f.all.len(),
    })
}

fn competency(cat: &Catalog, derived: &Derived, k: &Competency) -> Value {
    let f = cat.framework(k.framework);
    let mut v = comp_link(cat, k.id);
    v["ctid"] = json!(k.ctid);
    v["category"] = json!(k.category);
    v["tasks"] = json!(k.tasks);
    v["level_description"] = json!(k
        .level
        .and_then(|l| f.levels.get(l))
        .map(|l| &l.description));
    v["parent"] = json!(k.parent.map(|p| comp_link(cat, p)));
    v["children"] = json!(k
        .children
        .iter()
        .map(|c| comp_link(cat, *c))
        .collect::<Vec<_>>());
    let (certified_by, pages) =
        long_list_or_links(cat, derived, Owner::Certifies(k.id), &k.certified_by);
    v["certified_by"] = certified_by;
    v["certified_pages"] = pages;
    v["certified_count"] = json!(k.certified_by.len());
    v
}

/// Inline lists of credentials on pages about something else (a framework's tree, a skill
/// area) show this many and link to the whole list.
const INLINE_CREDENTIALS: usize = 10;

/// The first [`INLINE_CREDENTIALS`] of a list by name, and how many are left out.
fn inline_links(cat: &Catalog, derived: &Derived, ids: &[CredentialId]) -> (Vec<Value>, usize) {
    // Sorted by rank, not by name: a competency 60 % of a catalog certifies lists thousands.
    let ids = derived.listing.sorted(ids);
    let shown = ids.len().min(INLINE_CREDENTIALS);
    let links = ids[..shown].iter().map(|id| cred_link(cat, *id)).collect();
    (links, ids.len() - shown)
}

/// One page of a long list: its credentials, the pages before and after it, and its owner.
fn long_list(ctx: &Ctx, i: u32, r: u32) -> (&'static str, String, String, Value) {
    let cat = ctx.catalog;
    let list = &ctx.derived.long_lists.lists[i as usize];
    let range = &list.ranges[r as usize];
    let (owner_name, owner_url, heading) = match list.owner {
        Owner::Certifies(k) => {
            let k = cat.competency(k);
            (
                format!("{} {}", k.code, k.label),
                urls::competency(cat, k),
                "Credentials that certify",
            )
        }
        Owner::Offers(o) => {
            let o = cat.organization(o);
            (o.name.clone(), urls::organization(o), "Credentials of")
        }
        Owner::Accredits(o) => {
            let o = cat.organization(o);
            (
                o.name.clone(),
                urls::organization(o),
                "Credentials accredited by",
            )
        }
        Owner::Related(c, r) => {
            let c = cat.credential(c);
            (c.name.clone(), urls::credential(c), r.heading())
        }
        Owner::Stack(h) => {
            let c = cat.credential(h);
            (
                c.name.clone(),
                urls::stack(c),
                "Credentials in the stack of",
            )
        }
        Owner::WithoutOutcomes => (
            "Outcomes".to_string(),
            urls::OUTCOMES.to_string(),
            "Credentials without outcomes by cohort, from",
        ),
    };
    let (first, last) = first_and_last(cat, &range.ids);
    let near = |r: Option<u32>| {
        r.filter(|r| (*r as usize) < list.ranges.len())
            .map(|r| urls::link(cat, &long_list_path(cat, list, r)))
    };
    let title = format!("{heading} {owner_name}: {first} to {last}");
    let data = json!({
        "heading": heading,
        "owner": { "name": owner_name, "url": urls::link(cat, &owner_url) },
        "first": first,
        "last": last,
        "credentials": range.ids.iter().map(|id| cred_link(cat, *id)).collect::<Vec<_>>(),
        "prev": near(r.checked_sub(1)),
        "next": near(Some(r + 1)),
    });
    let description = format!("{} credentials, {first} to {last}.", range.ids.len());
    ("long_list.html", title, description, data)
}

/// The skills index: every area with how many skills it has.
fn skills(ctx: &Ctx) -> Value {
    let cat = ctx.catalog;
    let areas: Vec<Value> = ctx
        .derived
        .skills
        .categories
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "slug": c.slug,
                "url": urls::link(cat, &urls::skill_area(&c.slug)),
                "count": c.competencies.len(),
            })
        })
        .collect();
    json!({ "categories": areas })
}

/// One skill area: each skill in plain words with the credentials that prove it.
fn skill_area(
    ctx: &Ctx,
    area: &crate::derive::skills::Category,
    splices: &mut Splices,
) -> Result<Value, EmitError> {
    let cat = ctx.catalog;
    let entries = area
        .competencies
        .iter()
        .map(|k| {
            let comp = cat.competency(*k);
            let mut deps = vec![Entity::Competency(*k), Entity::Framework(comp.framework)];
            deps.extend(comp.certified_by.iter().map(|c| Entity::CredentialLink(*c)));
            fragment(
                ctx,
                Fragment::Skill,
                Entity::Competency(*k),
                &deps,
                "partials/skill.html",
                || {
                    let mut v = comp_link(cat, *k);
                    let (links, more) = inline_links(cat, ctx.derived, &comp.certified_by);
                    v["certified_by"] = json!(links);
                    v["certified_more"] = json!(more);
                    v
                },
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({
        "name": area.name,
        "slug": area.slug,
        "count": area.competencies.len(),
        "skills": splices.add(&entries),
        "index_url": urls::link(cat, urls::SKILLS),
    }))
}

fn organization(cat: &Catalog, derived: &Derived, o: &Organization) -> Value {
    let (credentials, credential_pages) =
        long_list_or_links(cat, derived, Owner::Offers(o.id), &offered(o));
    let (accredits, accredits_pages) =
        long_list_or_links(cat, derived, Owner::Accredits(o.id), &o.accredits);
    json!({
        "name": o.name,
        "ctid": o.ctid,
        "kind": o.kind.label(),
        "sector": o.sector.map(|s| s.label()),
        "url": o.url,
        "email": o.email,
        "logo": o.logo.as_deref().map(|l| urls::asset(cat, l)),
        "summary": o.summary,
        "description_html": urls::body_html(cat, &o.description_html),
        "location": o.location,
        "credentials": credentials,
        "credential_pages": credential_pages,
        "credential_count": offered(o).len(),
        "accredits": accredits,
        "accredits_pages": accredits_pages,
        "accredits_count": o.accredits.len(),
        "frameworks": o.frameworks.iter().map(|f| {
            let f = cat.framework(*f);
            json!({ "name": f.name, "url": urls::link(cat, &urls::framework(f)) })
        }).collect::<Vec<_>>(),
        "pathways": pathway_links(cat, &o.pathways),
    })
}

fn pathway(ctx: &Ctx, p: &Pathway) -> Value {
    let cat = ctx.catalog;
    let map = super::maps::pathway_map(cat, &ctx.derived.stack, p);
    json!({
        "name": p.name,
        "ctid": p.ctid,
        "summary": p.summary,
        "description_html": urls::body_html(cat, &p.description_html),
        "owned_by": org_links(cat, &p.owned_by),
        "destination": cred_link(cat, p.destination),
        "stages": p.stages.iter().enumerate().map(|(i, s)| json!({
            "number": i + 1,
            "name": s.name,
            "rule": match s.require {
                Require::All if s.credentials.len() == 1 => "Required".to_string(),
                Require::All => format!("All {} required", s.credentials.len()),
                Require::AnyOf(n) => format!("Any {n} of these {}", s.credentials.len()),
            },
            "credentials": s.credentials.iter().map(|c| {
                let mut v = cred_link(cat, *c);
                v["summary"] = json!(cat.credential(*c).summary);
                v
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "map_svg": map.svg,
        "map_steps": map.steps,
    })
}

/// The stack map's index: the largest stacks drawn, then the first page of the stack
/// directory (stacks by size, each a link to its map, then the credentials that stand alone).
fn map_index(ctx: &Ctx) -> Value {
    let cat = ctx.catalog;
    let drawn: Vec<Value> = drawn_stacks(ctx.derived)
        .into_iter()
        .map(|i| {
            let s = &ctx.derived.stacks.list[i as usize];
            let m = super::maps::stack_map(cat, &ctx.derived.stack, s);
            let top = cat.credential(s.headline);
            json!({
                "id": m.id,
                "name": top.name,
                "url": urls::link(cat, &urls::stack(top)),
                "map_svg": m.map.svg,
            })
        })
        .collect();
    // The first page of the stack directory; its other pages list the rest.
    let dirs = &ctx.derived.directories;
    let (lines, alone) = stack_lines(ctx, dirs.page(Section::Stacks, 1));
    json!({
        "drawn": drawn,
        "stacks": lines,
        "isolated": alone,
        "counts": {
            "stacks": ctx.derived.stacks.list.len(),
            "isolated": ctx.derived.stacks.isolated.len(),
        },
        "pagination": directory_pagination(ctx, Section::Stacks, 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats() {
        assert_eq!(money(149.0, "USD"), "$149");
        assert_eq!(money(1249.5, "USD"), "$1,249.50");
        assert_eq!(money(80.0, "CAD"), "$80 CAD");
        assert_eq!(money(300.0, "MXN"), "300 MXN");
    }
}
