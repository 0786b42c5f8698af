"""Screenshots of the real site for a person to look at: `./run shots [FOLDER]`.

Not a test: what a page looks like is judged by eye. This builds the site
(or takes one already built, `--site`), serves it under a sub-path on
localhost and saves full-page PNGs of a few kinds of page in both languages,
at 1280 and 390 px, in the light and the dark palette, and each page as
printed on A4 (a PDF, and its first pages as PNG when pdftoppm is there).

    ./run shots /tmp/shots
    ./run shots /tmp/shots --pages record,structure --site /tmp/site
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's static server and Chromium settings

from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

PAGES = {
    "home": "",
    "record": "bodies/hb-powys/",
    "structure": "structure/",
    "charts": "self-reflection/maturity/",
    "committees": "engagement/representative-committees/",
    "glossary": "glossary/",
    "area": "areas/la-powys/",
}
LANGS = {"cy": "", "en": "en/"}
WIDTHS = (1280, 390)
SCHEMES = {"light": "default", "dark": "slate"}


def build(site: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("GITHUB_")}
    env.update(NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1/clystyrau/")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)


def shoot(site: Path, folder: Path, names: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as www:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        with serve(site, Path(www)) as base:
            for name in names:
                for lang, prefix in LANGS.items():
                    for scheme, material_scheme in SCHEMES.items():
                        for width in WIDTHS:
                            context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
                            page = context.new_page()
                            page.goto(base + prefix + PAGES[name])
                            page.wait_for_function(
                                "want => document.body.getAttribute('data-md-color-scheme') === want",
                                arg=material_scheme)
                            path = folder / f"{name}-{lang}-{scheme}-{width}.png"
                            page.screenshot(path=str(path), full_page=True)
                            saved.append(path)
                            context.close()
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(base + prefix + PAGES[name])
                    pdf = folder / f"{name}-{lang}-print.pdf"
                    page.pdf(path=str(pdf), format="A4")
                    saved.append(pdf)
                    context.close()
                    if shutil.which("pdftoppm"):
                        subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "3", str(pdf), str(pdf.with_suffix(""))],
                                       check=True)
                        saved += sorted(folder.glob(f"{pdf.stem}-*.png"))
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="shots", help="where to save the pictures (default: shots/)")
    parser.add_argument("--site", type=Path, help="a site already built with SITE_URL=http://127.0.0.1/clystyrau/")
    parser.add_argument("--pages", default=",".join(PAGES), help="kinds of page, comma-separated: " + ", ".join(PAGES))
    arguments = parser.parse_args(argv)
    names = [name for name in arguments.pages.split(",") if name]
    unknown = sorted(set(names) - set(PAGES))
    if unknown:
        parser.error(f"unknown pages: {', '.join(unknown)} (known: {', '.join(PAGES)})")
    folder = Path(arguments.folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as built:
        site = arguments.site
        if site is None:
            site = Path(built) / "site"
            build(site)
        saved = shoot(site, folder, names)
    print(f"{len(saved)} files in {folder}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
