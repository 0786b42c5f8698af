"""The one place that knows mkdocs-static-i18n's internals (pinned to 1.3.1).

Not a hook itself (no events): `generated_pages.py` calls `add_generated_page`.
static-i18n's `folder.create_i18n_file` (mkdocs_static_i18n/folder.py) gives
each authored file `locale`, `locale_alternate_of` and `alternates`; its
`on_page_context` (plugin.py, `reconfigure_page_context` in reconfigure.py)
reads `page.file.alternates[lang].url` to point the language link at the same
page in the other language. We set the same attributes on generated files.
tests/test_build.py::test_language_link_on_generated_page fails if this
recipe stops working.
"""

from __future__ import annotations

from mkdocs.structure.files import File, Files, InclusionLevel


# Add one generated page for the language being built, with its alternates.
def add_generated_page(files: Files, config, i18n, path: str, markdown: str) -> File:
    lang = i18n.current_language
    page = _generated_file(config, i18n, lang, path, content=markdown)
    page.alternates = {
        code: page if code == lang else _generated_file(config, i18n, code, path, content="")
        for code in i18n.build_languages
    }
    files.append(page)
    return page


# A virtual file at <lang>/<path>, served without the prefix for the default language.
def _generated_file(config, i18n, lang: str, path: str, *, content: str) -> File:
    file = File.generated(config, f"{lang}/{path}", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    if lang == i18n.default_language:
        dest = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        file.dest_uri = dest.dest_uri
        file.url = dest.url
        file.abs_dest_path = dest.abs_dest_path
    file.locale = file.locale_alternate_of = lang
    file.localization = lang
    file.norm_src_uri = path
    return file


# Add a non-page file (e.g. an SVG download) inside the language being built's folder.
def add_generated_file(files: Files, config, i18n, path: str, content: str) -> File:
    file = _generated_file(config, i18n, i18n.current_language, path, content=content)
    files.append(file)
    return file


# Add a file at the site root, outside any language folder (e.g. open data).
def add_root_file(files: Files, config, path: str, content: str) -> File:
    file = File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    files.append(file)
    return file
