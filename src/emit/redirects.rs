//! Redirect pages for credentials' earlier slugs (`aliases`): `credentials/<alias>/` answers
//! with a page that sends the browser (and search engines, through its canonical link) to the
//! credential's page, so a renamed credential breaks no link anyone kept.

use super::templates::escape_html;
use super::{urls, Ctx, EmitError, Entity, OutFile};

pub fn emit(ctx: &Ctx) -> Result<Vec<OutFile>, EmitError> {
    let cat = ctx.catalog;
    let mut out = Vec::new();
    for c in &cat.credentials {
        if c.aliases.is_empty() || !ctx.scope.wants([Entity::Credential(c.id)]) {
            continue;
        }
        let target = cat.config.url(&urls::credential(c));
        for alias in &c.aliases {
            out.push(OutFile::new(
                format!("credentials/{alias}/index.html"),
                page(&target, &c.name),
            ));
        }
    }
    Ok(out)
}

/// A page that redirects at once, with a link for a browser that does not.
fn page(target: &str, name: &str) -> String {
    let (t, n) = (escape_html(target), escape_html(name));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{n}: moved</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{t}\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n\
         </head>\n<body>\n<p>This credential has moved to <a href=\"{t}\">{n}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_escapes_what_it_shows() {
        let p = super::page("https://x.example/credentials/a/", "A & <B>");
        assert!(p.contains("url=https://x.example/credentials/a/\""));
        assert!(p.contains("A &amp; &lt;B&gt;"));
    }
}
