"""Photos: checked, re-encoded from pixels (no metadata survives), resized, cached.

One image policy for `check`, the engine and the audit: an image is either a photo the build decodes and
re-encodes (:data:`PHOTO_SUFFIXES`: JPEG under every name a camera or Windows gives it, PNG, WebP) or it is
refused (:func:`image_problem`: TIFF, HEIC, GIF, BMP … carry the camera's metadata, GPS included, and are
never published as they are). :data:`IMAGE_SUFFIXES` names every image type, :func:`is_image` also tells one
by its first bytes; the audit reads the metadata of all of them.

* Only JPEG, PNG and WebP are opened (``Image.open(..., formats=...)``).
* A decompression-bomb limit far below Pillow's default, with its warning
  turned into an error; truncated and corrupt files are errors naming the file.
* Orientation is applied (EXIF orientation), then the pixels are copied into a
  brand-new image: EXIF (GPS included), XMP, IPTC, ICC, JPEG comments and PNG
  text chunks are never carried over. Outputs are WebP plus a JPEG fallback
  at a few widths, for ``srcset``.
* Large JPEGs are decoded at reduced scale (``Image.draft``).
* Derived images are cached by the source's content hash and the encoding
  parameters, so an unchanged photo is never re-encoded; a corrupt cache
  entry is a warning and is rebuilt. Independent photos use all cores.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from generator.base.cache import atomic_write
from generator.base.i18n import _

log = logging.getLogger("gongshi.photos")

FORMATS = ("JPEG", "PNG", "WEBP")
#: file names of the photos the build decodes and re-encodes: JPEG (also as Windows and cameras name it:
#: .jfif, .jpe), PNG and WebP. A referenced photo must have one of them; the originals are never published.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp")
#: every image type a camera, a phone, a scanner or an office program saves, by the end of its file name
#: (lower case)
IMAGE_SUFFIXES = frozenset(PHOTO_SUFFIXES) | {
    ".jif", ".jfi", ".pjpeg", ".pjp", ".apng", ".gif", ".bmp", ".dib", ".tif", ".tiff", ".heic", ".heif", ".hif",
    ".avif", ".jxl", ".jp2", ".j2k", ".jpf", ".jpx", ".jpm", ".ico", ".cur", ".psd", ".dng", ".cr2", ".cr3",
    ".nef", ".arw", ".orf", ".rw2", ".raf", ".srw", ".pef", ".pcx", ".tga", ".ppm", ".pgm", ".pbm", ".pnm",
    ".xbm", ".xpm", ".emf", ".wmf", ".wbmp", ".qoi"}  # not SVG: it is markup, read as text
#: the first bytes of image files, whatever their name (ISO media files: the brands after ``ftyp``)
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"8BPS",
               b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n", b"\x00\x00\x00\x0cjP  \r\n\x87\n")
_ISO_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1", b"avif",
               b"avis", b"crx ")
#: 40 megapixels: a 6000×6000 camera photo fits, a bomb does not (Pillow's default is ~89 MP)
MAX_PIXELS = 40_000_000
WIDTHS = (320, 640, 960)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
#: bump when the encoding changes, so old cache entries are not reused
PIPELINE_VERSION = "3"


class PhotoError(Exception):
    """A photo that cannot be used: its name, and why and how to fix it (``reason``)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name, reason)
        self.name, self.reason = name, reason

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class Variant:
    path: str  # relative output path, e.g. photos/ab12…-640.webp
    width: int
    height: int
    mime: str
    length: int  # bytes


@dataclass(frozen=True)
class Rendered:
    """The derived images of one photo (largest last) and their bytes."""

    key: str
    variants: tuple[Variant, ...]
    width: int
    height: int

    def srcset(self, mime: str, url) -> str:
        return ", ".join(f"{url(v.path)} {v.width}w" for v in self.variants if v.mime == mime)

    def largest(self, mime: str = "image/jpeg") -> Variant:
        return [v for v in self.variants if v.mime == mime][-1]


def is_image(name: str, data: bytes = b"") -> bool:
    """Whether a file is an image, by the end of its name or by its first bytes."""
    if name.lower().endswith(tuple(IMAGE_SUFFIXES)):
        return True
    head = data[:16]
    return (head.startswith(_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
            or (head[4:8] == b"ftyp" and head[8:12] in _ISO_BRANDS))


def image_problem(path: str) -> str | None:
    """Why an image (found under ``content/`` or referenced) cannot be used, or None for a JPEG, PNG or WebP
    photo and for a file that is not an image (by the end of its name)."""
    if not is_image(path) or path.lower().endswith(PHOTO_SUFFIXES):
        return None
    return _("a {suffix} image is never published as it is (it may carry the camera's metadata, GPS included), "
             "and the build re-encodes only JPEG, PNG and WebP photos; save it as JPEG and use that file, or "
             "remove it").format(suffix=path[path.rfind("."):].lower())


def _open(data: bytes, name: str) -> Image.Image:
    """Decode with every guard on; any failure is a PhotoError naming the file."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        try:
            im = Image.open(io.BytesIO(data), formats=FORMATS)
            if im.width * im.height > MAX_PIXELS:
                raise PhotoError(name, _("{width}×{height} pixels is over the limit of {limit} megapixels; "
                                         "resize it before adding it").format(
                    width=im.width, height=im.height, limit=MAX_PIXELS // 1_000_000))
            if im.format == "JPEG":
                im.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))  # decode at the smallest scale still ≥ 960 px
            im.load()
            return im
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise PhotoError(name, _("too many pixels (decompression bomb?); use a normal photo")) from e
        except UnidentifiedImageError as e:
            raise PhotoError(name, _("not a JPEG, PNG or WebP image (or the file is damaged)")) from e
        except (OSError, SyntaxError, ValueError) as e:
            raise PhotoError(name, _("the image is truncated or corrupt ({error}); export it again").format(
                error=e)) from e
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def check(data: bytes, name: str, cache: PhotoCache | None = None) -> str | None:
    """Problem with a photo's bytes, or None (used by `gongshi check`).

    A photo already in ``cache`` was decoded with the same guards when it was encoded, so it is not
    decoded again."""
    if cache is not None and cache.has(cache_key(data)):
        return None
    try:
        _open(data, name)
    except PhotoError as e:
        return e.reason
    return None


def _clean_pixels(im: Image.Image) -> Image.Image:
    """Orientation applied, then only the pixels, in a new image without any metadata."""
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        im = Image.new("RGB", im.size, (255, 255, 255))
        im.paste(rgba, mask=rgba.getchannel("A"))
    else:
        im = im.convert("RGB")
    clean = Image.new("RGB", im.size)
    clean.frombytes(im.tobytes())
    return clean


def source_key(path: Path) -> str:
    """:func:`cache_key` of a photo file, read and hashed once for each version of the file between two
    :func:`forget_sources` (a build checks its photos, then renders them)."""
    st = path.stat()
    return _source_key(str(path), st.st_size, st.st_mtime_ns, st.st_ino)


@functools.lru_cache(maxsize=None)
def _source_key(path: str, size: int, mtime_ns: int, inode: int) -> str:
    return cache_key(Path(path).read_bytes())


def forget_sources() -> None:
    """Hash photo files again from now on (each build starts so: a file rewritten within the file system's
    time resolution, with the same size, would otherwise keep its old key)."""
    _source_key.cache_clear()


def check_file(path: Path, name: str, cache: PhotoCache) -> str | None:
    """:func:`check` of a photo file, which is not read again when it is in ``cache``."""
    return None if cache.has(source_key(path)) else check(path.read_bytes(), name)


def cache_key(data: bytes) -> str:
    params = f"{PIPELINE_VERSION}|{WIDTHS}|{WEBP_QUALITY}|{JPEG_QUALITY}|{MAX_PIXELS}".encode()
    return hashlib.sha256(data + b"\0" + params).hexdigest()[:24]


def render(data: bytes, name: str) -> tuple[Rendered, dict[str, bytes]]:
    """Encode every variant of one photo (pure: bytes in, bytes out)."""
    im = _clean_pixels(_open(data, name))
    key = cache_key(data)
    files: dict[str, bytes] = {}
    variants: list[Variant] = []
    widths = sorted({w for w in WIDTHS if w < im.width} | {min(im.width, WIDTHS[-1])}, reverse=True)
    source = im
    for width in widths:  # largest first, each resized from the previous one: fast and still sharp
        height = round(im.height * width / im.width)
        if width != source.width:
            source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt, mime, ext, options in (("WEBP", "image/webp", "webp", {"quality": WEBP_QUALITY, "method": 4}),
                                        ("JPEG", "image/jpeg", "jpg", {"quality": JPEG_QUALITY, "optimize": True,
                                                                        "progressive": True})):
            out = io.BytesIO()
            source.save(out, fmt, **options)  # a fresh image: no exif, icc_profile, comment or xmp to keep
            path = f"photos/{key}-{width}.{ext}"
            files[path] = out.getvalue()
            variants.append(Variant(path, width, height, mime, len(files[path])))
    variants.sort(key=lambda v: (v.width, v.mime))
    return Rendered(key, tuple(variants), widths[0], variants[-1].height), files


@dataclass(frozen=True)
class Blob:
    """A derived image kept in the photo cache, read only when a build writes it: a quick build that finds
    it already published never does. A file found damaged then is encoded again from its photo."""

    file: Path  # in the cache
    sha256: str
    source: Path  # the photo it is made from

    def read(self) -> bytes:
        data = self.file.read_bytes()
        if hashlib.sha256(data).hexdigest() == self.sha256:
            return data
        log.warning(_("photo cache file {file} is damaged; encoding the photo again").format(file=self.file.name))
        rendered, files = render(self.source.read_bytes(), str(self.source))
        PhotoCache(self.file.parent).put(rendered, files, self.source)
        return files[f"photos/{self.file.name}"]


class PhotoCache:
    """Derived images on disk, by cache key: ``<key>.json`` plus the image files."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory

    def has(self, key: str) -> bool:
        return (self.dir / f"{key}.json").is_file()

    def get(self, key: str, source: Path) -> tuple[Rendered, dict[str, Blob]] | None:
        """The entry of ``key``, made from ``source``; its files are checked by size here, by checksum when
        they are read."""
        manifest = self.dir / f"{key}.json"
        if not manifest.exists():
            return None
        try:
            meta = json.loads(manifest.read_text())
            variants = tuple(Variant(**v) for v in meta["variants"])
            files = {}
            for v in variants:
                file = self.dir / Path(v.path).name
                if file.stat().st_size != v.length:
                    raise ValueError(_("{path} is not the size it was written with").format(path=v.path))
                files[v.path] = Blob(file, meta["sha256"][v.path], source)
            return Rendered(key, variants, meta["width"], meta["height"]), files
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning(_("photo cache entry {key} is damaged ({error}); encoding the photo again").format(
                key=key, error=e))
            return None

    def put(self, rendered: Rendered, files: dict[str, bytes], source: Path) -> dict[str, Blob]:
        """Keep a photo's derived images (made from ``source``); return them as kept."""
        self.dir.mkdir(parents=True, exist_ok=True)
        kept = {}
        for path, blob in files.items():
            atomic_write(self.dir / Path(path).name, blob)
            kept[path] = Blob(self.dir / Path(path).name, hashlib.sha256(blob).hexdigest(), source)
        meta = {"width": rendered.width, "height": rendered.height,
                "variants": [v.__dict__ for v in rendered.variants],
                "sha256": {p: blob.sha256 for p, blob in kept.items()}}
        atomic_write(self.dir / f"{rendered.key}.json", json.dumps(meta, sort_keys=True).encode())
        return kept


def _render_job(job: tuple[bytes, str]) -> tuple[Rendered, dict[str, bytes]]:
    return render(*job)


@dataclass
class Stats:
    encoded: int = 0
    cached: int = 0


def process(sources: dict[str, Path], cache: PhotoCache, workers: int | None = None,
            stats: Stats | None = None) -> tuple[dict[str, Rendered], dict[str, Blob]]:
    """Render many photos (by a name of the caller's choice), cached, on all cores; their files are those
    in the cache."""
    stats = stats if stats is not None else Stats()
    rendered: dict[str, Rendered] = {}
    files: dict[str, Blob] = {}
    todo: dict[str, tuple[bytes, str]] = {}
    for name, path in sorted(sources.items()):
        hit = cache.get(source_key(path), path)
        if hit is not None:
            rendered[name], more = hit
            files.update(more)
            stats.cached += 1
        else:
            todo[name] = (path.read_bytes(), name)
    if todo:
        workers = workers or os.cpu_count() or 1
        names = sorted(todo)
        if workers > 1 and len(names) > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(names))) as pool:
                results = list(pool.map(_render_job, [todo[n] for n in names], chunksize=4))
        else:
            results = [_render_job(todo[n]) for n in names]
        for name, (result, more) in zip(names, results):
            rendered[name] = result
            files.update(cache.put(result, more, sources[name]))
            stats.encoded += 1
    return rendered, files
