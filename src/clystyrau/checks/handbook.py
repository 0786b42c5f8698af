"""Read the authored pages of docs/<lang>/ and check their front matter against its schema."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.pagetext import tokens
from ..model.problems import Problem
from ..model.records import LANGUAGES, HandbookPage
from ..model.schemas import validator
from .schema_errors import schema_problems
from .yamlio import MAX_FILE_BYTES, load_yaml_text

# MkDocs' own rule for front matter (mkdocs.utils.meta.YAML_RE), so the check
# reads exactly what the build will.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line of the file where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match[1], text[match.end():], text[: match.end()].count("\n") + 1


def load_pages(docs: Path, root: Path, problems: list[Problem],
                schema_found: list[Problem]) -> dict[str, dict[str, HandbookPage]]:
    """Read every authored page of both languages and check its front matter against its schema."""
    front_validator = validator("page.schema.json")
    pages: dict[str, dict[str, HandbookPage]] = {lang: {} for lang in LANGUAGES}
    for lang in LANGUAGES:
        folder = docs / lang
        for file in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            rel = file.relative_to(folder).as_posix()
            display = file.relative_to(root).as_posix()
            size = file.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(Problem(display, 0, 0, "", "",
                                        f"the page is {size / 1e6:.1f} MB; "
                                        f"a page may be at most {MAX_FILE_BYTES / 1e6:.0f} MB",
                                        "split it into several pages, or remove what was pasted in by mistake"))
                continue
            try:
                text = file.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                problems.append(Problem(display, 0, 0, "", "", "the page is not UTF-8 text",
                                        "save it as UTF-8 in your editor"))
                continue
            front_text, body, body_line = _split_front_matter(text)
            front = None
            if front_text is None:
                problems.append(Problem(display, 1, 0, "", "", "the page has no front matter",
                                        "start the page with ---, a line `title: ...`, its `sources:`, and --- again"))
            else:
                front = load_yaml_text(front_text, file, display, problems, line_offset=1)
                if front is not None and not isinstance(front.data, dict):
                    problems.append(Problem(display, 2, 0, "", "", "the front matter is not a block of fields",
                                            "write it as `title: ...` and `sources:` lines between the --- lines"))
                    front = None
                elif front is not None:
                    schema_found += schema_problems(front, front_validator)
            meta = front.data if front is not None else {}
            title = meta.get("title")
            page_sources = meta.get("sources")
            page = HandbookPage(lang, rel, title if isinstance(title, str) else rel,
                                page_sources if isinstance(page_sources, list) else [],
                                text=text, display=display, body=body, body_line=body_line, front=front,
                                body_ids=linked_bodies(body))
            pages[lang][rel] = page
    return pages


def linked_bodies(body: str) -> set[str]:
    """The bodies a page's Markdown links to ([[body:ID]] in any form), read with the build's tokeniser."""
    return {token.match["id"].strip() for token in tokens(body)
            if token.kind == "link" and token.match["kind"] == "body"}
