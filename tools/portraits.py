"""Generated portraits for the demo site and the photo benchmark (no real person, nothing downloaded).

    .venv/bin/python tools/portraits.py OUT_DIR NAME [NAME ...]           # portraits, 900×1200 JPEG
    .venv/bin/python tools/portraits.py --cover OUT_DIR NAME [NAME ...]   # story covers, 1600×900

Each portrait is a flat illustration (background, shoulders, head, hair) whose
colours and proportions derive from the name, so the demo is reproducible.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SKIN = [(241, 204, 178), (224, 180, 150), (198, 150, 120), (236, 196, 164)]
HAIR = [(30, 26, 24), (52, 40, 34), (70, 60, 55), (20, 20, 28)]
CLOTHES = [(31, 78, 121), (120, 40, 40), (46, 104, 74), (90, 90, 100), (170, 120, 40), (60, 60, 120)]
BACKGROUND = [(214, 226, 236), (232, 222, 208), (220, 232, 220), (230, 228, 238)]


def portrait(name: str, width: int = 900, height: int = 1200) -> Image.Image:
    h = hashlib.sha256(name.encode()).digest()
    bg, skin, hair, cloth = BACKGROUND[h[0] % 4], SKIN[h[1] % 4], HAIR[h[2] % 4], CLOTHES[h[3] % 6]
    im = Image.new("RGB", (width, height), bg)
    d = ImageDraw.Draw(im)
    for y in range(height):  # soft vertical gradient
        shade = int(18 * y / height)
        d.line([(0, y), (width, y)], fill=tuple(max(0, c - shade) for c in bg))
    cx = width // 2 + (h[4] % 21 - 10) * width // 400
    head_w, head_h = width * (30 + h[5] % 6) // 100, height * (30 + h[6] % 5) // 100
    top = height * 18 // 100
    d.ellipse([cx - width * 45 // 100, height * 58 // 100, cx + width * 45 // 100, height * 130 // 100], fill=cloth)
    d.rectangle([cx - head_w // 6, top + head_h * 8 // 10, cx + head_w // 6, height * 62 // 100], fill=skin)
    d.ellipse([cx - head_w // 2 - width // 40, top - height // 40, cx + head_w // 2 + width // 40,
               top + head_h * 6 // 10], fill=hair)
    d.ellipse([cx - head_w // 2, top, cx + head_w // 2, top + head_h], fill=skin)
    if h[7] % 2:  # longer hair
        d.rectangle([cx - head_w // 2 - width // 40, top + head_h // 4, cx - head_w // 2 + width // 60,
                     top + head_h * 11 // 10], fill=hair)
        d.rectangle([cx + head_w // 2 - width // 60, top + head_h // 4, cx + head_w // 2 + width // 40,
                     top + head_h * 11 // 10], fill=hair)
    eye_y = top + head_h * 52 // 100
    for dx in (-head_w // 5, head_w // 5):
        d.ellipse([cx + dx - width // 90, eye_y - width // 90, cx + dx + width // 90, eye_y + width // 90],
                  fill=(40, 35, 35))
    d.arc([cx - head_w // 6, top + head_h * 62 // 100, cx + head_w // 6, top + head_h * 78 // 100], 20, 160,
          fill=(150, 80, 70), width=max(2, width // 200))
    return im.filter(ImageFilter.SMOOTH)


def cover(name: str, width: int = 1600, height: int = 900) -> Image.Image:
    """A flat landscape illustration for a story cover (sky, hills, a building, a sun)."""
    h = hashlib.sha256(name.encode()).digest()
    sky = [(120, 160, 210), (240, 190, 140), (40, 50, 90), (150, 200, 190)][h[0] % 4]
    im = Image.new("RGB", (width, height), sky)
    d = ImageDraw.Draw(im)
    for y in range(height):
        d.line([(0, y), (width, y)], fill=tuple(min(255, c + int(60 * y / height)) for c in sky))
    d.ellipse([width * (10 + h[1] % 60) // 100, height // 8, width * (10 + h[1] % 60) // 100 + height // 5,
               height // 8 + height // 5], fill=(250, 230, 170))
    for i, shade in enumerate(((70, 110, 80), (50, 90, 60))):
        base = height * (55 + 12 * i) // 100
        points = [(0, height)] + [(x, base - int((h[(x // 97 + i) % 32] / 255) * height // 6))
                                  for x in range(0, width + 100, width // 12)] + [(width, height)]
        d.polygon(points, fill=shade)
    bx = width * (30 + h[2] % 40) // 100
    d.rectangle([bx, height * 40 // 100, bx + width // 8, height * 75 // 100], fill=(90, 90, 100))
    for row in range(5):
        for col in range(3):
            d.rectangle([bx + 20 + col * width // 30, height * 44 // 100 + row * height // 16,
                         bx + 20 + col * width // 30 + width // 60, height * 44 // 100 + row * height // 16 + height // 40],
                        fill=(250, 220, 120) if (h[3 + row] >> col) & 1 else (60, 60, 70))
    return im.filter(ImageFilter.SMOOTH)


def main(argv: list[str]) -> None:
    kind = argv[0] if argv and argv[0] in ("--cover", "--portrait") else "--portrait"
    args = argv[1:] if argv and argv[0] == kind else argv
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    for name in args[1:]:
        image = cover(name) if kind == "--cover" else portrait(name)
        image.save(out / f"{name}.jpg", "JPEG", quality=85)


if __name__ == "__main__":
    main(sys.argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
