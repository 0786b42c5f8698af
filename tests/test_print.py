"""Handbook and record pages print cleanly: no navigation chrome, diagrams kept, web links spelled out."""

from __future__ import annotations

from browser import serve


def test_print_layout_keeps_content_and_drops_chrome(page, fixture_site, tmp_path):
    with serve(fixture_site, tmp_path) as base_url:
        page.goto(base_url + "bodies/welsh-government/")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.cc-language']
            .map(selector => document.querySelector(selector))
            .filter(element => element && getComputedStyle(element).display !== 'none').length""")
        assert hidden == 0
        # paper gets the computer layout
        assert page.locator("figure.cc-diagram svg.cc-diagram__svg--wide").is_visible()
        after = page.evaluate("""() => getComputedStyle(
            document.querySelector('article a[href^="https://www.gov.wales"]'), '::after').content""")
        assert "https://www.gov.wales/" in after
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
