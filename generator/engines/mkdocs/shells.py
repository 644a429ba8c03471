"""Stamped pages: thousands of notice and nominee pages share a few page designs, so the engine renders a
shell once per variant (depth of the address, sharing image or not, in the search index or not) and every
page is that shell with its title, description, image, feed links, address and content put in.

Markers are plain words that escaping leaves as they are; the values put in are escaped like everything
else. Also here: the two changes gongshi makes to every page and to the sitemap the engine writes.
"""

from __future__ import annotations

import re

from markupsafe import escape

from generator.site.outputs import PageOut

SHELL_DIR = "-gongshi-shell"
MARK = {"title": "GONGSHISTAMPTITLE", "description": "GONGSHISTAMPDESCRIPTION", "image": "GONGSHISTAMPIMAGE",
        "image_width": "GONGSHISTAMPIMAGEWIDTH", "image_height": "GONGSHISTAMPIMAGEHEIGHT",
        "image_alt": "GONGSHISTAMPIMAGEALT",
        "alternates": "GONGSHISTAMPALTERNATES",
        # with an <h1> so that Material does not add a heading of its own (the content has its h1)
        "content": "<h1>GONGSHISTAMPCONTENT</h1>"}


def shell_uri(page: PageOut) -> str:
    """The shell of a stamped page: same depth, same variant."""
    depth = page.src_uri.count("/")
    variant = ("image" if page.image is not None else "plain") + ("-indexed" if page.searchable else "")
    return f"{SHELL_DIR}-{variant}/" + "d/" * (depth - 1) + "index.md"


def stamp(shell: str, uri: str, page: PageOut) -> str:
    """A stamped page's HTML from its shell's."""
    html = shell.replace(uri.removesuffix("index.md"), page.src_uri.removesuffix("index.md"))
    links = "".join(f'\n  <link rel="alternate" type="{escape(t)}" title="{escape(title)}" href="{escape(href)}">'
                    for title, href, t in page.alternates)
    image = page.image
    for k, value in (("title", escape(page.title)), ("description", escape(page.description)),
                     ("image_width", image.width if image else ""), ("image_height", image.height if image else ""),
                     ("image_alt", escape(image.alt) if image else ""),  # before the image's own mark, its prefix
                     ("image", escape(image.url) if image else ""), ("alternates", links), ("content", page.html)):
        html = html.replace(MARK[k], str(value))
    return html


def zh_cn(html: str) -> str:
    """Material writes lang="zh"; the site is Simplified Chinese of the mainland."""
    return html.replace('<html lang="zh"', '<html lang="zh-CN"', 1)


def sitemap(xml: str, stamped_urls: list[str]) -> str:
    """The sitemap without the shells and with every stamped page, in the order MkDocs uses (sorted). No
    ``<lastmod>``: the engine writes the day of the build there for every page, which says nothing about
    when a page changed and would make every page differ from one day to the next."""
    blocks = re.findall(r"\s*<url>.*?</url>", xml, flags=re.S)
    kept = [re.sub(r"\s*<lastmod>.*?</lastmod>", "", b) for b in blocks if SHELL_DIR not in b]
    kept += [f"\n    <url>\n         <loc>{escape(url)}</loc>\n    </url>" for url in stamped_urls]
    head, _, _ = xml.partition(blocks[0]) if blocks else (xml, "", "")
    return head + "".join(kept) + "\n</urlset>"
