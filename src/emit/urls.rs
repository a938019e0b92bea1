//! Where each resource lives in the output. Every emitter and template link goes through
//! these, so a page and the links to it cannot disagree.

use crate::load::Kind;
use crate::model::*;

/// The folder of each kind of content page; a page is `<folder><slug>/`.
fn section(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Credential => "credentials/",
        Kind::Framework => "frameworks/",
        Kind::Organization => "organizations/",
        Kind::Pathway => "pathways/",
        Kind::Page => "",
        Kind::Awards => return None,
    })
}

/// The page of the content file of `kind` named `slug`: what an `@/` link leads to. Award
/// files have none.
pub fn content_page(kind: Kind, slug: &str) -> Option<String> {
    section(kind).map(|s| format!("{s}{slug}/"))
}

/// How an `@/` link starts in a body's HTML: pulldown-cmark writes attributes in double
/// quotes.
const AT_LINK: &str = "=\"@/";

/// An `@/` link of a body, as `resolve` checks it and emit writes it.
pub struct AtLink {
    /// The content file it names, relative to the root (`content/credentials/x.md`).
    pub source: std::path::PathBuf,
    /// Its kind and slug, and the site path it leads to (page and anchor), when the file is
    /// of a kind that makes a page.
    pub page: Option<(Kind, String, String)>,
}

/// Reads an `@/` link's target as a body's HTML holds it (`credentials/x.md#part`, `&` as
/// `&amp;`).
pub fn at_link(target: &str) -> AtLink {
    let target = target.replace("&amp;", "&");
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, format!("#{anchor}")),
        None => (target.as_str(), String::new()),
    };
    let source = std::path::Path::new("content").join(path);
    let page = Kind::of(&source).and_then(|kind| {
        let slug = source.file_stem()?.to_str()?.to_string();
        let page = content_page(kind, &slug)?;
        Some((kind, slug, format!("{page}{anchor}")))
    });
    AtLink { source, page }
}

/// Where the target of each `@/` link in a body's HTML is, in order.
fn at_link_spans(html: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + html[from..].find(AT_LINK)? + AT_LINK.len();
        let end = html[start..].find('"').map_or(html.len(), |e| start + e);
        from = end;
        Some(start..end)
    })
}

/// The target of each `@/` link in a body's HTML, in order.
pub fn at_links(html: &str) -> impl Iterator<Item = &str> {
    at_link_spans(html).map(|span| &html[span])
}

/// A body's HTML with each `@/` link made a site path under `base`. The catalog keeps
/// bodies as written (shared with the loaded records: no second copy of every body);
/// `resolve` refused every link that leads nowhere, so none reaches a page. One that does
/// not name a page anyway becomes `#`.
pub fn with_site_links<'a>(html: &'a str, base: &str) -> std::borrow::Cow<'a, str> {
    let mut spans = at_link_spans(html).peekable();
    if spans.peek().is_none() {
        return html.into();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut written = 0;
    for span in spans {
        // Up to the quote, without the `@/`.
        out.push_str(&html[written..span.start - 2]);
        match at_link(&html[span.clone()]).page {
            Some((_, _, path)) => {
                out.push_str(base);
                out.push_str(&path);
            }
            None => out.push('#'),
        }
        written = span.end;
    }
    out.push_str(&html[written..]);
    out.into()
}

/// A content page's body as its template shows it: [`with_site_links`] under the site's
/// base path. Every page that shows a body goes through here.
pub fn body_html(cat: &Catalog, html: &BodyHtml) -> String {
    let text = html.text();
    match with_site_links(&text, &cat.config.base_path()) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(linked) => linked,
    }
}

/// Where credential pages live: every credential at `CREDENTIALS` + its slug + `/` (the
/// planner's goal files give only the prefix and each slug).
pub const CREDENTIALS: &str = "credentials/";
pub fn credential(c: &Credential) -> String {
    format!("{CREDENTIALS}{}/", c.slug)
}
pub fn framework(f: &Framework) -> String {
    format!("frameworks/{}/", f.slug)
}
pub fn competency(cat: &Catalog, k: &Competency) -> String {
    format!("frameworks/{}/{}/", cat.framework(k.framework).slug, k.slug)
}
pub fn organization(o: &Organization) -> String {
    format!("organizations/{}/", o.slug)
}
pub fn pathway(p: &Pathway) -> String {
    format!("pathways/{}/", p.slug)
}
pub fn award(a: &Award) -> String {
    format!("badges/{}/", a.id)
}
/// A page of the credential list after the home page (the first), by the name prefix it
/// starts at (`derive::listing`).
pub fn listing(key: &str) -> String {
    format!("page/{key}/")
}
/// Page `n` of a directory (`derive::directory`): its section's folder for page 1 (the stack
/// map's index for stacks), then `page-<n>.html` in that folder. A file, not a folder: a
/// folder there could take a pathway's, organization's or framework's slug, and a slug
/// holds no dot.
pub fn directory(section: crate::derive::directory::Section, n: usize) -> String {
    use crate::derive::directory::Section;
    let folder = match section {
        Section::Pathways => "pathways/",
        Section::Organizations => "organizations/",
        Section::Frameworks => "frameworks/",
        Section::Stacks => MAP,
    };
    if n <= 1 {
        folder.to_string()
    } else {
        format!("{folder}page-{n}.html")
    }
}
pub fn skill_area(slug: &str) -> String {
    format!("{SKILLS}{slug}/")
}
/// A stack's map, named after its headline credential.
pub fn stack(headline: &Credential) -> String {
    format!("{MAP}{}/", headline.slug)
}
/// A free-form page.
pub fn free_page(p: &FreePage) -> String {
    format!("{}/", p.slug)
}
/// The site's own top-level folders and files: a free page may not take one of their names.
pub const RESERVED: &[&str] = &[
    "credentials",
    "frameworks",
    "organizations",
    "pathways",
    "badges",
    "page",
    "skills",
    "map",
    "verify",
    "outcomes",
    "quality",
    "ctdl",
    "css",
    "js",
    "fonts",
    "images",
    "search",
    "occupations",
    "industries",
    "programs",
    "plan",
    "compare",
    "status",
    // The sitemap's parts (`emit::crawl::SITEMAP_PARTS`), replaced whole by the dev server.
    "sitemaps",
];
pub const SKILLS: &str = "skills/";
pub const MAP: &str = "map/";
/// The folder of the search index (`emit::search`).
pub const SEARCH: &str = "search/";

/// A site path (`credentials/x/`) as a link from any page: the base path, then the path.
pub fn link(cat: &Catalog, path: &str) -> String {
    let (base, path) = (cat.config.base_path_unended(), path.trim_start_matches('/'));
    let mut link = String::with_capacity(base.len() + 1 + path.len());
    link.push_str(base);
    link.push('/');
    link.push_str(path);
    link
}

/// An image or link from content: site-absolute paths (`/images/x.svg`) get the base path,
/// absolute URLs stay as they are.
pub fn asset(cat: &Catalog, src: &str) -> String {
    if src.starts_with('/') && !src.starts_with("//") {
        link(cat, src)
    } else {
        src.to_string()
    }
}

/// The index of occupations, industries or programs of study (`occupations/`).
pub fn code_index(kind: crate::derive::explore::CodeKind) -> String {
    format!("{}/", kind.key())
}
/// One group of a code list: `occupations/groups/15/`, `industries/groups/31-33/`. Codes are
/// digits, so `groups` cannot be a code.
pub fn code_group(kind: crate::derive::explore::CodeKind, key: &str) -> String {
    format!("{}/groups/{key}/", kind.key())
}
/// One occupation, industry or program: `occupations/15-2051/`, `industries/541511/`,
/// `programs/30.7101/` (the slug of a code `resolve::validate` accepted: digits, `-`, `.`).
pub fn code(kind: crate::derive::explore::CodeKind, slug: &str) -> String {
    format!("{}/{slug}/", kind.key())
}
/// Page `n` of a code's credentials; page 1 is [`code`].
pub fn code_page(kind: crate::derive::explore::CodeKind, slug: &str, n: usize) -> String {
    if n <= 1 {
        code(kind, slug)
    } else {
        format!("{}/{slug}/page/{n}/", kind.key())
    }
}
/// The bulk graph: the index of every resource's CTDL, or of its parts when it is too large
/// for one file (`emit::ctdl::CATALOG_PART_BYTES`).
pub const CATALOG_GRAPH: &str = "catalog.jsonld";
/// The folder of the bulk graph's parts, under the reserved `ctdl` folder.
pub const CATALOG_PARTS: &str = "ctdl/catalog/";
/// Part `n` (from 1) of the bulk graph: `ctdl/catalog/1.jsonld`, …
pub fn catalog_part(n: usize) -> String {
    format!("{CATALOG_PARTS}{n}.jsonld")
}
/// The CTDL document of the page at `page_path` (`credentials/sql/`), beside its HTML.
pub fn document(page_path: &str) -> String {
    format!("{page_path}index.jsonld")
}
/// The paste-to-verify page.
pub const VERIFY: &str = "verify/";
/// Status list number `list` (from 1): `status/1.json`, `status/2.json`, …
pub fn status_list(list: usize) -> String {
    format!("status/{list}.json")
}
/// The outcomes dashboard.
pub const OUTCOMES: &str = "outcomes/";
/// The quality report's page.
pub const QUALITY_REPORT: &str = "quality/";
pub const PLAN: &str = "plan/";
pub const COMPARE: &str = "compare/";
/// What the planner reads: every goal's name and the occupations (see `emit::explore`).
pub const PLAN_INDEX: &str = "plan/index.json";
/// The route data of one goal.
pub fn plan_goal(c: &Credential) -> String {
    format!("{PLAN}goals/{}.json", c.slug)
}
/// What the compare page shows of one credential.
pub fn compare_data(c: &Credential) -> String {
    format!("{COMPARE}data/{}.json", c.slug)
}

#[cfg(test)]
mod site_link_tests {
    use super::*;

    #[test]
    fn at_links_become_site_paths_under_the_base() {
        let html = r#"<p><a href="@/credentials/sql.md#skills">SQL</a>, <a href="@/pages/about.md">about</a> and <a href="@/issued/2026.csv">x</a>; <a href="https://a.example/?a=1&amp;b=2">out</a></p>"#;
        assert_eq!(
            at_links(html).collect::<Vec<_>>(),
            [
                "credentials/sql.md#skills",
                "pages/about.md",
                "issued/2026.csv"
            ]
        );
        assert_eq!(
            with_site_links(html, "/catalog/"),
            r##"<p><a href="/catalog/credentials/sql/#skills">SQL</a>, <a href="/catalog/about/">about</a> and <a href="#">x</a>; <a href="https://a.example/?a=1&amp;b=2">out</a></p>"##
        );
        let plain = "<p>No links.</p>";
        assert!(matches!(
            with_site_links(plain, "/"),
            std::borrow::Cow::Borrowed(p) if p == plain
        ));
        // A target the body never closes runs to the end, as it did when resolve rewrote it.
        assert_eq!(
            with_site_links(r#"x="@/credentials/a.md"#, "/"),
            r#"x="/credentials/a/"#
        );
        let amp = at_link("credentials/a&amp;b.md");
        assert_eq!(
            amp.source,
            std::path::Path::new("content/credentials/a&b.md")
        );
    }
}
