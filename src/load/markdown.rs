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
    let events = parse(markdown)?;
    let sanitize_needed = !allow_raw_html && needs_sanitizer(&events);
    let events = footnotes(anchor_headings(events));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if allow_raw_html {
        return Ok(out);
    }
    if !sanitize_needed {
        return Ok(as_sanitized(&out));
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

/// A body's markdown events, refused past [`MAX_NESTING`].
fn parse(markdown: &str) -> Result<Vec<Event<'_>>, BodyError> {
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
    Ok(events)
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
    // Where in `out` the open heading starts: its id is its text, known at its end.
    let mut open: Option<usize> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                open = Some(out.len());
                out.push(Event::Start(Tag::Heading {
                    level: shift(level),
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = open.take() {
                    let text: String = out[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = unique_id(slugify(&text), &mut used);
                    out.push(Event::Html(CowStr::from(format!(
                        " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                    ))));
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut out[start] {
                        *slot = Some(CowStr::from(id));
                    }
                }
                out.push(Event::End(TagEnd::Heading(shift(level))));
            }
            other => out.push(other),
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

/// Whether a body's events (as parsed, before [`anchor_headings`] and [`footnotes`] add
/// their own HTML) need the sanitizer: raw HTML, or a link or image whose address the
/// sanitizer would drop. Any other body is markdown that pulldown-cmark has escaped, and
/// [`as_sanitized`] writes it as the sanitizer would without parsing it again (sanitizing
/// was a tenth of a cold build's CPU).
fn needs_sanitizer(events: &[Event<'_>]) -> bool {
    events.iter().any(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => !address_kept(dest_url, *link_type == pulldown_cmark::LinkType::Email),
        Event::Start(Tag::Image { dest_url, .. }) => !address_kept(dest_url, false),
        _ => false,
    })
}

/// Whether the sanitizer keeps the address pulldown-cmark writes for `dest` (with `mailto:`
/// before it for an email autolink): the sanitizer's own rule, on the attribute's value as an
/// HTML parser reads it back.
fn address_kept(dest: &str, mailto: bool) -> bool {
    let mut written = String::with_capacity(dest.len() + 7);
    if mailto {
        written.push_str("mailto:");
    }
    if pulldown_cmark_escape::escape_href(&mut written, dest).is_err() {
        return false;
    }
    let value = written.replace("&amp;", "&").replace("&#x27;", "'");
    match url::Url::parse(&value) {
        Ok(url) => {
            static SCHEMES: std::sync::OnceLock<std::collections::HashSet<&str>> =
                std::sync::OnceLock::new();
            let schemes = SCHEMES.get_or_init(|| sanitizer().clone_url_schemes());
            schemes.contains(url.scheme())
        }
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// pulldown-cmark's HTML for a body that [`needs_sanitizer`] passed, written as the
/// sanitizer writes it (html5ever's serializer after ammonia's rules): every link gets
/// `rel="noopener noreferrer"`, void elements lose their `/`, apostrophes and no-break spaces
/// are escaped the serializer's way, and carriage returns become newlines as any HTML parser
/// reads them. The test `markdown_is_written_as_the_sanitizer_writes_it` holds the two
/// equal over bodies built from every construct the enabled options make (its `PIECES`); a
/// construct missing there is the one place they could differ.
///
/// Every `<` here starts a tag (text and attribute values have theirs escaped), and no
/// attribute value holds a `>` (escaped too), so the rewrites below cannot reach into text.
fn as_sanitized(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        escape_as_serializer(&rest[..i], &mut out);
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        // A void element: `<br />`, `<hr />`, `<img … />`.
        let open = tag.strip_suffix(" />").or_else(|| tag.strip_suffix('>'));
        match open {
            Some(open) => {
                escape_as_serializer(open, &mut out);
                if open.starts_with("<a ") {
                    out.push_str(" rel=\"noopener noreferrer\"");
                }
                out.push('>');
            }
            None => escape_as_serializer(tag, &mut out),
        }
        rest = &rest[end..];
    }
    escape_as_serializer(rest, &mut out);
    out
}

/// Text or a tag's attributes as html5ever writes them back: apostrophes bare, no-break
/// spaces as `&nbsp;`, carriage returns as the newlines a parser reads them as.
fn escape_as_serializer(s: &str, out: &mut String) {
    let mut rest = s;
    // 0xC2 starts a no-break space (C2 A0) and the other characters U+0080 to U+00BF.
    while let Some(i) = memchr::memchr3(b'&', b'\r', 0xC2, rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (written, skip) = if rest.starts_with("&#39;") {
            ("'", 5)
        } else if rest.starts_with("&#x27;") {
            ("'", 6)
        } else if rest.starts_with('&') {
            ("&", 1)
        } else if rest.starts_with('\u{a0}') {
            ("&nbsp;", 2)
        } else if rest.starts_with("\r\n") {
            ("\n", 2)
        } else if rest.starts_with('\r') {
            ("\n", 1)
        } else {
            (&rest[..2], 2)
        };
        out.push_str(written);
        rest = &rest[skip..];
    }
    out.push_str(rest);
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    // Built once: a Builder is a dozen hash sets, and every body of the catalog uses it.
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
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
}

fn sanitize(html: &str) -> String {
    sanitizer().clean(html).to_string()
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

    /// Markdown constructs, alone and in combination: every kind of event pulldown-cmark
    /// writes, with the characters the serializer escapes differently (quotes, apostrophes,
    /// ampersands, no-break spaces, carriage returns) in text, code and every attribute.
    const PIECES: &[&str] = &[
        "# Title with \"quotes\" & 'apostrophes'",
        "## Ünïcode heading `code \"q\"`",
        "Plain text with <angle> & ampersand &amp; entity &copy; and &#39; and &amp;#39; too.",
        "Latin-1 signs: \u{a9} 2026 \u{a7} 4 \u{bd} \u{ab}guillemets\u{bb} &copy; &lt;not a tag&gt; &amp;#x27;",
        "No-break&nbsp;space and literal \u{a0} one, \"straight\" and 'single' quotes -- dashes...",
        "Line one  \nline two\\\nline three",
        "Windows\r\nline endings\r\nand a lone\rreturn",
        "[relative](../other/ \"A 'title' & \\\"more\\\"\")",
        "[absolute](https://example.org/a?b=1&c='2'#frag)",
        "[spaces](<a b/c d>) and [unicode](https://例え.jp/パス?q=é)",
        "<https://example.org/auto?x=1&y=2> and <someone@example.org>",
        "[mail](mailto:someone@example.org) [tel](tel:+15555550123)",
        "[fragment](#section) [empty]() [query](?q=a%20b)",
        "![alt \"text\" & 'more'](/img/a.png \"img 'title'\")",
        "![](relative.png)",
        "[![nested image](/i.png)](https://example.org/)",
        "`inline \"code\" & <tags> 'x'`",
        "```rust\nfn main() { println!(\"<hi> & 'bye'\"); }\n```",
        "```la\"ng'x extra info\ncode\u{a0}here\r\n```",
        "    indented <code> & \"stuff\"",
        "| a | b \"q\" | c |\n|:--|:-:|--:|\n| 1 & 2 | 'x' | <y> |\n| [l](/z) | `c` | ~~s~~ |",
        "| only |\n|---|",
        "> quote with *em* and **strong** and ~~gone~~\n>\n> > nested",
        "1. one\n2. two\n   - inner\n   - inner 2\n\n     para in item\n3. three",
        "3. starts at three\n4. four",
        "- [ ] not a task list\n- item `x`",
        "***\n\n---",
        "[a link with a note [^n] in it](/x)",
        "Footnote here[^n] and again[^n] and other[^other].\n\n[^n]: The note, with [a link](/x).\n[^other]: Second & 'last'.",
        "Text *with _mixed_ emphasis* and **bold *inner***",
        "Autolink-ish www.example.org and http://bare.example.org",
        "Tab\there and trailing spaces   ",
        "&lt;script&gt;alert(1)&lt;/script&gt; written as text",
        "[link with `code` and *em*](/path 'single \"title\"')",
        "Setext heading\n==============",
        "Heading again\n--------------",
        "# Title with \"quotes\" & 'apostrophes'",
    ];

    /// What `render` writes for markdown without raw HTML (pulldown-cmark's output rewritten
    /// by `as_sanitized`) is byte for byte what ammonia writes from the same output: ammonia,
    /// html5ever and their defaults are the reference, not our reading of them.
    #[test]
    fn markdown_is_written_as_the_sanitizer_writes_it() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut fast = 0;
        let bodies = (0..PIECES.len())
            .map(|i| PIECES[i].to_string())
            .chain((0..3000).map(|_| {
                let n = 1 + next(6);
                let joins = ["\n\n", "\n", " ", "\r\n\r\n"];
                (0..n)
                    .map(|_| PIECES[next(PIECES.len())].to_string() + joins[next(joins.len())])
                    .collect::<String>()
            }));
        for body in bodies {
            let events = parse(&body).unwrap();
            if needs_sanitizer(&events) {
                continue;
            }
            fast += 1;
            let mut html = String::new();
            html::push_html(&mut html, footnotes(anchor_headings(events)).into_iter());
            assert_eq!(as_sanitized(&html), sanitize(&html), "body: {body:?}");
            assert_eq!(render(&body, false).unwrap(), sanitize(&html), "{body:?}");
        }
        assert!(fast > 1500, "only {fast} bodies took the markdown-only way");
    }

    #[test]
    fn raw_html_and_dropped_addresses_go_through_the_sanitizer() {
        let needs = |md: &str| needs_sanitizer(&parse(md).unwrap());
        assert!(needs("<b>raw</b>"));
        assert!(needs("<div>\nblock\n</div>"));
        assert!(needs("[x](javascript:alert(1))"));
        assert!(needs("[x](JaVaScRiPt:alert(1))"));
        assert!(needs("[x](&#x6A;avascript:alert(1))"));
        assert!(needs("<javascript:alert(1)>"));
        assert!(needs("![x](data:image/png;base64,AAAA)"));
        assert!(needs("[x](vbscript:msgbox)"));
        // An address the URL parser refuses (not for want of a base) is dropped as well.
        assert!(needs("[x](https://example.org:99999/)"));
        assert!(needs("[x](http://[::1/)"));
        assert!(!needs(
            "[x](https://example.org/) ![y](/y.png) <a@b.org> [z](#z)"
        ));
        let html = render("[x](javascript:alert(1)) [y](https://example.org/)", false).unwrap();
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("href=\"https://example.org/\" rel=\"noopener noreferrer\""));
    }

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
