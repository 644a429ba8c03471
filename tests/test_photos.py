"""Photos: no metadata survives anywhere, guards hold, the cache spares re-encoding."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from PIL import Image

import photo_fixtures
from conftest import NOMINEE
from generator.media import photos
from generator.cli import main

NOW = "2024-09-24T12:00:00+08:00"


def test_render_drops_every_canary_and_applies_orientation():
    for name, data in (("a.jpg", photo_fixtures.jpeg_with_canaries()), ("b.png", photo_fixtures.png_with_canaries())):
        present = [c for c in photo_fixtures.CANARIES if c.encode() in data]
        assert len(present) == (5 if name == "a.jpg" else 2), name  # the fixtures really carry canaries
        rendered, files = photos.render(data, name)
        assert (rendered.width, rendered.height) == (300, 400)  # portrait: EXIF orientation applied
        for path, blob in files.items():
            assert not [c for c in photo_fixtures.CANARIES if c.encode() in blob], path
            im = Image.open(io.BytesIO(blob))
            assert not im.info.get("exif") and not im.info.get("comment") and not im.info.get("xmp"), path
            assert not im.getexif(), path
            assert not getattr(im, "applist", None) or all(m not in ("APP1", "APP13") for m, _ in im.applist), path
        assert {v.mime for v in rendered.variants} == {"image/webp", "image/jpeg"}


def test_widths_and_srcset():
    rendered, files = photos.render(_jpeg(photo_fixtures.portrait(1200, 1600)), "big.jpg")
    assert [v.width for v in rendered.variants if v.mime == "image/webp"] == [320, 640, 960]
    assert rendered.largest().height == 1280
    srcset = rendered.srcset("image/webp", lambda p: "/" + p)
    assert srcset.count("w, ") == 2 and srcset.endswith("-960.webp 960w")
    assert all(len(files[v.path]) == v.length for v in rendered.variants)


def _jpeg(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "JPEG")
    return out.getvalue()


def test_cache_spares_reencoding_and_survives_corruption(tmp_path, caplog):
    src = tmp_path / "p.jpg"
    src.write_bytes(photo_fixtures.jpeg_with_canaries())
    cache = photos.PhotoCache(tmp_path / "cache")
    first = photos.Stats()
    rendered, files = photos.process({"p": src}, cache, workers=1, stats=first)
    assert (first.encoded, first.cached) == (1, 0)
    again = photos.Stats()
    assert photos.process({"p": src}, cache, workers=1, stats=again) == (rendered, files)
    assert (again.encoded, again.cached) == (0, 1)
    original = {path: blob.read() for path, blob in files.items()}
    victim = next(p for p in (tmp_path / "cache").iterdir() if p.suffix == ".webp")
    victim.write_bytes(b"garbage")
    healed = photos.Stats()
    with caplog.at_level(logging.WARNING, logger="gongshi.photos"):
        assert photos.process({"p": src}, cache, workers=1, stats=healed)[1] == files
    assert (healed.encoded, healed.cached) == (1, 0)
    assert "is damaged" in caplog.text and "encoding the photo again" in caplog.text
    assert {path: blob.read() for path, blob in files.items()} == original
    # damaged without changing its size: found when the file is read, and made again
    caplog.clear()
    victim.write_bytes(bytes(len(original[f"photos/{victim.name}"])))
    again = photos.Stats()
    with caplog.at_level(logging.WARNING, logger="gongshi.photos"):
        [blob] = [b for b in photos.process({"p": src}, cache, workers=1, stats=again)[1].values()
                  if b.file == victim]
        assert (again.encoded, again.cached) == (0, 1)
        assert blob.read() == original[f"photos/{victim.name}"] == victim.read_bytes()
    assert "is damaged" in caplog.text and "encoding the photo again" in caplog.text


def test_both_cores_give_the_same_bytes(tmp_path):
    sources = {}
    for i in range(4):
        sources[f"p{i}"] = tmp_path / f"p{i}.jpg"
        sources[f"p{i}"].write_bytes(_jpeg(photo_fixtures.portrait(500 + i, 700, (100 + 30 * i, 90, 80))))
    serial = photos.process(sources, photos.PhotoCache(tmp_path / "a"), workers=1)
    parallel = photos.process(sources, photos.PhotoCache(tmp_path / "b"), workers=2)
    assert serial[0] == parallel[0]
    assert {p: b.read() for p, b in serial[1].items()} == {p: b.read() for p, b in parallel[1].items()}


def _canary_site(site) -> Path:
    site.write("notices/photos/zhang-san.jpg", photo_fixtures.jpeg_with_canaries())
    site.write("content/figures/photos/zhang-san.png", photo_fixtures.png_with_canaries())
    site.write("content/figures/zhang-san.md", "---\nname: 张三\nphoto: photos/zhang-san.png\nphoto_alt: 张三的肖像\n"
               "nominees: [test-notice/zhang-san]\n---\n\n## 故事\n\n长篇事迹。\n")
    site.write("content/stories/index.md", "# 报道\n")
    site.write("content/stories/.authors.yml", "authors:\n  press:\n    name: 宣传部\n    description: 宣传\n    avatar: x.svg\n")
    site.write("content/stories/covers/cover.jpg", photo_fixtures.jpeg_with_canaries(orientation=1))
    site.write("content/stories/posts/one.md", "---\ndate: 2024-09-24\ntitle: 报道一\ndescription: 摘要。\n"
               "authors: [press]\nslug: story-one\ncover: ../covers/cover.jpg\ncover_alt: 封面\n"
               "figures: [zhang-san]\nnotices: [test-notice]\n---\n\n正文。\n")
    config = site.make(nominees=NOMINEE.replace(
        "      brief_deeds", "      photo: photos/zhang-san.jpg\n      photo_alt: 张三在车间\n"
                          "      figure: zhang-san\n      brief_deeds"))
    text = config.read_text().replace("  - gongshi:", "  - blog:\n      blog_dir: stories\n      post_url_format: "
                                      "\"{slug}\"\n      post_excerpt: optional\n  - gongshi:")
    config.write_text(text)
    return config


def test_no_canary_in_any_built_file(site, tmp_path):
    config = _canary_site(site)
    out = tmp_path / "public"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])
    assert result.exit_code == 0, result.output
    files = [p for p in out.rglob("*") if p.is_file()]
    images = [p for p in files if p.suffix in (".jpg", ".webp", ".png")]
    # nominee and figure photos are 300 px wide (one width each), the cover 400 px (320 and 400); WebP + JPEG
    assert len([p for p in images if p.parent.name == "photos"]) == 8
    leaks = [(p.name, c) for p in files for c in photo_fixtures.CANARIES if c.encode() in p.read_bytes()]
    assert leaks == []
    assert not (out / "figures/photos").exists() and not (out / "stories/covers").exists()  # originals not copied
    page = BeautifulSoup((out / "notices/test-notice/zhang-san/index.html").read_text(), "html.parser")
    img = page.select_one(".gs-portrait img")
    assert img["alt"] == "张三在车间" and img["width"] and img["height"]
    assert img["srcset"].endswith(" 300w") and img["src"].endswith("-300.jpg")
    assert page.select_one(".gs-portrait source")["type"] == "image/webp"
    notice = BeautifulSoup((out / "notices/test-notice/index.html").read_text(), "html.parser")
    assert notice.select_one(".gs-thumb img")["loading"] == "lazy"


@pytest.mark.parametrize("name, data", [("bomb.png", photo_fixtures.bomb()), ("cut.jpg", photo_fixtures.truncated())])
def test_bad_figure_photo_fails_check_with_its_name(site, name, data):
    site.write(f"content/figures/{name}", data)
    site.write("content/figures/zhang-san.md", f"---\nname: 张三\nphoto: {name}\nphoto_alt: 肖像\n---\n正文\n")
    result = CliRunner().invoke(main, ["check", "-f", str(site.make())])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"content/figures/zhang-san.md:3: photo: content/figures/{name}: ")


def test_a_photo_rewritten_at_once_with_the_same_size_gets_a_new_key(tmp_path):
    """Photo files are hashed once per build; the next build hashes them again, however soon it runs."""
    src = tmp_path / "p.jpg"
    first = _jpeg(photo_fixtures.portrait(400, 500, (200, 90, 80)))
    second = _jpeg(photo_fixtures.portrait(400, 500, (90, 200, 80)))
    second = second[:len(first)] if len(second) >= len(first) else second + b"\0" * (len(first) - len(second))
    src.write_bytes(first)
    key = photos.source_key(src)
    assert key == photos.cache_key(first)
    src.write_bytes(second)
    photos.forget_sources()  # what load_site does first
    assert photos.source_key(src) == photos.cache_key(second) != key
