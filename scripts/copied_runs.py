"""Find wording copied from the source documents into the handbook pages.

The content rule is "write in your own words; do not paste the documents'
sentences". This lists every run of N or more consecutive words (default 10)
that a page under docs/ shares with a source document, so an editor can see
what still needs rewording:

    .venv/bin/python scripts/copied_runs.py [--words N] [--seeds DIR] [PATH ...]

The source documents are not in this repository; --seeds names their folder
(default: ../shared/seeds beside the repository, where the project keeps
them). Words are compared in lower case, without punctuation, and the link
markers ([[body:...]] and the like) are left out, because their text comes
from the records. Document titles, Acts, section names and addresses are
legitimately shared with the sources: the list is a place to look, not a
verdict, so the script always exits 0 (2 if the sources cannot be found).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
MARKER = re.compile(r"\[\[[^\]]*\]\]")


def words(text: str) -> list[str]:
    return [word.replace("’", "'") for word in WORD.findall(text.lower())]


def shared_runs(page: list[str], source_grams: set[tuple[str, ...]], size: int) -> list[list[str]]:
    """Maximal runs of the page's words whose every `size`-word window occurs in a source."""
    runs, start = [], 0
    while start <= len(page) - size:
        if tuple(page[start:start + size]) in source_grams:
            end = start + size
            while end < len(page) and tuple(page[end - size + 1:end + 1]) in source_grams:
                end += 1
            runs.append(page[start:end])
            start = end
        else:
            start += 1
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "docs"],
                        help="pages or folders (default: docs/)")
    parser.add_argument("--words", type=int, default=10, help="shortest run to report (default 10)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS,
                        help=f"folder of source .txt files (default {DEFAULT_SEEDS})")
    arguments = parser.parse_args(argv)
    sources = sorted(arguments.seeds.glob("*.txt")) if arguments.seeds.is_dir() else []
    if not sources:
        print(f"No source documents (*.txt) in {arguments.seeds}; name their folder with --seeds.", file=sys.stderr)
        return 2
    size = arguments.words
    grams: set[tuple[str, ...]] = set()
    for source in sources:
        text = words(source.read_text(encoding="utf-8", errors="replace"))
        grams.update(tuple(text[i:i + size]) for i in range(len(text) - size + 1))
    pages = [page for path in arguments.paths for page in ([path] if path.is_file() else sorted(path.rglob("*.md")))]
    found = 0
    for page in pages:
        for run in shared_runs(words(MARKER.sub(" ", page.read_text(encoding="utf-8"))), grams, size):
            found += 1
            shown = page.relative_to(ROOT) if page.is_relative_to(ROOT) else page
            print(f"{shown}: {len(run)} words: {' '.join(run)}")
    print(f"{found} shared runs of {size}+ words in {len(pages)} pages.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
