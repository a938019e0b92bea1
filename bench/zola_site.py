#!/usr/bin/env python3
"""Write a zola site with the same pages and markdown bodies as a credcat catalog.

Usage:
    python3 bench/zola_site.py CATALOG_DIR ZOLA_DIR

For a like-for-like build comparison (bench/vs_zola.sh): one zola page per credential,
organization, framework, pathway and free page of CATALOG_DIR/content, at the same path under
ZOLA_DIR/content, with the same markdown body byte for byte (so `@/` links resolve in both),
and two taxonomies, `skills` and `competencies`, so that zola also builds a list page per
skill and per competency as credcat does. Sections are sorted by title and paginated 48 a
page, as credcat's lists are. Front matter keeps the fields a page shows (title, summary,
type, status, owners) in `[extra]`; the templates in ZOLA_TEMPLATES below print them.

Zola gets no search index, feed or JSON-LD: its build does less than credcat's, on purpose,
so that the ratios do not flatter credcat. Awards (content/issued/) have no zola page.
Standard library only (Python 3.11+: tomllib). ZOLA_DIR/content and ZOLA_DIR/templates are
replaced; prints one summary line.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tomllib

SECTIONS = {  # content folder -> (section title, title key in the front matter)
    "credentials": ("Credentials", "name"),
    "organizations": ("Organizations", "name"),
    "competencies": ("Competency frameworks", "name"),
    "pathways": ("Pathways", "name"),
    "pages": ("Pages", "title"),
}
PAGINATE_BY = 48

CONFIG = """base_url = {base_url}
title = {title}
compile_sass = false
build_search_index = false
generate_feeds = false
taxonomies = [
  {{ name = "skills", paginate_by = {p} }},
  {{ name = "competencies", paginate_by = {p} }},
]

[markdown]
bottom_footnotes = true
"""

BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="{{ get_url(path='style.css') }}">
</head><body>
<header><a href="{{ config.base_url }}">{{ config.title }}</a>
<nav>{% for s in ["credentials", "organizations", "competencies", "pathways"] %}
<a href="{{ get_url(path='@/' ~ s ~ '/_index.md') }}">{{ s | capitalize }}</a>{% endfor %}
<a href="{{ get_url(path='skills/') }}">Skills</a>
<a href="{{ get_url(path='competencies/') }}">Competencies</a></nav></header>
<main>{% block content %}{% endblock content %}</main>
<footer>{{ config.title }}</footer>
</body></html>
"""

PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{% if page.description %}<p class="summary">{{ page.description }}</p>{% endif %}
<dl>{% for key, value in page.extra %}<dt>{{ key }}</dt><dd>{{ value }}</dd>{% endfor %}</dl>
{{ page.content | safe }}
{% if page.taxonomies.skills %}<h2>Skills</h2><ul>{% for s in page.taxonomies.skills %}
<li><a href="{{ get_taxonomy_url(kind='skills', name=s) }}">{{ s }}</a></li>{% endfor %}</ul>{% endif %}
{% if page.taxonomies.competencies %}<h2>Competencies</h2><ul>{% for c in page.taxonomies.competencies %}
<li><a href="{{ get_taxonomy_url(kind='competencies', name=c) }}">{{ c }}</a></li>{% endfor %}</ul>{% endif %}
<nav>{% if page.lower %}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>
</article>
{% endblock content %}
"""

LIST = """<ul class="cards">{% for p in pages %}
<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.description %}<p>{{ p.description }}</p>{% endif %}
{% if p.extra.type %}<span>{{ p.extra.type }}</span>{% endif %}</li>{% endfor %}</ul>
{% if paginator %}<nav>{% if paginator.previous %}<a href="{{ paginator.previous }}">Previous</a>{% endif %}
Page {{ paginator.current_index }} of {{ paginator.number_pagers }}
{% if paginator.next %}<a href="{{ paginator.next }}">Next</a>{% endif %}</nav>{% endif %}
"""

SECTION = """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% if paginator %}{% set pages = paginator.pages %}{% else %}{% set pages = section.pages %}{% endif %}
""" + LIST + """{% endblock content %}
"""

INDEX = """{% extends "base.html" %}
{% block content %}
<h1>{{ config.title }}</h1>
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}
<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
"""

TAXONOMY_LIST = """{% extends "base.html" %}
{% block content %}
<h1>{{ taxonomy.name | capitalize }}</h1>
<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
{% endblock content %}
"""

TAXONOMY_SINGLE = """{% extends "base.html" %}
{% block content %}
<h1>{{ term.name }}</h1>
{% if paginator %}{% set pages = paginator.pages %}{% else %}{% set pages = term.pages %}{% endif %}
""" + LIST + """{% endblock content %}
"""

TEMPLATES = {"base.html": BASE, "page.html": PAGE, "section.html": SECTION, "index.html": INDEX,
             "taxonomy_list.html": TAXONOMY_LIST, "taxonomy_single.html": TAXONOMY_SINGLE}


def q(s) -> str:
    """A TOML value: strings and lists of strings as JSON (valid TOML), numbers as they are."""
    return json.dumps(s, ensure_ascii=False)


def split(path: str) -> tuple[dict, str]:
    """The front matter (parsed) and the body, byte for byte, of a credcat content file."""
    text = open(path, encoding="utf-8").read()
    if not text.startswith("+++"):
        raise SystemExit(f"{path}:1:1: error: no +++ front matter")
    end = text.find("\n+++", 3)
    if end < 0:
        raise SystemExit(f"{path}:1:1: error: front matter not closed by +++")
    try:
        meta = tomllib.loads(text[3:end])
    except tomllib.TOMLDecodeError as e:
        raise SystemExit(f"{path}: error: {e}")
    body = text[end + 4:]
    return meta, body[1:] if body.startswith("\n") else body


def zola_page(meta: dict, body: str, title_key: str) -> str:
    out = ["+++", f"title = {q(meta.get(title_key) or meta.get('name') or '')}"]
    if meta.get("summary"):
        out.append(f"description = {q(meta['summary'])}")
    if "date_effective" in meta:
        out.append(f"date = {meta['date_effective']}")
    skills = [s for s in meta.get("skills", []) if isinstance(s, str)]
    comps = [c for c in meta.get("competencies", []) if isinstance(c, str)]
    if skills or comps:
        out.append("[taxonomies]")
        if skills:
            out.append(f"skills = {q(skills)}")
        if comps:
            out.append(f"competencies = {q(comps)}")
    extra = {k: meta[k] for k in ("type", "status", "kind", "owned_by", "offered_by", "destination", "ctid")
             if k in meta}
    if extra:
        out.append("[extra]")
        out += [f"{k} = {q(v)}" for k, v in extra.items()]
    out.append("+++")
    return "\n".join(out) + "\n" + body


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    src, dst = sys.argv[1], sys.argv[2]
    with open(os.path.join(src, "site-config.toml"), "rb") as fh:
        site = tomllib.load(fh)
    for sub in ("content", "templates"):
        shutil.rmtree(os.path.join(dst, sub), ignore_errors=True)
    os.makedirs(os.path.join(dst, "templates"))
    os.makedirs(os.path.join(dst, "static"), exist_ok=True)
    with open(os.path.join(dst, "config.toml"), "w", encoding="utf-8") as fh:
        fh.write(CONFIG.format(base_url=q(site.get("base_url", "https://example.org")),
                               title=q(site.get("title", "Catalog")), p=PAGINATE_BY))
    for name, text in TEMPLATES.items():
        with open(os.path.join(dst, "templates", name), "w", encoding="utf-8") as fh:
            fh.write(text)
    with open(os.path.join(dst, "static", "style.css"), "w", encoding="utf-8") as fh:
        fh.write("body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto}\n")
    content = os.path.join(dst, "content")
    os.makedirs(content)
    with open(os.path.join(content, "_index.md"), "w", encoding="utf-8") as fh:
        fh.write(f"+++\ntitle = {q(site.get('title', 'Catalog'))}\n+++\n")
    counts = {}
    for folder, (title, title_key) in SECTIONS.items():
        here = os.path.join(src, "content", folder)
        if not os.path.isdir(here):
            continue
        out = os.path.join(content, folder)
        os.makedirs(out)
        with open(os.path.join(out, "_index.md"), "w", encoding="utf-8") as fh:
            fh.write(f'+++\ntitle = {q(title)}\nsort_by = "title"\npaginate_by = {PAGINATE_BY}\n+++\n')
        n = 0
        for entry in sorted(os.listdir(here)):
            if not entry.endswith(".md") or entry == "_index.md":
                continue
            meta, body = split(os.path.join(here, entry))
            with open(os.path.join(out, entry), "w", encoding="utf-8") as fh:
                fh.write(zola_page(meta, body, title_key))
            n += 1
        counts[folder] = n
    print(f"wrote {dst}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
