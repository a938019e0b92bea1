//! What crawlers read first: `sitemap.xml` (every HTML page, absolute URL, `lastmod` from the
//! content's own dates), `robots.txt` naming it, and `feed.xml`, an Atom feed of the
//! [`FEED_ENTRIES`] newest credentials by date effective or version date.
//!
//! Output depends only on the catalog: no build time anywhere (the feed's `updated` is its
//! newest entry's date), so the same content gives byte-identical files and `write` skips them.
//! XML is written by hand with [`escape_xml`]; the structure is fixed and small.

use jiff::civil::Date;

use super::templates::escape_xml;
use super::{pages, urls, Ctx, EmitError, OutFile};
use crate::derive::Derived;
use crate::model::*;

pub const SITEMAP: &str = "sitemap.xml";
/// Where the parts of a sitemap too large for one file go (`sitemaps/1.xml`, …), when
/// `sitemap.xml` is their index.
pub const SITEMAP_PARTS: &str = "sitemaps/";
/// The most URLs one sitemap file may list (sitemaps.org: 50,000 URLs and 50 MB; a URL
/// entry here is under 300 bytes, so the count is the limit that binds). A catalog of about
/// 40,000 credentials has more pages than that.
pub const SITEMAP_URLS: usize = 50_000;
pub const ROBOTS: &str = "robots.txt";
pub const FEED: &str = "feed.xml";

/// How many credentials `feed.xml` lists. A feed says what is new and changed; readers poll
/// it often, and listing a large catalog whole would make every poll (and every dev-server
/// rebuild) carry megabytes that no reader shows.
pub const FEED_ENTRIES: usize = 50;

/// The newest date the content gives a credential: its date effective or a version date.
pub fn credential_date(c: &Credential) -> Option<Date> {
    let history = c
        .version
        .iter()
        .flat_map(|v| v.history.iter().map(|h| h.date));
    c.date_effective.into_iter().chain(history).max()
}

/// When a page last changed, as far as the content says; `None` when it does not.
fn lastmod(cat: &Catalog, derived: &Derived, page: pages::Page) -> Option<Date> {
    use pages::Page;
    let newest = |ids: &[CredentialId]| {
        ids.iter()
            .filter_map(|id| credential_date(cat.credential(*id)))
            .max()
    };
    match page {
        Page::Credential(id) => credential_date(cat.credential(id)),
        // A list page changes when one of its credentials does.
        Page::Home => newest(derived.listing.page(1)),
        Page::Listing(n) => newest(derived.listing.page(n as usize)),
        _ => None,
    }
}

/// `sitemap.xml` listing every page; past [`SITEMAP_URLS`] pages, an index of the parts
/// under [`SITEMAP_PARTS`] that list them, [`SITEMAP_URLS`] each, in the same order.
pub fn sitemap(ctx: &Ctx) -> Vec<OutFile> {
    sitemap_files(ctx, SITEMAP_URLS)
}

/// [`sitemap`] with at most `per_file` URLs a file (public for tests: a catalog past
/// [`SITEMAP_URLS`] pages is slow to build in one).
pub fn sitemap_files(ctx: &Ctx, per_file: usize) -> Vec<OutFile> {
    let (cat, derived) = (ctx.catalog, ctx.derived);
    let mut pages: Vec<(String, Option<Date>)> = pages::pages(cat, derived)
        .into_iter()
        .filter(|p| *p != pages::Page::NotFound)
        .map(|p| {
            let loc = cat.config.url(&pages::page_path(cat, derived, p));
            (loc, lastmod(cat, derived, p))
        })
        .collect();
    // The outcomes dashboard and the quality report are pages too, of another module.
    pages.extend(
        super::outcomes::pages(ctx)
            .into_iter()
            .map(|p| (cat.config.url(p), None)),
    );
    pages.sort();
    if pages.len() <= per_file {
        return vec![OutFile::new(SITEMAP, urlset(&pages))];
    }
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut files = Vec::new();
    for (i, part) in pages.chunks(per_file).enumerate() {
        let path = format!("{SITEMAP_PARTS}{}.xml", i + 1);
        index.push_str("  <sitemap>\n    <loc>");
        index.push_str(&escape_xml(&cat.config.url(&path)));
        index.push_str("</loc>\n");
        if let Some(d) = part.iter().filter_map(|(_, d)| *d).max() {
            index.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        index.push_str("  </sitemap>\n");
        files.push(OutFile::new(path, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutFile::new(SITEMAP, index));
    files
}

/// One sitemap file: a `urlset` of pages, each with its absolute URL and date.
fn urlset(pages: &[(String, Option<Date>)]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, date) in pages {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&escape_xml(loc));
        out.push_str("</loc>\n");
        if let Some(d) = date {
            out.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(cat: &Catalog) -> String {
    // Badge pages are not disallowed: a crawler that may not fetch a page cannot read its
    // noindex, and may still list the bare URL when it is linked from elsewhere.
    let badges = if !cat.awards.is_empty() && !cat.config.badges.index_pages {
        "# Badge pages (badges/) carry <meta name=\"robots\" content=\"noindex\">: they stay\n\
         # crawlable so that search engines can read it and leave them out of results.\n"
    } else {
        ""
    };
    format!(
        "User-agent: *\nAllow: /\n{badges}\nSitemap: {}\n",
        cat.config.url(SITEMAP)
    )
}

fn atom_date(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

pub fn feed(cat: &Catalog) -> String {
    let mut entries: Vec<(&Credential, Date)> = cat
        .credentials
        .iter()
        .filter_map(|c| credential_date(c).map(|d| (c, d)))
        .collect();
    // Newest first; the slug breaks ties so the order never depends on file order (nor which
    // of two same-day credentials makes the cut).
    entries.sort_by(|(a, da), (b, db)| db.cmp(da).then_with(|| a.slug.cmp(&b.slug)));
    entries.truncate(FEED_ENTRIES);
    let updated = entries.first().map(|(_, d)| *d);
    let author = cat
        .publisher
        .map(|p| cat.organization(p).name.clone())
        .unwrap_or_else(|| cat.config.title.clone());
    let home = cat.config.url("");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&cat.config.language)
    ));
    out.push_str(&format!("  <id>{}</id>\n", escape_xml(&home)));
    out.push_str(&format!(
        "  <title>{}</title>\n",
        escape_xml(&cat.config.title)
    ));
    if !cat.config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_xml(&cat.config.description)
        ));
    }
    // Atom requires <updated>; with no dated credential the epoch keeps the output stable.
    out.push_str(&format!(
        "  <updated>{}</updated>\n",
        updated
            .map(atom_date)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&cat.config.url(FEED))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&home)
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&author)
    ));
    for (c, date) in entries {
        let url = cat.config.url(&urls::credential(c));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", escape_xml(&url)));
        out.push_str(&format!("    <title>{}</title>\n", escape_xml(&c.name)));
        out.push_str(&format!("    <updated>{}</updated>\n", atom_date(date)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&url)
        ));
        out.push_str(&format!(
            "    <category term=\"{}\" label=\"{}\"/>\n",
            escape_xml(c.kind.key()),
            escape_xml(c.kind.label())
        ));
        out.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_xml(&c.summary)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// `robots.txt` and `feed.xml`.
pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    // Catalog-wide lists: any change can show in them.
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    Ok(vec![
        OutFile::new(ROBOTS, robots(ctx.catalog)),
        OutFile::new(FEED, feed(ctx.catalog)),
    ])
}

/// `sitemap.xml` (and its parts), on its own: it lists every page, so it is large, and no
/// page shows it (a deferred output, see `emit::DEFERRED`).
pub fn emit_sitemap(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    if !ctx.scope.any() {
        return Ok(vec![]);
    }
    Ok(sitemap(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_xml(r#"R&D <b>"x"</b> 'y'"#),
            "R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt; &apos;y&apos;"
        );
        assert_eq!(escape_xml("a\u{1}b\tc"), "ab\tc");
    }
}
