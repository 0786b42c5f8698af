"""sitemap.xml: every page, authored and generated, with its language alternates.

static-i18n's own sitemap misses generated pages and needs `site_url`; the
hook (hooks/sitemap.py) hands this the paths: the authored pages and
views.registry.page_paths.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..model.paths import page_url
from ..model.records import DEFAULT_LANGUAGE, LANGUAGES


def sitemap_xml(paths: list[str], base_url: str, lastmod: str) -> str:
    """A sitemap with every page in every language and hreflang alternates."""
    base = base_url.rstrip("/") + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in sorted(paths):
        urls = {lang: base + ("" if lang == DEFAULT_LANGUAGE else f"{lang}/") + page_url(path) for lang in LANGUAGES}
        for lang in LANGUAGES:
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(urls[lang])}</loc>")
            lines.append(f"    <lastmod>{lastmod}</lastmod>")
            for code in LANGUAGES:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{code}" href="{escape(urls[code])}"/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
