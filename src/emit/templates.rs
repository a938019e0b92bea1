//! Builds the Tera instance from the loaded templates (theme first, site overrides by name)
//! and registers the filters the theme uses.

use std::collections::{BTreeMap, HashMap};

use tera::{Tera, Value};

use super::json_script;

mod guard;
use crate::diagnostic::{Diagnostic, Problem};
use crate::load::Template;

pub fn build(templates: &BTreeMap<String, Template>) -> Result<Tera, Box<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("json_script", json_script_filter);
    // Replaces Tera's `range`, which builds its whole array first: `range(end=100000000)`
    // asked for 7 GB before the first iteration.
    tera.register_function("range", bounded_range);
    let list: Vec<(&str, &str)> = templates
        .iter()
        .map(|(n, t)| (n.as_str(), t.text.as_str()))
        .collect();
    tera.add_raw_templates(list).map_err(|e| {
        let message = error_chain(&e);
        let found = templates
            .iter()
            .find(|(name, _)| message.contains(&format!("'{name}'")))
            .or_else(|| {
                templates
                    .iter()
                    .find(|(name, _)| message.contains(name.as_str()))
            });
        let (origin, span) = match found {
            Some((_, t)) => (t.origin.clone(), syntax_error_span(&message, &t.text)),
            None => ("templates".into(), None),
        };
        Box::new(Diagnostic::new(
            origin,
            span,
            Problem::Invalid {
                message,
                help: "fix the template syntax (Tera 1.x)".into(),
            },
        ))
    })?;
    guard::check(&tera, templates)?;
    Ok(tera)
}

/// The most one page may hold. The largest page of a 100,000-credential catalog is well
/// under a megabyte; a template that writes more is looping where it should not.
pub const PAGE_LIMIT: usize = 64 * 1024 * 1024;

/// How many numbers `range` may hand out while one page renders.
pub const RANGE_BUDGET: usize = 1_000_000;

thread_local! {
    /// Numbers `range` may still hand out in the render running on this thread.
    static RANGE_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(RANGE_BUDGET) };
}

/// Where a Tera syntax error is: its message says ` --> line:column`.
fn syntax_error_span(message: &str, text: &str) -> Option<std::ops::Range<usize>> {
    let (_, rest) = message.split_once("--> ")?;
    let (line, rest) = rest.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (line, col): (usize, usize) = (line.trim().parse().ok()?, col.parse().ok()?);
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line_text = text[start..].lines().next().unwrap_or("");
    let offset = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + offset..start + offset)
}

/// Renders a template, naming it in the error. The output is bounded by [`PAGE_LIMIT`] and
/// `range` by [`RANGE_BUDGET`], so a runaway loop ends in an error, not in the kernel's OOM
/// killer.
pub fn render(
    tera: &Tera,
    template: &str,
    context: &tera::Context,
) -> Result<String, super::EmitError> {
    RANGE_LEFT.with(|left| left.set(RANGE_BUDGET));
    let mut out = Limited {
        bytes: Vec::new(),
        limit: PAGE_LIMIT,
        overflowed: false,
    };
    let result = tera.render_to(template, context, &mut out);
    if out.overflowed {
        return Err(super::EmitError::Template {
            template: template.into(),
            message: format!(
                "the page grew past {} MB: a loop in the template runs far more often than it should",
                PAGE_LIMIT >> 20
            ),
        });
    }
    result.map_err(|e| super::EmitError::Template {
        template: template.into(),
        message: error_chain(&e),
    })?;
    String::from_utf8(out.bytes).map_err(|_| super::EmitError::Template {
        template: template.into(),
        message: "the template produced text that is not UTF-8".into(),
    })
}

/// A buffer that refuses to grow past its limit.
struct Limited {
    bytes: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.overflowed = true;
            return Err(std::io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `range(end, start=0, step_by=1)`, counted against the page's [`RANGE_BUDGET`].
fn bounded_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let int = |name: &str, default: Option<i64>| -> tera::Result<i64> {
        match args.get(name) {
            Some(v) => v
                .as_i64()
                .ok_or_else(|| tera::Error::msg(format!("range: `{name}` must be an integer"))),
            None => default.ok_or_else(|| tera::Error::msg(format!("range: `{name}` is required"))),
        }
    };
    let end = int("end", None)?;
    let start = int("start", Some(0))?;
    let step = int("step_by", Some(1))?;
    if step <= 0 {
        return Err(tera::Error::msg("range: `step_by` must be at least 1"));
    }
    if start >= end {
        return Ok(Value::Array(vec![]));
    }
    let count = ((end - start - 1) / step + 1) as u64;
    let left = RANGE_LEFT.with(|l| l.get());
    if count > left as u64 {
        return Err(tera::Error::msg(format!(
            "range: {count} numbers asked for; a page may use at most {RANGE_BUDGET} in all"
        )));
    }
    RANGE_LEFT.with(|l| l.set(left - count as usize));
    Ok(Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(Value::from)
            .collect(),
    ))
}

/// A render error as a diagnostic on the template the author must edit: the innermost
/// template Tera names (an included partial, a macro file), at the first line that uses the
/// variable it could not find, when it says which.
pub fn locate_error(
    template: &str,
    message: &str,
    templates: &BTreeMap<String, Template>,
) -> Diagnostic {
    let named = message
        .split('\'')
        .skip(1)
        .step_by(2)
        .filter(|n| templates.contains_key(*n))
        .last()
        .unwrap_or(template);
    let variable = message
        .split_once("Variable `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(v, _)| v.to_string());
    let (file, span) = match templates.get(named) {
        Some(t) => {
            let span = variable.and_then(|v| {
                let at = t.text.find(&v)?;
                let start = t.text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = t.text[at..].find('\n').map_or(t.text.len(), |i| at + i);
                Some(start..end)
            });
            (t.origin.clone(), span)
        }
        None => (std::path::PathBuf::from("templates").join(named), None),
    };
    Diagnostic::new(
        file,
        span,
        Problem::Invalid {
            message: format!("template `{named}` failed: {message}"),
            help: "fix the template: docs/TEMPLATES.md lists what every page's context holds (`site.*`, `page.*`, `data.*`)".into(),
        },
    )
}

/// Tera's errors nest the useful part (line, column, what was expected) in their sources.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

fn json_script_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    Ok(Value::String(json_script::to_script_json(value)))
}

/// Escapes text for XML content and attribute values, and drops characters XML 1.0 cannot
/// carry at all (C0 controls other than tab, newline, carriage return).
pub fn escape_xml(s: &str) -> String {
    super::escape::by_runs(s, |bytes, i| match bytes[i] {
        b'\t' | b'\n' | b'\r' => None,
        c if c < 0x20 => Some(("", 1)),
        // U+FFFE and U+FFFF (EF BF BE, EF BF BF): a lead byte, so the whole character.
        0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => Some(("", 3)),
        c => markup_entity(c, "&apos;").map(|e| (e, 1)),
    })
}

/// HTML escaping for text and quoted attributes. Tera's default also escapes `/`, which is
/// safe but turns every URL into `&#x2F;` soup; `/` needs no escaping in either context.
pub fn escape_html(input: &str) -> String {
    super::escape::by_runs(input, |bytes, i| {
        markup_entity(bytes[i], "&#39;").map(|e| (e, 1))
    })
}

/// The entity of one of the five characters markup escapes (all ASCII), `apostrophe`
/// being the apostrophe's: `&#39;` in HTML (HTML 4 has no `&apos;`), `&apos;` in XML.
fn markup_entity(byte: u8, apostrophe: &'static str) -> Option<&'static str> {
    Some(match byte {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => apostrophe,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Tera {
        let mut t = BTreeMap::new();
        t.insert(
            "p.html".to_string(),
            Template {
                origin: "templates/p.html".into(),
                text: text.into(),
            },
        );
        build(&t).unwrap()
    }

    #[test]
    fn runaway_loops_end_in_errors() {
        let ctx = tera::Context::new();
        let huge = one("{% for i in range(end=100000000) %}x{% endfor %}");
        let e = render(&huge, "p.html", &ctx).unwrap_err().to_string();
        assert!(e.contains("at most 1000000"), "{e}");
        let nested = one("{% for i in range(end=1000) %}{% for j in range(end=1000) %}{% endfor %}{% endfor %}x{% for k in range(end=10) %}{% endfor %}");
        assert!(render(&nested, "p.html", &ctx).is_err());
        let wide = one("{% for i in range(end=1000) %}{% for j in range(end=999) %}0123456789012345678901234567890123456789012345678901234567890123456789{% endfor %}{% endfor %}");
        let e = render(&wide, "p.html", &ctx).unwrap_err().to_string();
        assert!(e.contains("grew past 64 MB"), "{e}");
        let fine = one("{% for i in range(end=5, start=1, step_by=2) %}{{ i }}{% endfor %}");
        assert_eq!(render(&fine, "p.html", &ctx).unwrap(), "13");
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            escape_html("<a href=\"/x\">'&'</a>"),
            "&lt;a href=&quot;/x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
