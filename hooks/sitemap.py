"""Write sitemap.xml with every page, authored and generated, in both languages.

Event: `on_post_build`, priority -160, after mkdocs-static-i18n has built
every language (its own sitemap lists only authored pages and prints "None"
without `site_url`). A sitemap needs absolute addresses: the site's address
comes from `site_url` in mkdocs.yml or the SITE_URL environment variable (the
Pages workflow sets it). Without one, no sitemap is published rather than a
wrong one.

Also `on_config` (priority 110): when `site_url` is unset and SITE_URL is
given, use it, so the 404 page (served at any depth) links its styles and
scripts from the site's real root. `mkdocs serve` without SITE_URL keeps
serving at /.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import event_priority

from clystyrau.model import clock
from clystyrau.views.registry import page_paths
from clystyrau.views.sitemap import sitemap_xml
from data_check import checked_site, guarded

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


# Take the site's address from SITE_URL when mkdocs.yml does not give one.
@event_priority(110)
@guarded
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.site_url and os.environ.get("SITE_URL"):
        config.site_url = os.environ["SITE_URL"].rstrip("/") + "/"
    return config


# Replace static-i18n's sitemap once, at the end of the outer build.
@event_priority(-160)
@guarded
def on_post_build(*, config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:
        return
    site_dir = Path(config.site_dir)
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)
    base_url = config.site_url or os.environ.get("SITE_URL")
    if not base_url:
        return
    site = checked_site(config)
    lang = config.plugins["i18n"].default_language
    paths = sorted(set(site.pages[lang]) | set(page_paths(site, lang)))
    (site_dir / "sitemap.xml").write_text(sitemap_xml(paths, base_url, clock.today().isoformat()), encoding="utf-8")
