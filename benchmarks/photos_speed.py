"""Photo pipeline benchmark: N portraits of 3000×4000 pixels, cold and warm.

    .venv/bin/python benchmarks/photos_speed.py [N] [--workers 2]

Prints the cold processing time and images per second on the given number of
processes, and a warm rebuild (same photos, same cache) with the number of
images re-encoded (must be 0).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from PIL import Image, ImageDraw  # noqa: E402

from generator.media import photos  # noqa: E402
from portraits import portrait  # noqa: E402

_BASE: Image.Image | None = None


def _make(args: tuple[int, str]) -> None:
    global _BASE
    i, folder = args
    if _BASE is None:
        _BASE = portrait("benchmark", 3000, 4000)
    im = _BASE.copy()
    ImageDraw.Draw(im).rectangle([40 + i % 50 * 20, 40, 200 + i % 50 * 20, 200], fill=(i % 256, 80, 160))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=88)
    (Path(folder) / f"p{i:04d}.jpg").write_bytes(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        started = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            list(pool.map(_make, [(i, str(src)) for i in range(args.count)], chunksize=8))
        print(f"made {args.count} portraits of 3000×4000 in {time.perf_counter() - started:.1f} s")
        sources = {p.name: p for p in sorted(src.iterdir())}
        cache = photos.PhotoCache(Path(tmp) / "cache")
        cold = photos.Stats()
        started = time.perf_counter()
        _, files = photos.process(sources, cache, workers=args.workers, stats=cold)
        cold_s = time.perf_counter() - started
        warm = photos.Stats()
        started = time.perf_counter()
        photos.process(sources, cache, workers=args.workers, stats=warm)
        warm_s = time.perf_counter() - started
        print(f"cold: {cold.encoded} photos encoded in {cold_s:.1f} s on {args.workers} processes = "
              f"{cold.encoded / cold_s:.1f} images/s ({len(files)} files written)")
        print(f"warm: {warm.encoded} re-encoded, {warm.cached} from cache, in {warm_s:.1f} s")


if __name__ == "__main__":
    main()
