//! The site's pages and where each one is: every emitter that names a page (the HTML pages
//! themselves, the CTDL and OB documents beside them, schema.org, crawl files, the
//! incremental rebuild) reads the page list and the paths from here, so a page's address is
//! decided once.

use crate::derive::directory::{Directories, Entry, Section};
use crate::derive::explore::CodeKind;
use crate::derive::long_lists::{LongList, Owner};
use crate::derive::Derived;
use crate::model::*;

use super::{urls, Ctx, Entity, Scope};

/// One HTML page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    /// The home page: the site, the first page of the credential list, pathways, frameworks.
    Home,
    /// Page n (2 and up) of the credential list.
    Listing(u32),
    /// The skills index: every skill area.
    Skills,
    /// One area of the skills index (an index into `derived.skills.categories`).
    SkillArea(u32),
    NotFound,
    Credential(CredentialId),
    Framework(FrameworkId),
    Competency(CompetencyId),
    Organization(OrgId),
    Pathway(PathwayId),
    /// The stack map's index: every stack, and the credentials that stand alone.
    Map,
    /// The map of one stack (an index into `derived.stacks.list`).
    Stack(u32),
    /// A free-form page from `content/pages/`.
    Free(FreePageId),
    /// The index of occupations, industries or programs of study: their groups (see
    /// `emit::explore`).
    CodeIndex(CodeKind),
    /// One group of a code list (an index into its `groups`).
    CodeGroup(CodeKind, u32),
    /// Page n (from 1) of one occupation, industry or program of study (an index into its
    /// list's `codes`).
    Code(CodeKind, u32, u32),
    /// The "what next" planner (its data: `emit::explore`).
    Plan,
    /// One page of a list too long for its owner's page (an index into
    /// `derived.long_lists.lists`, then into its ranges).
    LongList(u32, u32),
    /// Credentials side by side.
    Compare,
    /// Page n (from 1) of a directory: every pathway, organization or framework, or (from
    /// page 2: the stack map's index is page 1) every stack and lone credential.
    Directory(Section, u32),
}

/// The pages rendered again by the rules in [`wanted`], not by their [`super::deps::deps`].
pub const RULE_PAGES: [Page; 5] = [
    Page::Home,
    Page::Skills,
    Page::NotFound,
    Page::Plan,
    Page::Compare,
];

/// Every page of the site: the rule pages first, then the map, the pages that follow from
/// derived views, and one page per credential, framework, competency, organization, pathway
/// and free page.
pub fn pages(cat: &Catalog, derived: &Derived) -> Vec<Page> {
    let mut v = RULE_PAGES.to_vec();
    v.push(Page::Map);
    v.extend(derived_pages(derived));
    v.extend(cat.credentials.iter().map(|c| Page::Credential(c.id)));
    v.extend(cat.frameworks.iter().map(|f| Page::Framework(f.id)));
    v.extend(cat.competencies.iter().map(|k| Page::Competency(k.id)));
    v.extend(cat.organizations.iter().map(|o| Page::Organization(o.id)));
    v.extend(cat.pathways.iter().map(|p| Page::Pathway(p.id)));
    v.extend(cat.pages.iter().map(|p| Page::Free(p.id)));
    v
}

/// The site path of a page's folder (`credentials/sql/`), or the file for the 404 page.
pub fn page_path(cat: &Catalog, derived: &Derived, page: Page) -> String {
    match page {
        Page::Home => String::new(),
        Page::Listing(n) => listing_path(derived, n as usize),
        Page::Skills => urls::SKILLS.into(),
        Page::SkillArea(i) => urls::skill_area(&derived.skills.categories[i as usize].slug),
        Page::NotFound => "404.html".into(),
        Page::Credential(id) => urls::credential(cat.credential(id)),
        Page::Framework(id) => urls::framework(cat.framework(id)),
        Page::Competency(id) => urls::competency(cat, cat.competency(id)),
        Page::Organization(id) => urls::organization(cat.organization(id)),
        Page::Pathway(id) => urls::pathway(cat.pathway(id)),
        Page::Map => urls::MAP.into(),
        Page::Stack(i) => urls::stack(cat.credential(derived.stacks.list[i as usize].headline)),
        Page::Free(id) => urls::free_page(cat.free_page(id)),
        Page::LongList(i, r) => long_list_path(cat, &derived.long_lists.lists[i as usize], r),
        Page::Directory(s, n) => urls::directory(s, n as usize),
        Page::CodeIndex(kind) => urls::code_index(kind),
        Page::CodeGroup(kind, g) => {
            urls::code_group(kind, &derived.explore.list(kind).groups[g as usize].key)
        }
        Page::Code(kind, i, n) => urls::code_page(
            kind,
            &derived.explore.list(kind).codes[i as usize].slug,
            n as usize,
        ),
        Page::Plan => urls::PLAN.into(),
        Page::Compare => urls::COMPARE.into(),
    }
}

/// The site path of the CTDL document that describes an HTML page, if any: competency pages
/// point at their framework's document; list, skills and map pages, which gather the whole
/// catalog, at the bulk graph.
pub fn document(cat: &Catalog, derived: &Derived, page: Page) -> Option<String> {
    match page {
        Page::Home
        | Page::Listing(_)
        | Page::Skills
        | Page::SkillArea(_)
        | Page::Map
        | Page::Stack(_)
        | Page::Directory(..)
        | Page::CodeIndex(_)
        | Page::CodeGroup(..)
        | Page::Code(..) => Some(urls::CATALOG_GRAPH.into()),
        // A free page, the planner and the compare page describe no resource.
        Page::NotFound | Page::Free(_) | Page::Plan | Page::Compare => None,
        Page::Competency(id) => Some(urls::document(&urls::framework(
            cat.framework(cat.competency(id).framework),
        ))),
        // A page of a long list is its owner's.
        Page::LongList(i, _) => {
            let owner = owner_page(derived, derived.long_lists.lists[i as usize].owner)?;
            document(cat, derived, owner)
        }
        p => Some(urls::document(&page_path(cat, derived, p))),
    }
}

/// Where page `n` of the credential list is: the home page for the first, else under
/// `page/`, by the name prefix it starts at.
pub fn listing_path(derived: &Derived, n: usize) -> String {
    match derived.listing.key(n) {
        Some(key) if !key.is_empty() => urls::listing(key),
        _ => String::new(),
    }
}

/// The pages whose number and addresses follow from derived views rather than from the
/// catalog's files (list pages, skill areas, stacks): an edit can add or remove them
/// without adding or removing a file.
pub fn derived_page_paths(cat: &Catalog, derived: &Derived) -> Vec<String> {
    derived_pages(derived)
        .map(|p| output_file(page_path(cat, derived, p)))
        .collect()
}

/// List pages after the first, skill areas, stacks, and the occupation, industry and
/// program pages.
fn derived_pages(derived: &Derived) -> impl Iterator<Item = Page> + '_ {
    let listing = (2..=derived.listing.pages()).map(|n| Page::Listing(n as u32));
    let areas = (0..derived.skills.categories.len()).map(|i| Page::SkillArea(i as u32));
    let stacks = (0..derived.stacks.list.len()).map(|i| Page::Stack(i as u32));
    let codes = code_pages(derived);
    let long = derived
        .long_lists
        .lists
        .iter()
        .enumerate()
        .flat_map(|(i, l)| (0..l.ranges.len()).map(move |r| Page::LongList(i as u32, r as u32)));
    listing
        .chain(areas)
        .chain(stacks)
        .chain(codes)
        .chain(long)
        .chain(directory_pages(derived))
}

/// The directories' pages.
fn directory_pages(derived: &Derived) -> impl Iterator<Item = Page> + '_ {
    let dirs = &derived.directories;
    Section::ALL
        .into_iter()
        .flat_map(move |s| (1..=dirs.pages(s)).filter_map(move |n| directory_page(dirs, s, n)))
}

/// Page `n` of a directory, when the site has it: an empty section has no page, and the
/// stacks' first page is the stack map's index ([`Page::Map`]).
pub fn directory_page(dirs: &Directories, section: Section, n: usize) -> Option<Page> {
    let exists = !dirs.entries(section).is_empty()
        && n <= dirs.pages(section)
        && (section != Section::Stacks || n > 1);
    exists.then_some(Page::Directory(section, n as u32))
}

/// The directory page listing `entry`.
pub fn directory_page_of(derived: &Derived, entry: Entry) -> Option<Page> {
    let dirs = &derived.directories;
    let (s, n) = dirs.page_of(entry)?;
    directory_page(dirs, s, n)
}

/// Where page `r` of a long list is: under its owner's page, by the name prefix it starts at.
pub fn long_list_path(cat: &Catalog, list: &LongList, r: u32) -> String {
    let key = &list.ranges[r as usize].key;
    match list.owner {
        Owner::Certifies(k) => format!(
            "{}credentials/{key}/",
            urls::competency(cat, cat.competency(k))
        ),
        Owner::Offers(o) => format!(
            "{}credentials/{key}/",
            urls::organization(cat.organization(o))
        ),
        Owner::Accredits(o) => format!(
            "{}accredits/{key}/",
            urls::organization(cat.organization(o))
        ),
        Owner::Related(c, r) => {
            format!("{}{}/{key}/", urls::credential(cat.credential(c)), r.slug())
        }
        Owner::Stack(h) => format!("{}{key}/", urls::stack(cat.credential(h))),
        Owner::WithoutOutcomes => format!("{}without/{key}/", urls::OUTCOMES),
    }
}

/// The page a long list belongs to (none for a stack that is no longer one, nor for the
/// outcomes dashboard, which is not a page of this module: `outcomes::emit` reads
/// `Changes::lists`).
pub fn owner_page(derived: &Derived, owner: Owner) -> Option<Page> {
    Some(match owner {
        Owner::Certifies(k) => Page::Competency(k),
        Owner::Offers(o) | Owner::Accredits(o) => Page::Organization(o),
        Owner::Related(c, _) => Page::Credential(c),
        Owner::Stack(h) => Page::Stack((*derived.stacks.of.get(h.index())?)?),
        Owner::WithoutOutcomes => return None,
    })
}

/// The file a page is written to: its folder's `index.html` (or the 404 page's own name).
pub fn output_file(path: String) -> String {
    if path.ends_with(".html") {
        path
    } else {
        format!("{path}index.html")
    }
}
/// The occupation, industry and program pages: the index, groups and codes of each list.
fn code_pages(derived: &Derived) -> impl Iterator<Item = Page> + '_ {
    CodeKind::ALL.into_iter().flat_map(move |kind| {
        let list = derived.explore.list(kind);
        std::iter::once(Page::CodeIndex(kind))
            .chain((0..list.groups.len()).map(move |g| Page::CodeGroup(kind, g as u32)))
            .chain(list.codes.iter().enumerate().flat_map(move |(i, c)| {
                (1..=c.pages()).map(move |n| Page::Code(kind, i as u32, n as u32))
            }))
    })
}

/// How many of the largest stacks the map index draws; the others are listed, each a link
/// to its own map, so the page stays small however many stacks a catalog has.
pub const MAP_INDEX_DRAWN: usize = 4;

/// The stacks the map index draws: the largest small enough to draw, in the stack
/// directory's order (by size).
pub fn drawn_stacks(derived: &Derived) -> Vec<u32> {
    let entries = derived.directories.entries(Section::Stacks).iter();
    entries
        .filter_map(|e| match e {
            Entry::Stack(i, size) if *size as usize <= super::maps::MAX_DRAWN => Some(*i),
            _ => None,
        })
        .take(MAP_INDEX_DRAWN)
        .collect()
}

/// Whether a page must be rendered in this emit run: by the rules for [`RULE_PAGES`], else
/// when the edit's dirty pages (found from [`super::deps::deps`]) hold it.
pub fn wanted(ctx: &Ctx, page: Page) -> bool {
    // A full build wants everything: skip working out dependencies (graph walks included).
    let Scope::Changed(changes) = ctx.scope else {
        return true;
    };
    if chrome_changed(ctx) {
        return true;
    }
    let any = |f: fn(&Entity) -> bool| changes.entities.iter().any(f);
    match page {
        // Nothing from content: the planner and compare pages read their data files.
        Page::NotFound | Page::Plan | Page::Compare => false,
        // The filters and counts sum up every credential, and the largest pathways,
        // frameworks and organizations are chosen among all of them. Bounded: it shows at
        // most a list page of cards and a few of each.
        Page::Home => !changes.entities.is_empty(),
        // Area names come from competency categories and framework names.
        Page::Skills => any(|e| matches!(e, Entity::Framework(_) | Entity::Competency(_))),
        // The rest by their dependencies, inverted for this edit (`deps::affected`).
        p => changes.pages.contains(&p),
    }
}

/// Whether what every page's header and footer show (the site, the publisher) changed: a
/// page that shows nothing else, such as the 404 page, needs rendering only then.
pub fn chrome_changed(ctx: &Ctx) -> bool {
    ctx.scope.is_all()
        || ctx.scope.wants([Entity::Nav])
        || ctx
            .catalog
            .publisher
            .is_some_and(|p| ctx.scope.wants([Entity::Organization(p)]))
}
