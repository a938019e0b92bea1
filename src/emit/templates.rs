//! Builds the Tera instance from the loaded templates (theme first, site overrides by name)
//! and registers the filters the theme uses.

use std::collections::HashMap;

use tera::{Tera, Value};

use super::json_script;
use crate::diagnostic::{Diagnostic, Problem};
use crate::load::Template;

pub fn build(
    templates: &std::collections::BTreeMap<String, Template>,
) -> Result<Tera, Box<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("json_script", json_script_filter);
    let list: Vec<(&str, &str)> = templates
        .iter()
        .map(|(n, t)| (n.as_str(), t.text.as_str()))
        .collect();
    tera.add_raw_templates(list).map_err(|e| {
        let message = error_chain(&e);
        let origin = templates
            .iter()
            .find(|(name, _)| message.contains(name.as_str()))
            .map(|(_, t)| t.origin.clone())
            .unwrap_or_else(|| "templates".into());
        Box::new(Diagnostic::new(
            origin,
            None,
            Problem::Invalid {
                message,
                help: "fix the template syntax (Tera 1.x)".into(),
            },
        ))
    })?;
    Ok(tera)
}

/// Renders a template, naming it in the error.
pub fn render(
    tera: &Tera,
    template: &str,
    context: &tera::Context,
) -> Result<String, super::EmitError> {
    tera.render(template, context)
        .map_err(|e| super::EmitError::Template {
            template: template.into(),
            message: error_chain(&e),
        })
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

/// HTML escaping for text and quoted attributes. Tera's default also escapes `/`, which is
/// safe but turns every URL into `&#x2F;` soup; `/` needs no escaping in either context.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            super::escape_html("<a href=\"/x\">'&'</a>"),
            "&lt;a href=&quot;/x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
