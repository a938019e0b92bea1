//! Markdown bodies → HTML fragments: CommonMark plus tables, footnotes and strikethrough,
//! heading ids with anchor links, footnote ids that cannot collide with the page's own ids,
//! and sanitizing of raw HTML unless the site allows it.
//!
//! Headings shift down one level: the page's `<h1>` is the resource's name, so a body `#`
//! becomes `<h2>`.

use std::collections::HashMap;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// How deep lists, quotes and other blocks may nest in a body. Real text stays under ten;
/// past a few hundred, sanitizing time grows with the square of the depth (25,000 nested list
/// items kept a core busy for minutes).
pub const MAX_NESTING: usize = 64;

/// A body that cannot be published: where (a byte range of the body) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyError {
    pub at: std::ops::Range<usize>,
    pub message: String,
}

/// Renders a markdown body to an HTML fragment.
pub fn render(markdown: &str, allow_raw_html: bool) -> Result<String, BodyError> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(BodyError {
                        at: range.start..range.start,
                        message: format!(
                            "the text nests lists, quotes or other blocks more than {MAX_NESTING} levels deep"
                        ),
                    });
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        events.push(event);
    }
    let events = footnotes(anchor_headings(events));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if allow_raw_html {
        return Ok(out);
    }
    // Raw HTML nests without markdown seeing it (`<div><div>…`), and the sanitizer's time
    // grows with the square of the depth: refuse before it runs.
    let depth = html_depth(&out);
    if depth > MAX_HTML_DEPTH {
        let at = markdown.find('<').unwrap_or(0);
        return Err(BodyError {
            at: at..at,
            message: format!(
                "the text's HTML nests {depth} elements deep; at most {MAX_HTML_DEPTH} are allowed"
            ),
        });
    }
    Ok(sanitize(&out))
}

/// How deep elements may nest in a body's HTML before sanitizing (markdown nested
/// [`MAX_NESTING`] levels deep makes about three elements a level).
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never hold others.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The deepest nesting of elements in `html`, counting an element never closed as open to
/// the end (what a browser, and the sanitizer, do).
fn html_depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        if rest.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name: String = rest
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let self_closing = rest.find('>').is_some_and(|e| rest[..e].ends_with('/'));
            if !self_closing && !VOID.contains(&name.as_str()) {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

/// Gives every heading a unique id from its text and a visible anchor link.
fn anchor_headings(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) = &events[i]
        {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let id = unique_id(slugify(&text), &mut used);
            let level = shift(*level);
            out.push(Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id.clone())),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
            out.extend(events[i + 1..end].iter().cloned());
            out.push(Event::Html(CowStr::from(format!(
                " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
            ))));
            out.push(Event::End(TagEnd::Heading(level)));
            i = end + 1;
        } else {
            out.push(events[i].clone());
            i += 1;
        }
    }
    out
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn unique_id(base: String, used: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        base
    } else {
        format!("{base}-{}", *n - 1)
    }
}

/// Lowercase ASCII letters and digits joined by single dashes.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Rewrites footnotes with `fn-`/`fnref-` prefixed ids and numbers in order of first
/// reference: pulldown-cmark's bare ids (`#1`) would collide with heading ids.
fn footnotes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        match e {
            Event::FootnoteReference(name) => {
                let next = numbers.len() + 1;
                let n = *numbers.entry(name.to_string()).or_insert(next);
                let id = slugify(&name);
                out.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\" id=\"fnref-{id}\"><a href=\"#fn-{id}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let id = slugify(&name);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"fn-{id}\"><a class=\"footnote-back\" href=\"#fnref-{id}\" aria-label=\"Back to reference\">↩</a>"
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => out.push(other),
        }
    }
    out
}

fn sanitize(html: &str) -> String {
    // Built once: a Builder is a dozen hash sets, and every body of the catalog uses it.
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.add_generic_attributes(["id"])
                .add_tag_attributes("a", ["class", "aria-label"])
                .add_tag_attributes("sup", ["class"])
                .add_tag_attributes("div", ["class"])
                .add_tag_attributes("th", ["style"])
                .add_tag_attributes("td", ["style"])
                .add_tag_attributes("code", ["class"])
                .attribute_filter(cell_alignment_only)
                .id_prefix(None);
            b
        })
        .clean(html)
        .to_string()
}

/// Table cells keep `style` for the column alignment markdown writes, and nothing else: any
/// other CSS from raw HTML (`position: fixed` over the page, say) is dropped.
fn cell_alignment_only<'u>(
    _element: &str,
    attribute: &str,
    value: &'u str,
) -> Option<std::borrow::Cow<'u, str>> {
    const ALIGNMENTS: [&str; 3] = [
        "text-align: left",
        "text-align: center",
        "text-align: right",
    ];
    if attribute != "style" || ALIGNMENTS.contains(&value) {
        Some(value.into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_shift_down() {
        let html = render("# Intro\n\n## Intro\n", false).unwrap();
        assert!(html.contains("<h2 id=\"intro\">Intro"), "{html}");
        assert!(html.contains("<h3 id=\"intro-1\">"), "{html}");
        assert!(html.contains("href=\"#intro\""), "{html}");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^n].\n\n[^n]: Note.\n",
            false,
        )
        .unwrap();
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("href=\"#fn-n\""), "{html}");
        assert!(html.contains("id=\"fn-n\""), "{html}");
    }

    #[test]
    fn raw_html_is_sanitized_unless_allowed() {
        let md = "Hi <script>alert(1)</script><img src=x onerror=alert(1)>";
        let safe = render(md, false).unwrap();
        assert!(
            !safe.contains("<script") && !safe.contains("onerror"),
            "{safe}"
        );
        assert!(render(md, true).unwrap().contains("<script>"));
    }

    #[test]
    fn deep_raw_html_is_refused_before_sanitizing() {
        let divs = "<div>".repeat(20_000);
        let start = std::time::Instant::now();
        let e = render(&divs, false).unwrap_err();
        assert!(e.message.contains("nests 20000 elements"), "{}", e.message);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert!(render(&"<div>".repeat(100), false).is_ok());
        assert_eq!(html_depth("<p>a<br>b<img src=x/></p><p><b>c</b></p>"), 2);
        // Trusted raw HTML is the author's business.
        assert!(render(&divs, true).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep: String = (0..25_000)
            .map(|i| format!("{}1. x\n", "   ".repeat(i % 2000)))
            .collect();
        let start = std::time::Instant::now();
        assert!(render(&deep, false).is_err());
        let quotes = ">".repeat(100_000);
        assert!(render(&quotes, false).is_err());
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        let ok = ">".repeat(20) + " fine";
        assert!(render(&ok, false).is_ok());
    }

    #[test]
    fn cells_keep_their_alignment_and_no_other_style() {
        let html = render("| a |\n|:-:|\n| 1 |\n", false).unwrap();
        assert!(html.contains("<td style=\"text-align: center\">"), "{html}");
        let html = render(
            "<table><tr><td style=\"position: fixed; top: 0\">x</td></tr></table>",
            false,
        )
        .unwrap();
        assert!(!html.contains("style"), "{html}");
    }
}
