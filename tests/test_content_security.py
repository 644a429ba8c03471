"""What content/ may publish: front matter, authors, categories, files, figure names and the HTML sanitiser."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.sanitize import TAGS, clean_html


def test_image_maps_are_removed_by_the_sanitiser():
    html = '<map name="m"><area shape="rect" coords="0,0,9,9" href="https://evil.example/" alt="x"></map><p>正文</p>'
    cleaned = BeautifulSoup(clean_html(html), "html.parser")
    assert cleaned.find_all(["map", "area"]) == []
    assert cleaned.p.get_text() == "正文"
    assert not {"area", "map"} & TAGS and {"picture", "svg", "p"} <= TAGS
