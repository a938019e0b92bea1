//! What each page shows of the catalog, and which pages an edit touches.
//!
//! A page kind's dependencies live in one module below, both directions side by side:
//! `shows` lists what one page of the kind shows (its [`deps`]), `showing` finds the pages
//! of the kind whose `shows` can name an entity, by walking that entity's own links
//! backwards. The dev server asks the second question ([`affected`]): asking every page of
//! the catalog the first would cost a scan of 100,000 pages per edit. Each pair reads the
//! same fields forwards and backwards (a competency's `certified_by` against a credential's
//! `competencies`, one back-reference list of `resolve::back_refs`), and the test
//! `every_dependency_is_found_backwards` holds every `showing` to its `shows` on real
//! catalogs. The code pages' pair is [`explore::code_deps`] and
//! [`explore::code_pages_showing`]; what routes show (a credential's, an occupation's
//! cheapest) has its own pair, `routed`, whose `shows` (a route graph per goal) is
//! evaluated only when an edit can change a route. The home, skills, planner, compare and
//! 404 pages follow the rules in [`wanted`](super::pages::wanted) instead.
//!
//! Missing a dependency makes the dev server serve a stale page, which the incremental
//! tests (edits followed by a comparison with a full build) are there to catch.
//!
//! Also here: the pages whose place in a derived view moved between two builds (a list
//! page a renamed credential leaves or joins), which no entity names.

use std::collections::HashSet;

use super::context::list_deps;
use super::explore;
use super::maps::credential_map_nodes;
use super::memo::Memo;
use super::pages::{directory_page, directory_page_of, drawn_stacks, owner_page, Page};
use super::{credential_links, Entity};
use crate::derive::directory::{Entry, Section};
use crate::derive::long_lists::{offered, LongList, Owner};
use crate::derive::routes;
use crate::derive::Derived;
use crate::model::*;

/// Every entity whose data a page shows: when one changes, the page is rendered again.
pub fn deps(cat: &Catalog, derived: &Derived, memo: &Memo, page: Page) -> Vec<Entity> {
    let mut d = shown_deps(cat, derived, page);
    d.extend(routed::shows(cat, derived, memo, page));
    d
}

/// [`deps`] without the routes ([`routed`]): each page kind's `shows`.
fn shown_deps(cat: &Catalog, derived: &Derived, page: Page) -> Vec<Entity> {
    match page {
        Page::Home | Page::Skills | Page::NotFound | Page::Plan | Page::Compare => vec![],
        // Their codes, titles and counts are derived views: `explore::moved_pages`.
        Page::CodeIndex(_) | Page::CodeGroup(..) => vec![],
        Page::Code(kind, i, n) => explore::code_deps(derived, kind, i, n),
        Page::Listing(n) => listing::shows(derived, n),
        Page::SkillArea(i) => skill_area::shows(cat, derived, i),
        Page::Stack(i) => stack::shows(derived, i),
        Page::Free(id) => free::shows(id),
        Page::Map => map::shows(cat, derived),
        Page::Directory(s, n) => directory::shows(cat, derived, s, n),
        Page::LongList(i, r) => long_list::shows(cat, derived, i, r),
        Page::Credential(id) => credential::shows(cat, derived, id),
        Page::Framework(id) => framework::shows(cat, id),
        Page::Competency(id) => competency::shows(cat, derived, id),
        Page::Organization(id) => organization::shows(cat, derived, id),
        Page::Pathway(id) => pathway::shows(cat, id),
    }
}

/// Every page whose [`deps`] can name `entity` (a superset: [`affected`] filters it): each
/// page kind's `showing`.
pub fn candidates(cat: &Catalog, derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
    explore::code_pages_showing(derived, entity, out);
    listing::showing(derived, entity, out);
    skill_area::showing(cat, derived, entity, out);
    stack::showing(derived, entity, out);
    free::showing(entity, out);
    map::showing(derived, entity, out);
    directory::showing(cat, derived, entity, out);
    long_list::showing(cat, derived, entity, out);
    credential::showing(cat, derived, entity, out);
    framework::showing(cat, entity, out);
    competency::showing(cat, entity, out);
    organization::showing(cat, entity, out);
    pathway::showing(cat, entity, out);
    routed::showing(cat, derived, entity, out);
}

/// The pages that show one of `dirty`: exactly the pages whose [`deps`] meet it (rule pages
/// aside), found from the dirty entities' own links ([`candidates`]) instead of by asking
/// every page of the catalog.
pub fn affected(
    cat: &Catalog,
    derived: &Derived,
    memo: &Memo,
    dirty: &HashSet<Entity>,
) -> HashSet<Page> {
    let mut found = HashSet::new();
    for e in dirty {
        candidates(cat, derived, *e, &mut found);
    }
    let meets = |deps: Vec<Entity>| deps.iter().any(|d| dirty.contains(d));
    let routes_may_change = dirty.iter().any(explore::shown_by_routes);
    found.retain(|p| {
        meets(shown_deps(cat, derived, *p))
            || (routes_may_change && meets(routed::shows(cat, derived, memo, *p)))
    });
    found
}

fn links(ids: &[CredentialId]) -> impl Iterator<Item = Entity> + '_ {
    ids.iter().map(|c| Entity::CredentialLink(*c))
}

fn credential_pages(ids: &[CredentialId], out: &mut HashSet<Page>) {
    out.extend(ids.iter().map(|c| Page::Credential(*c)));
}

/// Page n (from 2) of the credential list: its credentials in full (cards).
mod listing {
    use super::*;

    pub fn shows(derived: &Derived, n: u32) -> Vec<Entity> {
        let ids = derived.listing.page(n as usize);
        ids.iter().map(|c| Entity::Credential(*c)).collect()
    }

    pub fn showing(derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        if let Entity::Credential(x) | Entity::CredentialLink(x) = entity {
            if let Some(n) = derived.listing.page_of(x).filter(|n| *n > 1) {
                out.insert(Page::Listing(n as u32));
            }
        }
    }
}

/// A skill area: its competencies, their frameworks, and the links of the credentials
/// certifying each.
mod skill_area {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived, i: u32) -> Vec<Entity> {
        let mut d = Vec::new();
        for k in &derived.skills.categories[i as usize].competencies {
            let comp = cat.competency(*k);
            d.push(Entity::Competency(*k));
            d.push(Entity::Framework(comp.framework));
            d.extend(links(&comp.certified_by));
        }
        d
    }

    pub fn showing(cat: &Catalog, derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        let area = |k: &CompetencyId| Page::SkillArea(derived.skills.category_of[k.index()]);
        match entity {
            Entity::CredentialLink(x) => {
                out.extend(cat.credential(x).competencies.iter().map(area))
            }
            Entity::Framework(f) => out.extend(cat.framework(f).all.iter().map(area)),
            Entity::Competency(k) => {
                out.insert(area(&k));
            }
            _ => {}
        }
    }
}

/// The map of one stack: its members' links (the index of them, when the stack is too
/// large for one page) and its title, the headline's name.
mod stack {
    use super::*;

    pub fn shows(derived: &Derived, i: u32) -> Vec<Entity> {
        let s = &derived.stacks.list[i as usize];
        let mut d = list_deps(derived, Owner::Stack(s.headline), &s.members);
        d.push(Entity::CredentialLink(s.headline));
        d
    }

    pub fn showing(derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        if let Entity::CredentialLink(x) = entity {
            out.extend(derived.stacks.of[x.index()].map(Page::Stack));
        }
    }
}

/// A free-form page: only itself (the navigation is every page's).
mod free {
    use super::*;

    pub fn shows(id: FreePageId) -> Vec<Entity> {
        vec![Entity::FreePage(id)]
    }

    pub fn showing(entity: Entity, out: &mut HashSet<Page>) {
        if let Entity::FreePage(p) = entity {
            out.insert(Page::Free(p));
        }
    }
}

/// The stack map's index: the stacks it draws, and the first page of the stack directory.
mod map {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived) -> Vec<Entity> {
        let mut d = Vec::new();
        for i in drawn_stacks(derived) {
            d.extend(links(&derived.stacks.list[i as usize].members));
        }
        let first = derived.directories.page(Section::Stacks, 1);
        d.extend(first.iter().flat_map(|e| entry_deps(cat, derived, *e)));
        d
    }

    pub fn showing(derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        let Entity::CredentialLink(x) = entity else {
            return;
        };
        let drawn =
            derived.stacks.of[x.index()].is_some_and(|s| drawn_stacks(derived).contains(&s));
        if stack_line(derived, x) == Some(1) || drawn {
            out.insert(Page::Map);
        }
    }
}

/// The page of the stack directory whose line names credential `x`: the line of the stack
/// it heads, or its own when it is in none.
fn stack_line(derived: &Derived, x: CredentialId) -> Option<usize> {
    match derived.stacks.of[x.index()] {
        Some(s) if derived.stacks.list[s as usize].headline == x => {
            derived.directories.stack_page(&derived.stacks, s)
        }
        Some(_) => None,
        None => derived.directories.page_of(Entry::Alone(x)).map(|(_, n)| n),
    }
}

/// A page of a directory: one line per pathway, organization, framework or stack.
mod directory {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived, s: Section, n: u32) -> Vec<Entity> {
        let entries = derived.directories.page(s, n as usize);
        entries
            .iter()
            .flat_map(|e| entry_deps(cat, derived, *e))
            .collect()
    }

    pub fn showing(cat: &Catalog, derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        let page_of = |e: Entry| directory_page_of(derived, e);
        match entity {
            Entity::Framework(f) => out.extend(page_of(Entry::Framework(f))),
            Entity::Organization(o) => out.extend(page_of(Entry::Organization(o))),
            Entity::Pathway(p) => out.extend(page_of(Entry::Pathway(p))),
            // A pathway's line names its destination; a stack's line its headline.
            Entity::CredentialLink(x) => {
                let c = cat.credential(x);
                out.extend(
                    c.in_pathways
                        .iter()
                        .filter(|p| cat.pathway(**p).destination == x)
                        .filter_map(|p| page_of(Entry::Pathway(*p))),
                );
                let line = stack_line(derived, x);
                let dirs = &derived.directories;
                out.extend(line.and_then(|n| directory_page(dirs, Section::Stacks, n)));
            }
            _ => {}
        }
    }
}

/// What a directory's line shows: a pathway's card names its destination, a stack's line
/// its headline credential.
fn entry_deps(cat: &Catalog, derived: &Derived, entry: Entry) -> Vec<Entity> {
    match entry {
        Entry::Pathway(p) => vec![
            Entity::Pathway(p),
            Entity::CredentialLink(cat.pathway(p).destination),
        ],
        Entry::Organization(o) => vec![Entity::Organization(o)],
        Entry::Framework(f) => vec![Entity::Framework(f)],
        Entry::Stack(i, _) => vec![Entity::CredentialLink(
            derived.stacks.list[i as usize].headline,
        )],
        Entry::Alone(c) => vec![Entity::CredentialLink(c)],
    }
}

/// One page of a list too long for its owner's page: its owner in its header, and the
/// links of its range of credentials.
mod long_list {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived, i: u32, r: u32) -> Vec<Entity> {
        let list = &derived.long_lists.lists[i as usize];
        let mut d = owner_deps(cat, list.owner);
        d.extend(links(&list.ranges[r as usize].ids));
        d
    }

    pub fn showing(cat: &Catalog, derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        let mut pages = |owner, id| pages_of(derived, owner, id, out);
        match entity {
            Entity::CredentialLink(x) => {
                let c = cat.credential(x);
                // Each relation has its reverse on the other side: what `x` lists, lists
                // `x`, on a page of that list when it is cut.
                for y in c.relations().into_iter().flatten() {
                    for r in Relation::ALL {
                        pages(Owner::Related(*y, r), Some(x));
                    }
                }
                // The pages of its own long lists are headed by its name.
                for r in Relation::ALL {
                    pages(Owner::Related(x, r), None);
                }
                for k in &c.competencies {
                    pages(Owner::Certifies(*k), Some(x));
                }
                for o in c.owned_by.iter().chain(&c.offered_by) {
                    pages(Owner::Offers(*o), Some(x));
                }
                for o in &c.accredited_by {
                    pages(Owner::Accredits(*o), Some(x));
                }
                pages(Owner::WithoutOutcomes, Some(x));
                // The pages of a stack too large for one: the one listing it, or all of
                // them when it heads the stack (their titles name it).
                if let Some(s) = derived.stacks.of[x.index()] {
                    let h = derived.stacks.list[s as usize].headline;
                    pages(Owner::Stack(h), Some(x).filter(|x| *x != h));
                }
            }
            Entity::Framework(f) => {
                for k in &cat.framework(f).all {
                    pages(Owner::Certifies(*k), None);
                }
            }
            Entity::Competency(k) => pages(Owner::Certifies(k), None),
            Entity::Organization(o) => {
                pages(Owner::Offers(o), None);
                pages(Owner::Accredits(o), None);
            }
            _ => {}
        }
    }

    /// The pages of `owner`'s long list (all, or only the one holding `id`).
    fn pages_of(
        derived: &Derived,
        owner: Owner,
        id: Option<CredentialId>,
        out: &mut HashSet<Page>,
    ) {
        let Some((i, list)) = derived.long_lists.of(owner) else {
            return;
        };
        match id {
            Some(id) => out.extend(
                derived
                    .long_lists
                    .range_of(owner, id)
                    .map(|(i, r)| Page::LongList(i, r)),
            ),
            None => out.extend((0..list.ranges.len()).map(|r| Page::LongList(i, r as u32))),
        }
    }
}

/// What the header of a long list's pages shows of its owner.
fn owner_deps(cat: &Catalog, owner: Owner) -> Vec<Entity> {
    match owner {
        Owner::Certifies(k) => vec![
            Entity::Competency(k),
            Entity::Framework(cat.competency(k).framework),
        ],
        Owner::Offers(o) | Owner::Accredits(o) => vec![Entity::Organization(o)],
        Owner::Related(c, _) | Owner::Stack(c) => vec![Entity::CredentialLink(c)],
        Owner::WithoutOutcomes => vec![],
    }
}

/// A credential's page: the credential in full; the links of its related lists, of the
/// credentials its map draws and of those superseding or superseded; what it names of
/// organizations, competencies and frameworks; its pathways. Its routes: [`routed`].
mod credential {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived, id: CredentialId) -> Vec<Entity> {
        let c = cat.credential(id);
        let mut d = vec![Entity::Credential(id)];
        for r in Relation::ALL {
            d.extend(list_deps(derived, Owner::Related(id, r), c.related(r)));
        }
        d.extend(links(&credential_map_nodes(&derived.stack, id).0));
        if let Some(s) = c.superseded_by {
            d.push(Entity::CredentialLink(s));
        }
        if let Some(SupersededRef::InCatalog(s)) = c.supersedes {
            d.push(Entity::CredentialLink(s));
        }
        d.extend(credential_links(cat, c));
        d.extend(c.in_pathways.iter().map(|p| Entity::Pathway(*p)));
        d
    }

    pub fn showing(cat: &Catalog, derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        match entity {
            Entity::Credential(x) | Entity::CredentialFigures(x) => {
                out.insert(Page::Credential(x));
            }
            Entity::CredentialLink(x) => {
                let c = cat.credential(x);
                out.insert(Page::Credential(x));
                // Each relation has its reverse on the other side: what `x` lists, lists `x`.
                for list in c.relations() {
                    credential_pages(list, out);
                }
                // The pages whose neighbourhood map may show it: within two steps either way.
                credential_pages(&derived.stack.neighbourhood(x, 2), out);
                out.extend(c.superseded_by.map(Page::Credential));
                // Several credentials may name the same one as superseded; only the last is
                // its `superseded_by`, but each one's page shows it.
                out.extend(
                    cat.credentials
                        .iter()
                        .filter(
                            |o| matches!(o.supersedes, Some(SupersededRef::InCatalog(s)) if s == x),
                        )
                        .map(|o| Page::Credential(o.id)),
                );
                if let Some(SupersededRef::InCatalog(s)) = c.supersedes {
                    out.insert(Page::Credential(s));
                }
            }
            Entity::Framework(f) => {
                for k in &cat.framework(f).all {
                    credential_pages(&cat.competency(*k).certified_by, out);
                }
            }
            Entity::Competency(k) => credential_pages(&cat.competency(k).certified_by, out),
            Entity::Organization(o) => {
                let org = cat.organization(o);
                credential_pages(&org.owns, out);
                credential_pages(&org.offers, out);
                credential_pages(&org.accredits, out);
                // Governance names organizations without a back-reference; an organization
                // edit is rare enough for a scan.
                out.extend(
                    cat.credentials
                        .iter()
                        .filter(|c| {
                            c.governance.as_ref().is_some_and(|g| {
                                g.approved_by == Some(o)
                                    || g.advisory_board.contains(&o)
                                    || g.recognized_by.contains(&o)
                            })
                        })
                        .map(|c| Page::Credential(c.id)),
                );
            }
            Entity::Pathway(p) => {
                let path = cat.pathway(p);
                out.insert(Page::Credential(path.destination));
                for s in &path.stages {
                    credential_pages(&s.credentials, out);
                }
            }
            _ => {}
        }
    }
}

/// A framework's page: the framework, its publisher, and each of its competencies with the
/// links of the credentials certifying it.
mod framework {
    use super::*;

    pub fn shows(cat: &Catalog, id: FrameworkId) -> Vec<Entity> {
        let f = cat.framework(id);
        let mut d = vec![Entity::Framework(id)];
        d.extend(f.publisher.map(Entity::Organization));
        for k in &f.all {
            d.push(Entity::Competency(*k));
            d.extend(links(&cat.competency(*k).certified_by));
        }
        d
    }

    pub fn showing(cat: &Catalog, entity: Entity, out: &mut HashSet<Page>) {
        let of = |k: &CompetencyId| Page::Framework(cat.competency(*k).framework);
        match entity {
            Entity::CredentialLink(x) => out.extend(cat.credential(x).competencies.iter().map(of)),
            Entity::Framework(f) => {
                out.insert(Page::Framework(f));
            }
            Entity::Competency(k) => {
                out.insert(of(&k));
            }
            Entity::Organization(o) => {
                let frameworks = &cat.organization(o).frameworks;
                out.extend(frameworks.iter().map(|f| Page::Framework(*f)));
            }
            _ => {}
        }
    }
}

/// A competency's page: the competency, its framework, parent and children, and the
/// credentials certifying it (their links, or the index of them when the list is cut).
mod competency {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived, id: CompetencyId) -> Vec<Entity> {
        let k = cat.competency(id);
        let mut d = vec![Entity::Competency(id), Entity::Framework(k.framework)];
        d.extend(k.parent.map(Entity::Competency));
        d.extend(k.children.iter().map(|c| Entity::Competency(*c)));
        d.extend(list_deps(derived, Owner::Certifies(id), &k.certified_by));
        d
    }

    pub fn showing(cat: &Catalog, entity: Entity, out: &mut HashSet<Page>) {
        match entity {
            Entity::CredentialLink(x) => {
                let ks = &cat.credential(x).competencies;
                out.extend(ks.iter().map(|k| Page::Competency(*k)));
            }
            Entity::Framework(f) => {
                out.extend(cat.framework(f).all.iter().map(|k| Page::Competency(*k)));
            }
            Entity::Competency(k) => {
                let comp = cat.competency(k);
                out.insert(Page::Competency(k));
                out.extend(comp.parent.map(Page::Competency));
                out.extend(comp.children.iter().map(|c| Page::Competency(*c)));
            }
            _ => {}
        }
    }
}

/// An organization's page: the organization, the credentials it offers and accredits (their
/// links, or the index of them when a list is cut), its frameworks and pathways.
mod organization {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived, id: OrgId) -> Vec<Entity> {
        let o = cat.organization(id);
        let mut d = vec![Entity::Organization(id)];
        d.extend(list_deps(derived, Owner::Offers(id), &offered(o)));
        d.extend(list_deps(derived, Owner::Accredits(id), &o.accredits));
        d.extend(o.frameworks.iter().map(|f| Entity::Framework(*f)));
        d.extend(o.pathways.iter().map(|p| Entity::Pathway(*p)));
        d
    }

    pub fn showing(cat: &Catalog, entity: Entity, out: &mut HashSet<Page>) {
        let orgs = |ids: &[OrgId], out: &mut HashSet<Page>| {
            out.extend(ids.iter().map(|o| Page::Organization(*o)));
        };
        match entity {
            Entity::CredentialLink(x) => {
                let c = cat.credential(x);
                orgs(&c.owned_by, out);
                orgs(&c.offered_by, out);
                orgs(&c.accredited_by, out);
            }
            Entity::Framework(f) => out.extend(cat.framework(f).publisher.map(Page::Organization)),
            Entity::Organization(o) => {
                out.insert(Page::Organization(o));
            }
            Entity::Pathway(p) => orgs(&cat.pathway(p).owned_by, out),
            _ => {}
        }
    }
}

/// A pathway's page: the pathway, its destination in full, the credentials of its stages
/// (its map and list) and its owners.
mod pathway {
    use super::*;

    pub fn shows(cat: &Catalog, id: PathwayId) -> Vec<Entity> {
        let p = cat.pathway(id);
        let mut d = vec![Entity::Pathway(id), Entity::Credential(p.destination)];
        for s in &p.stages {
            d.extend(s.credentials.iter().map(|c| Entity::Credential(*c)));
            d.extend(links(&s.credentials));
        }
        d.extend(p.owned_by.iter().map(|o| Entity::Organization(*o)));
        d
    }

    pub fn showing(cat: &Catalog, entity: Entity, out: &mut HashSet<Page>) {
        match entity {
            Entity::Credential(x) | Entity::CredentialLink(x) => {
                let ps = &cat.credential(x).in_pathways;
                out.extend(ps.iter().map(|p| Page::Pathway(*p)));
            }
            Entity::Organization(o) => {
                let ps = &cat.organization(o).pathways;
                out.extend(ps.iter().map(|p| Page::Pathway(*p)));
            }
            Entity::Pathway(p) => {
                out.insert(Page::Pathway(p));
            }
            _ => {}
        }
    }
}

/// What a page's routes show (a credential's routes section, an occupation's cheapest
/// route): credentials' links and figures and pathways, of each route's whole structure.
/// The costly part of [`deps`] (a route graph per goal), apart so that [`affected`] builds
/// it only when an edit can have changed a route. The graphs are the memo's, which render
/// reads too: an edit that can change a graph makes the rebuild forget them first.
mod routed {
    use super::*;

    pub fn shows(cat: &Catalog, derived: &Derived, memo: &Memo, page: Page) -> Vec<Entity> {
        match page {
            Page::Credential(id) => explore::route_deps(&memo.route_graph(cat, id).graph),
            Page::Code(kind, i, n) => explore::code_route_deps(cat, derived, memo, kind, i, n),
            _ => Vec::new(),
        }
    }

    /// The goals whose routes count a credential (thousands, for a common prerequisite)
    /// and the occupation pages whose cheapest route may.
    pub fn showing(cat: &Catalog, derived: &Derived, entity: Entity, out: &mut HashSet<Page>) {
        let x = match entity {
            Entity::CredentialLink(x) | Entity::CredentialFigures(x) => x,
            Entity::Pathway(p) => cat.pathway(p).destination,
            _ => return,
        };
        explore::occupation_pages_routing(cat, derived, x, out);
        credential_pages(&routes::dependents(cat, x), out);
    }
}

/// List pages (after the home page, which [`wanted`](super::pages::wanted) renders on any
/// change) that differ from the page at their address in the build before
/// ([`Listing::moved_pages`]): a rename changes the page the credential leaves and the one
/// it joins.
///
/// [`Listing::moved_pages`]: crate::derive::listing::Listing::moved_pages
pub fn moved_list_pages(before: &Derived, now: &Derived) -> impl Iterator<Item = Page> {
    now.listing
        .moved_pages(&before.listing)
        .into_iter()
        .filter(|n| *n > 1)
        .map(|n| Page::Listing(n as u32))
}

/// Directory pages whose lines moved since the build before (an entry added, removed or
/// renamed, a stack grown), and the stack map's index when its first page of stacks did or
/// it draws other stacks.
pub fn moved_directory_pages(before: &Derived, now: &Derived) -> Vec<Page> {
    let dirs = &now.directories;
    let moved = dirs.moved_pages(&before.directories);
    let map = moved.contains(&(Section::Stacks, 1)) || drawn_stacks(before) != drawn_stacks(now);
    moved
        .into_iter()
        .filter_map(|(s, n)| directory_page(dirs, s, n))
        .chain(map.then_some(Page::Map))
        .collect()
}

/// Pages of long lists that differ between two builds' derived views, and the owner pages
/// whose index of them did: a credential joining, leaving or moving within a list, which
/// the entities a page shows cannot name (pages are cut by the names of the others). Also
/// the lists whose index changed, for owners that are not pages of this module.
pub fn moved_long_list_pages(before: &Derived, now: &Derived) -> (Vec<Page>, Vec<Owner>) {
    let (a, b) = (&before.long_lists, &now.long_lists);
    let mut out = Vec::new();
    let mut owners = Vec::new();
    let key =
        |l: &LongList, r: Option<usize>| r.and_then(|r| l.ranges.get(r)).map(|x| x.key.clone());
    for (i, list) in b.lists.iter().enumerate() {
        let old = a.lists.get(i).filter(|o| o.owner == list.owner);
        for (r, range) in list.ranges.iter().enumerate() {
            let same = old.is_some_and(|o| {
                o.ranges.get(r) == Some(range)
                    && key(o, r.checked_sub(1)) == key(list, r.checked_sub(1))
                    && key(o, Some(r + 1)) == key(list, Some(r + 1))
            });
            if !same {
                out.push(Page::LongList(i as u32, r as u32));
            }
        }
        if a.of(list.owner).map(|(_, o)| o) != Some(list) {
            owners.push(list.owner);
        }
    }
    // A list no longer long enough to cut is shown whole again.
    owners.extend(
        a.lists
            .iter()
            .filter(|l| b.of(l.owner).is_none())
            .map(|l| l.owner),
    );
    out.extend(owners.iter().filter_map(|o| owner_page(now, *o)));
    (out, owners)
}
