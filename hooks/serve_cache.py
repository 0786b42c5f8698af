"""`mkdocs serve` redoes a page's Markdown conversion only when its input changed.

Event: `on_startup` (once per process). When the command is `serve`,
MkDocs' `Page.render` (Markdown to HTML) goes through the content cache of
src/clystyrau/serve_cache.py (Material's search entries need no cache: they
hold only each page's location, hooks/search_split.py); `mkdocs build` is untouched, so a full build
stays strict, whole and byte-identical. Keys: for the Markdown, the page's
Markdown after our hooks, its path and URL, the build's file set (links are
resolved and checked against it) and the Markdown configuration.

Event: `on_env`: the theme's Jinja environment (made anew on each rebuild)
keeps its compiled templates in serve_cache.TEMPLATES, checked against each
template's source.

Event: `on_pre_build`, at the start of each outer build: lets go of entries
no recent rebuild used. This file is loaded again on each rebuild
(hooks/serve_reload.py), so the patches are installed once and the state
lives in the package.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.structure import pages

from clystyrau import serve_cache

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_startup(*, command: str, dirty: bool) -> None:
    if command == "serve" and not serve_cache.SERVING["on"]:
        serve_cache.SERVING["on"] = True
        _cache_markdown(pages.Page)


def on_pre_build(*, config: MkDocsConfig) -> None:
    if serve_cache.SERVING["on"] and not config.plugins["i18n"].building:
        serve_cache.new_build()


def on_env(env, *, config: MkDocsConfig, files):
    if serve_cache.SERVING["on"]:
        env.bytecode_cache = serve_cache.TEMPLATES
    return env


@dataclass(frozen=True)
class _Conversion:
    content: str
    toc: object  # mkdocs TableOfContents, copied on the way in and out (hooks prune it)
    title: str | None
    present_anchor_ids: frozenset
    links_to_anchors: dict | None  # {src_uri of the linked file: {anchor: original link}}


def _markdown_key(page, config, files) -> str:
    return serve_cache.digest(
        page.markdown or "", page.file.src_uri, page.url,
        repr(config["markdown_extensions"]), repr(sorted((config["mdx_configs"] or {}).items())),
        "\n".join(sorted(f"{file.src_uri}\t{file.dest_uri}" for file in files)))


def _cache_markdown(page_class) -> None:
    convert = page_class.render

    def render(page, config, files) -> None:
        key = _markdown_key(page, config, files)
        kept = serve_cache.MARKDOWN.get(key)
        if kept is None:
            with serve_cache.watching_warnings() as watcher:
                convert(page, config, files)
            if not watcher.seen:
                anchors = page.links_to_anchors
                serve_cache.MARKDOWN.put(key, _Conversion(
                    content=page.content, toc=copy.deepcopy(page.toc), title=page._title_from_render,
                    present_anchor_ids=frozenset(page.present_anchor_ids or ()),
                    links_to_anchors=None if anchors is None else {f.src_uri: dict(a) for f, a in anchors.items()}))
            return
        page.content = kept.content
        page.toc = copy.deepcopy(kept.toc)
        page._title_from_render = kept.title
        page.present_anchor_ids = set(kept.present_anchor_ids)
        if kept.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(src): dict(anchors)
                                     for src, anchors in kept.links_to_anchors.items()}

    page_class.render = render
