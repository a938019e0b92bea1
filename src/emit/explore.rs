//! The pages people start from besides a credential: occupations, industries and programs
//! of study (their indexes, groups and one page each), the "what next" planner and the
//! compare page. Here are their template contexts and incremental dependencies, called from
//! `emit::html`; their addresses are in `emit::pages` and their schema.org in
//! `emit::schema_org`. This module's own emitter writes the data files the planner and
//! compare scripts read:
//!
//! - `plan/index.json` (a deferred output, [`emit_index`]): `{"v":1, "goals":[[slug, name,
//!   type, needs]], "occupations":[[slug, code, title, [goal slugs]]]}`, goals by name;
//!   `needs` is 1 when the goal needs more than itself; an occupation's goals are its
//!   credentials, at most [`PLANNER_GOALS`] (the quickest from nothing).
//! - `plan/goals/<slug>.json` (`"v":2`): one goal's requirement structure ([`RouteGraph`]) as
//!   `nodes` (`s` slug, `n` name, `k` type, `h` hours, `c` [currency, amount] if any, `cr`
//!   [value, unit key] if any, `t` 1 when its figures are totals (else absent), `pre` node
//!   numbers, `ways` if any [{`p` pathway name, `u` its url, `st` [{`n` name, `k` how many,
//!   `m` node numbers}]}]), `cu` (the credential pages' prefix: a node's page is `cu` + its
//!   slug + `/`), `currencies` (the order routes compare them in), `units` (unit key →
//!   label), `base` (the route with nothing held, as
//!   [`routes::solve`] finds it: what the page shows without a script, and what the
//!   script's own answer is tested against) and `map` (the address of the goal's stack map
//!   page, when it is in a stack of at most [`PLAN_MAP_LIMIT`]). The script mirrors [`routes::solve`]; nothing leaves the browser.
//! - `compare/data/<slug>.json`: what the compare table shows of one credential.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::context::{cred_link, money};
use super::memo::{BestGoals, KeptGraph, Memo};
use super::pages::Page;
use super::{compact_json, urls, Ctx, EmitError, Entity, OutFile};
use crate::derive::explore::{cost_to_earn, Code, CodeKind, CodeList, Ranges, CODE_PAGE_SIZE};
use crate::derive::routes::{self, Figures, Route, RouteGraph, Totals};
use crate::derive::Derived;
use crate::model::*;

/// How many codes of a group the index page lists before linking to the group's page.
pub const INDEX_PER_GROUP: usize = 12;

/// The largest stack the planner draws its route on (it reads the map from the stack's own
/// page); a larger map is no help for following one route.
pub const PLAN_MAP_LIMIT: usize = 60;

/// Code pages whose content differs between two builds' derived views (a code gained or
/// lost a credential or its title, a group or index changed): what an edit of a
/// credential's codes moves, which no entity dependency can name (the code is not an entity).
pub fn moved_pages(before: &Derived, now: &Derived) -> Vec<Page> {
    let mut out = Vec::new();
    for kind in CodeKind::ALL {
        let (a, b) = (before.explore.list(kind), now.explore.list(kind));
        if a != b {
            out.push(Page::CodeIndex(kind));
        }
        for g in 0..b.groups.len() {
            let same = a.groups.get(g).is_some_and(|x| {
                x == &b.groups[g]
                    && x.codes
                        .iter()
                        .zip(&b.groups[g].codes)
                        .all(|(i, j)| a.codes[*i as usize] == b.codes[*j as usize])
            });
            if !same {
                out.push(Page::CodeGroup(kind, g as u32));
            }
        }
        for (i, code) in b.codes.iter().enumerate() {
            let pages = (1..=code.pages()).map(|n| Page::Code(kind, i as u32, n as u32));
            match a.codes.get(i) {
                Some(old) if old == code => {}
                // Only the order changed (a rename): the pages whose credentials moved,
                // those between its old and new place within its stack's part of the list.
                Some(old) if same_but_order(old, code) => out.extend(
                    pages.filter(|p| matches!(p, Page::Code(_, _, n) if old.page(*n as usize) != code.page(*n as usize))),
                ),
                _ => out.extend(pages),
            }
        }
    }
    out
}

/// Whether two builds' versions of a code differ in nothing a page shows but which
/// credentials each page lists: its code, title, group and size (the pagination) are the same.
/// A page also shows whether a stack's part of the list continues from the page before,
/// which follows from the page's own credentials and where that part starts, which a
/// change of order within it does not move.
fn same_but_order(a: &Code, b: &Code) -> bool {
    a.code == b.code
        && a.slug == b.slug
        && a.title == b.title
        && a.group == b.group
        && a.credentials.len() == b.credentials.len()
        && a.by_stack.len() == b.by_stack.len()
        && a.by_stack
            .iter()
            .zip(&b.by_stack)
            .all(|(x, y)| x.0 == y.0 && x.1.len() == y.1.len())
}

/// What page `n` of a code shows of other resources: its own credentials in full, the
/// figures of every credential of the code (summed up in its ranges), their stacks' headline
/// links and the places of every member (which of them heads the stack, its size). Its
/// routes: [`code_route_deps`].
pub fn code_deps(derived: &Derived, kind: CodeKind, i: u32, n: u32) -> Vec<Entity> {
    let code = &derived.explore.list(kind).codes[i as usize];
    let listed: Vec<CredentialId> = code.page(n as usize).into_iter().map(|(_, c)| c).collect();
    let mut d: Vec<Entity> = code
        .credentials
        .iter()
        .map(|c| Entity::CredentialFigures(*c))
        .collect();
    d.extend(listed.iter().map(|c| Entity::Credential(*c)));
    for s in stacks_of(derived, &listed) {
        let stack = &derived.stacks.list[s as usize];
        d.push(Entity::CredentialLink(stack.headline));
        d.extend(stack.members.iter().map(|m| Entity::CredentialPlace(*m)));
    }
    d
}

/// What page `n` of a code shows of routes: on an occupation's first page, the routes of
/// all its credentials (it shows the cheapest).
pub fn code_route_deps(
    cat: &Catalog,
    derived: &Derived,
    memo: &Memo,
    kind: CodeKind,
    i: u32,
    n: u32,
) -> Vec<Entity> {
    if kind != CodeKind::Occupation || n != 1 {
        return Vec::new();
    }
    let code = &derived.explore.list(kind).codes[i as usize];
    best_route_deps(cat, memo, &code.credentials)
}

/// The code pages that can show `entity` of a credential `x` ([`code_deps`] backwards):
/// for its whole record, the page of each of its codes that lists it; for its figures
/// (summed up in the ranges atop every page), every page of its codes; for its place, also
/// those of every credential of its stack (which give the stack's headline and size), and
/// for its link the same when it heads its stack (its name is the stack's). The occupation
/// pages whose cheapest route counts it are [`occupation_pages_routing`].
pub fn code_pages_showing(
    derived: &Derived,
    entity: Entity,
    out: &mut std::collections::HashSet<Page>,
) {
    // Whether every credential of its stack counts: their code pages name the stack.
    let (x, whole_stack) = match entity {
        Entity::Credential(x) => {
            for kind in CodeKind::ALL {
                let list = derived.explore.list(kind);
                for i in &list.of[x.index()] {
                    let n = list.codes[*i as usize].page_of(x).unwrap_or(1);
                    out.insert(Page::Code(kind, *i, n as u32));
                }
            }
            return;
        }
        Entity::CredentialFigures(x) => (x, false),
        Entity::CredentialPlace(x) => (x, true),
        // A code page shows a credential's link only as its stack's title (its own entry
        // is its whole record, above), on every page listing a member of the stack.
        Entity::CredentialLink(x) => {
            let heads = derived.stacks.of[x.index()]
                .is_some_and(|s| derived.stacks.list[s as usize].headline == x);
            if !heads {
                return;
            }
            (x, true)
        }
        _ => return,
    };
    let mut who = vec![x];
    if let Some(s) = derived.stacks.of[x.index()].filter(|_| whole_stack) {
        who.extend(&derived.stacks.list[s as usize].members);
    }
    for kind in CodeKind::ALL {
        let list = derived.explore.list(kind);
        for c in &who {
            for i in &list.of[c.index()] {
                let pages = list.codes[*i as usize].pages();
                out.extend((1..=pages).map(|n| Page::Code(kind, *i, n as u32)));
            }
        }
    }
}

/// The occupation pages whose cheapest route may count `x`.
pub fn occupation_pages_routing(
    cat: &Catalog,
    derived: &Derived,
    x: CredentialId,
    out: &mut std::collections::HashSet<Page>,
) {
    let list = &derived.explore.occupations;
    for d in routes::dependents(cat, x) {
        out.extend(
            list.of[d.index()]
                .iter()
                .map(|i| Page::Code(CodeKind::Occupation, *i, 1)),
        );
    }
}

/// The stacks (indices) of some credentials, without repeats, in order of first appearance.
fn stacks_of(derived: &Derived, ids: &[CredentialId]) -> Vec<u32> {
    // A set beside the list: an occupation's thousands of credentials in hundreds of stacks.
    let mut seen = std::collections::HashSet::new();
    ids.iter()
        .filter_map(|c| derived.stacks.of[c.index()])
        .filter(|s| seen.insert(*s))
        .collect()
}

/// Title, description and context of one of this module's pages.
pub fn render_parts(ctx: &Ctx, page: Page) -> Option<(&'static str, String, String, Value)> {
    let cat = ctx.catalog;
    let derived = ctx.derived;
    Some(match page {
        Page::CodeIndex(kind) => (
            "codes.html",
            kind.plural().to_string(),
            format!(
                "{} the credentials of {} prepare for, and the credentials for each.",
                kind.plural(),
                cat.config.title
            ),
            index_context(cat, derived, kind),
        ),
        Page::CodeGroup(kind, g) => {
            let group = &derived.explore.list(kind).groups[g as usize];
            (
                "code_group.html",
                format!("{}: {}", kind.plural(), group.title),
                format!(
                    "{} in {} ({} {}) and the credentials of {} that prepare for them.",
                    kind.plural(),
                    group.title,
                    kind.group_word(),
                    group.key,
                    cat.config.title
                ),
                group_context(cat, derived, kind, g),
            )
        }
        Page::Code(kind, i, n) => {
            let code = &derived.explore.list(kind).codes[i as usize];
            (
                "code.html",
                if n > 1 {
                    format!("{}, page {n}", code.title)
                } else {
                    code.title.clone()
                },
                format!(
                    "{} credential{} of {} for {} ({} {}), grouped by how they stack, with hours and cost.",
                    code.credentials.len(),
                    if code.credentials.len() == 1 { "" } else { "s" },
                    cat.config.title,
                    code.title,
                    kind.list(),
                    code.code
                ),
                code_context(ctx, kind, i, n as usize),
            )
        }
        Page::Plan => (
            "plan.html",
            "Plan what comes next".to_string(),
            "Tick the credentials you hold, pick a goal, and see the shortest route to it. Nothing leaves your browser."
                .to_string(),
            json!({
                "index": urls::link(cat, urls::PLAN_INDEX),
                "goals": urls::link(cat, &format!("{}goals/", urls::PLAN)),
                "occupations_url": urls::link(cat, &urls::code_index(CodeKind::Occupation)),
                "map_url": urls::link(cat, urls::MAP),
                "compare_url": urls::link(cat, urls::COMPARE),
            }),
        ),
        Page::Compare => (
            "compare.html",
            "Compare credentials".to_string(),
            "Up to three credentials side by side: hours, cost, credit, level, assessment, skills and outcomes."
                .to_string(),
            json!({
                "index": urls::link(cat, urls::PLAN_INDEX),
                "data": urls::link(cat, &format!("{}data/", urls::COMPARE)),
                "max": 3,
            }),
        ),
        _ => return None,
    })
}

/// The other two lists, for "browse by" links.
fn kinds_nav(cat: &Catalog, current: CodeKind) -> Vec<Value> {
    CodeKind::ALL
        .iter()
        .map(|k| {
            json!({
                "label": k.plural(),
                "url": urls::link(cat, &urls::code_index(*k)),
                "current": *k == current,
            })
        })
        .collect()
}

fn code_item(cat: &Catalog, kind: CodeKind, list: &CodeList, i: u32) -> Value {
    let code = &list.codes[i as usize];
    json!({
        "code": code.code,
        "title": code.title,
        "url": urls::link(cat, &urls::code(kind, &code.slug)),
        "count": code.credentials.len(),
    })
}

fn kind_context(cat: &Catalog, kind: CodeKind) -> Value {
    json!({
        "key": kind.key(),
        "plural": kind.plural(),
        "singular": kind.singular(),
        "list": kind.list(),
        "group_word": kind.group_word(),
        "index_url": urls::link(cat, &urls::code_index(kind)),
        "nav": kinds_nav(cat, kind),
    })
}

fn index_context(cat: &Catalog, derived: &Derived, kind: CodeKind) -> Value {
    let list = derived.explore.list(kind);
    let groups: Vec<Value> = list
        .groups
        .iter()
        .map(|g| {
            json!({
                "key": g.key,
                "title": g.title,
                "url": urls::link(cat, &urls::code_group(kind, &g.key)),
                "count": g.codes.len(),
                "codes": g.codes.iter().take(INDEX_PER_GROUP).map(|i| code_item(cat, kind, list, *i)).collect::<Vec<_>>(),
                "more": g.codes.len() > INDEX_PER_GROUP,
            })
        })
        .collect();
    json!({
        "kind": kind_context(cat, kind),
        "groups": groups,
        "count": list.codes.len(),
    })
}

fn group_context(cat: &Catalog, derived: &Derived, kind: CodeKind, g: u32) -> Value {
    let list = derived.explore.list(kind);
    let group = &list.groups[g as usize];
    json!({
        "kind": kind_context(cat, kind),
        "key": group.key,
        "title": group.title,
        "codes": group.codes.iter().map(|i| code_item(cat, kind, list, *i)).collect::<Vec<_>>(),
    })
}

/// A credential as a code page or the compare page lists it.
fn entry(cat: &Catalog, id: CredentialId) -> Value {
    let c = cat.credential(id);
    let mut v = cred_link(cat, id);
    v["slug"] = c.slug.as_str().into();
    v["summary"] = c.summary.as_str().into();
    v["hours"] = c.estimated_hours.map(fmt_num).into();
    v["cost"] = cost_to_earn(c).map(|m| money(m.amount, m.currency)).into();
    v
}

/// "16–360", or "45" when both ends are one.
fn span(lo: f64, hi: f64, f: impl Fn(f64) -> String) -> String {
    if lo == hi {
        f(lo)
    } else {
        format!("{}–{}", f(lo), f(hi))
    }
}

fn ranges_context(r: &Ranges) -> Value {
    object!({
        "hours": r.hours.map(|(a, b)| span(a, b, fmt_num)),
        "hours_unknown": r.hours_unknown,
        "costs": r.costs.iter().map(|(cur, a, b)| span(*a, *b, |x| money(x, cur))).collect::<Vec<_>>(),
        "cost_unknown": r.cost_unknown,
    })
}

fn code_context(ctx: &Ctx, kind: CodeKind, i: u32, n: usize) -> Value {
    let (cat, derived) = (ctx.catalog, ctx.derived);
    let list = derived.explore.list(kind);
    let code = &list.codes[i as usize];
    let group = &list.groups[code.group as usize];
    let listed = code.page(n);
    // The page's credentials under their stacks, in page order (a stack may continue from
    // the page before).
    let mut sections: Vec<(Option<CredentialId>, Vec<CredentialId>)> = Vec::new();
    for (head, c) in listed {
        match sections.last_mut() {
            Some((h, ids)) if *h == head => ids.push(c),
            _ => sections.push((head, vec![c])),
        }
    }
    let mut stacks = Vec::new();
    let mut alone = Vec::new();
    for (head, ids) in sections {
        let Some(head) = head else {
            alone.extend(ids.iter().map(|c| entry(cat, *c)));
            continue;
        };
        let Some(s) = derived.stacks.of[head.index()] else {
            continue;
        };
        let stack = &derived.stacks.list[s as usize];
        let all_here = code
            .by_stack
            .iter()
            .find(|(h, _)| *h == Some(head))
            .map_or(&[][..], |(_, v)| v.as_slice());
        let top = cat.credential(stack.headline);
        stacks.push(object!({
            "title": top.name.as_str(),
            "url": urls::link(cat, &urls::stack(top)),
            "size": stack.members.len(),
            "credentials": ids.iter().map(|c| entry(cat, *c)).collect::<Vec<_>>(),
            "continued": all_here.first() != ids.first(),
            "ranges": ranges_context(&ctx.memo.ranges(cat, all_here)),
        }));
    }
    object!({
        "kind": kind_context(cat, kind),
        "code": code.code.as_str(),
        "title": code.title.as_str(),
        "reference_url": kind.reference_url(&code.code),
        "group": json!({
            "key": group.key,
            "title": group.title,
            "url": urls::link(cat, &urls::code_group(kind, &group.key)),
        }),
        "count": code.credentials.len(),
        "ranges": ranges_context(&ctx.memo.ranges(cat, &code.credentials)),
        "stacks": stacks,
        "alone": alone,
        "pagination": code_pagination(cat, kind, code, n),
        "best": (kind == CodeKind::Occupation && n == 1)
            .then(|| best_route(cat, derived, ctx.memo, &code.credentials))
            .flatten(),
        "plan_url": (kind == CodeKind::Occupation).then(|| {
            urls::link(cat, &format!("{}?occupation={}", urls::PLAN, code.slug))
        }),
    })
}

/// Links between the pages of a code's credentials, in the shape of the credential list's
/// pagination (`partials/macros.html` draws both).
fn code_pagination(cat: &Catalog, kind: CodeKind, code: &Code, current: usize) -> Value {
    super::context::page_links(code.pages(), current, CODE_PAGE_SIZE, |n| {
        urls::link(cat, &urls::code_page(kind, &code.slug, n))
    })
}

/// Each goal's best route for a learner holding nothing, with the currencies they were
/// compared in (the goals' own, most used first).
fn from_nothing<'g>(
    memo: &Memo,
    graphs: &'g [Arc<KeptGraph>],
) -> (Vec<String>, Vec<(&'g RouteGraph, Route)>) {
    let refs: Vec<&RouteGraph> = graphs.iter().map(|k| &k.graph).collect();
    let currencies = routes::currency_order(&refs);
    let solved = graphs
        .iter()
        .map(|k| (&k.graph, (*memo.route_from_nothing(k, &currencies)).clone()))
        .collect();
    (currencies, solved)
}

/// The route graphs of `goals`, kept by the memo.
fn graphs_of(cat: &Catalog, memo: &Memo, goals: &[CredentialId]) -> Vec<Arc<KeptGraph>> {
    goals.iter().map(|g| memo.route_graph(cat, *g)).collect()
}

/// The cheapest route from nothing to any of `goals` (an occupation's credentials, in
/// listing order): [`routes::best_of`], the goals that tie for it kept by the memo.
fn best_route(
    cat: &Catalog,
    derived: &Derived,
    memo: &Memo,
    goals: &[CredentialId],
) -> Option<Value> {
    let mut set = goals.to_vec();
    set.sort_unstable();
    let best = memo.best_goals(&set, || {
        let graphs = graphs_of(cat, memo, &set);
        let (currencies, solved) = from_nothing(memo, &graphs);
        let tied = routes::tied_best(&solved, &currencies);
        BestGoals {
            tied: tied.into_iter().map(|i| set[i]).collect(),
            currencies,
        }
    });
    // First in the page's order, as `best_of` over `goals` would choose.
    let goal = *best
        .tied
        .iter()
        .min_by_key(|g| derived.listing.rank[g.index()])?;
    let kept = memo.route_graph(cat, goal);
    let route = memo.route_from_nothing(&kept, &best.currencies);
    Some(json!({
        "goal": cred_link(cat, goal),
        "route": route_context(cat, &kept.graph, &route),
    }))
}

/// What an occupation page's cheapest route shows: the routes of all its credentials.
fn best_route_deps(cat: &Catalog, memo: &Memo, goals: &[CredentialId]) -> Vec<Entity> {
    goals
        .iter()
        .flat_map(|g| route_deps(&memo.route_graph(cat, *g).graph))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Routes: the credential page's section and the planner's data.

/// What a goal's routes show of other resources: every credential of its requirement
/// structure (its link and figures) and the pathways of its ways.
pub fn route_deps(graph: &RouteGraph) -> Vec<Entity> {
    let mut d: Vec<Entity> = graph
        .credentials()
        .flat_map(|c| [Entity::CredentialLink(c), Entity::CredentialFigures(c)])
        .collect();
    for n in &graph.nodes {
        d.extend(n.ways.iter().filter_map(|w| w.pathway).map(Entity::Pathway));
    }
    debug_assert!(d.iter().all(shown_by_routes));
    d
}

/// Whether routes can show `e`: the kinds [`route_deps`] names, so that a change of none of
/// them leaves every route as it was (`deps::affected` then skips building route graphs).
pub fn shown_by_routes(e: &Entity) -> bool {
    matches!(
        e,
        Entity::CredentialLink(_) | Entity::CredentialFigures(_) | Entity::Pathway(_)
    )
}

/// The places of the members of the goal's stack: which of them heads it names the map the
/// planner links to.
fn stack_deps(derived: &Derived, goal: CredentialId) -> Vec<Entity> {
    derived.stacks.of[goal.index()]
        .map(|s| {
            derived.stacks.list[s as usize]
                .members
                .iter()
                .map(|m| Entity::CredentialPlace(*m))
                .collect()
        })
        .unwrap_or_default()
}

fn unit_label(key: &str) -> &'static str {
    CreditUnit::parse(key).map_or("credits", CreditUnit::label)
}

fn totals_context(t: &Totals) -> Value {
    json!({
        "hours": fmt_num(round2(t.hours)),
        "hours_unknown": t.hours_unknown,
        "cost": t.cost.iter().map(|(cur, a)| money(round2(*a), cur)).collect::<Vec<_>>(),
        "cost_unknown": t.cost_unknown,
        "credit": t.credit.iter().map(|(u, v)| format!("{} {}", fmt_num(round2(*v)), unit_label(u))).collect::<Vec<_>>(),
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn figures_context(f: &Figures) -> Value {
    json!({
        "hours": f.hours.map(|h| fmt_num(round2(h))),
        "cost": f.cost.as_ref().map(|m| money(round2(m.amount), m.currency)),
        "credit": f.credit.as_ref().map(|(v, u)| format!("{} {}", fmt_num(round2(*v)), unit_label(u))),
    })
}

/// How many steps of a route, credentials of its requirement structure, and members of one
/// stage a page lists. A route through a stack of hundreds would otherwise list them all on
/// every credential it leads to (186 KB on a page, 94 MB of a skewed 10,000-credential
/// site); past these the page says how many more there are, and the planner, linked beside,
/// lists the whole route.
pub const ROUTE_SHOWN: usize = 30;

/// The first `max` of `items` as JSON, and how many were left out.
fn first<T>(items: &[T], max: usize, each: impl Fn(&T) -> Value) -> (Vec<Value>, usize) {
    let shown = items.iter().take(max).map(each).collect();
    (shown, items.len().saturating_sub(max))
}

/// The requirement structure in words: each credential of the route graph that needs
/// others, with what it needs (its prerequisites, and each way — a pathway, or what stacks
/// into it — by stage). The first [`ROUTE_SHOWN`] such credentials, nearest the goal first, and
/// how many more there are.
fn ways_context(cat: &Catalog, graph: &RouteGraph) -> (Vec<Value>, usize) {
    let link = |n: &u32| cred_link(cat, graph.nodes[*n as usize].id);
    let needing: Vec<_> = graph
        .nodes
        .iter()
        .filter(|n| !n.ways.is_empty() || !n.pre.is_empty())
        .collect();
    first(&needing, ROUTE_SHOWN, |n| {
        object!({
            "credential": cred_link(cat, n.id),
            "prerequisites": n.pre.iter().map(link).collect::<Vec<_>>(),
            "ways": n.ways.iter().map(|w| object!({
                "pathway": w.pathway.map(|p| {
                    let p = cat.pathway(p);
                    object!({ "name": p.name.as_str(), "url": urls::link(cat, &urls::pathway(p)) })
                }),
                "stages": w.stages.iter().map(|s| {
                    let (credentials, more) = first(&s.members, ROUTE_SHOWN, link);
                    object!({
                        "name": s.name.as_str(),
                        "rule": if s.k as usize == s.members.len() {
                            if s.members.len() == 1 { String::new() } else { "all of".to_string() }
                        } else {
                            format!("any {} of", s.k)
                        },
                        "credentials": credentials,
                        "more": more,
                    })
                }).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    })
}

/// A route: its first [`ROUTE_SHOWN`] steps, how many it has, and its totals (of all steps).
fn route_context(cat: &Catalog, graph: &RouteGraph, route: &Route) -> Value {
    let steps: Vec<_> = route.earn.iter().zip(&route.figures).collect();
    let (shown, more) = first(&steps, ROUTE_SHOWN, |(n, f)| {
        let node = &graph.nodes[**n as usize];
        let mut v = cred_link(cat, node.id);
        v["figures"] = figures_context(f);
        v["net"] = json!(
            node.totals
                && *f
                    != &Figures {
                        hours: node.hours,
                        cost: node.cost.clone(),
                        credit: node.credit
                    }
        );
        v
    });
    object!({
        "steps": shown,
        "count": steps.len(),
        "more": more,
        "totals": totals_context(&route.totals),
        "exhaustive": route.exhaustive,
    })
}

/// The "Routes to this credential" section of a credential page: its requirement structure
/// and the route with nothing held, or `None` when it needs nothing but itself.
pub fn routes_section(cat: &Catalog, memo: &Memo, c: &Credential) -> Option<Value> {
    let kept = memo.route_graph(cat, c.id);
    let graph = &kept.graph;
    if !graph.has_requirements() {
        return None;
    }
    let route = memo.route_from_nothing(&kept, &routes::currency_order(&[graph]));
    let (structure, structure_more) = ways_context(cat, graph);
    Some(object!({
        "route": route_context(cat, graph, &route),
        "structure": structure,
        "structure_more": structure_more,
        "plan_url": urls::link(cat, &format!("{}?goal={}", urls::PLAN, c.slug)),
    }))
}

fn goal_json(ctx: &Ctx, kept: &KeptGraph) -> Value {
    let cat = ctx.catalog;
    let graph = &kept.graph;
    let currencies = &routes::currency_order(&[graph]);
    let mut units = BTreeSet::new();
    let nodes: Vec<Value> = graph
        .nodes
        .iter()
        .map(|n| {
            let c = cat.credential(n.id);
            if let Some((_, u)) = &n.credit {
                units.insert(*u);
            }
            // What the planner can tell by itself is left out (see `loadGoal` in plan.js):
            // a credential's address (the prefix `cu` and its slug), and the members that
            // are empty, zero or null for most credentials. They were a quarter of the
            // goals' bytes, 12.6 MB of the skewed 10,000 (BENCHMARKS.md, session 17).
            let mut node = serde_json::Map::new();
            node.insert("s".into(), json!(c.slug));
            node.insert("n".into(), json!(c.name));
            node.insert("k".into(), json!(c.kind.label()));
            node.insert("h".into(), json!(n.hours));
            if let Some(cost) = &n.cost {
                node.insert("c".into(), json!([cost.currency, cost.amount]));
            }
            if let Some((v, u)) = &n.credit {
                node.insert("cr".into(), json!([v, u]));
            }
            if n.totals {
                node.insert("t".into(), json!(1));
            }
            node.insert("pre".into(), json!(n.pre));
            if !n.ways.is_empty() {
                let ways = n.ways.iter().map(|w| {
                    let p = w.pathway.map(|p| cat.pathway(p));
                    object!({
                        "p": p.map(|p| p.name.as_str()),
                        "u": p.map(|p| urls::link(cat, &urls::pathway(p))),
                        "st": w.stages.iter().map(|s| json!({ "n": s.name, "k": s.k, "m": s.members })).collect::<Vec<_>>(),
                    })
                });
                node.insert("ways".into(), Value::Array(ways.collect()));
            }
            Value::Object(node)
        })
        .collect();
    let base = ctx.memo.route_from_nothing(kept, currencies);
    // The address of the stack's map page, whose drawing the planner marks the route on.
    let map = ctx.derived.stacks.of[graph.nodes[0].id.index()]
        .map(|s| &ctx.derived.stacks.list[s as usize])
        .filter(|s| s.members.len() <= PLAN_MAP_LIMIT)
        .map(|s| urls::link(cat, &urls::stack(cat.credential(s.headline))));
    object!({
        "v": 2,
        "goal": json!(cat.credential(graph.nodes[0].id).slug),
        "cu": urls::link(cat, urls::CREDENTIALS),
        "currencies": json!(currencies),
        "nodes": nodes,
        "units": units.iter().map(|u| (u.to_string(), json!(unit_label(u)))).collect::<serde_json::Map<_, _>>(),
        "base": json!({
            "earn": base.earn,
            "uses": base.uses,
            "exhaustive": base.exhaustive,
            "hours": base.totals.hours,
            "cost": base.totals.cost,
            "credit": base.totals.credit,
        }),
        "map": map,
    })
}

/// How many of an occupation's credentials the planner weighs: the quickest to reach from
/// nothing, so that an occupation named by thousands of credentials stays one small choice
/// in the browser. The occupation's page ranks all of them.
pub const PLANNER_GOALS: usize = 20;

/// The credentials of an occupation the planner weighs: the [`PLANNER_GOALS`] whose routes
/// from nothing rank first.
fn planner_goals(cat: &Catalog, memo: &Memo, goals: &[CredentialId]) -> Vec<CredentialId> {
    if goals.len() <= PLANNER_GOALS {
        return goals.to_vec();
    }
    let graphs = graphs_of(cat, memo, goals);
    let (currencies, solved) = from_nothing(memo, &graphs);
    let mut top: Vec<usize> = routes::ranked(&solved, &currencies);
    top.truncate(PLANNER_GOALS);
    // In the occupation's own order (by name), as the planner lists them.
    top.sort_unstable();
    top.into_iter().map(|i| goals[i]).collect()
}

fn index_json(cat: &Catalog, derived: &Derived, memo: &Memo) -> Value {
    let goals: Vec<Value> = derived
        .listing
        .order
        .iter()
        .map(|id| {
            let c = cat.credential(*id);
            let needs = !c.prerequisites.is_empty()
                || !c.stacked_from.is_empty()
                || c.in_pathways
                    .iter()
                    .any(|p| cat.pathway(*p).destination == c.id);
            json!([c.slug, c.name, c.kind.label(), u8::from(needs)])
        })
        .collect();
    let occupations: Vec<Value> = derived
        .explore
        .occupations
        .codes
        .par_iter()
        .map(|o| {
            json!([
                o.slug,
                o.code,
                o.title,
                planner_goals(cat, memo, &o.credentials)
                    .iter()
                    .map(|c| &cat.credential(*c).slug)
                    .collect::<Vec<_>>()
            ])
        })
        .collect();
    json!({ "v": 1, "goals": goals, "occupations": occupations })
}

fn compare_json(cat: &Catalog, c: &Credential) -> Value {
    let newest = c.cohorts.last();
    let pct = |x: Option<f64>| x.map(|v| format!("{}%", fmt_num((v * 1000.0).round() / 10.0)));
    let outcomes = match (&c.outcomes, newest) {
        (Some(o), _) => json!({
            "as_of": o.as_of.to_string(),
            "pass_rate": pct(o.pass_rate),
            "completion_rate": pct(o.completion_rate),
            "employment_rate": pct(o.employment_rate),
        }),
        (None, Some(k)) => json!({
            "as_of": k.label,
            "pass_rate": pct(k.get(Indicator::PassRate)),
            "completion_rate": pct(k.get(Indicator::CompletionRate)),
            "employment_rate": pct(k.get(Indicator::PlacementRate)),
        }),
        (None, None) => Value::Null,
    };
    json!({
        "v": 1,
        "slug": c.slug,
        "name": c.name,
        "url": urls::link(cat, &urls::credential(c)),
        "kind": c.kind.label(),
        "status": c.status.label(),
        "hours": c.estimated_hours.map(fmt_num),
        "cost": cost_to_earn(c).map(|m| money(m.amount, m.currency)),
        "credit": c.credit.as_ref().map(|k| format!("{} {}", fmt_num(k.value), k.unit.label())),
        "levels": c.audience_levels.iter().map(|l| l.label()).collect::<Vec<_>>(),
        "assessment": c.assessment.as_ref().map(|a| json!({
            "methods": a.methods.iter().map(|m| m.label()).collect::<Vec<_>>(),
            "mastery": a.mastery_threshold,
        })),
        "skills": c.skills,
        "outcomes": outcomes,
    })
}

/// The planner's goal files and the compare page's data files.
pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    let goals: Vec<&Credential> = match ctx.scope {
        super::Scope::All => cat.credentials.iter().collect(),
        super::Scope::Changed(changes) => goal_candidates(cat, ctx.derived, &changes.entities)
            .into_iter()
            .map(|id| cat.credential(id))
            .collect(),
    };
    // Delivered as made: a skewed catalog's planner data is 47 MB at 10,000 credentials.
    ctx.deliver(goals.into_par_iter().flat_map_iter(|c| {
        let mut out = Vec::new();
        let kept = ctx.memo.route_graph(cat, c.id);
        let mut deps = route_deps(&kept.graph);
        deps.extend(stack_deps(ctx.derived, c.id));
        if ctx.scope.wants(deps) {
            out.push(OutFile::new(
                urls::plan_goal(c),
                compact_json(&goal_json(ctx, &kept)),
            ));
        }
        if ctx.scope.wants([Entity::Credential(c.id)]) {
            out.push(OutFile::new(
                urls::compare_data(c),
                compact_json(&compare_json(cat, c)),
            ));
        }
        out.into_iter().map(Ok)
    }))
}

/// The goals whose planner or compare data may show one of `dirty`: a dirty credential
/// itself, those whose routes count a credential with a dirty link or figures or go through
/// a dirty pathway (found upwards, by [`routes::dependents`]), and the members of a stack a
/// dirty credential's place is in.
/// A superset of the goals [`route_deps`] and [`stack_deps`] name, which then decide; asking
/// every credential instead built every goal's route graph on every edit (a third of a
/// rebuild of a skewed 10,000-credential catalog).
fn goal_candidates(
    cat: &Catalog,
    derived: &Derived,
    dirty: &std::collections::HashSet<Entity>,
) -> BTreeSet<CredentialId> {
    let mut out = BTreeSet::new();
    for e in dirty {
        let (upwards, place) = match *e {
            // Only its own compare data shows more of it than routes do.
            Entity::Credential(x) if x.index() < cat.credentials.len() => {
                out.insert(x);
                continue;
            }
            Entity::CredentialFigures(x) | Entity::CredentialLink(x) => (x, None),
            Entity::CredentialPlace(x) => (x, Some(x)),
            Entity::Pathway(p) if p.index() < cat.pathways.len() => {
                (cat.pathway(p).destination, None)
            }
            _ => continue,
        };
        if upwards.index() < cat.credentials.len() {
            out.extend(routes::dependents(cat, upwards));
        }
        if let Some(s) = place.and_then(|x| derived.stacks.of.get(x.index()).copied().flatten()) {
            out.extend(derived.stacks.list[s as usize].members.iter().copied());
        }
    }
    out
}

/// `plan/index.json`: every goal and every occupation (a deferred output: no page shows
/// it, and it sums up the whole catalog).
pub fn emit_index(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    Ok(vec![OutFile::new(
        urls::PLAN_INDEX,
        compact_json(&index_json(ctx.catalog, ctx.derived, ctx.memo)),
    )])
}
