#!/usr/bin/env python3
"""Where a built site's credential pages spend their bytes, by part of the page.

    python3 bench/page_bytes.py public            # every credentials/*/index.html

Reads each credential page of a site built with the default theme and sums, over all of them,
the bytes of its parts: the embedded schema.org JSON-LD, the SVG maps, the map's text
alternative ("The same map as a list"), the related lists, and each
`<section aria-labelledby="…">` by its label (the body is `about`, the routes `routes`). What
none of those holds (head, site header and footer, the page header and facts) is printed as
the rest. Parts are found by the default theme's markup: a site with its own templates may
put them elsewhere. BENCHMARKS.md, session 26, has what it printed for the skewed 10,000.
"""

import re
import sys
from pathlib import Path

SCHEMA_ORG = re.compile(rb'<script type="application/ld\+json">.*?</script>', re.S)
SVG = re.compile(rb"<svg\b.*?</svg>", re.S)
MAP_LIST = re.compile(rb"<details><summary>The same map as a list</summary>.*?</details>", re.S)
SECTION = re.compile(rb'<section aria-labelledby="([^"]+)"[^>]*>.*?</section>', re.S)
DIV = re.compile(rb"<div\b|</div>")


def related(html: bytes) -> list[bytes]:
    """The related lists: each `<div class="columns">` to its own closing tag (it holds a
    `<div>` a column)."""
    out = []
    start = html.find(b'<div class="columns">')
    while start != -1:
        depth = 0
        for m in DIV.finditer(html, start):
            depth += 1 if m.group(0) != b"</div>" else -1
            if depth == 0:
                out.append(html[start : m.end()])
                break
        else:
            break
        start = html.find(b'<div class="columns">', start + 1)
    return out


def parts(html: bytes) -> dict[str, int]:
    """Bytes of each part of one page; the map and its list are counted apart from the
    section that holds them."""
    out: dict[str, int] = {}

    def add(name: str, n: int) -> None:
        out[name] = out.get(name, 0) + n

    add("schema.org JSON-LD", sum(len(m) for m in SCHEMA_ORG.findall(html)))
    svg = sum(len(m) for m in SVG.findall(html))
    add("SVG maps", svg)
    map_list = sum(len(m) for m in MAP_LIST.findall(html))
    add("the map as a list", map_list)
    add("related lists", sum(len(m) for m in related(html)))
    for m in SECTION.finditer(html):
        inner = m.group(0)
        own = len(inner)
        own -= sum(len(s) for s in SVG.findall(inner))
        own -= sum(len(s) for s in MAP_LIST.findall(inner))
        own -= sum(len(s) for s in related(inner))
        add(f"section {m.group(1).decode()}", own)
    add("the rest", len(html) - sum(out.values()))
    return out


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    pages = sorted(Path(sys.argv[1]).glob("credentials/*/index.html"))
    if not pages:
        print(f"no credentials/*/index.html under {sys.argv[1]}", file=sys.stderr)
        return 1
    total: dict[str, int] = {}
    size = 0
    for page in pages:
        html = page.read_bytes()
        size += len(html)
        for name, n in parts(html).items():
            total[name] = total.get(name, 0) + n
    n = len(pages)
    print(f"{n} credential pages, {size / 1e6:.1f} MB, {size / n / 1e3:.1f} KB a page")
    for name, b in sorted(total.items(), key=lambda kv: -kv[1]):
        print(f"{b / 1e6:8.1f} MB {b / n / 1e3:6.1f} KB a page  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
